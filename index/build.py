"""Build a search index generation from a :class:`~content.model.Handbook`, in bounded memory.

Each measure, part and document becomes one *unit* (one whoosh document, see :mod:`index.units`).
Its slots are indexed as gram fields: every character and every pair of adjacent characters.

The build is one pass over the units that writes as it goes: stored fields into the whoosh
segment, the verification store (every slot's normalised text), and postings into sorted runs on
disk (:mod:`index.runs`).  Only small per-unit facts (ids, facet values, flags) are kept.  The
runs are then merged term by term into the whoosh segment (through whoosh's own codec, see
:mod:`index.whoosh_adapter`) and, in a second merge, the ready-made masks of the most frequent
grams.  Memory therefore grows with one run and the facts, not with the text of the handbook.

Next to the segment:

* ``verify.bin``/``verify.idx`` — every slot's normalised text, for exact substring checks;
* ``dense.bin``/``packed.bin``/``dense.json`` — masks of the most frequent grams;
* ``facets.bin``/``facets.json`` — per-document facet codes, for filters and facet counts;
* ``tree.json`` — what each part and document contains; ``uids.json`` — the item ids;
* ``phrases.json`` — frequent phrases stored with their exact document sets (field ``q``);
* ``vocab.json`` (suggestions), ``words.json`` (splitting questions), ``pinyin.json`` (pinyin
  of words), ``lexicon.json`` (the synonyms and regions used).
"""

from __future__ import annotations

import heapq
import json
import re
import shutil
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import fields

from content.model import Handbook
from index.analysis import ANALYZER_VERSION, GramField
from index.lexicon import Lexicon
from index.normalize import FIELD_SEP, normalize
from index.runs import PostingRuns
from index.store import STORE_FORMAT, new_temp_dir, write_meta
from index.units import Unit, contact_line, iter_units, stored_statuses, strip_numbering, unit_count

__all__ = ["INDEX_NAME", "SLOTS", "TEXT_SLOTS", "Unit", "contact_line", "iter_units", "schema", "stored_statuses",
           "unit_count", "write_generation"]

#: Gram fields, in the order of their slots in the verification store.  The text slots come in
#: order of weight, so the first occurrence of a term in a document lies in its best slot.
SLOTS: tuple[str, ...] = ("t", "k", "m", "b", "n", "pf", "pi")
#: The text slots (everything but the pinyin slots ``pf``/``pi``).
TEXT_SLOTS: tuple[str, ...] = ("t", "k", "m", "b", "n")
#: Single-valued facets, then the multi-valued topic facet.
SINGLE_FACETS: tuple[str, ...] = ("kind", "level", "region", "status", "document")
FACETS: tuple[str, ...] = (*SINGLE_FACETS, "topic")
INDEX_NAME = "MAIN"
DENSE_MIN = 1024
#: Size limits of the ready-made masks of frequent grams (``dense.bin``, ``packed.bin``).
DENSE_BUDGET = 64 * 1024 * 1024
PACKED_BUDGET = 32 * 1024 * 1024
#: Packed masks only for grams in at least 1/16 of the documents (below, posting lists are faster).
PACKED_FRACTION = 16
#: A phrase is stored with its exact document set when it is in at least this many documents.
PHRASE_MIN = 1024
PHRASE_CANDIDATES = 600
#: Full pinyin is indexed as every prefix (2 to this many letters) starting at a syllable, so a
#: query up to this length is one exact lookup (``zhangtao`` -> 张涛, ``jiebang`` -> 揭榜…).
PINYIN_PREFIX = 8
#: Initials are indexed as every substring of 3 to this many letters (``jbgs`` -> 揭榜挂帅).
PINYIN_INITIALS = 4
MAX_VOCAB = 20000
#: Most title words kept for splitting questions (the commonest).
MAX_WORDS = 60000
#: Titles looked at (a sample) to find the common words and phrases of a large handbook.
SAMPLE_TITLES = 20000

Progress = Callable[[int, int], None]

_NUMBERS = re.compile(r"\d+(?:\.\d+)?[万亿]元?|\d{7,12}")
#: An amount of money or a rate of support (for 能拿多少 questions).
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:[万亿]?元|[万亿]|%|‰)")
_CJK_RUN2 = re.compile(r"[\u3400-\u9fff]{2,}")


def schema() -> fields.Schema:
    """The whoosh schema: gram fields, facet fields and what a hit needs to render."""
    gram = {name: GramField() for name in SLOTS}
    return fields.Schema(
        uid=fields.ID(stored=True, unique=True),
        q=GramField(),  # frequent phrases with their exact document sets (see _phrase_candidates)
        kind=fields.ID(stored=True),
        level=fields.ID(stored=True),
        region=fields.ID(stored=True),
        status=fields.ID(stored=True),
        document=fields.ID(stored=True),
        topic=fields.KEYWORD(stored=True, commas=True, scorable=False),
        title=fields.STORED(),
        path=fields.STORED(),
        body=fields.STORED(),
        extra=fields.STORED(),
        **gram,
    )


# --------------------------------------------------------------------------------------------
# What is kept of each unit
# --------------------------------------------------------------------------------------------
@dataclass
class _Facts:
    """The small facts of every unit that the side files need (everything else is streamed)."""

    uids: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in SINGLE_FACETS})
    topics: list[tuple[str, ...]] = field(default_factory=list)
    contact: bytearray = field(default_factory=bytearray)
    amount: bytearray = field(default_factory=bytearray)
    vocab: dict[str, str] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)
    title_runs: dict[str, int] = field(default_factory=dict)

    def add(self, u: Unit) -> None:
        self.uids.append(u.uid)
        for k in SINGLE_FACETS:
            self.values[k].append(u.document_id if k == "document" else getattr(u, k))
        self.topics.append(tuple(u.topics))
        self.contact.append(1 if u.has_contact else 0)
        self.amount.append(1 if _AMOUNT.search(u.body) else 0)


def _vocab_add(vocab: dict[str, str], display: str) -> None:
    display = display.strip()
    n = normalize(display)
    if 2 <= len(n) <= 24 and n not in vocab and len(vocab) < MAX_VOCAB:
        vocab[n] = display


# --------------------------------------------------------------------------------------------
# Phrases
# --------------------------------------------------------------------------------------------
def _phrase_candidates(hb: Handbook, lexicon: Lexicon, n: int) -> list[str]:
    """Phrases worth storing with their exact document sets, for a handbook of ``n`` units.

    A term of three or more characters is found by intersecting bigram posting lists and checking
    every candidate against the text, which for a phrase in thousands of documents (成果转化,
    高新技术企业) is most of a query's time.  The vocabulary (synonyms, topics, beneficiaries), the
    commonest 3- to 8-character runs of a sample of titles and the common amounts and phone
    numbers are checked while building instead; those found in at least :data:`PHRASE_MIN`
    documents (and 1% of them) are stored as the terms of field ``q``.
    """
    if n < max(PHRASE_MIN, n // 100):
        return []
    cands: set[str] = set()
    for key, variants in lexicon.variants.items():
        cands.add(key)
        cands.update(variants)
    measures = hb.measures()
    for m in measures:
        cands.update(normalize(t) for t in m.topics)
        cands.update(normalize(t) for t in m.beneficiaries)
    step = max(1, len(measures) // SAMPLE_TITLES)
    sample = measures[::step]
    counts: dict[str, int] = {}
    for m in sample:
        seen: set[str] = set()
        for run in re.findall(r"[\u3400-\u9fff]{3,}", normalize(m.display_title)):
            for size in range(3, min(8, len(run)) + 1):
                seen.update(run[i : i + size] for i in range(len(run) - size + 1))
        # amounts (500万, 1000万元) and phone numbers: digits make poor bigrams
        for x in _NUMBERS.findall(normalize(m.text) + "\n" + "\n".join(normalize(c.phone) for c in m.contacts)):
            seen.add(x)
            seen.add(x.rstrip("元"))
        for x in seen:
            counts[x] = counts.get(x, 0) + 1
    common = sorted((c, x) for x, c in counts.items() if c * 100 >= len(sample))[-PHRASE_CANDIDATES:]
    cands.update(x for _c, x in common)
    return sorted(c for c in cands if len(c) >= 3 and FIELD_SEP not in c)


class _PhraseFinder:
    """Which candidate phrases a unit's text contains (looked up by their first bigram)."""

    def __init__(self, phrases: Sequence[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        for p in phrases:
            self.by_first.setdefault(p[:2], []).append(p)

    def found(self, text: str, grams: set[str]) -> list[str]:
        if not self.by_first:
            return []
        out: list[str] = []
        for g in grams & self.by_first.keys():
            out.extend(p for p in self.by_first[g] if p in text)
        return out


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def write_generation(
    hb: Handbook, index_dir: Path, *, stamp: str, lexicon: Lexicon, progress: Progress | None = None,
) -> Path:
    """Build a complete generation for ``stamp`` in a fresh temporary directory under ``index_dir``.

    Returns:
        The temporary directory (the caller publishes it with :func:`index.store.publish`).
    """
    from index.whoosh_adapter import SegmentWriter

    total = unit_count(hb)
    steps = 2 * total + 1

    def report(done: int) -> None:
        if progress is not None:
            progress(min(done, steps - 1), steps)

    tmp = new_temp_dir(index_dir, stamp)
    runs_dir = tmp / ".runs"
    runs_dir.mkdir()
    runs = PostingRuns(runs_dir)
    try:
        t0 = time.perf_counter()
        report(0)
        phrase_cands = _phrase_candidates(hb, lexicon, total)
        finder = _PhraseFinder(phrase_cands)
        facts = _Facts()
        for disp in lexicon.display.values():
            _vocab_add(facts.vocab, disp)
        segment = SegmentWriter(tmp, schema(), INDEX_NAME)
        offsets = array("Q", [0])
        pos = 0
        step = max(1, total // SAMPLE_TITLES)
        with (tmp / "verify.bin").open("wb", buffering=1 << 20) as vf:
            for docnum, u in enumerate(iter_units(hb)):
                facts.add(u)
                _index_unit(runs, docnum, u, finder)
                segment.add_stored({
                    "uid": u.uid, "kind": u.kind, "level": u.level, "region": u.region, "status": u.status,
                    "document": u.document_id, "topic": ",".join(u.topics), "title": u.title,
                    "path": list(u.path), "body": u.body, "extra": list(u.extra),
                })
                for text in _verify_slot_texts(u):
                    b = text.encode("utf-8") + b"\n"
                    vf.write(b)
                    pos += len(b)
                    offsets.append(pos)
                _collect_words(facts, u, sample=docnum % step == 0)
                runs.end_document(docnum)
                if docnum % 512 == 0:
                    report(docnum)
        n = len(facts.uids)
        if sys.byteorder != "little":  # pragma: no cover
            offsets.byteswap()
        (tmp / "verify.idx").write_bytes(offsets.tobytes())
        del offsets
        report(total)
        phrase_min = max(PHRASE_MIN, n // 100)
        kept_phrases: list[str] = []
        dense_keys = _DenseChooser(n, runs_dir / "dense.scratch")

        def merged() -> Iterator[tuple[str, str, Sequence[int]]]:
            for fname, term, ids in runs.merged():
                if fname == "q":
                    if len(ids) < phrase_min:
                        continue
                    kept_phrases.append(term)
                dense_keys.offer(fname, term, ids)
                yield fname, term, ids

        approx_terms = max(1, 40 * n)
        segment.write_postings(merged(), tick=lambda d: report(total + min(total - 1, d * total // approx_terms)))
        _write_dense(tmp, dense_keys, n)
        runs.close()
        shutil.rmtree(runs_dir, ignore_errors=True)
        (tmp / "phrases.json").write_text(json.dumps(sorted(kept_phrases), ensure_ascii=False), encoding="utf-8")
        _write_facets(tmp, facts)
        _write_tree(tmp, hb, facts.uids)
        (tmp / "uids.json").write_text(json.dumps(facts.uids, ensure_ascii=False), encoding="utf-8")
        (tmp / "lexicon.json").write_text(lexicon.to_json(), encoding="utf-8")
        (tmp / "vocab.json").write_text(json.dumps(_vocabulary(facts.vocab), ensure_ascii=False), encoding="utf-8")
        words = _words(facts, lexicon)
        (tmp / "words.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        (tmp / "pinyin.json").write_text(json.dumps(_pinyin_words(words, lexicon), ensure_ascii=False),
                                         encoding="utf-8")
        write_meta(tmp, {
            "stamp": stamp, "format": STORE_FORMAT, "analyzer": ANALYZER_VERSION, "doc_count": n,
            "measures": sum(1 for k in facts.values["kind"] if k == "measure"),
            "built": time.strftime("%Y-%m-%d %H:%M:%S"), "build_seconds": round(time.perf_counter() - t0, 3),
            "content_date": hb.content_date,
        })
        if progress is not None:
            progress(steps, steps)
        return tmp
    except BaseException:
        runs.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --------------------------------------------------------------------------------------------
# Per unit
# --------------------------------------------------------------------------------------------
def _index_unit(runs: PostingRuns, docnum: int, u: Unit, finder: _PhraseFinder) -> None:
    all_grams: set[str] = set()
    for slot in TEXT_SLOTS:
        text = u.slots.get(slot, "")
        if text:
            gs = _grams(text)
            runs.add(docnum, slot, gs)
            all_grams |= gs
    if finder.by_first:
        joined = "\n".join(u.slots.get(s, "") for s in TEXT_SLOTS)
        runs.add(docnum, "q", finder.found(joined, all_grams))
    if u.readings:
        full_grams: set[str] = set()
        initial_grams: set[str] = set()
        for _src, syl in u.readings:
            full_grams.update(pinyin_prefixes(syl))
            initials = "".join(x[0] for x in syl if x)
            for size in range(3, PINYIN_INITIALS + 1):
                initial_grams.update(initials[i : i + size] for i in range(len(initials) - size + 1))
        runs.add(docnum, "pf", full_grams)
        runs.add(docnum, "pi", initial_grams)
    for name, values in (
        ("uid", (u.uid,)), ("kind", (u.kind,)), ("level", (u.level,)), ("region", (u.region,)),
        ("status", (u.status,)), ("document", (u.document_id,)), ("topic", tuple(dict.fromkeys(u.topics))),
    ):
        runs.add(docnum, name, [v for v in values if v])


def _grams(text: str) -> set[str]:
    gs: set[str] = set()
    for part in text.split(FIELD_SEP):
        if part:
            gs.update(part)
            gs.update(map(str.__add__, part, part[1:]))
    return gs


def pinyin_prefixes(syllables: Sequence[str]) -> set[str]:
    """Every 2- to 8-letter prefix of the full pinyin starting at a syllable.

    >>> sorted(pinyin_prefixes(["zhang", "tao"]))[:4]
    ['ta', 'tao', 'zh', 'zha']
    """
    full = "".join(syllables)
    out: set[str] = set()
    pos = 0
    for syl in syllables:
        if syl.isascii() and syl.isalpha():
            out.update(full[pos : pos + size] for size in range(2, PINYIN_PREFIX + 1) if pos + size <= len(full))
        pos += len(syl)
    return out


def _verify_slot_texts(u: Unit) -> list[str]:
    # Each slot ends with a line break, which no search term contains: a match never spans two
    # slots, and a document's text slots (t … n) can be searched as one range.
    out = [u.slots.get(s, "") for s in TEXT_SLOTS]
    # pf: one reading per line, "source<TAB>syllables"; pi: the initials of each reading.
    out.append(FIELD_SEP.join(src + "\t" + " ".join(syl) for src, syl in u.readings))
    out.append(FIELD_SEP.join("".join(x[0] for x in syl if x) for _src, syl in u.readings))
    return out


def _collect_words(facts: _Facts, u: Unit, *, sample: bool) -> None:
    for t in u.topics:
        _vocab_add(facts.vocab, t)
    if u.kind != "measure":
        _vocab_add(facts.vocab, strip_numbering(u.title))
    for src, _syl in u.readings:
        _vocab_add(facts.vocab, src)
    for line in u.slots.get("k", "").split(FIELD_SEP):
        if line:
            facts.words.add(line)
    if u.kind == "measure" and u.has_contact:
        for line in u.slots.get("m", "").split(FIELD_SEP):
            if line and len(line) <= 12 and all("\u3400" <= c <= "\u9fff" for c in line):
                facts.words.add(line)
    if sample:
        seen: set[str] = set()
        for run in _CJK_RUN2.findall(u.slots.get("t", "")):
            for size in range(2, min(8, len(run)) + 1):
                seen.update(run[i : i + size] for i in range(len(run) - size + 1))
        for x in seen:
            facts.title_runs[x] = facts.title_runs.get(x, 0) + 1


# --------------------------------------------------------------------------------------------
# Side files
# --------------------------------------------------------------------------------------------
class _DenseChooser:
    """Chooses the most frequent grams (by document count) for ready-made masks, in one pass.

    Every gram that may be among the most frequent gets its packed mask (one bit per document)
    written to a scratch file as the merge passes it; at the end the chosen ones are copied out,
    as spread masks for the commonest and packed masks for the next (see :func:`_write_dense`).
    """

    def __init__(self, n: int, scratch: Path) -> None:
        self.n = n
        self.n_spread = max(0, DENSE_BUDGET // max(1, n))
        self.n_packed = max(0, PACKED_BUDGET // max(1, (n + 7) // 8))
        self._heap: list[tuple[int, str, str]] = []
        self._where: dict[tuple[str, str], int] = {}
        self._scratch_path = scratch
        self._scratch = scratch.open("w+b")
        self._pos = 0

    def offer(self, fname: str, term: str, ids: Sequence[int]) -> None:
        df = len(ids)
        if df < DENSE_MIN or fname not in (*SLOTS, "q"):
            return
        item = (df, fname, term)
        cap = self.n_spread + self.n_packed
        if len(self._heap) < cap:
            heapq.heappush(self._heap, item)
        elif cap and item > self._heap[0]:
            heapq.heapreplace(self._heap, item)
        else:
            return
        bits = bytearray((self.n + 7) // 8)
        for d in ids:
            bits[d >> 3] |= 1 << (d & 7)
        self._scratch.write(bits)
        self._where[(fname, term)] = self._pos
        self._pos += len(bits)

    def chosen(self) -> Iterator[tuple[str, str, str, bytes]]:
        """``(kind, field, term, packed bits)`` of the chosen grams, in field and term order."""
        ranked = sorted(self._heap, reverse=True)
        kinds = {(f, t): "spread" for _df, f, t in ranked[: self.n_spread]}
        kinds.update({(f, t): "packed" for df, f, t in ranked[self.n_spread :] if df * PACKED_FRACTION >= self.n})
        size = (self.n + 7) // 8
        for key in sorted(kinds):
            self._scratch.seek(self._where[key])
            yield kinds[key], key[0], key[1], self._scratch.read(size)

    def close(self) -> None:
        self._scratch.close()
        self._scratch_path.unlink(missing_ok=True)


def _write_dense(gen: Path, chooser: _DenseChooser, n: int) -> None:
    """Store ready-made document masks of the most frequent grams.

    Turning a posting list into a mask costs tens of nanoseconds per document in Python.  The
    most frequent grams get a *spread* mask (one byte per document, read with one
    ``int.from_bytes``) until :data:`DENSE_BUDGET` bytes; the next ones, down to
    :data:`PACKED_FRACTION` of the documents, a *packed* mask (one bit per document, 8x smaller,
    expanded with a table lookup) until :data:`PACKED_BUDGET` bytes.
    """
    from index.bits import SPREAD8

    table: dict[str, dict[str, int]] = {}
    ptable: dict[str, dict[str, int]] = {}
    offset = 0
    poffset = 0
    with (gen / "dense.bin").open("wb") as f, (gen / "packed.bin").open("wb") as pf:
        for kind, slot, gram, bits in chooser.chosen():
            if kind == "spread":
                f.write(b"".join(map(SPREAD8.__getitem__, bits))[:n])
                table.setdefault(slot, {})[gram] = offset
                offset += n
            else:
                pf.write(bits)
                ptable.setdefault(slot, {})[gram] = poffset
                poffset += len(bits)
    chooser.close()
    (gen / "dense.json").write_text(
        json.dumps({"doc_count": n, "masks": table, "packed": ptable}, ensure_ascii=False), encoding="utf-8")


def _write_facets(gen: Path, facts: _Facts) -> None:
    n = len(facts.uids)
    spec: dict[str, Any] = {"doc_count": n, "single": {}, "multi": {}, "flags": {}}
    blobs: list[bytes] = []
    offset = 0

    def put(b: bytes) -> int:
        nonlocal offset
        start = offset
        blobs.append(b)
        offset += len(b)
        return start

    for name in SINGLE_FACETS:
        vals = facts.values[name]
        values = sorted({v for v in vals if v})
        code = {v: i + 1 for i, v in enumerate(values)}
        if len(values) <= 255:
            spec["single"][name] = {"values": values, "width": 1,
                                    "offset": put(bytes(code.get(v, 0) for v in vals))}
        else:  # more than 255 values (generated corpora): two bytes per document
            codes = array("H", (code.get(v, 0) for v in vals))
            if sys.byteorder != "little":  # pragma: no cover
                codes.byteswap()
            spec["single"][name] = {"values": values, "width": 2, "offset": put(codes.tobytes())}
    # Documents occupy contiguous runs of document numbers: counting a run is one bytes.count.
    runs: dict[str, list[list[int]]] = {}
    for docnum, doc in enumerate(facts.values["document"]):
        r = runs.setdefault(doc, [])
        if r and r[-1][1] == docnum:
            r[-1][1] = docnum + 1
        else:
            r.append([docnum, docnum + 1])
    spec["runs"] = {"document": runs}
    topics: dict[str, bytearray] = {}
    for docnum, ts in enumerate(facts.topics):
        for t in ts:
            topics.setdefault(t, bytearray(n))[docnum] = 1
    spec["multi"]["topic"] = {t: put(bytes(topics[t])) for t in sorted(topics)}
    spec["flags"]["contact"] = put(bytes(facts.contact))
    spec["flags"]["amount"] = put(bytes(facts.amount))
    (gen / "facets.bin").write_bytes(b"".join(blobs))
    (gen / "facets.json").write_text(json.dumps(spec, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _runs(docnums: Iterable[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for d in sorted(docnums):
        if out and out[-1][1] == d:
            out[-1][1] = d + 1
        else:
            out.append([d, d + 1])
    return out


def _write_tree(gen: Path, hb: Handbook, uids: Sequence[str]) -> None:
    """For every part and document: the runs of document numbers of everything inside it.

    A measure is found by the titles of the parts and document it belongs to (its breadcrumb)
    through these runs instead of repeating every breadcrumb in every measure's text.
    """
    num = {u: i for i, u in enumerate(uids)}
    ranges: dict[str, list[list[int]]] = {}
    for d in hb.documents:
        inside = [num[m.id] for m in d.all_measures()] + [num[p.id] for p in d.all_parts()]
        ranges[str(num[d.id])] = _runs(inside)
        for p in d.all_parts():
            inside = [num[m.id] for m in p.all_measures()] + [num[x.id] for x in p.all_parts()]
            if inside:
                ranges[str(num[p.id])] = _runs(inside)
    (gen / "tree.json").write_text(json.dumps({"doc_count": len(uids), "ranges": ranges}), encoding="utf-8")


def _vocabulary(vocab: dict[str, str]) -> list[dict[str, Any]]:
    from index.pinyin import reading_strings, readings

    out = []
    for n, disp in vocab.items():
        pys = readings(n) if any("\u3400" <= c <= "\u9fff" for c in n) else ()
        full, ini = reading_strings(pys[0]) if pys else ("", "")
        out.append({"t": disp, "n": n, "py": full, "ini": ini})
    return out


def _words(facts: _Facts, lexicon: Lexicon) -> list[str]:
    """The index's own vocabulary for splitting questions into words (see :mod:`index.plan`).

    The synonyms, topics and beneficiaries, contact offices and names, regions, and every run of
    2 to 8 Chinese characters found in the titles of at least two items (in a sample of titles:
    认定, 奖励, 孵化器, 技术转移机构 …): the words the handbook itself uses.
    """
    words: set[str] = set(facts.words)
    for key, variants in lexicon.variants.items():
        words.add(key)
        words.update(variants)
    words.update(lexicon.regions)
    common = sorted((c, x) for x, c in facts.title_runs.items() if c >= 2)
    words.update(x for _c, x in common[-MAX_WORDS:])
    return sorted(w for w in words if 2 <= len(w) <= 24 and FIELD_SEP not in w)


def _pinyin_words(words: Sequence[str], lexicon: Lexicon) -> dict[str, dict[str, list[str]]]:
    """Full pinyin and initials of the vocabulary's Chinese words -> the words (``jbgs`` -> 揭榜挂帅).

    A pinyin query equal to a word's reading is searched as that word, in every text (see
    :mod:`index.plan`), so ``jbgs`` finds everything 揭榜挂帅 finds.  Only words of up to six
    characters whose every character is Chinese, read with pypinyin's phrase readings and the
    handbook's own phrase table (``pinyin_phrases.yaml``).
    """
    from index.pinyin import reading_strings, readings

    full: dict[str, list[str]] = {}
    ini: dict[str, list[str]] = {}
    cands = set(words) | set(lexicon.variants)
    for w in sorted(cands):
        if not 2 <= len(w) <= 6 or not all("\u3400" <= c <= "\u9fff" for c in w):
            continue
        rs = readings(w)
        if not rs:
            continue
        f, i = reading_strings(rs[0])
        full.setdefault(f, []).append(w)
        if len(i) >= 3:
            ini.setdefault(i, []).append(w)
    return {"full": full, "ini": ini}
