"""Issue 13.4 "whom to call" in the window: the 谁负责 box on every 比一比 page, the contact directory's
层级/单位 column, its topic and title filters with a message when nothing matches, area codes labelled
as the editor's, and the search questions that look for a contact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from ui.models import ROLE_ID, ContactsModel
from ui.navigation import NavigationPane
from ui.pages import Page

pytestmark = pytest.mark.gui


def _type(widget: Any, text: str) -> None:
    """Type Chinese as an input method commits it (qtbot.keyClicks aborts on non-ASCII)."""
    widget.clear()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def _find(reader: Any, text: str, start: int = 0) -> QTextCursor:
    cursor = reader.document().find(text, start)
    assert not cursor.isNull(), text
    return cursor


# --------------------------------------------------------------------------------------------
# 谁负责 on every 比一比 page
# --------------------------------------------------------------------------------------------
def test_every_compare_page_opens_with_whom_to_call_above_the_table(qtbot: Any, make_window: Any, bundle: Any) -> None:
    w = make_window()
    for comp in w._builder.comparisons:
        w.open_page(Page("compare", comp.id))
        reader = w.reader
        box = _find(reader, "谁负责")
        # the box comes before the comparison table: before the first column's first measure title
        first = next((bundle.handbook.measure(i) for c in comp.columns for i in c.measures), None)
        assert first is not None
        assert box.position() < _find(reader, first.display_title, box.position()).position(), comp.id
        groups = bundle.responsible(comp)
        for g in groups:  # every level's block, and every contact of it, as the bundle has them
            for r in g.rows:
                who = " ".join(x for x in (r.contact.office, r.contact.person) if x)
                assert _find(reader, who, box.position()).position() > box.position(), (comp.id, who)
                if r.contact.phone:
                    assert _find(reader, r.contact.phone, box.position())
        if any(not g.rows for g in groups):
            assert _find(reader, "未印联系人", box.position())


def test_jiebang_whom_to_call_is_on_screen_without_scrolling(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("compare", "jiebang"))
    reader = w.reader
    assert reader.verticalScrollBar().value() == 0
    text = reader.toPlainText()
    box = text.index("谁负责")
    for needle in ("省级", "刘世泽", "0311-85802776", "高新技术领域", "市级", "发展计划科", "85057594",
                   "区县级", "长安区科技局 唐鑫涛", "廊坊市科学技术局 张恩宁"):
        assert text.index(needle, box) > box, needle
    # the province's first contact and the city's are on the first screen: no scrolling to find whom to call
    for who in ("刘世泽", "发展计划科"):
        rect = reader.cursorRect(_find(reader, who))
        assert rect.top() >= 0 and rect.bottom() < reader.viewport().height(), who
    # printed without an area code: shown as printed, the editor's 0311 said to be the editor's
    city = text[text.index("发展计划科"):].split("\n", 1)[0]
    assert city.startswith("发展计划科 ☎ 85057594 （区号 0311 为编者所补，原件未印）"), city
    assert "见 03 加快实施“揭榜挂帅”制科技项目" in city
    assert "0311-85057594" not in text
    # the 区县 column lists no measure: the card's front-page contacts, and the box says so
    assert "该级条目未印专门联系人" in text


def test_the_box_copy_button_copies_the_number_as_printed(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("compare", "jiebang"))
    reader = w.reader
    phone = _find(reader, "0311-85802776")
    copy = _find(reader, "复制", phone.position())
    middle = QTextCursor(reader.document())
    middle.setPosition(copy.selectionStart() + 1)  # between 复 and 制: on the link
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=reader.cursorRect(middle).center())
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "0311-85802776", timeout=2000)


def test_the_box_links_to_the_measure_that_prints_the_contact(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("compare", "jiebang"))
    html = w.reader.current_html()
    box = html[html.index("谁负责"):html.index("<th")]
    assert Page("item", "hb12-10b").href() in box and Page("item", "sjz16-03").href() in box
    with qtbot.waitSignal(w.page_opened, timeout=2000) as opened:
        w.reader.link_activated.emit(Page("item", "sjz16-03").href())
    assert opened.args[0].arg == "sjz16-03"


# --------------------------------------------------------------------------------------------
# The contact directory
# --------------------------------------------------------------------------------------------
def _rows(nav: Any, col: int) -> list[str]:
    proxy = nav.contacts_proxy
    return [str(proxy.index(r, col).data()) for r in range(proxy.rowCount())]


def _directory(make_window: Any) -> Any:
    w = make_window()
    w.navigation.setCurrentIndex(NavigationPane.TAB_CONTACTS)
    return w


def test_directory_has_a_level_and_unit_column(qtbot: Any, make_window: Any) -> None:
    w = _directory(make_window)
    nav = w.navigation
    proxy = nav.contacts_proxy
    assert proxy.headerData(ContactsModel.COL_UNIT, Qt.Orientation.Horizontal) == "层级/单位"
    assert not nav.contacts_view.isColumnHidden(ContactsModel.COL_UNIT)
    offices = _rows(nav, ContactsModel.COL_OFFICE)
    row = offices.index("办公室")  # "办公室 85678026" — whose?  The city's 科学技术局, as the content says
    assert proxy.index(row, ContactsModel.COL_UNIT).data() == "市级 石家庄市科学技术局（编者推定）"
    units = _rows(nav, ContactsModel.COL_UNIT)
    for entry in nav.contacts_model._entries:  # every row says whose it is
        assert entry.unit_text
    assert {u.split()[0] for u in units} == {"省级", "市级", "区县级"}
    # whose number, and the number itself, are both on screen in the narrow pane, neither cut off:
    # long texts wrap onto more lines instead
    view = nav.contacts_view
    view.scrollTo(proxy.index(row, 0))
    unit = view.visualRect(proxy.index(row, ContactsModel.COL_UNIT))
    phone = view.visualRect(proxy.index(row, ContactsModel.COL_PHONE))
    assert unit.left() >= 0 and phone.right() <= view.viewport().width()
    metrics = view.fontMetrics()
    for col, rect in ((ContactsModel.COL_UNIT, unit), (ContactsModel.COL_PHONE, phone)):
        text = str(proxy.index(row, col).data())
        needed = metrics.boundingRect(rect.adjusted(4, 0, -4, 0), int(Qt.TextFlag.TextWordWrap), text)
        assert needed.height() <= rect.height(), (text, needed, rect)


def test_directory_phone_shows_the_editors_area_code_as_such(qtbot: Any, make_window: Any) -> None:
    w = _directory(make_window)
    nav = w.navigation
    proxy = nav.contacts_proxy
    phones = _rows(nav, ContactsModel.COL_PHONE)
    row = _rows(nav, ContactsModel.COL_OFFICE).index("办公室")
    assert phones[row] == "85678026（区号0311编者补）"
    tip = proxy.index(row, ContactsModel.COL_PHONE).data(Qt.ItemDataRole.ToolTipRole)
    assert "原件印作 85678026" in tip and "编者所补" in tip
    zhu = _rows(nav, ContactsModel.COL_PERSON).index("朱英华")
    assert phones[zhu] == "0311-85889143"  # printed with its area code: exactly as printed
    assert not [p for p in phones if p.startswith("0311-") and "编者" in p]
    lf = _rows(nav, ContactsModel.COL_PERSON).index("张恩宁")
    assert phones[lf] == "0316-5212180"


def test_directory_filters_by_topic(qtbot: Any, make_window: Any) -> None:
    w = _directory(make_window)
    nav = w.navigation
    combo = nav.contacts_topic
    assert combo.itemText(0) == "全部专题"
    total = nav.contacts_proxy.rowCount()
    combo.setCurrentIndex(combo.findData("人才"))
    assert sorted(_rows(nav, ContactsModel.COL_OFFICE)) == ["人事处", "人事科"]
    for r in range(nav.contacts_proxy.rowCount()):
        key = nav.contacts_proxy.index(r, 0).data(ROLE_ID)
        entry = next(e for e in nav.contacts_model._entries if e.key == key)
        assert "人才" in entry.topics
    assert nav.contacts_view.isVisible() and not nav.contacts_empty.isVisible()
    combo.setCurrentIndex(0)
    assert nav.contacts_proxy.rowCount() == total
    # every topic offered finds someone (the combo lists only topics the contacts serve)
    for i in range(1, combo.count()):
        combo.setCurrentIndex(i)
        assert nav.contacts_proxy.rowCount() > 0, combo.itemText(i)


def test_directory_filters_by_measure_title(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = _directory(make_window)
    nav = w.navigation
    _type(nav.contacts_filter, "加快政策落实落地")  # sjz16-01's title; its contact is 办公室 85678026
    assert handbook.measure("sjz16-01").title == "加快政策落实落地"
    assert _rows(nav, ContactsModel.COL_OFFICE) == ["办公室"]
    _type(nav.contacts_filter, "揭榜挂帅")  # in the title of sjz16-03 (加快实施“揭榜挂帅”制科技项目)
    assert _rows(nav, ContactsModel.COL_OFFICE) == ["发展计划科"]
    _type(nav.contacts_filter, "长安 张少鹏")  # every word must occur
    assert _rows(nav, ContactsModel.COL_PERSON) == ["张少鹏"]


def test_directory_says_so_when_nothing_matches(qtbot: Any, make_window: Any) -> None:
    w = _directory(make_window)
    nav = w.navigation
    assert not nav.contacts_empty.isVisible()
    combo = nav.contacts_topic
    combo.setCurrentIndex(combo.findData("人才"))
    _type(nav.contacts_filter, "长安")  # nobody in 长安 serves a 人才 measure
    assert nav.contacts_proxy.rowCount() == 0
    assert nav.contacts_empty.isVisible() and not nav.contacts_view.isVisible()
    assert nav.contacts_empty.text().startswith("没有符合“长安”、“人才”的联系人。")
    assert "全部专题" in nav.contacts_empty.text()
    combo.setCurrentIndex(0)  # 长安 alone finds the district's contacts again
    assert nav.contacts_proxy.rowCount() > 0
    assert nav.contacts_view.isVisible() and not nav.contacts_empty.isVisible()
    _type(nav.contacts_filter, "没有这个人")
    assert nav.contacts_empty.isVisible() and "“没有这个人”" in nav.contacts_empty.text()
    nav.contacts_filter.clear()
    assert nav.contacts_view.isVisible() and not nav.contacts_empty.isVisible()


def test_contacts_page_and_contact_page_say_whose(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("contacts"))
    text = w.reader.toPlainText()
    assert "层级/单位" in text and "市级 石家庄市科学技术局（编者推定）" in text
    office = next(e for e in w.navigation.contacts_model._entries if e.contact.office == "办公室")
    w.open_page(Page("contact", office.key))
    text = w.reader.toPlainText()
    assert "层级/单位：市级 石家庄市科学技术局（编者推定）" in text
    assert "85678026 （区号 0311 为编者所补，原件未印）" in text


# --------------------------------------------------------------------------------------------
# Searching for whom to call, with the real index
# --------------------------------------------------------------------------------------------
index = pytest.importorskip("index")


@pytest.mark.parametrize(("query", "top"), [("揭榜挂帅 找谁", 2), ("揭榜挂帅 电话", 2), ("揭榜挂帅找谁", 2),
                                            ("jbgs", 10)])
def test_the_province_jiebang_contacts_card_is_found(qtbot: Any, tmp_path: Path, handbook: Any,
                                                     make_window: Any, query: str, top: int) -> None:
    from ui.search import load_backend

    idir = tmp_path / "index"
    index.build_index(handbook, idir)
    w = make_window(backend_loader=lambda: load_backend(idir))
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=20000)
    with qtbot.waitSignal(w.search.results_ready, timeout=10000):
        _type(w.search_box, query)
    model = w.search_panel.results_model
    ids = [model.index(r, 0).data(ROLE_ID) for r in range(model.rowCount())]
    assert "hb12-10b" in ids[:top], ids[:top]  # the card's item printing the six province contacts
