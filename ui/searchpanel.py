"""Search results pane: index status, facet chips, a message line (suggestions), the hit list;
and the search box itself."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui.delegates import ChipDelegate, HitDelegate
from ui.models import ROLE_FIELD, ROLE_HEADER, ROLE_ID, ROLE_VALUE, FacetModel, SearchResultsModel
from ui.pages import link


def _t(text: str) -> str:
    return QCoreApplication.translate("search", text)


def understanding(result: Any) -> str:
    """What the search made of the query: the words searched, the region, what matched nothing."""
    parts = []
    words = tuple(getattr(result, "words", ()) or ())
    if words:
        parts.append(_t("按词语查找：") + " · ".join(words))
    region = str(getattr(result, "region", "") or "")
    if region:
        kept = "、".join(x for x in getattr(result, "scope", ()) if x != region)
        parts.append(_t("地区：{r}").format(r=region) + (_t("（含{k}的政策）").format(k=kept) if kept else ""))
    unmatched = tuple(getattr(result, "unmatched", ()) or ())
    if unmatched:
        parts.append(_t("未匹配：") + "、".join(unmatched))
    return "；".join(parts)


class SearchBox(QLineEdit):
    """The search box: Esc clears, ↓ moves into the results, Enter opens.

    Signals:
        escape_pressed(), down_pressed().
    """

    escape_pressed = Signal()
    down_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(_t("搜索政策、金额、处室、电话……（Ctrl+F）"))
        self.setMinimumWidth(260)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class ChipView(QListView):
    """A wrapping row of chips whose height follows its content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(3)
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(ChipDelegate(self))

    def fit_height(self) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            self.setFixedHeight(0)
            return
        self.doItemsLayout()
        last = self.visualRect(model.index(model.rowCount() - 1, 0))
        first = self.visualRect(model.index(0, 0))
        content = last.bottom() - first.top() + 2 * self.spacing() + 4
        self.setFixedHeight(min(max(content, 0), self._max_height()))

    def _max_height(self) -> int:
        return self.fontMetrics().height() * 9

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_height)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, self.height())


class SearchPanel(QWidget):
    """Results of the current search.

    Signals:
        hit_activated(str): open this item id (click or Enter).
        filter_toggled(str, str): facet field and value ("" = remove the filter of that field).
        query_suggested(str): the user clicked a suggestion.
        link_activated(str): a best bet was clicked (``item:`` / ``calc:`` / ``compare:`` link).

    Attributes:
        best_bets_for: Given a result, the shortcuts to show above its hits (``index.bestbets``).
    """

    hit_activated = Signal(str)
    filter_toggled = Signal(str, str)
    query_suggested = Signal(str)
    link_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, doc_label: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)

        self.status_frame = QFrame(self)
        self.status_frame.setObjectName("indexStatus")
        sl = QHBoxLayout(self.status_frame)
        sl.setContentsMargins(10, 6, 10, 6)
        self.status_label = QLabel(self.status_frame)
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar(self.status_frame)
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(True)
        sl.addWidget(self.status_label, 1)
        sl.addWidget(self.progress)
        self.status_frame.hide()
        lay.addWidget(self.status_frame)

        self.facet_model = FacetModel(self, doc_label=doc_label)
        self.chips = ChipView(self)
        self.chips.setModel(self.facet_model)
        self.chips.setObjectName("chips")
        self.chips.clicked.connect(self._on_chips_clicked)
        lay.addWidget(self.chips)

        self.best_bets_for: Callable[[Any], Sequence[Any]] | None = None
        self.bets = QLabel(self)
        self.bets.setObjectName("bestBets")
        self.bets.setWordWrap(True)
        self.bets.setTextFormat(Qt.TextFormat.RichText)
        self.bets.setContentsMargins(10, 4, 10, 4)
        self.bets.linkActivated.connect(self.link_activated.emit)
        self.bets.hide()
        lay.addWidget(self.bets)

        self.message = QLabel(self)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.linkActivated.connect(self._on_message_link_activated)
        self.message.hide()
        lay.addWidget(self.message)

        self.results_model = SearchResultsModel(self, doc_label=doc_label)
        self.results = QListView(self)
        self.results.setObjectName("results")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setMouseTracking(True)
        self.results.setFrameShape(QFrame.Shape.NoFrame)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.clicked.connect(self._on_results_activated)
        self.results.activated.connect(self._on_results_activated)
        lay.addWidget(self.results, 1)
        self.chips.setFixedHeight(0)

    # -- state ----------------------------------------------------------------------------------
    def show_status(self, text: str, *, busy: bool = False, done: int = 0, total: int = 0) -> None:
        self.status_label.setText(text)
        self.progress.setVisible(busy)
        if busy:
            if total > 0:
                self.progress.setRange(0, total)
                self.progress.setValue(done)
            else:
                self.progress.setRange(0, 0)  # busy indicator until the first progress report
        self.status_frame.show()

    def hide_status(self) -> None:
        self.status_frame.hide()

    def show_message(self, text_html: str) -> None:
        self.message.setText(text_html)
        self.message.setVisible(bool(text_html))

    def show_best_bets(self, bets: Sequence[Any]) -> None:
        """Shortcuts above the hits: contacts, the calculator, the 比一比 page."""
        labels = {"contact": _t("联系"), "calculator": _t("计算器"), "compare": _t("比一比")}
        parts = []
        for b in bets:
            label = html.escape(labels.get(b.kind, ""))
            parts.append(f'<b>{label}</b> <a href="{html.escape(b.href)}">{html.escape(b.detail or b.title)}</a>')
        self.bets.setText("<br/>".join(parts))
        self.bets.setVisible(bool(parts))

    def show_result(self, result: Any, filters: dict[str, str]) -> None:
        bets: Sequence[Any] = ()
        if self.best_bets_for is not None:
            try:
                bets = self.best_bets_for(result)
            except Exception as exc:  # shortcuts are a help: never let them break the results
                from ui.errors import log_exception

                log_exception(f"best bets: {type(exc).__name__}: {exc}")
        self.show_best_bets(bets)
        related = tuple(getattr(result, "related", ()) or ())
        self.results_model.set_hits(result.hits, related)
        self.facet_model.set_facets(result.facets or {}, filters)
        self.chips.fit_height()
        if result.total == 0 and not related:
            self.show_message(self._nothing_found(result))
        else:
            if result.total:
                note = _t("找到 {n} 条").format(n=result.total)
                if len(result.hits) < result.total:
                    note += _t("，显示前 {k} 条").format(k=len(result.hits))
            else:
                note = _t("没有同时包含全部词语的条目")
            if related:
                note += _t("；另有 {m} 条相关结果（{q}），列在后面，标有“相关”").format(
                    m=getattr(result, "related_total", len(related)), q=" + ".join(result.related_query.split()))
            lines = [f'<span style="color:#5b6470">{html.escape(note)}</span>']
            understood = understanding(result)
            if understood:
                lines.append(f'<span style="color:#5b6470">{html.escape(understood)}</span>')
            sugg: Sequence[str] = list(getattr(result, "suggestions", ()) or ())
            if sugg and result.total < 3:
                lines.append(_t("您是不是要找：") + self._links(sugg))
            self.show_message("<br/>".join(lines))
        if self.results_model.rowCount():
            self.results.setCurrentIndex(self.results_model.index(0, 0))
            self.results.scrollToTop()

    @staticmethod
    def _links(queries: Sequence[str]) -> str:
        return "　".join(f'<a href="{html.escape(link("search", s))}">{html.escape(s)}</a>' for s in queries)

    def _nothing_found(self, result: Any) -> str:
        q = html.escape(str(result.query))
        parts = [_t("没有找到与“{q}”相关的条目。").format(q=q)]
        understood = understanding(result)
        if understood:
            parts.append(html.escape(understood))
        sugg: Sequence[str] = list(getattr(result, "suggestions", ()) or ())
        if sugg:
            parts.append(_t("您是不是要找：") + self._links(sugg))
        else:
            parts.append(_t("试试更短的词，例如“补助”“高新技术企业”“创新券”，或去掉筛选条件。"))
        return "<br/>".join(parts)

    def clear(self) -> None:
        self.show_best_bets(())
        self.results_model.clear()
        self.facet_model.set_facets({}, {})
        self.chips.fit_height()
        self.show_message("")

    def first_hit_id(self) -> str | None:
        idx = self.results.currentIndex()
        if not idx.isValid() and self.results_model.rowCount():
            idx = self.results_model.index(0, 0)
        return str(idx.data(ROLE_ID)) if idx.isValid() else None

    def focus_results(self) -> None:
        if self.results_model.rowCount():
            self.results.setFocus()
            if not self.results.currentIndex().isValid():
                self.results.setCurrentIndex(self.results_model.index(0, 0))

    # -- slots ----------------------------------------------------------------------------------
    def _on_results_activated(self, index: QModelIndex) -> None:
        item_id = index.data(ROLE_ID)
        if item_id:
            self.hit_activated.emit(str(item_id))

    def _on_chips_clicked(self, index: QModelIndex) -> None:
        if index.data(ROLE_HEADER):
            return
        field = str(index.data(ROLE_FIELD))
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        self.filter_toggled.emit(field, "" if checked else str(index.data(ROLE_VALUE)))

    def _on_message_link_activated(self, href: str) -> None:
        from ui.pages import parse_link

        parsed = parse_link(href)
        if parsed and parsed[0] == "search":
            self.query_suggested.emit(parsed[1])
