"""Whole questions become queries: words from the index's vocabulary, filler dropped, regions as
filters, related results when little is found, unmatched parts reported, 文号 brackets.

Expected ids were chosen by reading the measures (``main.py show ID``).
"""

from __future__ import annotations

import pytest


def _all(r):  # type: ignore[no-untyped-def]
    return [h.id for h in (*r.hits, *r.related)]


def test_question_is_split_into_vocabulary_words(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("高新技术企业认定有什么奖励")
    assert r.words == ("高新技术企业", "认定", "奖励")
    top = _all(r)[:5]
    # hb12-02a 新认定国家高新技术企业奖励资金, changan-1-2, sjz16-06, lf-12: each 认定…高新技术企业…奖励
    assert len({"hb12-02a", "changan-1-2", "sjz16-06", "lf-12"} & set(top)) >= 3, top
    assert r.total < 20  # not every item that says 奖励


def test_punctuation_is_never_a_term(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("我们是高新技术企业，在长安区，能拿哪些钱？")
    assert all(any(c.isalnum() for c in t) for t in r.terms), r.terms
    assert "，在" not in r.terms and "在" not in r.terms
    for h in r.hits:
        for a, b in h.spans:
            assert any(c.isalnum() for c in h.snippet[a:b]), (h.id, h.snippet[a:b])


def test_region_named_in_a_question_filters_and_keeps_the_parents(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("我们是高新技术企业，在长安区，能拿哪些钱？")
    assert r.region == "长安区"
    assert r.scope == ("长安区", "石家庄市", "河北省")
    assert r.hits and all(h.region in ("长安区", "石家庄市", "河北省") for h in (*r.hits, *r.related))
    assert "changan-1-2" in _all(r)[:3]  # 区级财政对首次认定的高新技术企业每家奖励补助5万元
    assert "amount" in r.intents


def test_region_langfang(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("我们公司在廊坊能申请什么孵化器奖励")
    assert r.region == "廊坊市" and "河北省" in r.scope
    ids = _all(r)
    assert ids[0] == "lf-24"  # 对在市级考核评估中获得优秀的孵化平台，给予10万元奖励
    assert "zb-06-04" not in ids  # 石家庄's incubator award is not for 廊坊


def test_a_region_typed_alone_is_searched_as_text(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("廊坊")
    assert not r.region and r.total > 30


def test_substring_with_a_region_name_still_finds_its_measure(engine) -> None:  # type: ignore[no-untyped-def]
    # lf-27 (廊坊市) mentions 雄安新区: typed as printed, the literal query wins over the region filter
    assert "lf-27" in engine.matching_ids("与雄安新区联动发展")


def test_unmatched_part_is_reported(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("量子计算机")
    assert r.unmatched == ("量子",)
    assert r.total >= 1  # 计算机软件著作权 (zb-08-03)


def test_compound_with_few_hits_brings_related_results(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("孵化器奖励")
    assert r.total >= 1 and [h.id for h in r.hits][:1] == ["zb-06-04"]
    assert r.related_query == "孵化器 奖励"
    assert "lf-24" in [h.id for h in r.related]
    assert not {h.id for h in r.hits} & {h.id for h in r.related}


@pytest.mark.parametrize("q", ["石政规〔2019〕1号", "石政规(2019)1号", "石政规（2019）1号", "石政规[2019]1号",
                               "石政规［2019］1号"])
def test_doc_number_brackets_are_the_same(engine, q: str) -> None:  # type: ignore[no-untyped-def]
    ids = {h.id for h in engine.search(q, limit=50).hits}
    assert {"zb-03-02", "zb-03-03", "zb-03-04", "zb-04-01", "zb-05-04", "zb-08-06"} <= ids
    assert all(i.startswith("zb-") for i in ids)


def test_stop_words_come_from_data(engine) -> None:  # type: ignore[no-untyped-def]
    from index.lexicon import load_lexicon

    lex = load_lexicon()
    assert {"我们", "哪些", "有什么", "吗", "能"} <= set(lex.stopwords)
    assert "长安区" in lex.regions and lex.regions["廊坊"] == ("廊坊市", "河北省")


def test_a_question_about_a_region_alone_lists_what_applies_there(engine) -> None:  # type: ignore[no-untyped-def]
    # "我们公司在廊坊能申请什么": 廊坊 is the filter, not the word searched for (which found only the items
    # printing 廊坊's name and none of the province's measures that apply in 廊坊 too).
    r = engine.search("我们公司在廊坊能申请什么", limit=300)
    assert r.region == "廊坊市" and r.scope == ("廊坊市", "河北省")
    regions = {h.region for h in r.hits}
    assert regions == {"廊坊市", "河北省"}
    assert r.total > engine.search("廊坊", limit=1).total
    assert r.hits[0].region == "廊坊市"  # the region's own measures first
    assert all(h.kind == "measure" for h in r.hits)
    s = engine.search("在长安区能拿哪些钱", limit=300)
    assert {h.region for h in s.hits} == {"长安区", "石家庄市", "河北省"}
    assert not {h.region for h in s.hits} & {"廊坊市"}
