"""Reader HTML: amounts emphasised and terms highlighted without changing the wording, measure and
document pages, citations, and the curated data (compare.yaml, home.yaml) against the handbook."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest

from content.curated import excerpt_span, load_comparisons, load_tiles
from ui.pages import Page
from ui.render import (
    AMOUNT_RE,
    MeasureExtras,
    compare_cell_text,
    compare_measure_html,
    mark_text,
    render_compare,
    render_compare_index,
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


def test_measure_page(handbook: Any, bundle: Any) -> None:
    m = handbook.measure("hb12-09")
    html = render_measure(bundle, m, ("创新",), MeasureExtras(bookmarked=True))
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


def test_editorial_title_is_marked(handbook: Any, bundle: Any) -> None:
    m = handbook.measure("zb-05-01")
    assert m.title_editorial
    assert "标题为编者所拟" in _plain(render_measure(bundle, m))
    assert "编者所拟" not in _plain(render_measure(bundle, handbook.measure("hb12-01")))


def test_measure_cited_source_and_calculator_link(handbook: Any, bundle: Any) -> None:
    m = handbook.measure("zb-05-01")
    html = render_measure(bundle, m, extras=MeasureExtras(calculators=(("calc-x", "某计算器"),)))
    assert "石政办函〔2021〕58号" in _plain(html)
    assert 'href="calc:calc-x"' in html and "计算：某计算器" in _plain(html)


def test_document_page_header(handbook: Any, bundle: Any) -> None:
    doc = handbook.document("sjz-xianyu-yuesheng")
    text = _plain(render_document(bundle, doc))
    for v in (doc.title, "石政办函〔2022〕17号", "2022年3月19日", "市级", "石家庄市", "期限已过", "石家庄市人民政府办公室",
              "正式文件", "文件所定期限"):
        assert v in text, v
    assert "不作为享受政策的依据" in text


def test_citation_of_measure_and_document(handbook: Any, bundle: Any) -> None:
    c = bundle.citation(handbook.measure("zb-05-01"))
    assert c.startswith("《科技创新政策摘编》")
    assert "第1条" in c and "首次认定高新技术企业后补助" in c
    assert "石政办函〔2021〕58号" in c
    assert c.endswith("；状态：效力未核实")  # a pasted citation never looks current
    d = bundle.citation(handbook.document("sjz-xianyu-yuesheng"))
    assert "石政办函〔2022〕17号" in d and "《石家庄市县域科技创新跃升计划工作方案" in d and "期限已过" in d


def test_excerpt_is_one_contiguous_stretch_of_the_text() -> None:
    text = "扩大科技创新券支持对象；充分发挥风险补偿资金作用；对新认定的高新技术企业每家给予10万元的奖励性补助。"
    s, e = excerpt_span(text, ["高新技术企业"])
    assert text[s:e] == "对新认定的高新技术企业每家给予10万元的奖励性补助。"
    # Two focus sentences with one in between: the one in between stays (nothing is joined with "……").
    s, e = excerpt_span(text, ["创新券", "风险补偿"])
    assert text[s:e] == "扩大科技创新券支持对象；充分发挥风险补偿资金作用；"
    assert excerpt_span(text, ["没有"]) == (0, len(text))
    assert excerpt_span(text, []) == (0, len(text))
    # Nearly all of it: show it all rather than mark a tiny cut.
    assert excerpt_span(text, ["补助", "支持对象"]) == (0, len(text))
    padded = "\n  对高新技术企业奖励。\n"
    s, e = excerpt_span(padded, ["高新技术企业"])
    assert padded[s:e] == "对高新技术企业奖励。"


def test_every_comparison_cites_existing_measures_of_its_level(handbook: Any, bundle: Any) -> None:
    comps = load_comparisons()
    assert {"gaoqi", "yanfa", "jiebang", "chuangxinquan", "fuhuaqi", "chengguo-shourang", "yuanshi",
            "jishu-zhuanyi"} <= {c.id for c in comps}
    for comp in comps:
        for col in comp.columns:
            for mid in col.measures:
                m = handbook.measure(mid)
                assert m is not None, f"{comp.id}: {mid} is not in the handbook"
                assert m.level == col.level, f"{comp.id}: {mid} is {m.level}, column says {col.level}"
                assert m.region == col.region, f"{comp.id}: {mid} is from {m.region}, column says {col.region}"
                if comp.focus:  # the cell shows the stretch with a focus phrase (or all of the text)
                    assert any(f in m.title + m.text for f in comp.focus), f"{comp.id}: {mid} mentions no focus"
            assert col.measures or col.empty, f"{comp.id}: empty column needs an 'empty' text"


def test_compare_cells_show_exact_wording_or_a_marked_linked_excerpt(handbook: Any, bundle: Any) -> None:
    excerpts = 0
    for comp in load_comparisons():
        page = _plain(render_compare(bundle, comp))
        for mid in comp.measure_ids():
            m = handbook.measure(mid)
            shown, is_excerpt = compare_cell_text(m, comp.focus)
            assert shown and shown in m.text, f"{comp.id}/{mid}: not an exact substring of the text"
            cell = compare_measure_html(bundle, m, comp.focus)
            assert shown in _plain(cell) and shown in page, f"{comp.id}/{mid}: cell does not show it verbatim"
            assert f'href="{Page("item", mid).href()}"' in cell  # the title links to the measure
            if is_excerpt:
                excerpts += 1
                assert "摘录" in _plain(cell), f"{comp.id}/{mid}: excerpt is not marked"
                assert re.search(rf'<a href="{re.escape(Page("item", mid).href())}">阅读全文', cell), mid
            else:
                assert shown == m.text.strip() and "摘录" not in _plain(cell) and "阅读全文" not in _plain(cell)
    assert excerpts >= 5  # the long measures are cut to their relevant stretch


@pytest.mark.parametrize(
    ("comp_id", "lf_id", "quote"),
    [
        # Each quote checked against content/sources/004_2cc7d44ff1224f72.txt (廊坊 征求意见稿).
        ("gaoqi", "lf-12", "对新认定的高新技术企业，省级给予10万元的奖励性补助"),
        ("yanfa", "lf-15", "最高补助1000万元"),
        ("jiebang", "lf-03", "按项目榜单实际支付金额的30%和20%给予主要出资方资金支持"),
        ("fuhuaqi", "lf-24", "对在市级考核评估中获得优秀的孵化平台，给予10万元奖励"),
        ("chengguo-shourang", "lf-21", "实付专利技术交易金额的40%给予补贴"),
        ("yuanshi", "lf-34", "给予最高50万元合作项目资金支持"),
        ("chuangye-rencai", "lf-35", "最高给予启动资金100万元"),
    ],
)
def test_langfang_column_is_marked_as_a_draft(handbook: Any, bundle: Any, comp_id: str, lf_id: str, quote: str) -> None:
    comp = next(c for c in load_comparisons() if c.id == comp_id)
    col = next(c for c in comp.columns if c.region == "廊坊市")
    assert col.measures == (lf_id,) and col.level == "市级"
    assert comp.columns.index(col) == len(comp.columns) - 1  # another city: after the province → district chain
    page = render_compare(bundle, comp)
    text = _plain(page)
    assert quote in text
    start = page.index("<th")  # the comparison's header row (the 谁负责 box above it has no <th>)
    header = page[start:page.index("</tr>", start)]
    assert "廊坊市" in _plain(header) and "征求意见稿" in _plain(header)  # badge in the column header
    assert "征求意见稿" in _plain(compare_measure_html(bundle, handbook.measure(lf_id), comp.focus))  # and cell
    assert "不是正式印发的政策" in text


def test_compare_index_flags_the_draft_columns(handbook: Any, bundle: Any) -> None:
    comps = load_comparisons()
    page = render_compare_index(bundle, comps)
    items = {c.id: page[page.index(f'href="{Page("compare", c.id).href()}"'):] for c in comps}
    for c in comps:
        item = items[c.id].split("</li>", 1)[0]
        has_draft = any(bundle.status(mid).status.value == "征求意见稿" for mid in c.measure_ids())
        assert ("廊坊市" in _plain(item) and "征求意见稿" in _plain(item)) == has_draft, c.id
        for mid in c.measure_ids():  # every status of the compared measures is flagged
            assert bundle.status(mid).status.value in _plain(item), (c.id, mid)
    assert "廊坊市" in _plain(items["gaoqi"].split("</li>", 1)[0])
    assert "征求意见稿" not in _plain(items["chuangxinquan"].split("</li>", 1)[0])


@pytest.mark.parametrize(
    ("comp_id", "quotes"),
    [
        # Same kind of support at several levels; amounts checked against content/sources/002_… (摘编).
        ("chengguo-shourang", ["每项最高可补助100万元", "每项最高可补助50万元"]),  # zb-04-02 province, zb-04-04 city
        ("jishu-zhuanyi", ["年度最高可补助50万元", "年度最高可补助30万元"]),  # zb-04-03 province, zb-04-04 city
        ("yuanshi", ["资助额度不超过50万元", "对新认定的院士工作站，给予50万元的一次性奖励"]),  # zb-08-10, zb-08-06
        ("fuhuaqi", ["视情况给予一定绩效补助", "分别给予300万元、100万元、50万元的一次性后补助奖励"]),  # zb-06-03, -04
    ],
)
def test_new_comparisons_quote_each_level(handbook: Any, bundle: Any, comp_id: str, quotes: list[str]) -> None:
    comp = next(c for c in load_comparisons() if c.id == comp_id)
    text = _plain(render_compare(bundle, comp))
    for q in quotes:
        assert q in text, q
    assert text.index("省级") < text.index("市级") < text.index("区县级")


def test_gaoqi_comparison_amounts_come_from_the_measures(handbook: Any, bundle: Any) -> None:
    comp = next(c for c in load_comparisons() if c.id == "gaoqi")
    text = _plain(render_compare(bundle, comp))
    assert "2亿元新认定国家高新技术企业奖励资金" in text  # hb12-02a, province
    assert "每家给予10万元的奖励性补助" in text  # sjz16-06, city
    assert "每家奖励补助5万元" in text  # changan-1-2, district


def test_tiles_point_to_existing_pages(handbook: Any, bundle: Any) -> None:
    tiles = load_tiles()
    assert [t.title for t in tiles] == ["我的企业", "高企认定奖励", "研发费用加计扣除", "揭榜挂帅", "创新券", "科技人才",
                                        "科技金融"]
    comps = {c.id for c in load_comparisons()}
    topics = {t for m in handbook.measures() for t in m.topics}
    for t in tiles:
        kind, _, arg = t.target.partition(":")
        assert ((kind == "compare" and arg in comps) or (kind == "topic" and arg in topics) or kind == "search"
                or (kind == "profile" and not arg))


def test_malformed_compare_file_is_a_clear_error(tmp_path: Any) -> None:
    p = tmp_path / "compare.yaml"
    p.write_text("comparisons:\n  - id: x\n    title: T\n    columns:\n      - level: 省级\n", encoding="utf-8")
    errors: list[Any] = []
    assert load_comparisons(p, errors) == ()
    assert [str(e) for e in errors] == ["compare.yaml:5: [region] “region”应为非空文字"]
