"""Any query string whatsoever gives a result (possibly empty), never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import SearchResult

NASTY = [
    "", " ", "\x00", "\t\n\r", '"', '"""', "“揭榜", "「", "-", "--", "- -", "-揭榜挂帅", "NOT", "NOT NOT",
    "OR", "AND", "OR OR", "a OR", "OR b", "*", "**", "?", "(", ")", "((揭榜挂帅)", "[]", "{}", "\\", "\\\\",
    "'", "%", "_", "title:揭榜", "揭榜挂帅~2", "揭榜^3", "/.*/", "😀", "😀揭榜挂帅😀", "\u200b", "\ufeff",
    "\ud800", "\U0010ffff", "x" * 500, "揭" * 500, "揭榜挂帅 " * 100, "０３１１－８５８８９１４３",
    "ＪＢＧＳ", "1e308", "-0", "0", "00000000000000000000", "@@@", "a@b", ".", "..", "……", "、、",
    "<mark>", "</mark>", "<script>alert(1)</script>", "&amp;", "\u3000", "　揭榜挂帅　", "zhang", "zh",
    "z", "qqqqqqqqqqqqqqqqqqqq", "1000万元元元", "-\"揭榜 挂帅\"", "\"揭榜 -挂帅\"", "OR -揭榜",
]


def _check(result: object, limit: int = 20) -> None:
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    assert len(result.hits) <= limit
    for h in result.hits:
        assert h.id and h.title is not None
        for a, b in h.spans:
            assert 0 <= a < b <= len(h.snippet)
        h.snippet_marked()
    assert set(result.facets) >= {"level", "region", "topic", "document", "status"}


@pytest.mark.parametrize("query", NASTY)
def test_nasty_inputs(engine, query: str) -> None:  # type: ignore[no-untyped-def]
    _check(engine.search(query))


def test_non_string_input(engine) -> None:  # type: ignore[no-untyped-def]
    for q in (None, 123, b"\xff\xfe", ["揭榜"]):
        _check(engine.search(q))  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_any_text(engine, query: str) -> None:  # type: ignore[no-untyped-def]
    _check(engine.search(query, limit=5), limit=5)


_PIECES = st.sampled_from(['"', "“", "”", "-", "OR", "AND", "NOT", " ", "(", ")", "*", "揭榜", "挂帅", "高企",
                           "jbgs", "1000万", "0311-", "😀", "\x00", "科技", "申报", "什么时候", "找谁"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_operator_soup(engine, query: str) -> None:  # type: ignore[no-untyped-def]
    _check(engine.search(query, limit=5), limit=5)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30), st.sampled_from(["省级", "市级", "不存在", ""]), st.integers(-5, 2000))
def test_filters_and_limits(engine, query: str, level: str, limit: int) -> None:  # type: ignore[no-untyped-def]
    r = engine.search(query, filters={"level": level}, limit=limit)
    _check(r, limit=max(0, min(limit, 1000)))
