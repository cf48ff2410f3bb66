"""Langfang's 《关于加快“科技强市”建设的实施意见（征求意见稿）》 (seed 004) as bundled content.

Expected values (counts, numbers, dates, contacts) were counted in the seed text by hand; where a
test can re-derive them from the seed independently of the content file, it does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Document, Handbook, Measure, Table
from content.normalize import normalize_layout, squash

SEED = Path(__file__).resolve().parents[2] / "content" / "sources" / "004_2cc7d44ff1224f72.txt"
DOC_ID = "lf-kjqs"


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc(handbook: Handbook) -> Document:
    d = handbook.document(DOC_ID)
    assert d is not None, "lf-kjqs.yaml did not load"
    return d


def _body(seed: str) -> str:
    """The draft's body: from its title to the annex (the notice and the annex table excluded)."""
    start = seed.index("关于加快“科技强市”建设的实施意见\n")
    return seed[start : seed.index("\n 附件：")]


def _tables(doc: Document) -> dict[str, Table]:
    return {t.id: t for t in doc.all_tables()}


# -- loading and metadata ------------------------------------------------------------------------
def test_file_loads_without_errors(handbook: Handbook) -> None:
    mine = [str(e) for e in handbook.errors if e.file == "lf-kjqs.yaml"]
    assert mine == []


def test_metadata_as_printed(doc: Document, seed: str) -> None:
    assert doc.title == "关于加快“科技强市”建设的实施意见（征求意见稿）"
    assert doc.title in seed
    assert doc.issuer == ("廊坊市科学技术局",)
    assert seed.startswith("廊坊市科学技术局\n")  # the notice is signed by the bureau
    assert doc.doc_number == ""  # a draft for comment has no 文号
    assert not re.search(r"〔\d{4}〕\d+号", seed)
    assert doc.date == "2023-04-28"
    assert "自2023年4月28日起向各界公开征求意见" in seed
    assert (doc.level, doc.region, doc.kind.value) == ("市级", "廊坊市", "征求意见稿")
    assert doc.comment_deadline == "2023-05-27" and "于2023年5月27日前反馈" in seed
    assert (doc.period.start, doc.period.end) == ("2023", "2025")
    assert seed.splitlines()[doc.period.line - 1].startswith(doc.period.wording)
    assert "2023-2025年：" in seed
    assert doc.source_file == SEED.name


def test_preface_is_the_notice_and_the_opening(doc: Document) -> None:
    assert doc.preface.startswith("廊坊市科学技术局\n关于对《关于加快“科技强市”建设的实施意见（征求意见稿）》")
    assert "于2023年5月27日前反馈至廊坊市科学技术局" in doc.preface
    assert "2023年4月28日" in doc.preface
    assert doc.preface.endswith("现结合实际，提出如下意见。")


def test_draft_status_is_explained(doc: Document) -> None:
    assert any("征求意见稿" in n and "2023年5月27日" in n and "廊坊市科学技术局" in n for n in doc.notes)


def test_every_phone_and_email_of_the_seed_is_a_contact(doc: Document, seed: str) -> None:
    phones = set(re.findall(r"0316-\d{7,8}", seed))
    emails = set(re.findall(r"[\w.]+@[\w.]+\w", seed))
    assert phones == {"0316-5212180"}
    assert emails == {"lfskjjbgs@163.com"}
    contacts = list(doc.contacts)
    assert {c.phone for c in contacts} >= phones
    assert {c.email for c in contacts} >= emails
    (c,) = contacts
    assert (c.office, c.person, c.phone, c.email) == ("廊坊市科学技术局", "张恩宁", "0316-5212180", "lfskjjbgs@163.com")
    assert c.phone_normalized == "03165212180"


# -- structure -----------------------------------------------------------------------------------
# Measures per part, counted in the seed: 10 actions hold the items （1）…（37）.
EXPECTED_COUNTS = {
    "lf-1-1": 1,  # （一）指导思想
    "lf-1-2": 4,  # （二）基本原则 1.–4.
    "lf-1-3": 2,  # （三）工作目标: "2023-2025年：" and "到2025年："
    "lf-2-1-1": 7,  # （1）–（7）
    "lf-2-1-2": 3,  # （8）–（10）
    "lf-2-2-3": 4,  # （11）–（14）
    "lf-2-2-4": 3,  # （15）–（17）
    "lf-2-3-5": 4,  # （18）–（21）
    "lf-2-3-6": 3,  # （22）–（24）
    "lf-2-4-7": 3,  # （25）–（27）
    "lf-2-4-8": 2,  # （28）–（29）
    "lf-2-5-9": 3,  # （30）–（32）
    "lf-2-5-10": 5,  # （33）–（37）
    "lf-3": 5,  # 三、保障措施 （一）–（五）
}


@pytest.mark.parametrize(("part_id", "count"), EXPECTED_COUNTS.items())
def test_measure_count_per_part(handbook: Handbook, part_id: str, count: int) -> None:
    part = handbook.part(part_id)
    assert part is not None
    assert len(part.measures) == count


def test_action_counts_match_the_seed(handbook: Handbook, seed: str) -> None:
    """Re-count the items under each action heading of the body independently of the content."""
    counts: list[int] = []
    for line in _body(seed).splitlines():
        if re.match(r"^\d+\.实施", line):
            counts.append(0)
        elif re.match(r"^（\d+）", line):
            counts[-1] += 1
    actions = [k for k in EXPECTED_COUNTS if k.startswith("lf-2-")]
    assert counts == [EXPECTED_COUNTS[a] for a in actions]
    assert sum(counts) == 37
    assert len(list(handbook.document(DOC_ID).all_measures())) == 1 + 4 + 2 + 37 + 5  # type: ignore[union-attr]


def test_ids_unique_and_in_reading_order(doc: Document) -> None:
    ids = [m.id for m in doc.all_measures()]
    assert len(ids) == len(set(ids))
    items = [i for i in ids if re.fullmatch(r"lf-\d\d", i)]
    assert items == [f"lf-{k:02d}" for k in range(1, 38)]
    assert ids[:7] == ["lf-1-1-1", "lf-1-2-1", "lf-1-2-2", "lf-1-2-3", "lf-1-2-4", "lf-1-3-1", "lf-1-3-2"]
    assert ids[-5:] == [f"lf-3-{k}" for k in range(1, 6)]


def test_items_are_the_seed_paragraphs(handbook: Handbook, seed: str) -> None:
    """lf-NN is the body's paragraph （NN）, word for word; number and lead sentence as printed."""
    paragraphs = {
        int(m.group(1)): normalize_layout(line)
        for line in _body(seed).splitlines()
        if (m := re.match(r"^（(\d+)）", line))
    }
    assert sorted(paragraphs) == list(range(1, 38))
    for k, para in paragraphs.items():
        m = handbook.measure(f"lf-{k:02d}")
        assert m is not None
        assert m.number == f"（{k}）"
        assert m.text == para
        assert not m.title_editorial
        assert para.startswith(f"（{k}）{m.title}。"), m.id


@pytest.mark.parametrize(
    ("measure_id", "title"),
    [
        ("lf-01", "征集重大技术创新需求"),
        ("lf-03", "推行“揭榜挂帅”等项目组织模式"),
        ("lf-15", "落实“多投多补”激励政策"),
        ("lf-23", "提升开发区主导产业集聚度"),
        ("lf-24", "支持孵化平台引育项目和企业"),
        ("lf-30", "全力支持组建科技特派团"),
        ("lf-37", "建立科学家精神教育基地"),
        ("lf-3-1", "强化组织领导"),
        ("lf-3-5", "强化督导考核"),
    ],
)
def test_titles_are_the_lead_sentences(handbook: Handbook, measure_id: str, title: str) -> None:
    m = handbook.measure(measure_id)
    assert m is not None and m.title == title


def test_figures_the_calculators_rely_on(handbook: Handbook) -> None:
    def text(mid: str) -> str:
        m = handbook.measure(mid)
        assert m is not None
        return m.text

    assert "按项目榜单实际支付金额的30%和20%给予主要出资方资金支持，每项最高200万元和100万元" in text("lf-03")
    assert "技术攻关类项目不超过1000万元，成果转化类项目不超过500万元" in text("lf-03")
    assert "省级按照上一年度享受优惠的研发投入新增部分的10%予以补助，最高补助1000万元" in text("lf-15")
    assert "新增部分（不低于300万元）的5%予以奖励，最高奖励100万元" in text("lf-15")
    assert "按不超过专利转让、许可合同实付专利技术交易金额的40%给予补贴，单个企业年度补贴不超过10万元" in text("lf-21")
    assert "每人100万元至500万元科研经费补贴" in text("lf-34")  # the seed's "至 500" space is layout


def test_every_measure_inherits_level_region_status(doc: Document, handbook: Handbook) -> None:
    from content.bundle import bundle_for

    b = bundle_for(handbook)
    for m in doc.all_measures():
        assert (m.level, m.region, b.status(m.id).status.value) == ("市级", "廊坊市", "征求意见稿"), m.id
    assert b.status(doc.id).reason.startswith("意见征集已于2023-05-27截止；是否正式印发未核实")
    assert "草案写的期间为2023—2025年（原文：2023-2025年）" in b.status(doc.id).reason


def test_topics_and_beneficiaries_everywhere(doc: Document) -> None:
    for m in doc.all_measures():
        assert 1 <= len(m.topics) <= 3, m.id
        assert m.beneficiaries, m.id


def test_responsibility_lines_head_their_actions(handbook: Handbook, seed: str) -> None:
    lines = [normalize_layout(x) for x in _body(seed).splitlines() if x.startswith("〔")]
    assert len(lines) == 10
    actions = [k for k in EXPECTED_COUNTS if k.startswith("lf-2-")]
    for pid, line in zip(actions, lines, strict=True):
        part = handbook.part(pid)
        assert part is not None and part.intro == line
        assert line.endswith("负责落实〕")


def test_closing_funding_sentence_is_kept(handbook: Handbook) -> None:
    part = handbook.part("lf-2")
    assert part is not None
    assert part.intro == (
        "本意见涉及的各项财政支持措施，除明确由省、市级财政支持的以外，根据现行财政体制，按照事权财权相统一的原则执行。"
    )
    assert any("末尾" in n for n in part.notes)  # the move from the end to the top is declared


# -- editor's notes on anomalies -------------------------------------------------------------------
ANOMALIES = {
    "lf-02": ["省级"],
    "lf-03": ["推行“揭榜挂帅”等攻关模式", "同时，各级财政支持资金总和"],
    "lf-05": ["增强韧性和竞争力"],
    "lf-12": ["省级", "30万元"],
    "lf-14": ["（23）", "（24）"],
    "lf-15": ["不低于300万元", "省级", "哪一级财政"],
    "lf-23": ["提升园区主导产业集聚度"],
    "lf-24": ["支持孵化载体引育项目和企业", "下同"],
    "lf-30": ["精准匹配高校科研院所专家团队", "（50）"],
    "lf-33": ["省级"],
}


@pytest.mark.parametrize(("measure_id", "needles"), ANOMALIES.items())
def test_anomaly_has_its_note(handbook: Handbook, measure_id: str, needles: list[str]) -> None:
    m = handbook.measure(measure_id)
    assert m is not None
    joined = "\n".join(m.notes)
    for needle in needles:
        assert needle in joined, f"{measure_id}: note should mention {needle!r}"


def test_every_province_money_promise_is_flagged(doc: Document) -> None:
    flagged = [m.id for m in doc.all_measures() if "省级给予" in m.text or "省级按照" in m.text]
    assert flagged == ["lf-02", "lf-12", "lf-15", "lf-33"]
    for mid in flagged:
        m = next(x for x in doc.all_measures() if x.id == mid)
        assert any("河北省" in n and "正式文件为准" in n for n in m.notes), mid


def test_notes_are_marked(doc: Document) -> None:
    notes: list[str] = list(doc.notes)
    for p in doc.all_parts():
        notes += p.notes
    for m in doc.all_measures():
        notes += m.notes
    for t in doc.all_tables():
        notes += t.notes
    assert notes
    assert all(n.startswith("编者注：") for n in notes)


# -- the annex tables ---------------------------------------------------------------------------------
def test_goals_table(doc: Document, seed: str) -> None:
    t = _tables(doc)["lf-annex-goals"]
    assert t.columns == ("序号", "主要目标", "目标内容", "年度目标", "牵头单位", "完成时限")
    assert "年度目标" not in seed  # the editor's header, declared in a note
    assert any("年度目标" in n and "编者所加" in n for n in t.notes)
    assert len(t.rows) == 24  # 4 goals: 6 + 6 + 9 + 3 rows (one per year and target)
    assert [r[0] for r in t.rows if r[0]] == ["1", "2", "3", "4"]
    assert [r[5] for r in t.rows] == ["2023年", "2024年", "2025年"] * 8
    assert list(t.rows[-1]) == ["", "", "", "技术合同成交总额达到300亿元。", "", "2025年"]
    assert t.rows[0][3] == "研发投入强度到全省平均水平。"
    assert t.rows[3][4] == "市科技局\n市工信局"  # one cell, one unit per line
    assert t.rows[18][4] == "市开发区改革发展办公室\n市商务局\n市科技局"  # wrapped unit name re-joined
    assert not any(r[0] == "序号" for r in t.rows)  # repeated page headers dropped


def test_task_tables_hold_items_1_to_60(doc: Document) -> None:
    tables = _tables(doc)
    ids = [f"lf-annex-tasks-{k:02d}" for k in range(1, 11)]
    per_table = [10, 6, 8, 6, 4, 6, 3, 5, 4, 8]  # counted in the seed
    numbers: list[str] = []
    for tid, n in zip(ids, per_table, strict=True):
        t = tables[tid]
        assert t.columns == ("序号", "主要任务", "工作举措", "牵头单位", "责任单位")
        assert len(t.rows) == n, tid
        assert all(len(r) == 5 for r in t.rows)
        numbers += [r[0] for r in t.rows]
    assert numbers == [f"（{k}）" for k in range(1, 61)]
    assert tables["lf-annex-tasks-01"].title == "1.实施关键核心技术攻关行动。"
    assert tables["lf-annex-tasks-10"].title == "10.实施高层次创新人才引聚行动。"


def test_task_cells_exact(doc: Document, seed: str) -> None:
    rows = {r[0]: r for t in doc.all_tables() if t.id.startswith("lf-annex-tasks") for r in t.rows}
    flat = squash(seed)
    for r in rows.values():
        for cell in r:
            assert squash(cell) in flat, cell[:40]
        assert "、" not in r[3] or r[3].count("\n") == 0  # lead units are line-separated, never joined
    assert rows["（7）"][1] == ""  # merged with （6）
    assert rows["（7）"][2].endswith("增强韧性和竞争力。")
    assert rows["（10）"][3] == "市科技局" and rows["（10）"][4].startswith("市科技局，")
    assert rows["（11）"][3] == "市科技局\n市发改委\n市工信局"
    assert rows["（20）"][2].endswith("给予30万元奖励。")  # the stray blank line is gone
    assert rows["（34）"][3] == "市市场监督管理局"
    assert rows["（49）"][1] == "精准匹配高校科研院所专家团队"
    assert rows["（50）"][1] == "全力支持组建科技特派团"
    assert "工作举措" not in {c for r in rows.values() for c in r}  # the stray cell after （49）
    assert rows["（60）"][4].startswith("市教育局，")


@pytest.mark.parametrize(
    ("table_id", "needles"),
    [
        ("lf-annex-tasks-01", ["攻关模式", "同时，各级财政支持资金总和", "增强韧性和竞争力", "（10）"]),
        ("lf-annex-tasks-03", ["（20）", "（23）"]),
        ("lf-annex-tasks-06", ["提升园区主导产业集聚度", "支持孵化载体引育项目和企业"]),
        ("lf-annex-tasks-09", ["精准匹配高校科研院所专家团队", "工作举措"]),
        ("lf-annex-tasks-10", ["（55）", "责任单位"]),
    ],
)
def test_annex_anomalies_have_table_notes(doc: Document, table_id: str, needles: list[str]) -> None:
    joined = "\n".join(_tables(doc)[table_id].notes)
    for needle in needles:
        assert needle in joined, f"{table_id}: note should mention {needle!r}"


def test_each_task_table_maps_its_rows_to_body_items(doc: Document) -> None:
    """The mapping note of every task table names each of its rows once and only body items （1）–（37）."""
    seen_body: list[int] = []
    for t in doc.all_tables():
        if not t.id.startswith("lf-annex-tasks"):
            continue
        note = next(n for n in t.notes if "对应的正文条目" in n)
        mapped_rows = re.findall(r"（(\d+)）(?=[（→])", note)
        assert sorted(int(x) for x in mapped_rows) == sorted(int(r[0].strip("（）")) for r in t.rows)
        seen_body += [int(x) for x in re.findall(r"正文（(\d+)）", note)]
    assert seen_body == list(range(1, 38))


def _measure(doc: Document, mid: str) -> Measure:
    return next(m for m in doc.all_measures() if m.id == mid)


def test_annex_rows_agree_with_body_where_not_flagged(doc: Document) -> None:
    """Apart from the flagged rows, every annex 工作举措 cell is a piece of its body item."""
    flagged = {"（3）", "（7）", "（39）", "（44）", "（45）"}  # ；→。 splits and the 韧性 wording, noted
    rows = [r for t in doc.all_tables() if t.id.startswith("lf-annex-tasks") for r in t.rows]
    body = [squash(_measure(doc, f"lf-{k:02d}").text) for k in range(1, 38)]
    for r in rows:
        hit = any(squash(r[2]) in b for b in body)
        assert hit != (r[0] in flagged), r[0]
