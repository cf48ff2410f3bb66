"""Qt-free parts of printing: the header, selections, vCards, the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Contact
from ui.printing.errors import HeaderError, SelectionError
from ui.printing.model import (
    CardHeader,
    CardReport,
    default_mingbai_ids,
    dial_phone,
    expand_ids,
    load_header_file,
    parse_ids,
    qr_modules,
    substring_ids,
    vcard,
)


def test_default_header_is_the_changan_cover_word_for_word(mingbai_source: str) -> None:
    h = CardHeader()
    for line in (*h.slogans, h.contact_title, h.printed_by):
        assert line in mingbai_source, line
    # the title is printed with a space before 政策措施 on the card
    assert h.title.replace("政策措施", " 政策措施") in mingbai_source
    for line in h.contact_lines:
        assert f"- {line}" in mingbai_source, line
    assert "电话：85996768/唐鑫涛 85996767/张少鹏" in h.contact_lines[0]


def test_default_mingbai_selection_matches_the_card(handbook, mingbai_source: str) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    province = mingbai_source.count("政/策/内/容")  # one per province card
    city = len(re.findall(r"^(0[1-9]|1[0-6])$", mingbai_source, flags=re.M))
    district = len(re.findall(r"^- \d\.", mingbai_source, flags=re.M)) - 2  # minus the cover's two lines
    assert (province, city, district) == (15, 16, 8)
    assert len(ids) == province + city + district
    assert [i for i in ids if i.startswith("hb12-")][:3] == ["hb12-01", "hb12-02a", "hb12-02b"]
    assert sum(i.startswith("sjz16-") for i in ids) == city
    assert sum(i.startswith("changan-") for i in ids) == district


def test_expand_ids_accepts_parts_and_keeps_order(handbook) -> None:  # type: ignore[no-untyped-def]
    ids = expand_ids(handbook, ["hb12-03", "sjz16", "hb12-03"])
    assert ids[0] == "hb12-03"
    assert ids[1:] == [f"sjz16-{n:02d}" for n in range(1, 17)]


def test_parse_ids_reports_the_first_unknown_id(handbook) -> None:  # type: ignore[no-untyped-def]
    assert parse_ids(handbook, "hb12-01，hb12-04 sjz16-02") == ["hb12-01", "hb12-04", "sjz16-02"]
    with pytest.raises(SelectionError, match="没有编号为“nope”的措施"):
        parse_ids(handbook, "hb12-01,nope,zzz")
    with pytest.raises(SelectionError, match="为空"):
        parse_ids(handbook, " , ")


def test_substring_filter_finds_measures_by_words(handbook) -> None:  # type: ignore[no-untyped-def]
    ids = substring_ids(handbook, "授信额度")
    assert "hb12-04" in ids
    assert all("授信额度" in (handbook.measure(i).title + handbook.measure(i).text) for i in ids)
    assert substring_ids(handbook, "   ") == []


def test_vcard_uses_the_printed_contact_and_adds_the_area_code() -> None:
    c = Contact(office="办公室", phone="85678026", area_code="0311")
    assert dial_phone(c) == "0311-85678026"
    card = vcard(c, "石家庄市科学技术局")
    assert "FN:办公室\r\n" in card
    assert "ORG:石家庄市科学技术局;办公室\r\n" in card
    assert "TEL;TYPE=WORK,VOICE:0311-85678026\r\n" in card
    assert "EMAIL" not in card
    printed = Contact(office="资源配置管理处", person="穆丽欣", phone="0311-85813876", email="mulx@hebkjt.cn")
    assert dial_phone(printed) == "0311-85813876"
    assert "EMAIL;TYPE=INTERNET,WORK:mulx@hebkjt.cn" in vcard(printed)


def test_vcard_escapes_separators() -> None:
    card = vcard(Contact(office="甲;乙,丙", person="张三"))
    assert "ORG:甲\\;乙\\,丙" in card


def test_qr_modules_are_square_with_a_quiet_zone() -> None:
    rows = qr_modules("BEGIN:VCARD\r\nFN:测试\r\nEND:VCARD\r\n")
    assert len(rows) == len(rows[0]) >= 21 + 8
    assert not any(rows[0]) and not any(rows[-1])
    assert rows[4][4]  # the finder pattern's corner


def test_header_file_round_trip(tmp_path: Path) -> None:
    img = tmp_path / "wx.png"
    img.write_bytes(b"\x89PNG\r\n\x1a\n")
    f = tmp_path / "header.yaml"
    f.write_text("office: 某区科技局\ncontact_lines:\n  - 电话：12345678\nqr_image: wx.png\nprinted_by: 某区科技局 印制\n",
                 encoding="utf-8")
    h = load_header_file(f)
    assert h.office == "某区科技局"
    assert h.contact_lines == ("电话：12345678",)
    assert h.qr_image == str(img)
    assert h.slogans == CardHeader().slogans  # unspecified keys keep the default
    assert CardHeader.from_dict(h.to_dict()) == h


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("offfice: x\n", "未知的抬头项“offfice”"),
        ("- a\n- b\n", "应写成“项: 值”"),
        ("office: [unclosed\n", "格式不对"),
        ("contact_lines: {a: 1}\n", "应为多行文字列表"),
        ("qr_image: missing.png\n", "找不到二维码图片"),
    ],
)
def test_bad_header_files_say_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    f = tmp_path / "h.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(HeaderError, match=re.escape(message)):
        load_header_file(f)


def test_missing_header_file(tmp_path: Path) -> None:
    with pytest.raises(HeaderError, match="找不到抬头文件"):
        load_header_file(tmp_path / "nope.yaml")


def test_report_lines_name_shrunk_and_continued_measures() -> None:
    r = CardReport(layout="mingbai", pages=2, cards=6, measures=("a", "b"), shrunk=("a",), continued=("b",))
    text = "\n".join(r.summary_lines())
    assert "2 页" in text and "6 张卡片" in text
    assert "字号已缩小" in text and "a" in text
    assert "（续）" in text and "b" in text


def test_query_ids_use_the_search_engine_or_fall_back(handbook) -> None:  # type: ignore[no-untyped-def]
    from ui.printing.model import query_ids

    ids, how = query_ids(handbook, "授信额度")
    assert how in ("index", "substring")
    assert "hb12-04" in ids  # 授信额度不低于100亿元
    assert all(handbook.measure(i) is not None for i in ids)


@pytest.mark.parametrize(("note", "printed"), [
    ("另一条见hb12-02b（下达4.2亿元）", "另一条见“02 加快下达科技企业补助资金”（下达4.2亿元）"),
    ("在第03项（hb12-03）印作大写", "在第03项印作大写"),
    ("第09项（hb12-09，标题“扩大省级科技创新券使用”）", "第09项（标题“扩大省级科技创新券使用”）"),
    ("第05项（hb12-05“举办”）几乎相同", "第05项（“举办”）几乎相同"),
    ("两表另见（hb12-10b-gg、hb12-10b-cg）", "两表另见（“技术攻关类需求”表、“成果转化类需求”表）"),
    ("见sjz16", "见“石家庄市科技支持经济平稳发展的十六条政策措施”"),
    ("邮箱 yinyuan0316@168.com、co-op 与 e-mail 不变", "邮箱 yinyuan0316@168.com、co-op 与 e-mail 不变"),
    ("第2项（not-an-id）", "第2项（not-an-id）"),
])
def test_notes_name_items_as_printed_never_by_id(handbook, note: str, printed: str) -> None:  # type: ignore[no-untyped-def]
    from ui.printing.model import References

    assert References(handbook).readable(note) == printed


def test_no_note_of_the_handbook_keeps_an_id_once_readable(handbook) -> None:  # type: ignore[no-untyped-def]
    from ui.printing.model import References

    refs = References(handbook)
    notes = [n for m in handbook.measures() for n in m.notes]
    notes += [n for d in handbook.documents for p in d.all_parts() for n in (*p.notes, *(x for t in p.tables for x in t.notes))]
    with_ids = [n for n in notes if any(refs.name(i) for i in References.ids_in(n))]
    assert len(with_ids) >= 20  # the editors do cite ids: the test has something to check
    for n in with_ids:
        assert not [i for i in References.ids_in(refs.readable(n)) if refs.name(i)], n
