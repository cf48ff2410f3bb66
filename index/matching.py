"""Which documents match a query's groups, and in which slot (the best one) each group matched.

A query is a list of AND-groups; each group is one term or terms joined by OR, each term with its
variants (synonyms, ``1000万`` for ``1000万元`` …).  A group's documents are found per slot
(title ``t``, topics ``k``, source/contacts ``m``, body ``b``, notes ``n``, pinyin ``p``) and
through the titles of the parts and documents that contain them (slot ``a``, the breadcrumb).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from index.postings import TEXT_ORDER, Postings
from index.query import Term

#: Coarse weight of a match in each slot; a term counts once, in its best slot.
SLOT_WEIGHT: Mapping[str, int] = {"t": 12, "k": 8, "p": 7, "m": 5, "a": 4, "b": 3, "n": 1}
# t title, k topics and beneficiaries, p pinyin, m source/issuer/contacts, a the title of a part or
# document the item belongs to (its breadcrumb), b body text, n editor's notes.
SLOT_ORDER = sorted(SLOT_WEIGHT, key=lambda s: -SLOT_WEIGHT[s])


@dataclass
class Group:
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

    @property
    def label(self) -> str:
        """The group as the reader typed it."""
        return " / ".join(dict.fromkeys(t.typed for t in self.terms))


class Matcher:
    """Evaluates groups against one index (masks per group and slot)."""

    def __init__(self, postings: Postings) -> None:
        self.p = postings
        self.g = postings.g

    def prepare(self, grp: Group) -> None:
        """Candidate documents of every needle per slot (a superset of the answer)."""
        p = self.p
        grp.cand = {}
        any_ = 0
        grp.phrase = {}
        for v in grp.search_needles:
            if len(v) > 2 and v in self.g.phrases:
                grp.phrase[v] = p.pmask("q", v)  # exact: stored at build time
                any_ |= grp.phrase[v]
        for slot in TEXT_ORDER:
            lst: list[tuple[str, int, bool]] = []
            for v in grp.search_needles:
                # For a stored phrase the slots only rank (upper bound): its rarest bigram suffices.
                m, exact = p.candidates(slot, v, loose=v in grp.phrase)
                if m:
                    lst.append((v, m, exact))
                    if v not in grp.phrase:
                        any_ |= m
            if lst:
                grp.cand[slot] = lst
        for q in grp.pinyin:
            m = p.pinyin_mask(q)
            if m:
                grp.cand.setdefault("p", []).append((q, m, True))
                any_ |= m
        # Items inside a part or document whose title matches (the breadcrumb, slot "a").
        containers = self.g.facets.containers()
        grp.containers = 0
        for _needle, m, _exact in grp.cand.get("t", ()):
            grp.containers |= m & containers
        if grp.containers:
            any_ |= p.descendants(grp.containers)
        grp.cand_any = any_

    def verify(self, grp: Group, within: int) -> None:
        """Verified membership (exact) and slot masks (exact, or an upper bound for long terms).

        A term of one or two characters is a gram: its posting list per slot is exact.  A longer
        term is verified once per document over all text slots; its slot in the ranking is then
        the best slot whose bigrams contain it (an upper bound, made exact by the ranker for the
        documents that compete for the first places).  Masks are disjoint: best slot only.
        """
        p = self.p
        exact: dict[str, int] = {}
        upper: dict[str, int] = {}
        todo: dict[str, dict[str, int]] = {}
        for slot in SLOT_ORDER:
            for needle, cand, is_exact in grp.cand.get(slot, ()):
                c = cand & within
                if not c:
                    continue
                if is_exact:
                    exact[slot] = exact.get(slot, 0) | c
                else:
                    slots = todo.setdefault(needle, {})
                    slots[slot] = slots.get(slot, 0) | c
        grp.long = []
        for needle, slots in todo.items():
            if slots:
                union = 0
                for c in slots.values():
                    union |= c
                # a stored phrase has its exact set; anything else is checked against the text
                verified = grp.phrase[needle] & within if needle in grp.phrase else p.verify_any(needle, union)
                if verified:
                    grp.long.append(needle)
                    for slot, c in slots.items():
                        upper[slot] = upper.get(slot, 0) | (c & verified)
        if grp.containers:
            matched = 0
            for needle, cand, is_exact in grp.cand.get("t", ()):
                c = cand & grp.containers
                if c:
                    matched |= c if is_exact else p.verify_slot("t", needle, c)
            inside = p.descendants(matched) & within
            if inside:
                exact["a"] = inside
        grp.exact = exact
        grp.masks = {}
        total = 0
        for slot in SLOT_ORDER:
            m = (exact.get(slot, 0) | upper.get(slot, 0)) & ~total
            if m:
                grp.masks[slot] = m
                total |= m
        grp.any = total

    def evaluate(self, groups: Sequence[Group], *, mode: str) -> int:
        """Documents matching every group (``mode="and"``) or any group (``"or"``)."""
        for grp in groups:
            self.prepare(grp)
        if mode == "and":
            order = sorted(groups, key=lambda x: x.cand_any.bit_count())
            r = self.g.all
            for grp in order:
                r &= grp.cand_any
            for grp in order:
                if not r:
                    grp.masks, grp.any = {}, 0
                    continue
                self.verify(grp, r)
                r &= grp.any
            return r
        r = 0
        for grp in groups:
            self.verify(grp, grp.cand_any)
            r |= grp.any
        return r

    def excluded(self, terms: Sequence[Term], within: int) -> int:
        """Documents of ``within`` that contain any of ``terms`` (the ``-word`` part of a query)."""
        if not terms or not within:
            return 0
        grp = Group(terms=tuple(terms))
        self.prepare(grp)
        self.verify(grp, within & grp.cand_any)
        return grp.any

    def exact_masks(self, grp: Group, r: int) -> None:
        """Replace the upper-bound slot masks of ``grp`` by exact ones for every document of ``r``."""
        per_slot = dict(grp.exact)
        for needle in grp.long:
            # verify_slots locates each occurrence by position; any candidate set covering g.any works.
            for slot, m in self.p.verify_slots(needle, {"t": grp.any & r}).items():
                per_slot[slot] = per_slot.get(slot, 0) | m
        grp.masks = {}
        total = 0
        for slot in SLOT_ORDER:
            m = per_slot.get(slot, 0) & ~total
            if m:
                grp.masks[slot] = m
                total |= m
        grp.long = []

    def group_count(self, grp: Group) -> int:
        """Number of documents the group matches on its own (its rarity)."""
        self.prepare(grp)
        self.verify(grp, grp.cand_any)
        return grp.any.bit_count()
