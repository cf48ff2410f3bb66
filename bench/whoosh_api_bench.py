"""Whoosh's public API against the engine's own paths, on the same index in the same run.

The issue asks to use whoosh's public API (searcher, query objects, collectors, sorting/facets)
wherever it performs within 1.5x of the engine's own path, and to keep private internals only
where this benchmark shows they are needed.  For each job it prints both timings and the ratio
public / own, and the decision that follows from the 1.5x rule:

1. **Posting lists** (whole queries, caches cleared before each run): the engine reading postings
   through ``index.whoosh_adapter.FastPostings`` against the same engine reading them through
   ``reader.postings(field, term).all_ids()`` (``PublicPostings``).
2. **Filters** (whole filtered queries, masks not cached): the facet side file against
   ``searcher.docs_for_query(Term(field, value))``.
3. **Facet counts** of a result set: the engine's counts against whoosh's ``groupedby`` facets
   (``FieldFacet``) collected over the same document set (``filter=``).
4. **Writing the index**: ``index.whoosh_adapter.write_segment`` against whoosh's
   ``IndexWriter.add_document`` for the same documents (``--build-sizes``, smaller corpora: the
   public writer is slow).

Usage::

    .venv/bin/python bench/whoosh_api_bench.py --size 10000 [--repeat 5] [--build-sizes real,2000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import QUERIES, _handbook, _pct  # noqa: E402

RULE = 1.5


def _verdict(ratio: float) -> str:
    return f"public API within {RULE}x: use it" if ratio <= RULE else f"public API {ratio:.1f}x slower: keep own path"


def _time(fn: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        a = time.perf_counter()
        fn()
        out.append((time.perf_counter() - a) * 1000)
    return out


def bench_postings(engine: Any, repeat: int) -> tuple[float, float]:
    from index.whoosh_adapter import FastPostings, PublicPostings

    g = engine._gen
    fast = g.postings
    public = PublicPostings(g.reader)
    res = {}
    for name, impl in (("own", fast), ("public", public)):
        g.postings = impl
        times: list[float] = []
        for q in QUERIES:
            def run(q: str = q) -> None:
                engine.clear_cache()
                engine.search(q, limit=20, snippets=False)
            times += _time(run, repeat)
        res[name] = times
    g.postings = fast
    assert isinstance(fast, FastPostings)
    own, pub = _pct(res["own"], 0.95), _pct(res["public"], 0.95)
    print(f"1. posting lists, whole queries p95: own {own:.2f} ms, public {pub:.2f} ms "
          f"(p50 {statistics.median(res['own']):.2f} / {statistics.median(res['public']):.2f} ms) "
          f"-> ratio {pub / own:.2f}: {_verdict(pub / own)}")
    return own, pub


def bench_filters(engine: Any, repeat: int) -> tuple[float, float]:
    from whoosh.query import Term

    from index.bits import mask_from_ids

    g = engine._gen
    searcher = g.ix.searcher()
    facets = g.facets
    own_mask = facets.mask
    pairs = [(k, v) for k in ("level", "region", "document") for v in g.facets.values(k)[:3]]

    def public_mask(k: str, v: str) -> int:
        return mask_from_ids(searcher.docs_for_query(Term(k, v)), g.n)

    for k, v in pairs:
        assert own_mask(k, v) == public_mask(k, v), (k, v)
    res: dict[str, list[float]] = {"own": [], "public": []}
    for name, fn in (("own", own_mask), ("public", public_mask)):
        facets.mask = fn  # type: ignore[method-assign]
        for q in QUERIES[:20]:
            for k, v in pairs:
                def run(q: str = q, k: str = k, v: str = v) -> None:
                    engine.clear_cache()  # also forgets the facet table's cached masks
                    engine.search(q, filters={k: v}, limit=20, snippets=False)
                res[name] += _time(run, max(1, repeat // 2))
    facets.mask = own_mask  # type: ignore[method-assign]
    searcher.close()
    own95, pub95 = _pct(res["own"], 0.95), _pct(res["public"], 0.95)
    print(f"2. filters, whole filtered queries p95 (masks not cached): own {own95:.2f} ms, "
          f"public docs_for_query {pub95:.2f} ms -> ratio {pub95 / own95:.2f}: {_verdict(pub95 / own95)}")
    return own95, pub95


def bench_facets(engine: Any, repeat: int) -> tuple[float, float]:
    from whoosh import sorting
    from whoosh.query import Every

    from index.facets import facet_counts

    g = engine._gen
    searcher = g.ix.searcher()
    own_t: list[float] = []
    pub_t: list[float] = []
    for q in ("企业", "补助", "揭榜挂帅", "创新券"):
        ids = set(engine.matching_ids(q))
        docs = {d for d, u in enumerate(g.uids) if u in ids}
        mask = 0
        for d in docs:
            mask |= 1 << (8 * d)
        own_t += _time(lambda mask=mask: facet_counts(g.facets, mask, {}), repeat)
        facets = {k: sorting.FieldFacet(k) for k in ("level", "region", "status", "document")}
        facets["topic"] = sorting.FieldFacet("topic", allow_overlap=True)

        def pub(docs: set[int] = docs, facets: dict[str, Any] = facets) -> Any:
            r = searcher.search(Every(), filter=docs, groupedby=facets, limit=1)
            return {k: {v: len(x) for v, x in r.groups(k).items()} for k in facets}

        pub_t += _time(pub, max(1, repeat // 2))
    searcher.close()
    own, public = _pct(own_t, 0.95), _pct(pub_t, 0.95)
    print(f"3. facet counts of a result set, p95: own {own:.2f} ms, whoosh groupedby {public:.2f} ms "
          f"-> ratio {public / own:.0f}: {_verdict(public / own)}")
    return own, public


def bench_build(size: str, workdir: Path) -> tuple[float, float]:
    from whoosh import index as windex

    from index import build as b
    from index.build import _index_unit, _PhraseFinder
    from index.runs import PostingRuns
    from index.whoosh_adapter import write_segment

    hb = _handbook(size)
    units = list(b.iter_units(hb, readings=False))
    runs_dir = workdir / f"runs-{size}"
    shutil.rmtree(runs_dir, ignore_errors=True)
    runs_dir.mkdir(parents=True)
    runs = PostingRuns(runs_dir)
    for docnum, u in enumerate(units):
        _index_unit(runs, docnum, u, _PhraseFinder(()))
        runs.end_document(docnum)
    postings: dict[str, dict[str, Any]] = {}
    for f, t, ids in runs.merged():
        postings.setdefault(f, {})[t] = ids
    runs.close()
    stored = [{"uid": u.uid, "kind": u.kind, "level": u.level, "region": u.region, "status": u.status,
               "document": u.document_id, "topic": ",".join(u.topics), "title": u.title, "path": list(u.path),
               "body": u.body, "extra": list(u.extra)} for u in units]
    own_dir = workdir / f"own-{size}"
    pub_dir = workdir / f"public-{size}"
    for d in (own_dir, pub_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    a = time.perf_counter()
    write_segment(own_dir, b.schema(), "MAIN", doc_count=len(units), stored=stored,
                  postings=lambda f: ((t, postings[f][t]) for t in sorted(postings[f])), field_names=list(postings))
    own = time.perf_counter() - a
    a = time.perf_counter()
    ix = windex.create_in(str(pub_dir), b.schema(), indexname="MAIN")
    w = ix.writer()
    for u, st in zip(units, stored, strict=True):
        doc = dict(st)
        doc.update({s: u.slots.get(s, "") for s in b.TEXT_SLOTS})
        w.add_document(**doc)
    w.commit()
    public = time.perf_counter() - a
    ix.close()
    print(f"4. writing the index of {size} ({len(units)} units, text slots): own {own:.2f} s, "
          f"public add_document {public:.2f} s -> ratio {public / own:.1f}: {_verdict(public / own)}")
    return own, public


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", default="10000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--build-sizes", default="real,2000")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "kjzc-whoosh-api-bench"))
    args = ap.parse_args()
    import index
    from index.engine import SearchEngine

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    hb = _handbook(args.size)
    gen = index.build_index(hb, workdir / f"index-{args.size}")
    print(f"=== {args.size}: {len(hb.measures())} measures, index {gen}")
    engine = SearchEngine(gen)
    try:
        bench_postings(engine, args.repeat)
        bench_filters(engine, args.repeat)
        bench_facets(engine, args.repeat)
    finally:
        engine.close()
    for size in [s for s in args.build_sizes.split(",") if s]:
        bench_build(size, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
