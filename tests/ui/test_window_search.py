"""Search as you type: Chinese input-method commits, debounce, stale results, chips, Enter/Esc,
suggestions, and the background index rebuild (fake backend honouring the ``index`` contract)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ui.models import ROLE_FIELD, ROLE_HEADER, ROLE_ID, ROLE_SNIPPET_HTML, ROLE_VALUE
from ui.pages import Page

pytestmark = pytest.mark.gui


def commit(widget: Any, text: str) -> None:
    """Type Chinese the way an input method does: one commit string."""
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def wait_results(qtbot: Any, w: Any, timeout: int = 5000) -> Any:
    with qtbot.waitSignal(w.search.results_ready, timeout=timeout) as blocker:
        pass
    return blocker.args[0]


def test_chinese_input_method_search_as_you_type(qtbot: Any, make_window: Any, fake_index: Any, handbook: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    w.search_box.setFocus()
    with qtbot.waitSignal(w.search.results_ready, timeout=5000) as blocker:
        commit(w.search_box, "创新券")
    assert w.search_box.text() == "创新券"
    result = blocker.args[0]
    assert result.query == "创新券"
    assert w.left.currentWidget() is w.search_panel
    model = w.search_panel.results_model
    expected = [m.id for m in handbook.measures() if "创新券" in m.title + m.text]
    assert model.rowCount() == len(expected) > 0
    assert {model.index(r, 0).data(ROLE_ID) for r in range(model.rowCount())} == set(expected)
    # Highlighted snippet in the list.
    snippets = [model.index(r, 0).data(ROLE_SNIPPET_HTML) for r in range(model.rowCount())]
    assert any('<span style="background-color:#ffe27a">创新券</span>' in s for s in snippets)
    # The search ran in the worker thread, not the GUI thread.
    engine = fake_index.engines[-1]
    assert threading.main_thread().name not in engine.threads


def test_typing_is_debounced_and_stale_results_dropped(qtbot: Any, make_window: Any, fake_index: Any) -> None:
    fake_index.engine_delay = 0.05
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    engine = fake_index.engines[-1]
    w.search_box.setFocus()
    for ch in "高新技术企业":  # one commit per character, faster than the debounce
        commit(w.search_box, ch)
    result = wait_results(qtbot, w)
    qtbot.wait(300)
    assert result.query == "高新技术企业"
    assert w.search.last_result.query == "高新技术企业"
    # Six keystrokes within the debounce window: far fewer searches than keystrokes.
    assert 1 <= len(engine.calls) <= 2
    assert engine.calls[-1][0] == "高新技术企业"


def test_enter_opens_first_hit_with_terms_highlighted(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    w.search_box.setFocus()
    commit(w.search_box, "揭榜")
    wait_results(qtbot, w)
    first = w.search_panel.results_model.index(0, 0).data(ROLE_ID)
    with qtbot.waitSignal(w.page_opened, timeout=2000) as blocker:
        qtbot.keyClick(w.search_box, Qt.Key.Key_Return)
    page = blocker.args[0]
    assert page == Page("item", first)
    assert "揭榜" in page.terms
    html = w.reader.current_html()
    assert '<span style="background-color:#ffe27a">揭榜</span>' in html


def test_click_on_hit_opens_it(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    commit(w.search_box, "创新券")
    wait_results(qtbot, w)
    view = w.search_panel.results
    idx = w.search_panel.results_model.index(1, 0)
    with qtbot.waitSignal(w.page_opened, timeout=2000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(idx).center())
    assert blocker.args[0].arg == idx.data(ROLE_ID)


def test_escape_clears_and_returns_to_navigation(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    w.search_box.setFocus()
    commit(w.search_box, "补助")
    wait_results(qtbot, w)
    qtbot.keyClick(w.search_box, Qt.Key.Key_Escape)
    assert w.search_box.text() == ""
    assert w.left.currentWidget() is w.navigation
    assert w.search_panel.results_model.rowCount() == 0


def test_shortcuts_focus_search_box(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    for key in (Qt.Key.Key_F, Qt.Key.Key_L):
        w.reader.setFocus()
        assert not w.search_box.hasFocus()
        qtbot.keyClick(w.reader, key, Qt.KeyboardModifier.ControlModifier)
        assert w.search_box.hasFocus()


def test_facet_chips_filter_results(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    commit(w.search_box, "高新技术企业")
    wait_results(qtbot, w)
    chips = w.search_panel.facet_model
    rows = [chips.index(r, 0) for r in range(chips.rowCount())]
    headers = [i.data() for i in rows if i.data(ROLE_HEADER)]
    assert headers[:1] == ["层级"]
    province = next(i for i in rows if i.data(ROLE_FIELD) == "level" and i.data(ROLE_VALUE) == "省级")
    n_province = sum(1 for m in handbook.measures() if m.level == "省级" and "高新技术企业" in m.title + m.text)
    assert province.data() == f"省级 {n_province}"
    view = w.search_panel.chips
    with qtbot.waitSignal(w.search.results_ready, timeout=5000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(province).center())
    result = blocker.args[0]
    assert result.total == n_province
    assert all(h.level == "省级" for h in result.hits)
    assert w.search.filters == {"level": "省级"}
    chosen = next(chips.index(r, 0) for r in range(chips.rowCount())
                  if chips.index(r, 0).data(ROLE_VALUE) == "省级")
    assert chosen.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    # Clicking the chosen chip again removes the filter.
    with qtbot.waitSignal(w.search.results_ready, timeout=5000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(chosen).center())
    assert w.search.filters == {}
    assert blocker.args[0].total > n_province


def test_suggestions_when_nothing_found(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    commit(w.search_box, "不存在的词语")
    wait_results(qtbot, w)
    msg = w.search_panel.message.text()
    assert "没有找到" in msg and "您是不是要找" in msg and "高新技术企业" in msg
    # Clicking a suggestion searches for it.
    with qtbot.waitSignal(w.search.results_ready, timeout=5000) as blocker:
        w.search_panel.message.linkActivated.emit("search:%E8%A1%A5%E5%8A%A9")
    assert w.search_box.text() == "补助"
    assert blocker.args[0].total > 0


def test_missing_index_is_rebuilt_in_background_while_browsing(qtbot: Any, make_window: Any, fake_index: Any) -> None:
    fake_index.state = "missing"
    fake_index.build_seconds = 0.6
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "building", timeout=3000)
    # The window stays usable: browsing and typing work while the index builds.
    w.open_page(Page("item", "hb12-01"))
    assert "加快下达科技项目资金" in w.reader.toPlainText()
    commit(w.search_box, "创新券")
    assert w.search_panel.status_frame.isVisible()
    assert "正在建立搜索索引" in w.search_panel.status_label.text()
    assert w.index_progress.isVisible()
    # When the build finishes, the pending query runs by itself.
    result = wait_results(qtbot, w, timeout=10000)
    assert result.query == "创新券" and result.total > 0
    assert w.search.state == "ready"
    assert not w.search_panel.status_frame.isVisible()
    assert not w.index_progress.isVisible()
    assert fake_index.builds == 1
    assert threading.main_thread().name not in fake_index.build_threads


def test_corrupt_index_is_rebuilt(qtbot: Any, make_window: Any, fake_index: Any) -> None:
    fake_index.state = "corrupt"
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    assert fake_index.builds == 1
    commit(w.search_box, "补助")
    assert wait_results(qtbot, w).total > 0


def test_search_unavailable_shows_calm_message(qtbot: Any, make_window: Any) -> None:
    w = make_window(backend_loader=lambda: None)
    qtbot.waitUntil(lambda: w.search.state == "unavailable", timeout=3000)
    commit(w.search_box, "补助")
    assert w.search_panel.status_frame.isVisible()
    assert "搜索功能暂不可用" in w.search_panel.status_label.text()
    # Browsing still works.
    w.open_page(Page("item", "hb12-01"))
    assert "加快下达科技项目资金" in w.reader.toPlainText()


def test_failed_build_is_reported_calmly(qtbot: Any, make_window: Any, fake_index: Any) -> None:
    fake_index.state = "missing"

    def boom(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    fake_index.build_index = boom  # type: ignore[method-assign]
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "failed", timeout=5000)
    commit(w.search_box, "补助")
    assert "重建搜索索引" in w.search_panel.status_label.text()
    assert "Traceback" not in w.search_panel.status_label.text()


@pytest.mark.parametrize("presentation", [False, True])
def test_clear_button_sits_inside_the_search_box(qtbot: Any, make_window: Any, presentation: bool) -> None:
    """Seen on a real X window: styled like a toolbar button, the clear button slid out of the box."""
    from PySide6.QtWidgets import QToolButton

    w = make_window()
    w.set_presentation(presentation, fullscreen=False)
    commit(w.search_box, "补助")
    buttons = [b for b in w.search_box.findChildren(QToolButton) if b.isVisible()]
    assert buttons, "the clear button is shown while there is text"
    for b in buttons:
        assert w.search_box.rect().contains(b.geometry()), b.geometry()
        assert b.height() < w.search_box.height()


def test_while_the_index_builds_the_scan_answers(qtbot: Any, make_window: Any, fake_index: Any) -> None:
    fake_index.state = "missing"
    fake_index.build_seconds = 1.5
    fake_index.with_fallback = True
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "building", timeout=3000)
    commit(w.search_box, "创新券")
    result = wait_results(qtbot, w)
    assert w.search.state == "building" and w.search.fallback_reason == "building"
    assert result.total > 0 and all("创新券" in h.title + h.snippet or h.kind != "measure" for h in result.hits[:3])
    assert "逐条查找" in w.search_panel.status_label.text()
    result = wait_results(qtbot, w, timeout=10000)  # the index is ready: the same query again
    assert w.search.state == "ready" and w.search.fallback_reason == ""
    assert result.query == "创新券"
    assert not w.search_panel.status_frame.isVisible()


def test_index_damaged_while_open_switches_to_scan_and_rebuilds(qtbot: Any, make_window: Any,
                                                                fake_index: Any) -> None:
    fake_index.with_fallback = True
    fake_index.build_seconds = 1.0
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    fake_index.engines[-1].damaged = True
    commit(w.search_box, "揭榜挂帅")
    result = wait_results(qtbot, w)  # answered by the scan, not "nothing found"
    assert result.total > 0
    assert w.search.fallback_reason == "damaged"
    assert w.search.state == "building"
    assert "已损坏" in w.search_panel.status_label.text() and "逐条查找" in w.search_panel.status_label.text()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=10000)
    assert fake_index.builds == 1 and w.search.fallback_reason == ""
    assert "Traceback" not in w.search_panel.status_label.text()
