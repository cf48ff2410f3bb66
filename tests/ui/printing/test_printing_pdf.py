"""The PDFs themselves, checked with poppler and zbar: size, pages, text, fonts, QR codes, contents."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from printing_helpers import Pdf, squash
from pypdf import PdfReader

from content.model import Handbook
from ui.printing import export_handbook_pdf, write_cards_pdf
from ui.printing.errors import PrintError, SelectionError
from ui.printing.model import CardHeader, References

pytestmark = pytest.mark.gui

PHONE = re.compile(r"电话：(0311-\d{8})")
EMAIL = re.compile(r"[A-Za-z0-9_.]+@[A-Za-z0-9.]+\.(?:cn|com|CN|COM)")


def province_section(source: str) -> str:
    return source[source.index("十二条措施"):source.index("石家庄市科技支持经济平稳发展的")]


def city_section(source: str) -> str:
    return source[source.index("石家庄市科技支持经济平稳发展的"):source.index("石家庄市长安区人民政府")]


def assert_fonts_embedded(pdf: Pdf, path: Path) -> None:
    fonts = pdf.fonts(path)
    assert fonts, "no fonts in the PDF"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert any("CID" in f["type"] for f in fonts), fonts  # the CJK font, as a CID subset


def test_mingbai_pdf_reproduces_the_changan_card(qapp, handbook: Handbook, pdf: Pdf, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 mingbai_source: str, bundle: Any) -> None:
    out = tmp_path / "mingbai.pdf"
    report = write_cards_pdf(bundle, out, layout="mingbai")
    assert pdf.is_a4(out)
    province = mingbai_source.count("政/策/内/容")
    city = len(re.findall(r"^(0[1-9]|1[0-6])$", mingbai_source, flags=re.M))
    district = len(re.findall(r"^- \d\.", mingbai_source, flags=re.M)) - 2
    # the cover and one card per measure, as on the printed original
    assert report.continued == ()
    cards = 1 + province + city + district
    assert report.cards == cards
    assert pdf.pages(out) == report.pages == math.ceil(cards / 4)
    text = pdf.text(out)
    flat = squash(text)
    cover = pdf.text(out, 1)
    for line in ("抓落实 见行动", "自己填写成绩单", "电话：85996768/唐鑫涛 85996767/张少鹏", "石家庄市长安区科学技术局 印制"):
        assert line in cover, line
    assert "关于科技支持经济平稳发展的政策措施" in cover and "明白卡" in cover
    # every phone number and e-mail printed on the card, exactly as printed
    for phone in PHONE.findall(mingbai_source):
        assert phone in text, phone
    for email in EMAIL.findall(mingbai_source):
        assert email in text, email
    for number in re.findall(r"[\u4e00-\u9fa5](\d{8})", city_section(mingbai_source)):
        assert number in text, number
    for label in ("政策内容", "联系人及联系方式"):
        assert flat.count(label) == province + city + district
    assert_fonts_embedded(pdf, out)


def printed_ids(handbook: Handbook, text: str) -> list[str]:
    """The handbook's ids (measures, parts, documents, tables) found in ``text``."""
    refs = References(handbook)
    return [i for i in References.ids_in(text) if refs.name(i) is not None]


@pytest.mark.parametrize("layout", ["mingbai", "contact", "list"])
def test_default_handouts_print_no_notes_no_ids_and_every_status(qapp, handbook: Handbook, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path, bundle: Any, layout: str) -> None:
    out = tmp_path / f"{layout}.pdf"
    report = write_cards_pdf(bundle, out, layout=layout)
    text = pdf.text(out)
    assert "编者注" not in text
    assert printed_ids(handbook, text) == []
    assert not re.search(r"\b(?:hb12|sjz16|changan)-\w+", text)  # nor anything shaped like one
    # every card (every row of the list) prints its measures' computed statuses
    statuses = Counter(bundle.status(mid).status.value for mid in report.measures)
    flat = squash(text)
    for value, n in statuses.items():
        # 明白卡: the badge and the 状态 line of the foot; contact card: a badge per listed measure;
        # list: the 状态 line of the row
        per_card = {"mingbai": 2, "contact": 1, "list": 1}[layout]
        assert flat.count(value) >= n * per_card, (value, flat.count(value), n)
    if layout == "mingbai":  # every card but the cover has its 状态 line
        assert flat.count("状态：") == report.cards - 1


def test_notes_on_request_without_ids(qapp, handbook: Handbook, pdf: Pdf, tmp_path: Path, bundle: Any) -> None:
    out = tmp_path / "check.pdf"
    report = write_cards_pdf(bundle, out, layout="mingbai", notes=True)
    text = pdf.text(out)
    assert squash(text).count("编者注") >= sum(len(handbook.measure(m).notes) for m in report.measures)
    assert printed_ids(handbook, text) == []
    assert report.notes_left_out == ()


def test_contact_cards_pdf_one_per_person_and_their_qr_codes(qapp, handbook: Handbook, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path, mingbai_source: str, bundle: Any) -> None:
    out = tmp_path / "contact.pdf"
    part = handbook.part("hb12")
    assert part is not None
    ids = [m.id for m in part.all_measures()]
    report = write_cards_pdf(bundle, out, layout="contact", ids=ids)
    section = province_section(mingbai_source)
    phones = PHONE.findall(section)
    assert len(phones) == 20
    # who is reachable where, read from the source: "office person\n\n电话：… 邮箱：…" or table cells
    printed: list[tuple[str, str, str, str]] = []
    printed += re.findall(r"(\S+) (\S+)\n+电话：(\S+) 邮箱：(\S+)", section)
    printed += re.findall(r"\S+ (\S+) (\S+) 电话：(\S+) 邮箱：(\S+?) \|", section)
    assert len(printed) == 20
    assert printed.count(("资源配置管理处", "朱英华", "0311-85889143", "ZHUYH@HEBKJT.CN")) == 4
    # one card per person at a number, with the first printed form (张涛's e-mail is printed in two cases)
    expected: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for office, person, phone, email in printed:
        expected.setdefault((person, phone), (office, person, phone, email))
    assert len(expected) == 16
    assert pdf.is_a4(out)
    assert report.cards == report.people == len(expected)
    assert pdf.pages(out) == report.pages == math.ceil(len(expected) / 10)
    text = pdf.text(out)
    for phone in phones:
        assert phone in text
    first_form: dict[str, str] = {}
    for *_, email in printed:
        first_form.setdefault(email.lower(), email)
    for email in first_form.values():
        assert email in text
    assert squash(text).count("朱英华") == 1
    assert_fonts_embedded(pdf, out)
    decoded: list[str] = []
    for page in range(1, report.pages + 1):
        decoded += pdf.qr_codes(out, page)
    assert len(decoded) == report.cards
    found: Counter[tuple[str, str, str, str]] = Counter()
    for card in decoded:
        assert card.startswith("BEGIN:VCARD") and card.rstrip().endswith("END:VCARD")
        fields = dict(line.split(":", 1) for line in card.splitlines() if ":" in line)
        org = fields["ORG"].split(";")
        assert org[0] == "河北省科学技术厅"
        found[(org[1], fields["FN"], fields["TEL;TYPE=WORK,VOICE"], fields["EMAIL;TYPE=INTERNET,WORK"])] += 1
    assert found == Counter(expected.values())


def test_contact_card_qr_adds_the_area_code_to_local_numbers(qapp, handbook: Handbook, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path, bundle: Any) -> None:
    out = tmp_path / "city.pdf"
    write_cards_pdf(bundle, out, layout="contact", ids=["sjz16-01"])
    (card,) = pdf.qr_codes(out, 1)
    assert "FN:办公室" in card
    assert "ORG:石家庄市科学技术局;办公室" in card
    assert "TEL;TYPE=WORK,VOICE:0311-85678026" in card  # printed as （办公室85678026）


def test_list_pdf(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path, mingbai_source: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "list.pdf"
    ids = ["hb12-01", "hb12-04", "sjz16-06"]
    report = write_cards_pdf(bundle, out, layout="list", ids=ids)
    assert pdf.is_a4(out)
    assert pdf.pages(out) == report.pages == 1
    text = pdf.text(out)
    for head in ("责任部门", "政策措施", "支持内容", "联系人", "联系方式"):
        assert head in text
    for s in ("0311-85813876", "mulx@hebkjt.cn", "0311-85092711", "KJJR_DKFXBC@163.COM",
              "85069336", "85671296", "83838504"):
        assert s in mingbai_source and s in text, s
    assert_fonts_embedded(pdf, out)


def test_cards_pdf_with_a_header_and_qr_image(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import segno

    img = tmp_path / "wechat.png"
    segno.make("https://example.cn/office", error="m").save(str(img), scale=8)
    header = CardHeader(office="某区科技局", title="科技政策", contact_lines=("电话：12345678",),
                        qr_image=str(img), printed_by="某区科技局 印制")
    out = tmp_path / "own.pdf"
    write_cards_pdf(bundle, out, layout="mingbai", ids=["hb12-01"], header=header)
    cover = pdf.text(out, 1)
    assert "电话：12345678" in cover and "某区科技局 印制" in cover
    assert "抓落实 见行动" in cover  # slogans not overridden keep the default
    assert "https://example.cn/office" in pdf.qr_codes(out, 1)


def test_cards_pdf_errors(qapp, handbook: Handbook, bundle, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SelectionError, match="没有编号为"):
        write_cards_pdf(bundle, tmp_path / "x.pdf", layout="mingbai", ids=["nope"])
    with pytest.raises(PrintError, match="不存在"):
        write_cards_pdf(bundle, tmp_path / "missing" / "x.pdf", layout="mingbai", ids=["hb12-01"])
    with pytest.raises(PrintError, match="未知版式"):
        write_cards_pdf(bundle, tmp_path / "x.pdf", layout="poster", ids=["hb12-01"])
    assert not list(tmp_path.glob("*.pdf"))  # nothing half-written left behind


# ---------------------------------------------------------------------------------------------
# The handbook
# ---------------------------------------------------------------------------------------------
def toc_entries(pdf: Pdf, path: Path) -> tuple[list[tuple[str, int]], int]:
    """(title, page) pairs read from the contents pages, and the number of the last contents page."""
    entries: list[tuple[str, int]] = []
    page = 2
    last = 1
    pending = ""
    while True:
        text = pdf.text(path, page, layout=True)
        if not text.lstrip().startswith("目录"):
            break
        last = page
        for line in text.splitlines()[1:]:
            line = line.strip()
            if not line or line.startswith("第 ") or line in ("目     录", "目 录") or squash(line) == "目录":
                continue
            m = re.match(r"^(.*?)\s+(\d+)$", line)
            if m:
                entries.append((squash(pending + m.group(1)), int(m.group(2))))
                pending = ""
            elif "科技政策一点通" not in line:
                pending += line
        page += 1
    return entries, last


def test_handbook_pdf_contents_point_at_the_real_pages(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "handbook.pdf"
    pages = export_handbook_pdf(bundle, out)
    assert pdf.pages(out) == pages
    assert pdf.is_a4(out)
    assert_fonts_embedded(pdf, out)
    entries, last_toc = toc_entries(pdf, out)
    docs = [d.title for d in handbook.documents]
    assert [t for t, _ in entries if t in {squash(d) for d in docs}] == [squash(d) for d in docs]
    assert len(entries) == sum(1 + len(d.parts) for d in handbook.documents)
    page_text = {n: squash(pdf.text(out, n)) for n in range(last_toc + 1, pages + 1)}
    prev = last_toc + 1
    for title, number in entries:
        assert last_toc < number <= pages
        assert title in page_text[number], (title, number)
        for n in range(prev + 1, number):  # not already on an earlier page since the previous heading
            assert title not in page_text[n], (title, number, n)
        prev = number
    # running header, page numbers, editor's notes, status badges
    first_body = page_text[last_toc + 1]
    assert "长安区科技政策措施明白卡" in first_body
    assert f"第{pages}页/共{pages}页" in page_text[pages]
    whole = "".join(page_text.values())
    assert whole.count("编者注") >= sum(len(d.notes) for d in handbook.documents)
    for d in handbook.documents:  # every document's computed status is printed with it
        start = dict(entries)[squash(d.title)]
        assert squash(bundle.status(d.id).label) in page_text[start]
    assert "文本录入2026-11-23·效力核实0/212" in page_text[pages]  # the footer: two facts, not one date


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every outline entry, in order."""
    reader = PdfReader(str(path))
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def test_handbook_pdf_has_an_outline_of_every_document_and_part(qapp, handbook: Handbook, bundle, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path) -> None:
    from ui.printing.handbook_pdf import heading_of

    out = tmp_path / "handbook.pdf"
    pages = export_handbook_pdf(bundle, out)
    entries = outline(out)
    assert entries[0][:2] == (0, "目录")

    def expected_parts(parts: Any, depth: int) -> list[tuple[int, str]]:
        return [x for p in parts for x in [(depth, heading_of(p)), *expected_parts(p.parts, depth + 1)]]

    expected = [x for d in handbook.documents for x in [(0, d.title), *expected_parts(d.parts, 1)]]
    assert [(d, t) for d, t, _ in entries[1:]] == expected  # one entry per document and part, nested
    n_parts = sum(1 for d in handbook.documents for _ in d.all_parts())
    assert len(entries) == 1 + len(handbook.documents) + n_parts
    page_text = {n: squash(pdf.text(out, n)) for n in {p for *_, p in entries}}
    for _, title, page in entries:  # each entry opens the page that prints its heading
        assert 1 < page <= pages and squash(title)[:30] in page_text[page], (title, page)
    assert PdfReader(str(out)).page_mode == "/UseOutlines"


def test_handbook_contents_lines_are_links_to_their_pages(qapp, handbook: Handbook, bundle, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    out = tmp_path / "handbook.pdf"
    export_handbook_pdf(bundle, out)
    entries, last_toc = toc_entries(pdf, out)
    reader = PdfReader(str(out))
    links = []
    for n in range(1, last_toc):  # the contents pages (page 1 is the cover)
        for annot in reader.pages[n].get("/Annots", []):
            a = annot.get_object()
            if a["/Subtype"] == "/Link":
                dest = a["/Dest"]
                links.append((n, [float(x) for x in a["/Rect"]], reader.get_page_number(dest[0].get_object()) + 1))
    assert len(links) == len(entries)
    # in reading order, each link goes to the page its line prints
    assert [target for *_, target in links] == [page for _, page in entries]
    for _, rect, _ in links:
        assert rect[2] - rect[0] > 100 and rect[3] > rect[1]  # the whole line, not a dot


def test_handbook_notes_can_be_left_out(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_notes = tmp_path / "with.pdf"
    without = tmp_path / "without.pdf"
    export_handbook_pdf(bundle, with_notes, doc_id="changan-mingbaika")
    export_handbook_pdf(bundle, without, doc_id="changan-mingbaika", notes=False)
    assert "编者注：明白卡上编号" in squash(pdf.text(with_notes))
    assert "编者注：" not in squash(pdf.text(without))
    for path in (with_notes, without):
        assert printed_ids(handbook, pdf.text(path)) == []


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_saved_pdfs_get_the_users_umask(qapp, bundle, tmp_path: Path, umask: int) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    old = os.umask(umask)
    try:
        write_cards_pdf(bundle, tmp_path / "cards.pdf", layout="list", ids=["hb12-01"])
        export_handbook_pdf(bundle, tmp_path / "doc.pdf", doc_id="sjz16")
    finally:
        os.umask(old)
    for name in ("cards.pdf", "doc.pdf"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask, name


def test_card_pdfs_have_an_outline(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = [m.id for m in handbook.document("changan-mingbaika").all_measures()]
    bands = [p.title for p in handbook.document("changan-mingbaika").parts]
    for layout in ("mingbai", "list"):
        out = tmp_path / f"{layout}.pdf"
        write_cards_pdf(bundle, out, layout=layout)
        entries = outline(out)
        assert [t for d, t, _ in entries if d == 0 and t != "封面"] == bands
        assert [t for d, t, _ in entries if d == 1] == [handbook.measure(i).display_title for i in ids]
        for _, title, page in entries:
            if title != "封面":  # (a list cell wraps a long title: its start is enough)
                assert squash(title)[:6] in squash(pdf.text(out, page)), (layout, title, page)
    out = tmp_path / "contact.pdf"
    report = write_cards_pdf(bundle, out, layout="contact")
    entries = outline(out)
    assert len(entries) == report.people
    assert all(t.split("（")[0] in pdf.text(out, p) for _, t, p in entries)


def test_handbook_pdf_of_one_document(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "doc.pdf"
    pages = export_handbook_pdf(bundle, out, doc_id="changan-mingbaika")
    assert pdf.pages(out) == pages >= 3
    text = pdf.text(out)
    assert "关于科技支持经济平稳发展的政策措施明白卡" in text
    assert "科技创新政策摘编" not in text
    for phone in ("0311-85813876", "85996767", "yinyuan0316@168.com"):
        assert phone in text
    entries, _ = toc_entries(pdf, out)
    assert [t for t, _ in entries][:2] == ["关于科技支持经济平稳发展的政策措施明白卡", "关于科技支持全省经济平稳发展十二条措施"]


def test_handbook_pdf_of_one_part_and_bad_ids(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "part.pdf"
    export_handbook_pdf(bundle, out, doc_id="sjz16")
    text = squash(pdf.text(out))
    assert "石家庄市科技支持经济平稳发展的十六条政策措施" in text
    assert "加快下达科技项目资金" not in text  # a province measure
    with pytest.raises(SelectionError):
        export_handbook_pdf(bundle, tmp_path / "bad.pdf", doc_id="no-such-doc")


def test_handbook_export_runs_in_a_worker_thread_with_progress(qapp, handbook: Handbook, pdf: Pdf,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, bundle: Any) -> None:
    out = tmp_path / "worker.pdf"
    calls: list[tuple[int, int]] = []
    result: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            result.append(export_handbook_pdf(bundle, out, doc_id="sjz-zhaibian-2023",
                                              progress=lambda a, b: calls.append((a, b))))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join(120)
    assert not errors
    assert result and pdf.pages(out) == result[0]
    assert calls
    totals = {b for _, b in calls}
    assert len(totals) == 1
    done = [a for a, _ in calls]
    assert done == sorted(done) and done[-1] == calls[-1][1]
    assert "研发费用加计扣除" in pdf.text(out)


def test_the_cjk_font_is_embedded_as_a_subset(qapp, handbook: Handbook, bundle, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt does not tag subset font names, so pdffonts says 'sub no'; the size proves the subset instead."""
    from ui.printing.fonts import BUNDLED_FONT

    out = tmp_path / "one.pdf"
    write_cards_pdf(bundle, out, layout="contact", ids=["hb12-01"])
    assert_fonts_embedded(pdf, out)
    assert BUNDLED_FONT.stat().st_size > 4_000_000  # the whole CJK font is megabytes …
    assert out.stat().st_size < 200_000  # … the PDF carries only the glyphs it uses
