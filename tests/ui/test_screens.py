"""Moving between screens (issue 13.3): placement, docks with room, toolbar icons and 更多, narrow left pane.

Real X servers of three sizes: tests/ui/test_xvfb_screens.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QToolButton

from ui.screens import MIN_READER_PX, dock_fits, left_pane_collapsed, parse_rect, plan_window, rect_text

DEFAULT = QSize(1280, 800)


@pytest.mark.parametrize(("avail", "saved", "maximized", "want", "want_max"), [
    # the bug: 682x365 saved maximized at 1366, restarted at 1024
    (QRect(0, 0, 1024, 768), QRect(0, 0, 682, 365), True, QRect(0, 0, 1024, 768), True),
    # small screens start maximized whatever was saved
    (QRect(0, 0, 1366, 728), QRect(40, 40, 1000, 600), False, QRect(0, 0, 1366, 728), True),
    (QRect(0, 0, 1024, 768), None, False, QRect(0, 0, 1024, 768), True),
    # a big screen keeps a saved size that fits …
    (QRect(0, 0, 1920, 1040), QRect(100, 60, 1500, 900), False, QRect(100, 60, 1500, 900), False),
    # … moves it back on screen (saved on a second monitor to the right) …
    (QRect(0, 0, 1920, 1040), QRect(2500, 300, 1500, 900), False, QRect(420, 140, 1500, 900), False),
    # … bounds a size bigger than the screen, and never gives a tiny window
    (QRect(0, 0, 1920, 1040), QRect(0, 0, 2560, 1400), False, QRect(0, 0, 1920, 1040), False),
    (QRect(0, 0, 1920, 1040), QRect(10, 10, 300, 200), False, QRect(10, 10, 800, 560), False),
    # a window saved maximized stays maximized on a big screen, filling its available area
    (QRect(0, 30, 1920, 1050), QRect(0, 0, 682, 365), True, QRect(0, 30, 1920, 1050), True),
    # first start on a big screen: 1280x800, centred
    (QRect(0, 0, 1920, 1040), None, False, QRect(320, 120, 1280, 800), False),
])
def test_plan_window(avail: QRect, saved: QRect | None, maximized: bool, want: QRect, want_max: bool) -> None:
    plan = plan_window(avail, saved=saved, saved_maximized=maximized, default=DEFAULT)
    assert (plan.rect, plan.maximized) == (want, want_max)
    assert avail.contains(plan.rect)


@pytest.mark.parametrize("text", ["", "1,2,3", "a,b,c,d", "0,0,0,10", "1,2,3,4,5", "0,0,9999999,10"])
def test_bad_saved_rect_is_ignored(text: str) -> None:
    assert parse_rect(text) is None


def test_saved_rect_round_trip() -> None:
    r = QRect(-1200, 40, 1100, 700)  # a monitor to the left has negative x
    assert parse_rect(rect_text(r)) == r


@pytest.mark.parametrize(("width", "left", "docks", "new", "fits"), [
    (1920, 380, 0, 420, True), (1366, 380, 0, 420, False), (1366, 0, 0, 420, True),
    (1024, 0, 0, 420, True), (1024, 0, 420, 300, False), (1020, 0, 0, 420, True), (1019, 0, 0, 420, False),
])
def test_dock_fits(width: int, left: int, docks: int, new: int, fits: bool) -> None:
    assert dock_fits(width, left_pane=left, docks=docks, new_dock=new) is fits
    assert fits == (width - left - docks - new >= MIN_READER_PX)


@pytest.mark.gui
def test_left_pane_collapses_below_1100(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.resize(1200, 760)
    assert w.left.isVisible() and w.actions_by_name["sidebar"].isChecked()
    w.resize(1024, 760)
    assert left_pane_collapsed(1024) and not w.left.isVisible()
    assert not w.actions_by_name["sidebar"].isChecked()
    qtbot.keyClick(w.reader, Qt.Key.Key_F9)  # opened by hand
    assert w.left.isVisible()
    w.resize(1050, 760)
    assert w.left.isVisible()  # the choice holds while the window stays narrow
    w.resize(1300, 760)
    w.resize(1000, 760)
    assert not w.left.isVisible()  # crossing 1100 px: the width decides again
    w.search_box.setText("创新券")
    assert w.left.isVisible() and w.left.currentWidget() is w.search_panel  # results show while searching
    w.search_box.clear()
    assert not w.left.isVisible()


@pytest.mark.gui
def test_every_toolbar_command_has_a_bundled_icon(qtbot: Any, make_window: Any) -> None:
    from ui.actions import ACTIONS
    from ui.icons import icon, icon_names, icon_path

    w = make_window()
    for spec in ACTIONS:
        if spec.toolbar:
            assert spec.icon and icon_path(spec.icon).is_file(), spec.name
            a = w.actions_by_name[spec.name]
            img = a.icon().pixmap(QSize(24, 24)).toImage()
            assert not img.isNull() and any(
                img.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24)), spec.name
    assert "more" in icon_names()
    assert icon("no-such-icon").isNull()


@pytest.mark.gui
@pytest.mark.parametrize(("width", "labels", "overflow"), [(1920, "all", False), (1366, "some", False),
                                                           (1024, "none", False), (640, "none", True)])
def test_toolbar_fits_without_elided_labels(qtbot: Any, make_window: Any, width: int, labels: str,
                                            overflow: bool) -> None:
    w = make_window()
    w.resize(width, 760)
    QApplication.processEvents()
    fitter = w.toolbar_fitter
    assert fitter.needed_width() <= w.toolbar.width() or overflow
    ext = w.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert ext is None or not ext.isVisible()  # never Qt's » with shortened labels
    shown = [w.actions_by_name[n] for n in w.toolbar_buttons_shown()]
    with_label = [a for a in shown if fitter.label_shown(a)]
    for a in shown:
        button = w.toolbar.widgetForAction(a)
        assert button.width() >= button.sizeHint().width() - 1, a.text()  # a label never shrinks to “…”
    if labels == "all":
        assert with_label == shown
    elif labels == "some":
        assert w.actions_by_name["cards"] in with_label and w.actions_by_name["back"] not in with_label
    else:
        assert with_label == []
    assert fitter.more_button.isVisible() is overflow
    if overflow:
        in_menu = fitter.more_menu.actions()
        assert in_menu and all(a not in shown for a in in_menu)
        assert w.actions_by_name["back"] in shown and w.actions_by_name["presentation"] in shown
        # a command in the 更多 menu still works
        assert w.actions_by_name["copy_citation"] in in_menu
        w.open_page(__import__("ui.pages", fromlist=["Page"]).Page("item", "zb-05-01"))
        w.actions_by_name["copy_citation"].trigger()
        assert QApplication.clipboard().text()
    w.resize(1920, 760)
    QApplication.processEvents()
    assert not fitter.more_button.isVisible() and fitter.labels_shown


@pytest.mark.gui
def test_calculator_dock_not_restored_without_room(qtbot: Any, make_window: Any, settings_path: Any) -> None:
    from ui.settings import Settings

    s = Settings(settings_path)
    s.calculator_visible = True
    s.sync()
    w = make_window(show=False)
    w.restore_layout()  # the offscreen screen is 800 px: maximized at 800, a 420-px dock leaves < 600
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    qtbot.wait(50)
    assert getattr(w, "calc_dock", None) is None or not w.calc_dock.isVisible()
    assert w.reader.width() >= MIN_READER_PX
