"""Content is plain text wherever it is shown; nothing is ever loaded on content's behalf.

Qt treats any string that *looks* like HTML as rich text — in a tooltip, a ``QLabel`` with the
default ``AutoText`` format, a message box.  A content file whose title reads
``<img src="file:///…">`` would then show a picture of a local file (and a link could point
anywhere).  This module holds the three defences:

* :class:`PlainToolTips` — an application-wide event filter: every tooltip is shown as plain text,
  whatever widget or model produced it, and every message box shows its text as plain text
  (:func:`install` puts it on the application);
* :func:`plain_tip` / :func:`set_plain` — for code that sets a tooltip or label text itself;
* :class:`NoResourcesBrowser` and :class:`NoResourcesDocument` — a ``QTextBrowser`` /
  ``QTextDocument`` that never loads an image, a style sheet or any other resource from a URL.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTabBar,
    QTextBrowser,
    QToolTip,
    QWidget,
)


def plain_tip(text: str) -> str:
    """Tooltip text that Qt shows exactly as ``text`` (escaped rich text keeps line breaks).

    >>> plain_tip('<img src="x">\\n第二行')
    '<p style="white-space:pre-wrap">&lt;img src=&quot;x&quot;&gt;\\n第二行</p>'
    """
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def set_plain(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label`` as plain text (never interpreted as HTML)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)


class PlainToolTips(QObject):
    """Shows every tooltip of the application as plain text (see the module docstring).

    Item views: the model's ``ToolTipRole`` of the item under the mouse.  Other widgets: their
    ``toolTip()`` (for a tool button, its action's).  Tab bars, menus and headers keep Qt's own
    handling: their tooltips are the app's words, never content.
    """

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(obj, QMessageBox):
            # Message boxes quote paths, queries and ids: never let one be read as HTML.
            for label in obj.findChildren(QLabel):
                if label.textFormat() == Qt.TextFormat.AutoText:
                    label.setTextFormat(Qt.TextFormat.PlainText)
            return False
        if event.type() != QEvent.Type.ToolTip or not isinstance(obj, QWidget) or not isinstance(event, QHelpEvent):
            return False
        if isinstance(obj, QTabBar | QMenu | QHeaderView):
            return False
        text = self._text_for(obj, event)
        if text is None:
            return False
        if text:
            QToolTip.showText(event.globalPos(), plain_tip(text), obj)
        else:
            QToolTip.hideText()
            event.ignore()
        return True

    @staticmethod
    def _text_for(widget: QWidget, event: QHelpEvent) -> str | None:
        view = widget.parent()
        if isinstance(view, QAbstractItemView) and widget is view.viewport():
            if isinstance(view, QHeaderView):
                return None
            index = view.indexAt(event.pos())
            value = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
            return str(value) if value else ""
        if isinstance(widget, QAbstractItemView):
            return None  # the viewport gets the event
        return widget.toolTip()


_filter: PlainToolTips | None = None


def install(app: QApplication | None = None) -> PlainToolTips:
    """Put :class:`PlainToolTips` on the application (once)."""
    global _filter
    target = app or QApplication.instance()
    if _filter is None:
        _filter = PlainToolTips()
    if target is not None:
        target.installEventFilter(_filter)
    return _filter


#: What a refused resource "contains".  Not empty: for an empty answer QTextDocument falls back to
#: reading local files itself (``file:///etc/passwd`` would load).
_NOTHING = QByteArray(b" ")


class NoResourcesDocument(QTextDocument):
    """A ``QTextDocument`` that loads nothing from a URL (no image, no style sheet, no file)."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        return _NOTHING


class NoResourcesBrowser(QTextBrowser):
    """A ``QTextBrowser`` that loads nothing from a URL: pages are self-contained HTML strings."""

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        return _NOTHING
