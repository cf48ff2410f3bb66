"""The main window: builds the panes, connects them, and holds no business logic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from content.bundle import ContentBundle
from content.consultations import MeasureTrail
from content.model import Measure
from ui import actions as action_table
from ui.banner import Banner, ErrorListDialog, content_error_summary
from ui.frozen_header import FrozenHeader
from ui.kiosk import KIOSK_BLOCKED_LINKS, Kiosk, without_staff_links
from ui.navigation import NavigationPane
from ui.pagebuilder import PageBuilder
from ui.pages import HOME, History, Page, page_from_link, parse_link
from ui.projector import PageKeys, scale_fonts
from ui.reader import Reader
from ui.screens import MIN_READER_PX, dock_fits, left_pane_collapsed, parse_rect, plan_window, rect_text
from ui.search import (
    BUILDING,
    FAILED,
    FALLBACK_DAMAGED,
    PREPARING,
    READY,
    UNAVAILABLE,
    SearchController,
    best_bets_catalogue,
    best_bets_for,
    search_statuses,
)
from ui.searchpanel import SearchBox, SearchPanel
from ui.settings import Settings
from ui.style import PRESENTATION_SCALE, READER_BASE_PT, cjk_font, clamp_zoom, next_zoom, window_stylesheet
from ui.toolbar import ToolbarFitter

APP_TITLE = "科技政策一点通"


def _topics() -> list[str]:
    try:
        from content.loader import load_vocabulary

        return list(load_vocabulary().topics)
    except Exception:  # the vocabulary only orders the 专题 tab; without it topics sort by name
        return []


class MainWindow(QMainWindow):
    """科技政策一点通 main window.

    Args:
        bundle: The loaded content (its problems appear in a banner; statuses come from it).
        settings: Typed settings (zoom, bookmarks, layout…).
        search: The search controller; default one is created (tests inject their own).
        load_problems: Extra start-up problems to show in the banner (e.g. content dir missing).

    Signals:
        page_opened(object): the reader now shows this :class:`ui.pages.Page`.
    """

    page_opened = Signal(object)

    def __init__(self, bundle: ContentBundle, settings: Settings, *, search: SearchController | None = None,
                 load_problems: Sequence[str] = ()) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._bundle = bundle
        self._hb = bundle.handbook
        self._settings = settings
        self._load_problems = list(load_problems)
        self._builder = PageBuilder(bundle)
        self._best_bets_catalogue: Any = None
        self._history = History()
        self._presentation = False
        self._was_maximized = False
        self._geometry_before = QRect()  # the normal geometry before 演示模式
        self._calc_alone = False  # 演示模式 showing the calculator alone (F11 pressed while in it)
        self._hidden_docks: list[QDockWidget] = []  # side panels 演示模式 put away, shown again after
        self._results_open = False  # 演示模式: the results list shows only while a search is being typed
        self._left_folded_for_calc = False  # the results list made room for the calculator (narrow window)
        self._left_choice: bool | None = None  # 目录栏 (F9) opened or closed by hand; None: by window width
        self._open_first_hit = False
        self._calc_panel: Any = None
        self._pack_flow: Any = None
        self._zoom = clamp_zoom(settings.zoom)
        self._consult_trail = MeasureTrail()  # measures opened since the last 咨询登记 entry
        self._consult_checkup: tuple[str, ...] = ()  # ids of the last 政策体检's 可申请 group, nothing else
        self._consult_store: Any = None
        self.page_opened.connect(self._on_window_page_opened)
        self.setWindowTitle(self.tr(APP_TITLE))
        self.setFont(cjk_font())
        self.setStyleSheet(window_stylesheet(presentation=False))

        self.actions_by_name: dict[str, QAction] = action_table.build_actions(self, self)
        self.menus = action_table.build_menus(self.menuBar(), self.actions_by_name)
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()

        self.search = search or SearchController(bundle.handbook, self, statuses=search_statuses(bundle))
        self.search.results_ready.connect(self._on_search_results_ready)
        self.search.results_cleared.connect(self._on_search_results_cleared)
        self.search.state_changed.connect(self._on_search_state_changed)
        self.search.progress_changed.connect(self._on_search_progress_changed)
        self.search.fallback_changed.connect(self._on_search_fallback_changed)

        self.navigation.set_bookmarks(settings.bookmarks)
        self.kiosk = Kiosk(self, settings)  # 展台模式 (ui/kiosk.py)
        self._apply_zoom()
        self._show_load_problems(self._bundle_problems(include_calculators=False))
        self.open_page(HOME)

    # ============================================================================================
    # construction
    # ============================================================================================
    def _build_toolbar(self) -> None:
        tb = QToolBar(self.tr("工具栏"), self)
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        tb.setFloatable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(20, 20))
        a = self.actions_by_name
        action_table.add_to_toolbar(tb, a, "nav")
        self.search_box = SearchBox(tb)
        self.search_box.textChanged.connect(self._on_search_box_text_changed)
        self.search_box.textEdited.connect(self._on_search_box_text_edited)
        self.search_box.returnPressed.connect(self._on_search_box_return_pressed)
        self.search_box.escape_pressed.connect(self._on_search_box_escape_pressed)
        self.search_box.down_pressed.connect(self._on_search_box_down_pressed)
        self._search_box_action = tb.addWidget(self.search_box)
        tb.addSeparator()
        action_table.add_to_toolbar(tb, a, "page")
        action_table.add_to_toolbar(tb, a, "tools")
        tb.addSeparator()
        tb.addAction(a["zoom_out"])
        self.zoom_label = QLabel(tb)
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setToolTip(self.tr("当前文字大小；Ctrl+0 恢复"))
        self._zoom_label_action = tb.addWidget(self.zoom_label)
        tb.addAction(a["zoom_in"])
        tb.addSeparator()
        action_table.add_to_toolbar(tb, a, "mode")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb
        self._toolbar_order: list[QAction] = list(tb.actions())
        names = {act: name for name, act in a.items()}
        self.toolbar_fitter = ToolbarFitter(tb, self._toolbar_order, names)
        a["back"].setEnabled(False)
        a["forward"].setEnabled(False)

    def _build_central(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.banner = Banner(central)
        self.banner.details_requested.connect(self._on_banner_details_requested)
        lay.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.left = QStackedWidget(self.splitter)
        self.left.setObjectName("leftPane")
        self.navigation = NavigationPane(self._hb, _topics(), self.left)
        self.navigation.page_requested.connect(self._on_navigation_page_requested)
        self.navigation.bookmark_remove_requested.connect(self._on_navigation_bookmark_remove_requested)
        self.navigation.currentChanged.connect(self._on_navigation_current_changed)
        self.search_panel = SearchPanel(self.left, doc_label=self._doc_label)
        self.search_panel.hit_activated.connect(self._on_search_panel_hit_activated)
        self.search_panel.filter_toggled.connect(self._on_search_panel_filter_toggled)
        self.search_panel.query_suggested.connect(self._on_search_panel_query_suggested)
        self.search_panel.link_activated.connect(self._on_reader_link_activated)
        self.search_panel.best_bets_for = self._best_bets_for
        self.left.addWidget(self.navigation)
        self.left.addWidget(self.search_panel)
        self.left.setMinimumWidth(240)

        self.reader = Reader(self.splitter)
        self.reader.link_activated.connect(self._on_reader_link_activated)
        self.reader.back_requested.connect(self._on_back_triggered)
        self.reader.forward_requested.connect(self._on_forward_triggered)
        self.reader.text_width_changed.connect(self._on_reader_text_width_changed)
        self.frozen_header = FrozenHeader(self.reader)  # 比一比 column heads stay on screen
        self.page_keys = PageKeys(self, self.reader)  # 演示模式: PgDn, PgUp, Space, arrows scroll the page
        self._layout_key: object = None
        self._opening = False
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 900])
        # The reader, or the 我的企业 screen (created when first opened; ui/profile_panel.py).
        self.central_stack = QStackedWidget(central)
        self.central_stack.addWidget(self.splitter)
        self.profile_panel: Any = None
        lay.addWidget(self.central_stack, 1)
        self.setCentralWidget(central)
        self.navigation.setCurrentIndex(max(0, min(self._settings.nav_tab, self.navigation.count() - 1)))
        # Mouse side buttons anywhere in the window go back/forward.
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            app.installEventFilter(self.page_keys)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.index_label = QLabel(sb)
        self.index_progress = QProgressBar(sb)
        self.index_progress.setMaximumWidth(160)
        self.index_progress.setMaximumHeight(16)
        sb.addPermanentWidget(self.index_label)
        sb.addPermanentWidget(self.index_progress)
        self.index_label.hide()
        self.index_progress.hide()
        self.content_label = QLabel(sb)
        sb.addPermanentWidget(self.content_label)
        self._update_content_label()

    def _update_content_label(self) -> None:
        n = len(self._hb.measures())
        self.content_label.setText(
            self.tr("{d} 份文件 · {m} 条政策").format(d=len(self._hb.documents), m=n)
            + " · " + self._bundle.summary_line())

    def _doc_label(self, doc_id: str) -> str:
        d = self._hb.document(doc_id)
        return (d.short_title or d.title) if d else doc_id

    # ============================================================================================
    # start-up and layout
    # ============================================================================================
    def start_background_work(self) -> None:
        """Called once the window is visible: prepare the search index off the GUI thread, and check
        the calculators' citations (a renamed measure id shows in the banner, not as an empty list)."""
        self.search.start()
        QTimer.singleShot(0, lambda: self._show_load_problems(self._bundle_problems(include_calculators=True)))

    def restore_layout(self) -> None:
        """The window as it was last closed, fitted to the screen it is on now (ui/screens.py)."""
        s = self._settings
        saved = None
        saved_maximized = False
        if s.geometry and self.restoreGeometry(QByteArray(s.geometry)):  # False when the screen changed a lot
            saved = self.normalGeometry()
            saved_maximized = bool(self.windowState() & Qt.WindowState.WindowMaximized)
        if parse_rect(s.window_normal) is not None:
            saved = parse_rect(s.window_normal)
            saved_maximized = s.window_maximized
        self._place_on_screen(saved, saved_maximized)
        if s.window_state:
            self.restoreState(QByteArray(s.window_state))
        if s.splitter_state:
            self.splitter.restoreState(QByteArray(s.splitter_state))
        self._update_left_visibility()
        self._fit_toolbar()
        self._put_away_docks_without_room()
        if s.calculator_visible and self._dock_has_room(self.CALC_DOCK_WIDTH):
            QTimer.singleShot(0, lambda: self.show_calculator(""))
        QTimer.singleShot(0, self._put_away_docks_without_room)  # once laid out for real

    #: First-start size; smaller screens (1366x768 laptops, projectors at 1024x768) get all of theirs.
    DEFAULT_SIZE = QSize(1280, 800)
    CALC_DOCK_WIDTH = 420

    def _fit_default_size(self) -> None:
        self._place_on_screen(None, False)

    def _place_on_screen(self, saved: Any, saved_maximized: bool) -> None:
        screen = None
        if saved is not None:
            screen = QGuiApplication.screenAt(saved.center())
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(self.DEFAULT_SIZE)
            return
        plan = plan_window(screen.availableGeometry(), saved=saved, saved_maximized=saved_maximized,
                           default=self.DEFAULT_SIZE)
        self.setWindowState(self.windowState() & ~(Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen))
        self.setGeometry(plan.rect)
        if plan.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _side_docks(self) -> list[QDockWidget]:
        """Docks beside the reader (left or right, not floating), shown now."""
        side = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
        return [d for d in self.findChildren(QDockWidget)
                if not d.isHidden() and not d.isFloating() and self.dockWidgetArea(d) in side]

    def _dock_has_room(self, width: int) -> bool:
        """Whether a dock ``width`` px wide leaves the reader at least MIN_READER_PX in this window."""
        left = self.splitter.sizes()[0] if not self.left.isHidden() else 0
        docks = sum(max(d.width(), d.minimumSizeHint().width()) for d in self._side_docks())
        return dock_fits(self.width(), left_pane=left, docks=docks, new_dock=width)

    def _put_away_docks_without_room(self) -> None:
        """A restored side panel that leaves the reader under MIN_READER_PX is closed (last one first)."""
        if self._presentation:
            return
        docks = self._side_docks()
        while docks and self.isVisible() and self.reader.width() < MIN_READER_PX:
            docks.pop().hide()
            layout = self.layout()
            if layout is not None:
                layout.activate()

    def save_layout(self) -> None:
        s = self._settings
        if self._presentation:
            self.set_presentation(False)
        s.geometry = bytes(self.saveGeometry().data())
        s.window_normal = rect_text(self.normalGeometry())
        s.window_maximized = self.isMaximized()
        s.window_state = bytes(self.saveState().data())
        s.splitter_state = bytes(self.splitter.saveState().data())
        s.nav_tab = self.navigation.currentIndex()
        s.zoom = self._zoom
        s.calculator_visible = bool(self._calc_dock_visible())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.kiosk.may_close():  # 展台模式: only with the staff PIN (menu, Ctrl+Q, Alt+F4, the × button)
            event.ignore()
            return
        self.save_layout()
        self.search.close()
        if self._consult_store is not None:
            self._consult_store.close()
        super().closeEvent(event)

    def _bundle_problems(self, *, include_calculators: bool) -> list[Any]:
        if include_calculators:
            return list(self._bundle.problems())
        return [*self._bundle._base_problems, *self._bundle._verification_problems]

    def _show_load_problems(self, errors: Sequence[Any]) -> None:
        self._errors = list(errors)
        extra = self._load_problems
        if errors:
            self.banner.show_message("\n".join([*extra, content_error_summary(errors)]))
        elif extra:
            self.banner.show_message("\n".join(extra), details=False)

    def _on_banner_details_requested(self) -> None:
        dlg = ErrorListDialog(getattr(self, "_errors", []), self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    # ============================================================================================
    # pages
    # ============================================================================================
    @property
    def current_page(self) -> Page | None:
        return self._history.current

    @property
    def history(self) -> History:
        return self._history

    def open_page(self, page: Page, *, record: bool = True, keep_position: bool = False) -> None:
        """Show ``page`` in the reader (and remember it in the history)."""
        if page.kind == "profile":
            self._show_profile_panel()
        elif self.central_stack.currentWidget() is not self.splitter:
            self.central_stack.setCurrentWidget(self.splitter)
        if page == HOME and self.profile_panel is not None and self.profile_panel.has_answers():
            # the home page is where the next visitor starts: 我的企业 is closed, its figures forgotten
            self.profile_panel.clear()
        if page.kind == "profile":
            if record:
                self._history.push(page)
            self.setWindowTitle(self.tr(APP_TITLE) + " — " + self._builder.title(page))
            self._update_history_actions()
            self.page_opened.emit(page)
            return
        wide = page.kind == "compare" and bool(page.arg)
        width_em = self.reader.text_width_em_for(wide=wide)
        html = self._builder.html(page, bookmarks=self._settings.bookmarks, recent=self._settings.recent,
                                  width_em=width_em)
        if self.kiosk.active:
            html = without_staff_links(html)
        self._layout_key = self._builder.layout_key(page, width_em)
        self._opening = True  # the reader re-lays out while switching pages: not a resize to react to
        try:
            self.reader.show_html(html, terms=page.terms, keep_position=keep_position, wide=wide)
        finally:
            self._opening = False
        if record:
            self._history.push(page)
        if page.kind == "item" and self._hb.find(page.arg) is not None:
            if not self.kiosk.active:  # a visitor's reading is not kept for the next one to see
                self._settings.add_recent(page.arg)
            self.navigation.select_item(page.arg)
        title = self._builder.title(page)
        self.setWindowTitle(self.tr(APP_TITLE) + (f" — {title}" if title else ""))
        self._update_history_actions()
        self.page_opened.emit(page)

    def refresh_page(self) -> None:
        page = self.current_page
        if page is not None:
            self.open_page(page, record=False, keep_position=True)

    def _update_history_actions(self) -> None:
        self.actions_by_name["back"].setEnabled(self._history.can_go_back())
        self.actions_by_name["forward"].setEnabled(self._history.can_go_forward())
        item = self._current_item()
        self.actions_by_name["bookmark"].setEnabled(item is not None)
        self.actions_by_name["copy_citation"].setEnabled(item is not None)
        self.actions_by_name["print_item"].setEnabled(item is not None)

    def _current_item(self) -> Any:
        page = self.current_page
        if page is None or page.kind != "item":
            return None
        return self._hb.find(page.arg)

    # ============================================================================================
    # zoom and presentation
    # ============================================================================================
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def presentation(self) -> bool:
        return self._presentation

    @property
    def shown_zoom(self) -> float:
        """The text size on screen as a factor of 100 %: the reading zoom, or 演示模式's own (150 % to start)."""
        return clamp_zoom(self._settings.presentation_zoom) if self._presentation else self._zoom

    def set_zoom(self, value: float) -> None:
        """Set the text size; in 演示模式 this is the presentation size (a setting of its own)."""
        if self._presentation:
            self._settings.presentation_zoom = clamp_zoom(value)
        else:
            self._zoom = clamp_zoom(value)
            self._settings.zoom = self._zoom
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        zoom = self.shown_zoom * self.kiosk.reader_scale()  # 展台模式: a line of text is a touch target
        self.reader.set_base_size(READER_BASE_PT * zoom)
        self.zoom_label.setText(f"{round(zoom * 100)}%")

    def set_presentation(self, on: bool, *, fullscreen: bool = True) -> None:
        """演示模式 (F11): the page alone in large type, large touch targets, only the essential controls.

        Every side panel (search results, calculator, 目录) is put away and the keyboard focus goes to
        the page, whose keys (PgDn, PgUp, Space, arrows) then scroll it wherever the focus is.  When
        F11 is pressed inside the calculator, the calculator is shown alone instead, scaled.
        """
        if on == self._presentation:
            return
        self._presentation = on
        self._results_open = False
        if on:
            self._calc_alone = self._focus_in_calculator()
            self._hidden_docks = self._side_docks() + [
                d for d in self.findChildren(QDockWidget) if d.isFloating() and not d.isHidden()]
            for dock in self._hidden_docks:
                dock.hide()
            if self._calc_alone:
                self._show_calculator_alone(True)
        else:
            if self._calc_alone:
                self._show_calculator_alone(False)
            self._calc_alone = False
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = []
        self.page_keys.active = on and not self._calc_alone
        keep = action_table.presentation_names()
        self._show_on_toolbar({a for n, a in self.actions_by_name.items() if on and n not in keep})
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.toolbar.setIconSize(QSize(36, 36) if on else QSize(20, 20))
        self.setStyleSheet(window_stylesheet(presentation=on))
        self._fit_toolbar()
        self._update_left_visibility()
        if self.profile_panel is not None:
            self.profile_panel.set_presentation(on)
        act = self.actions_by_name["presentation"]
        act.blockSignals(True)
        act.setChecked(on)
        act.setText(self.tr("退出演示") if on else self.tr("演示模式"))
        act.blockSignals(False)
        if fullscreen:
            # The geometry is set too: a kiosk PC may run X without a window manager, which ignores
            # the full-screen and maximized requests.
            screen = self.screen()
            if on:
                self._was_maximized = self.isMaximized()
                self._geometry_before = self.normalGeometry()
                if screen is not None:
                    self.setGeometry(screen.geometry())
                self.showFullScreen()
            elif self._was_maximized:
                if screen is not None:
                    self.setGeometry(screen.availableGeometry())
                self.showMaximized()
            else:
                self.showNormal()
                if self._geometry_before.isValid():
                    self.setGeometry(self._geometry_before)
        self._apply_zoom()
        if on and not self._calc_alone:
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        elif on and self._calc_panel is not None:
            self._calc_panel.focus_first_field()

    def _focus_in_calculator(self) -> bool:
        dock = getattr(self, "calc_dock", None)
        focus = QGuiApplication.focusObject()
        return bool(dock is not None and dock.isVisible() and isinstance(focus, QWidget)
                    and self._calc_panel is not None and dock.isAncestorOf(focus))

    @property
    def calculator_alone(self) -> bool:
        """Whether 演示模式 shows the calculator alone (in place of the reader), scaled."""
        return self._calc_alone

    def _show_calculator_alone(self, on: bool) -> None:
        """Move the calculator panel between its dock and the window's centre (演示模式), scaled there."""
        panel = self._calc_panel
        dock = getattr(self, "calc_dock", None)
        if panel is None or dock is None:
            return
        if on:
            self.central_stack.addWidget(panel)
            self.central_stack.setCurrentWidget(panel)
        else:
            self.central_stack.removeWidget(panel)
            dock.setWidget(panel)
            page = self.current_page
            if page is not None and page.kind == "profile" and self.profile_panel is not None:
                self.central_stack.setCurrentWidget(self.profile_panel)
            else:
                self.central_stack.setCurrentWidget(self.splitter)
        base = panel.property("kjzcBasePointSize") or panel.font().pointSizeF()
        scale_fonts(panel, PRESENTATION_SCALE if on else 1.0, every=True, inherit_pt=base)
        if hasattr(panel, "set_scale"):
            panel.set_scale(PRESENTATION_SCALE if on else 1.0)

    def _fit_toolbar(self) -> None:
        """Labels beside the icons when they fit, else icons alone, else a 更多 menu (ui/toolbar.py);
        every presentation button stays on the bar on a 1024-pixel projector."""
        if not self._presentation:
            self.search_box.setMinimumWidth(260 if self.width() >= 1200 else 200)
            self._zoom_label_action.setVisible(True)
        else:
            self.search_box.setMinimumWidth(max(220, min(420, self.width() // 4)))
            self._zoom_label_action.setVisible(self.width() >= 1200)
        self.toolbar_fitter.fit(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_toolbar()
        if left_pane_collapsed(event.size().width()) != left_pane_collapsed(event.oldSize().width()):
            self._left_choice = None  # crossing 1100 px: the pane follows the width again
        self._update_left_visibility()

    def _show_on_toolbar(self, hidden: set[QAction]) -> None:
        """Take ``hidden`` off the toolbar and put every other button back in its place.

        The buttons are removed rather than the actions hidden: a hidden QAction also loses its
        shortcut, and Ctrl+D, Ctrl+K … must keep working in presentation mode.  The actions stay
        on the window itself (see :func:`ui.actions.build_actions`), which is what the shortcuts need.
        """
        self.toolbar_fitter.set_hidden(hidden)

    def toolbar_buttons_shown(self) -> list[str]:
        """Names of the action-table commands that currently have a toolbar button."""
        on_bar = set(self.toolbar_fitter.on_bar())
        return [n for n, a in self.actions_by_name.items() if a in on_bar]

    def _update_left_visibility(self) -> None:
        """The left pane: results while searching, else the 目录 tabs.  演示模式 puts it away (the
        results show while a search is being typed); below 1100 px it collapses unless opened (F9)."""
        searching = bool(self.search_box.text().strip())
        self.left.setCurrentWidget(self.search_panel if searching else self.navigation)
        if self._presentation:
            visible = searching and self._results_open
        elif self._left_choice is not None:
            visible = self._left_choice
        elif self._left_folded_for_calc and self._calc_dock_visible():
            visible = False
        else:
            visible = searching or not left_pane_collapsed(self.width())
        self.left.setVisible(visible)
        act = self.actions_by_name["sidebar"]
        act.blockSignals(True)
        act.setChecked(visible)
        act.blockSignals(False)

    def _on_sidebar_toggled(self, on: bool) -> None:
        if self._presentation:
            self._results_open = on
        else:
            self._left_choice = on
        self._update_left_visibility()
        current = self.left.currentWidget()
        if on and current is not None:
            current.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ============================================================================================
    # calculator panel (ui.calculator_panel, optional)
    # ============================================================================================
    def _calc_dock_visible(self) -> bool:
        dock = getattr(self, "calc_dock", None)
        return bool(dock is not None and dock.isVisible())

    def _ensure_calc_dock(self) -> QDockWidget:
        dock: QDockWidget | None = getattr(self, "calc_dock", None)
        if dock is not None:
            return dock
        dock = QDockWidget(self.tr("补贴计算器"), self)
        dock.setObjectName("calculatorDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self._fill_calc_dock(dock)
        dock.visibilityChanged.connect(self._on_calc_dock_visibility_changed)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [420], Qt.Orientation.Horizontal)
        self.calc_dock = dock
        self.kiosk.fit_dock(dock)
        return dock

    def _fill_calc_dock(self, dock: QDockWidget) -> None:
        old = dock.widget()
        try:
            from ui.calculator_panel import CalculatorPanel

            panel = CalculatorPanel(self._hb, self._builder.calculators(), parent=dock,
                                    summary=self._bundle.summary_line())
            panel.measure_open_requested.connect(self._on_calculator_panel_measure_open_requested)
            self._calc_panel = panel
            dock.setWidget(panel)
            self.kiosk.fit(panel)
        except ImportError:
            self._calc_panel = None
            msg = QLabel(self.tr("补贴计算器尚未安装。\n可以在条目的原文中查看补助标准。"), dock)
            msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
            msg.setWordWrap(True)
            dock.setWidget(msg)
        if old is not None:
            old.deleteLater()

    def show_calculator(self, calc_id: str) -> None:
        dock = self._ensure_calc_dock()
        dock.show()
        dock.raise_()
        self._fold_left_for_calculator()
        if calc_id and self._calc_panel is not None:
            self._calc_panel.show_calculator(calc_id)

    def _fold_left_for_calculator(self) -> None:
        """In a narrow window (< 1100 px) the results list, the calculator and the page do not fit side by side
        (at 1024 px the page kept 200 px, four characters a line): the list folds away until the
        calculator closes or a new search is typed.  F9 still opens it."""
        if (self._presentation or self._left_choice is not None or self.left.isHidden()
                or not left_pane_collapsed(self.width())):
            return  # wider than 1100 px the list stays where it is (as the pane's rule says)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        if self.reader.width() < MIN_READER_PX:
            self._left_folded_for_calc = True
            self._update_left_visibility()

    def _on_calc_dock_visibility_changed(self, visible: bool) -> None:
        if not visible and self._left_folded_for_calc:
            self._left_folded_for_calc = False
            self._update_left_visibility()
        act = self.actions_by_name["calculator"]
        act.blockSignals(True)
        act.setChecked(visible)
        act.blockSignals(False)

    def _on_calculator_panel_measure_open_requested(self, measure_id: str) -> None:
        self.open_page(Page("item", measure_id))

    # ============================================================================================
    # 我的企业 (ui.profile_panel): a screen in place of the reader, cleared when closed
    # ============================================================================================
    def _show_profile_panel(self) -> None:
        if self.profile_panel is None:
            from ui.profile_panel import ProfilePanel

            panel = ProfilePanel(self._bundle, self.central_stack, header=self._card_header)
            panel.measure_open_requested.connect(self._on_profile_panel_measure_open_requested)
            panel.calculator_open_requested.connect(self.show_calculator)
            panel.close_requested.connect(self._on_profile_panel_close_requested)
            panel.result_changed.connect(self._on_profile_panel_result_changed)
            panel.set_presentation(self._presentation)
            self.central_stack.addWidget(panel)
            self.profile_panel = panel
            self.kiosk.fit(panel)
        self.central_stack.setCurrentWidget(self.profile_panel)

    def _card_header(self) -> Any:
        from ui.printing.checkup import header_from_settings

        return header_from_settings(self._settings.card_header)

    def _on_profile_panel_measure_open_requested(self, measure_id: str) -> None:
        self.open_page(Page("item", measure_id))

    def _on_profile_panel_close_requested(self) -> None:
        self.open_page(HOME)

    # ============================================================================================
    # printing (ui.printing, optional)
    # ============================================================================================
    def _printing(self) -> Any:
        try:
            import ui.printing as printing
        except ImportError:
            self._calm_info(self.tr("打印功能尚未安装。"))
            return None
        return printing

    def _calm_info(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr(APP_TITLE), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _search_hit_ids(self) -> list[str]:
        result = self.search.last_result
        return [h.id for h in result.hits] if result is not None and self.search_box.text().strip() else []

    # ============================================================================================
    # action handlers (one per row of ui.actions.ACTIONS)
    # ============================================================================================
    def _on_print_item_triggered(self) -> None:
        item = self._current_item()
        printing = self._printing() if item is not None else None
        if printing is not None:
            printing.print_item(self._bundle, item.id, self)

    def _on_cards_triggered(self) -> None:
        printing = self._printing()
        if printing is None:
            return
        item = self._current_item()
        pre = [item.id] if isinstance(item, Measure) else []
        dlg = printing.CardDialog(self._bundle, self, preselected_ids=pre, search_ids=self._search_hit_ids())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.cards_dialog = dlg

    def _on_export_pdf_triggered(self) -> None:
        printing = self._printing()
        if printing is None:
            return
        from ui.export import export_handbook_with_progress

        export_handbook_with_progress(self, self._bundle, printing.export_handbook_pdf)

    def _on_quit_triggered(self) -> None:
        self.close()

    def _on_zoom_in_triggered(self) -> None:
        self.set_zoom(next_zoom(self.shown_zoom, +1))

    def _on_zoom_out_triggered(self) -> None:
        self.set_zoom(next_zoom(self.shown_zoom, -1))

    def _on_zoom_reset_triggered(self) -> None:
        self.set_zoom(type(self._settings).presentation_zoom.default if self._presentation else 1.0)

    def _on_presentation_toggled(self, on: bool) -> None:
        self.set_presentation(on)

    def _on_kiosk_toggled(self, on: bool) -> None:
        if on:
            self.kiosk.enter()
        else:
            self.kiosk.leave()

    def _on_kiosk_settings_triggered(self) -> None:
        self.kiosk.open_settings()

    def _on_calculator_toggled(self, on: bool) -> None:
        if on:  # Ctrl+K: the current page's calculator, cursor in its first field
            self.show_calculator(self._page_calculator())
            if self._calc_panel is not None and self._calc_panel.current_calculator():
                self._calc_panel.focus_first_field()
        elif getattr(self, "calc_dock", None) is not None:
            self.calc_dock.hide()

    def _page_calculator(self) -> str:
        """The first calculator citing the measure on screen (or a measure of the part or document)."""
        from content.calc import calculators_for_measure

        page = self.current_page
        if page is None or page.kind != "item":
            return ""
        item = self._hb.find(page.arg)
        if item is None:
            return ""
        ids = [m.id for m in item.all_measures()] if hasattr(item, "all_measures") else [item.id]
        calcs = self._builder.calculators()
        return next((c for mid in ids for c in calculators_for_measure(calcs, mid)), "")

    def _on_compare_triggered(self) -> None:
        self.open_page(Page("compare"))

    def _on_back_triggered(self) -> None:
        page = self._history.back()
        if page is not None:
            self.open_page(page, record=False)

    def _on_forward_triggered(self) -> None:
        page = self._history.forward()
        if page is not None:
            self.open_page(page, record=False)

    def _on_home_triggered(self) -> None:
        self.open_page(HOME)

    def _on_focus_search_triggered(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_contacts_triggered(self) -> None:
        if not self._presentation:
            self.navigation.setCurrentIndex(NavigationPane.TAB_CONTACTS)
        self.open_page(Page("contacts"))

    def _on_bookmark_triggered(self) -> None:
        item = self._current_item()
        if item is None:
            return
        now = self._settings.toggle_bookmark(item.id)
        self.navigation.set_bookmarks(self._settings.bookmarks)
        self.statusBar().showMessage(self.tr("已收藏") if now else self.tr("已取消收藏"), 3000)
        self.refresh_page()

    def _on_copy_citation_triggered(self) -> None:
        item = self._current_item()
        if item is None:
            return
        text = self._bundle.citation(item)
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(self.tr("已复制引用：") + text, 5000)

    def _on_rebuild_index_triggered(self) -> None:
        self.search.rebuild()

    def _on_about_triggered(self) -> None:
        try:
            from ui.about_dialog import AboutDialog
        except ImportError:
            self._calm_info(self.tr("科技政策一点通\n河北省科技政策离线手册。\n\n本手册不作为享受政策的依据，以正式文件为准。"))
            return
        dlg = AboutDialog(self, content_date=self._bundle.summary_line())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    # ============================================================================================
    # reader and navigation
    # ============================================================================================
    def _on_reader_link_activated(self, href: str) -> None:
        page = page_from_link(href)
        if page is not None:
            self.open_page(page)
            return
        parsed = parse_link(href)
        if parsed is None:
            return
        scheme, arg = parsed
        if self.kiosk.active and scheme in KIOSK_BLOCKED_LINKS:
            return
        if scheme == "copy":
            QGuiApplication.clipboard().setText(arg)
            self.statusBar().showMessage(self.tr("已复制：") + arg, 3000)
        elif scheme == "calc":
            self.show_calculator(arg)
        elif scheme == "search":
            self.search_box.setText(arg)
            self.search_box.setFocus()
        elif scheme == "bookmark":
            self._on_bookmark_triggered()
        elif scheme == "cite":
            self._on_copy_citation_triggered()
        elif scheme == "verify":
            self._on_verify_requested(arg)

    # ============================================================================================
    # verifications (bureau staff record whether a document, part or measure is still in force)
    # ============================================================================================
    def _on_verify_requested(self, item_id: str) -> None:
        from ui.verify_dialog import VerifyDialog

        item = self._hb.find(item_id)
        if item is None:
            return
        dlg = VerifyDialog(self._bundle, item, self._settings, self)
        dlg.recorded.connect(self._on_verify_dialog_recorded)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    def _on_verify_dialog_recorded(self, bundle: object) -> None:
        assert isinstance(bundle, ContentBundle)
        self.set_bundle(bundle)
        self.statusBar().showMessage(self.tr("已记录核实；状态已更新"), 5000)

    # ============================================================================================
    # 咨询登记 (ui.consult_dialog; the log itself is content.consultations)
    # ============================================================================================
    @property
    def consult_trail(self) -> MeasureTrail:
        return self._consult_trail

    def _on_window_page_opened(self, page: Page) -> None:
        if page.kind == "item" and isinstance(self._hb.find(page.arg), Measure):
            self._consult_trail.note(page.arg)

    def _on_profile_panel_result_changed(self, result: Any) -> None:
        """The 可申请 measures shown on 我的企业 are offered in the next entry too; a cleared or empty
        profile shows nothing and records nothing.  Only the ids are kept (no figure of the enterprise)."""
        if result is None or not len(result.profile):
            return
        from content.profile import Group

        self._consult_checkup = tuple(m.measure.id for m in result.group(Group.APPLICABLE))

    def consult_measure_ids(self) -> tuple[str, ...]:
        """The form's pre-filled measures: those opened in the reader, then the 体检's 可申请 ones."""
        ids = self._consult_trail.ids()
        return ids + tuple(i for i in self._consult_checkup if i not in ids)

    def _on_consult_triggered(self) -> None:
        from content.appdirs import data_dir
        from content.consultations import ConsultationError, ConsultationStore, default_path
        from ui.consult_dialog import ConsultDialog

        where = data_dir()
        try:
            if self._consult_store is None:
                self._consult_store = ConsultationStore.open(default_path(where.path))
        except ConsultationError as exc:
            self._calm_info(str(exc))
            return
        store = self._consult_store
        notices = [store.recovery.message()] if store.recovery is not None else []
        store.recovery = None  # said once
        if where.read_only:
            notices.append(self.tr("个人数据文件夹不可用，本次登记临时保存在 {p}，关闭软件后可能丢失；请及时导出。")
                           .format(p=where.path))
        measures = [m for m in (self._hb.find(i) for i in self.consult_measure_ids()) if isinstance(m, Measure)]
        dlg = ConsultDialog(store, measures, notice="\n".join(notices), doc_label=self._doc_label, parent=self)
        dlg.recorded.connect(self._on_consult_dialog_recorded)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.consult_dialog = dlg

    def _on_consult_dialog_recorded(self, entry: Any) -> None:
        self._consult_trail.clear()
        self._consult_checkup = ()
        who = entry.enterprise or entry.person or self.tr("来访企业")
        self.statusBar().showMessage(self.tr("已登记：{who}").format(who=who), 5000)

    # ============================================================================================
    # content packs (文件 → 导入内容包… / 回退内容包…; ui.pack_dialog)
    # ============================================================================================
    def pack_flow(self) -> Any:
        """The import/rollback flow of this window (made on first use)."""
        if self._pack_flow is None:
            from ui.pack_dialog import PackFlow

            flow = PackFlow(self, lambda: self._bundle)
            flow.content_changed.connect(self._on_pack_flow_content_changed)
            flow.status_changed.connect(self._on_pack_flow_status_changed)
            self._pack_flow = flow
        return self._pack_flow

    def _on_import_pack_triggered(self) -> None:
        self.pack_flow().start_import()

    def _on_rollback_pack_triggered(self) -> None:
        self.pack_flow().start_rollback()

    def _on_pack_flow_content_changed(self, bundle: object) -> None:
        assert isinstance(bundle, ContentBundle)
        self.set_content(bundle)

    def _on_pack_flow_status_changed(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    def set_content(self, bundle: ContentBundle) -> None:
        """New content (a content pack was installed or rolled back): rebuild everything built from the
        old content — navigation, pages, calculators, best bets — and the search index, in the background."""
        self._bundle = bundle
        self._hb = bundle.handbook
        self._builder = PageBuilder(bundle)
        self._best_bets_catalogue = None
        self.navigation.set_handbook(bundle.handbook, _topics())
        self.navigation.set_bookmarks(self._settings.bookmarks)
        self.search.set_handbook(bundle.handbook, statuses=search_statuses(bundle))
        dock = getattr(self, "calc_dock", None)
        if dock is not None:
            self._fill_calc_dock(dock)
        if self.profile_panel is not None:
            self.profile_panel.set_bundle(bundle)
        self._update_content_label()
        problems = self._bundle_problems(include_calculators=True)
        self._show_load_problems(problems)
        if not problems and not self._load_problems:
            self.banner.hide()
        page = self.current_page
        if page is None or not self._builder.exists(page):
            self.open_page(HOME)
        else:
            self.refresh_page()

    def set_bundle(self, bundle: ContentBundle) -> None:
        """The same content with new verification records: re-render with the new statuses."""
        self._bundle = bundle
        self._builder.set_bundle(bundle)
        if self.profile_panel is not None:
            self.profile_panel.set_bundle(bundle)
        self.search.set_statuses(search_statuses(bundle))
        self._update_content_label()
        self.refresh_page()

    def _on_reader_text_width_changed(self) -> None:
        # e.g. the calculator dock opened beside a 比一比 table: four columns no longer fit, stack them.
        page = self.current_page
        if self._opening or page is None:
            return
        if self._builder.layout_key(page, self.reader.text_width_em()) != self._layout_key:
            self.refresh_page()

    def _on_navigation_page_requested(self, page: Page) -> None:
        if page != self.current_page:
            self.open_page(page)

    def _on_navigation_bookmark_remove_requested(self, item_id: str) -> None:
        if self.kiosk.active:
            return
        marks = [x for x in self._settings.bookmarks if x != item_id]
        self._settings.bookmarks = marks
        self._settings.sync()
        self.navigation.set_bookmarks(marks)
        page = self.current_page
        if page is not None and page.kind in ("home", "item"):
            self.refresh_page()

    def _on_navigation_current_changed(self, index: int) -> None:
        if index == NavigationPane.TAB_CONTACTS and self.current_page == HOME:
            self.open_page(Page("contacts"))

    # ============================================================================================
    # search
    # ============================================================================================
    def _on_search_box_text_changed(self, text: str) -> None:
        self._left_folded_for_calc = False  # a new search shows its results
        self._update_left_visibility()
        if not text.strip():
            self.search.clear_filters()
        self.search.set_query(text)
        self._show_search_state()

    def _on_search_box_text_edited(self, _text: str) -> None:
        if self._presentation:  # typing a new search in 演示模式: show its results until one is opened
            self._results_open = True
            self._update_left_visibility()

    def _on_search_box_return_pressed(self) -> None:
        result = self.search.last_result
        if result is not None and str(result.query).strip() == self.search.query:
            self._open_selected_hit()
        else:
            self._open_first_hit = True
            self.search.search_now()

    def _on_search_box_escape_pressed(self) -> None:
        if self.search_box.text():
            self.search_box.clear()
        elif self._presentation:
            self.set_presentation(False)
        self.reader.setFocus()

    def _on_search_box_down_pressed(self) -> None:
        self.search_panel.focus_results()

    def _open_selected_hit(self) -> None:
        item_id = self.search_panel.first_hit_id()
        if item_id:
            self._on_search_panel_hit_activated(item_id)

    def _on_search_panel_hit_activated(self, item_id: str) -> None:
        result = self.search.last_result
        terms = tuple(getattr(result, "terms", ()) or ()) if result is not None else ()
        if self._presentation:  # the audience sees the page alone again
            self._results_open = False
            self._update_left_visibility()
            self.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self.open_page(Page("item", item_id, terms=terms))

    def _on_search_panel_filter_toggled(self, field: str, value: str) -> None:
        self.search.set_filter(field, value or None)

    def _on_search_panel_query_suggested(self, query: str) -> None:
        self.search_box.setText(query)

    def _best_bets_for(self, result: Any) -> list[Any]:
        if self._best_bets_catalogue is None:
            self._best_bets_catalogue = best_bets_catalogue(self._hb, self._builder.comparisons,
                                                            self._builder.calculators())
        return best_bets_for(result, self._best_bets_catalogue)

    def _on_search_results_ready(self, result: Any) -> None:
        self.search_panel.show_result(result, dict(self.search.filters))
        if self._open_first_hit:
            self._open_first_hit = False
            self._open_selected_hit()

    def _on_search_results_cleared(self) -> None:
        self.search_panel.clear()

    def _on_search_state_changed(self, state: str) -> None:
        self.index_label.setVisible(state == BUILDING)
        self.index_progress.setVisible(state == BUILDING)
        if state == BUILDING:
            self.index_label.setText(self.tr("正在建立搜索索引"))
            self.index_progress.setRange(0, 0)
        self._show_search_state()

    def _on_search_progress_changed(self, done: int, total: int) -> None:
        if total > 0:
            self.index_progress.setRange(0, total)
            self.index_progress.setValue(done)
        self._show_search_state(done, total)

    def _on_search_fallback_changed(self, _reason: str) -> None:
        self._show_search_state()

    def _show_search_state(self, done: int = 0, total: int = 0) -> None:
        state = self.search.state
        panel = self.search_panel
        scanning = self.tr("在此之前逐条查找全部内容（结果齐全，但不识别拼音和整句问题）。") if self.search.fallback_reason else ""
        if state == READY:
            panel.hide_status()
        elif state == BUILDING:
            pct = f"（{100 * done // total}%）" if total else ""
            if self.search.fallback_reason == FALLBACK_DAMAGED:
                text = self.tr("搜索索引文件已损坏，正在后台重建{pct}。").format(pct=pct) + scanning
            else:
                text = self.tr("正在建立搜索索引{pct}。").format(pct=pct) + (
                    scanning or self.tr("目录浏览不受影响，完成后自动显示结果。"))
            panel.show_status(text, busy=True, done=done, total=total)
        elif state == PREPARING:
            panel.show_status(self.tr("正在准备搜索……"), busy=True)
        elif state == UNAVAILABLE:
            panel.show_status(self.tr("搜索功能暂不可用（未安装搜索组件）。请通过左侧的目录、专题、层级浏览。"))
        elif state == FAILED:
            panel.show_status(self.tr("搜索索引未能建立。请从“工具 → 重建搜索索引”重试；详细信息已记录在日志中。")
                              + (self.tr("现在逐条查找全部内容。") if self.search.fallback_reason else ""))
        else:
            panel.hide_status()

    # ============================================================================================
    # events
    # ============================================================================================
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent)
                and isinstance(watched, QWidget) and watched.window() is self):
            if event.button() == Qt.MouseButton.BackButton:
                self._on_back_triggered()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self._on_forward_triggered()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape and self._presentation:
            self.set_presentation(False)
            return
        super().keyPressEvent(event)
