"""Item delegates: search hits with highlighted snippets, and facet chips."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models import ROLE_HEADER, ROLE_META, ROLE_SNIPPET_HTML
from ui.plaintext import NoResourcesDocument
from ui.style import ACCENT, INK, MUTED

AnyIndex = QModelIndex | QPersistentModelIndex


class HitDelegate(QStyledItemDelegate):
    """Paints a hit: title, where it is from, and a snippet with the terms highlighted."""

    SNIPPET_LINES = 3

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.08)
        meta = QFont(base)
        meta.setPointSizeF(base.pointSizeF() * 0.88)
        return title, meta, base

    def _pad(self, option: QStyleOptionViewItem) -> int:
        return max(6, QFontMetrics(option.font).height() // 3)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802 - Qt override
        title, meta, base = self._fonts(option)
        pad = self._pad(option)
        h = (2 * pad + QFontMetrics(title).height() + QFontMetrics(meta).height()
             + self.SNIPPET_LINES * QFontMetrics(base).lineSpacing() + pad // 2 + 4)
        return QSize(200, h)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = opt.rect
        state = opt.state
        painter.save()
        if state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, QColor("#dce8f7"))
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, QColor("#f1f5fa"))
        painter.setPen(QColor("#e3e7ec"))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        title_f, meta_f, base_f = self._fonts(opt)
        pad = self._pad(opt)
        x = rect.left() + pad
        w = rect.width() - 2 * pad
        y = rect.top() + pad
        fm = QFontMetrics(title_f)
        painter.setFont(title_f)
        painter.setPen(QColor(ACCENT))
        painter.drawText(x, y, w, fm.height(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight, w))
        y += fm.height()
        mfm = QFontMetrics(meta_f)
        painter.setFont(meta_f)
        painter.setPen(QColor(MUTED))
        painter.drawText(x, y, w, mfm.height(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         mfm.elidedText(str(index.data(ROLE_META) or ""), Qt.TextElideMode.ElideRight, w))
        y += mfm.height() + pad // 2
        doc = NoResourcesDocument()  # the snippet is escaped HTML; never load anything for it
        doc.setDocumentMargin(0)
        doc.setDefaultFont(base_f)
        doc.setDefaultStyleSheet(f"body {{ color: {INK}; }}")
        doc.setHtml(str(index.data(ROLE_SNIPPET_HTML) or ""))
        doc.setTextWidth(w)
        height = self.SNIPPET_LINES * QFontMetrics(base_f).lineSpacing() + 2
        painter.translate(x, y)
        clip = QRectF(0, 0, w, height)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = clip
        ctx.palette.setColor(QPalette.ColorRole.Text, QColor(INK))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


class ChipDelegate(QStyledItemDelegate):
    """Paints facet values as rounded chips (filled when chosen) and field names as labels."""

    def _metrics(self, option: QStyleOptionViewItem) -> tuple[QFontMetrics, int, int]:
        fm = QFontMetrics(option.font)
        return fm, max(8, fm.height() // 2), max(3, fm.height() // 5)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802 - Qt override
        fm, px, py = self._metrics(option)
        text = str(index.data() or "")
        if index.data(ROLE_HEADER):
            return QSize(fm.horizontalAdvance(text) + px // 2, fm.height() + 2 * py)
        return QSize(fm.horizontalAdvance(text) + 2 * px, fm.height() + 2 * py)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = option.rect
        text = str(index.data() or "")
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        if index.data(ROLE_HEADER):
            painter.setPen(QColor(MUTED))
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            painter.restore()
            return
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        r = QRectF(rect).adjusted(1, 2, -1, -2)
        radius = r.height() / 2
        if checked:
            painter.setBrush(QColor(ACCENT))
            painter.setPen(QColor(ACCENT))
        else:
            hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
            painter.setBrush(QColor("#e8eff8" if hover else "#f3f6fa"))
            painter.setPen(QColor("#b8c6d8"))
        painter.drawRoundedRect(r, radius, radius)
        painter.setPen(QColor("#ffffff" if checked else INK))
        painter.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def editorEvent(self, event: Any, model: Any, option: QStyleOptionViewItem, index: AnyIndex) -> bool:  # noqa: N802 - Qt override
        return False  # clicks are handled by the view's ``clicked`` signal, not as check toggles
