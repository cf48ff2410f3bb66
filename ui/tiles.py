"""Home tiles clickable as a whole, not only on their title.

The home page is HTML in a QTextBrowser: a tile is a table cell whose title link carries the anchor
name :data:`TILE_ANCHOR`.  A click anywhere in that cell (its hint, its padding) follows the title's
link, and the pointer becomes a hand over the whole tile.  Keyboard users reach the same link with Tab.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QTextDocument, QTextFrame, QTextTable, QTextTableCell
from PySide6.QtWidgets import QTextEdit

#: The anchor name every tile's title link carries (``<a name="tile" href="…">``).
TILE_ANCHOR = "tile"


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _cell_href(cell: QTextTableCell) -> str:
    block = cell.firstCursorPosition().block()
    end = cell.lastCursorPosition().position()
    while block.isValid() and block.position() <= end:
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor() and TILE_ANCHOR in fmt.anchorNames() and fmt.anchorHref():
                return fmt.anchorHref()
            it += 1
        block = block.next()
    return ""


def _cell_rect(doc: QTextDocument, cell: QTextTableCell) -> QRectF:
    """The text of ``cell`` (every block's box united), in document coordinates."""
    layout = doc.documentLayout()
    rect = QRectF()
    block = cell.firstCursorPosition().block()
    end = cell.lastCursorPosition().position()
    while block.isValid() and block.position() <= end:
        rect = rect.united(layout.blockBoundingRect(block))
        block = block.next()
    return rect


def tile_rects(doc: QTextDocument) -> list[tuple[QRectF, str]]:
    """Every tile's whole cell (text, padding, full row height) and its link, in document coordinates."""
    out: list[tuple[QRectF, str]] = []
    for table in _tables(doc.rootFrame()):
        pad = table.format().cellPadding()
        for r in range(table.rows()):
            cells = [table.cellAt(r, c) for c in range(table.columns())]
            rects = [(_cell_rect(doc, cell), _cell_href(cell)) for cell in cells if cell.isValid()]
            rects = [(rect, href) for rect, href in rects if href and not rect.isNull()]
            if not rects:
                continue
            top = min(rect.top() for rect, _ in rects) - pad
            bottom = max(rect.bottom() for rect, _ in rects) + pad
            for rect, href in rects:
                out.append((QRectF(rect.left() - pad, top, rect.width() + 2 * pad, bottom - top), href))
    return out


def tile_href_at(browser: QTextEdit, pos: QPoint, rects: list[tuple[QRectF, str]] | None = None) -> str:
    """The link of the tile under ``pos`` (viewport coordinates), or ``""`` when there is none.

    ``rects`` are the page's :func:`tile_rects` when the caller keeps them (mouse moves ask often).
    """
    point = QPointF(pos.x() + browser.horizontalScrollBar().value(), pos.y() + browser.verticalScrollBar().value())
    for rect, href in tile_rects(browser.document()) if rects is None else rects:
        if rect.contains(point):
            return href
    return ""
