"""A plain scan over the loaded handbook: the search used while the index is damaged or being built.

It needs no index files at all: every item's text is normalised once (as the index builder does)
and each query is a substring test per item, so it always finds every item that contains the
words.  It knows synonyms and filters, ranks by the slot a word is found in, and counts facets;
it does not read pinyin and does not split whole questions, so the window says that it is in use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from content.model import Handbook
from index.build import TEXT_SLOTS, iter_units
from index.lexicon import Lexicon, LexiconError, load_lexicon
from index.normalize import normalize
from index.query import clean_query, parse
from index.results import FACET_KEYS, SearchHit, SearchResult
from index.snippets import make_snippet
from index.status import PREFERRED, StatusSource

_WEIGHT = {"t": 12, "k": 8, "m": 5, "a": 4, "b": 3, "n": 1}


@dataclass(frozen=True)
class _Item:
    uid: str
    kind: str
    document_id: str
    title: str
    path: tuple[str, ...]
    text: str  # body and contact lines, for snippets
    level: str
    region: str
    status: str
    topics: tuple[str, ...]
    slots: tuple[tuple[str, str], ...]  # (slot, normalised text), best slot first


class ScanSearcher:
    """Searches a :class:`~content.model.Handbook` by scanning every item (no index)."""

    def __init__(self, handbook: Handbook, lexicon: Lexicon | None = None) -> None:
        if lexicon is None:
            try:
                lexicon = load_lexicon()
            except LexiconError:
                lexicon = Lexicon()
        self.lexicon = lexicon
        items: list[_Item] = []
        for u in iter_units(handbook, readings=False):
            slots = [(s, u.slots.get(s, "")) for s in TEXT_SLOTS]
            slots.insert(3, ("a", normalize("\n".join(u.path[:-1]))))
            items.append(_Item(
                uid=u.uid, kind=u.kind, document_id=u.document_id, title=u.title, path=u.path,
                text="\n".join([u.body, *u.extra]).strip(), level=u.level, region=u.region, status=u.status,
                topics=u.topics, slots=tuple((s, t) for s, t in slots if t),
            ))
        self.items = items

    def search(self, query: str, *, filters: Mapping[str, str] | None = None, limit: int = 20,
               snippets: bool = True, statuses: StatusSource | None = None) -> SearchResult:
        """Search like :meth:`index.engine.SearchEngine.search`, by scanning."""
        text = clean_query(query)
        pq = parse(text, self.lexicon)
        empty: dict[str, dict[str, int]] = {k: {} for k in FACET_KEYS}
        if pq.empty:
            return SearchResult(query=text, total=0, hits=(), facets=empty)
        groups = [[v for t in g for v in t.variants] for g in pq.groups]
        excluded = [v for t in pq.excluded for v in t.variants]
        get = statuses.get if isinstance(statuses, Mapping) else statuses
        flt = {("document" if k == "doc" else k): v for k, v in (filters or {}).items() if v}

        def status_of(it: _Item) -> str:
            s = get(it.uid) if get is not None else None
            return s if isinstance(s, str) and s else it.status

        matched: list[tuple[_Item, float, str]] = []
        fallback_or = False
        for mode in ("and", "or"):
            for it in self.items:
                score = self._score(it, groups, excluded, mode)
                if score is not None:
                    status = status_of(it)
                    matched.append((it, score + (1.0 if status in PREFERRED else 0.0), status))
            if matched or len(groups) < 2:
                break
            fallback_or = True

        def values(it: _Item, key: str, status: str) -> Sequence[str]:
            if key == "topic":
                return it.topics
            if key == "status":
                return (status,)
            return (it.document_id if key == "document" else getattr(it, key),)

        def passes(it: _Item, status: str, skip: str = "") -> bool:
            return all(v in values(it, k, status) for k, v in flt.items() if k != skip)

        facets: dict[str, dict[str, int]] = {}
        for key in FACET_KEYS:
            c: Counter[str] = Counter()
            for it, _score, status in matched:
                if passes(it, status, skip=key):
                    c.update(v for v in values(it, key, status) if v)
            facets[key] = dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
        kept = [(it, score, status) for it, score, status in matched if passes(it, status)]
        kept.sort(key=lambda x: -x[1])
        needles = [[*g] for g in groups]
        hits = []
        for it, score, status in kept[: max(0, limit)]:
            snippet, spans = make_snippet(it.text, needles) if snippets else ("", ())
            hits.append(SearchHit(
                id=it.uid, document_id=it.document_id, kind=it.kind, title=it.title, path=it.path,
                snippet=snippet, spans=spans, score=round(score, 3), level=it.level, region=it.region,
                status=status,
            ))
        terms = tuple(dict.fromkeys(v for g in groups for v in g))
        return SearchResult(query=text, total=len(kept), hits=tuple(hits), facets=facets, terms=terms,
                            fallback_or=fallback_or)

    @staticmethod
    def _score(it: _Item, groups: Sequence[Sequence[str]], excluded: Sequence[str], mode: str) -> float | None:
        score = 0.0
        found = 0
        for g in groups:
            best = 0
            for slot, text in it.slots:
                if any(v in text for v in g):
                    best = _WEIGHT[slot]
                    break
            if best:
                found += 1
                score += best
            elif mode == "and":
                return None
        if not found:
            return None
        if excluded and any(v in text for _s, text in it.slots for v in excluded):
            return None
        return score + {"measure": 2.0, "part": 1.0}.get(it.kind, 0.0)


__all__ = ["ScanSearcher"]
