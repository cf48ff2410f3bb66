"""Snippets: a window around the matches; spans mark the matched characters as printed."""

from __future__ import annotations

from index import SearchHit
from index.snippets import ELLIPSIS, make_snippet, mark


def test_short_text_is_whole() -> None:
    s, spans = make_snippet("单个项目最高不超过1000万元。", [["1000万"]])
    assert s == "单个项目最高不超过1000万元。"
    assert [s[a:b] for a, b in spans] == ["1000万"]


def test_long_text_is_cut_around_the_match() -> None:
    text = "前言。" * 60 + "这里规定研发费用加计扣除的比例。" + "后记。" * 60
    s, spans = make_snippet(text, [["加计扣除"]], width=40)
    assert s.startswith(ELLIPSIS) and s.endswith(ELLIPSIS)
    assert [s[a:b] for a, b in spans] == ["加计扣除"]
    assert len(s) <= 42


def test_window_prefers_all_terms() -> None:
    text = "甲" * 200 + "高企" + "乙" * 10 + "奖励" + "丙" * 200 + "高企" + "丁" * 200
    s, spans = make_snippet(text, [["高企"], ["奖励"]], width=60)
    assert {s[a:b] for a, b in spans} == {"高企", "奖励"}


def test_spans_point_at_printed_full_width_and_case() -> None:
    s, spans = make_snippet("邮箱：ZHUYH@HEBKJT.CN，金额５００万元", [["zhuyh@hebkjt.cn"], ["500万"]])
    assert sorted(s[a:b] for a, b in spans) == ["ZHUYH@HEBKJT.CN", "５００万"]


def test_spaces_inside_a_match_are_marked_too() -> None:
    s, spans = make_snippet("最高 1000 万元", [["1000万"]])
    assert [s[a:b] for a, b in spans] == ["1000 万"]


def test_mark_escapes_html_and_merges() -> None:
    assert mark("a<b>c", [(1, 4)]) == "a<mark>&lt;b&gt;</mark>c"
    assert mark("abcdef", [(0, 2), (1, 3)], "[", "]") == "[abc]def"
    assert mark("a&b", [], html_escape=False) == "a&b"


def test_hit_snippet_marked() -> None:
    h = SearchHit(id="x", document_id="d", kind="measure", title="t", path=("d", "t"), snippet="揭榜挂帅项目",
                  spans=((0, 4),), score=1.0, level="市级", region="石家庄市", status="现行")
    assert h.snippet_marked() == "<mark>揭榜挂帅</mark>项目"
    assert h.snippet_marked("【", "】", html_escape=False) == "【揭榜挂帅】项目"


def test_engine_snippets_mark_every_term(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("高企 奖励")
    assert r.hits
    for h in r.hits[:5]:
        marked = {h.snippet[a:b] for a, b in h.spans}
        assert marked, h.id
        # adjacent matches are merged into one mark (高新技术企业奖励)
        for m in marked:
            rest = m
            for term in ("高新技术企业", "高企", "奖励", "奖补"):
                rest = rest.replace(term, "")
            assert rest == "", m


def test_no_snippets_when_not_asked(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("揭榜挂帅", snippets=False)
    assert r.hits and all(h.snippet == "" and h.spans == () for h in r.hits)
