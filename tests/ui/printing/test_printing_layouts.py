"""Card layouts measured on a real PDF device: nothing is clipped, long text shrinks then continues."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from printing_helpers import make_handbook, measure, squash
from PySide6.QtGui import QPdfWriter

from content.validity import Status
from ui.printing.cards import CONT, MINGBAI_BODY_SIZES, NOTE_INK, ContactLayout, ListLayout, MingbaiLayout
from ui.printing.model import CardHeader, References, default_mingbai_ids
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
    # a hand-out: the official text only, so every card of the original 明白卡 fits one card again
    assert report.continued == ()
    assert report.cards == 1 + len(ids)  # the cover, one card per measure
    assert report.pages == len(pages) == math.ceil(report.cards / 4)
    assert pages[0].kind == "mingbai-cover"
    text = body_text(pages, "")
    for mid in ids:
        assert squash(handbook.measure(mid).text) in text, mid
    assert "编者注" not in text
    assert set(report.notes_left_out) == {mid for mid in ids if handbook.measure(mid).notes}
    assert any("编者注" in line for line in report.summary_lines())


def test_mingbai_notes_on_request_say_where_without_ids(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    refs = References(handbook)
    pages, report = MingbaiLayout(bundle, ids, notes=True).paginate(Metrics(device))
    # only the editor's notes may push a card of the original 明白卡 onto a second card
    assert all(handbook.measure(mid).notes for mid in report.continued), report.continued
    assert report.cards == 1 + len(ids) + len(report.continued)
    assert report.notes_left_out == ()
    text = body_text(pages, "")
    for mid in ids:
        for note in handbook.measure(mid).notes:  # anomalies travel with the card, ids replaced
            assert squash(refs.readable(note)) in text, (mid, note[:20])
    assert "hb12-02b" in handbook.measure("hb12-02a").notes[0]
    assert "另一条见“02加快下达科技企业补助资金”" in text
    assert not [i for i in References.ids_in(text) if refs.name(i) is not None]


def test_every_mingbai_card_has_its_status_badge_in_the_head(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    mx = Metrics(device)
    ids = default_mingbai_ids(handbook)
    layout = MingbaiLayout(bundle, ids)
    for m in layout.measures:
        v = bundle.status(m.id)
        (card,), _ = layout._measure_cards(mx, m)
        badges = [op for op in card.ops if isinstance(op, Text) and op.text == v.status.value]
        assert len(badges) == 1, m.id
        assert badges[0].color == v.colours[0] and badges[0].font.bold
        # in the head: above the title, in a box filled with the status colour
        title = next(op for op in card.ops if isinstance(op, Text) and op.text.startswith(m.title[:4]))
        assert badges[0].y < title.y
        assert any(isinstance(op, Box) and op.fill == v.colours[1] and op.x <= badges[0].x <= op.x + op.w
                   for op in card.ops)
        # and the reason in the foot
        assert any(isinstance(op, Text) and op.text.startswith("状态：") for op in card.ops), m.id


def test_jiebang_card_prints_the_seeds_contact_headings(handbook, bundle, device: QPdfWriter,  # type: ignore[no-untyped-def]
                                                         mingbai_source: str) -> None:
    # the seed: 联/系/人/及/联/系/方/式, then "技术攻关类需求" over a table of three, "成果转化类需求" over three
    start = mingbai_source.index("以“揭榜挂帅”方式发布")
    block = mingbai_source[start:mingbai_source.index("11加快科技成果推送和对接服务", start)]
    seed = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("|")]
    headings = [line for line in seed if line.endswith("类需求")]
    assert headings == ["技术攻关类需求", "成果转化类需求"]
    seed_people = re.findall(r"\S+ \S+ (\S+) 电话", block)
    pages, _ = MingbaiLayout(bundle, ["hb12-10b"]).paginate(Metrics(device))
    texts = pages[0].texts()
    assert [t for t in texts if t in headings] == headings

    def who(t: str) -> str:
        return t if t in headings else next((p for p in seed_people if p in t), "")

    order = [who(t) for t in texts if who(t)]
    assert order == [headings[0], *seed_people[:3], headings[1], *seed_people[3:]]


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
                   MingbaiLayout(bundle, default_mingbai_ids(handbook), notes=True),
                   ContactLayout(bundle, default_mingbai_ids(handbook)),
                   ContactLayout(bundle, [m.id for m in handbook.measures()])):
        pages, _ = layout.paginate(mx)
        for page in pages:
            cards = [o for o in page.ops if isinstance(o, Box) and o.stroke == "#d4d4d4"]
            for t in (o for o in page.ops if isinstance(o, Text)):
                width = mx.width(t.text, t.font)
                assert any(c.x <= t.x and t.x + width <= c.x + c.w + 0.5 and c.y < t.y <= c.y + c.h
                           for c in cards), (t.text, layout.name)


def test_contact_cards_one_per_person_ten_per_sheet(handbook, bundle, device: QPdfWriter, mingbai_source: str) -> None:  # type: ignore[no-untyped-def]
    ids = [m.id for m in handbook.part("hb12").all_measures()]
    layout = ContactLayout(bundle, ids)
    pages, report = layout.paginate(Metrics(device))
    section = mingbai_source[mingbai_source.index("十二条措施"):mingbai_source.index("石家庄市科技支持经济平稳发展的")]
    printed = re.findall(r"(\S+)\n+电话：(\S+) 邮箱", section) + re.findall(r"\S+ (\S+) 电话：(\S+) 邮箱", section)
    assert len(printed) == 20  # every province contact as printed: 朱英华 four times
    people = {(who, phone) for who, phone in printed}
    assert len(people) == 16
    assert report.people == len(layout.people()) == len(people)
    assert report.cards == len(people)  # nobody needs a second card
    assert report.pages == len(pages) == math.ceil(len(people) / 10)
    zhu = next(p for p in layout.people() if p.contact.person == "朱英华")
    assert [d.measure.number for d in zhu.duties] == ["05", "06", "07", "09"]
    texts = [t for page in pages for t in page.texts()]
    assert texts.count("朱英华") == 1


def test_contact_cards_for_the_default_card_are_one_per_person(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    layout = ContactLayout(bundle, ids)
    pages, report = layout.paginate(Metrics(device))
    entries = [(m.id, c) for m in layout.measures for c in m.contacts]
    assert len(entries) == 54  # one card per measure and contact, as before
    people = layout.people()
    # a person at a number once; offices printed without a person (高新技术科 / 高新技术) once per number
    keys = {(c.person, c.phone_normalized) if c.person else ("", c.phone_normalized) for _, c in entries}
    assert len(people) == len(keys) == 25
    assert report.cards == 25 and report.pages == 3
    assert sum(len(p.duties) for p in people) == len({(mid, (c.person or "", c.phone_normalized)) for mid, c in entries})
    # every card prints the status of every measure it lists, as a badge before the title
    statuses = {s.value for s in Status}
    for page in pages:
        for t in (op for op in page.ops if isinstance(op, Text) and op.text in statuses):
            assert t.font.bold
    n_badges = sum(1 for page in pages for op in page.ops if isinstance(op, Text) and op.text in statuses)
    assert n_badges == sum(len(p.duties) for p in people)
    office = next(p for p in people if "高新技术科" in p.offices)
    assert office.offices == ("高新技术科", "高新技术") and office.contact.person == ""


def test_contact_layout_reports_measures_without_contacts(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    hb = make_handbook(measure("m1", "正文", contacts=()), measure("m2", "正文"))
    _, report = ContactLayout(hb, ["m1", "m2"]).paginate(Metrics(device))
    assert report.without_contacts == ("m1",)
    assert report.cards == 1
    assert any("“01 测试措施”" in line for line in report.summary_lines())  # named by number and title


def test_a_person_with_many_measures_continues_on_a_second_card(qapp, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ms = [measure(f"m{i}", "正文", title=f"第{i}项很长很长的措施标题用来占满整行的文字") for i in range(14)]
    hb = make_handbook(*ms)
    pages, report = ContactLayout(hb, [m.id for m in ms]).paginate(Metrics(device))
    assert report.people == 1 and report.cards >= 2
    texts = [t for p in pages for t in p.texts()]
    assert texts.count("王五") == report.cards  # the person on every card
    assert texts.count(CONT) == report.cards - 1
    for m in ms:  # every measure listed once
        assert sum(t.startswith(f"01 第{m.id[1:]}项") for t in texts) == 1, m.id


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
    # hb12-09's card text is a copy of item 05: asked for, the note saying so is on paper, in the note
    # colour (with "第05项（hb12-05…" printed as the item's number and title), and the official text is not.
    m = handbook.measure("hb12-09")
    assert m.notes and "hb12-05" in m.notes[0]
    pages, _ = layout(bundle, ["hb12-09"], CardHeader(), notes=True).paginate(Metrics(device))
    texts = [op for p in pages for op in p.ops if isinstance(op, Text)]
    note_ops = [op for op in texts if op.color == NOTE_INK]
    refs = References(handbook)
    assert squash("".join(op.text for op in note_ops)) == squash("".join(refs.readable(n) for n in m.notes))
    assert "hb12-05" not in "".join(op.text for op in texts)
    official = squash("".join(op.text for op in texts if op.color != NOTE_INK))
    assert squash(m.text) in official
    assert "编者注" not in official
    # not asked for: no note at all
    pages, _ = layout(bundle, ["hb12-09"], CardHeader()).paginate(Metrics(device))
    assert not [op for p in pages for op in p.ops if isinstance(op, Text) and op.color == NOTE_INK]
    assert "编者注" not in "".join(t for p in pages for t in p.texts())


def test_list_prints_each_status_in_its_colour_and_the_jiebang_headings(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    pages, _ = ListLayout(bundle, ids).paginate(Metrics(device))
    texts = [op for p in pages for op in p.ops if isinstance(op, Text)]
    for mid in ids:
        v = bundle.status(mid)
        assert any(op.text.startswith(f"状态：{v.label}") and op.color == v.colours[0] for op in texts), mid
    y = {op.text: op.y for op in texts if op.text in ("技术攻关类需求", "刘世泽", "成果转化类需求", "郭玉梅")}
    assert y["技术攻关类需求"] < y["刘世泽"] < y["成果转化类需求"] < y["郭玉梅"]


def test_outline_marks_of_the_card_layouts(handbook, bundle, device: QPdfWriter) -> None:  # type: ignore[no-untyped-def]
    ids = default_mingbai_ids(handbook)
    mx = Metrics(device)
    bands = [p.title for p in handbook.document("changan-mingbaika").parts]
    for layout in (MingbaiLayout(bundle, ids), ListLayout(bundle, ids)):
        pages, _ = layout.paginate(mx)
        marks = [mk for p in pages for mk in p.marks]
        assert [mk.title for mk in marks if mk.level == 0 and mk.title != "封面"] == bands
        assert [mk.title for mk in marks if mk.level == 1] == [handbook.measure(i).display_title for i in ids]
    layout = ContactLayout(bundle, ids)
    pages, report = layout.paginate(mx)
    marks = [mk for p in pages for mk in p.marks]
    assert len(marks) == report.people == 25
    assert marks[0].title == "穆丽欣（资源配置管理处）"
