"""Filters restrict the result set; facets count the whole result set (not just the page)."""

from __future__ import annotations

from collections import Counter

import pytest

KEYS = ("level", "region", "topic", "document", "status")


def _all_hits(engine, query: str, **kw):  # type: ignore[no-untyped-def]
    return engine.search(query, limit=1000, snippets=False, **kw)


def _value(hb, hit, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    if key == "topic":
        item = hb.find(hit.id)
        return list(getattr(item, "topics", ()))
    if key == "document":
        return [hit.document_id]
    return [getattr(hit, key)]


@pytest.mark.parametrize("query", ["科技", "高企", "补助", "企业"])
def test_facets_count_the_whole_result_set(engine, handbook, query: str) -> None:  # type: ignore[no-untyped-def]
    r = _all_hits(engine, query)
    assert r.total == len(r.hits) > 20  # more than one page, so a page-only count would differ
    for key in KEYS:
        expected = Counter(v for h in r.hits for v in _value(handbook, h, key))
        assert dict(r.facets[key]) == dict(expected), key
    small = engine.search(query, limit=5)
    assert dict(small.facets["level"]) == dict(r.facets["level"])


@pytest.mark.parametrize(("key", "value"), [("level", "省级"), ("status", "效力未核实"), ("region", "石家庄市"),
                                            ("topic", "资金奖补"), ("document", "sjz-zhaibian-2023")])
def test_each_filter_restricts(engine, handbook, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    unfiltered = _all_hits(engine, "补助")
    if value not in unfiltered.facets[key]:
        pytest.skip(f"no {key}={value} in the loaded content")
    r = _all_hits(engine, "补助", filters={key: value})
    assert r.total == unfiltered.facets[key][value]
    assert all(value in _value(handbook, h, key) for h in r.hits)
    # the filtered facet still shows the other values (counted with the other filters only)
    assert dict(r.facets[key]) == dict(unfiltered.facets[key])


def test_filters_combine(engine) -> None:  # type: ignore[no-untyped-def]
    r = _all_hits(engine, "补助", filters={"level": "市级", "status": "效力未核实"})
    assert all(h.level == "市级" and h.status == "效力未核实" for h in r.hits)
    by_level = _all_hits(engine, "补助", filters={"status": "效力未核实"})
    assert r.total == by_level.facets["level"].get("市级", 0)


def test_unknown_value_matches_nothing_and_unknown_key_is_an_error(engine) -> None:  # type: ignore[no-untyped-def]
    assert engine.search("补助", filters={"level": "国家级"}).total == 0
    assert engine.search("补助", filters={"level": ""}).total == engine.search("补助").total
    with pytest.raises(ValueError, match="unknown filter"):
        engine.search("补助", filters={"colour": "red"})


def test_doc_alias_and_facet_values(engine, handbook) -> None:  # type: ignore[no-untyped-def]
    doc = handbook.documents[0].id
    assert doc in engine.facet_values("document")
    assert set(engine.facet_values("level")) <= {"国家级", "省级", "市级", "区县级"}
    a = engine.search("科技", filters={"doc": doc}, limit=0)
    b = engine.search("科技", filters={"document": doc}, limit=0)
    assert a.total == b.total > 0
