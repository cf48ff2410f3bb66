"""The scan fallback (no index) finds exactly what the index finds, with the same filters and facets."""

from __future__ import annotations

import pytest

from index.scan import ScanSearcher

QUERIES = ["揭榜挂帅", "高企", "1000万元", "0311-85889143", "科技 贷款", "孵化器 奖励", "创新券 -石家庄", "补助"]


@pytest.fixture(scope="module")
def scan(handbook):  # type: ignore[no-untyped-def]
    return ScanSearcher(handbook)


@pytest.mark.parametrize("query", QUERIES)
def test_scan_finds_what_the_index_finds(scan, engine, query: str) -> None:  # type: ignore[no-untyped-def]
    expected = set(engine.matching_ids(query))
    r = scan.search(query, limit=1000, snippets=False)
    assert {h.id for h in r.hits} == expected
    assert r.total == len(expected)


def test_scan_filters_and_facets(scan, engine) -> None:  # type: ignore[no-untyped-def]
    a = scan.search("补助", filters={"level": "市级"}, limit=1000)
    b = engine.search("补助", filters={"level": "市级"}, limit=1000)
    assert {h.id for h in a.hits} == {h.id for h in b.hits}
    assert dict(a.facets["level"]) == dict(b.facets["level"])
    assert dict(a.facets["region"]) == dict(b.facets["region"])


def test_scan_uses_the_status_source(scan, handbook) -> None:  # type: ignore[no-untyped-def]
    statuses = {m.id: "效力未核实" for m in handbook.measures()}
    r = scan.search("揭榜挂帅", statuses=statuses, limit=5)
    assert r.hits and all(h.status == "效力未核实" for h in r.hits if h.kind == "measure")
    assert "效力未核实" in r.facets["status"]


def test_scan_ranks_title_matches_first_and_makes_snippets(scan) -> None:  # type: ignore[no-untyped-def]
    r = scan.search("孵化器")
    assert "孵化器" in r.hits[0].title
    assert any(h.spans for h in r.hits)
