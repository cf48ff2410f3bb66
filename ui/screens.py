"""Moving between screens: where the window starts, and what fits beside the reader.

A window saved maximized on a 1366-px laptop and restored on a 1024-px projector came back at
682×365 with a reader column about 50 px wide: Qt's ``restoreGeometry`` gives up when the screen's
width changed by more than a quarter, and the window kept whatever size it had.  The window's normal
geometry and whether it was maximized are therefore kept as settings of their own.  The rules here are plain functions of rectangles,
so they are tested without a screen; :class:`ui.mainwindow.MainWindow` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize

#: Screens this wide or narrower (1366×768 laptops, 1024×768 projectors) always start maximized.
MAXIMIZE_AT_OR_BELOW = 1366
#: A side panel (dock) is not restored when it would leave the reader fewer pixels than this.
MIN_READER_PX = 600
#: Below this window width the left pane (目录, search results) collapses.
NARROW_WINDOW_PX = 1100
#: The smallest window a restored geometry may give (bounded by the screen).
MIN_WINDOW = QSize(800, 560)


@dataclass(frozen=True)
class WindowPlan:
    """Where the window goes: its normal geometry, and whether it is maximized on top of that."""

    rect: QRect
    maximized: bool


def plan_window(avail: QRect, *, saved: QRect | None, saved_maximized: bool, default: QSize) -> WindowPlan:
    """The window's geometry on a screen whose available area is ``avail``.

    ``saved`` is the normal (not maximized) geometry restored from the settings, or None on the
    first start.  The result always lies inside ``avail``; on screens at most
    :data:`MAXIMIZE_AT_OR_BELOW` wide, and when the window was saved maximized, it is maximized,
    and its normal geometry is the whole available area (so it fills the screen also where no
    window manager maximizes it, and un-maximizing never gives a tiny window).

    >>> from PySide6.QtCore import QRect, QSize
    >>> p = plan_window(QRect(0, 0, 1024, 768), saved=QRect(0, 0, 682, 365), saved_maximized=True,
    ...                 default=QSize(1280, 800))
    >>> (p.rect.width(), p.rect.height(), p.maximized)
    (1024, 768, True)
    >>> p = plan_window(QRect(0, 0, 1920, 1040), saved=QRect(1500, 900, 1000, 700), saved_maximized=False,
    ...                 default=QSize(1280, 800))
    >>> (p.rect.x(), p.rect.y(), p.rect.width(), p.rect.height(), p.maximized)
    (920, 340, 1000, 700, False)
    """
    if avail.width() <= MAXIMIZE_AT_OR_BELOW or saved_maximized:
        return WindowPlan(QRect(avail), True)
    size = saved.size() if saved is not None and saved.isValid() else default
    floor = MIN_WINDOW.boundedTo(avail.size())
    size = size.expandedTo(floor).boundedTo(avail.size())
    if saved is not None and saved.isValid():
        top_left = saved.topLeft()
    else:
        top_left = QPoint(avail.x() + (avail.width() - size.width()) // 2,
                          avail.y() + (avail.height() - size.height()) // 2)
    x = min(max(top_left.x(), avail.left()), avail.left() + avail.width() - size.width())
    y = min(max(top_left.y(), avail.top()), avail.top() + avail.height() - size.height())
    return WindowPlan(QRect(QPoint(x, y), size), False)


def rect_text(rect: QRect) -> str:
    """``"x,y,w,h"``: how the window's normal geometry is kept in the settings."""
    return f"{rect.x()},{rect.y()},{rect.width()},{rect.height()}"


def parse_rect(text: str) -> QRect | None:
    """The rectangle of :func:`rect_text`, or None for anything else (an empty or hand-edited value).

    >>> parse_rect("10,20,1200,800")
    PySide6.QtCore.QRect(10, 20, 1200, 800)
    >>> parse_rect("10,20,-5,800") is None, parse_rect("abc") is None
    (True, True)
    """
    parts = text.split(",")
    if len(parts) != 4:
        return None
    try:
        x, y, w, h = (int(p) for p in parts)
    except ValueError:
        return None
    if w <= 0 or h <= 0 or max(abs(x), abs(y), w, h) > 100_000:
        return None
    return QRect(x, y, w, h)


def left_pane_collapsed(window_width: int) -> bool:
    """Whether the left pane collapses in a window this wide (it can still be opened with F9)."""
    return window_width < NARROW_WINDOW_PX


def dock_fits(window_width: int, *, left_pane: int, docks: int, new_dock: int) -> bool:
    """Whether a dock ``new_dock`` px wide still leaves the reader :data:`MIN_READER_PX`.

    >>> dock_fits(1024, left_pane=0, docks=0, new_dock=420)
    True
    >>> dock_fits(1024, left_pane=380, docks=0, new_dock=420)
    False
    """
    return window_width - left_pane - docks - new_dock >= MIN_READER_PX
