"""石家庄市县域科技创新跃升计划工作方案（2022—2025年） (seed 001) as bundled content.

Expected values were read off ``content/sources/001_8acb7f029b6e3176.txt`` by hand; where possible
the test also derives them from the seed itself, so a mistyped expectation cannot pass unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Document, Handbook, Measure
from content.normalize import normalize_layout, squash

DOC_ID = "sjz-xianyu-yuesheng"
SEED = Path(__file__).resolve().parents[2] / "content" / "sources" / "001_8acb7f029b6e3176.txt"

# Measures per part, counted in the source: 一 one paragraph, 二 （一）…（四）, 三 one paragraph,
# 四 three stages, 五 （一）…（六） holding items 1…22, 六 （一）…（五）.
EXPECTED_COUNTS = {
    "xy-1": 1, "xy-2": 4, "xy-3": 1, "xy-4": 3,
    "xy-5-1": 3, "xy-5-2": 4, "xy-5-3": 5, "xy-5-4": 3, "xy-5-5": 4, "xy-5-6": 3,
    "xy-6": 5,
}


@pytest.fixture(scope="module")
def doc(handbook: Handbook) -> Document:
    d = handbook.document(DOC_ID)
    assert d is not None, f"document {DOC_ID} is missing; errors: {[str(e) for e in handbook.errors]}"
    return d


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def measures(doc: Document) -> list[Measure]:
    return list(doc.all_measures())


def _m(handbook: Handbook, mid: str) -> Measure:
    m = handbook.measure(mid)
    assert m is not None, mid
    return m


# -- metadata ---------------------------------------------------------------------------------
def test_metadata_as_printed(doc: Document, seed: str) -> None:
    assert doc.title == "石家庄市县域科技创新跃升计划工作方案（2022—2025年）"
    assert doc.issuer == ("石家庄市人民政府办公室",)
    assert doc.doc_number == "石政办函〔2022〕17号"
    assert doc.date == "2022-03-19"
    assert doc.level == "市级"
    assert doc.region == "石家庄市"
    assert (doc.period.start, doc.period.end) == ("2022", "2025")
    assert doc.kind.value == "正式文件" and doc.date_wording == "2022年3月19日"
    assert seed.splitlines()[doc.period.line - 1].endswith(doc.period.wording)
    assert doc.source_file == SEED.name
    # each value really is printed in the seed
    lines = [normalize_layout(x) for x in seed.splitlines()]
    assert "石家庄市人民政府办公室" in lines
    assert "石政办函〔2022〕17号" in lines
    assert "2022年3月19日" in lines
    assert "工作方案（2022—2025年）" in seed


def test_status_expired_because_period_ended(doc: Document, handbook: Handbook) -> None:
    import datetime

    from content.bundle import bundle_for

    after = bundle_for(handbook, today=datetime.date(2026, 1, 1))
    assert after.status(doc.id).status.value == "期限已过"
    assert after.status(doc.id).reason == "原文：工作方案（2022—2025年）（至2025-12-31）"
    assert {after.status(m.id).status.value for m in doc.all_measures()} == {"期限已过"}
    within = bundle_for(handbook, today=datetime.date(2025, 12, 31))
    assert within.status(doc.id).status.value == "效力未核实"
    assert within.status(doc.id).reason == "印发于2022-03-19；未经核实"
    assert any("2022—2025" in n and "科学技术局" in n for n in doc.notes)
    assert all(n.startswith("编者注：") for n in doc.notes)


def test_preface_is_the_notice_then_the_opening_paragraph(doc: Document) -> None:
    lines = doc.preface.splitlines()
    assert lines[0] == "石家庄市人民政府办公室"
    assert lines[1] == "石政办函〔2022〕17号"
    assert lines[2].startswith("石家庄市人民政府办公室关于印发《") and lines[2].endswith("》的通知")
    assert lines[3] == "各县（市、区）人民政府，市政府有关部门："
    assert "2022年3月19日" in lines
    assert "（此件公开发布）" in lines
    assert lines[-1].startswith("为贯彻落实《河北省县域科技创新跃升计划（2019—2025年）》（冀政办字〔2019〕9号）")
    assert lines[-1].endswith("特制定本工作方案。")


# -- structure --------------------------------------------------------------------------------
def test_measure_count_per_part(doc: Document) -> None:
    counts = {p.id: len(p.measures) for p in doc.all_parts() if p.measures}
    assert counts == EXPECTED_COUNTS
    assert sum(counts.values()) == 36


def test_counts_agree_with_the_seed(seed: str) -> None:
    """The expected counts above, re-derived from the seed's own numbering."""
    lines = [normalize_layout(x) for x in seed.splitlines() if x.strip()]
    chapters: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        m = re.match(r"^([一二三四五六])、", line)
        if m:
            current = m.group(1)
            chapters[current] = []
        elif current:
            chapters[current].append(line)
    sub = re.compile(r"^（[一二三四五六]）")
    assert sum(bool(sub.match(x)) for x in chapters["二"]) == EXPECTED_COUNTS["xy-2"]
    assert sum(x.startswith("第") and "阶段：" in x for x in chapters["四"]) == EXPECTED_COUNTS["xy-4"]
    assert sum(bool(sub.match(x)) for x in chapters["六"]) == EXPECTED_COUNTS["xy-6"]
    items = [int(m.group(1)) for x in chapters["五"] if (m := re.match(r"^(\d+)\.", x))]
    assert items == list(range(1, 23))
    # items per heading （一）…（六） of chapter 五
    per_heading: list[int] = []
    for x in chapters["五"]:
        if sub.match(x):
            per_heading.append(0)
        elif re.match(r"^\d+\.", x):
            per_heading[-1] += 1
    assert per_heading == [EXPECTED_COUNTS[f"xy-5-{i}"] for i in range(1, 7)]


def test_ids_unique_and_in_reading_order(measures: list[Measure]) -> None:
    ids = [m.id for m in measures]
    assert len(ids) == len(set(ids))
    expected = (
        ["xy-1-1"] + [f"xy-2-{i}" for i in range(1, 5)] + ["xy-3-1"] + [f"xy-4-{i}" for i in range(1, 4)]
        + [f"xy-5-{i:02d}" for i in range(1, 23)] + [f"xy-6-{i}" for i in range(1, 6)]
    )
    assert ids == expected


def test_chapter_five_items_numbered_1_to_22(handbook: Handbook) -> None:
    for i in range(1, 23):
        m = _m(handbook, f"xy-5-{i:02d}")
        assert m.number == str(i)
        assert m.text.startswith(f"{i}.")


def test_part_titles_as_printed(doc: Document) -> None:
    top = [p.title for p in doc.parts]
    assert top == ["一、指导思想", "二、基本原则", "三、工作目标", "四、阶段性任务", "五、重点工作", "六、保障措施"]
    five = next(p for p in doc.parts if p.id == "xy-5")
    assert [p.id for p in five.parts] == [f"xy-5-{i}" for i in range(1, 7)]
    assert five.parts[0].title.startswith("（一）强化组织建设和工作机制")
    assert five.parts[0].title.endswith("确保跃升工作齐抓共管出实效")
    assert five.parts[5].title.endswith("提高全民科学素质和科学意识")
    assert five.intro.startswith("各县（市、区）根据经济社会发展科技需求")
    four = next(p for p in doc.parts if p.id == "xy-4")
    assert four.intro.startswith("依据全省县域科技创新能力监测评价结果（2021）")


def test_titles_are_lead_sentences_of_the_text(measures: list[Measure]) -> None:
    headings = {"xy-1-1": "一、指导思想", "xy-3-1": "三、工作目标"}  # one-paragraph chapters
    for m in measures:
        assert not m.title_editorial, m.id
        if m.id in headings:
            assert m.path[-1] == headings[m.id] and headings[m.id].endswith(m.title), m.id
        else:
            lead = m.text.splitlines()[0].split("。", 1)[0]
            assert lead == m.number + ("." if m.number.isdigit() else "：" if "阶段" in m.number else "") + m.title
    assert [m.title for m in measures[1:5]] == ["坚持创新核心", "突破关键问题", "实施分类帮扶跃升", "聚焦补齐短板"]


def test_topics_and_beneficiaries_everywhere(measures: list[Measure]) -> None:
    for m in measures:
        assert 1 <= len(m.topics) <= 3, m.id
        assert m.beneficiaries, m.id


# -- faithfulness details ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mid", "joined"),
    [
        ("xy-2-1", "激发全社会创新创业活力，推动大众创业"),
        ("xy-5-01", "四是加强市县两级科技服务行业协会"),
        ("xy-5-05", "加大高新技术企业所得税减免"),
        ("xy-5-08", "制定完善人才引进政策"),
        ("xy-5-10", "利用产业示范区、园区等载体"),
        ("xy-5-13", "拉动和提升作用。"),
        ("xy-5-16", "2022年度，规上高新技术产业增加值"),
        ("xy-5-20", "实施科技特派员“百千万”工程"),
        ("xy-6-4", "实行领导干部分包机制，深入县（市、区）企业"),
    ],
)
def test_pdf_line_breaks_rejoined(handbook: Handbook, mid: str, joined: str) -> None:
    m = _m(handbook, mid)
    assert joined in m.text
    assert "\n" not in m.text.strip()


def test_six_one_keeps_its_two_paragraphs(handbook: Handbook) -> None:
    paras = _m(handbook, "xy-6-1").text.strip().split("\n")
    assert len(paras) == 2
    assert paras[0].endswith("市科技局具体负责计划的组织实施和工作协调。")
    assert paras[1].startswith("各县（市、区）科技创新工作领导小组")


def test_spaced_figures_are_layout_only(handbook: Handbook, seed: str) -> None:
    text = _m(handbook, "xy-3-1").text
    assert "A类县达到12个、B类县达到9个，到2025年A类县达到15个、B类县达到6个" in text
    assert "A 类县达到 12 个" in seed  # the seed really has the spaces


def test_stage_figures_as_printed_and_consistent(handbook: Handbook, seed: str) -> None:
    """Every stage's A/B/C figures, and that they add up to the 21 counties of 2020 (8+4+9)."""
    start = re.search(r"A类县、B类县、C类县分别为(\d+)个、(\d+)个、(\d+)个", squash(seed))
    assert start is not None
    total = sum(int(x) for x in start.groups())
    assert (start.groups(), total) == (("8", "4", "9"), 21)

    def fig(text: str, pattern: str) -> int:
        m = re.search(pattern, text)
        assert m is not None, (pattern, text[:30])
        return int(m.group(1))

    s1, s2, s3 = (_m(handbook, f"xy-4-{i}").text for i in (1, 2, 3))
    stage1 = (fig(s1, r"A类县达到(\d+)个"), fig(s1, r"B类县达到(\d+)个"), fig(s1, r"C类县缩减到(\d+)个"))
    stage2 = (fig(s2, r"A类县达到(\d+)个"), fig(s2, r"B类县达到(\d+)个"))
    stage3 = (fig(s3, r"A类县达到(\d+)个"), fig(s3, r"；B类县(\d+)个"))
    assert stage1 == (10, 5, 6)
    assert stage2 == (12, 9) and "清除C类县" in s2
    assert stage3 == (15, 6)
    assert sum(stage1) == sum(stage2) == sum(stage3) == total
    # promotions as printed: 8+2=10 A; 9-3=6 C; B 4+3-2=5
    assert (fig(s1, r"跃升A类县(\d+)个"), fig(s1, r"跃升B类县(\d+)个")) == (2, 3)
    # the six 2021 C counties are the ones promoted to B in stage 2 and listed as B in 2025
    six = "行唐县、灵寿县、平山县、高邑县、井陘矿区、赞皇县"
    assert all(six in t for t in (s1, s2, s3))


def test_jingxing_variant_kept_and_noted(measures: list[Measure]) -> None:
    with_variant = [m for m in measures if "井陘" in m.text]
    assert [m.id for m in with_variant] == ["xy-4-1", "xy-4-2", "xy-4-3"]
    for m in measures:
        assert "井陉" not in m.text, f"{m.id}: the printed 陘 must not be changed"
    for m in with_variant:
        assert any(n.startswith("编者注：") and "井陘" in n and "井陉" in n for n in m.notes), m.id


def test_special_fund_kept_and_flagged(handbook: Handbook) -> None:
    m = _m(handbook, "xy-6-2")
    assert "2022—2025年每年设立1500万元县域科技创新能力跃升专项资金" in m.text
    assert any("1500万元" in n and "2022—2025年" in n and "科学技术局" in n for n in m.notes)


def test_no_contacts_printed_none_invented(doc: Document, seed: str, measures: list[Measure]) -> None:
    assert not re.search(r"\d{7,}|@", seed), "the seed prints a phone or e-mail: add it as a contact"
    assert doc.contacts == ()
    assert all(m.contacts == () for m in measures)


def test_every_editor_note_is_marked(doc: Document, measures: list[Measure]) -> None:
    notes = [*doc.notes, *(n for m in measures for n in m.notes), *(n for p in doc.all_parts() for n in p.notes)]
    assert notes
    assert all(n.startswith("编者注：") for n in notes)
