"""长安区明白卡 (seed 000) as bundled content: ``content/data/changan-mingbaika.yaml``.

Expected values were read off ``content/sources/000_c0b84344fab0dd26.txt`` by hand; where possible
the test also derives them from the seed itself (counts, phone numbers, e-mails, the near copy of
item 05), so a mistyped expectation cannot pass unnoticed.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from content.model import Contact, Document, Handbook, Measure, Part
from content.normalize import squash

DOC_ID = "changan-mingbaika"
SEED = Path(__file__).resolve().parents[2] / "content" / "sources" / "000_c0b84344fab0dd26.txt"

# Source order of the province part: numbers 02, 10 and 11 are printed twice.
HB12_IDS = [
    "hb12-01", "hb12-02a", "hb12-02b", "hb12-03", "hb12-04", "hb12-05", "hb12-06", "hb12-07",
    "hb12-08", "hb12-09", "hb12-10a", "hb12-11a", "hb12-10b", "hb12-11b", "hb12-12",
]
SJZ16_IDS = [f"sjz16-{i:02d}" for i in range(1, 17)]
CHANGAN_IDS = [f"changan-1-{i}" for i in range(1, 6)] + [f"changan-2-{i}" for i in range(1, 4)]

# Line ranges of the three parts in the seed (1-based, inclusive), found by their headings.
_PART_HEADINGS = ("关于科技支持全省经济平稳发展", "石家庄市科技支持经济平稳发展的", "石家庄市长安区人民政府")


@pytest.fixture(scope="module")
def doc(handbook: Handbook) -> Document:
    d = handbook.document(DOC_ID)
    assert d is not None, f"document {DOC_ID} is missing; errors: {[str(e) for e in handbook.errors]}"
    return d


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_parts(seed: str) -> dict[str, list[str]]:
    """The seed's lines split at the three part headings: cover, hb12, sjz16, changan."""
    lines = seed.splitlines()
    starts = [next(i for i, ln in enumerate(lines) if ln.strip().startswith(h)) for h in _PART_HEADINGS]
    return {
        "cover": lines[: starts[0]],
        "hb12": lines[starts[0] : starts[1]],
        "sjz16": lines[starts[1] : starts[2]],
        "changan": lines[starts[2] :],
    }


def _m(handbook: Handbook, mid: str) -> Measure:
    m = handbook.measure(mid)
    assert m is not None, mid
    return m


def _p(handbook: Handbook, pid: str) -> Part:
    p = handbook.part(pid)
    assert p is not None, pid
    return p


def _notes(m: Measure | Part) -> str:
    return "\n".join(m.notes)


# -- metadata ---------------------------------------------------------------------------------
def test_document_metadata_as_printed(doc: Document, seed: str) -> None:
    assert doc.title == "关于科技支持经济平稳发展的政策措施明白卡"
    assert squash("关于科技支持经济平稳发展的 政策措施\n\n明白卡") in squash(seed)
    assert doc.issuer == ("石家庄市长安区科学技术局",)
    assert "石家庄市长安区科学技术局 印制" in seed
    # The card prints neither a 文号 nor a date: both stay empty and a note says so.
    assert doc.doc_number == ""
    assert doc.date == ""
    assert "〔" not in seed and "号" not in seed
    assert any("文号" in n and "日期" in n for n in doc.notes)
    assert (doc.level, doc.region, doc.kind.value) == ("区县级", "长安区", "明白卡（宣传材料）")
    assert not doc.period  # the card prints no period; the dated items carry their own deadlines
    assert doc.source_file == SEED.name


def test_preface_is_the_cover(doc: Document) -> None:
    for line in ("抓落实 见行动", "自己填写成绩单", "长安区科技局联系方式",
                 "1.电话：85996768/唐鑫涛 85996767/张少鹏", "2.扫码加微信", "石家庄市长安区科学技术局 印制"):
        assert line in doc.preface.splitlines()


def test_document_contacts_pair_number_then_name(doc: Document, handbook: Handbook) -> None:
    pairs = {(c.person, c.phone) for c in doc.contacts}
    assert pairs == {("唐鑫涛", "85996768"), ("张少鹏", "85996767")}
    assert {c.office for c in doc.contacts} == {"长安区科技局"}
    # The district part prints 张少鹏 with 85996767 too, which supports the number/name reading.
    for mid in CHANGAN_IDS:
        for c in _m(handbook, mid).contacts:
            if c.person == "张少鹏":
                assert c.phone == "85996767"
    assert any("号码/姓名" in n for n in doc.notes)


@pytest.mark.parametrize(
    ("pid", "level", "region", "issuer"),
    [
        ("hb12", "省级", "河北省", ("河北省科学技术厅",)),
        ("sjz16", "市级", "石家庄市", ("石家庄市科学技术局",)),
        ("changan", "区县级", "长安区", ("石家庄市长安区人民政府",)),
    ],
)
def test_part_level_region_issuer(handbook: Handbook, pid: str, level: str, region: str,
                                  issuer: tuple[str, ...]) -> None:
    p = _p(handbook, pid)
    assert (p.level, p.region, p.issuer) == (level, region, issuer)
    for m in p.all_measures():
        assert (m.level, m.region, m.issuer) == (level, region, issuer)


def test_unprinted_issuers_are_explained(handbook: Handbook) -> None:
    assert "河北省科学技术厅" in _notes(_p(handbook, "hb12"))
    assert "hebkjt.cn" in _notes(_p(handbook, "hb12"))
    assert "石家庄市科学技术局" in _notes(_p(handbook, "sjz16"))
    assert "0311" in _notes(_p(handbook, "sjz16"))


def test_part_titles(handbook: Handbook, seed: str) -> None:
    titles = {
        "hb12": "关于科技支持全省经济平稳发展十二条措施",
        "sjz16": "石家庄市科技支持经济平稳发展的十六条政策措施",
        "changan": "石家庄市长安区人民政府关于印发稳定经济运行的一揽子措施的落实意见的通知",
        "changan-1": "加快科技政策落地落实",
        "changan-2": "完善服务保障，确保科技政策用足用好",
    }
    for pid, title in titles.items():
        assert _p(handbook, pid).title == title
        assert squash(title) in squash(seed)
    assert (_p(handbook, "changan-1").number, _p(handbook, "changan-2").number) == ("一", "二")


# -- measures: count, ids, order --------------------------------------------------------------
def test_ids_in_source_order(doc: Document) -> None:
    ids = [m.id for m in doc.all_measures()]
    assert ids == HB12_IDS + SJZ16_IDS + CHANGAN_IDS
    assert len(set(ids)) == len(ids)
    assert [p.id for p in doc.parts] == ["hb12", "sjz16", "changan"]
    assert [p.id for p in doc.parts[2].parts] == ["changan-1", "changan-2"]


def test_counts_per_part_match_the_seed(handbook: Handbook, seed_parts: dict[str, list[str]]) -> None:
    hb_heads = [ln.strip() for ln in seed_parts["hb12"] if re.fullmatch(r"\d\d\D.*", ln.strip())]
    sjz_heads = [ln.strip() for ln in seed_parts["sjz16"] if re.fullmatch(r"\d\d", ln.strip())]
    ca = "\n".join(seed_parts["changan"]).split("二、")
    assert len(hb_heads) == 15 and len(sjz_heads) == 16
    assert len(list(_p(handbook, "hb12").all_measures())) == len(hb_heads)
    assert len(list(_p(handbook, "sjz16").all_measures())) == len(sjz_heads)
    assert len(_p(handbook, "changan-1").measures) == len(re.findall(r"^- \d\.", ca[0], re.M)) == 5
    assert len(_p(handbook, "changan-2").measures) == len(re.findall(r"^- \d\.", ca[1], re.M)) == 3


def test_numbers_and_titles_as_printed(handbook: Handbook, seed_parts: dict[str, list[str]]) -> None:
    heads = [ln.strip() for ln in seed_parts["hb12"] if re.fullmatch(r"\d\d\D.*", ln.strip())]
    for mid, head in zip(HB12_IDS, heads, strict=True):
        m = _m(handbook, mid)
        assert m.number + m.title == head
        assert not m.title_editorial
    for i, mid in enumerate(SJZ16_IDS, start=1):
        m = _m(handbook, mid)
        assert m.number == f"{i:02d}"
        assert m.text.startswith(m.title + "。"), mid  # the lead sentence is the heading
        assert not m.title_editorial
    for mid in CHANGAN_IDS:
        m = _m(handbook, mid)
        assert m.number == mid.rsplit("-", 1)[1]
        assert m.text.startswith(m.title + "。"), mid
        assert f"- {m.number}.{m.text}" in "\n".join(seed_parts["changan"])


def test_texts_are_the_printed_paragraphs(handbook: Handbook, seed: str) -> None:
    sq = squash(seed)
    for mid in HB12_IDS + SJZ16_IDS + CHANGAN_IDS:
        m = _m(handbook, mid)
        assert "**" not in m.text
        assert "\n" not in m.text, f"{mid}: every item of the card is one paragraph"
        assert squash(m.text) in sq, mid
    assert _m(handbook, "hb12-04").text == (
        "深化与建设银行河北省分行、河北银行等6家银行合作，平均每家银行2022年为科技企业授信额度不低于100亿元。"
    )
    assert _m(handbook, "sjz16-01").text.endswith("（办公室85678026）")
    assert "市财政按5%予以补助，年度最高补助500万元" in _m(handbook, "sjz16-04").text
    assert "30%~50%" in _m(handbook, "sjz16-07").text
    assert "创新项目生成机制,加快" in _m(handbook, "sjz16-03").text  # half-width comma as printed


def test_topics_and_beneficiaries_everywhere(doc: Document) -> None:
    for m in doc.all_measures():
        assert 1 <= len(m.topics) <= 3, m.id
        assert m.beneficiaries, m.id


# -- contacts ---------------------------------------------------------------------------------
def _all_contacts(doc: Document) -> list[Contact]:
    return list(doc.contacts) + [c for m in doc.all_measures() for c in m.contacts]


def test_every_printed_phone_and_email_is_a_contact(doc: Document, seed: str) -> None:
    cs = _all_contacts(doc)
    phones = {c.phone for c in cs}
    emails = {c.email for c in cs}
    printed_phones = set(re.findall(r"0311-\d{8}|(?<![\d-])\d{8}(?!\d)", seed))
    printed_emails = set(re.findall(r"[A-Za-z0-9_.]+@[A-Za-z0-9.]+[A-Za-z]", seed))
    assert len(printed_emails) == 17
    assert printed_phones <= phones, printed_phones - phones
    assert printed_emails <= emails, printed_emails - emails  # case as printed
    # and nothing the card does not print
    assert {p for p in phones if p} <= printed_phones
    assert {e for e in emails if e} <= printed_emails


def test_contact_parentheticals_match_contacts(handbook: Handbook) -> None:
    """Each（科室号码、…）of the city and district items is one contact per entry, in order."""
    for mid in SJZ16_IDS + CHANGAN_IDS:
        m = _m(handbook, mid)
        paren = re.search(r"（([^（）]+)）$", m.text)
        assert paren, mid
        entries = paren.group(1).split("、")
        if mid.startswith("sjz16"):
            expected = [re.fullmatch(r"(\D+)(\d{8})", e).groups() for e in entries]  # type: ignore[union-attr]
            assert [(c.office, c.phone) for c in m.contacts] == expected, mid
        else:
            phone = re.search(r"\d{8}$", entries[-1]).group(0)  # type: ignore[union-attr]
            names = [re.sub(r"\d+$", "", e) for e in entries]
            assert [(c.office, c.person, c.phone) for c in m.contacts] == [
                ("长安区科技局", n, phone) for n in names
            ], mid


def test_province_contacts(handbook: Handbook) -> None:
    c = _m(handbook, "hb12-01").contacts
    assert c == (Contact("资源配置管理处", "穆丽欣", "0311-85813876", "mulx@hebkjt.cn", area_code="0311"),)
    assert [x.email for x in _m(handbook, "hb12-03").contacts] == ["ZHANGT@HEBKJT.CN"]
    assert "zhangt@hebkjt.cn" in [x.email for x in _m(handbook, "hb12-10b").contacts]
    for mid in HB12_IDS:
        if mid != "hb12-10b":
            assert len(_m(handbook, mid).contacts) == 1, mid


def test_local_numbers_get_the_shijiazhuang_area_code(handbook: Handbook) -> None:
    assert _m(handbook, "sjz16-01").contacts[0].phone_normalized == "031185678026"
    assert _m(handbook, "changan-1-1").contacts[0].phone_normalized == "031185996767"
    assert _m(handbook, "hb12-01").contacts[0].phone_normalized == "031185813876"


def test_jiebang_contacts_have_labels_and_tables(handbook: Handbook, seed: str) -> None:
    m = _m(handbook, "hb12-10b")
    assert [(c.label, c.office, c.person) for c in m.contacts] == [
        ("高新技术领域", "高新技术处", "刘世泽"),
        ("技术攻关类需求", "农村科技处", "庞海慧"),
        ("社会发展领域", "社会发展科技处", "梁炜"),
        ("中科院成果", "国际合作处", "郭玉梅"),
        ("其他成果", "科技奖励与成果转化处", "张涛"),
        ("计划综合", "资源配置管理处", "尹园"),
    ]
    part = _p(handbook, "hb12")
    tables = {t.id: t for t in part.tables}
    assert set(tables) == {"hb12-10b-gg", "hb12-10b-cg"}
    assert tables["hb12-10b-gg"].title == "技术攻关类需求"
    assert tables["hb12-10b-cg"].title == "成果转化类需求"
    rows = list(tables["hb12-10b-gg"].rows) + list(tables["hb12-10b-cg"].rows)
    assert [r[1:] for r in rows] == [(c.label, c.office, c.person, c.phone, c.email) for c in m.contacts]
    for t in tables.values():
        assert len(t.rows) == 3
        assert all(len(r) == len(t.columns) for r in t.rows)
        assert {r[0] for r in t.rows} == {t.title}
    # each printed cell "类别 处室 姓名 电话：… 邮箱：…" is one row
    for r in rows:
        assert f"{r[1]} {r[2]} {r[3]} 电话：{r[4]} 邮箱：{r[5]}" in seed


# -- anomalies carry editor's notes -----------------------------------------------------------
def test_all_notes_are_marked(doc: Document) -> None:
    notes = list(doc.notes) + [n for p in doc.all_parts() for n in p.notes]
    notes += [n for m in doc.all_measures() for n in m.notes]
    notes += [n for t in doc.all_tables() for n in t.notes]
    assert notes
    assert all(n.startswith("编者注：") for n in notes)


@pytest.mark.parametrize(("a", "b"), [("hb12-02a", "hb12-02b"), ("hb12-10a", "hb12-10b"), ("hb12-11a", "hb12-11b")])
def test_duplicated_numbers_point_at_each_other(handbook: Handbook, a: str, b: str) -> None:
    ma, mb = _m(handbook, a), _m(handbook, b)
    assert ma.number == mb.number and ma.title == mb.title
    assert ma.text != mb.text
    assert b in _notes(ma) and "两次" in _notes(ma)
    assert a in _notes(mb) and "两次" in _notes(mb)


def test_item_09_carries_item_05_text_and_the_note_names_every_difference(handbook: Handbook) -> None:
    m05, m09 = _m(handbook, "hb12-05"), _m(handbook, "hb12-09")
    assert m09.title == "扩大省级科技创新券使用"
    assert "创新券" not in m09.text
    note = _notes(m09)
    assert "hb12-05" in note and "hb12-09" in _notes(m05)
    ops = [op for op in difflib.SequenceMatcher(None, m05.text, m09.text, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    assert len(ops) == 2  # 转化/转移转化, 差异化/差别化
    for _, i1, i2, j1, j2 in ops:
        # each side of the difference with one character of context either side
        assert m05.text[i1 - 1 : i2 + 1] in note
        assert m09.text[j1 - 1 : j2 + 1] in note
    assert m09.contacts == m05.contacts


def test_item_11a_content_differs_from_its_heading(handbook: Handbook) -> None:
    m = _m(handbook, "hb12-11a")
    assert "科技人才信息库" in m.text
    assert "不相符" in _notes(m)


def test_contact_table_anomalies_are_noted(handbook: Handbook) -> None:
    m = _m(handbook, "hb12-10b")
    assert "yinyuan0316@168.com" in _notes(m) and "核实" in _notes(m)
    assert "技术攻关类需求" in _notes(m) and "庞海慧" in _notes(m)
    assert "zhangt@hebkjt.cn" in _notes(m) and "ZHANGT@HEBKJT.CN" in _notes(m)
    tables = {t.id: "\n".join(t.notes) for t in _p(handbook, "hb12").tables}
    assert "yinyuan0316@168.com" in tables["hb12-10b-cg"]
    assert "庞海慧" in tables["hb12-10b-gg"]


def test_office_name_variants_are_kept_and_noted(handbook: Handbook) -> None:
    m11 = _m(handbook, "sjz16-11")
    assert [c.office for c in m11.contacts] == ["高新技术"]
    assert "高新技术科" in _notes(m11)
    m16 = _m(handbook, "sjz16-16")
    assert [c.office for c in m16.contacts][-1] == "成果转化科"
    assert "成果转化合作科" in _notes(m16)


@pytest.mark.parametrize("mid", ["sjz16-15", "sjz16-16"])
def test_heading_only_items_are_noted(handbook: Handbook, mid: str) -> None:
    m = _m(handbook, mid)
    assert m.text.count("。") == 1
    assert "只印了一句" in _notes(m)


def test_no_other_measure_has_notes(doc: Document) -> None:
    noted = {m.id for m in doc.all_measures() if m.notes}
    assert noted == {
        "hb12-02a", "hb12-02b", "hb12-05", "hb12-09", "hb12-10a", "hb12-11a", "hb12-10b", "hb12-11b",
        "sjz16-11", "sjz16-15", "sjz16-16",
    }


def test_directory_merges_zhang_tao_across_letter_case(handbook: Handbook) -> None:
    entries = [e for e in handbook.directory() if "hb12-03" in e.measure_ids]
    assert len(entries) == 1
    e = entries[0]
    assert e.contact.person == "张涛"
    assert "hb12-10b" in e.measure_ids
    assert {v.email for v in e.variants} >= {"ZHANGT@HEBKJT.CN", "zhangt@hebkjt.cn"}
