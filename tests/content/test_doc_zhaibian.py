"""The 石家庄市科技创新政策摘编 (source 002): structure, ids, levels, citations and editor's notes.

Expected values were counted and read in ``content/sources/002_ab7bf7dab736abcf.txt``; where
possible the test also derives them from the source text itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Document, Handbook, Measure
from content.normalize import squash

SOURCE = Path(__file__).resolve().parents[2] / "content" / "sources" / "002_ab7bf7dab736abcf.txt"
DOC_ID = "sjz-zhaibian-2023"

# Items per chapter 一 … 十, counted in the source.
CHAPTER_COUNTS = {
    "zb-01": 4, "zb-02": 2, "zb-03": 10, "zb-04": 5, "zb-05": 12,
    "zb-06": 5, "zb-07": 3, "zb-08": 12, "zb-09": 4, "zb-10": 1,
}
# Chapter 十一's sub-sections （一）…（四）.
CH11_COUNTS = {"zb-11-1": 4, "zb-11-2": 1, "zb-11-3": 6, "zb-11-4": 3}
CH11_SOURCE = "税务总局所得税司、科技部政策法规与创新体系建设司联合发布《研发费用加计扣除政策执行指引（2.0版）》"
CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]


@pytest.fixture(scope="module")
def doc(handbook: Handbook) -> Document:
    d = handbook.document(DOC_ID)
    assert d is not None, f"document {DOC_ID} not loaded: {[str(e) for e in handbook.errors]}"
    return d


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE.read_text(encoding="utf-8")


def _m(doc: Document, mid: str) -> Measure:
    for m in doc.all_measures():
        if m.id == mid:
            return m
    raise AssertionError(f"no measure {mid}")


def _notes(doc: Document, mid: str) -> str:
    return "\n".join(_m(doc, mid).notes)


# ---------------------------------------------------------------------------------------------
# Document metadata
# ---------------------------------------------------------------------------------------------
def test_document_metadata(doc: Document) -> None:
    assert doc.title == "科技创新政策摘编"
    assert doc.short_title == "石家庄市科技创新政策摘编"
    assert doc.issuer == ("石家庄市科学技术局",)
    assert doc.doc_number == ""  # the compilation prints no 文号
    assert doc.date == "2023-08"  # cover: 2023年8月
    assert (doc.level, doc.region, doc.kind.value) == ("市级", "石家庄市", "汇编")
    assert not doc.period  # no period printed
    assert doc.date_wording == "2023年8月"
    assert doc.source_file == SOURCE.name
    assert doc.contacts == ()


def test_preface_is_the_cover_and_the_shuoming(doc: Document, source_text: str) -> None:
    lines = doc.preface.splitlines()
    assert lines[0] == "创新驱动发展 科技引领未来"
    assert "说明" in lines
    assert "（<http://kjj.sjz.gov.cn/>）" in doc.preface
    assert "不是享受政策的依据。政策执行请以正式文件为准。" in doc.preface
    assert lines[-1] == "由于时间仓促，本手册难免有疏漏和错误之处，敬请提出宝贵意见。"
    assert squash(doc.preface) in squash(source_text)


def test_document_notes_warn_that_official_documents_prevail(doc: Document) -> None:
    notes = "\n".join(doc.notes)
    assert all(n.startswith("编者注：") for n in doc.notes)
    assert "不是享受政策的依据" in notes and "以正式文件为准" in notes
    assert "有效期" in notes


def test_no_contacts_because_the_source_prints_none(doc: Document, source_text: str) -> None:
    assert not re.search(r"\d{7,}|@", source_text.replace("http://kjj.sjz.gov.cn/", ""))
    assert all(not m.contacts for m in doc.all_measures())


# ---------------------------------------------------------------------------------------------
# Structure: parts, ids, counts
# ---------------------------------------------------------------------------------------------
def _source_chapter_counts(source_text: str) -> dict[str, int]:
    """Items ``N.`` per chapter heading in the body (chapters 一 … 十)."""
    # skip the table of contents (its lines end in a tab and a page number)
    body = source_text[source_text.index("\n一、“揭榜挂帅”项目支持政策\n") :]
    body = body[: body.index("\n十一、研发费用加计扣除政策\n")]
    counts: dict[str, int] = {}
    current = ""
    for line in body.splitlines():
        head = re.match(r"^([一二三四五六七八九十]+)、", line)
        if head:
            current = f"zb-{CHINESE_NUMERALS.index(head.group(1)) + 1:02d}"
            counts[current] = 0
        elif re.match(r"^\d+\.", line):
            counts[current] += 1
    return counts


def test_chapter_counts_match_the_source(doc: Document, source_text: str) -> None:
    assert _source_chapter_counts(source_text) == CHAPTER_COUNTS
    got = {p.id: len(p.measures) for p in doc.parts if p.id != "zb-11"}
    assert got == CHAPTER_COUNTS


def test_parts_are_the_eleven_chapters_in_order(doc: Document) -> None:
    assert [p.id for p in doc.parts] == [f"zb-{i:02d}" for i in range(1, 12)]
    assert [p.number for p in doc.parts] == CHINESE_NUMERALS
    for p in doc.parts:
        assert p.title.startswith(f"{p.number}、")


def test_chapter_titles_against_the_table_of_contents(doc: Document, source_text: str) -> None:
    toc = dict(re.findall(r"^([一二三四五六七八九十]+)、(.+)\t\d+$", source_text, flags=re.M))
    assert len(toc) == 11
    for p in doc.parts:
        heading = p.title.split("、", 1)[1]
        if p.id == "zb-09":
            # the body's heading differs from the TOC entry; the heading is kept and noted
            assert heading == "科技领域“放管服”相关政策"
            assert toc["九"] == "“放管服”相关政策"
            assert any("目录" in n for n in p.notes)
        else:
            assert heading == toc[p.number]


def test_measure_ids_numbers_and_order(doc: Document) -> None:
    ids = [m.id for m in doc.all_measures()]
    assert len(ids) == len(set(ids)) == sum(CHAPTER_COUNTS.values()) + sum(CH11_COUNTS.values()) == 72
    for p in doc.parts[:10]:
        assert [m.id for m in p.measures] == [f"{p.id}-{i:02d}" for i in range(1, len(p.measures) + 1)]
        assert [m.number for m in p.measures] == [str(i) for i in range(1, len(p.measures) + 1)]
        for m in p.measures:
            assert m.text.startswith(f"{m.number}.")  # the printed item number is kept in the text
            assert "\n" not in m.text  # one paragraph: PDF breaks re-joined


def test_chapter_eleven_structure(doc: Document) -> None:
    ch11 = doc.parts[10]
    assert ch11.title == "十一、研发费用加计扣除政策"
    assert ch11.measures == ()
    assert {p.id: len(p.measures) for p in ch11.parts} == CH11_COUNTS
    assert [p.title for p in ch11.parts] == [
        "（一）政策要点", "(二)不适用加计扣除政策的活动", "（三）研发费用加计扣除归集口径", "(四)其他事项",
    ]
    for p in ch11.parts:
        expected = [f"{p.id}-{i:02d}" for i in range(1, len(p.measures) + 1)]
        assert [m.id for m in p.measures] == expected
    assert ch11.parts[2].intro == "可加计扣除的研发费用范围："
    assert [m.title for m in ch11.parts[2].measures] == [
        "人员人工费用", "直接投入费用", "折旧费用", "无形资产摊销",
        "新产品设计费、新工艺规程制定费、新药研制的临床试验费、勘探开发技术的现场试验费", "其他相关费用",
    ]


def test_chapter_eleven_source_appears_once_and_on_every_measure(doc: Document) -> None:
    ch11 = doc.parts[10]
    assert ch11.intro == f"（{CH11_SOURCE}）"
    pieces = [ch11.intro] + [p.intro for p in ch11.parts] + [m.text for m in ch11.all_measures()]
    assert sum(x.count("研发费用加计扣除政策执行指引") for x in pieces) == 1
    for m in ch11.all_measures():
        assert m.source is not None and m.source.title == CH11_SOURCE and m.source.doc_number == ""
        assert (m.level, m.region) == ("国家级", "全国")  # national tax policy, said in the part note
    notes = "\n".join(ch11.notes)
    assert "国家级（全国）" in notes


def test_not_applicable_activities_are_complete(doc: Document) -> None:
    m = _m(doc, "zb-11-2-01")
    lines = m.text.splitlines()
    assert lines[0].startswith("为提高政策的精准性、可操作性，财税〔2015〕119号文")
    assert [ln.split(".", 1)[0] for ln in lines[1:8]] == [str(i) for i in range(1, 8)]
    assert lines[-1] == "其中，1至6类活动虽与研发活动有密切关系，但都不属于研发活动。"


def test_entrusted_rd_keeps_the_three_sub_items(doc: Document) -> None:
    text = _m(doc, "zb-11-1-02").text
    assert "由合作各方就自身实际承担的研发费用分别计算加计扣除。" in text  # re-joined PDF break
    assert text.count("\n") == 3
    assert "80%" in text and "三分之二" in text


# ---------------------------------------------------------------------------------------------
# Citations, levels, issuers
# ---------------------------------------------------------------------------------------------
def _is_province(m: Measure) -> bool:
    assert m.source is not None
    return m.source.doc_number.startswith("冀") or m.source.title.startswith(("河北省", "中共河北省"))


def test_every_item_keeps_its_citation_and_it_is_extracted(doc: Document) -> None:
    for p in doc.parts[:10]:
        for m in p.measures:
            assert m.source is not None, m.id
            assert m.text.endswith(("）", ")")), m.id
            assert squash(m.source.title) in squash(m.text), m.id
            assert m.source.doc_number in m.text, m.id
            assert " 号" not in m.source.doc_number and not m.source.doc_number.endswith(" ")


def test_level_follows_the_cited_document(doc: Document) -> None:
    n_province = 0
    for p in doc.parts[:10]:
        for m in p.measures:
            if _is_province(m):
                n_province += 1
                assert (m.level, m.region) == ("省级", "河北省"), m.id
                assert m.issuer and all(x.startswith(("河北省", "中共河北省")) for x in m.issuer), m.id
            else:
                assert (m.level, m.region) == ("市级", "石家庄市"), m.id
                assert all("河北" not in x for x in m.issuer), m.id
    assert n_province == 35


@pytest.mark.parametrize(
    ("mid", "doc_number", "level"),
    [
        ("zb-01-01", "冀科资规〔2022〕1号", "省级"),
        ("zb-01-03", "〔2021〕-125", "市级"),
        ("zb-01-04", "〔2021〕-125", "市级"),
        ("zb-02-01", "", "市级"),
        ("zb-03-06", "〔2022〕-10", "市级"),
        ("zb-03-07", "〔2022〕-44", "市级"),
        ("zb-03-08", "冀政办字〔2023〕86号", "省级"),
        ("zb-04-02", "冀科创领〔2021〕2号", "省级"),
        ("zb-04-03", "冀科成市〔2019〕21号", "省级"),
        ("zb-04-04", "石政办函〔2022〕10号", "市级"),
        ("zb-05-01", "石政办函〔2021〕58号", "市级"),
        ("zb-05-06", "石政办函〔2022〕9号", "市级"),
        ("zb-05-07", "冀办〔2021〕28号", "省级"),
        ("zb-05-10", "石科规〔2023〕2号", "市级"),
        ("zb-06-04", "石政办发〔2019〕12号", "市级"),
        ("zb-07-01", "冀科区〔2021〕6号", "省级"),
        ("zb-07-02", "〔2022〕-20", "市级"),
        ("zb-08-07", "〔2019〕-16", "市级"),
        ("zb-08-09", "石科规〔2021〕-1", "市级"),
        ("zb-08-11", "石人才〔2022〕1号", "市级"),
        ("zb-09-04", "石科规〔2022〕3号", "市级"),
        ("zb-10-01", "冀政办字〔2019〕9号", "省级"),
    ],
)
def test_doc_numbers_as_printed(doc: Document, mid: str, doc_number: str, level: str) -> None:
    m = _m(doc, mid)
    assert m.source is not None
    assert m.source.doc_number == doc_number
    assert m.level == level


def test_joint_issuers_keep_their_printed_separation(doc: Document) -> None:
    m = _m(doc, "zb-04-03")
    assert m.issuer == ("河北省科学技术厅", "河北省教育厅", "河北省财政厅", "河北省人力资源和社会保障厅")
    assert "河北省科学技术厅 河北省教育厅 河北省财政厅 河北省人力资源和社会保障厅" in m.text
    assert _m(doc, "zb-05-07").issuer == ("中共河北省委办公厅", "河北省人民政府办公厅")
    assert _m(doc, "zb-02-01").issuer == ("石家庄市委、市政府办公室",)


# ---------------------------------------------------------------------------------------------
# Figures the calculators rely on (read in the source)
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mid", "phrases"),
    [
        ("zb-01-01", ["实际支付金额的40%", "最高不超过1000万元"]),
        ("zb-01-04", ["一般不超过40%", "最高补助不超过600万元", "30%事前资助资金", "70%事后补助资金"]),
        ("zb-04-02", ["最高10%的补助", "最高5%的补助", "每项最高可补助100万元"]),
        ("zb-04-04", ["最高10%的补助", "最高5%的补助", "每项最高可补助50万元"]),
        ("zb-05-01", ["每家给予10万元后补助资金支持"]),
        ("zb-05-06", ["实际支付利息的50%", "实际支付利息的70%", "不超过100万元", "不超过300万元"]),
        ("zb-05-10", ["服务合同总金额的50%", "上限为10万元"]),
        ("zb-06-04", ["分别给予300万元、100万元、50万元", "每家40万元、20万元"]),
        ("zb-10-01", ["最高奖励不超过500万元"]),
        ("zb-11-1-01", ["实际发生额的100%", "无形资产成本的200%"]),
        ("zb-11-3-06", ["可加计扣除研发费用总额的10%"]),
    ],
)
def test_figures(doc: Document, mid: str, phrases: list[str]) -> None:
    text = _m(doc, mid).text
    for ph in phrases:
        assert ph in text, f"{mid}: {ph!r} missing"


# ---------------------------------------------------------------------------------------------
# Titles, topics, notes
# ---------------------------------------------------------------------------------------------
def test_titles(doc: Document, source_text: str) -> None:
    src = squash(source_text)
    for m in doc.all_measures():
        assert m.title, m.id
        if m.title_editorial:
            assert len(m.title) <= 40, m.id
        else:
            assert squash(m.title) in src, m.id
    printed = {"zb-02-01": "鼓励研发创新", "zb-04-04": "建立完善技术经纪服务激励机制",
               "zb-07-01": "科技特派员资金补助标准", "zb-10-01": "实施县域科技创新跃升奖励"}
    for mid, title in printed.items():
        m = _m(doc, mid)
        assert (m.title, m.title_editorial) == (title, False)


def test_every_measure_has_topics_and_beneficiaries(doc: Document) -> None:
    for m in doc.all_measures():
        assert 1 <= len(m.topics) <= 3, m.id
        assert m.beneficiaries, m.id
    assert all("税收优惠" in m.topics for m in doc.parts[10].all_measures())


def test_all_notes_are_marked(doc: Document) -> None:
    everything = list(doc.notes) + [n for p in doc.all_parts() for n in p.notes]
    everything += [n for m in doc.all_measures() for n in m.notes]
    assert everything and all(n.startswith("编者注：") for n in everything)


@pytest.mark.parametrize(
    ("mid", "needles"),
    [
        ("zb-05-10", ["科技创新卷", "券"]),
        ("zb-05-06", ["句号", "首次获得贷款的申请企业。按照"]),
        ("zb-03-06", ["100万", "元"]),
        ("zb-03-07", ["2000万", "元"]),
        ("zb-05-05", ["zb-05-08", "30—200万元"]),
        ("zb-05-08", ["zb-05-05", "30—200万元"]),
        ("zb-04-02", ["zb-04-04", "100万元", "50万元"]),
        ("zb-04-04", ["zb-04-02", "100万元", "50万元"]),
        ("zb-04-05", ["zb-04-02"]),
        ("zb-05-07", ["十四五", "2025"]),
        ("zb-10-01", ["2019-2025", "核实"]),
        ("zb-01-02", ["500万元", "600万元"]),
        ("zb-01-04", ["500万元", "600万元"]),
        ("zb-08-10", ["zb-08-12", "50万元", "40万元"]),
        ("zb-08-12", ["zb-08-10", "50万元", "40万元"]),
        ("zb-08-11", ["等3个文件"]),
        ("zb-02-01", ["未注明文号"]),
        ("zb-11-2-01", ["“研”", "“发活动。”"]),
    ],
)
def test_anomalies_carry_notes(doc: Document, mid: str, needles: list[str]) -> None:
    notes = _notes(doc, mid)
    for n in needles:
        assert n in notes, f"{mid}: note should mention {n!r}"


def test_odd_doc_numbers_are_noted(doc: Document) -> None:
    for m in doc.all_measures():
        if m.source and re.search(r"〔\d{4}〕-", m.source.doc_number):
            assert any(m.source.doc_number in n for n in m.notes), m.id


def test_anomalies_kept_as_printed(doc: Document) -> None:
    assert "《石家庄市科技创新卷实施细则》" in _m(doc, "zb-05-10").text
    assert "对于首次获得贷款的申请企业。按照实际支付利息的70%" in _m(doc, "zb-05-06").text
    assert "每个项目给予100万左右财政资金支持" in _m(doc, "zb-03-06").text
    assert "给予最高2000万补助资金" in _m(doc, "zb-03-07").text


def test_measures_reachable_through_the_handbook(handbook: Handbook) -> None:
    m = handbook.measure("zb-05-06")
    assert m is not None and m.document_id == DOC_ID and m.part_id == "zb-05"
    assert m.path == ("石家庄市科技创新政策摘编", "五、创新主体支持政策")
    sub = handbook.measure("zb-11-3-01")
    assert sub is not None and sub.path[-2:] == ("十一、研发费用加计扣除政策", "（三）研发费用加计扣除归集口径")
