"""展台模式 (ui/kiosk.py): idle reset, the staff PIN, blocked commands, touch-sized controls at 1366×768."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

from ui.kiosk import MIN_TARGET_PX, KioskSettingsDialog, pixels_per_inch, touch_target_px
from ui.kiosk_pin import PinDialog, SetPinDialog, hash_pin, pin_matches, pin_problem
from ui.pages import HOME, Page

pytestmark = pytest.mark.gui

PIN = "2580"
CALC = "cash-reward-tax"  # a required amount typed in a line edit


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` (Chinese too) as an input method would commit it: a real input event."""
    widget.setFocus()
    QApplication.sendEvent(widget, QInputMethodEvent("", []))
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def _kiosk_window(make_window: Any, *, idle_ms: int | None = None, size: tuple[int, int] = (1366, 768),
                  start: bool = False) -> Any:
    w = make_window(start=start)
    w.resize(*size)
    w.kiosk.ask_new_pin = lambda _first: PIN
    if idle_ms is not None:
        w.kiosk.idle_ms = idle_ms
    assert w.kiosk.enter(fullscreen=False)
    return w


def _a_calculator(w: Any) -> str:
    calcs = w._builder.calculators()
    return CALC if CALC in calcs else next(iter(calcs))


# ================================================================================================
# touch targets: 9 mm at 1366×768 on 15.6″
# ================================================================================================
def test_nine_millimetres_on_the_reference_screen_are_36_pixels() -> None:
    ppi = pixels_per_inch(1366, 768, 15.6)
    assert 100 < ppi < 101
    assert touch_target_px(ppi) == 36 == MIN_TARGET_PX
    assert 9 / 25.4 * ppi <= MIN_TARGET_PX  # rounded up, never down
    assert touch_target_px(pixels_per_inch(1920, 1080, 15.6)) == 51  # a denser panel needs more pixels


class _Screen:
    def __init__(self, ppi: float, ratio: float = 1.0) -> None:
        self.ppi, self.ratio = ppi, ratio

    def physicalDotsPerInch(self) -> float:  # QScreen's name
        return self.ppi

    def devicePixelRatio(self) -> float:  # QScreen's name
        return self.ratio


@pytest.mark.parametrize("ppi, ratio, px", [
    (100.5, 1.0, 36),    # the reference panel
    (141.2, 1.0, 51),    # 15.6″ at 1920×1080
    (282.4, 2.0, 51),    # the same at 200 % scaling: logical pixels
    (60.0, 1.0, 36),     # a bigger monitor: never below 36
    (0.0, 1.0, 36),      # no size reported (projectors, adapters)
    (1000.0, 1.0, 36),   # a wrong EDID is not trusted
])
def test_nine_millimetres_of_the_screen_in_use(ppi: float, ratio: float, px: int) -> None:
    from ui.kiosk import screen_target_px

    assert screen_target_px(_Screen(ppi, ratio)) == px  # type: ignore[arg-type]


def test_doctests_of_the_kiosk_modules() -> None:
    import doctest

    import ui.kiosk
    import ui.kiosk_pin

    for module in (ui.kiosk, ui.kiosk_pin):
        result = doctest.testmod(module)
        assert result.attempted >= 2 and result.failed == 0, module.__name__


def _too_small(w: QWidget) -> list[str]:
    """Every visible control of ``w`` smaller than 9 mm, as ``class name WxH``."""
    bad: list[str] = []

    def shown(x: QWidget) -> bool:
        return x.isVisibleTo(w) and x.width() > 0 and x.height() > 0 and x.visibleRegion().boundingRect().height() > 0

    for b in w.findChildren(QAbstractButton):
        if shown(b) and (b.height() < MIN_TARGET_PX or b.width() < MIN_TARGET_PX):
            bad.append(f"{type(b).__name__} {b.objectName() or b.text()!r} {b.width()}x{b.height()}")
    for cls in (QLineEdit, QComboBox, QAbstractSpinBox):
        for e in w.findChildren(cls):
            if shown(e) and e.height() < MIN_TARGET_PX and not isinstance(e.parentWidget(), QComboBox | QAbstractSpinBox):
                bad.append(f"{type(e).__name__} {e.objectName()!r} {e.width()}x{e.height()}")
    for bar in w.findChildren(QTabBar):
        if shown(bar):
            for i in range(bar.count()):
                r = bar.tabRect(i)
                if r.height() < MIN_TARGET_PX or r.width() < MIN_TARGET_PX:
                    bad.append(f"tab {bar.tabText(i)!r} {r.width()}x{r.height()}")
    for sb in w.findChildren(QScrollBar):
        if shown(sb):
            thick = sb.width() if sb.orientation() == Qt.Orientation.Vertical else sb.height()
            if thick < MIN_TARGET_PX:
                bad.append(f"scroll bar {thick}px")
    for view in w.findChildren(QAbstractItemView):
        if not shown(view) or view.model() is None or isinstance(view.parentWidget(), QComboBox):
            continue
        model = view.model()
        for row in range(min(model.rowCount(), 8)):
            r = view.visualRect(model.index(row, 0))
            if r.isValid() and r.height() and r.height() < MIN_TARGET_PX:
                bad.append(f"row {row} of {type(view).__name__} {view.objectName()!r}: {r.height()}px")
                break
    return bad


def _link_spans(reader: Any, slop: int) -> dict[str, int]:
    """How high (px) the area is where a tap follows each link in view, measured through the first character."""
    from PySide6.QtCore import QPoint

    from ui.kiosk import link_near

    doc = reader.document()
    layout = doc.documentLayout()
    vbar, hbar = reader.verticalScrollBar().value(), reader.horizontalScrollBar().value()
    spans: dict[str, int] = {}
    block = doc.begin()
    while block.isValid():
        top_left = layout.blockBoundingRect(block).topLeft()
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            href = frag.charFormat().anchorHref()
            if frag.charFormat().isAnchor() and href:
                line = block.layout().lineForTextPosition(frag.position() - block.position())
                x0 = line.cursorToX(frag.position() - block.position())
                x0 = x0[0] if isinstance(x0, tuple) else x0
                x = int(top_left.x() + x0 + 6 - hbar)
                y = int(top_left.y() + line.y() + line.height() / 2 - vbar)
                if 40 < y < reader.viewport().height() - 40:
                    up = down = 0
                    while up < 60 and link_near(reader, QPoint(x, y - up - 1), slop) == href:
                        up += 1
                    while down < 60 and link_near(reader, QPoint(x, y + down + 1), slop) == href:
                        down += 1
                    if link_near(reader, QPoint(x, y), slop) == href:
                        spans[href] = min(spans.get(href, 999), up + down + 1)
            it += 1
        block = block.next()
    return spans


def test_controls_are_touch_sized_at_1366x768(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, start=True)
    qtbot.waitUntil(lambda: w.width() == 1366)
    # home: toolbar, tabs, the 目录 tree, scroll bars
    assert _too_small(w) == []
    # the home tiles (cells of the reader's page)
    from ui.tiles import tile_rects

    rects = tile_rects(w.reader.document())
    assert len(rects) >= 6
    assert all(r.height() >= MIN_TARGET_PX and r.width() >= MIN_TARGET_PX for r, _ in rects)
    # every link of the reader is a target of 9 mm: its line, and the taps just beside it (TouchLinks)
    for page in (HOME, Page("item", "changan-1-2"), Page("compare")):
        w.open_page(page)
        qtbot.wait(10)
        spans = _link_spans(w.reader, w.kiosk.touch_links.slop)
        assert len(spans) >= 3, page
        assert min(spans.values()) >= MIN_TARGET_PX, (page, sorted(spans.items(), key=lambda kv: kv[1])[:3])
    w.open_page(Page("item", "changan-1-2"))
    for tab in range(w.navigation.count()):  # 专题, 层级, 联系人 (a table), 收藏 (a list)
        w.navigation.setCurrentIndex(tab)
        qtbot.wait(10)
        assert _too_small(w) == [], w.navigation.tabText(tab)
    # the calculator dock, its form and buttons
    w.show_calculator(_a_calculator(w))
    qtbot.waitUntil(lambda: w.calc_dock.isVisible())
    qtbot.wait(20)
    assert _too_small(w) == []
    w.calc_dock.hide()
    # search results
    _type(w.search_box, "补助")
    qtbot.waitUntil(lambda: w.search_panel.results.model().rowCount() > 0, timeout=5000)
    qtbot.wait(20)
    assert _too_small(w) == []
    # 我的企业
    w.search_box.clear()
    w.open_page(Page("profile"))
    w.profile_panel.more_button.setChecked(True)
    qtbot.wait(20)
    assert _too_small(w) == []


def test_the_measure_finds_small_controls_outside_the_mode(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The measure can fail: without the mode the same window has controls under 9 mm."""
    w = make_window(start=False)
    w.resize(1366, 768)
    w.show_calculator(_a_calculator(w))
    qtbot.wait(20)
    assert _too_small(w) != []


# ================================================================================================
# idle reset
# ================================================================================================
def test_idle_reset_clears_search_calculator_and_the_real_profile_panel(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, idle_ms=400)
    w.kiosk.watcher.stop()  # the visitor's session below takes longer than the short timeout
    home_recent = list(w._settings.recent)
    # a visitor searches, opens a measure, uses the calculator and fills 我的企业
    _type(w.search_box, "揭榜挂帅")
    assert w.search_box.text() == "揭榜挂帅"
    w.open_page(Page("item", "changan-1-2"))
    calc = _a_calculator(w)
    w.show_calculator(calc)
    panel = w._calc_panel
    defaults = dict(panel.raw_inputs())
    field = next(n for n, x in panel.form_box.fields.items() if isinstance(x, QLineEdit))
    panel.input_widget(field).setFocus()
    qtbot.keyClicks(panel.input_widget(field), "300")
    panel.set_unit("万元")
    assert panel.raw_inputs() != defaults
    w.open_page(Page("profile"))
    profile = w.profile_panel
    assert w.central_stack.currentWidget() is profile  # the panel on screen, not a copy
    qtbot.mouseClick(profile.editors["high_tech"].buttons["new"], Qt.MouseButton.LeftButton)
    _type(profile.editors["loan_interest"], "123万")
    profile.refresh_now()
    assert profile.profile().get("high_tech") == "new"
    assert len(profile.profile()) == 2
    assert w.history.can_go_back()
    # … and walks away
    with qtbot.waitSignals([w.kiosk.reset_done, profile.cleared], timeout=5000):
        w.kiosk.watcher.start()
    assert w.current_page == HOME
    assert w.central_stack.currentWidget() is w.splitter
    assert w.search_box.text() == ""
    assert w.left.currentWidget() is w.navigation
    assert panel.unit() == "元"
    assert panel.raw_inputs() == defaults
    assert panel.input_widget(field).text() == ""
    assert not w.calc_dock.isVisible()
    assert w.profile_panel is profile and w.central_stack.indexOf(profile) >= 0
    assert len(profile.profile()) == 0
    assert profile.editors["loan_interest"].text() == ""
    assert profile.editors["high_tech"].value() is None
    assert not w.history.can_go_back() and not w.actions_by_name["back"].isEnabled()
    assert w._settings.recent == home_recent  # the visitor's reading is not shown to the next one


def test_input_keeps_the_stand_from_resetting(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, idle_ms=600)
    resets: list[int] = []
    w.kiosk.reset_done.connect(lambda: resets.append(1))
    w.open_page(Page("item", "changan-1-2"))
    for _ in range(8):  # 1.2 s of a visitor reading: a key every 150 ms
        qtbot.keyClick(w.reader, Qt.Key.Key_Down)
        qtbot.wait(150)
    assert resets == []
    assert w.current_page == Page("item", "changan-1-2")
    qtbot.waitUntil(lambda: resets == [1], timeout=3000)
    assert w.current_page == HOME
    qtbot.wait(900)  # one reset per visitor: nobody touched it since
    assert resets == [1]


def test_idle_reset_closes_an_open_pin_dialog(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, idle_ms=300)
    w.kiosk.ask_pin = w.kiosk._ask_pin_dialog  # the real dialog
    seen: list[str] = []

    def look() -> None:
        seen.append(type(QApplication.activeModalWidget()).__name__)

    QTimer.singleShot(100, look)
    assert w.kiosk.leave() is False  # returns once the idle reset closed the dialog
    assert seen == ["PinDialog"]
    assert w.kiosk.active


def test_no_idle_reset_outside_the_mode(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, idle_ms=200)
    w.kiosk.ask_pin = lambda _p: PIN
    assert w.kiosk.leave()
    assert not w.kiosk.watcher.running
    w.open_page(Page("item", "changan-1-2"))
    qtbot.wait(500)
    assert w.current_page == Page("item", "changan-1-2")


def test_idle_reset_closes_an_open_menu(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window, idle_ms=60_000)
    menu = w.kiosk.staff_button.menu()
    menu.popup(w.kiosk.staff_button.mapToGlobal(w.kiosk.staff_button.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    w.kiosk.reset()
    assert not menu.isVisible()


def test_idle_minutes_come_from_the_settings(make_window) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    assert w._settings.kiosk_idle_minutes == 3.0
    assert w.kiosk.idle_ms == 180_000
    w._settings.kiosk_idle_minutes = 0.5
    assert w.kiosk.idle_ms == 30_000


# ================================================================================================
# the PIN
# ================================================================================================
def test_pin_is_stored_hashed_with_salt(make_window, settings_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window)
    stored = w._settings.kiosk_pin_hash
    text = settings_path.read_text(encoding="utf-8")
    assert PIN not in text.replace(stored, "")  # the digits are nowhere but by chance inside the hex
    assert stored in text and stored.startswith("pbkdf2_sha256$")
    assert pin_matches(PIN, stored) and not pin_matches("2581", stored)
    assert hash_pin(PIN) != hash_pin(PIN)  # a fresh salt each time
    from ui.settings import Settings

    assert Settings(settings_path).kiosk_pin_hash == stored


def test_a_plain_pin_in_the_settings_file_is_not_used(settings_path: Path) -> None:
    from ui.settings import Settings

    settings_path.write_text("[kiosk]\npin_hash=2580\n", encoding="utf-8")
    s = Settings(settings_path)
    assert s.kiosk_pin_hash == ""
    assert any("PIN" in p for p in s.problems)
    assert not pin_matches("2580", "2580")


@pytest.mark.parametrize("pin, ok", [("2580", True), ("123456789012", True), ("123", False), ("1234567890123", False),
                                     ("12a4", False), ("1111", False), ("１２３４", False)])
def test_pin_rules(pin: str, ok: bool) -> None:
    assert (pin_problem(pin) == "") is ok


def test_starting_without_a_pin_asks_for_one_and_cancel_keeps_the_mode_off(make_window) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    asked: list[bool] = []
    w.kiosk.ask_new_pin = lambda first: asked.append(first) or ""
    w.actions_by_name["kiosk"].trigger()
    assert asked == [True]
    assert not w.kiosk.active and not w.actions_by_name["kiosk"].isChecked()
    assert w._settings.kiosk_pin_hash == ""
    w.kiosk.ask_new_pin = lambda first: PIN
    w.actions_by_name["kiosk"].trigger()
    assert w.kiosk.active and w.actions_by_name["kiosk"].isChecked()


def test_leaving_needs_the_pin(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window)
    w.kiosk.ask_pin = lambda _purpose: "0000"
    with qtbot.waitSignal(w.kiosk.pin_refused) as refused:
        w.actions_by_name["kiosk"].trigger()
    assert "PIN 不正确" in refused.args[0]
    assert w.kiosk.active and w.actions_by_name["kiosk"].isChecked()
    assert not w.menuBar().isVisible()
    w.kiosk.ask_pin = lambda _purpose: None  # 取消
    w.actions_by_name["kiosk"].trigger()
    assert w.kiosk.active
    w.kiosk.ask_pin = lambda _purpose: PIN
    w.actions_by_name["kiosk"].trigger()
    assert not w.kiosk.active and not w.actions_by_name["kiosk"].isChecked()
    assert w.menuBar().isVisible() and w.actions_by_name["cards"].isVisible()


def test_settings_need_the_pin(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window)
    opened: list[Any] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        opened.append(dlg)
        if isinstance(dlg, KioskSettingsDialog):
            dlg.minutes.setValue(5.0)
            dlg.accept()

    w.kiosk.ask_pin = lambda _purpose: "9999"
    QTimer.singleShot(50, answer)
    with qtbot.waitSignal(w.kiosk.pin_refused):
        w.actions_by_name["kiosk_settings"].trigger()
    qtbot.wait(100)
    assert not any(isinstance(d, KioskSettingsDialog) for d in opened)
    assert w._settings.kiosk_idle_minutes == 3.0
    w.kiosk.ask_pin = lambda _purpose: PIN
    QTimer.singleShot(50, answer)
    w.actions_by_name["kiosk_settings"].trigger()
    assert any(isinstance(d, KioskSettingsDialog) for d in opened)
    assert w._settings.kiosk_idle_minutes == 5.0
    assert w.kiosk.watcher.timeout_ms == 300_000


@pytest.mark.parametrize("how", ["close", "quit action", "Ctrl+Q"])
def test_quitting_needs_the_pin(make_window, qtbot, how: str) -> None:  # type: ignore[no-untyped-def]
    w = _kiosk_window(make_window)
    w.activateWindow()

    def quit_() -> None:
        if how == "close":
            w.close()  # the window's × and Alt+F4 arrive as this close event
        elif how == "quit action":
            w.actions_by_name["quit"].trigger()
        else:
            qtbot.keyClick(w, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)

    asked: list[str] = []
    w.kiosk.ask_pin = lambda purpose: asked.append(purpose) or "1357"
    quit_()
    assert asked == ["关闭程序"]
    assert w.isVisible() and w.kiosk.active
    w.kiosk.ask_pin = lambda purpose: asked.append(purpose) or PIN
    quit_()
    assert not w.isVisible()
    assert not w.kiosk.active  # the layout saved on closing is the normal window's


def test_commands_that_reach_files_printers_or_staff_records_are_off(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("item", "changan-1-2"))
    w.kiosk.ask_new_pin = lambda _first: PIN
    w.kiosk.enter(fullscreen=False)
    w.activateWindow()
    a = w.actions_by_name
    for name in ("print_item", "cards", "export_pdf", "import_pack", "rollback_pack", "bookmark", "copy_citation",
                 "rebuild_index", "presentation", "about"):
        assert not a[name].isVisible(), name
    w.open_page(Page("item", "changan-1-2"))  # a new page enables print/bookmark: still not reachable
    before = list(w._settings.bookmarks)
    qtbot.keyClick(w.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.reader, Qt.Key.Key_F11)
    w._on_reader_link_activated("bookmark:")
    assert w._settings.bookmarks == before
    assert not w.presentation
    html = w.reader.current_html()  # the page offers no button that would do nothing
    assert w.current_page == Page("item", "changan-1-2") and 'href="item:' in html
    assert 'href="verify:' not in html and 'href="bookmark:' not in html and 'href="cite:' not in html
    assert not w.menuBar().isVisible()
    w.open_page(Page("profile"))
    for name in ("print_button", "pdf_button", "save_button", "open_button", "version_combo"):
        assert not getattr(w.profile_panel, name).isVisible(), name
    assert w.profile_panel.clear_button.isVisible()
    w.show_calculator(_a_calculator(w))
    assert not w._calc_panel.pdf_button.isVisible()
    # out of the mode everything is back, and Ctrl+D bookmarks again (the check above could fail)
    w.kiosk.ask_pin = lambda _p: PIN
    w.kiosk.leave()
    for name in ("print_item", "cards", "import_pack", "bookmark", "presentation"):
        assert a[name].isVisible(), name
    assert w.profile_panel.pdf_button.isVisible() and w._calc_panel.pdf_button.isVisible()
    assert w.profile_panel.version_combo.isVisible()
    w.open_page(Page("item", "changan-1-2"))
    assert 'href="verify:' in w.reader.current_html()
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "changan-1-2" in w._settings.bookmarks


# ================================================================================================
# the dialogs themselves
# ================================================================================================
def _press(dlg: Any, digits: str, qtbot: Any) -> None:
    for d in digits:
        qtbot.mouseClick(dlg.pad.buttons[d], Qt.MouseButton.LeftButton)


def test_pin_dialog_refuses_a_wrong_pin_and_accepts_the_right_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    stored = hash_pin(PIN, iterations=1000)
    dlg = PinDialog(lambda p: pin_matches(p, stored), "退出展台模式")
    qtbot.addWidget(dlg)
    dlg.open()
    _press(dlg, "1234", qtbot)
    assert dlg.field.text() == "1234"
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible() and dlg.result() != PinDialog.DialogCode.Accepted
    assert not dlg.error.isHidden() and "PIN 不正确" in dlg.error.text()
    assert dlg.field.text() == ""
    _press(dlg, "258", qtbot)
    qtbot.mouseClick(dlg.pad.buttons["⌫"], Qt.MouseButton.LeftButton)
    _press(dlg, "80", qtbot)
    assert dlg.field.text() == PIN
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == PinDialog.DialogCode.Accepted
    assert all(b.height() >= MIN_TARGET_PX for b in dlg.pad.buttons.values())


def test_set_pin_dialog_wants_the_same_digits_twice(qtbot) -> None:  # type: ignore[no-untyped-def]
    dlg = SetPinDialog()
    qtbot.addWidget(dlg)
    dlg.open()
    dlg.field.setText("12")
    dlg.repeat.setText("12")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert "4–12 位数字" in dlg.error.text() and dlg.pin() == ""
    dlg.field.setText("2580")
    dlg.repeat.setText("2581")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert "不一致" in dlg.error.text() and dlg.pin() == ""
    qtbot.mouseClick(dlg.repeat, Qt.MouseButton.LeftButton)  # tap the second field, then the keys
    _press(dlg, "2580", qtbot)
    assert dlg.repeat.text() == "2580" and dlg.field.text() == "2580"
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.pin() == "2580"


def test_the_real_pin_dialog_guards_closing(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window's own dialog (not a test stand-in): a wrong PIN is said, 取消 leaves the window open."""
    w = _kiosk_window(make_window)
    w.kiosk.ask_pin = w.kiosk._ask_pin_dialog
    said: list[str] = []

    def answer() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, PinDialog)
        _press(dlg, "1111", qtbot)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
        said.append(dlg.error.text())
        qtbot.mouseClick(dlg.cancel_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)
    w.close()
    assert said and "PIN 不正确" in said[0]
    assert w.isVisible() and w.kiosk.active

    def right() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, PinDialog)
        _press(dlg, PIN, qtbot)
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, right)
    w.close()
    assert not w.isVisible()


def test_screenshot_and_flag(tmp_path: Path) -> None:
    from main import build_parser

    assert build_parser().parse_args(["--kiosk"]).kiosk is True
    assert build_parser().parse_args([]).kiosk is False
    assert build_parser().parse_args(["screenshot", "--kiosk", "--out", "x.png"]).kiosk is True
