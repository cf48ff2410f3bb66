"""The reader: a QTextBrowser with CJK typography, zoom, link routing and mouse back/forward."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QCursor,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QWidget

from ui.plaintext import NoResourcesBrowser
from ui.render import PageStyle, stylesheet
from ui.style import cjk_font


class Reader(NoResourcesBrowser):
    """Shows one page of HTML.  Links are not followed by Qt; they are emitted.

    Signals:
        link_activated(str): an ``href`` was clicked (``item:…``, ``copy:…``, ``calc:…``).
        back_requested(), forward_requested(): the mouse's side buttons.
    """

    link_activated = Signal(str)
    back_requested = Signal()
    forward_requested = Signal()
    #: The line length (:meth:`text_width_em`) may have changed: resize, zoom, wide/narrow page.
    text_width_changed = Signal()

    #: Longest comfortable line, in multiples of the base size (about 40 CJK characters).
    MEASURE_EM = 44
    #: Wide pages (比一比 tables, four columns side by side) may use this much.
    WIDE_MEASURE_EM = 80
    DOC_MARGIN = 28

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.document().setDocumentMargin(self.DOC_MARGIN)
        self._style = PageStyle()
        self._html = ""
        self._wide = False
        self._tile_press = ""  # the home tile under the mouse when the button went down
        self._tile_cursor: QCursor | None = None  # the viewport's cursor before a tile made it a hand
        self._tiles: tuple[object, list[tuple[QRectF, str]]] | None = None  # the page's tiles, measured once
        self.viewport().installEventFilter(self)
        self.set_base_size(self._style.base_pt)

    # -- content --------------------------------------------------------------------------------
    @property
    def base_pt(self) -> float:
        return self._style.base_pt

    def set_base_size(self, point_size: float) -> None:
        """Change the type size and re-lay out the current page, keeping the reading position."""
        self._style = PageStyle(base_pt=point_size)
        doc = self.document()
        doc.setDefaultFont(cjk_font(point_size))
        doc.setDefaultStyleSheet(stylesheet(self._style))
        if self._html:
            bar = self.verticalScrollBar()
            frac = bar.value() / bar.maximum() if bar.maximum() else 0.0
            self.setHtml(self._html)
            bar.setValue(round(frac * bar.maximum()))
        self._update_margins()
        self.text_width_changed.emit()

    def show_html(self, html: str, *, terms: Sequence[str] = (), keep_position: bool = False,
                  wide: bool = False) -> None:
        """Show a page; ``wide`` pages (side-by-side tables) get a longer line than running text."""
        bar = self.verticalScrollBar()
        pos = bar.value()
        if wide != self._wide:
            self._wide = wide
            self._update_margins()
        self._html = html
        self.setHtml(html)
        if keep_position:
            bar.setValue(pos)
        elif not self._scroll_to_first(terms):
            bar.setValue(0)

    def current_html(self) -> str:
        return self._html

    def _scroll_to_first(self, terms: Sequence[str]) -> bool:
        """Bring the first highlighted term into view (the text, not the title)."""
        doc = self.document()
        best: QTextCursor | None = None
        for t in terms:
            if not t:
                continue
            c = doc.find(t, 0, QTextDocument.FindFlag(0))
            if not c.isNull() and (best is None or c.position() < best.position()):
                best = c
        if best is None:
            return False
        self.verticalScrollBar().setValue(0)
        end = QTextCursor(best)
        end.clearSelection()
        self.setTextCursor(end)
        self.ensureCursorVisible()
        return True

    # -- layout: keep lines to a readable length on wide screens --------------------------------
    def _em_px(self) -> float:
        return self._style.base_pt * 96 / 72  # points to pixels at 96 dpi

    def _max_text_px(self, wide: bool) -> int:
        return int(self._em_px() * (self.WIDE_MEASURE_EM if wide else self.MEASURE_EM)) + 2 * self.DOC_MARGIN

    def text_width_em(self) -> float:
        """How many characters of the base size fit on a line of the current layout."""
        return self.text_width_em_for(wide=self._wide)

    def text_width_em_for(self, *, wide: bool) -> float:
        """Line length (characters) of a ``wide`` or a normal page at the current size and zoom."""
        px = min(self.width() - self.verticalScrollBar().sizeHint().width(), self._max_text_px(wide)) - 2 * self.DOC_MARGIN
        return max(0.0, px / self._em_px())

    def _update_margins(self) -> None:
        max_text = self._max_text_px(self._wide)
        extra = max(0, self.width() - max_text - self.verticalScrollBar().sizeHint().width())
        side = extra // 2
        if side != self.viewportMargins().left():
            self.setViewportMargins(side, 0, side, 0)
            # QTextEdit lays the document out on its own resize only; margins change the viewport.
            QCoreApplication.sendEvent(self, QResizeEvent(self.size(), self.size()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._update_margins()
        self.text_width_changed.emit()

    # -- links and mouse buttons ----------------------------------------------------------------
    def _on_anchor_clicked(self, url: QUrl) -> None:
        href = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        self.link_activated.emit(href)

    def event(self, event: QEvent) -> bool:
        # The reader is read-only: let window shortcuts (Ctrl+D, Ctrl+=, Alt+←…) win over the
        # text control's editing keys; keep copy and select-all.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if mods and not (event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.SelectAll)):
                event.ignore()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # QTextBrowser claims Alt+←/→ for its own (unused) history; route them to ours.
        if event.modifiers() == Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            (self.back_requested if event.key() == Qt.Key.Key_Left else self.forward_requested).emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.BackButton:
                self.back_requested.emit()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.forward_requested.emit()
                return True
        if isinstance(event, QMouseEvent) and watched is self.viewport():
            self._tile_mouse(event)
        return super().eventFilter(watched, event)

    def _tile_mouse(self, event: QMouseEvent) -> None:
        """A click anywhere on a home tile follows its link (the title link itself is Qt's)."""
        from ui.tiles import tile_href_at, tile_rects

        size = self.document().size()
        key = (self._html, round(size.width()), round(size.height()))
        if self._tiles is None or self._tiles[0] != key:  # measured again after a new page or a relayout
            # only the home page has tiles
            self._tiles = (key, tile_rects(self.document()) if 'name="tile"' in self._html else [])
        rects = self._tiles[1]
        pos = event.position().toPoint()
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            if self.anchorAt(pos):  # QTextBrowser's own hand
                return
            over = bool(tile_href_at(self, pos, rects))
            if over and self._tile_cursor is None:
                self._tile_cursor = self.viewport().cursor()
                self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            elif not over and self._tile_cursor is not None:
                self.viewport().setCursor(self._tile_cursor)
                self._tile_cursor = None
        elif kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._tile_press = "" if self.anchorAt(pos) else tile_href_at(self, pos, rects)
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            href, self._tile_press = self._tile_press, ""
            if href and href == tile_href_at(self, pos, rects) and not self.textCursor().hasSelection():
                self.link_activated.emit(href)
