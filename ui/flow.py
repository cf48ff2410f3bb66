"""A layout that puts its items on one line while they fit and wraps onto more lines when not.

Qt has none of its own (its examples carry a ``FlowLayout``; this one follows it).  Used where a row of
buttons is wider than a 1024-pixel projector in 演示模式 or 展台模式: the row wraps instead of making
the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items left to right, wrapping; each line is aligned left or right (``align_right``).

    Its minimum width is that of its widest item, so it never makes a window wider than the screen;
    its height follows the width (``heightForWidth``).
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6, align_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._align_right = align_right
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout ----------------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def add_widget(self, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line."""
        shown = self._shown()
        w = sum(i.sizeHint().width() for i in shown) + self._spacing * max(0, len(shown) - 1)
        h = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(w, h).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """The widest item (the height is asked with ``heightForWidth``)."""
        size = QSize()
        for i in self._shown():
            size = size.expandedTo(i.minimumSize())
        return size.grownBy(self.contentsMargins())

    # -- the lines --------------------------------------------------------------------------------
    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if lines[-1] and used + self._spacing + w > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + w
            lines[-1].append(item)
        return [line for line in lines if line]

    def _do_layout(self, rect: QRect, *, apply: bool) -> int:
        m: QMargins = self.contentsMargins()
        inner = rect.marginsRemoved(m)
        y = inner.y()
        for n, line in enumerate(self._lines(inner.width())):
            if n:
                y += self._spacing
            widths = [min(i.sizeHint().width(), inner.width()) for i in line]
            height = max(i.sizeHint().height() for i in line)
            total = sum(widths) + self._spacing * (len(line) - 1)
            x = inner.x() + (inner.width() - total if self._align_right else 0)
            for item, w in zip(line, widths, strict=True):
                if apply:
                    h = item.sizeHint().height()
                    item.setGeometry(QRect(QPoint(x, y + (height - h) // 2), QSize(w, h)))
                x += w + self._spacing
            y += height
        return y - inner.y() + m.top() + m.bottom()
