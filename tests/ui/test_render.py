"""Reader HTML: amounts emphasised and terms highlighted without changing the wording, measure and
document pages, citations, and the curated data (compare.yaml, home.yaml) against the handbook."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest

from ui.compare import CuratedDataError, load_comparisons, load_tiles
from ui.render import (
    AMOUNT_RE,
    MeasureExtras,
    citation,
    focus_sentences,
    mark_text,
    render_compare,
    render_document,
    render_measure,
)


def _plain(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br/>", "\n")))


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("每家给予 10 万元后补助", ["10 万元"]),
        ("下达2亿元新认定", ["2亿元"]),
        ("按30%~50%予以配套", ["30%~50%"]),
        ("给予30—200万元的奖励", ["30—200万元"]),
        ("每人每次500-800元的工作补助", ["500-800元"]),
        ("按其技术合同登记额的 1‰给予补助", ["1‰"]),
        ("2022年6月底前", []),
        ("第5条", []),
    ],
)
def test_amounts_found(text: str, amounts: list[str]) -> None:
    assert [m.group(0) for m in AMOUNT_RE.finditer(text)] == amounts


def test_mark_text_keeps_every_character() -> None:
    text = "对首次认定的高新技术企业，每家给予 10 万元后补助资金支持。<见附件>\n第二行"
    marked = mark_text(text, ["高新技术企业", "补助"])
    assert _plain(marked) == text
    assert '<b style="color:#9c2a00">10 万元</b>' in marked
    assert '<span style="background-color:#ffe27a">高新技术企业</span>' in marked
    assert "&lt;见附件&gt;" in marked


def test_mark_text_overlapping_term_and_amount() -> None:
    marked = mark_text("补助10万元", ["10万"])
    assert _plain(marked) == "补助10万元"
    assert "background-color" in marked and "#9c2a00" in marked


def test_measure_page(handbook: Any) -> None:
    m = handbook.measure("hb12-09")
    html = render_measure(handbook, m, ("创新",), MeasureExtras(bookmarked=True))
    text = _plain(html)
    assert m.title in text and m.number in text
    assert "编者注" in text and "不是文件原文" in text  # notes set apart and labelled
    assert "资源配置管理处" in text and "0311-85889143" in text
    assert 'href="copy:0311-85889143"' in html and 'href="copy:ZHUYH%40HEBKJT.CN"' in html
    assert "已收藏" in text
    assert "以正式文件为准" in text
    assert 'href="item:hb12-08"' in html and 'href="item:hb12-10a"' in html  # previous / next
    # Every paragraph of the official text is there, unchanged.
    for para in m.text.split("\n\n"):
        assert para.strip() in text


def test_editorial_title_is_marked(handbook: Any) -> None:
    m = handbook.measure("zb-05-01")
    assert m.title_editorial
    assert "标题为编者所拟" in _plain(render_measure(handbook, m))
    assert "编者所拟" not in _plain(render_measure(handbook, handbook.measure("hb12-01")))


def test_measure_cited_source_and_calculator_link(handbook: Any) -> None:
    m = handbook.measure("zb-05-01")
    html = render_measure(handbook, m, extras=MeasureExtras(calculators=(("calc-x", "某计算器"),)))
    assert "石政办函〔2021〕58号" in _plain(html)
    assert 'href="calc:calc-x"' in html and "计算：某计算器" in _plain(html)


def test_document_page_header(handbook: Any) -> None:
    doc = handbook.document("sjz-xianyu-yuesheng")
    text = _plain(render_document(handbook, doc))
    for v in (doc.title, "石政办函〔2022〕17号", doc.date, "市级", "石家庄市", doc.status, "石家庄市人民政府办公室"):
        assert v in text, v
    assert "不作为享受政策的依据" in text


def test_citation_of_measure_and_document(handbook: Any) -> None:
    c = citation(handbook, handbook.measure("zb-05-01"))
    assert c.startswith("《科技创新政策摘编》")
    assert "第1条" in c and "首次认定高新技术企业后补助" in c
    assert "石政办函〔2021〕58号" in c
    d = citation(handbook, handbook.document("sjz-xianyu-yuesheng"))
    assert "石政办函〔2022〕17号" in d and "《石家庄市县域科技创新跃升计划工作方案" in d


def test_focus_sentences() -> None:
    text = "扩大科技创新券支持对象；充分发挥风险补偿资金作用；对新认定的高新技术企业每家给予10万元的奖励性补助。"
    assert focus_sentences(text, "高新技术企业") == "对新认定的高新技术企业每家给予10万元的奖励性补助。"
    assert focus_sentences(text, "没有") == text
    assert focus_sentences(text, "") == text


def test_every_comparison_cites_existing_measures_of_its_level(handbook: Any) -> None:
    comps = load_comparisons()
    assert {"gaoqi", "yanfa", "jiebang", "chuangxinquan"} <= {c.id for c in comps}
    for comp in comps:
        for col in comp.columns:
            for mid in col.measures:
                m = handbook.measure(mid)
                assert m is not None, f"{comp.id}: {mid} is not in the handbook"
                assert m.level == col.level, f"{comp.id}: {mid} is {m.level}, column says {col.level}"
                if comp.focus:  # the cell shows the sentences with the focus phrase (or all of a short text)
                    assert comp.focus in m.title + m.text, f"{comp.id}: {mid} never mentions '{comp.focus}'"
            assert col.measures or col.empty, f"{comp.id}: empty column needs an 'empty' text"


def test_gaoqi_comparison_amounts_come_from_the_measures(handbook: Any) -> None:
    comp = next(c for c in load_comparisons() if c.id == "gaoqi")
    text = _plain(render_compare(handbook, comp))
    assert "2亿元新认定国家高新技术企业奖励资金" in text  # hb12-02a, province
    assert "每家给予10万元的奖励性补助" in text  # sjz16-06, city
    assert "每家奖励补助5万元" in text  # changan-1-2, district


def test_tiles_point_to_existing_pages(handbook: Any) -> None:
    tiles = load_tiles()
    assert [t.title for t in tiles] == ["高企认定奖励", "研发费用加计扣除", "揭榜挂帅", "创新券", "科技人才", "科技金融"]
    comps = {c.id for c in load_comparisons()}
    topics = {t for m in handbook.measures() for t in m.topics}
    for t in tiles:
        kind, _, arg = t.target.partition(":")
        assert (kind == "compare" and arg in comps) or (kind == "topic" and arg in topics) or kind == "search"


def test_malformed_compare_file_is_a_clear_error(tmp_path: Any) -> None:
    p = tmp_path / "compare.yaml"
    p.write_text("comparisons:\n  - id: x\n    title: T\n    columns:\n      - level: 省级\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match=r"compare.yaml: comparison 1 \(x\) column 1: 'region'"):
        load_comparisons(p)
