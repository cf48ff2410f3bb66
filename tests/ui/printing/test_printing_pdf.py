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

from content.model import Handbook
from ui.printing import export_handbook_pdf, write_cards_pdf
from ui.printing.errors import PrintError, SelectionError
from ui.printing.model import CardHeader

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
    # the cover, one card per measure, and a （续） card where the editor's notes do not fit
    assert all(handbook.measure(mid).notes for mid in report.continued)
    cards = 1 + province + city + district + len(report.continued)
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
        in_notes = sum(squash(n).count(label) for mid in report.measures for n in handbook.measure(mid).notes)
        assert flat.count(label) - in_notes == province + city + district
    assert_fonts_embedded(pdf, out)


def test_contact_cards_pdf_and_their_qr_codes(qapp, handbook: Handbook, pdf: Pdf, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              mingbai_source: str, bundle: Any) -> None:
    out = tmp_path / "contact.pdf"
    part = handbook.part("hb12")
    assert part is not None
    ids = [m.id for m in part.all_measures()]
    report = write_cards_pdf(bundle, out, layout="contact", ids=ids)
    section = province_section(mingbai_source)
    phones = PHONE.findall(section)
    assert len(phones) == 20
    assert pdf.is_a4(out)
    assert pdf.pages(out) == report.pages == math.ceil(len(phones) / 10)
    text = pdf.text(out)
    for phone in phones:
        assert phone in text
    for email in EMAIL.findall(section):
        assert email in text
    assert_fonts_embedded(pdf, out)
    # who is reachable where, read from the source: "office person\n\n电话：… 邮箱：…" or table cells
    expected: Counter[tuple[str, str, str, str]] = Counter()
    expected.update(re.findall(r"(\S+) (\S+)\n+电话：(\S+) 邮箱：(\S+)", section))
    expected.update(re.findall(r"\S+ (\S+) (\S+) 电话：(\S+) 邮箱：(\S+?) \|", section))
    assert sum(expected.values()) == 20
    assert expected[("资源配置管理处", "朱英华", "0311-85889143", "ZHUYH@HEBKJT.CN")] == 4
    decoded: list[str] = []
    for page in range(1, report.pages + 1):
        decoded += pdf.qr_codes(out, page)
    assert len(decoded) == report.cards == 20
    found: Counter[tuple[str, str, str, str]] = Counter()
    for card in decoded:
        assert card.startswith("BEGIN:VCARD") and card.rstrip().endswith("END:VCARD")
        fields = dict(line.split(":", 1) for line in card.splitlines() if ":" in line)
        org = fields["ORG"].split(";")
        assert org[0] == "河北省科学技术厅"
        found[(org[1], fields["FN"], fields["TEL;TYPE=WORK,VOICE"], fields["EMAIL;TYPE=INTERNET,WORK"])] += 1
    assert found == expected


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
