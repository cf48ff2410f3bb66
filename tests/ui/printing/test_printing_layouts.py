"""Card layouts measured on a real PDF device: nothing is clipped, long text shrinks then continues."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from printing_helpers import make_handbook, measure, squash
from PySide6.QtGui import QPdfWriter

from ui.printing.cards import CONT, MINGBAI_BODY_SIZES, NOTE_INK, ContactLayout, ListLayout, MingbaiLayout
from ui.printing.model import CardHeader, default_mingbai_ids
from ui.printing.ops import Box, Font, Metrics, Text
from ui.printing.render import PDF_DPI, a4_page_layout

pytestmark = pytest.mark.gui

SENTENCE = "支持企业开展关键核心技术攻关，对符合条件的项目给予最高500万元资金支持。"


@pytest.fixture
def device(qapp, tmp_path: Path) -> QPdfWriter:  # type: ignore[no-untyped-def]
    w = QPdfWriter(str(tmp_path / "measure.pdf"))
    w.setPageLayout(a4_page_layout())
    w.setResolution(PDF_DPI)
    return w


def body_text(pages, mid_text: str) -> str:  # type: ignore[no-untyped-def]
    """All text of the pages, squashed, for 'is every character there' checks."""
    return squash("".join(t for p in pages for t in p.texts()))


def test_mingbai_default_selection_fits_one_card_each(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    pages, report = MingbaiLayout(bundle, ids).paginate(Metrics(device))
    # Only the editor's notes the handbook adds may push a card of the original 明白卡 onto a second card.
    assert all(handbook.measure(mid).notes for mid in report.continued), report.continued
    assert report.cards == 1 + len(ids) + len(report.continued)  # the cover, one card per measure, the （续）s
    assert report.pages == len(pages) == math.ceil(report.cards / 4)
    assert pages[0].kind == "mingbai-cover"
    text = body_text(pages, "")
    for mid in ids:
        m = handbook.measure(mid)
        assert squash(m.text) in text, mid
        for note in m.notes:  # anomalies travel with the card
            assert squash(note) in text, (mid, note[:20])


def test_long_text_shrinks_before_it_continues(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    mx = Metrics(device)
    medium = measure("m-medium", SENTENCE * 9)
    hb = make_handbook(medium)
    pages, report = MingbaiLayout(hb, ["m-medium"]).paginate(mx)
    assert report.shrunk == ("m-medium",)
    assert report.continued == ()
    sizes = {t.font.size for p in pages for t in p.ops if isinstance(t, Text) and t.text in medium.text}
    assert sizes and min(sizes) >= MINGBAI_BODY_SIZES[-1]


def test_very_long_text_continues_on_cards_marked_xu_and_nothing_is_lost(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    long = measure("m-long", SENTENCE * 40)
    hb = make_handbook(long)
    pages, report = MingbaiLayout(hb, ["m-long"]).paginate(Metrics(device))
    assert report.continued == ("m-long",)
    assert report.cards >= 3  # cover + at least two cards
    titles = [t for p in pages for t in p.texts() if t.startswith("测试措施")]
    assert titles.count("测试措施") == 1
    assert titles.count("测试措施" + CONT) == report.cards - 2
    # every character of the text is printed, in order, across the cards
    body = [t.text for p in pages for t in p.ops if isinstance(t, Text) and t.font == Font(MINGBAI_BODY_SIZES[-1])]
    assert "".join(body) == squash(long.text)
    # the contact block is printed once, on the last card
    assert sum("王五" in t for p in pages for t in p.texts()) == 1
    body_sizes = {t.font.size for p in pages for t in p.ops if isinstance(t, Text) and t.text and t.text in long.text}
    assert body_sizes == {MINGBAI_BODY_SIZES[-1]}


def test_every_text_stays_inside_its_card(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    mx = Metrics(device)
    long = measure("m-long", SENTENCE * 40)
    for layout in (MingbaiLayout(make_handbook(long), ["m-long"]),
                   MingbaiLayout(bundle, default_mingbai_ids(handbook)),
                   ContactLayout(bundle, default_mingbai_ids(handbook))):
        pages, _ = layout.paginate(mx)
        for page in pages:
            cards = [o for o in page.ops if isinstance(o, Box) and o.stroke == "#d4d4d4"]
            for t in (o for o in page.ops if isinstance(o, Text)):
                width = mx.width(t.text, t.font)
                assert any(c.x <= t.x and t.x + width <= c.x + c.w + 0.5 and c.y < t.y <= c.y + c.h
                           for c in cards), (t.text, layout.name)


def test_contact_cards_one_per_contact_ten_per_sheet(handbook, bundle, device: QPdfWriter, mingbai_source: str) -> None:  # type: ignore[no-untyped-def]
    ids = [m.id for m in handbook.part("hb12").all_measures()]
    layout = ContactLayout(bundle, ids)
    pages, report = layout.paginate(Metrics(device))
    printed_contacts = mingbai_source.count("电话：0311-")  # every province contact carries one
    assert len(layout.entries()) == printed_contacts == 20
    assert report.cards == printed_contacts
    assert report.pages == len(pages) == math.ceil(printed_contacts / 10)


def test_contact_layout_reports_measures_without_contacts(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    hb = make_handbook(measure("m1", "正文", contacts=()), measure("m2", "正文"))
    _, report = ContactLayout(hb, ["m1", "m2"]).paginate(Metrics(device))
    assert report.without_contacts == ("m1",)
    assert report.cards == 1


def test_list_rows_split_across_pages_with_xu(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    long = measure("m-long", SENTENCE * 150)
    hb = make_handbook(measure("m-short", SENTENCE), long)
    pages, report = ListLayout(hb, ["m-short", "m-long"], CardHeader()).paginate(Metrics(device))
    assert report.continued == ("m-long",)
    assert len(pages) >= 2
    assert any(t == CONT for p in pages[1:] for t in p.texts())
    # the table head is repeated on every page
    assert all("支持内容" in p.texts() for p in pages)
    assert squash(long.text) in squash("".join(t for p in pages for t in p.texts() if t in long.text))
    footer = [t for t in pages[-1].texts() if t.startswith("第 ")]
    assert footer == [f"第 {len(pages)} 页 / 共 {len(pages)} 页"]


def test_list_of_three_measures_is_one_page(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    pages, report = ListLayout(bundle, ["hb12-01", "sjz16-02", "changan-1-1"]).paginate(Metrics(device))
    assert report.pages == len(pages) == 1
    assert report.cards == 3
    texts = pages[0].texts()
    for head in ("责任部门", "政策措施", "支持内容", "联系人", "联系方式"):
        assert head in texts


def test_an_overlong_cover_is_reported_not_hidden(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ok = MingbaiLayout(bundle, ["hb12-01"]).paginate(Metrics(device))[1]
    assert ok.notes == ()
    header = CardHeader(contact_lines=tuple(f"{i}.电话：8599676{i}/联系人{i}" for i in range(40)))
    _, report = MingbaiLayout(bundle, ["hb12-01"], header).paginate(Metrics(device))
    assert any("封面" in n for n in report.notes)
    assert any("封面" in line for line in report.summary_lines())


@pytest.mark.parametrize("layout", [MingbaiLayout, ListLayout])
def test_editors_notes_are_printed_apart_from_the_official_text(handbook, bundle, device: QPdfWriter, layout) -> None:  # type: ignore[no-untyped-def]
    # hb12-09's card text is a copy of item 05: the note saying so must be on paper, in the note colour,
    # and the official text must not be.
    m = handbook.measure("hb12-09")
    assert m.notes
    pages, _ = layout(bundle, ["hb12-09"], CardHeader()).paginate(Metrics(device))
    texts = [op for p in pages for op in p.ops if isinstance(op, Text)]
    note_ops = [op for op in texts if op.color == NOTE_INK]
    assert squash("".join(op.text for op in note_ops)) == squash("".join(m.notes))
    official = squash("".join(op.text for op in texts if op.color != NOTE_INK))
    assert squash(m.text) in official
    assert "编者注" not in official
