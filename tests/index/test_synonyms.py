"""Synonyms and abbreviations come from index/synonyms.yaml, not from code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.lexicon import LEXICON_FILE, LexiconError, load_lexicon, parse_lexicon


def test_the_data_file_defines_the_required_abbreviations() -> None:
    lex = load_lexicon()
    assert "高新技术企业" in lex.variants["高企"]
    assert "科技型中小企业" in lex.variants["科小"]
    assert "加计扣除" in lex.variants["研发加计"]
    assert "科技创新券" in lex.variants["创新券"]
    for key in ("双创", "专精特新", "京津冀"):
        assert key in lex.variants
    assert "找谁" in lex.stopwords and "contact" in lex.intents


def test_groups_are_symmetric_and_expansions_one_way() -> None:
    lex = parse_lexicon({"synonyms": [["甲", "乙乙"]], "expansions": {"丙": ["丁丁"]}})
    assert lex.variants["甲"] == ("乙乙",) and lex.variants["乙乙"] == ("甲",)
    assert lex.variants["丙"] == ("丁丁",) and "丁丁" not in lex.variants


def test_normalised_keys() -> None:
    lex = parse_lexicon({"synonyms": [["Ｒ＆Ｄ", "研究与试验发展"]]})
    assert "研究与试验发展" in lex.variants["r&d"]


@pytest.mark.parametrize("bad", [{"synonyms": "高企"}, {"synonyms": [[{"a": 1}]]}, {"expansions": ["x"]}, ["x"],
                                 {"expansions": {"双创": 5}}, {"stopwords": 5}, {"intents": ["x"]},
                                 {"intents": {"contact": 5}}])
def test_bad_shapes_are_reported(bad: object) -> None:
    with pytest.raises(LexiconError) as info:
        parse_lexicon(bad)
    # in Chinese for the editor: the only ASCII words are the file's sections and the example's
    sections = {"synonyms", "expansions", "stopwords", "particles", "intents", "contact", "yaml"}
    assert not set(re.findall(r"[A-Za-z]{3,}", str(info.value))) - sections, str(info.value)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "synonyms.yaml"
    p.write_text("synonyms:\n  - [高企, 高新技术企业\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"synonyms\.yaml:\d+"):
        load_lexicon(p)


def test_abbreviation_finds_the_full_term(engine) -> None:  # type: ignore[no-untyped-def]
    full = set(engine.matching_ids('"高新技术企业"'))
    abbr = set(engine.matching_ids("高企"))
    assert full and full <= abbr
    assert "高新技术企业" in engine.search("高企").terms


def test_full_term_finds_the_abbreviation(engine) -> None:  # type: ignore[no-untyped-def]
    literal = set(engine.matching_ids('"高企"'))
    assert literal  # the card writes 高企 once or twice
    assert literal <= set(engine.matching_ids("高新技术企业"))


def test_kexiao_and_yanfa_jiaji(engine) -> None:  # type: ignore[no-untyped-def]
    assert set(engine.matching_ids('"科技型中小企业"')) <= set(engine.matching_ids("科小"))
    assert engine.search("科小").total > 0
    assert set(engine.matching_ids('"加计扣除"')) <= set(engine.matching_ids("研发加计"))


def test_one_way_expansion(engine) -> None:  # type: ignore[no-untyped-def]
    shuangchuang = set(engine.matching_ids("双创"))
    assert set(engine.matching_ids('"创新创业"')) <= shuangchuang
    assert set(engine.matching_ids('"双创"')) <= shuangchuang
    # one way: 创新创业 does not bring in the texts that only say 双创
    only_shuangchuang = set(engine.matching_ids('"双创"')) - set(engine.matching_ids('"创新创业"'))
    assert not only_shuangchuang & set(engine.matching_ids("创新创业"))


def test_the_shipped_file_is_the_one_used() -> None:
    assert LEXICON_FILE.name == "synonyms.yaml" and LEXICON_FILE.parent.name == "index"


@pytest.mark.parametrize("typed", ["创新劵", "创新卷"])
def test_common_misspellings_of_voucher_find_the_voucher_measures(engine, typed: str) -> None:  # type: ignore[no-untyped-def]
    # 劵 is a frequent mistyping of 券; the 摘编 itself cites a "科技创新卷实施细则".
    top = [h.id for h in engine.search(typed, limit=3).hits]
    assert "zb-05-09" in top and "zb-05-10" in top, top
