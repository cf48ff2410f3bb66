"""河北·京南国家科技成果转移转化示范区石家庄高新区建设任务落实方案(2018-2020年) (seed 003).

Expected values were read off ``content/sources/003_e927b0ffb70c5912.txt`` by hand; the counts
are also re-derived from the seed's own numbering.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Document, Handbook, Measure
from content.normalize import normalize_layout

DOC_ID = "sjz-gxq-jingnan"
SEED = Path(__file__).resolve().parents[2] / "content" / "sources" / "003_e927b0ffb70c5912.txt"

EXPECTED_COUNTS = {"gxq-1": 1, "gxq-2": 5, "gxq-3": 3, "gxq-4": 2, "gxq-5": 4, "gxq-6": 1}
# measures that promise money: the plan's figures, valid for 2018–2020 only
FUNDING = {
    "gxq-2-1": ["20%的配套资金支持", "最高不超过60万元"],
    "gxq-2-2": ["不低于1∶1的配套经费支持"],
    "gxq-2-3": ["一次性给予50万元资金支持", "给予连续三年的研发或生产经营资金支持"],
    "gxq-2-4": ["2000平米内的科研办公用房", "并连续三年给予200万元研发设备购置和人员工资补贴"],
}
WEB_BOILERPLATE = ["下载文档前请自行甄别", "仅部分预览", "人工客服工作时间", "相关文档", "最新文档"]


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
def test_metadata(doc: Document, seed: str) -> None:
    assert doc.title == "河北·京南国家科技成果转移转化示范区石家庄高新区建设任务落实方案(2018-2020年)"
    assert seed.splitlines()[0] == doc.title
    assert doc.level == "区县级"
    assert doc.region == "石家庄高新区"
    assert (doc.period.start, doc.period.end, doc.period.wording) == ("2018", "2020", "(2018-2020年)")
    assert doc.kind.value == "转载件"
    assert seed.splitlines()[doc.period.line - 1] == doc.period.wording  # the printed line
    assert doc.source_file == SEED.name


def test_unprinted_metadata_left_empty_and_explained(doc: Document, seed: str) -> None:
    # the copy prints no 文号, no date, no issuing body
    assert not re.search(r"〔\d{4}〕|\d{4}年\d{1,2}月\d{1,2}日|印发", seed)
    assert doc.doc_number == ""
    assert doc.date == ""
    assert doc.issuer == ("石家庄高新区",)  # editorial attribution, explained in a note
    note = next((n for n in doc.notes if "文号" in n), "")
    assert "发文机关" in note and "成文日期" in note and "文档分享网站" in note


def test_status_expired_period_ended_2020(doc: Document, handbook: Handbook) -> None:
    import datetime

    from content.bundle import bundle_for

    b = bundle_for(handbook, today=datetime.date(2021, 1, 1))
    assert b.status(doc.id).status.value == "期限已过"
    assert b.status(doc.id).reason == "原文：(2018-2020年)（至2020-12-31）"
    assert all(b.status(m.id).status.value == "期限已过" for m in doc.all_measures())
    during = bundle_for(handbook, today=datetime.date(2020, 12, 31))
    assert during.status(doc.id).status.value == "效力未核实"  # in its period, still never assumed 现行
    assert any("2018—2020" in n for n in doc.notes)
    assert doc.issuer_editorial and doc.issuer_text == "石家庄高新区（编者推定）"


def test_truncated_copy_is_said(doc: Document, seed: str) -> None:
    assert "仅部分预览" in seed and seed.count("(一)") >= 1
    note = next(n for n in doc.notes if "可能不完整" in n)
    assert "仅部分预览" in note and "第六部分" in note


def test_preface_is_the_opening_paragraph_rejoined(doc: Document) -> None:
    assert doc.preface.startswith("为进一步发挥石家庄高新区在河北·京南国家科技成果转移转化示范区(以下简称示范区)")
    assert "《河北·京南国家科技成果转移转化示范区建设任务落实方案(2018-2020年)》要求" in doc.preface
    assert doc.preface.strip().endswith("现提出如下落实方案。")
    assert "\n" not in doc.preface.strip()


def test_web_boilerplate_left_out_and_noted(doc: Document, measures: list[Measure]) -> None:
    texts = [doc.preface, *(p.title for p in doc.all_parts()), *(m.text for m in measures)]
    for bad in WEB_BOILERPLATE:
        assert not any(bad in t for t in texts), bad
    assert any("相关文档" in n and "最新文档" in n and "下载须知" in n for n in doc.notes)


# -- structure --------------------------------------------------------------------------------
def test_measure_count_per_part(doc: Document) -> None:
    assert {p.id: len(p.measures) for p in doc.parts} == EXPECTED_COUNTS
    assert [p.title for p in doc.parts] == [
        "一、加强组织领导", "二、实施引进科技成果转化落地", "三、完善科技成果转移转化服务体系",
        "四、培育壮大创新主体", "五、健全科技金融服务体系", "六、组织开展重大科技活动",
    ]


def test_counts_agree_with_the_seed(seed: str) -> None:
    per_chapter: dict[str, int] = {}
    current = ""
    for raw in seed.splitlines():
        line = normalize_layout(raw)
        m = re.match(r"^([一二三四五六])、", line)
        if m:
            current = m.group(1)
            per_chapter[current] = 0
        elif current and re.match(r"^\([一二三四五六]\)", line):
            per_chapter[current] += 1
    # chapter 一 has no numbered items: its single paragraph is one measure
    assert per_chapter == {"一": 0, "二": 5, "三": 3, "四": 2, "五": 4, "六": 1}
    assert [max(v, 1) for v in per_chapter.values()] == list(EXPECTED_COUNTS.values())


def test_ids_unique_and_in_reading_order(measures: list[Measure]) -> None:
    ids = [m.id for m in measures]
    assert len(ids) == len(set(ids))
    expected = [f"{pid}-{i}" for pid, n in EXPECTED_COUNTS.items() for i in range(1, n + 1)]
    assert ids == expected


def test_numbers_and_titles_as_printed(measures: list[Measure]) -> None:
    cn = "一二三四五"
    for m in measures:
        assert not m.title_editorial, m.id
        if m.id == "gxq-1-1":
            assert (m.number, m.title) == ("", "加强组织领导")
            continue
        i = int(m.id.rsplit("-", 1)[1])
        assert m.number == f"({cn[i - 1]})", m.id  # ASCII parentheses, as printed
        assert m.text.startswith(f"{m.number}{m.title}。"), m.id
    assert [m.title for m in measures[1:3]] == ["实施重大科技成果转化专项", "积极争取国家项目支持"]


def test_topics_and_beneficiaries_everywhere(measures: list[Measure]) -> None:
    for m in measures:
        assert 1 <= len(m.topics) <= 3, m.id
        assert m.beneficiaries, m.id


# -- faithfulness details ---------------------------------------------------------------------
def test_pdf_break_rejoined(handbook: Handbook) -> None:
    text = _m(handbook, "gxq-2-4").text
    assert "并连续三年给予200万元" in text
    assert "\n" not in text.strip()


@pytest.mark.parametrize(("mid", "figures"), sorted(FUNDING.items()))
def test_funding_figures_as_printed_and_flagged_expired(handbook: Handbook, seed: str, mid: str,
                                                        figures: list[str]) -> None:
    m = _m(handbook, mid)
    flat_seed = "".join(normalize_layout(x) for x in seed.splitlines())
    for f in figures:
        assert f in m.text, (mid, f)
        assert f in flat_seed, (mid, f)
    assert any(n.startswith("编者注：") and "2018—2020" in n for n in m.notes), mid


def test_ratio_sign_unchanged(handbook: Handbook) -> None:
    # the source prints U+2236 RATIO, not an ASCII colon
    assert "1\u22361" in _m(handbook, "gxq-2-2").text


def test_tigong_wording_kept_and_noted(handbook: Handbook) -> None:
    m = _m(handbook, "gxq-3-3")
    assert m.text.strip().endswith("提供科技服务能力。")
    assert any(n.startswith("编者注：") and "提供科技服务能力" in n for n in m.notes)


def test_no_contacts_printed_none_invented(doc: Document, seed: str, measures: list[Measure]) -> None:
    assert not re.search(r"\d{7,}|@", seed)
    assert doc.contacts == ()
    assert all(m.contacts == () for m in measures)


def test_every_editor_note_is_marked(doc: Document, measures: list[Measure]) -> None:
    notes = [*doc.notes, *(n for m in measures for n in m.notes)]
    assert len(notes) >= 3 + len(FUNDING) + 1
    assert all(n.startswith("编者注：") for n in notes)
