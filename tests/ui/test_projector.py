"""演示模式 (F11) as a projector mode (issue 13.2): side panels away, page keys, frozen 比一比 heads, 150 %."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from ui.pages import Page

pytestmark = pytest.mark.gui


def _search_and_open(qtbot: Any, w: Any, query: str = "创新券") -> None:
    w.search_box.setText(query)
    qtbot.waitUntil(lambda: bool(w.search.last_result is not None and w.search.last_result.hits), timeout=10000)
    w._on_search_panel_hit_activated(w.search.last_result.hits[0].id)


def test_f11_puts_away_results_and_calculator(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    _search_and_open(qtbot, w)
    w.show_calculator("")
    w.search_box.setFocus()
    QApplication.processEvents()
    assert w.left.isVisible() and w.calc_dock.isVisible()
    narrow = w.reader.width()
    qtbot.keyClick(w.search_box, Qt.Key.Key_F11)
    assert w.presentation and not w.calculator_alone
    assert not w.left.isVisible() and not w.calc_dock.isVisible()
    QApplication.processEvents()
    assert w.reader.width() >= w.width() - 24 > narrow
    assert w.reader.hasFocus()
    assert w.search_box.text() == "创新券"  # the search stays active
    qtbot.keyClick(w.reader, Qt.Key.Key_F11)
    assert not w.presentation
    assert w.left.isVisible() and w.calc_dock.isVisible()  # put back as they were


def test_results_show_while_typing_and_go_when_a_hit_opens(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.set_presentation(True, fullscreen=False)
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "2")
    assert w.left.isVisible()  # choosing what to show
    qtbot.waitUntil(lambda: bool(w.search.last_result is not None and w.search.last_result.hits), timeout=10000)
    w.search_panel.hit_activated.emit(w.search.last_result.hits[0].id)
    assert not w.left.isVisible() and w.reader.hasFocus()  # the audience sees the page alone


def _long_page(w: Any) -> None:
    w.open_page(Page("compare", w._builder.comparisons[0].id))
    QApplication.processEvents()
    assert w.reader.verticalScrollBar().maximum() > 0


@pytest.mark.parametrize("where", ["search_box", "results", "reader"])
def test_page_keys_scroll_the_page_wherever_the_focus_is(qtbot: Any, make_window: Any, where: str) -> None:
    w = make_window()
    _search_and_open(qtbot, w)
    w.set_presentation(True, fullscreen=False)
    _long_page(w)
    bar = w.reader.verticalScrollBar()
    target = {"search_box": w.search_box, "results": w.search_panel.results, "reader": w.reader}[where]
    target.setFocus()
    row = w.search_panel.results.currentIndex().row()
    steps = []
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Down, Qt.Key.Key_Up):
        before = bar.value()
        qtbot.keyClick(target, key)
        steps.append(bar.value() - before)
    assert steps[0] > 0 and steps[1] > 0 and steps[2] < 0 and steps[3] > 0 and steps[4] < 0, steps
    assert steps[0] > steps[3]  # a page, then a few lines
    assert w.search_panel.results.currentIndex().row() == row  # no hidden selection moved
    assert w.search_box.text() == "创新券"
    # Space and →/← turn pages too, except in a text field, where they type and move the cursor.
    before = bar.value()
    qtbot.keyClick(target, Qt.Key.Key_Space)
    if where == "search_box":
        assert bar.value() == before and w.search_box.text() == "创新券 "
    else:
        assert bar.value() > before
        qtbot.keyClick(target, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
        assert bar.value() == before
        qtbot.keyClick(target, Qt.Key.Key_Right)
        assert bar.value() > before


def test_page_keys_are_the_widgets_own_outside_presentation(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    _search_and_open(qtbot, w)
    _long_page(w)
    w.search_box.setFocus()
    qtbot.keyClick(w.search_box, Qt.Key.Key_PageDown)
    assert w.reader.verticalScrollBar().value() == 0


def test_presentation_starts_at_150_percent_and_says_so(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    base = w.reader.base_pt
    assert w.zoom_label.text() == "100%"
    w.set_presentation(True, fullscreen=False)
    assert w.reader.base_pt == pytest.approx(base * 1.5)
    assert w.zoom_label.text() == "150%"
    w.actions_by_name["zoom_in"].trigger()
    assert w.zoom_label.text() == "175%" and w.reader.base_pt == pytest.approx(base * 1.75)
    assert w.zoom == pytest.approx(1.0)  # the reading size is not changed by the projector's
    w.set_presentation(False, fullscreen=False)
    assert w.zoom_label.text() == "100%" and w.reader.base_pt == pytest.approx(base)
    w.set_presentation(True, fullscreen=False)
    assert w.zoom_label.text() == "175%"  # the presentation size is a setting
    w.actions_by_name["zoom_reset"].trigger()
    assert w.zoom_label.text() == "150%"


def test_presentation_size_setting_bad_value_falls_back(settings_path: Any) -> None:
    from ui.settings import Settings

    settings_path.write_text("[presentation]\nzoom=9\n", encoding="utf-8")
    s = Settings(settings_path)
    assert s.presentation_zoom == 1.5
    assert any("presentation/zoom" in p for p in s.problems)


def test_f11_in_the_calculator_shows_it_alone_and_larger(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.show_calculator("")
    panel = w._calc_panel
    calc_id = next(iter(panel.calculators()))
    panel.show_calculator(calc_id)
    panel.focus_first_field()
    QApplication.processEvents()
    field = QApplication.focusWidget()
    assert field is not None and w.calc_dock.isAncestorOf(field)
    pt = panel.font().pointSizeF()
    result_px = _largest_px(panel.result_view.toHtml())
    assert result_px > 0
    title_pt = panel.title_label.font().pointSizeF()
    qtbot.keyClick(field, Qt.Key.Key_F11)
    assert w.presentation and w.calculator_alone
    assert w.central_stack.currentWidget() is panel and panel.isVisible()
    assert not w.calc_dock.isVisible() and not w.reader.isVisible()
    assert panel.font().pointSizeF() == pytest.approx(pt * 1.6)
    assert panel.title_label.font().pointSizeF() == pytest.approx(title_pt * 1.6)
    assert panel.isAncestorOf(QApplication.focusWidget())  # the keys are the calculator's
    assert _largest_px(panel.result_view.toHtml()) == round(result_px * 1.6)  # the result's px sizes too
    w.set_presentation(False, fullscreen=False)
    assert w.calc_dock.widget() is panel and w.calc_dock.isVisible()
    assert w.central_stack.currentWidget() is w.splitter
    assert panel.font().pointSizeF() == pytest.approx(pt)
    assert _largest_px(panel.result_view.toHtml()) == result_px


def _largest_px(html: str) -> int:
    import re

    return max((int(x) for x in re.findall(r"font-size:(\d+)px", html)), default=0)


def test_compare_heads_stay_on_screen(qtbot: Any, make_window: Any) -> None:
    from ui.style import LEVEL_COLOURS

    w = make_window()
    w.resize(1400, 800)
    _long_page(w)
    head = w.frozen_header
    bar = w.reader.verticalScrollBar()
    assert not head.isVisible()  # the table's own heads are on screen
    from ui.frozen_header import header_bands

    (band,) = header_bands(w.reader.document())  # the <thead> of the side-by-side table
    bar.setValue(round(band.top) - 4)
    assert not head.isVisible()  # the table's own head row is still whole on screen
    bar.setValue(round(band.bottom) + 60)
    QApplication.processEvents()
    assert head.isVisible() and head.band == band
    vp = w.reader.viewport().geometry()
    assert head.y() == vp.y()
    assert head.width() > vp.width() * 0.6  # across the table's columns
    # It paints the table's own head row: the first column's level colour is in it.
    img = head.grab().toImage()
    colours = {img.pixelColor(x, img.height() // 2).name() for x in range(0, img.width(), 4)}
    first_level = w._builder.comparisons[0].columns[0].level
    assert QColor(LEVEL_COLOURS[first_level][1]).name() in colours
    past = round(band.table_bottom - (band.bottom - band.top)) + 1
    if past <= bar.maximum():  # the table has scrolled away: so has its head
        bar.setValue(past)
        assert not head.isVisible()
    bar.setValue(0)
    assert not head.isVisible()
    w.open_page(Page("item", "zb-05-01"))  # a page without a table head
    bar.setValue(bar.maximum())
    assert not head.isVisible()
