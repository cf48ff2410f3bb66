"""Query parsing (pure) and query operators in the engine."""

from __future__ import annotations

import pytest

from index.lexicon import load_lexicon
from index.query import MAX_QUERY_CHARS, clean_query, parse, term_variants


def norms(q: str) -> list[list[str]]:
    return [[t.norm for t in g] for g in parse(q).groups]


def test_words_are_and_groups() -> None:
    assert norms("高企 奖励") == [["高企"], ["奖励"]]


def test_quoted_phrase_is_one_exact_term() -> None:
    q = parse('"研发 费用" 加计', load_lexicon())
    assert [[t.norm for t in g] for g in q.groups] == [["研发费用"], ["加计"]]
    assert q.groups[0][0].quoted and q.groups[0][0].variants == ("研发费用",)


def test_chinese_quotes_and_unbalanced_quote() -> None:
    assert norms("“揭榜挂帅”") == [["揭榜挂帅"]]
    assert norms('"揭榜 挂帅') == [["揭榜挂帅"]]


def test_exclusion_and_not() -> None:
    q = parse("揭榜挂帅 -廊坊 NOT 长安")
    assert norms("揭榜挂帅 -廊坊 NOT 长安") == [["揭榜挂帅"]]
    assert [t.norm for t in q.excluded] == ["廊坊", "长安"]


def test_minus_before_digits_is_not_an_exclusion() -> None:
    q = parse("0311 -85889143")
    assert norms("0311 -85889143") == [["0311"], ["85889143"]]
    assert q.excluded == ()


def test_or_joins_neighbours() -> None:
    assert norms("孵化器 OR 众创空间 奖励") == [["孵化器", "众创空间"], ["奖励"]]


def test_operators_and_punctuation_alone_are_ignored() -> None:
    assert norms("AND * ( ) ?") == []
    assert norms("（揭榜挂帅）？") == [["揭榜挂帅"]]


def test_long_and_control_characters() -> None:
    assert len(clean_query("揭" * 1000)) == MAX_QUERY_CHARS
    assert clean_query("揭\x00榜\x07") == "揭 榜"


def test_variants_amounts_and_phones() -> None:
    assert term_variants("1000万元", None) == ("1000万元", "1000万")
    assert "1000万" in term_variants("1,000万元", None)
    assert "85889143" in term_variants("(0311)85889143", None)
    assert "85889143" in term_variants("031185889143", None)


def test_synonyms_are_variants_but_not_when_quoted() -> None:
    lex = load_lexicon()
    assert "高新技术企业" in parse("高企", lex).groups[0][0].variants
    assert parse('"高企"', lex).groups[0][0].variants == ("高企",)


def test_pinyin_candidates() -> None:
    assert parse("jbgs").groups[0][0].pinyin == "jbgs"
    assert parse("ZhangTao").groups[0][0].pinyin == "zhangtao"
    assert parse("R&D").groups[0][0].pinyin == ""
    assert parse('"jbgs"').groups[0][0].pinyin == ""


@pytest.mark.parametrize(("query", "excluded_prefix"), [("揭榜挂帅 -廊坊", "lf-"), ("揭榜挂帅 NOT 摘编", "zb-")])
def test_exclusion_in_the_engine(engine, handbook, query: str, excluded_prefix: str) -> None:  # type: ignore[no-untyped-def]
    full = engine.matching_ids("揭榜挂帅")
    if not any(i.startswith(excluded_prefix) for i in full):
        pytest.skip("content for this check not loaded")
    ids = engine.matching_ids(query)
    assert ids and not any(i.startswith(excluded_prefix) for i in ids if not i.endswith(("kjqs", "2023")))
    assert set(ids) < set(full)


def test_quoted_phrase_in_the_engine(engine) -> None:  # type: ignore[no-untyped-def]
    phrase = set(engine.matching_ids('"研发费用加计扣除"'))
    words = set(engine.matching_ids("研发费用 加计扣除"))
    assert phrase and phrase <= words


def test_or_in_the_engine(engine) -> None:  # type: ignore[no-untyped-def]
    a = set(engine.matching_ids("孵化器"))
    b = set(engine.matching_ids("众创空间"))
    assert set(engine.matching_ids("孵化器 OR 众创空间")) == a | b
