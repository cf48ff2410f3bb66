"""Pinyin: full pinyin and initials of titles, topics and names, polyphones, highlighting."""

from __future__ import annotations

import pytest

from index.pinyin import match_reading, readings


def test_phrase_readings_resolve_polyphones() -> None:
    assert readings("银行")[0] == ("yin", "hang")
    assert readings("重点")[0] == ("zhong", "dian")
    assert readings("长安区")[0] == ("chang", "an", "qu")


def test_surnames_are_read_every_way() -> None:
    names = {r[0] for r in readings("曾庆华", name=True)}
    assert {"zeng", "ceng"} <= names
    assert readings("单鹏", name=True)[0][0] in {"dan", "shan", "chan"}
    assert "shan" in {r[0] for r in readings("单鹏", name=True)}


def test_readings_align_with_characters() -> None:
    for r in readings("A类县12个"):
        assert len(r) == len("A类县12个")


def test_match_reading() -> None:
    syl = ["jie", "bang", "gua", "shuai"]
    assert match_reading("jbgs", "揭榜挂帅", syl) == (0, 4)
    assert match_reading("jiebang", "揭榜挂帅", syl) == (0, 2)
    assert match_reading("guashuai", "揭榜挂帅", syl) == (2, 4)
    assert match_reading("guash", "揭榜挂帅", syl) == (2, 4)  # still typing the last syllable
    assert match_reading("iebang", "揭榜挂帅", syl) is None  # not at a syllable start
    assert match_reading("jb", "揭榜挂帅", syl) is None  # two initials are too few


def test_initials_find_the_measure_and_highlight_chinese(engine, handbook) -> None:  # type: ignore[no-untyped-def]
    if handbook.measure("sjz16-03") is None:
        pytest.skip("明白卡 not loaded")
    r = engine.search("jbgs")
    assert "sjz16-03" in [h.id for h in r.hits]
    assert "揭榜挂帅" in r.terms
    hit = next(h for h in r.hits if h.id == "sjz16-03")
    assert any(hit.snippet[a:b] == "揭榜挂帅" for a, b in hit.spans)


def test_full_pinyin_of_a_contact_name(engine, handbook) -> None:  # type: ignore[no-untyped-def]
    if handbook.measure("hb12-03") is None:
        pytest.skip("明白卡 not loaded")
    r = engine.search("zhangtao")
    assert r.hits and r.hits[0].id in {"hb12-03", "hb12-10b"}
    assert "张涛" in r.terms
    assert engine.search("ZhangTao").total == r.total


def test_surname_polyphone_in_the_engine(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    assert "t-10" in [h.id for h in tiny_engine.search("zengqinghua").hits]
    assert "t-10" in [h.id for h in tiny_engine.search("zqh").hits]


def test_place_name_polyphone(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    # 乐亭 is read lao ting (phrase dictionary); le ting is what a reader who does not know may type
    ids_lao = [h.id for h in tiny_engine.search("laoting").hits]
    ids_le = [h.id for h in tiny_engine.search("leting").hits]
    assert "t-11" in ids_lao or "t-11" in ids_le
    assert "t-11" in ids_lao + ids_le


def test_topic_pinyin(engine) -> None:  # type: ignore[no-untyped-def]
    # 资金奖补 is a topic; its initials find measures tagged with it
    r = engine.search("zjjb")
    assert r.total > 0
    assert "资金奖补" in r.terms
