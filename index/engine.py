"""The search engine: exact substring search over whoosh gram postings, ranked, with facets.

How a query is answered
-----------------------
1. Each term (with its variants: synonyms, ``1000万`` for ``1000万元``, a phone number without
   its area code) is looked up per slot: title ``t``, topics ``k``, source/contacts ``m``, body
   ``b``, notes ``n``, pinyin ``p``.  A term of one or two characters is a gram, so its posting
   list is the exact answer.  A longer term intersects the posting lists of its rarest bigrams
   and every candidate is checked against the stored normalised text (one ``find`` per document
   over all its text slots): recall is exact and there are no false hits.  Frequent phrases
   (成果转化, 高新技术企业 …) have their exact document sets stored at build time instead.
2. Items are also found by the titles of the parts and documents they belong to (slot ``a``,
   the breadcrumb), through the document-number runs of ``tree.json``.
3. Document sets are Python integers used as byte-per-document bit sets ("spread" masks: bit
   ``8 * docnum``).  AND/OR/NOT, filters and facet counts are single big-integer operations, and
   a weighted sum of masks gives every document's coarse score at once (each byte holds one
   document's score; weights stay below 256 so bytes never carry into each other).
4. Only the documents that can still reach the first places get an exact slot and a fine score
   (term frequency against length, exact title, the whole query as one string).
5. If no item matches every word, the words are split into the parts that occur in the index
   (question words removed, synonyms recognised) and searched again: first all parts, then any.

Every loop over many documents runs in C (``map``, ``compress``, ``bytes.count``, big-integer
arithmetic); Python-level loops touch only the few documents shown.  Nothing here imports Qt,
jieba or pypinyin.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import mmap
import operator
import os
import pickle
import re
import struct
import sys
import threading
import zlib
from array import array
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice, repeat
from pathlib import Path
from typing import Any

from index.build import INDEX_NAME, PINYIN_INITIALS, PINYIN_PREFIX, SINGLE_FACETS, SLOTS, TEXT_SLOTS
from index.lexicon import Lexicon
from index.normalize import FIELD_SEP, is_cjk, normalize
from index.pinyin import match_reading
from index.query import ParsedQuery, Term, clean_query, parse, term_variants
from index.results import FACET_KEYS, SearchHit, SearchResult
from index.snippets import make_snippet
from index.store import SearchIndexError

#: Coarse weight of a match in each slot; a term counts once, in its best slot.
SLOT_WEIGHT: Mapping[str, int] = {"t": 12, "k": 8, "p": 7, "m": 5, "a": 4, "b": 3, "n": 1}
# t title, k topics and beneficiaries, p pinyin, m source/issuer/contacts, a the title of a part or
# document the item belongs to (its breadcrumb), b body text, n editor's notes.
_SLOT_ORDER = sorted(SLOT_WEIGHT, key=lambda s: -SLOT_WEIGHT[s])
_TEXT_SLOTS = TEXT_SLOTS
#: Text slots in storage order (= order of weight); see :func:`index.build._write_verify`.
_TEXT_ORDER = TEXT_SLOTS
#: Expands a byte of a packed mask (bit i = document 8k+i) into 8 bytes of a spread mask.
_SPREAD8 = [bytes((v >> i) & 1 for i in range(8)) for v in range(256)]
_SLOT_INDEX = {s: i for i, s in enumerate(SLOTS)}
_NSLOTS = len(SLOTS)
#: Coarse bonus of the kind of unit (measures above parts above documents) and of current texts.
KIND_PRIOR: Mapping[str, int] = {"measure": 2, "part": 1, "document": 0}
CURRENT_STATUS = "现行"
CURRENT_PRIOR = 1
CONTACT_INTENT_PRIOR = 2
#: Largest fine bonus; documents whose coarse score is within this of the k-th best are re-ranked.
FINE_MAX = 6
#: At most this many documents get a fine score (ties beyond it keep document order).
BAND_CAP = 100
_COARSE_BUDGET = 240
_MAGIC = b"W3Bl"
MAX_LIMIT = 1000
_SUGGEST_MAX = 5
#: Facets with at most this many values are counted with one mask per value, others by code.
_FACET_MASK_MAX = 40


def _mask_from_ids(ids: Iterable[int], n: int) -> int:
    ba = bytearray(n)
    deque(map(ba.__setitem__, ids, repeat(1)), maxlen=0)
    return int.from_bytes(ba, "little")


_ONE = re.compile(b"\x01")


@dataclass
class _Group:
    """Evaluation state of one AND-group of the query (one term, or terms joined by OR)."""

    terms: tuple[Term, ...]
    weight: int = 1
    cand: dict[str, list[tuple[str, int, bool]]] = field(default_factory=dict)
    cand_any: int = 0
    masks: dict[str, int] = field(default_factory=dict)
    any: int = 0
    resolved: set[str] = field(default_factory=set)
    #: Slots known exactly (short terms, pinyin); ``masks`` may also hold candidate slots of
    #: verified documents (an upper bound of their best slot) for the ``long`` terms.
    exact: dict[str, int] = field(default_factory=dict)
    long: list[str] = field(default_factory=list)
    containers: int = 0  # parts/documents whose title may contain the term
    phrase: dict[str, int] = field(default_factory=dict)  # exact sets of stored phrases

    @property
    def needles(self) -> list[str]:
        """Every spelling of the group (for highlighting and term counts)."""
        return list(dict.fromkeys(v for t in self.terms for v in t.variants))

    @property
    def search_needles(self) -> list[str]:
        """The spellings to look up: one contained in another adds nothing (1000万 covers 1000万元)."""
        vs = self.needles
        return [v for v in vs if not any(w != v and w in v for w in vs)]

    @property
    def pinyin(self) -> list[str]:
        return [t.pinyin for t in self.terms if t.pinyin]


class _Facets:
    """Per-document facet codes (``facets.bin``) turned into masks on demand."""

    def __init__(self, gen: Path, n: int) -> None:
        spec = json.loads((gen / "facets.json").read_text(encoding="utf-8"))
        if spec.get("doc_count") != n:
            raise SearchIndexError(f"{gen}: facet table does not match the index")
        self.blob = (gen / "facets.bin").read_bytes()
        self.n = n
        self.single: dict[str, list[str]] = {k: list(v["values"]) for k, v in spec["single"].items()}
        self._single_off: dict[str, int] = {k: int(v["offset"]) for k, v in spec["single"].items()}
        self._width: dict[str, int] = {k: int(v.get("width", 1)) for k, v in spec["single"].items()}
        self._codes: dict[str, Sequence[int]] = {}
        self.multi: dict[str, dict[str, int]] = {k: dict(v) for k, v in spec["multi"].items()}
        self.flags: dict[str, int] = dict(spec["flags"])
        self._run_tables: dict[str, tuple[list[str], array[int], array[int]]] = {}
        self._code_ints: dict[str, int | None] = {}
        self.runs: dict[str, dict[str, list[tuple[int, int]]]] = {
            k: {v: [(int(a), int(b)) for a, b in spans] for v, spans in vals.items()}
            for k, vals in spec.get("runs", {}).items()
        }
        self._cache: dict[tuple[str, str], int] = {}

    def code_int(self, name: str) -> int | None:
        """The one-byte value codes of a single-valued facet as one integer (or None if wider)."""
        if name in self._code_ints:
            return self._code_ints[name]
        codes = self.codes(name)
        value = int.from_bytes(codes, "little") if isinstance(codes, bytes) else None
        self._code_ints[name] = value
        return value

    def run_table(self, name: str) -> tuple[list[str], array[int], array[int]] | None:
        """The runs of a facet as parallel lists (value, start, end), for counting with ``map``."""
        runs = self.runs.get(name)
        if runs is None:
            return None
        cached = self._run_tables.get(name)
        if cached is None:
            values: list[str] = []
            starts = array("Q")
            ends = array("Q")
            for value, spans in runs.items():
                for a, b in spans:
                    values.append(value)
                    starts.append(a)
                    ends.append(b)
            cached = (values, starts, ends)
            self._run_tables[name] = cached
        return cached

    def containers(self) -> int:
        """Parts and documents (as a mask)."""
        return self.mask("kind", "part") | self.mask("kind", "document")

    def codes(self, name: str) -> Sequence[int] | None:
        """Per-document value codes of a single-valued facet (0 = none, else index + 1)."""
        cached = self._codes.get(name)
        if cached is not None:
            return cached
        off = self._single_off.get(name, -1)
        if off < 0:
            return None
        width = self._width.get(name, 1)
        if width == 1:
            codes: Sequence[int] = self.blob[off : off + self.n]
        else:
            arr = array("H")
            arr.frombytes(self.blob[off : off + 2 * self.n])
            if sys.byteorder != "little":  # pragma: no cover
                arr.byteswap()
            codes = arr
        self._codes[name] = codes
        return codes

    def values(self, name: str) -> list[str]:
        if name in self.single:
            return self.single[name]
        return sorted(self.multi.get(name, {}))

    def mask(self, name: str, value: str, postings: Any = None) -> int:
        key = (name, value)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        n = self.n
        m = 0
        if name in self.single:
            values = self.single[name]
            codes = self.codes(name)
            if value in values and isinstance(codes, bytes):
                code = values.index(value) + 1
                table = bytes(1 if i == code else 0 for i in range(256))
                m = int.from_bytes(codes.translate(table), "little")
            elif value in values and postings is not None:
                m = postings(name, value)
        elif name in self.multi:
            off = self.multi[name].get(value)
            if off is not None:
                m = int.from_bytes(self.blob[off : off + n], "little")
        elif name in self.flags:
            off = self.flags[name]
            m = int.from_bytes(self.blob[off : off + n], "little")
        self._cache[key] = m
        return m


def _mmap_storage(folder: Path) -> Any:
    """A read-only whoosh ``FileStorage`` whose files are memory-mapped.

    Whoosh 2.7 reads every term lookup and posting block with ``seek`` + ``read`` on a buffered
    file, i.e. a system call each; over a memory map the same calls are memory copies.  The map is
    shared between processes searching the same index and costs no memory until pages are read.
    """
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import StructFile

    class _MappedFile(StructFile):  # type: ignore[misc]
        def get(self, position: int, length: int) -> bytes:
            return bytes(self.file[position : position + length])

    class _MappedStorage(FileStorage):  # type: ignore[misc]
        def open_file(self, name: str, **kwargs: Any) -> Any:
            with open(self._fpath(name), "rb") as f:  # noqa: PTH123 - whoosh's path helper
                if os.fstat(f.fileno()).st_size == 0:
                    return StructFile(io.BytesIO(b""), name=name, **kwargs)
                mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            return _MappedFile(mm, name=name, **kwargs)

    return _MappedStorage(str(folder), readonly=True)


class _Index:
    """One opened generation.  Not thread-safe: :class:`SearchEngine` serialises access."""

    def __init__(self, gen: Path, *, cache_bytes: int = 32 * 1024 * 1024) -> None:
        self._closers: list[Any] = []
        try:
            self._open(gen, cache_bytes)
        except BaseException:
            self.close()  # release what was opened, so a damaged generation can be deleted
            raise

    def _open(self, gen: Path, cache_bytes: int) -> None:
        self.path = gen
        self.ix = _mmap_storage(gen).open_index(INDEX_NAME)
        self._closers.append(self.ix)
        self.reader = self.ix.reader()
        self._closers.insert(0, self.reader)
        self.n: int = self.reader.doc_count_all()
        terms = getattr(self.reader, "_terms", None)
        self._terms = terms
        self._postfile = getattr(terms, "_postfile", None)
        self._vfile = (gen / "verify.bin").open("rb")
        self._closers.append(self._vfile)
        size = (gen / "verify.bin").stat().st_size
        self.vmm: Any = mmap.mmap(self._vfile.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if size:
            self._closers.insert(0, self.vmm)
        self.voff = array("Q")
        self.voff.frombytes((gen / "verify.idx").read_bytes())
        if sys.byteorder != "little":  # pragma: no cover
            self.voff.byteswap()
        if len(self.voff) != self.n * _NSLOTS + 1 or self.voff[-1] != size:
            raise SearchIndexError(f"{gen}: verification table does not match the index")
        # Ready-made masks are read with plain reads (not mapped): they are used once per query
        # and should not stay resident in the searching process.
        self._dfile = (gen / "dense.bin").open("rb")
        self._closers.append(self._dfile)
        self._pfile = (gen / "packed.bin").open("rb")
        self._closers.append(self._pfile)
        dense = json.loads((gen / "dense.json").read_text(encoding="utf-8"))
        if dense.get("doc_count") != self.n:
            raise SearchIndexError(f"{gen}: dense mask table does not match the index")
        self._dense: dict[str, dict[str, int]] = dense.get("masks", {})
        self._packed: dict[str, dict[str, int]] = dense.get("packed", {})
        self._slot_bounds: dict[str, tuple[array[int], array[int]]] = {}
        self._range: list[int] | None = None
        self.facets = _Facets(gen, self.n)
        self.phrases: frozenset[str] = frozenset(json.loads((gen / "phrases.json").read_text(encoding="utf-8")))
        self._tree_path = gen / "tree.json"
        self._tree: dict[int, list[tuple[int, int]]] | None = None
        self.lexicon = Lexicon.from_json((gen / "lexicon.json").read_text(encoding="utf-8"))
        self._vocab: list[dict[str, str]] | None = None
        self._vocab_keys: dict[str, list[int]] | None = None
        self.all = int.from_bytes(b"\x01" * self.n, "little")
        self._masks: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._max_masks = max(64, cache_bytes // max(1, self.n))
        self._df: dict[tuple[str, str], int] = {}

    def close(self) -> None:
        closers, self._closers = self._closers, []
        for obj in closers:
            # A file that cannot be closed cleanly (already gone, still exported) must not keep the
            # others open: they are what blocks deleting a damaged index on Windows.
            with contextlib.suppress(OSError, ValueError, BufferError):
                obj.close()

    def clear_cache(self) -> None:
        """Forget cached posting masks (document frequencies, i.e. term metadata, stay)."""
        self._masks.clear()

    # -- postings -------------------------------------------------------------------------------
    def df(self, slot: str, gram: str) -> int:
        key = (slot, gram)
        v = self._df.get(key)
        if v is None:
            try:
                v = int(self.reader.doc_frequency(slot, gram))
            except (KeyError, ValueError):
                v = 0
            self._df[key] = v
        return v

    def ids(self, fieldname: str, term: str) -> Sequence[int]:
        """Document numbers of a term's posting list, read block by block."""
        from whoosh.reading import TermNotFound

        tb = term.encode("utf-8")
        terms = self._terms
        if terms is None or self._postfile is None:
            return self._ids_generic(fieldname, term)
        try:
            ti = terms.term_info(fieldname, tb)
        except (KeyError, TermNotFound):
            return ()
        if ti.is_inlined():
            return tuple(ti.inlined_postings()[0])
        offset, length = ti.extent()
        if isinstance(length, tuple):  # whoosh 2.7 stores the length as a 1-tuple
            length = length[0]
        buf = self._postfile.get(offset, length)
        if buf[:4] != _MAGIC:
            raise SearchIndexError(f"{self.path}: posting list of {fieldname}:{term!r} is damaged")
        out: list[int] = []
        pos = 4
        bio = io.BytesIO(buf)
        end_all = len(buf)
        while pos < end_all:
            (blen,) = struct.unpack_from("!i", buf, pos)
            pos += 4
            last = blen < 0
            end = pos + abs(blen)
            bio.seek(pos)
            info = pickle.load(bio)
            data = buf[bio.tell() : end]
            if info[3]:
                data = zlib.decompress(data)
            out.extend(accumulate(pickle.loads(data)[0]))
            pos = end
            if last:
                break
        return out

    def _ids_generic(self, fieldname: str, term: str) -> Sequence[int]:  # pragma: no cover - other codecs
        try:
            return list(self.reader.postings(fieldname, term).all_ids())
        except Exception:
            return ()

    def pmask(self, slot: str, gram: str) -> int:
        key = (slot, gram)
        m = self._masks.get(key)
        if m is not None:
            self._masks.move_to_end(key)
            return m
        off = self._dense.get(slot, {}).get(gram)
        poff = self._packed.get(slot, {}).get(gram) if off is None else None
        if off is not None:
            self._dfile.seek(off)
            m = int.from_bytes(self._dfile.read(self.n), "little")
        elif poff is not None:
            self._pfile.seek(poff)
            packed = self._pfile.read((self.n + 7) // 8)
            m = int.from_bytes(b"".join(map(_SPREAD8.__getitem__, packed))[: self.n], "little")
        else:
            m = _mask_from_ids(self.ids(slot, gram), self.n) if self.df(slot, gram) else 0
        self._masks[key] = m
        if len(self._masks) > self._max_masks:
            self._masks.popitem(last=False)
        return m

    def slot_bytes(self, docnum: int, slot: str) -> bytes:
        k = docnum * _NSLOTS + _SLOT_INDEX[slot]
        return bytes(self.vmm[self.voff[k] : self.voff[k + 1]])

    def doc_range(self, docnum: int, slot: str) -> tuple[int, int]:
        k = docnum * _NSLOTS + _SLOT_INDEX[slot]
        return self.voff[k], self.voff[k + 1]

    # -- candidates and verification -------------------------------------------------------------
    def candidates(self, slot: str, needle: str, *, loose: bool = False) -> tuple[int, bool]:
        """Documents whose ``slot`` may contain ``needle``; ``True`` when they certainly do.

        ``loose``: only the rarest bigram (a cheaper, wider superset).
        """
        if len(needle) <= 2:
            return self.pmask(slot, needle), True
        grams = list(dict.fromkeys(needle[i : i + 2] for i in range(len(needle) - 1)))
        dfs = sorted((self.df(slot, g), g) for g in grams)
        if dfs[0][0] == 0:
            return 0, True
        m = self.pmask(slot, dfs[0][1])
        if loose:
            return m, False
        used = 1
        for d, g in dfs[1:]:
            if not m:
                break
            # Reading a long posting list costs more than verifying a few candidates.
            if used >= 2 and m.bit_count() * 24 < d:
                break
            m &= self.pmask(slot, g)
            used += 1
        return m, False

    def bounds(self, slot: str) -> tuple[array[int], array[int]]:
        """Start and end offsets of ``slot`` in the verification store, per document."""
        b = self._slot_bounds.get(slot)
        if b is None:
            si = _SLOT_INDEX[slot]
            b = (self.voff[si::_NSLOTS][: self.n], self.voff[si + 1 :: _NSLOTS][: self.n])
            self._slot_bounds[slot] = b
        return b

    def verify_slots(self, needle: str, cands: Mapping[str, int], done: int = 0) -> dict[str, int]:
        """Check candidates against the stored text: one search per document, all text slots at once.

        The text slots are stored in order of weight, so the first occurrence tells the best slot.
        Documents in ``done`` (already matched in a better way) are skipped.  Every loop over
        documents runs in C (``map``/``compress``).
        """
        n = self.n
        union = 0
        for c in cands.values():
            union |= c
        union &= ~done
        if not union:
            return {}
        ids = self.ids_of(union)
        starts, _ = self.bounds(_TEXT_ORDER[0])
        ends, _ = self.bounds("pf")
        positions = list(map(self.vmm.find, repeat(needle.encode("utf-8")), map(starts.__getitem__, ids),
                             map(ends.__getitem__, ids)))
        found = list(map((-1).__lt__, positions))
        hits = list(compress(ids, found))
        pos = list(compress(positions, found))
        out: dict[str, int] = {}
        for slot in _TEXT_ORDER:
            if not hits:
                break
            _, slot_end = self.bounds(slot)
            inside = list(map(operator.lt, pos, map(slot_end.__getitem__, hits)))
            here = list(compress(hits, inside))
            if here:
                out[slot] = _mask_from_ids(here, n)
                outside = list(map(operator.not_, inside))
                hits = list(compress(hits, outside))
                pos = list(compress(pos, outside))
        return out

    def verify_any(self, needle: str, cand: int) -> int:
        """The candidates that contain ``needle`` in any text slot: one search per document."""
        if not cand:
            return 0
        ids = self.ids_of(cand)
        starts, _ = self.bounds(_TEXT_ORDER[0])
        ends, _ = self.bounds("pf")
        found = map(self.vmm.find, repeat(needle.encode("utf-8")), map(starts.__getitem__, ids),
                    map(ends.__getitem__, ids))
        return _mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)

    def verify_slot(self, slot: str, needle: str, cand: int) -> int:
        """The candidates whose ``slot`` contains ``needle``."""
        if not cand:
            return 0
        ids = self.ids_of(cand)
        starts, ends = self.bounds(slot)
        found = map(self.vmm.find, repeat(needle.encode("utf-8")), map(starts.__getitem__, ids),
                    map(ends.__getitem__, ids))
        return _mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)

    def best_slot(self, d: int, needle: bytes) -> str | None:
        """The best text slot of document ``d`` that contains ``needle``."""
        starts, _ = self.bounds(_TEXT_ORDER[0])
        ends, _ = self.bounds("pf")
        pos = self.vmm.find(needle, starts[d], ends[d])
        if pos < 0:
            return None
        for slot in _TEXT_ORDER:
            if pos < self.bounds(slot)[1][d]:
                return slot
        return None  # pragma: no cover - the position lies in some slot

    def descendants(self, containers: int) -> int:
        """Everything inside the given parts and documents (a mask), from ``tree.json``."""
        if not containers:
            return 0
        if self._tree is None:
            data = json.loads(self._tree_path.read_text(encoding="utf-8"))
            if data.get("doc_count") != self.n:
                raise SearchIndexError(f"{self.path}: tree table does not match the index")
            self._tree = {int(k): [(int(a), int(b)) for a, b in v] for k, v in data["ranges"].items()}
        ba = bytearray(self.n)
        for c in self.ids_of(containers):
            for a, b in self._tree.get(c, ()):
                ba[a:b] = b"\x01" * (b - a)
        return int.from_bytes(ba, "little")

    def ids_of(self, mask: int) -> list[int]:
        """Document numbers of a mask."""
        if not mask:
            return []
        n = self.n
        buf = mask.to_bytes(n, "little")
        if mask.bit_count() * 48 < n:  # sparse: let the regex engine skip the zero bytes
            return [m.start() for m in _ONE.finditer(buf)]
        if self._range is None:
            self._range = list(range(n))
        return list(compress(self._range, buf))

    def pinyin_mask(self, q: str) -> int:
        """Documents whose title, topics or contact names read as ``q`` (full pinyin or initials).

        Full pinyin from a syllable start up to :data:`PINYIN_PREFIX` letters and initials of 3 to
        :data:`PINYIN_INITIALS` letters are grams of the index, so the common cases are one exact
        lookup; longer input is narrowed down by grams and checked against the stored readings.
        """
        if len(q) < 2:
            return 0
        if len(q) <= PINYIN_PREFIX:
            full = self.pmask("pf", q)
        else:
            cand = self.pmask("pf", q[:PINYIN_PREFIX])
            full = self._check_readings(q, cand) if cand else 0
        initials = 0
        if 3 <= len(q) <= PINYIN_INITIALS:
            initials = self.pmask("pi", q)
        elif len(q) > PINYIN_INITIALS:
            cand = self.all
            for i in range(0, len(q) - PINYIN_INITIALS + 1, 2):
                cand &= self.pmask("pi", q[i : i + PINYIN_INITIALS])
                if not cand:
                    break
            if cand:
                starts, ends = self.bounds("pi")
                ids = self.ids_of(cand)
                found = map(self.vmm.find, repeat(q.encode("ascii")), map(starts.__getitem__, ids),
                            map(ends.__getitem__, ids))
                initials = _mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)
        return full | initials

    def _check_readings(self, q: str, cand: int) -> int:
        return _mask_from_ids([d for d in self.ids_of(cand) if self.resolve_pinyin(d, q)], self.n)

    def resolve_pinyin(self, d: int, q: str) -> list[str]:
        """The Chinese that ``q`` stands for in document ``d`` (``jbgs`` -> ``揭榜挂帅``)."""
        out: list[str] = []
        for line in self.slot_bytes(d, "pf").decode("utf-8").split(FIELD_SEP):
            src, _, syl = line.partition("\t")
            if not syl:
                continue
            span = match_reading(q, src, syl.split(" "))
            if span is not None:
                out.append(src[span[0] : span[1]])
        return out

    def occurs(self, s: str) -> bool:
        """Whether ``s`` occurs in any slot of any document (early exit)."""
        if not s:
            return False
        if len(s) <= 2:
            return any(self.df(slot, s) for slot in _TEXT_SLOTS)
        grams = list(dict.fromkeys(s[i : i + 2] for i in range(len(s) - 1)))
        sb = s.encode("utf-8")
        for slot in _TEXT_SLOTS:
            dfs = sorted((self.df(slot, g), g) for g in grams)
            if dfs[0][0] == 0:
                continue
            for tried, d in enumerate(self.ids(slot, dfs[0][1])):
                if tried > 5000:
                    break
                a, b = self.doc_range(d, slot)
                if self.vmm.find(sb, a, b) >= 0:
                    return True
        return False

    # -- vocabulary ------------------------------------------------------------------------------
    def vocabulary(self) -> list[dict[str, str]]:
        if self._vocab is None:
            try:
                data = json.loads((self.path / "vocab.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = []
            self._vocab = [x for x in data if isinstance(x, dict) and isinstance(x.get("n"), str)]
        return self._vocab

    def similar_candidates(self, word: str) -> list[int]:
        """Vocabulary entries sharing a character bigram (or, for pinyin, a letter trigram) with ``word``."""
        if self._vocab_keys is None:
            keys: dict[str, list[int]] = {}
            for i, e in enumerate(self.vocabulary()):
                grams = {e["n"][j : j + 2] for j in range(len(e["n"]) - 1)}
                for k in (e.get("py", ""), e.get("ini", "")):
                    grams.update("#" + k[j : j + 3] for j in range(len(k) - 2))
                for g in grams:
                    keys.setdefault(g, []).append(i)
            self._vocab_keys = keys
        if word.isascii() and word.isalpha():
            grams = {"#" + word[j : j + 3] for j in range(len(word) - 2)}
        else:
            grams = {word[j : j + 2] for j in range(len(word) - 1)}
        out: set[int] = set()
        for g in grams:
            out.update(self._vocab_keys.get(g, ()))
        return sorted(out)


class SearchEngine:
    """Searches one index generation.  Safe to share between threads (calls are serialised).

    Create with :func:`index.api.open_engine`.
    """

    def __init__(self, gen: Path) -> None:
        self._lock = threading.RLock()
        try:
            self._ix: _Index | None = _Index(gen)
        except SearchIndexError:
            raise
        except Exception as exc:
            raise SearchIndexError(f"{gen}: the search index cannot be opened ({type(exc).__name__}: {exc})") from exc
        self.path = gen

    # -- public -----------------------------------------------------------------------------------
    @property
    def doc_count(self) -> int:
        """Number of searchable units (measures, parts and documents)."""
        return self._require().n

    def facet_values(self, key: str) -> list[str]:
        """Every value a facet (filter) can take in this index, e.g. ``facet_values("level")``."""
        ix = self._require()
        name = "document" if key in ("doc", "document") else key
        return ix.facets.values(name)

    def clear_cache(self) -> None:
        """Forget cached posting masks (benchmarks use this to measure cold queries)."""
        with self._lock:
            if self._ix is not None:
                self._ix.clear_cache()

    def close(self) -> None:
        """Release the index files.  Further searches raise :class:`SearchIndexError`."""
        with self._lock:
            if self._ix is not None:
                ix, self._ix = self._ix, None
                ix.close()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def matching_ids(self, query: str, *, filters: Mapping[str, str] | None = None) -> list[str]:
        """Ids of every item :meth:`search` counts in ``total``, unranked (tests and benchmarks)."""
        flt = dict(filters or {})
        with self._lock:
            return _Search(self._require(), flt).matching_ids(query)

    def search(
        self, query: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, snippets: bool = True,
        offset: int = 0,
    ) -> SearchResult:
        """Search for ``query``.

        Args:
            query: Anything the reader typed; never raises because of its content.
            filters: ``{"level"|"region"|"topic"|"document"|"status": value}``; an unknown value
                matches nothing (see :meth:`facet_values`).
            limit: Most hits to return (0–1000).
            snippets: Build snippets (turn off for speed when only titles are shown).
            offset: Skip this many of the best hits (paging).

        Raises:
            ValueError: ``filters`` has a key that is not a facet.
            SearchIndexError: the engine is closed or its files became unreadable.
        """
        flt = dict(filters or {})
        if "doc" in flt:
            flt["document"] = flt.pop("doc")
        bad = [k for k in flt if k not in FACET_KEYS]
        if bad:
            raise ValueError(f"unknown filter {', '.join(sorted(bad))}; use one of {', '.join(FACET_KEYS)}")
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        with self._lock:
            ix = self._require()
            try:
                return _Search(ix, flt).run(query, limit=limit, offset=offset, snippets=snippets)
            except SearchIndexError:
                raise
            except (OSError, EOFError, zlib.error, pickle.UnpicklingError, struct.error) as exc:
                raise SearchIndexError(
                    f"{self.path}: the search index cannot be read ({type(exc).__name__}: {exc}); rebuild it"
                ) from exc

    # -- internals --------------------------------------------------------------------------------
    def _require(self) -> _Index:
        if self._ix is None:
            raise SearchIndexError("the search engine is closed")
        return self._ix


class _Search:
    """One query against one :class:`_Index`."""

    def __init__(self, ix: _Index, filters: Mapping[str, str]) -> None:
        self.ix = ix
        self.filters = {k: v for k, v in filters.items() if v is not None and v != ""}

    # -- evaluation ------------------------------------------------------------------------------
    def _prepare(self, g: _Group) -> None:
        ix = self.ix
        g.cand = {}
        any_ = 0
        g.phrase = {}
        for v in g.search_needles:
            if len(v) > 2 and v in ix.phrases:
                g.phrase[v] = ix.pmask("q", v)  # exact: stored at build time
                any_ |= g.phrase[v]
        for slot in _TEXT_SLOTS:
            lst: list[tuple[str, int, bool]] = []
            for v in g.search_needles:
                # For a stored phrase the slots only rank (upper bound): its rarest bigram suffices.
                m, exact = ix.candidates(slot, v, loose=v in g.phrase)
                if m:
                    lst.append((v, m, exact))
                    if v not in g.phrase:
                        any_ |= m
            if lst:
                g.cand[slot] = lst
        for q in g.pinyin:
            m = ix.pinyin_mask(q)
            if m:
                g.cand.setdefault("p", []).append((q, m, True))
                any_ |= m
        # Items inside a part or document whose title matches (the breadcrumb, slot "a").
        containers = ix.facets.containers()
        g.containers = 0
        for _needle, m, _exact in g.cand.get("t", ()):
            g.containers |= m & containers
        if g.containers:
            any_ |= ix.descendants(g.containers)
        g.cand_any = any_

    def _verify(self, g: _Group, within: int) -> None:
        """Verified membership (exact) and slot masks (exact, or an upper bound for long terms).

        A term of one or two characters is a gram: its posting list per slot is exact.  A longer
        term is verified once per document over all text slots; its slot in the ranking is then
        the best slot whose bigrams contain it (an upper bound, made exact by :meth:`top` for the
        documents that compete for the first places).  Masks are disjoint: best slot only.
        """
        ix = self.ix
        exact: dict[str, int] = {}
        upper: dict[str, int] = {}
        todo: dict[str, dict[str, int]] = {}
        for slot in _SLOT_ORDER:
            for needle, cand, is_exact in g.cand.get(slot, ()):
                c = cand & within
                if not c:
                    continue
                if is_exact:
                    exact[slot] = exact.get(slot, 0) | c
                else:
                    slots = todo.setdefault(needle, {})
                    slots[slot] = slots.get(slot, 0) | c
        g.long = []
        for needle, slots in todo.items():
            if slots:
                union = 0
                for c in slots.values():
                    union |= c
                # a stored phrase has its exact set; anything else is checked against the text
                verified = g.phrase[needle] & within if needle in g.phrase else ix.verify_any(needle, union)
                if verified:
                    g.long.append(needle)
                    for slot, c in slots.items():
                        upper[slot] = upper.get(slot, 0) | (c & verified)
        if g.containers:
            matched = 0
            for needle, cand, is_exact in g.cand.get("t", ()):
                c = cand & g.containers
                if c:
                    matched |= c if is_exact else ix.verify_slot("t", needle, c)
            inside = ix.descendants(matched) & within
            if inside:
                exact["a"] = inside
        g.exact = exact
        g.masks = {}
        total = 0
        for slot in _SLOT_ORDER:
            m = (exact.get(slot, 0) | upper.get(slot, 0)) & ~total
            if m:
                g.masks[slot] = m
                total |= m
        g.any = total

    def evaluate(self, groups: list[_Group], *, mode: str) -> int:
        for g in groups:
            self._prepare(g)
        if mode == "and":
            order = sorted(groups, key=lambda g: g.cand_any.bit_count())
            r = self.ix.all
            for g in order:
                r &= g.cand_any
            for g in order:
                if not r:
                    g.masks, g.any = {}, 0
                    continue
                self._verify(g, r)
                r &= g.any
            return r
        r = 0
        for g in groups:
            self._verify(g, g.cand_any)
            r |= g.any
        return r

    def excluded(self, terms: Sequence[Term], within: int) -> int:
        if not terms or not within:
            return 0
        g = _Group(terms=tuple(terms))
        self._prepare(g)
        self._verify(g, within & g.cand_any)
        return g.any

    def filter_masks(self) -> dict[str, int]:
        fac = self.ix.facets
        return {k: fac.mask(k, v, self._posting_mask) for k, v in self.filters.items()}

    def _posting_mask(self, name: str, value: str) -> int:
        return _mask_from_ids(self.ix.ids(name, value), self.ix.n)

    # -- question splitting ----------------------------------------------------------------------
    def pieces(self, words: Sequence[str]) -> list[str]:
        lex = self.ix.lexicon
        multi_stop = [s for s in lex.stopwords if len(s) >= 2]
        single_stop = {s for s in lex.stopwords if len(s) == 1}
        triggers = {w for ws in lex.intents.values() for w in ws}
        keys = lex.keys_longest_first()
        out: list[str] = []
        for word in words:
            if not any(is_cjk(c) for c in word):
                out.append(word)  # Latin words, numbers, pinyin: never cut into pieces
                continue
            for span in _split_on(word, multi_stop):
                found: list[str] = []
                prev_end = 0
                j = 0
                n = len(span)
                for i in range(n):
                    j = max(j, i + 1)
                    while j < n and self.ix.occurs(span[i : j + 1]):
                        j += 1
                    if j > prev_end:
                        found.append(span[i:j])
                        prev_end = j
                for key in keys:
                    if key in span and not any(key in f for f in found):
                        found.append(key)
                for f in found:
                    f = f.strip(lex.particles)
                    if len(f) < 2 or f in single_stop or f in triggers or f in multi_stop:
                        continue
                    if not any(c.isalnum() for c in f):
                        continue
                    out.append(f)
        uniq = list(dict.fromkeys(out))
        return [p for p in uniq if not any(p != q and p in q for q in uniq)]

    def intents(self, text: str) -> set[str]:
        norm = normalize(text)
        return {name for name, words in self.ix.lexicon.intents.items() if any(w and w in norm for w in words)}

    # -- ranking ---------------------------------------------------------------------------------
    def set_weights(self, groups: list[_Group], *, pieces: bool) -> None:
        n = self.ix.n
        logn = math.log(n + 1.0)
        for g in groups:
            if pieces:
                longest = max((len(t.norm) for t in g.terms), default=1)
                w = min(4, max(1, longest - 1))
                df = g.cand_any.bit_count()
                if df * 3 > n and w > 1:
                    w -= 1
            else:
                df = g.cand_any.bit_count()
                idf = math.log((n + 1.0) / (df + 1.0))
                w = 1 + round(3 * idf / logn) if logn > 0 else 1
            g.weight = max(1, min(4, w))
        total = 12 * sum(g.weight for g in groups)
        if total > _COARSE_BUDGET:
            for g in groups:
                g.weight = max(1, g.weight * _COARSE_BUDGET // total)

    def prior(self, r: int, *, contact: bool) -> int:
        """Coarse bonus of the kind of unit, current status and (for 找谁 questions) contacts."""
        fac = self.ix.facets
        s = 0
        for kind, prior in KIND_PRIOR.items():
            if prior:
                s += prior * (fac.mask("kind", kind) & r)
        s += CURRENT_PRIOR * (fac.mask("status", CURRENT_STATUS) & r)
        if contact:
            s += CONTACT_INTENT_PRIOR * (fac.mask("contact", "") & r)
        return s

    def coarse(self, groups: list[_Group], r: int, *, contact: bool) -> int:
        fac = self.ix.facets
        measures = fac.mask("kind", "measure")
        s = 0
        for g in groups:
            # g.masks are disjoint: each document is in the mask of its best slot only.
            for slot, mask in g.masks.items():
                m = mask & r
                if m:
                    w = SLOT_WEIGHT[slot] * g.weight
                    mm = m & measures
                    # A part or document is a container: its matches count half (measures first).
                    s += w * mm + (w // 2) * (m ^ mm)
        return s + self.prior(r, contact=contact)

    def top(self, groups: list[_Group], r: int, k: int, *, contact: bool, whole: bytes | None
            ) -> list[tuple[float, int]]:
        """The ``k`` best documents of ``r``.

        Coarse scores of all documents at once (bytes of one big integer), then, for the band of
        documents that can still reach the first ``k`` places, exact slots and a fine score.  When
        exact slots pull the band below documents left outside it, the exact slots of every
        document are computed and the selection repeated.
        """
        if not r or k <= 0:
            return []
        ix = self.ix
        n = ix.n
        buf = self.coarse(groups, r, contact=contact).to_bytes(n, "little")
        ids, low = self._band(buf, k)
        approx = [g for g in groups if g.long]
        if approx:
            exact = self._exact_coarse(ids, groups, r, contact=contact)
            scored = self._fine(ids, exact, groups, whole)
            # Outside the band, coarse <= low - 1, so a final score stays below low - 1 + FINE_MAX.
            kth = min(k, len(scored))
            if kth and (len(scored) == r.bit_count() or scored[kth - 1][0] >= low - 1 + FINE_MAX):
                return scored[:k]
            for g in approx:  # rare: the upper bounds were too loose; compute exact slots for all
                self._exact_masks(g, r)
            buf = self.coarse(groups, r, contact=contact).to_bytes(n, "little")
            ids, low = self._band(buf, k)
        return self._fine(ids, buf, groups, whole)[:k]

    def _band(self, buf: bytes, k: int) -> tuple[list[int], int]:
        """Documents whose coarse score is within :data:`FINE_MAX` of the ``k``-th best, best first.

        At most ``max(BAND_CAP, 3k)`` of them (ties beyond that keep document order).  Scores are
        counted value by value from the top, so only the few values that matter are scanned.
        """
        cap = max(BAND_CAP, 3 * k)
        present: list[tuple[int, int]] = []
        acc = 0
        theta = 0
        v = max(buf)
        steps = 0
        while v > 0:
            c = buf.count(v)
            if c:
                present.append((v, c))
                acc += c
                if not theta and acc >= k:
                    theta = v
                if theta and (v <= theta - FINE_MAX or acc >= cap):
                    break
            v -= 1
            steps += 1
            if steps > 48:  # many distinct scores: jump to the next one present
                rest = [x for x in set(buf) if 0 < x <= v]
                if not rest:
                    break
                v = max(rest)
                steps = 0
        if not theta:
            theta = present[-1][0] if present else 1
        low = max(1, theta - FINE_MAX)
        ids: list[int] = []
        for value, _c in present:
            if value < low or len(ids) >= cap:
                break
            table = bytes(1 if i == value else 0 for i in range(256))
            found = _ONE.finditer(buf.translate(table))
            ids.extend(m.start() for m in islice(found, cap - len(ids)))
        return ids, low

    def _exact_coarse(self, ids: list[int], groups: list[_Group], r: int, *, contact: bool) -> dict[int, int]:
        """Exact coarse scores of a few documents (long terms located in their real best slot)."""
        ix = self.ix
        n = ix.n
        prior = self.prior(r, contact=contact).to_bytes(n, "little")
        measure = ix.facets.mask("kind", "measure").to_bytes(n, "little")
        out = {d: prior[d] for d in ids}
        for g in groups:
            exact_bytes = [(slot, m.to_bytes(n, "little")) for slot, m in g.exact.items()]
            longs = [x.encode("utf-8") for x in g.long]
            order = {s: i for i, s in enumerate(_SLOT_ORDER)}
            for d in ids:
                best: str | None = None
                for slot, mb in exact_bytes:
                    if mb[d] and (best is None or order[slot] < order[best]):
                        best = slot
                for nb in longs:
                    found = ix.best_slot(d, nb)
                    if found is not None and (best is None or order[found] < order[best]):
                        best = found
                if best is not None:
                    w = SLOT_WEIGHT[best] * g.weight
                    out[d] += w if measure[d] else w // 2
        return out

    def _exact_masks(self, g: _Group, r: int) -> None:
        """Replace the upper-bound slot masks of ``g`` by exact ones for every document of ``r``."""
        per_slot = dict(g.exact)
        for needle in g.long:
            # verify_slots locates each occurrence by position; any candidate set covering g.any works.
            for slot, m in self.ix.verify_slots(needle, {"t": g.any & r}).items():
                per_slot[slot] = per_slot.get(slot, 0) | m
        g.masks = {}
        total = 0
        for slot in _SLOT_ORDER:
            m = per_slot.get(slot, 0) & ~total
            if m:
                g.masks[slot] = m
                total |= m
        g.long = []

    def _fine(self, ids: list[int], coarse: Mapping[int, int] | bytes, groups: list[_Group],
              whole: bytes | None) -> list[tuple[float, int]]:
        """Coarse plus fine score, best first.  Fine: term prominence, exact title, whole query."""
        ix = self.ix
        needles = [[v.encode("utf-8") for v in g.needles] for g in groups]
        vmm = ix.vmm
        t_start, t_end = ix.bounds("t")
        b_start, b_end = ix.bounds("b")
        scored: list[tuple[float, int]] = []
        for d in ids:
            title = vmm[t_start[d] : t_end[d] - 1]
            body = vmm[b_start[d] : b_end[d] - 1]
            blen = 1.0 + len(body) / 600.0
            bonus = 0.0
            for group in needles:
                tf = 0
                for vb in group:
                    if title.startswith(vb):
                        bonus += 2.0 if len(title) == len(vb) else 0.5
                    if body:
                        tf = max(tf, body.count(vb))
                if tf:
                    bonus += min(1.5, 1.5 * tf / blen)
            if whole is not None and vmm.find(whole, t_start[d], b_end[d]) >= 0:
                bonus += 3.0
            scored.append((coarse[d] + min(bonus, FINE_MAX - 0.01), d))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored

    # -- facets ----------------------------------------------------------------------------------
    def facet_counts(self, r0: int, fmasks: Mapping[str, int]) -> dict[str, dict[str, int]]:
        ix = self.ix
        fac = ix.facets
        out: dict[str, dict[str, int]] = {}
        for key in FACET_KEYS:
            base = r0
            for other, m in fmasks.items():
                if other != key:
                    base &= m
            counts: dict[str, int] = {}
            runs = fac.run_table(key)
            if base and runs is not None and len(fac.runs[key]) > _FACET_MASK_MAX:
                bb = base.to_bytes(ix.n, "little")
                values, starts, ends = runs
                per_run = list(map(bb.count, repeat(b"\x01"), starts, ends))
                for i in compress(range(len(per_run)), per_run):
                    counts[values[i]] = counts.get(values[i], 0) + per_run[i]
            elif base:
                codes = fac.codes(key) if key in SINGLE_FACETS else None
                code_int = fac.code_int(key) if key in SINGLE_FACETS else None
                if code_int is not None:
                    # Each byte of code_int is a document's value code; keep the codes of the result
                    # set (base * 255 is 0xFF in their bytes) and count each code: all in C.
                    kept = (code_int & (base * 255)).to_bytes(ix.n, "little")
                    for i, value in enumerate(fac.single[key], start=1):
                        cnt = kept.count(i)
                        if cnt:
                            counts[value] = cnt
                elif codes is not None and len(fac.single[key]) > _FACET_MASK_MAX:
                    c = Counter(compress(codes, base.to_bytes(ix.n, "little")))
                    values = fac.single[key]
                    for code, cnt in c.items():
                        if code:
                            counts[values[code - 1]] = cnt
                else:
                    for value in fac.values(key):
                        cnt = (base & fac.mask(key, value, self._posting_mask)).bit_count()
                        if cnt:
                            counts[value] = cnt
            out[key] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return out

    # -- suggestions -----------------------------------------------------------------------------
    def suggestions(self, pq: ParsedQuery, total: int) -> list[str]:
        if not pq.groups:
            return []
        words = [t.norm for g in pq.groups for t in g]
        vocab = self.ix.vocabulary()
        scored: dict[str, float] = {}
        for w in words:
            if total < 3 or not self.ix.occurs(w):
                for i in self.ix.similar_candidates(w):
                    entry = vocab[i]
                    sim = _similarity(w, entry)
                    if sim > 0 and entry["n"] != w:
                        scored[entry["t"]] = max(scored.get(entry["t"], 0.0), sim)
            for entry in vocab:
                n = entry["n"]
                if w in n and n != w:
                    scored[entry["t"]] = max(scored.get(entry["t"], 0.0), 0.5 + len(w) / (2.0 * len(n)))
        out: list[str] = []
        if 0 < total < 3:
            relaxed = self.relaxed_query(pq, total)
            if relaxed:
                out.append(relaxed)
        for text, _s in sorted(scored.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0])):
            if text not in out and self.ix.occurs(normalize(text)):
                out.append(text)
            if len(out) >= _SUGGEST_MAX:
                break
        return out

    def relaxed_query(self, pq: ParsedQuery, total: int) -> str:
        """The query with one long Chinese word cut in two, if that finds more (申报时间 -> 申报 时间)."""
        words = [g[0] for g in pq.groups if len(g) == 1 and not g[0].quoted]
        for t in sorted(words, key=lambda t: -len(t.norm)):
            w = t.norm
            if len(w) < 4 or not all(is_cjk(c) for c in w):
                continue
            best: tuple[int, str, str] | None = None
            for i in range(2, len(w) - 1):
                a, b = w[:i], w[i:]
                if self.ix.occurs(a) and self.ix.occurs(b):
                    score = min(sum(self.ix.df(sl, a[:2]) for sl in _TEXT_SLOTS),
                                sum(self.ix.df(sl, b[:2]) for sl in _TEXT_SLOTS))
                    if best is None or score > best[0]:
                        best = (score, a, b)
            if best is None:
                continue
            parts = [x.typed if x is not t else f"{best[1]} {best[2]}" for g in pq.groups for x in g]
            candidate = " ".join(parts + [f"-{x.typed}" for x in pq.excluded])
            groups = [_Group(terms=g) for g in parse(candidate, self.ix.lexicon).groups]
            r = self.evaluate(groups, mode="and")
            if r.bit_count() > total:
                return candidate
        return ""

    # -- the whole query -------------------------------------------------------------------------
    def resolve(self, text: str) -> _Resolved | None:
        """Evaluate a cleaned query: the literal AND first, then the question fallbacks."""
        ix = self.ix
        pq = parse(text, ix.lexicon)
        if pq.empty:
            return None
        fmasks = self.filter_masks()
        fall = ix.all
        for m in fmasks.values():
            fall &= m
        groups = [_Group(terms=g) for g in pq.groups]
        r0 = self.evaluate(groups, mode="and")
        r0 &= ~self.excluded(pq.excluded, r0)
        res = _Resolved(pq=pq, groups=groups, r0=r0, fall=fall, fmasks=fmasks,
                        contact=bool(self.intents(text) & {"contact"}), literal_failed=not (r0 & fall))
        if not res.literal_failed or not pq.loose:
            return res
        quoted = [g for g in pq.groups if all(t.quoted for t in g)]
        words = self.pieces(pq.loose)
        new_groups = [_Group(terms=(_piece_term(w, ix.lexicon),)) for w in words]
        new_groups += [_Group(terms=g) for g in quoted]
        same = [tuple(t.norm for t in g.terms) for g in new_groups] == [tuple(t.norm for t in g.terms) for g in groups]
        if new_groups and not same:
            r = self.evaluate(new_groups, mode="and")
            r &= ~self.excluded(pq.excluded, r)
            if r & fall:
                res.groups, res.r0, res.pieces = new_groups, r, True
            elif len(new_groups) > 1:
                r = self.evaluate(new_groups, mode="or")
                r &= ~self.excluded(pq.excluded, r)
                res.groups, res.r0, res.pieces = new_groups, r, True
                res.fallback_or = bool(r & fall)
        elif len(groups) > 1:
            r = self.evaluate(groups, mode="or")
            res.r0 = r & ~self.excluded(pq.excluded, r)
            res.fallback_or = bool(res.r0 & fall)
        return res

    def run(self, query: str, *, limit: int, offset: int, snippets: bool) -> SearchResult:
        text = clean_query(query)
        res = self.resolve(text)
        if res is None:
            return SearchResult(query=text, total=0, hits=(), facets={k: {} for k in FACET_KEYS})
        groups = res.groups
        r = res.r0 & res.fall
        total = r.bit_count()
        self.set_weights(groups, pieces=res.pieces)
        whole = None
        if len(groups) > 1 and not res.fallback_or:
            whole = "".join(g.terms[0].norm for g in groups).encode("utf-8")
        ranked = self.top(groups, r, offset + limit, contact=res.contact, whole=whole)[offset:]
        self.resolve_pinyin(groups, [d for _s, d in ranked])
        hits = tuple(self.hit(d, score, groups, snippets) for score, d in ranked)
        facets = self.facet_counts(res.r0, res.fmasks)
        want = total < 3 or (res.literal_failed and total < 10)
        sugg = tuple(self.suggestions(res.pq, total)) if want else ()
        return SearchResult(
            query=text, total=total, hits=hits, facets=facets, suggestions=sugg,
            terms=self.terms(groups), fallback_or=res.fallback_or,
        )

    def matching_ids(self, query: str) -> list[str]:
        """Ids of the whole result set, in index order (no ranking, snippets or facets)."""
        res = self.resolve(clean_query(query))
        if res is None:
            return []
        reader = self.ix.reader
        return [str(reader.stored_fields(d).get("uid", "")) for d in self.ix.ids_of(res.r0 & res.fall)]

    def resolve_pinyin(self, groups: Sequence[_Group], shown: Sequence[int]) -> None:
        """Find the Chinese behind pinyin terms in the shown hits (for snippets and ``terms``)."""
        n = self.ix.n
        for g in groups:
            qs = g.pinyin
            pm = g.masks.get("p", 0)
            if not qs or not pm:
                continue
            pb = pm.to_bytes(n, "little")
            docs = [d for d in shown if pb[d]]
            if not docs:  # nothing shown matched by pinyin: look at the first few that did
                docs = self.ix.ids_of(pm)[:5]
            for d in docs:
                for q in qs:
                    g.resolved.update(self.ix.resolve_pinyin(d, q))
                if len(g.resolved) >= 12:
                    break

    def terms(self, groups: Sequence[_Group]) -> tuple[str, ...]:
        lex = self.ix.lexicon
        out: list[str] = []
        for g in groups:
            literal = any(slot != "p" for slot in g.masks)
            for t in g.terms:
                if literal or not t.pinyin:
                    out.append(t.typed)
                    if t.norm != t.typed:
                        out.append(t.norm)
                for v in t.variants[1:]:
                    out.append(lex.display.get(v, v))
            out.extend(sorted(g.resolved))
        return tuple(dict.fromkeys(x for x in out if x))

    def hit(self, d: int, score: float, groups: Sequence[_Group], snippets: bool) -> SearchHit:
        sf = self.ix.reader.stored_fields(d)
        snippet: str = ""
        spans: tuple[tuple[int, int], ...] = ()
        if snippets:
            text = "\n".join([str(sf.get("body", "")), *[str(x) for x in sf.get("extra", [])]]).strip()
            needles = [[*g.needles, *(normalize(x) for x in sorted(g.resolved))] for g in groups]
            snippet, spans = make_snippet(text, needles)
        return SearchHit(
            id=str(sf.get("uid", "")), document_id=str(sf.get("document", "")), kind=str(sf.get("kind", "")),
            title=str(sf.get("title", "")), path=tuple(str(x) for x in sf.get("path", [])), snippet=snippet,
            spans=spans, score=round(float(score), 3), level=str(sf.get("level", "")),
            region=str(sf.get("region", "")), status=str(sf.get("status", "")),
        )


@dataclass
class _Resolved:
    """The evaluated result set of a query, before ranking."""

    pq: ParsedQuery
    groups: list[_Group]
    r0: int  # result set before filters
    fall: int  # documents passing every filter
    fmasks: dict[str, int]
    contact: bool = False
    literal_failed: bool = False
    pieces: bool = False
    fallback_or: bool = False


def _piece_term(word: str, lexicon: Lexicon) -> Term:
    return Term(typed=lexicon.display.get(word, word), norm=word, variants=term_variants(word, lexicon))


def _split_on(text: str, stops: Sequence[str]) -> list[str]:
    """Split ``text`` at every occurrence of a stop word (longest first)."""
    spans = [text]
    for s in stops:
        nxt: list[str] = []
        for sp in spans:
            nxt.extend(x for x in sp.split(s) if x)
        spans = nxt
    return spans


def _edit_distance(a: str, b: str, cap: int = 3) -> int:
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            best = min(best, cur[j])
        if best > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def _similarity(word: str, entry: Mapping[str, str]) -> float:
    """How much a vocabulary entry looks like a word that found nothing (0 = not at all)."""
    n = entry["n"]
    if word.isascii() and word.isalpha():
        best = 0.0
        for key in (entry.get("py", ""), entry.get("ini", "")):
            if not key or len(word) < 3:
                continue
            if key.startswith(word):
                best = max(best, 0.6)
            dist = _edit_distance(word, key[: len(word) + 1], cap=2)
            allowed = 1 if len(word) < 7 else 2
            if dist <= allowed:
                best = max(best, 0.9 - 0.2 * dist)
        return best
    if len(word) < 2 or len(n) < 2:
        return 0.0
    a = {word[i : i + 2] for i in range(len(word) - 1)}
    b = {n[i : i + 2] for i in range(len(n) - 1)}
    common = len(a & b)
    if not common:
        return 0.0
    dice = 2.0 * common / (len(a) + len(b))
    same_chars = len(set(word) & set(n)) / max(len(set(word)), 1)
    score = 0.7 * dice + 0.3 * same_chars
    return score if score >= 0.45 else 0.0


__all__ = ["SearchEngine", "SearchHit", "SearchResult"]
