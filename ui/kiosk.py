"""展台模式 (kiosk): the window left alone on a touch screen at a 宣讲 event.

* **Idle reset.**  :class:`IdleWatcher` watches every input event of the application (mouse, touch,
  keys, wheel, pen).  After :attr:`Settings.kiosk_idle_minutes` without one, :meth:`Kiosk.reset`
  closes open dialogs, returns to the home page, forgets the history and clears the search, the
  calculator's inputs and the 我的企业 profile, so the next visitor sees nothing of the last one.
* **Staff PIN.**  Leaving the mode, its settings and closing the program (menu, Ctrl+Q, the window's
  close button, Alt+F4) ask for the staff PIN (:mod:`ui.kiosk_pin`; kept as a salted hash).  Every other
  command that reaches files, printers, bookmarks or staff records is switched off while the mode is on:
  only the commands in :data:`KIOSK_ACTIONS` stay.
* **Touch targets.**  Buttons, fields, tabs, list rows and scroll bars are at least :data:`MIN_TARGET_PX`
  high: 9 mm on the reference screen, a 15.6″ laptop panel at 1366×768::

      √(1366² + 768²) = 1567.1 px on a 15.6″ diagonal  →  100.5 px per inch
      9 mm = 9 / 25.4 in × 100.5 px/in = 35.6 px  →  36 px

  On a screen that reports a denser panel, :func:`screen_target_px` gives the 9 mm of that screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QGuiApplication, QMouseEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.kiosk_pin import PinDialog, SetPinDialog, hash_pin, pin_matches
from ui.style import ACCENT, INK, PAPER, cjk_font

# ------------------------------------------------------------------------------------------------
# Touch targets
# ------------------------------------------------------------------------------------------------
#: The smallest touch target, in millimetres (the issue's figure; WCAG and Android ask for 7–9 mm).
TARGET_MM = 9.0
#: Width and height in pixels and diagonal in inches of the screen the figure is checked on.
REFERENCE_SCREEN = (1366, 768, 15.6)


def pixels_per_inch(width_px: int, height_px: int, diagonal_in: float) -> float:
    """Pixel density of a screen from its resolution and diagonal.

    >>> round(pixels_per_inch(1366, 768, 15.6), 1)
    100.5
    """
    return math.hypot(width_px, height_px) / diagonal_in


def touch_target_px(ppi: float, mm: float = TARGET_MM) -> int:
    """``mm`` millimetres in whole pixels (rounded up) at ``ppi`` pixels per inch.

    >>> touch_target_px(pixels_per_inch(1366, 768, 15.6))
    36
    """
    return math.ceil(mm / 25.4 * ppi)


#: 9 mm on the reference screen: nothing the visitor touches is smaller.
MIN_TARGET_PX = touch_target_px(pixels_per_inch(*REFERENCE_SCREEN))


def screen_target_px(screen: QScreen | None) -> int:
    """9 mm on ``screen`` in the window's (logical) pixels; never below :data:`MIN_TARGET_PX`.

    Screens report their physical size through EDID, which some projectors and adapters get wrong:
    a density outside 72–400 px/in is not trusted, and the result is capped at twice the minimum.
    """
    if screen is None:
        return MIN_TARGET_PX
    ppi = screen.physicalDotsPerInch() / max(screen.devicePixelRatio(), 1.0)
    if not 72 <= ppi <= 400:
        return MIN_TARGET_PX
    return min(max(MIN_TARGET_PX, touch_target_px(ppi)), 2 * MIN_TARGET_PX)


def link_slop(target: int) -> int:
    """How far beside a link a tap still follows it: the rest of ``target`` around a 24-px line of text."""
    return max(0, (target - 24 + 1) // 2)


def kiosk_stylesheet(target: int) -> str:
    """Rules appended to the window's style sheet in 展台模式: every control at least ``target`` px."""
    t = target
    return f"""
QToolBar {{ spacing: 8px; padding: 4px; }}
QToolBar > QToolButton {{ font-size: 13pt; min-height: {t}px; min-width: {t}px; padding: 4px 12px; }}
QToolBar > QToolButton#kioskStaffButton {{ color: {ACCENT}; border: 1px solid #b8c4d3; }}
QLineEdit#searchBox {{ font-size: 14pt; min-height: {t}px; border-radius: {t // 2}px; }}
QPushButton, QToolButton {{ min-height: {t}px; min-width: {t}px; font-size: 12.5pt; }}
QLineEdit, QComboBox, QAbstractSpinBox {{ min-height: {t}px; font-size: 12.5pt; }}
QComboBox QAbstractItemView::item {{ min-height: {t}px; }}
QCheckBox, QRadioButton {{ min-height: {t}px; font-size: 12.5pt; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {t * 2 // 3}px; height: {t * 2 // 3}px; }}
QTabBar::tab {{ min-height: {t}px; min-width: {t}px; font-size: 12.5pt; padding: 2px 14px; }}
QTreeView, QListView, QTableView {{ font-size: 12.5pt; }}
QTreeView::item, QListView::item, QTableView::item {{ min-height: {t}px; }}
QListView#chips {{ font-size: {t * 0.5:.1f}pt; }}
QHeaderView::section {{ min-height: {t}px; font-size: 12pt; }}
QScrollBar:vertical {{ width: {t}px; }}
QScrollBar:horizontal {{ height: {t}px; }}
QScrollBar::handle:vertical {{ min-height: {t * 2}px; }}
QScrollBar::handle:horizontal {{ min-width: {t * 2}px; }}
QMenu {{ font-size: 14pt; background: {PAPER}; color: {INK}; }}
QMenu::item {{ min-height: {t}px; padding: 6px 28px; }}
QWidget#kioskDockTitle {{ background: #e9f0fa; }}
QWidget#kioskDockTitle QLabel {{ font-size: 13pt; font-weight: bold; color: {ACCENT}; }}
"""


def link_near(browser: QTextBrowser, pos: QPoint, slop: int) -> str:
    """The link under ``pos`` (viewport coordinates) or, failing that, the nearest one within ``slop`` px.

    A line of text is about 26 px high at the mode's type size; reaching ``slop`` px above and below it
    makes every link a target of at least 9 mm on the reference screen (test_kiosk measures it).
    """
    href = browser.anchorAt(pos)
    if href or slop <= 0:
        return href
    for d in range(2, slop + 1, 2):
        for dx, dy in ((0, -d), (0, d), (-d, 0), (d, 0)):
            href = browser.anchorAt(pos + QPoint(dx, dy))
            if href:
                return href
    return ""


class TouchLinks(QObject):
    """Event filter on the reader's viewport: a tap just beside a link follows it (see :func:`link_near`)."""

    def __init__(self, browser: QTextBrowser, slop: int) -> None:
        super().__init__(browser)
        self._browser = browser
        self.slop = slop
        self._press: QPoint | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        pos = event.position().toPoint()
        if kind == QEvent.Type.MouseButtonPress:
            self._press = pos
            return False
        if kind == QEvent.Type.MouseButtonRelease and self._press is not None:
            press, self._press = self._press, None
            if self._browser.anchorAt(pos) or (press - pos).manhattanLength() > self.slop:
                return False  # on a link (Qt follows it) or a swipe
            href = link_near(self._browser, pos, self.slop)
            if href:
                self._browser.anchorClicked.emit(QUrl(href))
                return True
        return False


# ------------------------------------------------------------------------------------------------
# Idle
# ------------------------------------------------------------------------------------------------
_T = QEvent.Type
#: What counts as somebody using the stand.  Hover, enter/leave and paint events are not input:
#: a window re-laid out under a resting pointer sends them by itself.
INPUT_EVENTS = frozenset({
    _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove, _T.Wheel,
    _T.KeyPress, _T.KeyRelease, _T.InputMethod, _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd,
    _T.TabletPress, _T.TabletMove, _T.TabletRelease,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without any input event to the application.

    An event filter on the QApplication sees every event before its widget does.  After ``idle`` the
    watcher waits for the next input before it counts again (one reset per visitor, not one a minute).

    Signals:
        idle(): nobody has touched the stand for ``timeout_ms``.
    """

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, timeout_ms))
        self._timer.timeout.connect(self.idle)
        self._running = False

    @property
    def timeout_ms(self) -> int:
        return int(self._timer.interval())

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))
        if self._timer.isActive():
            self._timer.start()

    @property
    def running(self) -> bool:
        return self._running

    def is_counting(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._running:
            app.installEventFilter(self)
        self._running = True
        self._timer.start()

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._running:
            app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


# ------------------------------------------------------------------------------------------------
# The mode
# ------------------------------------------------------------------------------------------------
#: Commands a visitor may use.  Everything else (print, 明白卡, PDF export, content packs, bookmarks,
#: copying citations, rebuilding the index, 演示模式, about) is off while the mode is on.  ``kiosk``,
#: ``kiosk_settings`` and ``quit`` stay, behind the PIN.  A command added to the table later is off
#: in the mode until it is added here.
KIOSK_ACTIONS = frozenset({
    "back", "forward", "home", "focus_search", "contacts", "compare", "calculator",
    "zoom_in", "zoom_out", "zoom_reset", "kiosk", "kiosk_settings", "quit",
})
#: Reader links that reach staff functions (verification records, bookmarks, citations for documents).
KIOSK_BLOCKED_LINKS = frozenset({"verify", "bookmark", "cite"})
#: The reader's type in the mode (× the zoom): 12 pt × 1.5 makes a line of text, and so a link, 36 px high.
KIOSK_READER_SCALE = 1.5
_STAFF_LINK = re.compile(r'<a href="(?:' + "|".join(sorted(KIOSK_BLOCKED_LINKS)) + r'):[^"]*"[^>]*>.*?</a>', re.DOTALL)


def without_staff_links(html: str) -> str:
    """The page without its 记录核实 / 收藏 / 复制引用 buttons (they do nothing in the mode).

    >>> without_staff_links('<p>a <a href="verify:x" style="c">&nbsp;记录核实…&nbsp;</a> <a href="item:y">b</a></p>')
    '<p>a  <a href="item:y">b</a></p>'
    """
    return _STAFF_LINK.sub("", html)


#: Buttons of the panels that open file dialogs, printers or the clipboard (and the 体检单's 一页版/完整版
#: choice, which only matters for printing).
_PANEL_BUTTONS = ("print_button", "preview_button", "pdf_button", "save_button", "open_button", "copy_button",
                  "version_combo")


class Kiosk(QObject):
    """展台模式 of one :class:`ui.mainwindow.MainWindow`.

    Args:
        window: The main window (its toolbar, actions, search box, panels and pages).
        settings: The window's settings (idle minutes, the PIN's hash).

    Attributes:
        ask_pin: ``purpose -> PIN or None`` (None: cancelled).  Default: :class:`ui.kiosk_pin.PinDialog`.
            Tests put a function here.
        ask_new_pin: ``first_time -> new PIN or ""``.  Default: :class:`ui.kiosk_pin.SetPinDialog`.

    Signals:
        entered(), left(): the mode was switched on or off.
        reset_done(): the idle reset ran.
        pin_refused(str): a wrong PIN was given; the message says so (nothing else happened).
    """

    entered = Signal()
    left = Signal()
    reset_done = Signal()
    pin_refused = Signal(str)

    def __init__(self, window: Any, settings: Any) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._active = False
        self._idle_ms: int | None = None
        self._saved: dict[str, Any] = {}
        self._close_allowed = False
        self.ask_pin: Callable[[str], str | None] = self._ask_pin_dialog
        self.ask_new_pin: Callable[[bool], str] = self._ask_new_pin_dialog
        self.watcher = IdleWatcher(self.idle_ms, self)
        self.watcher.idle.connect(self._on_watcher_idle)
        self.staff_button: QToolButton | None = None
        self.touch_links: TouchLinks | None = None

    # -- state ---------------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return self._active

    @property
    def idle_ms(self) -> int:
        """Milliseconds without input before the reset: the setting, unless a test set its own."""
        if self._idle_ms is not None:
            return self._idle_ms
        return int(self._settings.kiosk_idle_minutes * 60_000)

    @idle_ms.setter
    def idle_ms(self, ms: int | None) -> None:
        self._idle_ms = ms
        self.watcher.set_timeout_ms(self.idle_ms)

    def reader_scale(self) -> float:
        """Type size of the reader relative to zoom 100 %: in the mode a link's line is a touch target."""
        return KIOSK_READER_SCALE if self._active else 1.0

    def target_px(self) -> int:
        return screen_target_px(self._window.screen() or QGuiApplication.primaryScreen())

    # -- PIN -----------------------------------------------------------------------------------------
    def pin_is_set(self) -> bool:
        return bool(self._settings.kiosk_pin_hash)

    def pin_is_right(self, pin: str) -> bool:
        return pin_matches(pin, self._settings.kiosk_pin_hash)

    def set_pin(self, pin: str) -> None:
        """Keep ``pin`` as a salted hash in the per-user settings (never the digits)."""
        self._settings.kiosk_pin_hash = hash_pin(pin)
        self._settings.sync()

    def authorise(self, purpose: str) -> bool:
        """Outside the mode: yes.  In it: only with the right PIN; a wrong one is said and changes nothing."""
        if not self._active:
            return True
        pin = self.ask_pin(purpose)
        if pin is None:
            return False
        if self.pin_is_right(pin):
            return True
        self.pin_refused.emit(PinDialog.WRONG)
        return False

    def _ask_pin_dialog(self, purpose: str) -> str | None:
        dlg = PinDialog(self.pin_is_right, purpose, self._window)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        pin = dlg.pin()
        dlg.deleteLater()
        return pin if ok else None

    def _ask_new_pin_dialog(self, first_time: bool) -> str:
        dlg = SetPinDialog(self._window, first_time=first_time)
        dlg.exec()
        pin = dlg.pin()
        dlg.deleteLater()
        return pin

    # -- entering and leaving ------------------------------------------------------------------------
    def enter(self, *, fullscreen: bool = True) -> bool:
        """Switch the mode on.  Without a PIN yet, staff set one first (cancelled: the mode stays off)."""
        if self._active:
            self._sync_action()
            return True
        if not self.pin_is_set():
            pin = self.ask_new_pin(True)
            if not pin:
                self._sync_action()
                return False
            self.set_pin(pin)
        w = self._window
        if w.presentation:
            w.set_presentation(False, fullscreen=False)
        self._active = True
        self._saved = {
            "zoom": w.zoom,
            "stylesheet": w.styleSheet(),
            "menubar": w.menuBar().isVisible() if w.isVisible() else not w.menuBar().isHidden(),
            "statusbar": not w.statusBar().isHidden(),
            "icon_size": w.toolbar.iconSize(),
            "state": w.windowState(),
            "hidden": [a for n, a in w.actions_by_name.items() if n not in KIOSK_ACTIONS and a.isVisible()],
        }
        for a in self._saved["hidden"]:
            a.setVisible(False)  # an invisible action has no shortcut either: Ctrl+P, Ctrl+D … do nothing
        w.menuBar().setVisible(False)
        w.statusBar().setVisible(False)
        target = self.target_px()
        w.toolbar.setIconSize(QSize(target * 2 // 3, target * 2 // 3))
        w.setStyleSheet(self._saved["stylesheet"] + kiosk_stylesheet(target))
        self._add_staff_button()
        w.search_box.setClearButtonEnabled(False)  # its × is 16 px; the idle reset clears the box
        self.touch_links = TouchLinks(w.reader, link_slop(target))
        w.reader.viewport().installEventFilter(self.touch_links)
        w.navigation.bookmark_remove_button.setVisible(False)
        self._saved["rows"] = [(v, v.verticalHeader().defaultSectionSize()) for v in w.findChildren(QTableView)]
        for view, size in self._saved["rows"]:
            view.verticalHeader().setDefaultSectionSize(max(size, target + 4))  # rows ignore ::item; 1 px is grid
        for panel in (w.profile_panel, getattr(w, "_calc_panel", None)):
            if panel is not None:
                self.fit(panel)
        dock = getattr(w, "calc_dock", None)
        if dock is not None:
            self._fit_dock(dock)
        w.set_zoom(w.zoom)  # the reader's type at the mode's scale
        w.refresh_page()  # without the staff's buttons
        if fullscreen:
            w.showFullScreen()
        self._sync_action()
        self.watcher.set_timeout_ms(self.idle_ms)
        self.watcher.start()
        self.entered.emit()
        return True

    def leave(self, *, ask: bool = True) -> bool:
        """Switch the mode off (with the staff PIN unless ``ask`` is False, e.g. after closing was allowed)."""
        if not self._active:
            self._sync_action()
            return True
        if ask and not self.authorise(self.tr("退出展台模式")):
            self._sync_action()
            return False
        w = self._window
        self.watcher.stop()
        self._active = False
        s = self._saved
        for a in s.get("hidden", []):
            a.setVisible(True)
        w.menuBar().setVisible(bool(s.get("menubar", True)))
        w.statusBar().setVisible(bool(s.get("statusbar", True)))
        w.toolbar.setIconSize(s.get("icon_size", QSize(20, 20)))
        w.setStyleSheet(s.get("stylesheet", ""))
        self._remove_staff_button()
        w.search_box.setClearButtonEnabled(True)
        if self.touch_links is not None:
            w.reader.viewport().removeEventFilter(self.touch_links)
            self.touch_links.deleteLater()
            self.touch_links = None
        w.navigation.bookmark_remove_button.setVisible(True)
        for view, size in s.get("rows", []):
            view.verticalHeader().setDefaultSectionSize(size)
        for panel in (w.profile_panel, getattr(w, "_calc_panel", None)):
            if panel is not None:
                self.fit(panel)
        dock = getattr(w, "calc_dock", None)
        if dock is not None:
            self._fit_dock(dock)
        if w.isFullScreen():
            state = s.get("state", Qt.WindowState.WindowNoState)
            if state & Qt.WindowState.WindowMaximized:
                w.showMaximized()
            else:
                w.showNormal()
        zoom = s.get("zoom")
        self._saved = {}
        w.set_zoom(zoom if zoom is not None else w.zoom)
        w.refresh_page()
        self._sync_action()
        self.left.emit()
        return True

    def _sync_action(self) -> None:
        act: QAction = self._window.actions_by_name["kiosk"]
        act.blockSignals(True)
        act.setChecked(self._active)
        act.setText(self.tr("退出展台模式…") if self._active else self.tr("展台模式"))
        act.blockSignals(False)

    def _add_staff_button(self) -> None:
        """One toolbar button for staff: 退出展台模式 / 展台模式设置 / 关闭程序, each behind the PIN."""
        w = self._window
        button = QToolButton(w.toolbar)
        button.setObjectName("kioskStaffButton")
        button.setText(self.tr("工作人员"))
        button.setToolTip(self.tr("退出展台模式、设置、关闭程序（需要工作人员 PIN）"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(button)
        for name in ("kiosk", "kiosk_settings", "quit"):
            menu.addAction(w.actions_by_name[name])
        button.setMenu(menu)
        self._staff_action = w.toolbar.addWidget(button)
        self.staff_button = button

    def _remove_staff_button(self) -> None:
        if self.staff_button is None:
            return
        self._window.toolbar.removeAction(self._staff_action)
        self.staff_button.deleteLater()
        self.staff_button = None

    # -- panels ----------------------------------------------------------------------------------------
    def fit(self, panel: QWidget) -> None:
        """A panel made or shown while the mode is on (or off again): file buttons, touch sizes."""
        on = self._active
        for name in _PANEL_BUTTONS:
            b = getattr(panel, name, None)
            if isinstance(b, QWidget):
                b.setVisible(not on)
        if hasattr(panel, "set_presentation") and panel is self._window.profile_panel:
            panel.set_presentation(on or self._window.presentation)
        for spin in panel.findChildren(QAbstractSpinBox):
            # arrows are half a field high: in the mode the number is typed (the system's touch keyboard)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if on
                                  else QAbstractSpinBox.ButtonSymbols.UpDownArrows)

    def _fit_dock(self, dock: QDockWidget) -> None:
        """The calculator dock's title bar: a 关闭 button as large as the rest (its own × is 16 px)."""
        if not self._active:
            old = dock.titleBarWidget()
            dock.setTitleBarWidget(None)  # type: ignore[arg-type]  # None restores Qt's own title bar
            if old is not None:
                old.deleteLater()
            return
        bar = QWidget(dock)
        bar.setObjectName("kioskDockTitle")
        h = QHBoxLayout(bar)
        h.setContentsMargins(8, 2, 4, 2)
        h.addWidget(QLabel(dock.windowTitle(), bar))
        h.addStretch(1)
        close = QPushButton(self.tr("关闭"), bar)
        close.setObjectName("kioskDockClose")
        close.clicked.connect(dock.hide)
        h.addWidget(close)
        dock.setTitleBarWidget(bar)

    def fit_dock(self, dock: QDockWidget) -> None:
        if self._active:
            self._fit_dock(dock)

    # -- the idle reset --------------------------------------------------------------------------------
    def _on_watcher_idle(self) -> None:
        if self._active:
            self.reset()

    def reset(self) -> None:
        """Ready for the next visitor: dialogs closed, home page, no history, search, calculator and
        我的企业 cleared, the zoom staff chose."""
        w = self._window
        popup = QApplication.activePopupWidget()  # the 工作人员 menu, a list left open
        while popup is not None:
            popup.close()
            nxt = QApplication.activePopupWidget()
            popup = nxt if nxt is not popup else None
        for dlg in self._open_dialogs():
            dlg.reject()
        w.search_box.clear()
        calc = getattr(w, "_calc_panel", None)
        if calc is not None:
            calc.clear()
        dock = getattr(w, "calc_dock", None)
        if dock is not None:
            dock.hide()
        if w.profile_panel is not None:
            w.profile_panel.clear()
        if self._saved.get("zoom") is not None and w.zoom != self._saved["zoom"]:
            w.set_zoom(self._saved["zoom"])
        w.navigation.setCurrentIndex(0)
        w.history.clear()
        from ui.pages import HOME

        w.open_page(HOME)
        w.reader.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reset_done.emit()

    def _open_dialogs(self) -> list[QDialog]:
        """Visible dialogs of the window, innermost (the modal one on top) first."""
        found = [d for d in self._window.findChildren(QDialog) if d.isVisible()]
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and modal not in found and modal.isVisible():
            found.append(modal)
        return sorted(found, key=lambda d: -_depth(d))

    # -- staff commands --------------------------------------------------------------------------------
    def may_close(self) -> bool:
        """The window is closing: outside the mode, yes; in it, with the staff PIN (then the mode ends)."""
        if not self._active:
            return True
        if self._close_allowed or self.authorise(self.tr("关闭程序")):
            self._close_allowed = False
            self.leave(ask=False)
            return True
        return False

    def open_settings(self) -> bool:
        """展台模式设置 (idle minutes, PIN); behind the PIN while the mode is on."""
        if not self.authorise(self.tr("打开展台模式设置")):
            return False
        dlg = KioskSettingsDialog(self._settings, self, self._window)
        dlg.exec()
        dlg.deleteLater()
        self.watcher.set_timeout_ms(self.idle_ms)
        return True


def _depth(w: QWidget) -> int:
    n = 0
    p = w.parentWidget()
    while p is not None:
        n += 1
        p = p.parentWidget()
    return n


class KioskSettingsDialog(QDialog):
    """展台模式设置: minutes before the idle reset; change the staff PIN."""

    def __init__(self, settings: Any, kiosk: Kiosk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskSettingsDialog")
        self.setWindowTitle(self.tr("展台模式设置"))
        self.setFont(cjk_font(12.0))
        self._settings = settings
        self._kiosk = kiosk
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.minutes = QDoubleSpinBox(self)
        setting = type(settings).kiosk_idle_minutes
        self.minutes.setRange(0.5, 120.0)
        self.minutes.setDecimals(1)
        self.minutes.setSingleStep(0.5)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.minutes.setValue(settings.kiosk_idle_minutes)
        self.minutes.setToolTip(setting.description)
        form.addRow(self.tr("无人操作多久后回到首页并清空："), self.minutes)
        self.pin_button = QPushButton(self.tr("更改 PIN…") if kiosk.pin_is_set() else self.tr("设置 PIN…"), self)
        self.pin_button.clicked.connect(self._on_pin_button_clicked)
        form.addRow(self.tr("工作人员 PIN："), self.pin_button)
        lay.addLayout(form)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        self._settings.kiosk_idle_minutes = float(self.minutes.value())
        self._settings.sync()
        super().accept()

    def _on_pin_button_clicked(self) -> None:
        pin = self._kiosk.ask_new_pin(not self._kiosk.pin_is_set())
        if pin:
            self._kiosk.set_pin(pin)
            self.message.setText(self.tr("新的 PIN 已保存。"))
