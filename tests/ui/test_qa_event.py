"""Defects found walking through a 宣讲 event on a 1024×768 projector (qa-event, 7 December)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from content.profile import Profile
from ui.pages import Page

pytestmark = pytest.mark.gui

CHANGAN_HIGH_TECH = {"county": "长安区", "high_tech": "yes", "scale": "above"}


def _settle(qtbot: Any) -> None:
    QApplication.processEvents()
    qtbot.wait(50)
    QApplication.processEvents()


def _profile_at(make_window: Any, qtbot: Any, *, width: int, mode: str) -> Any:
    w = make_window(start=False)
    w.resize(width, 768)
    w.open_page(Page("profile"))
    w.profile_panel.set_profile(Profile(CHANGAN_HIGH_TECH))
    if mode == "presentation":
        w.set_presentation(True, fullscreen=False)
    elif mode == "kiosk":
        w.kiosk.ask_new_pin = lambda _first: "2468"
        assert w.kiosk.enter(fullscreen=False)
    _settle(qtbot)
    return w


@pytest.mark.parametrize("mode", ["normal", "presentation", "kiosk"])
def test_my_enterprise_stays_inside_a_1024_screen(make_window: Any, qtbot: Any, mode: str) -> None:
    """In 演示模式 the bar of 我的企业 (title and eight buttons at 1.35×) made the window 1277 px wide:
    关闭, 清空, 打开… and 退出演示 were off a 1024-px projector."""
    w = _profile_at(make_window, qtbot, width=1024, mode=mode)
    assert w.width() <= 1024
    panel = w.profile_panel
    for b in panel.findChildren(QPushButton):
        if b.isVisible():
            right = b.mapTo(w, QPoint(b.width(), 0)).x()
            assert right <= w.width(), (b.text(), right)


@pytest.mark.parametrize("mode", ["presentation", "kiosk"])
def test_my_enterprise_result_keeps_half_the_screen(make_window: Any, qtbot: Any, mode: str) -> None:
    """At 1024 px in 展台模式 the result was 220 px wide: “可申请” and “可确认 0 元” broke a character a line."""
    w = _profile_at(make_window, qtbot, width=1024, mode=mode)
    panel = w.profile_panel
    assert panel.browser.width() >= 0.45 * panel.width()
    # the form still shows every answer button whole
    for b in panel.form_scroll.widget().findChildren(QPushButton):
        if b.isVisible():
            assert b.width() >= b.minimumSizeHint().width(), b.text()
            right = b.mapTo(panel.form_scroll.viewport(), QPoint(b.width(), 0)).x()
            assert right <= panel.form_scroll.viewport().width(), b.text()


def test_leaving_the_kiosk_on_my_enterprise_gives_the_screen_back(make_window: Any, qtbot: Any) -> None:
    w = _profile_at(make_window, qtbot, width=1024, mode="kiosk")
    assert w.kiosk.leave(ask=False)
    _settle(qtbot)
    assert w.width() <= 1024


def _keys_clear_of_the_buttons(d: Any) -> None:
    """Every key of the keypad is whole: as high as its style asks and above 取消/确定."""
    ok_top = d.ok_button.mapTo(d, QPoint(0, 0)).y()
    for text, key in d.pad.buttons.items():
        assert key.height() >= key.minimumSizeHint().height(), text
        assert key.mapTo(d, QPoint(0, key.height())).y() <= ok_top, text
    assert d.height() >= d.layout().totalHeightForWidth(d.width())


def test_set_pin_keypad_is_whole(qtbot: Any) -> None:
    """The 设置工作人员 PIN dialog came up 64 px shorter than its keys: 清除, 0 and ⌫ lay under 取消/确定."""
    from ui.kiosk_pin import SetPinDialog

    d = SetPinDialog()
    qtbot.addWidget(d)
    d.show()
    _settle(qtbot)
    _keys_clear_of_the_buttons(d)
    d.field.setText("12")  # too short: the error line appears and the dialog must grow with it
    d._on_ok_button_clicked()
    _settle(qtbot)
    assert d.error.isVisible()
    _keys_clear_of_the_buttons(d)


def test_pin_keypad_stays_whole_after_a_wrong_pin(qtbot: Any) -> None:
    from ui.kiosk_pin import PinDialog

    d = PinDialog(lambda _pin: False, "退出展台模式")
    qtbot.addWidget(d)
    d.show()
    _settle(qtbot)
    _keys_clear_of_the_buttons(d)
    d.field.setText("1111")
    d._on_ok_button_clicked()
    _settle(qtbot)
    assert d.error.isVisible()
    _keys_clear_of_the_buttons(d)


def _small_text(panel: Any, least_pt: float) -> list[str]:
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QComboBox, QLabel, QLineEdit

    small = []
    for c in panel.findChildren(QWidget):
        if not c.isVisible() or not isinstance(c, QLabel | QCheckBox | QComboBox | QLineEdit | QAbstractSpinBox):
            continue
        text = c.currentText() if isinstance(c, QComboBox) else c.text()
        if text and QFontInfo(c.font()).pointSizeF() < least_pt:
            small.append(f"{type(c).__name__} {text[:16]} {QFontInfo(c.font()).pointSizeF():.1f}pt")
    return small


def test_calculator_alone_scales_its_form_not_only_the_title(make_window: Any, qtbot: Any) -> None:
    """F11 in the calculator at 1024 px: the title and the result were 1.6×, but the description, every
    input's label, the fields and the 企业所在地 list stayed at 10.5 pt, unreadable from the back row —
    also in a calculator chosen while the mode is on."""
    from ui.style import PRESENTATION_SCALE

    w = make_window(start=False)
    w.resize(1024, 768)
    w.show_calculator("")
    panel = w._calc_panel
    calcs = list(panel.calculators())
    panel.show_calculator(calcs[0])
    panel.focus_first_field()
    _settle(qtbot)
    base = panel.font().pointSizeF()
    w.set_presentation(True, fullscreen=False)
    _settle(qtbot)
    assert w.calculator_alone
    assert _small_text(panel, base * PRESENTATION_SCALE * 0.9) == []
    panel.show_calculator(calcs[-1])  # another calculator, chosen from the list in the mode
    _settle(qtbot)
    assert _small_text(panel, base * PRESENTATION_SCALE * 0.9) == []
    w.set_presentation(False, fullscreen=False)
    _settle(qtbot)
    title = panel.title_label.font().pointSizeF()
    big = [(type(c).__name__, c.objectName(), type(c.parentWidget()).__name__, c.property("kjzcBasePointSize"), c.font().pointSizeF()) for c in panel.findChildren(QWidget) if c.font().pointSizeF() > title]
    assert big == []  # back to normal size
    assert title < base * PRESENTATION_SCALE


@pytest.mark.parametrize("kiosk", [False, True])
def test_contact_phone_numbers_are_never_cut(make_window: Any, qtbot: Any, kiosk: bool) -> None:
    """The 联系人 tab at 1024 px showed “0311-85813…”: a number cut off is no number.  Its note
    （区号0311编者补） may wrap; the digits must fit the column."""
    import re

    from PySide6.QtGui import QFontMetrics

    from ui.models import ContactsModel

    w = make_window(start=False)
    w.resize(1024, 768)
    if kiosk:
        w.kiosk.ask_new_pin = lambda _first: "2468"
        assert w.kiosk.enter(fullscreen=False)
    nav = w.navigation
    nav.setCurrentIndex(3)
    w._left_choice = True
    w._update_left_visibility()
    _settle(qtbot)
    view = nav.contacts_view
    assert view.isVisible()
    fm = QFontMetrics(view.font())
    col = ContactsModel.COL_PHONE
    room = view.columnWidth(col) - 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) - 6
    model = view.model()
    widest = max((re.split(r"[（(\s]", str(model.index(r, col).data()))[0] for r in range(model.rowCount())),
                 key=fm.horizontalAdvance)
    assert fm.horizontalAdvance(widest) <= room, (widest, view.columnWidth(col))


def test_calculator_beside_search_results_leaves_the_page_readable(make_window: Any, qtbot: Any) -> None:
    """At 1024 px, a search (results list open) and then 计算器: the page was 200 px wide, four
    characters a line.  The results list folds away for the calculator; a new search brings it back,
    and so does closing the calculator."""
    from ui.screens import MIN_READER_PX

    w = make_window()
    w.resize(1024, 768)
    w.search_box.setText("创新券")
    qtbot.waitUntil(lambda: bool(w.search.last_result is not None and w.search.last_result.hits), timeout=10000)
    w._on_search_panel_hit_activated(w.search.last_result.hits[0].id)
    _settle(qtbot)
    assert w.left.isVisible()
    w.show_calculator("")
    _settle(qtbot)
    assert w.calc_dock.isVisible()
    assert w.reader.width() >= MIN_READER_PX - 30, w.reader.width()
    assert not w.left.isVisible()
    w.search_box.setText("揭榜挂帅")  # a new search shows its results again
    _settle(qtbot)
    assert w.left.isVisible()
    w.show_calculator("")
    _settle(qtbot)
    assert not w.left.isVisible()
    w.calc_dock.hide()
    _settle(qtbot)
    assert w.left.isVisible()  # the search is still on: its results come back
