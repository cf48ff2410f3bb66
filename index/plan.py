"""Query planning: what to search for, and what to show when the query as typed finds little.

1. **The query as typed**: every word must match (AND), with its synonyms and variants.  Whatever
   was typed is found this way, so every substring of the handbook finds its items.
2. **A question.**  If no item matches every word, a region named in it (在长安区, 廊坊) becomes a
   filter that keeps the region, every region above it and every region under it (长安区 +
   石家庄市 + 河北省; 石家庄 + its districts + 河北省), and the rest is split into the index's own
   vocabulary (synonyms, topics, title words, offices; see :func:`index.build._words`) by a
   dynamic program that prefers long known words; question words and filler (我们, 能拿, 哪些,
   有什么 …, from ``synonyms.yaml``) and punctuation are dropped, and what matches nothing is
   reported (``未匹配：量子``).  Every remaining word must match.
3. **Related results.**  When fewer than three items match, items matching the words of a split
   compound (孵化器奖励 -> 孵化器 + 奖励) or only some of the words are offered below the exact ones,
   ranked by how many and how rare the words they contain are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from index.lexicon import Lexicon
from index.matching import Group, Matcher
from index.normalize import is_cjk, normalize
from index.query import ParsedQuery, Term, parse, term_variants

#: Key of the region filter of a question in the filter masks (not a facet: it limits every count).
SCOPE = "~scope"
#: Longest part of a question that is split into words (the rest is searched as typed).
MAX_SPLIT_CHARS = 48
_MAX_WORD = 12
#: Fewer exact hits than this bring related results.
RELATED_BELOW = 3


@dataclass
class Plan:
    """The evaluated result sets of a query, before ranking."""

    pq: ParsedQuery
    groups: list[Group]
    r0: int  # result set before filters
    fall: int  # documents passing every filter (including a region named in the query)
    fmasks: dict[str, int]
    intents: frozenset[str] = frozenset()
    literal_failed: bool = False
    pieces: bool = False  # the words of a question were searched, not the query as typed
    fallback_or: bool = False  # nothing matched every word: only related results
    related: int = 0  # related items (disjoint from the exact result set)
    related_groups: list[Group] = field(default_factory=list)
    unmatched: tuple[str, ...] = ()
    region: str = ""  # the region named in the query
    scope: tuple[str, ...] = ()  # the regions its filter keeps
    region_mask: int = 0  # items of the named region itself
    browse: bool = False  # a question naming only a region ("在廊坊能申请什么"): every measure in scope

    @property
    def contact(self) -> bool:
        return "contact" in self.intents

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(g.label for g in self.groups)

    @property
    def related_query(self) -> str:
        return " ".join(g.label for g in self.related_groups)


class Planner:
    """Plans and evaluates queries against one index."""

    def __init__(self, matcher: Matcher) -> None:
        self.m = matcher
        self.p = matcher.p
        self.g = matcher.g
        self.lex: Lexicon = matcher.g.lexicon
        self._stops = frozenset(self.lex.stopwords) | frozenset(w for ws in self.lex.intents.values() for w in ws)
        self._regions = sorted(self.lex.regions, key=lambda k: (-len(k), k))
        self._occurs: dict[str, bool] = {}

    def intents(self, text: str) -> frozenset[str]:
        norm = normalize(text)
        return frozenset(name for name, words in self.lex.intents.items() if any(w and w in norm for w in words))

    def count(self, text: str) -> int:
        """Items the query finds as typed (AND), without filters."""
        groups = [Group(terms=g) for g in parse(text, self.lex).groups]
        return self.m.evaluate(groups, mode="and").bit_count() if groups else 0

    # -- the plan --------------------------------------------------------------------------------
    def resolve(self, text: str, fmasks: Mapping[str, int]) -> Plan | None:
        """Evaluate a cleaned query (see the module docstring)."""
        text = self._spell_out_pinyin(text)
        pq = self._expand_pinyin(parse(text, self.lex))
        if pq.empty:
            return None
        fm = dict(fmasks)
        fall = _all_of(self.g.all, fm)
        mt = self.m
        groups = [Group(terms=g) for g in pq.groups]
        r0 = mt.evaluate(groups, mode="and")
        r0 &= ~mt.excluded(pq.excluded, r0)
        plan = Plan(pq=pq, groups=groups, r0=r0, fall=fall, fmasks=fm, intents=self.intents(text),
                    literal_failed=not (r0 & fall))
        exact = r0 & fall
        if not pq.loose or (exact and exact.bit_count() >= RELATED_BELOW):
            if not exact.bit_count() >= RELATED_BELOW:
                self._related(plan, [], exact)
            return plan
        if exact:  # found as typed, but little: offer the words of a split compound below
            words, _unmatched = self.split(pq.loose, keep_found=False)
            self._related(plan, words, exact)
            return plan
        # A question: a region named becomes a filter; the rest is split into words.
        region, scope, qpq = self._region(text, pq)
        if scope and "region" not in fm:
            mask = 0
            for name in {*scope, *self._below(region)}:
                mask |= self.g.facets.mask("region", name)
            fm[SCOPE] = mask  # applies to every facet count, the region facet too
            plan.fall = fall = _all_of(self.g.all, fm)
        plan.region, plan.scope = region, scope
        plan.region_mask = self.g.facets.mask("region", region) if region else 0
        if scope and qpq.empty:
            plan.groups, plan.pieces, plan.browse = [], True, True
            plan.r0 = self.g.facets.mask("kind", "measure")
            return plan
        qpq = self._expand_pinyin(qpq)
        words, unmatched = self.split(qpq.loose)
        quoted = [g for g in qpq.groups if all(t.quoted for t in g)]
        # The words come from the loose text, so pinyin among them (jbgs in "jbgs 电话") is expanded
        # here too: it must search what the word it spells searches, as it does typed alone.
        pieces = self._expand_groups(tuple((piece_term(w, self.lex),) for w in words))
        new = [Group(terms=g) for g in pieces] + [Group(terms=g) for g in quoted]
        if new and (region or _norms(new) != _norms(groups)):
            r = mt.evaluate(new, mode="and")
            r &= ~mt.excluded(qpq.excluded, r)
            plan.groups, plan.r0, plan.pieces = new, r, True
        plan.unmatched = unmatched
        exact = plan.r0 & fall
        if exact.bit_count() < RELATED_BELOW:
            self._related(plan, [], exact)
        return plan

    def _spell_out_pinyin(self, text: str) -> str:
        """In a query of several words, pinyin that spells exactly one vocabulary word becomes that word.

        "jbgs 电话" is then the question "揭榜挂帅 电话"; searched with the pinyin's own readings
        as well, it found only the one item whose readings happen to hold those initials.  A query
        of pinyin alone keeps both (``_expand_pinyin``): names are typed that way.
        """
        pq = parse(text, self.lex)
        if len(pq.groups) < 2:
            return text
        out = text
        for g in pq.groups:
            for t in g:
                words = self.g.pinyin_words(t.pinyin) if t.pinyin and not t.quoted else []
                if len(words) == 1 and t.typed:
                    out = re.sub(rf"(?<![A-Za-z]){re.escape(t.typed)}(?![A-Za-z])", words[0], out, count=1,
                                 flags=re.IGNORECASE)
        return out

    def _expand_pinyin(self, pq: ParsedQuery) -> ParsedQuery:
        """Pinyin that spells a vocabulary word is searched as that word (jbgs -> 揭榜挂帅, everywhere).

        Pinyin that spells no word (a name being typed: zhangt) is matched against the readings
        of titles, topics and names instead (slot ``p``).
        """
        if not any(t.pinyin for g in pq.groups for t in g):
            return pq
        return ParsedQuery(text=pq.text, groups=self._expand_groups(pq.groups), excluded=pq.excluded,
                           loose=pq.loose)

    def _expand_groups(self, term_groups: tuple[tuple[Term, ...], ...]) -> tuple[tuple[Term, ...], ...]:
        """``_expand_pinyin`` on groups of terms."""
        groups = []
        for g in term_groups:
            terms = []
            for t in g:
                words = self.g.pinyin_words(t.pinyin) if t.pinyin else []
                if words:
                    variants = [t.norm]
                    for w in words:
                        vs = list(term_variants(w, self.lex))
                        if len(w) <= 2 and len(vs) > 1:
                            vs = vs[1:]  # gaoqi is 高新技术企业, not the 高企 inside 提高企业
                        variants += vs
                    t = Term(typed=t.typed, norm=t.norm, variants=tuple(dict.fromkeys(variants)), pinyin="")
                terms.append(t)
            groups.append(tuple(terms))
        return tuple(groups)

    def _below(self, region: str) -> list[str]:
        """Every region under ``region`` (a company "in 石家庄" may be in any of its districts)."""
        return sorted({chain[0] for chain in self.lex.regions.values() if region in chain[1:]})

    def _related(self, plan: Plan, words: Sequence[str], exact: int) -> None:
        """Items matching a split of a compound word, or some of the words (see the module docstring)."""
        mt = self.m
        candidates: list[tuple[list[Group], str]] = []
        quoted = [Group(terms=g.terms) for g in plan.groups if all(t.quoted for t in g.terms)]
        split = [Group(terms=(piece_term(w, self.lex),)) for w in words] + quoted
        if len(split) > len(plan.groups):
            candidates.append((split, "and"))
            candidates.append(([Group(terms=g.terms) for g in split], "or"))
        elif len(plan.groups) > 1:
            candidates.append(([Group(terms=g.terms) for g in plan.groups], "or"))
        for groups, mode in candidates:
            r = mt.evaluate(groups, mode=mode)
            r &= ~mt.excluded(plan.pq.excluded, r)
            r &= plan.fall & ~exact
            if r:
                plan.related, plan.related_groups = r, groups
                plan.fallback_or = not exact
                return

    # -- regions ---------------------------------------------------------------------------------
    def _region(self, text: str, pq: ParsedQuery) -> tuple[str, tuple[str, ...], ParsedQuery]:
        """The region named in the query, the regions its filter keeps, and the query without it."""
        for alias in self._regions:
            for word in pq.loose:
                if alias not in word:
                    continue
                rest = [w for w in (*word.split(alias), *(x for x in pq.loose if x != word)) if w]
                quoted = any(t.quoted for g in pq.groups for t in g)
                if not quoted and not any(self._has_content(w) for w in rest):
                    if not rest or len(self.lex.regions[alias]) < 2:
                        return "", (), pq  # the region typed alone (or the province): search it as text
                    # A question about the region and nothing else ("我们公司在廊坊能申请什么"):
                    # every measure that applies there, not the items that print its name.
                    return self.lex.regions[alias][0], self.lex.regions[alias], ParsedQuery(text="", groups=())
                chain = self.lex.regions[alias]
                pos = text.find(alias)
                new_text = text[:pos] + " " + text[pos + len(alias):] if pos >= 0 else text.replace(alias, " ")
                new_pq = parse(new_text, self.lex)
                scope = chain if len(chain) > 1 else ()  # naming the province filters nothing
                return chain[0], scope, new_pq
        return "", (), pq

    def _has_content(self, word: str) -> bool:
        """Whether ``word`` holds anything but question words and punctuation."""
        words, _unmatched = self.split([word])
        return bool(words)

    # -- splitting questions ---------------------------------------------------------------------
    def split(self, tokens: Sequence[str], *, keep_found: bool = True) -> tuple[list[str], tuple[str, ...]]:
        """The words of a question, and the parts of it that match nothing.

        For example 我们是高新技术企业 gives ``["高新技术企业"]``, and 量子计算机 gives ``["计算机"]``
        with 量子 unmatched.  With ``keep_found``, a token found as typed (离岗创业 in
        "北三县 离岗创业") stays one word.
        """
        words: list[str] = []
        unmatched: list[str] = []
        for token in tokens:
            if not any(is_cjk(c) for c in token):
                if token not in self._stops and any(c.isalnum() for c in token):
                    words.append(token)  # Latin words, numbers, pinyin: never cut into pieces
                continue
            if keep_found and len(token) <= _MAX_WORD and token not in self._stops and self._occurs_cached(token):
                words.append(token)
                continue
            head, tail = token[:MAX_SPLIT_CHARS], token[MAX_SPLIT_CHARS:]
            w, u = self._split_one(head)
            words += w
            unmatched += u
            if tail and any(c.isalnum() for c in tail):
                words.append(tail)
        uniq = list(dict.fromkeys(words))
        return uniq, tuple(dict.fromkeys(unmatched))

    def _split_one(self, s: str) -> tuple[list[str], list[str]]:
        n = len(s)
        best: list[float] = [0.0] + [-1.0] * n
        back: list[tuple[int, str]] = [(0, "")] * (n + 1)
        for i in range(1, n + 1):
            for j in range(max(0, i - _MAX_WORD), i):
                if best[j] < 0:
                    continue
                kind, score = self._score(s[j:i])
                if kind and best[j] + score > best[i]:
                    best[i] = best[j] + score
                    back[i] = (j, kind)
        segs: list[tuple[str, str]] = []
        i = n
        while i > 0:
            j, kind = back[i]
            segs.append((s[j:i], kind))
            i = j
        segs.reverse()
        words: list[str] = []
        unmatched: list[str] = []
        run = ""
        for seg, kind in segs:
            if kind == "single":
                if is_cjk(seg) or seg.isalnum():
                    run += seg
                continue
            if len(run) >= 2:
                unmatched.append(run)
            run = ""
            if kind == "word":
                words.append(seg)
        if len(run) >= 2:
            unmatched.append(run)
        return words, unmatched

    def _score(self, seg: str) -> tuple[str, float]:
        """How good a segment is: a known word (long is better), a question word, or one character."""
        n = len(seg)
        if seg in self._stops or (n == 1 and seg in self.lex.particles):
            return "stop", float(n * n)
        if n == 1:
            return "single", 0.0
        if not any(c.isalnum() for c in seg):
            return "stop", 0.0
        if seg in self.g.words():
            return "word", n * n + 1.0
        if n <= 8 and self._occurs_cached(seg):
            return "word", n * n * 0.4  # in the text but not a known word: split when known words cover it
        return "", 0.0

    def _occurs_cached(self, s: str) -> bool:
        v = self._occurs.get(s)
        if v is None:
            v = self.p.occurs(s)
            if len(self._occurs) > 20000:
                self._occurs.clear()
            self._occurs[s] = v
        return v


def piece_term(word: str, lexicon: Lexicon) -> Term:
    pinyin = word if word.isascii() and word.isalpha() and len(word) >= 2 else ""
    return Term(typed=lexicon.display.get(word, word), norm=word, variants=term_variants(word, lexicon),
                pinyin=pinyin)


def _all_of(every: int, masks: Mapping[str, int]) -> int:
    out = every
    for m in masks.values():
        out &= m
    return out


def _norms(groups: Sequence[Group]) -> list[tuple[str, ...]]:
    return [tuple(t.norm for t in g.terms) for g in groups]
