"""Ranking: a coarse score for every matching document at once, a fine score for the few on top.

Coarse: each group counts once, in its best slot, weighted by slot and by the group's rarity;
priors add a little for measures (above parts and documents), for preferred statuses, for items
with contacts when the reader asks whom to call, and for items of the region the reader named.
All coarse scores are bytes of one big integer (see :mod:`index.bits`), so the documents that can
still reach the first places are found by counting byte values from the top.  Only those get a
fine score: term prominence against length, a title that starts with or is the term, and the whole
query as one string.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.bits import find_value
from index.facets import SingleFacet
from index.matching import SLOT_ORDER, SLOT_WEIGHT, Group, Matcher
from index.status import PREFERRED

#: Coarse bonus of the kind of unit (measures above parts above documents).
KIND_PRIOR: Mapping[str, int] = {"measure": 2, "part": 1, "document": 0}
STATUS_PRIOR = 1
#: For 找谁 / 电话 / 联系 questions, items that print contacts come first.
CONTACT_INTENT_PRIOR = 40
AMOUNT_INTENT_PRIOR = 1
#: Items of the region a question names come before those of the regions above it (在廊坊 -> the
#: 廊坊 measures first, then the province's): larger than the gap between a title and a body match.
REGION_PRIOR = 64
#: Largest fine bonus; documents whose coarse score is within this of the k-th best are re-ranked.
FINE_MAX = 6
#: At most this many documents get a fine score (ties beyond it keep document order).
BAND_CAP = 100
_COARSE_BUDGET = 144


@dataclass
class RankContext:
    """What the ranking needs besides the groups."""

    status: SingleFacet
    contact: bool = False
    amount: bool = False  # the reader asks how much: items that name an amount rank a little higher
    region: int = 0  # items of the region the reader named (a mask), ranked a little higher


def set_weights(groups: Sequence[Group], n: int, *, rarity: bool = True) -> None:
    """Give each group a weight of 1 to 4 from its rarity (inverse document frequency).

    With ``rarity`` false (words cut out of a question) the weight follows the word's length,
    lowered for a word in a third of the documents or more.
    """
    logn = math.log(n + 1.0)
    for g in groups:
        df = g.cand_any.bit_count()
        if rarity:
            idf = math.log((n + 1.0) / (df + 1.0))
            w = 1 + round(3 * idf / logn) if logn > 0 else 1
        else:
            longest = max((len(t.norm) for t in g.terms), default=1)
            w = min(4, max(1, longest - 1))
            if df * 3 > n and w > 1:
                w -= 1
        g.weight = max(1, min(4, w))
    total = 12 * sum(g.weight for g in groups)
    if total > _COARSE_BUDGET:
        for g in groups:
            g.weight = max(1, g.weight * _COARSE_BUDGET // total)


class Ranker:
    """Ranks one result set."""

    def __init__(self, matcher: Matcher, ctx: RankContext) -> None:
        self.m = matcher
        self.g = matcher.g
        self.ctx = ctx
        self._prior: dict[int, int] = {}

    def prior(self, r: int) -> int:
        """Coarse bonus of kind, status, contacts (for 找谁 questions) and the named region."""
        cached = self._prior.get(r)
        if cached is not None:
            return cached
        fac = self.g.facets
        ctx = self.ctx
        s = 0
        for kind, prior in KIND_PRIOR.items():
            if prior:
                s += prior * (fac.mask("kind", kind) & r)
        preferred = 0
        for status in PREFERRED:
            preferred |= ctx.status.mask(status)
        s += STATUS_PRIOR * (preferred & r)
        if ctx.contact:
            s += CONTACT_INTENT_PRIOR * (fac.mask("contact", "") & r)
        if ctx.amount:
            s += AMOUNT_INTENT_PRIOR * (fac.mask("amount", "") & r)
        if ctx.region:
            s += REGION_PRIOR * (ctx.region & r)
        self._prior = {r: s}
        return s

    def coarse(self, groups: Sequence[Group], r: int) -> int:
        measures = self.g.facets.mask("kind", "measure")
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
        return s + self.prior(r)

    def top(self, groups: Sequence[Group], r: int, k: int, *, whole: bytes | None) -> list[tuple[float, int]]:
        """The ``k`` best documents of ``r`` as ``(score, docnum)``, best first.

        Coarse scores of all documents at once, then, for the band of documents that can still
        reach the first ``k`` places, exact slots and a fine score.  When exact slots pull the band
        below documents left outside it, the exact slots of every document are computed and the
        selection repeated.
        """
        if not r or k <= 0:
            return []
        n = self.g.n
        buf = self.coarse(groups, r).to_bytes(n, "little")
        ids, low = _band(buf, k)
        approx = [g for g in groups if g.long]
        if approx:
            exact = self._exact_coarse(ids, groups, r)
            scored = self._fine(ids, exact, groups, whole)
            # Outside the band, coarse <= low - 1, so a final score stays below low - 1 + FINE_MAX.
            kth = min(k, len(scored))
            if kth and (len(scored) == r.bit_count() or scored[kth - 1][0] >= low - 1 + FINE_MAX):
                return scored[:k]
            for g in approx:  # rare: the upper bounds were too loose; compute exact slots for all
                self.m.exact_masks(g, r)
            buf = self.coarse(groups, r).to_bytes(n, "little")
            ids, low = _band(buf, k)
        return self._fine(ids, buf, groups, whole)[:k]

    def _exact_coarse(self, ids: list[int], groups: Sequence[Group], r: int) -> dict[int, int]:
        """Exact coarse scores of a few documents (long terms located in their real best slot)."""
        n = self.g.n
        prior = self.prior(r).to_bytes(n, "little")
        measure = self.g.facets.mask("kind", "measure").to_bytes(n, "little")
        out = {d: prior[d] for d in ids}
        order = {s: i for i, s in enumerate(SLOT_ORDER)}
        for g in groups:
            exact_bytes = [(slot, m.to_bytes(n, "little")) for slot, m in g.exact.items()]
            longs = [x.encode("utf-8") for x in g.long]
            for d in ids:
                best: str | None = None
                for slot, mb in exact_bytes:
                    if mb[d] and (best is None or order[slot] < order[best]):
                        best = slot
                for nb in longs:
                    found = self.m.p.best_slot(d, nb)
                    if found is not None and (best is None or order[found] < order[best]):
                        best = found
                if best is not None:
                    w = SLOT_WEIGHT[best] * g.weight
                    out[d] += w if measure[d] else w // 2
        return out

    def _fine(self, ids: list[int], coarse: Mapping[int, int] | bytes, groups: Sequence[Group],
              whole: bytes | None) -> list[tuple[float, int]]:
        """Coarse plus fine score, best first.  Fine: term prominence, exact title, whole query."""
        needles = [[v.encode("utf-8") for v in g.needles] for g in groups]
        vt = self.g.vtext
        t_start, t_end = self.g.bounds("t")
        b_start, b_end = self.g.bounds("b")
        scored: list[tuple[float, int]] = []
        for d in ids:
            title = vt[t_start[d] : t_end[d] - 1]
            bs, be = b_start[d], b_end[d] - 1
            blen = 1.0 + (be - bs) / 600.0
            bonus = 0.0
            for group in needles:
                tf = 0
                for vb in group:
                    if title.startswith(vb):
                        bonus += 2.0 if len(title) == len(vb) else 0.5
                    if be > bs:
                        tf = max(tf, vt.count(vb, bs, be))
                if tf:
                    bonus += min(1.5, 1.5 * tf / blen)
            if whole is not None and vt.find(whole, t_start[d], b_end[d]) >= 0:
                bonus += 3.0
            scored.append((coarse[d] + min(bonus, FINE_MAX - 0.01), d))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored


def _band(buf: bytes, k: int) -> tuple[list[int], int]:
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
        ids.extend(find_value(buf, value, cap - len(ids)))
    return ids, low
