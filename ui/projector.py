"""Projector (演示模式) helpers: the page keys, and scaling a panel that is shown alone.

In front of an audience the page is all that matters, and a presentation clicker sends PgDn, PgUp
(some send the arrow keys or Space).  As in calibre's viewer, those keys scroll the page wherever
the keyboard focus happens to be — in the search box, or in a results list that is not even on
screen — instead of moving a hidden selection.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

#: Lines an arrow key scrolls (calibre scrolls a few lines too).
ARROW_LINES = 3
_PAGE_KEYS = {Qt.Key.Key_PageDown: +1, Qt.Key.Key_PageUp: -1}
_ARROW_KEYS = {Qt.Key.Key_Down: +1, Qt.Key.Key_Up: -1}
_TURN_KEYS = {Qt.Key.Key_Space: +1, Qt.Key.Key_Right: +1, Qt.Key.Key_Left: -1}


def is_text_field(w: QWidget | None) -> bool:
    """Whether ``w`` takes typed text (Space, ←, → belong to it; PgDn, PgUp, ↑, ↓ do not)."""
    if isinstance(w, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(w, QComboBox):
        return w.isEditable()
    if isinstance(w, QTextEdit | QPlainTextEdit):
        return not w.isReadOnly()
    return False


def page_step(event: QKeyEvent, focus: QWidget | None) -> tuple[int, bool] | None:
    """``(direction, whole_page)`` for a key that scrolls the page, or None for any other key.

    PgDn/PgUp always turn a page; ↑/↓ scroll a few lines; Space, →, ← turn a page unless the focus is
    a text field (Shift+Space turns back).  Keys with Ctrl, Alt or Meta are never the page's (Alt+←
    is 后退).
    """
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = Qt.Key(event.key())
    shift = mods == Qt.KeyboardModifier.ShiftModifier
    if mods != Qt.KeyboardModifier.NoModifier and not (shift and key == Qt.Key.Key_Space):
        return None
    if key in _PAGE_KEYS:
        return _PAGE_KEYS[key], True
    if key in _ARROW_KEYS:
        return _ARROW_KEYS[key], False
    if key in _TURN_KEYS and not is_text_field(focus):
        return (-1 if shift else _TURN_KEYS[key]), True
    return None


def scroll(bar: QScrollBar, direction: int, *, whole_page: bool) -> None:
    """Scroll ``bar`` one page (a line of the old page stays in view) or :data:`ARROW_LINES` lines."""
    line = max(1, bar.singleStep())
    step = max(line, bar.pageStep() - line) if whole_page else ARROW_LINES * line
    bar.setValue(bar.value() + direction * step)


class PageKeys(QObject):
    """An application event filter: while active, the page keys of ``window`` scroll ``page``.

    Dialogs and other windows keep their keys; so does everything while inactive.
    """

    def __init__(self, window: QWidget, page: QAbstractScrollArea) -> None:
        super().__init__(window)
        self._window = window
        self._page = page
        self.active = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (not self.active or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent)
                or not isinstance(watched, QWidget) or watched.window() is not self._window):
            return False
        step = page_step(event, watched)
        if step is None:
            return False
        direction, whole = step
        scroll(self._page.verticalScrollBar(), direction, whole_page=whole)
        return True


def scale_fonts(root: QWidget, factor: float, *, every: bool = False, inherit_pt: float | None = None) -> None:
    """Scale the type of ``root`` and of every child whose font was set explicitly by ``factor``
    (relative to the sizes they had when first scaled; ``factor`` 1 restores them).

    ``every``: every child, whatever its font; one that never had a font of its own is taken to be
    ``inherit_pt`` points (the panel's type; default its current size).  Under the window's style sheet
    a font set on a panel does not reach its children (Qt stops the inheritance at the first styled
    widget), so a panel shown alone and larger scales each of its widgets.
    """
    for w in [root, *root.findChildren(QWidget)]:
        own = w is root or w.testAttribute(Qt.WidgetAttribute.WA_SetFont)
        if (not every and not own) or (w is not root and w.isWindow()):
            continue  # a popup (a list's drop-down) takes its list's font when that changes
        base = w.property("kjzcBasePointSize")
        if base is None:
            base = w.font().pointSizeF() if own or inherit_pt is None else inherit_pt
            if base <= 0:
                continue
            w.setProperty("kjzcBasePointSize", base)
        f = w.font()
        f.setPointSizeF(float(base) * factor)
        w.setFont(f)
