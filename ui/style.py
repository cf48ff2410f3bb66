"""Fonts, colours and style sheets of the window (normal and 演示模式 presentation mode).

Chinese text must never depend on the platform's default font: every font the window uses is
built by :func:`cjk_font` with an explicit family list.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtGui import QFont

CJK_FAMILIES: tuple[str, ...] = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei")

#: Reader base size (points) at zoom 100 %.
READER_BASE_PT = 12.0
#: Widgets' base size (points) outside presentation mode.
UI_BASE_PT = 10.5
#: Presentation mode scales the reader and the controls by this factor.
PRESENTATION_SCALE = 1.6

ZOOM_STEPS: tuple[float, ...] = (0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)

ACCENT = "#1f5fa8"
ACCENT_DARK = "#17487f"
INK = "#1d232b"
MUTED = "#5b6470"
PAPER = "#ffffff"
SURFACE = "#f4f6f9"
MARK_BG = "#ffe27a"

# Status colours: content.validity.STATUS_COLOURS (one palette for screen and paper).
LEVEL_COLOURS: dict[str, tuple[str, str]] = {
    "国家级": ("#8a1c1c", "#f8e4dc"),
    "省级": ("#6b2a8a", "#efe3f6"),
    "市级": ("#1f5fa8", "#e2ecf8"),
    "区县级": ("#2d6b55", "#e0f1ea"),
}


BUNDLED_FONT = Path(__file__).resolve().parent / "resources" / "fonts" / "wqy-microhei.ttc"


def ensure_cjk_font_installed() -> bool:
    """Register the bundled WenQuanYi Micro Hei when the system has none of :data:`CJK_FAMILIES`.

    Call once after the QApplication exists.  Returns True when the bundled font was registered.
    """
    from PySide6.QtGui import QFontDatabase

    if set(QFontDatabase.families()).intersection(CJK_FAMILIES) or not BUNDLED_FONT.is_file():
        return False
    return QFontDatabase.addApplicationFont(str(BUNDLED_FONT)) >= 0


def cjk_font(point_size: float = UI_BASE_PT, *, bold: bool = False) -> QFont:
    """A font with the explicit CJK family list (never the platform default)."""
    f = QFont()
    f.setFamilies(list(CJK_FAMILIES))
    f.setPointSizeF(point_size)
    f.setBold(bold)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    return f


def next_zoom(current: float, direction: int) -> float:
    """The next zoom step up (``direction`` > 0) or down from ``current``."""
    if direction > 0:
        bigger = [z for z in ZOOM_STEPS if z > current + 1e-6]
        return bigger[0] if bigger else ZOOM_STEPS[-1]
    smaller = [z for z in ZOOM_STEPS if z < current - 1e-6]
    return smaller[-1] if smaller else ZOOM_STEPS[0]


def clamp_zoom(value: float) -> float:
    if not math.isfinite(value):  # nan from a hand-edited settings file must not reach Qt
        return 1.0
    return min(max(value, ZOOM_STEPS[0]), ZOOM_STEPS[-1])


def window_stylesheet(*, presentation: bool) -> str:
    """The application style sheet; presentation mode has large type and large touch targets.

    Toolbar rules use the child selector (``QToolBar > QToolButton``): the search box's clear
    button is a QToolButton too, and sized like a toolbar button it slid out of the box.
    """
    s = PRESENTATION_SCALE if presentation else 1.0
    pt = UI_BASE_PT * s
    pad = int(4 * s)
    target = 44 if presentation else 28
    return f"""
QMainWindow, QWidget#central {{ background: {SURFACE}; }}
QToolBar {{ background: {PAPER}; border: none; border-bottom: 1px solid #d8dde4; spacing: {int(6 * s)}px;
           padding: {pad}px; }}
QToolBar > QToolButton {{ font-size: {pt:.1f}pt; min-height: {target}px; min-width: {target}px;
                          padding: {pad}px {int(8 * s)}px; border-radius: 4px; color: {INK}; }}
QToolBar > QToolButton:hover {{ background: #e6edf6; }}
QToolBar > QToolButton:checked {{ background: #d6e4f5; }}
QLineEdit#searchBox {{ font-size: {pt * 1.15:.1f}pt; min-height: {target}px; padding: 2px {int(10 * s)}px;
                       border: 2px solid #b8c4d3; border-radius: {int(target / 2)}px; background: {PAPER}; }}
QLineEdit#searchBox:focus {{ border-color: {ACCENT}; }}
QTabWidget::pane {{ border: none; background: {PAPER}; }}
QTabBar::tab {{ font-size: {pt:.1f}pt; padding: {int(6 * s)}px {int(10 * s)}px; min-height: {int(target * 0.8)}px; }}
QTabBar::tab:selected {{ color: {ACCENT}; font-weight: bold; border-bottom: 2px solid {ACCENT}; }}
QTreeView, QListView, QTableView {{ font-size: {pt:.1f}pt; background: {PAPER}; border: none; }}
QTreeView::item, QTableView::item {{ padding: {int(3 * s)}px 2px; }}
QLabel#zoomLabel {{ font-size: {pt:.1f}pt; color: {MUTED}; min-width: {int(44 * s)}px; }}
QFrame#banner {{ background: #fff4d6; border-bottom: 1px solid #ecd48a; }}
QFrame#banner QLabel {{ font-size: {pt:.1f}pt; color: #5a4300; }}
QFrame#banner QPushButton {{ font-size: {pt:.1f}pt; min-height: {int(target * 0.8)}px; padding: 0 {int(10 * s)}px; }}
QFrame#indexStatus {{ background: #eef3fa; }}
QLabel#searchMessage {{ font-size: {pt:.1f}pt; color: {INK}; padding: {int(8 * s)}px; }}
QLabel#paneTitle {{ font-size: {pt:.1f}pt; color: {MUTED}; padding: {pad}px {int(8 * s)}px; }}
QPushButton {{ font-size: {pt:.1f}pt; min-height: {int(target * 0.8)}px; padding: 0 {int(10 * s)}px; }}
QStatusBar {{ font-size: {pt * 0.95:.1f}pt; color: {MUTED}; }}
"""


#: The keyboard focus: 2 px, dark blue on white (contrast 8.6:1), never a faint dotted line.
FOCUS_RING = "#0b3d91"


def focus_ring_stylesheet() -> str:
    """The application style sheet's focus ring (``QApplication.setStyleSheet``), for every window and dialog.

    Buttons, fields, boxes and lists get a 2-px ring in :data:`FOCUS_RING`; item views draw it around
    the current item (``outline``).  Sizes do not jump: the unfocused state keeps a transparent
    border of the same width only where Qt would otherwise draw none.
    """
    ring = f"2px solid {FOCUS_RING}"
    return f"""
QPushButton:focus, QToolButton:focus {{ border: {ring}; border-radius: 4px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QAbstractSpinBox:focus {{
    border: {ring}; border-radius: 3px; }}
QCheckBox:focus, QRadioButton:focus {{ border: {ring}; border-radius: 3px; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; padding: 1px 2px; }}
QAbstractItemView {{ outline: {ring}; }}
QTabBar::tab:focus {{ border: {ring}; }}
QTextBrowser#reader:focus {{ border: none; }}
"""
