"""A table's header row that stays at the top of a QTextBrowser while the table scrolls past.

QTextBrowser has no sticky rows.  The 比一比 table marks its column heads as ``<thead>`` (Qt keeps
that as the table format's ``headerRowCount``); once that row has scrolled above the top of the
view and the table is still on screen, :class:`FrozenHeader` paints the same row — drawn by the
document itself, so colours, badges and column widths are exactly the table's — over the top of
the view.  It is a child of the scroll area, not of its viewport: the viewport's children scroll.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QTextDocument, QTextFrame, QTextTable
from PySide6.QtWidgets import QTextEdit, QWidget


@dataclass(frozen=True)
class HeaderBand:
    """Where a table's header row is, in document coordinates."""

    top: float
    bottom: float
    table_bottom: float
    left: float = 0.0
    right: float = 0.0


def header_bands(doc: QTextDocument) -> list[HeaderBand]:
    """The header rows (``<thead>``) of every table in ``doc``, top to bottom."""
    layout = doc.documentLayout()
    out: list[HeaderBand] = []

    def walk(frame: QTextFrame) -> None:
        for child in frame.childFrames():
            if isinstance(child, QTextTable):
                band = _band(doc, child)
                if band is not None:
                    out.append(band)
            walk(child)

    def _band(_doc: QTextDocument, table: QTextTable) -> HeaderBand | None:
        fmt = table.format()
        rows = fmt.headerRowCount()
        if rows <= 0 or rows >= table.rows():
            return None
        box = layout.frameBoundingRect(table)
        tops = []
        for col in range(table.columns()):
            cell = table.cellAt(rows, col)
            if cell.isValid():
                tops.append(layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        if not tops:
            return None
        bottom = min(tops) - fmt.cellPadding() - fmt.border()
        if bottom <= box.top():
            return None
        return HeaderBand(box.top() + fmt.margin(), bottom, box.bottom(), box.left() + fmt.margin(),
                          box.right() - fmt.margin())

    walk(doc.rootFrame())
    return sorted(out, key=lambda b: b.top)


class FrozenHeader(QWidget):
    """Keeps the header row of the table under the top edge of ``browser``'s view visible."""

    def __init__(self, browser: QTextEdit) -> None:
        super().__init__(browser)
        self.setObjectName("frozenHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._browser = browser
        self._pixmap = QPixmap()
        self._key: tuple[object, ...] = ()
        self._bands: list[HeaderBand] = []
        self.band: HeaderBand | None = None  # the band shown now (tests read it)
        self.hide()
        browser.verticalScrollBar().valueChanged.connect(self.update_position)
        browser.horizontalScrollBar().valueChanged.connect(self.update_position)
        browser.document().documentLayout().documentSizeChanged.connect(self._on_layout_document_size_changed)
        browser.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._browser and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update_position()
        return False

    def _on_layout_document_size_changed(self) -> None:
        self._key = ()
        self.update_position()

    def _measure(self) -> None:
        doc = self._browser.document()
        key = (doc.revision(), doc.size().width(), doc.size().height(), doc.defaultFont().pointSizeF())
        if key != self._key:
            self._key = key
            self._bands = header_bands(doc)
            self._pixmap = QPixmap()
            self.band = None

    def update_position(self) -> None:
        """Show the header of the table under the view's top edge, or hide when there is none."""
        self._measure()
        view_top = self._browser.verticalScrollBar().value()
        band = next((b for b in self._bands
                     if b.top < view_top and view_top < b.table_bottom - (b.bottom - b.top)), None)
        if band is None:
            self.band = None
            self.hide()
            return
        if band != self.band or self._pixmap.isNull():
            self.band = band
            self._pixmap = self._render(band)
        vp = self._browser.viewport().geometry()
        x = vp.x() - self._browser.horizontalScrollBar().value() + round(band.left)
        self.setGeometry(x, vp.y(), self._pixmap.width(), self._pixmap.height() + 3)
        self.raise_()
        self.show()
        self.update()

    def _render(self, band: HeaderBand) -> QPixmap:
        doc = self._browser.document()
        width = band.right - band.left
        height = band.bottom - band.top
        pm = QPixmap(max(1, round(width)), max(1, round(height)))
        pm.fill(self._browser.viewport().palette().base().color())
        p = QPainter(pm)
        p.translate(QPointF(-band.left, -band.top))
        doc.drawContents(p, QRectF(band.left, band.top, width, height))
        p.end()
        return pm

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.drawPixmap(0, 0, self._pixmap)
        shade = QColor(0, 0, 0, 40)
        for i in range(3):  # a soft edge: the rows scroll underneath
            shade.setAlpha(48 - 16 * i)
            p.fillRect(0, self._pixmap.height() + i, self.width(), 1, shade)
        p.end()
