"""Query planning: what to search for, and what to fall back to when the query as typed fails.

1. The query as typed: every word must match (AND), with its synonyms and variants.
2. If no item matches every word, the words are split into the parts that occur in the index
   (question words removed, synonyms recognised) and searched again: first all parts, then any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.lexicon import Lexicon
from index.matching import Group, Matcher
from index.normalize import is_cjk, normalize
from index.query import ParsedQuery, Term, parse, term_variants


@dataclass
class Plan:
    """The evaluated result set of a query, before ranking."""

    pq: ParsedQuery
    groups: list[Group]
    r0: int  # result set before filters
    fall: int  # documents passing every filter
    fmasks: dict[str, int]
    contact: bool = False
    literal_failed: bool = False
    pieces: bool = False
    fallback_or: bool = False


class Planner:
    """Plans and evaluates queries against one index."""

    def __init__(self, matcher: Matcher) -> None:
        self.m = matcher
        self.p = matcher.p
        self.g = matcher.g
        self.lex: Lexicon = matcher.g.lexicon

    def intents(self, text: str) -> set[str]:
        norm = normalize(text)
        return {name for name, words in self.lex.intents.items() if any(w and w in norm for w in words)}

    def count(self, text: str) -> int:
        """Items the query finds as typed (AND), without filters."""
        groups = [Group(terms=g) for g in parse(text, self.lex).groups]
        return self.m.evaluate(groups, mode="and").bit_count() if groups else 0

    def resolve(self, text: str, fmasks: Mapping[str, int]) -> Plan | None:
        """Evaluate a cleaned query: the literal AND first, then the question fallbacks."""
        pq = parse(text, self.lex)
        if pq.empty:
            return None
        fall = self.g.all
        for fm in fmasks.values():
            fall &= fm
        groups = [Group(terms=g) for g in pq.groups]
        mt = self.m
        r0 = mt.evaluate(groups, mode="and")
        r0 &= ~mt.excluded(pq.excluded, r0)
        res = Plan(pq=pq, groups=groups, r0=r0, fall=fall, fmasks=dict(fmasks),
                   contact="contact" in self.intents(text), literal_failed=not (r0 & fall))
        if not res.literal_failed or not pq.loose:
            return res
        quoted = [g for g in pq.groups if all(t.quoted for t in g)]
        words = self.pieces(pq.loose)
        new_groups = [Group(terms=(piece_term(w, self.lex),)) for w in words]
        new_groups += [Group(terms=g) for g in quoted]
        same = [tuple(t.norm for t in g.terms) for g in new_groups] == [tuple(t.norm for t in g.terms) for g in groups]
        if new_groups and not same:
            r = mt.evaluate(new_groups, mode="and")
            r &= ~mt.excluded(pq.excluded, r)
            if r & fall:
                res.groups, res.r0, res.pieces = new_groups, r, True
            elif len(new_groups) > 1:
                r = mt.evaluate(new_groups, mode="or")
                r &= ~mt.excluded(pq.excluded, r)
                res.groups, res.r0, res.pieces = new_groups, r, True
                res.fallback_or = bool(r & fall)
        elif len(groups) > 1:
            r = mt.evaluate(groups, mode="or")
            res.r0 = r & ~mt.excluded(pq.excluded, r)
            res.fallback_or = bool(res.r0 & fall)
        return res

    # -- question splitting ----------------------------------------------------------------------
    def pieces(self, words: Sequence[str]) -> list[str]:
        lex = self.lex
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
                    while j < n and self.p.occurs(span[i : j + 1]):
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


def piece_term(word: str, lexicon: Lexicon) -> Term:
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
