"""Main window: navigation tabs, reader pages, history, bookmarks, zoom, presentation, banner."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from ui.navigation import ROLE_HREF, NavigationPane
from ui.pages import HOME, Page

pytestmark = pytest.mark.gui


def _find_row(model: Any, href: str) -> Any:
    hits = model.match(model.index(0, 0), ROLE_HREF, href, 1,
                       Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert hits, f"{href} not in the tree"
    return hits[0]


def _click(qtbot: Any, view: Any, index: Any) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_home_page_lists_documents_tiles_and_notice(make_window: Any, handbook: Any) -> None:
    w = make_window()
    text = w.reader.toPlainText()
    assert w.current_page == HOME
    for d in handbook.documents:
        assert d.title in text
    assert f"{len(handbook.measures())} 条政策措施" in text
    for tile in ("高企认定奖励", "研发费用加计扣除", "揭榜挂帅", "创新券", "科技人才", "科技金融"):
        assert tile in text
    assert "不作为享受政策的依据" in text


def test_contents_tree_click_opens_measure_with_header_and_contacts(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = make_window()
    view = w.navigation.contents_view
    model = view.model()
    assert not model.match(model.index(0, 0), ROLE_HREF, Page("item", "hb12-01").href(), 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)  # made on expanding its part
    view.expand(_find_row(view.model(), Page("item", "hb12").href()))
    idx = _find_row(view.model(), Page("item", "hb12-01").href())
    with qtbot.waitSignal(w.page_opened, timeout=2000):
        _click(qtbot, view, idx)
    assert w.current_page == Page("item", "hb12-01")
    text = w.reader.toPlainText()
    # hb12-01 as printed on the card (content/sources/000…txt): title, amount, contact person, phone.
    assert "加快下达科技项目资金" in text
    assert "4亿元省级财政科技资金" in text
    assert "穆丽欣" in text and "0311-85813876" in text
    assert "省级" in text and "期限已过" in text and "原文：2022年6月20日前" in text
    assert "下一条" in text  # previous/next navigation


def test_opening_an_item_elsewhere_selects_it_in_the_lazy_tree(make_window: Any) -> None:
    w = make_window()
    w.navigation.select_item("zb-11-3-04")  # inside 十一、 › （三）: two levels never expanded
    idx = w.navigation.contents_view.currentIndex()
    assert idx.isValid() and idx.data(ROLE_HREF) == Page("item", "zb-11-3-04").href()


def test_document_page_has_header_fields_and_notice(make_window: Any, handbook: Any) -> None:
    w = make_window()
    doc = next(d for d in handbook.documents if d.doc_number)
    w.open_page(Page("item", doc.id))
    text = w.reader.toPlainText()
    for value in (doc.title, doc.doc_number, doc.region, "期限已过", "原文：工作方案（2022—2025年）", doc.level,
                  doc.kind.value, "、".join(doc.issuer)):
        assert value in text
    assert "以正式文件为准" in text


def test_topic_and_level_tabs(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = make_window()
    w.navigation.setCurrentIndex(NavigationPane.TAB_TOPICS)
    model = w.navigation.topics_view.model()
    idx = _find_row(model, Page("topic", "科技金融").href())
    with qtbot.waitSignal(w.page_opened, timeout=2000):
        _click(qtbot, w.navigation.topics_view, idx)
    text = w.reader.toPlainText()
    fin = [m for m in handbook.measures() if "科技金融" in m.topics]
    assert fin and f"共 {len(fin)} 条" in text
    assert fin[0].title in text

    w.navigation.setCurrentIndex(NavigationPane.TAB_LEVELS)
    lmodel = w.navigation.levels_view.model()
    idx = _find_row(lmodel, Page("level", "区县级").href())
    with qtbot.waitSignal(w.page_opened, timeout=2000):
        _click(qtbot, w.navigation.levels_view, idx)
    county = [m for m in handbook.measures() if m.level == "区县级"]
    assert f"共 {len(county)} 条" in w.reader.toPlainText()


def test_contacts_tab_filter_and_select_lists_measures(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = make_window()
    w.navigation.setCurrentIndex(NavigationPane.TAB_CONTACTS)
    # 朱英华 (资源配置管理处, 0311-85889143) handles hb12-05, -06, -07 and -09 on the card.
    w.navigation.contacts_filter.setText("85889143")
    proxy = w.navigation.contacts_proxy
    assert proxy.rowCount() >= 1
    idx = proxy.index(0, 0)
    assert "朱英华" in str(proxy.index(0, 2).data())
    with qtbot.waitSignal(w.page_opened, timeout=2000):
        _click(qtbot, w.navigation.contacts_view, idx)
    assert w.current_page is not None and w.current_page.kind == "contact"
    text = w.reader.toPlainText()
    for mid in ("hb12-05", "hb12-06", "hb12-07", "hb12-09"):
        assert handbook.measure(mid).title in text


def test_copy_button_and_citation(qtbot: Any, make_window: Any, handbook: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "hb12-05"))
    w.reader.link_activated.emit("copy:0311-85889143")
    assert QGuiApplication.clipboard().text() == "0311-85889143"
    w.actions_by_name["copy_citation"].trigger()
    cite = QGuiApplication.clipboard().text()
    doc = handbook.document("changan-mingbaika")
    assert doc.title in cite and "第5条" in cite and handbook.measure("hb12-05").title in cite


def test_history_back_forward_actions_and_mouse_buttons(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "hb12-01"))
    w.open_page(Page("item", "sjz16-06"))
    assert w.actions_by_name["back"].isEnabled()
    assert not w.actions_by_name["forward"].isEnabled()
    w.actions_by_name["back"].trigger()
    assert w.current_page == Page("item", "hb12-01")
    w.actions_by_name["back"].trigger()
    assert w.current_page == HOME
    assert not w.actions_by_name["back"].isEnabled()
    w.actions_by_name["forward"].trigger()
    assert w.current_page == Page("item", "hb12-01")
    # The mouse's forward and back side buttons over the reader.
    vp = w.reader.viewport()
    pos = QPointF(vp.width() / 2, vp.height() / 2)
    for button, expected in ((Qt.MouseButton.ForwardButton, "sjz16-06"), (Qt.MouseButton.BackButton, "hb12-01")):
        ev = QMouseEvent(QEvent.Type.MouseButtonPress, pos, vp.mapToGlobal(pos), button, button,
                         Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, ev)
        assert w.current_page == Page("item", expected)
    # A new page drops the forward entries.
    w.open_page(Page("item", "changan-1-2"))
    assert not w.actions_by_name["forward"].isEnabled()


def test_history_keyboard_shortcuts(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "hb12-01"))
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.current_page == HOME
    qtbot.keyClick(w.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.current_page == Page("item", "hb12-01")


def test_bookmarks_persist_across_window_instances(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "zb-05-01"))
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "已收藏" in w.reader.toPlainText()
    w.open_page(Page("item", "hb12-03"))
    w.actions_by_name["bookmark"].trigger()
    w.close()

    w2 = make_window()
    model = w2.navigation.bookmarks_model
    assert model.ids() == ["zb-05-01", "hb12-03"]
    assert "首次认定高新技术企业后补助" in w2.reader.toPlainText()  # home page lists bookmarks
    # Remove one from the 收藏 tab.
    w2.navigation.setCurrentIndex(NavigationPane.TAB_BOOKMARKS)
    w2.navigation.bookmarks_view.setCurrentIndex(model.index(0, 0))
    w2.navigation.bookmark_remove_button.click()
    assert model.ids() == ["hb12-03"]
    w2.close()
    w3 = make_window()
    assert w3.navigation.bookmarks_model.ids() == ["hb12-03"]


def test_zoom_buttons_shortcuts_and_persistence(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    base = w.reader.base_pt
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert w.zoom == pytest.approx(1.1)
    assert w.reader.base_pt > base
    w.actions_by_name["zoom_in"].trigger()
    assert w.zoom_label.text() == "125%"
    w.close()
    w2 = make_window()
    assert w2.zoom == pytest.approx(1.25)
    assert w2.reader.base_pt == pytest.approx(base * 1.25)
    assert w2.reader.document().defaultFont().pointSizeF() == pytest.approx(base * 1.25)
    w2.reader.setFocus()
    qtbot.keyClick(w2.reader, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert w2.zoom == pytest.approx(1.1)
    qtbot.keyClick(w2.reader, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert w2.zoom == pytest.approx(1.0)


def test_presentation_mode(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    normal_pt = w.reader.base_pt
    normal_height = w.toolbar.sizeHint().height()
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_F11)
    assert w.presentation
    assert w.isFullScreen()
    assert w.reader.base_pt == pytest.approx(normal_pt * 1.5)  # large type: 150 % to start (a setting)
    assert w.zoom_label.text() == "150%"  # the real figure
    assert not w.menuBar().isVisible()
    assert not w.left.isVisible()  # navigation reduced to the essentials
    shown = w.toolbar_buttons_shown()
    assert "cards" not in shown and "bookmark" not in shown  # reduced to the essentials
    assert "back" in shown and "home" in shown
    assert w.toolbar.sizeHint().height() > normal_height  # large touch targets
    # A search made before is not shown (the page alone) …
    w.search_box.setText("创新券")
    assert not w.left.isVisible()
    # … but typing a new one shows its results until one is opened.
    w.search_box.setFocus()
    qtbot.keyClicks(w.search_box, "x")
    assert w.left.isVisible()
    w.search_box.clear()
    assert not w.left.isVisible()
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    assert not w.presentation
    assert not w.isFullScreen()
    assert w.menuBar().isVisible() and w.left.isVisible()
    assert w.reader.base_pt == pytest.approx(normal_pt)


def test_presentation_mode_keeps_shortcuts_of_hidden_buttons(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    normal_buttons = w.toolbar_buttons_shown()
    normal_order = [a.objectName() or a.text() for a in w.toolbar.actions()]
    w.open_page(Page("item", "zb-05-01"))
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_F11)
    assert w.presentation
    assert "bookmark" not in w.toolbar_buttons_shown()
    # Ctrl+D still bookmarks the open measure although its button is off the toolbar.
    qtbot.keyClick(w.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.navigation.bookmarks_model.ids() == ["zb-05-01"]
    assert "已收藏" in w.reader.toPlainText()
    # Ctrl+F moves to the search box.
    qtbot.keyClick(w.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.search_box.hasFocus()
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # and un-bookmarks
    assert w.navigation.bookmarks_model.ids() == []
    # Leaving presentation mode puts every button back in its place.
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    assert not w.presentation
    assert w.toolbar_buttons_shown() == normal_buttons
    assert [a.objectName() or a.text() for a in w.toolbar.actions()] == normal_order


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_presentation_toolbar_fits_a_projector(qtbot: Any, make_window: Any, width: int) -> None:
    """At 1024 px the exit button used to land in the toolbar's » overflow menu."""
    from PySide6.QtWidgets import QToolButton

    w = make_window()
    w.set_presentation(True, fullscreen=False)
    w.resize(width, 768)
    qtbot.waitUntil(lambda: w.toolbar.width() >= width - 2)
    QApplication.processEvents()
    ext = w.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert ext is None or not ext.isVisible()
    for name in ("back", "forward", "home", "compare", "zoom_in", "zoom_out", "presentation"):
        button = w.toolbar.widgetForAction(w.actions_by_name[name])
        assert button is not None and button.isVisible(), name
    assert w.search_box.isVisible() and w.search_box.width() >= 220


def test_compare_page_side_by_side(make_window: Any, handbook: Any) -> None:
    w = make_window()
    w.actions_by_name["compare"].trigger()
    assert "新认定高新技术企业" in w.reader.toPlainText()
    w.reader.link_activated.emit(Page("compare", "gaoqi").href())
    text = w.reader.toPlainText()
    # Province 2亿元 fund (hb12-02a), city 10万元 each (zb-05-01), district 5万元 each (changan-1-2).
    assert "2亿元新认定国家高新技术企业奖励资金" in text
    assert "每家给予10万元后补助资金支持" in text
    assert "区级财政对首次认定的高新技术企业每家奖励补助5万元" in text
    assert text.index("省级") < text.index("市级") < text.index("区县级")
    # A cell links to its measure.
    w.reader.link_activated.emit("item:changan-1-2")
    assert w.current_page == Page("item", "changan-1-2")
    assert "比一比：新认定高新技术企业" in w.reader.toPlainText()


def test_compare_page_uses_the_width_and_marks_the_draft_column(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.resize(1600, 900)
    w.open_page(Page("item", "zb-04-02"))
    qtbot.waitUntil(lambda: w.reader.viewportMargins().left() > 0)
    text_margin = w.reader.viewportMargins().left()
    w.open_page(Page("compare", "chengguo-shourang"))
    assert w.reader.viewportMargins().left() < text_margin  # four columns get a longer line
    text = w.reader.toPlainText()
    assert "廊坊市" in text and "征求意见稿" in text and "摘录" in text and "阅读全文" in text
    w.open_page(Page("item", "zb-04-02"))
    assert w.reader.viewportMargins().left() == text_margin  # running text keeps its measure


def test_compare_stacks_the_levels_when_the_calculator_dock_narrows_the_reader(qtbot: Any, make_window: Any) -> None:
    """Seen on a real window: with the dock open, four columns were ~95 px wide, a few characters a line."""
    w = make_window()
    w.resize(1280, 800)
    w.open_page(Page("compare", "gaoqi"))
    side_by_side = w.reader.current_html()
    assert "比一比：新认定高新技术企业" in w.reader.toPlainText()
    assert '<th align="left"' not in side_by_side  # one row of four column headers
    back = w.history.can_go_back()
    w.show_calculator("")
    qtbot.waitUntil(lambda: '<th align="left"' in w.reader.current_html())
    text = w.reader.toPlainText()
    assert w.current_page == Page("compare", "gaoqi") and "比一比：新认定高新技术企业" in text
    assert w.reader.current_html().count('<th align="left"') == 4  # a header row per level, text below it
    assert text.index("省级") < text.index("市级") < text.index("区县级") < text.index("廊坊市")
    assert w.reader.text_width_em() > 20  # the measure's text is readable again
    w.calc_dock.hide()
    qtbot.waitUntil(lambda: '<th align="left"' not in w.reader.current_html())
    assert w.history.can_go_back() == back  # re-laid out, not a new page in the history


def test_error_banner_names_broken_file(qtbot: Any, tmp_path: Path, make_window: Any) -> None:
    from content.loader import CONTENT_DIR, load_handbook

    cdir = tmp_path / "content"
    cdir.mkdir()
    for p in CONTENT_DIR.glob("*.yaml"):
        shutil.copy(p, cdir / p.name)
    (cdir / "broken-doc.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    hb = load_handbook(cdir)
    assert hb.errors
    w = make_window(hb=hb)
    assert w.banner.isVisible()
    assert "broken-doc.yaml" in w.banner.label.text()
    # Non-blocking: the rest works while the banner is shown.
    w.open_page(Page("item", "hb12-01"))
    assert "加快下达科技项目资金" in w.reader.toPlainText()
    w.banner.details_button.click()
    dlg = next(d for d in QApplication.topLevelWidgets() if type(d).__name__ == "ErrorListDialog")
    assert "broken-doc.yaml" in dlg.findChild(QPlainTextEdit).toPlainText()
    dlg.close()
    w.banner.close_button.click()
    assert not w.banner.isVisible()


def test_no_banner_for_clean_content(make_window: Any, handbook: Any) -> None:
    w = make_window()
    assert w.banner.isHidden() == (not handbook.errors)


def test_window_layout_restored(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.resize(760, 560)  # within the offscreen screen (800x600): restoreGeometry clamps to it
    w.splitter.setSizes([300, 460])
    w.navigation.setCurrentIndex(NavigationPane.TAB_LEVELS)
    left = w.splitter.sizes()[0]
    w.close()
    w2 = make_window(show=False)
    w2.restore_layout()
    w2.show()
    qtbot.waitExposed(w2)
    # The offscreen screen is at most 1366 px wide: the window comes back maximized, filling it
    # (sizes restored on wide screens: tests/ui/test_screens.py and the Xvfb tests).
    avail = w2.screen().availableGeometry()
    assert w2.windowState() & Qt.WindowState.WindowMaximized
    assert (w2.width(), w2.height()) == (avail.width(), avail.height())
    assert w2.navigation.currentIndex() == NavigationPane.TAB_LEVELS
    # Under 1100 px the left pane is collapsed; opened with F9 it has its saved width.
    assert not w2.left.isVisible()
    w2.actions_by_name["sidebar"].trigger()
    assert w2.left.isVisible()
    assert abs(w2.splitter.sizes()[0] - left) <= 2


def test_first_start_fits_the_screen(qtbot: Any, make_window: Any) -> None:
    """No saved layout: 1280x800, or the whole screen when that is smaller (the offscreen one is 800x600)."""
    w = make_window(show=False)
    w.restore_layout()
    avail = w.screen().availableGeometry()
    assert avail.width() < 1280 or avail.height() < 800  # the case worth testing
    assert w.width() <= avail.width() and w.height() <= avail.height()
    assert w.isMaximized() or w.windowState() & Qt.WindowState.WindowMaximized
    w.show()
    qtbot.waitExposed(w)
    assert avail.contains(w.frameGeometry().topLeft())


def test_calculator_panel_or_calm_message(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.actions_by_name["calculator"].trigger()
    assert w.calc_dock.isVisible()
    try:
        import ui.calculator_panel  # noqa: F401
    except ImportError:
        assert "尚未安装" in w.calc_dock.widget().text()
    else:
        assert type(w.calc_dock.widget()).__name__ == "CalculatorPanel"
    w.actions_by_name["calculator"].trigger()
    assert not w.calc_dock.isVisible()


def test_window_with_unreadable_content_dir_still_opens(qtbot: Any, tmp_path: Path, settings_path: Path) -> None:
    from ui.app import load_content
    from ui.mainwindow import MainWindow
    from ui.search import SearchController
    from ui.settings import Settings

    bundle, problems = load_content(str(tmp_path / "missing"))
    hb = bundle.handbook
    assert hb.documents == () and problems
    w = MainWindow(bundle, Settings(settings_path), search=SearchController(hb, backend_loader=lambda: None),
                   load_problems=problems)
    qtbot.addWidget(w)
    w.show()
    assert w.banner.isVisible() and "内容目录无法读取" in w.banner.label.text()
    assert "收录 0 份文件" in w.reader.toPlainText()
