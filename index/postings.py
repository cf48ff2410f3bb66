"""Gram postings as masks, candidate sets and exact verification against the stored text.

A term of one or two characters is a gram: its posting list per slot is the exact answer.  A
longer term intersects the posting lists of its rarest bigrams and every candidate is checked
against the stored normalised text (one ``find`` per document over all its text slots), so recall
is exact and there are no false hits.  Every loop over many documents runs in C (``map``,
``compress``, ``bytes.find``); Python-level loops touch only a few documents.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from itertools import compress, repeat

from index.bits import SPREAD8, mask_from_ids
from index.build import PINYIN_INITIALS, PINYIN_PREFIX, TEXT_SLOTS
from index.generation import Generation
from index.normalize import FIELD_SEP
from index.pinyin import match_reading
from index.store import SearchIndexError
from index.whoosh_adapter import PostingsDamagedError

#: Text slots in storage order (= order of weight); see :func:`index.build._write_verify`.
TEXT_ORDER = TEXT_SLOTS


class Postings:
    """Masks of grams, candidate sets and verification over one :class:`Generation`."""

    def __init__(self, gen: Generation, *, cache_bytes: int = 32 * 1024 * 1024) -> None:
        self.g = gen
        self.n = gen.n
        self._masks: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._max_masks = max(64, cache_bytes // max(1, self.n))
        self._df: dict[tuple[str, str], int] = {}

    def clear_cache(self) -> None:
        """Forget cached posting masks (document frequencies, i.e. term metadata, stay)."""
        self._masks.clear()

    # -- postings -------------------------------------------------------------------------------
    def df(self, slot: str, gram: str) -> int:
        key = (slot, gram)
        v = self._df.get(key)
        if v is None:
            try:
                v = int(self.g.reader.doc_frequency(slot, gram))
            except (KeyError, ValueError):
                v = 0
            self._df[key] = v
        return v

    def ids(self, fieldname: str, term: str) -> list[int] | tuple[int, ...]:
        try:
            ids = self.g.postings.ids(fieldname, term)
        except PostingsDamagedError as exc:
            raise SearchIndexError(f"{self.g.path}：索引的词表已损坏（{exc}）") from exc
        return ids if isinstance(ids, list | tuple) else list(ids)

    def pmask(self, slot: str, gram: str) -> int:
        """Documents whose ``slot`` contains the gram (cached, least recently used dropped)."""
        key = (slot, gram)
        m = self._masks.get(key)
        if m is not None:
            self._masks.move_to_end(key)
            return m
        g = self.g
        off = g.dense.get(slot, {}).get(gram)
        poff = g.packed.get(slot, {}).get(gram) if off is None else None
        if off is not None:
            m = int.from_bytes(g.read_dense(off), "little")
        elif poff is not None:
            packed = g.read_packed(poff)
            m = int.from_bytes(b"".join(map(SPREAD8.__getitem__, packed))[: self.n], "little")
        else:
            m = mask_from_ids(self.ids(slot, gram), self.n) if self.df(slot, gram) else 0
        self._masks[key] = m
        if len(self._masks) > self._max_masks:
            self._masks.popitem(last=False)
        return m

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

    def _find_all(self, needle: bytes, ids: list[int], starts: Sequence[int], ends: Sequence[int]) -> list[int]:
        vt = self.g.vtext
        return list(map(vt.find, repeat(needle), map(starts.__getitem__, ids), map(ends.__getitem__, ids)))

    def verify_slots(self, needle: str, cands: Mapping[str, int], done: int = 0) -> dict[str, int]:
        """Check candidates against the stored text: one search per document, all text slots at once.

        The text slots are stored in order of weight, so the first occurrence tells the best slot.
        Documents in ``done`` (already matched in a better way) are skipped.
        """
        union = 0
        for c in cands.values():
            union |= c
        union &= ~done
        if not union:
            return {}
        ids = self.g.ids_of(union)
        starts, _ = self.g.bounds(TEXT_ORDER[0])
        ends, _ = self.g.bounds("pf")
        positions = self._find_all(needle.encode("utf-8"), ids, starts, ends)
        found = list(map((-1).__lt__, positions))
        hits = list(compress(ids, found))
        pos = list(compress(positions, found))
        out: dict[str, int] = {}
        for slot in TEXT_ORDER:
            if not hits:
                break
            _, slot_end = self.g.bounds(slot)
            inside = list(map(operator.lt, pos, map(slot_end.__getitem__, hits)))
            here = list(compress(hits, inside))
            if here:
                out[slot] = mask_from_ids(here, self.n)
                outside = list(map(operator.not_, inside))
                hits = list(compress(hits, outside))
                pos = list(compress(pos, outside))
        return out

    def verify_any(self, needle: str, cand: int) -> int:
        """The candidates that contain ``needle`` in any text slot: one search per document."""
        if not cand:
            return 0
        ids = self.g.ids_of(cand)
        starts, _ = self.g.bounds(TEXT_ORDER[0])
        ends, _ = self.g.bounds("pf")
        found = self._find_all(needle.encode("utf-8"), ids, starts, ends)
        return mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)

    def verify_slot(self, slot: str, needle: str, cand: int) -> int:
        """The candidates whose ``slot`` contains ``needle``."""
        if not cand:
            return 0
        ids = self.g.ids_of(cand)
        starts, ends = self.g.bounds(slot)
        found = self._find_all(needle.encode("utf-8"), ids, starts, ends)
        return mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)

    def best_slot(self, d: int, needle: bytes) -> str | None:
        """The best text slot of document ``d`` that contains ``needle``."""
        starts, _ = self.g.bounds(TEXT_ORDER[0])
        ends, _ = self.g.bounds("pf")
        pos = self.g.vtext.find(needle, starts[d], ends[d])
        if pos < 0:
            return None
        for slot in TEXT_ORDER:
            if pos < self.g.bounds(slot)[1][d]:
                return slot
        return None  # pragma: no cover - the position lies in some slot

    def descendants(self, containers: int) -> int:
        """Everything inside the given parts and documents (a mask), from ``tree.json``."""
        if not containers:
            return 0
        tree = self.g.tree()
        ba = bytearray(self.n)
        for c in self.g.ids_of(containers):
            for a, b in tree.get(c, ()):
                ba[a:b] = b"\x01" * (b - a)
        return int.from_bytes(ba, "little")

    # -- pinyin ----------------------------------------------------------------------------------
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
            cand = self.g.all
            for i in range(0, len(q) - PINYIN_INITIALS + 1, 2):
                cand &= self.pmask("pi", q[i : i + PINYIN_INITIALS])
                if not cand:
                    break
            if cand:
                starts, ends = self.g.bounds("pi")
                ids = self.g.ids_of(cand)
                found = self._find_all(q.encode("ascii"), ids, starts, ends)
                initials = mask_from_ids(compress(ids, map((-1).__lt__, found)), self.n)
        return full | initials

    def _check_readings(self, q: str, cand: int) -> int:
        return mask_from_ids([d for d in self.g.ids_of(cand) if self.resolve_pinyin(d, q)], self.n)

    def resolve_pinyin(self, d: int, q: str) -> list[str]:
        """The Chinese that ``q`` stands for in document ``d`` (``jbgs`` -> ``揭榜挂帅``)."""
        out: list[str] = []
        for line in self.g.slot_text(d, "pf").decode("utf-8").split(FIELD_SEP):
            src, _, syl = line.partition("\t")
            if not syl:
                continue
            span = match_reading(q, src, syl.split(" "))
            if span is not None:
                out.append(src[span[0] : span[1]])
        return out

    # -- existence -------------------------------------------------------------------------------
    def occurs(self, s: str) -> bool:
        """Whether ``s`` occurs in any slot of any document (early exit)."""
        if not s:
            return False
        if len(s) <= 2:
            return any(self.df(slot, s) for slot in TEXT_SLOTS)
        grams = list(dict.fromkeys(s[i : i + 2] for i in range(len(s) - 1)))
        sb = s.encode("utf-8")
        vt = self.g.vtext
        for slot in TEXT_SLOTS:
            dfs = sorted((self.df(slot, g), g) for g in grams)
            if dfs[0][0] == 0:
                continue
            for tried, d in enumerate(self.ids(slot, dfs[0][1])):
                if tried > 5000:
                    break
                a, b = self.g.doc_range(d, slot)
                if vt.find(sb, a, b) >= 0:
                    return True
        return False

    def doc_count(self, s: str) -> int:
        """Number of documents containing ``s`` in any text slot (exact)."""
        if not s:
            return 0
        if len(s) <= 2:
            m = 0
            for slot in TEXT_SLOTS:
                m |= self.pmask(slot, s)
            return m.bit_count()
        cand = 0
        for slot in TEXT_SLOTS:
            cand |= self.candidates(slot, s)[0]
        return self.verify_any(s, cand).bit_count()
