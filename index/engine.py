"""The search engine: one opened index generation, searched with exact substring recall.

How a query is answered (each step is a module of its own):

* :mod:`index.query` parses what was typed into groups of terms with their variants;
* :mod:`index.plan` decides what to search: the query as typed, else the words of a question;
* :mod:`index.matching` finds each group's documents per slot (:mod:`index.postings` reads gram
  postings through :mod:`index.whoosh_adapter` and verifies candidates against the stored text);
* :mod:`index.rank` scores the result set; :mod:`index.facets` counts it;
* :mod:`index.suggest` proposes other words when little is found;
* hits are copied out of whoosh into frozen :class:`~index.results.SearchHit` values here.

Nothing here imports Qt, jieba or pypinyin.
"""

from __future__ import annotations

import pickle
import struct
import threading
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from index.facets import SingleFacet, facet_counts
from index.generation import Generation
from index.matching import Group, Matcher
from index.normalize import normalize
from index.plan import Plan, Planner
from index.postings import Postings
from index.query import clean_query
from index.rank import RankContext, Ranker, set_weights
from index.results import FACET_KEYS, SearchHit, SearchResult
from index.snippets import make_snippet
from index.status import StatusCache, StatusSource
from index.store import SearchIndexError
from index.suggest import Suggester

MAX_LIMIT = 1000


class SearchEngine:
    """Searches one index generation.  Safe to share between threads (calls are serialised).

    Create with :func:`index.api.open_engine`.
    """

    def __init__(self, gen: Path) -> None:
        self._lock = threading.RLock()
        self.path = gen
        try:
            self._gen: Generation | None = Generation(gen)
        except SearchIndexError:
            raise
        except Exception as exc:
            raise SearchIndexError(f"{gen}：搜索索引无法打开（{type(exc).__name__}: {exc}）") from exc
        self._postings = Postings(self._gen)
        self._matcher = Matcher(self._postings)
        self._planner = Planner(self._matcher)
        self._suggester = Suggester(self._gen, self._postings)
        self._statuses = StatusCache()

    # -- public -----------------------------------------------------------------------------------
    @property
    def doc_count(self) -> int:
        """Number of searchable units (measures, parts and documents)."""
        return self._require().n

    def facet_values(self, key: str) -> list[str]:
        """Every value a facet (filter) can take in this index, e.g. ``facet_values("level")``."""
        g = self._require()
        name = "document" if key in ("doc", "document") else key
        return list(g.facets.values(name))

    def clear_cache(self) -> None:
        """Forget cached posting and filter masks (benchmarks use this to measure cold queries)."""
        with self._lock:
            if self._gen is not None:
                self._postings.clear_cache()
                self._gen.facets.clear_cache()

    def close(self) -> None:
        """Release the index files.  Further searches raise :class:`SearchIndexError`."""
        with self._lock:
            if self._gen is not None:
                g, self._gen = self._gen, None
                g.close()

    def __enter__(self) -> SearchEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def matching_ids(self, query: str, *, filters: Mapping[str, str] | None = None,
                     statuses: StatusSource | None = None) -> list[str]:
        """Ids of every item :meth:`search` counts in ``total``, unranked (tests and benchmarks)."""
        flt = self._filters(filters)
        with self._lock:
            g = self._require()
            g.check_unchanged()
            plan = self._planner.resolve(clean_query(query), self._filter_masks(flt, statuses))
            if plan is None:
                return []
            return [g.uids[d] for d in g.ids_of(plan.r0 & plan.fall)]

    def search(
        self, query: str, *, filters: Mapping[str, str] | None = None, limit: int = 20, snippets: bool = True,
        offset: int = 0, statuses: StatusSource | None = None,
    ) -> SearchResult:
        """Search for ``query``.

        Args:
            query: Anything the reader typed; never raises because of its content.
            filters: ``{"level"|"region"|"topic"|"document"|"status": value}``; an unknown value
                matches nothing (see :meth:`facet_values`).
            limit: Most hits to return (0–1000).
            snippets: Build snippets (turn off for speed when only titles are shown).
            offset: Skip this many of the best hits (paging).
            statuses: Where each item's status comes from (see :mod:`index.status`); without it,
                the status stored when the index was built.

        Raises:
            ValueError: ``filters`` has a key that is not a facet.
            SearchIndexError: the engine is closed or its files were changed or damaged.
        """
        flt = self._filters(filters)
        limit = max(0, min(int(limit), MAX_LIMIT))
        offset = max(0, int(offset))
        with self._lock:
            g = self._require()
            g.check_unchanged()
            try:
                return self._run(query, flt, limit=limit, offset=offset, snippets=snippets, statuses=statuses)
            except SearchIndexError:
                raise
            except (OSError, EOFError, zlib.error, pickle.UnpicklingError, struct.error, ValueError,
                    KeyError, IndexError) as exc:
                raise SearchIndexError(
                    f"{self.path}：搜索索引读取失败（{type(exc).__name__}: {exc}），需要重建"
                ) from exc

    # -- internals --------------------------------------------------------------------------------
    def _require(self) -> Generation:
        if self._gen is None:
            raise SearchIndexError("搜索引擎已关闭")
        return self._gen

    @staticmethod
    def _filters(filters: Mapping[str, str] | None) -> dict[str, str]:
        flt = {k: v for k, v in dict(filters or {}).items() if v is not None and v != ""}
        if "doc" in flt:
            flt["document"] = flt.pop("doc")
        bad = [k for k in flt if k not in FACET_KEYS]
        if bad:
            raise ValueError(f"unknown filter {', '.join(sorted(bad))}; use one of {', '.join(FACET_KEYS)}")
        return flt

    def _status(self, statuses: StatusSource | None) -> SingleFacet:
        g = self._require()
        stored = g.facets.single["status"]
        if statuses is None:
            return stored
        return self._statuses.get(statuses, g.uids, stored)

    def _filter_masks(self, flt: Mapping[str, str], statuses: StatusSource | None) -> dict[str, int]:
        g = self._require()
        out: dict[str, int] = {}
        for k, v in flt.items():
            out[k] = self._status(statuses).mask(v) if k == "status" else g.facets.mask(k, v)
        return out

    def _run(self, query: str, flt: Mapping[str, str], *, limit: int, offset: int, snippets: bool,
             statuses: StatusSource | None) -> SearchResult:
        g = self._require()
        text = clean_query(query)
        status = self._status(statuses)
        plan = self._planner.resolve(text, self._filter_masks(flt, statuses))
        if plan is None:
            return SearchResult(query=text, total=0, hits=(), facets={k: {} for k in FACET_KEYS})
        groups = plan.groups
        r = plan.r0 & plan.fall
        total = r.bit_count()
        ctx = RankContext(status=status, contact=plan.contact, amount="amount" in plan.intents or plan.browse,
                          region=plan.region_mask)
        ranker = Ranker(self._matcher, ctx)
        hits: tuple[SearchHit, ...] = ()
        if groups or plan.browse:
            set_weights(groups, g.n)
            whole = None
            if len(groups) > 1 and not plan.pieces:
                whole = "".join(grp.terms[0].norm for grp in groups).encode("utf-8")
            ranked = ranker.top(groups, r, offset + limit, whole=whole)[offset:]
            self._resolve_pinyin(groups, [d for _s, d in ranked])
            hits = tuple(self._hit(d, score, groups, snippets, status) for score, d in ranked)
        related: tuple[SearchHit, ...] = ()
        if plan.related and limit:
            rgroups = plan.related_groups
            set_weights(rgroups, g.n)
            ranked = ranker.top(rgroups, plan.related, max(1, limit - len(hits)), whole=None)
            self._resolve_pinyin(rgroups, [d for _s, d in ranked])
            related = tuple(self._hit(d, score, rgroups, snippets, status) for score, d in ranked)
        facets = facet_counts(g.facets, plan.r0 if total else plan.related, plan.fmasks, {"status": status})
        want = total < 3 or (plan.literal_failed and total < 10)
        sugg = tuple(self._suggestions(plan, total)) if want else ()
        terms = self._terms(groups) if groups else ()
        if related:
            terms = tuple(dict.fromkeys((*terms, *self._terms(plan.related_groups))))
        return SearchResult(
            query=text, total=total, hits=hits, facets=facets, suggestions=sugg,
            terms=terms, fallback_or=plan.fallback_or, related=related,
            related_total=plan.related.bit_count(), related_query=plan.related_query,
            words=plan.words if plan.pieces else (), unmatched=plan.unmatched, region=plan.region,
            scope=plan.scope, intents=tuple(sorted(plan.intents)),
        )

    def _suggestions(self, plan: Plan, total: int) -> list[str]:
        words = [t.norm for grp in plan.pq.groups for t in grp]
        first = ""
        if 0 < total < 3:
            first = self._suggester.relaxed_query(plan.pq, total, self._planner.count)
        return self._suggester.suggestions(words, total, first=first)

    def _resolve_pinyin(self, groups: Sequence[Group], shown: Sequence[int]) -> None:
        """Find the Chinese behind pinyin terms in the shown hits (for snippets and ``terms``)."""
        g = self._require()
        for grp in groups:
            qs = grp.pinyin
            pm = grp.masks.get("p", 0)
            if not qs or not pm:
                continue
            pb = pm.to_bytes(g.n, "little")
            docs = [d for d in shown if pb[d]]
            if not docs:  # nothing shown matched by pinyin: look at the first few that did
                docs = g.ids_of(pm)[:5]
            for d in docs:
                for q in qs:
                    grp.resolved.update(self._postings.resolve_pinyin(d, q))
                if len(grp.resolved) >= 12:
                    break

    def _terms(self, groups: Sequence[Group]) -> tuple[str, ...]:
        lex = self._require().lexicon
        out: list[str] = []
        for grp in groups:
            literal = any(slot != "p" for slot in grp.masks)
            for t in grp.terms:
                if literal or not t.pinyin:
                    out.append(t.typed)
                    if t.norm != t.typed:
                        out.append(t.norm)
                for v in t.variants[1:]:
                    out.append(lex.display.get(v, v))
            out.extend(sorted(grp.resolved))
        # punctuation is never a term to highlight
        return tuple(dict.fromkeys(x for x in out if x and any(c.isalnum() for c in x)))

    def _hit(self, d: int, score: float, groups: Sequence[Group], snippets: bool, status: SingleFacet) -> SearchHit:
        g = self._require()
        sf = g.stored(d)
        snippet: str = ""
        spans: tuple[tuple[int, int], ...] = ()
        if snippets:
            text = "\n".join([str(sf.get("body", "")), *[str(x) for x in sf.get("extra", [])]]).strip()
            needles = [[*grp.needles, *(normalize(x) for x in sorted(grp.resolved))] for grp in groups]
            snippet, spans = make_snippet(text, needles)
        code = status.codes[d]
        return SearchHit(
            id=str(sf.get("uid", "")), document_id=str(sf.get("document", "")), kind=str(sf.get("kind", "")),
            title=str(sf.get("title", "")), path=tuple(str(x) for x in sf.get("path", [])), snippet=snippet,
            spans=spans, score=round(float(score), 3), level=str(sf.get("level", "")),
            region=str(sf.get("region", "")), status=status.values[code - 1] if code else "",
        )


__all__ = ["MAX_LIMIT", "SearchEngine", "SearchHit", "SearchResult"]
