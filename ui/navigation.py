"""The navigation pane: tabs 目录, 专题, 层级, 联系人, 收藏.

Trees are small and built once (QStandardItemModel); the contact directory and bookmarks are
custom models.  The pane only emits what was chosen; the main window decides what to show.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from content.model import Handbook, Measure, Part
from ui.models import ROLE_ID, BookmarksModel, ContactsFilter, ContactsModel
from ui.pages import Page

ROLE_PAGE = Qt.ItemDataRole.UserRole + 20
ROLE_HREF = Qt.ItemDataRole.UserRole + 21
#: A part item whose children are made when it is first expanded (the id of the part).
ROLE_LAZY = Qt.ItemDataRole.UserRole + 22
LEVELS = ("国家级", "省级", "市级", "区县级")


def _t(text: str) -> str:
    return QCoreApplication.translate("navigation", text)


def _item(text: str, page: Page | None, tip: str = "") -> QStandardItem:
    it = QStandardItem(text)
    it.setEditable(False)
    if page is not None:
        it.setData(page, ROLE_PAGE)
        it.setData(page.href(), ROLE_HREF)
    if tip:
        it.setToolTip(tip)
    return it


def _measure_item(m: Measure) -> QStandardItem:
    title = m.display_title + (_t("（编者所拟）") if m.title_editorial else "")
    return _item(title, Page("item", m.id), m.title)


def _part_item(p: Part) -> QStandardItem:
    title = f"{p.number}、{p.title}" if p.number and not p.title.startswith(p.number) else p.title
    it = _item(title, Page("item", p.id), p.title)
    if p.parts or p.measures:
        # Children are made when the part is first expanded (fill_part): a province's library has
        # thousands of measures, and the window must not wait for all of them.
        it.setData(p.id, ROLE_LAZY)
        it.appendRow(QStandardItem())
    return it


def fill_part(hb: Handbook, it: QStandardItem) -> None:
    """Make the children of a part item made by :func:`_part_item` (once)."""
    part_id = it.data(ROLE_LAZY)
    if not part_id:
        return
    it.setData(None, ROLE_LAZY)
    p = hb.part(str(part_id))
    it.removeRows(0, it.rowCount())
    if p is None:
        return
    for sub in p.parts:
        it.appendRow(_part_item(sub))
    for m in p.measures:
        it.appendRow(_measure_item(m))


def build_contents_model(hb: Handbook) -> QStandardItemModel:
    model = QStandardItemModel()
    for d in hb.documents:
        it = _item(d.short_title or d.title, Page("item", d.id), d.title)
        for p in d.parts:
            it.appendRow(_part_item(p))
        model.appendRow(it)
    return model


def build_topics_model(hb: Handbook, topics: list[str]) -> QStandardItemModel:
    model = QStandardItemModel()
    by_topic: dict[str, list[Measure]] = {}
    for m in hb.measures():
        for t in dict.fromkeys(m.topics):
            by_topic.setdefault(t, []).append(m)
    present = [t for t in topics if t in by_topic]
    present += sorted(set(by_topic) - set(present))
    for t in present:
        ms = by_topic[t]
        it = _item(f"{t}（{len(ms)}）", Page("topic", t))
        for m in ms:
            it.appendRow(_measure_item(m))
        model.appendRow(it)
    return model


def build_levels_model(hb: Handbook) -> QStandardItemModel:
    model = QStandardItemModel()
    by_level: dict[str, dict[str, list[Measure]]] = {}
    for m in hb.measures():  # one pass: a province's library has thousands of measures
        by_level.setdefault(m.level, {}).setdefault(m.document_id, []).append(m)
    for level in LEVELS:
        docs = by_level.get(level, {})
        lm = [m for ms in docs.values() for m in ms]
        if not lm:
            continue
        it = _item(f"{level}（{len(lm)}）", Page("level", level))
        for d in hb.documents:
            dm = docs.get(d.id, [])
            if not dm:
                continue
            di = _item(f"{d.short_title or d.title}（{len(dm)}）", Page("item", d.id), d.title)
            for m in dm:
                di.appendRow(_measure_item(m))
            it.appendRow(di)
        model.appendRow(it)
    return model


class NavigationPane(QTabWidget):
    """Left-hand navigation.

    Signals:
        page_requested(object): a :class:`ui.pages.Page` was chosen.
        bookmark_remove_requested(str): remove this id from the bookmarks.
    """

    page_requested = Signal(object)
    bookmark_remove_requested = Signal(str)

    TAB_CONTENTS, TAB_TOPICS, TAB_LEVELS, TAB_CONTACTS, TAB_BOOKMARKS = range(5)

    def __init__(self, hb: Handbook, topics: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setDocumentMode(True)
        self._hb = hb
        self._topic_order = list(topics)
        self.contents_view = self._tree(build_contents_model(hb))
        # The 专题 and 层级 trees are built when first shown (a large library makes them slow).
        self._topics_tree = self._tree(QStandardItemModel())
        self._levels_tree = self._tree(QStandardItemModel())
        self._pending = {self.TAB_TOPICS: lambda: build_topics_model(hb, topics),
                         self.TAB_LEVELS: lambda: build_levels_model(hb)}
        self.contents_view.expanded.connect(self._on_contents_view_expanded)
        self._parent_of: dict[str, str] | None = None
        self.addTab(self.contents_view, _t("目录"))
        self.addTab(self._topics_tree, _t("专题"))
        self.addTab(self._levels_tree, _t("层级"))
        self.addTab(self._contacts_tab(hb), _t("联系人"))
        self.addTab(self._bookmarks_tab(hb), _t("收藏"))
        self.contents_view.expandToDepth(0)
        self.currentChanged.connect(self._ensure_tab)

    # -- trees ----------------------------------------------------------------------------------
    @property
    def topics_view(self) -> QTreeView:
        self._ensure_tab(self.TAB_TOPICS)
        return self._topics_tree

    @property
    def levels_view(self) -> QTreeView:
        self._ensure_tab(self.TAB_LEVELS)
        return self._levels_tree

    def _ensure_tab(self, index: int) -> None:
        make = self._pending.pop(index, None)
        if make is None:
            return
        view = self._topics_tree if index == self.TAB_TOPICS else self._levels_tree
        old = view.model()
        model = make()
        model.setParent(view)
        view.setModel(model)
        if old is not None:
            old.deleteLater()
    def _tree(self, model: QStandardItemModel) -> QTreeView:
        view = QTreeView(self)
        model.setParent(view)
        view.setModel(model)
        view.setHeaderHidden(True)
        view.setUniformRowHeights(True)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.activated.connect(self._on_tree_activated)
        view.clicked.connect(self._on_tree_activated)
        return view

    def _on_contents_view_expanded(self, index: QModelIndex) -> None:
        model = self.contents_view.model()
        if isinstance(model, QStandardItemModel):
            it = model.itemFromIndex(index)
            if it is not None:
                fill_part(self._hb, it)

    def _chain(self, item_id: str) -> list[str]:
        """Ids from the document down to ``item_id``."""
        if self._parent_of is None:
            parents: dict[str, str] = {}
            for d in self._hb.documents:
                stack = [(p, d.id) for p in d.parts]
                while stack:
                    p, up = stack.pop()
                    parents[p.id] = up
                    for m in p.measures:
                        parents[m.id] = p.id
                    stack.extend((sub, p.id) for sub in p.parts)
            self._parent_of = parents
        chain = [item_id]
        while chain[-1] in self._parent_of:
            chain.append(self._parent_of[chain[-1]])
        return chain[::-1]

    def _on_tree_activated(self, index: QModelIndex) -> None:
        page = index.data(ROLE_PAGE)
        if isinstance(page, Page):
            self.page_requested.emit(page)

    def select_item(self, item_id: str) -> None:
        """Highlight ``item_id`` in the 目录 tree (when the reader opens it from elsewhere)."""
        model = self.contents_view.model()
        if model.rowCount() == 0:
            return
        if isinstance(model, QStandardItemModel):
            parent = model.invisibleRootItem()
            for anc in self._chain(item_id)[:-1]:  # make the parts on the way (they may not be yet)
                href = Page("item", anc).href()
                nxt = next((parent.child(r) for r in range(parent.rowCount())
                            if parent.child(r) is not None and parent.child(r).data(ROLE_HREF) == href), None)
                if nxt is None:
                    break
                fill_part(self._hb, nxt)
                parent = nxt
        matches = model.match(model.index(0, 0), ROLE_HREF, Page("item", item_id).href(), 1,
                              Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        if matches:
            self.contents_view.setCurrentIndex(matches[0])
            self.contents_view.scrollTo(matches[0])

    # -- contacts -------------------------------------------------------------------------------
    def _fit_phone_column(self) -> None:
        """The 电话 column is as wide as the longest number in the view's type: a number is never cut
        (“0311-85813…” at 1024 px); the editor's note after it wraps onto the next line."""
        view = self.contacts_view
        model = self.contacts_model
        fm = QFontMetrics(view.font())
        col = ContactsModel.COL_PHONE
        numbers = (re.split(r"[（(\s]", str(model.index(r, col).data() or ""))[0] for r in range(model.rowCount()))
        widest = max((fm.horizontalAdvance(n) for n in numbers), default=0)
        phone = max(100, widest + 16)
        view.setColumnWidth(col, phone)
        # the room comes from 层级/单位, which wraps: the number stays in the narrow pane
        view.setColumnWidth(ContactsModel.COL_UNIT, max(84, 112 - (phone - 100)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.contacts_view and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_phone_column()
        return super().eventFilter(watched, event)

    def _contacts_tab(self, hb: Handbook) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(6, 6, 6, 0)
        self.contacts_filter = QLineEdit(w)
        self.contacts_filter.setPlaceholderText(_t("按处室、姓名、电话、单位或条目标题筛选"))
        self.contacts_filter.setClearButtonEnabled(True)
        lay.addWidget(self.contacts_filter)
        self.contacts_topic = QComboBox(w)
        self.contacts_topic.setToolTip(_t("只看负责这一专题条目的联系人"))
        lay.addWidget(self.contacts_topic)
        self.contacts_model = ContactsModel(hb.directory(), w)
        self.contacts_proxy = ContactsFilter(w)
        self.contacts_proxy.setSourceModel(self.contacts_model)
        self._fill_contacts_topics()
        self.contacts_filter.textChanged.connect(self._on_contacts_filter_text_changed)
        self.contacts_topic.currentIndexChanged.connect(self._on_contacts_topic_current_index_changed)
        self.contacts_view = QTableView(w)
        self.contacts_view.setModel(self.contacts_proxy)
        self.contacts_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts_view.verticalHeader().hide()
        # The pane is narrow: whose number it is and the editor's area code wrap onto a second line
        # rather than being cut off (the full directory, one line each, is the 联系人 page).
        self.contacts_view.setWordWrap(True)
        self.contacts_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.contacts_view.setSortingEnabled(True)
        self.contacts_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.contacts_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((112, 84, 52, 100, 150, 32)):
            self.contacts_view.setColumnWidth(col, width)
        self.contacts_view.setColumnHidden(ContactsModel.COL_EMAIL, True)  # on the contact's page, with a copy button
        self._fit_phone_column()
        self.contacts_view.installEventFilter(self)  # the type changes with 展台模式, 演示模式 …
        self.contacts_view.clicked.connect(self._on_contacts_view_clicked)
        self.contacts_view.activated.connect(self._on_contacts_view_clicked)
        lay.addWidget(self.contacts_view, 1)
        self.contacts_empty = QLabel(w)
        self.contacts_empty.setObjectName("contactsEmpty")
        self.contacts_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.contacts_empty.setWordWrap(True)
        self.contacts_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.contacts_empty.setContentsMargins(4, 12, 4, 4)
        self.contacts_empty.hide()
        lay.addWidget(self.contacts_empty, 1)
        return w

    def _fill_contacts_topics(self) -> None:
        chosen = self.contacts_topic.currentData() or ""
        self.contacts_topic.blockSignals(True)
        self.contacts_topic.clear()
        self.contacts_topic.addItem(_t("全部专题"), "")
        present = self.contacts_model.topics()
        for topic in [t for t in self._topic_order if t in present] + [t for t in present if t not in self._topic_order]:
            self.contacts_topic.addItem(topic, topic)
        self.contacts_topic.setCurrentIndex(max(0, self.contacts_topic.findData(chosen)))
        self.contacts_topic.blockSignals(False)
        self.contacts_proxy.set_topic(self.contacts_topic.currentData() or "")

    def _update_contacts_empty(self) -> None:
        """An empty table says why: which words or topic matched nothing, and what to do."""
        empty = self.contacts_proxy.rowCount() == 0
        if empty:
            what = "、".join(f"“{x}”" for x in (self.contacts_proxy.text, self.contacts_proxy.topic) if x)
            self.contacts_empty.setText(
                _t("没有符合{what}的联系人。\n可减少筛选词，或在专题中选“全部专题”。").format(what=what) if what
                else _t("本手册没有收录联系人。"))
        self.contacts_view.setVisible(not empty)
        self.contacts_empty.setVisible(empty)

    def _on_contacts_filter_text_changed(self, text: str) -> None:
        self.contacts_proxy.set_text(text.strip())
        self._update_contacts_empty()

    def _on_contacts_topic_current_index_changed(self, _index: int) -> None:
        self.contacts_proxy.set_topic(self.contacts_topic.currentData() or "")
        self._update_contacts_empty()

    def _on_contacts_view_clicked(self, index: QModelIndex) -> None:
        key = index.data(ROLE_ID)
        if key:
            self.page_requested.emit(Page("contact", str(key)))

    # -- bookmarks ------------------------------------------------------------------------------
    def _bookmarks_tab(self, hb: Handbook) -> QWidget:
        w = QWidget(self)
        lay = QVBoxLayout(w)
        lay.setContentsMargins(6, 6, 6, 6)
        self.bookmarks_model = BookmarksModel(hb, w)
        self.bookmarks_view = QListView(w)
        self.bookmarks_view.setModel(self.bookmarks_model)
        self.bookmarks_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bookmarks_view.clicked.connect(self._on_bookmarks_view_clicked)
        self.bookmarks_view.activated.connect(self._on_bookmarks_view_clicked)
        lay.addWidget(self.bookmarks_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.bookmark_remove_button = QPushButton(_t("移除所选收藏"), w)
        self.bookmark_remove_button.clicked.connect(self._on_bookmark_remove_button_clicked)
        row.addWidget(self.bookmark_remove_button)
        lay.addLayout(row)
        return w

    def set_bookmarks(self, ids: list[str]) -> None:
        self.bookmarks_model.set_ids(ids)

    def _on_bookmarks_view_clicked(self, index: QModelIndex) -> None:
        item_id = index.data(ROLE_ID)
        if item_id and self._hb.find(str(item_id)) is not None:
            self.page_requested.emit(Page("item", str(item_id)))

    def _on_bookmark_remove_button_clicked(self) -> None:
        index = self.bookmarks_view.currentIndex()
        if index.isValid():
            self.bookmark_remove_requested.emit(str(index.data(ROLE_ID)))

    def set_handbook(self, hb: Handbook, topics: list[str]) -> None:
        """New content (a content pack was installed or rolled back): rebuild every tab's model."""
        self._hb = hb
        self._topic_order = list(topics)
        self._parent_of = None  # the 目录 tree's paths to items, of the old content
        old = self.contents_view.model()
        model = build_contents_model(hb)
        model.setParent(self.contents_view)
        self.contents_view.setModel(model)
        if old is not None:
            old.deleteLater()
        self.contents_view.expandToDepth(0)
        # 专题 and 层级 are built again when next shown (now, if one of them is showing).
        self._pending = {self.TAB_TOPICS: lambda: build_topics_model(hb, topics),
                         self.TAB_LEVELS: lambda: build_levels_model(hb)}
        self._ensure_tab(self.currentIndex())
        old_contacts = self.contacts_model
        self.contacts_model = ContactsModel(hb.directory(), self.contacts_view)
        self.contacts_proxy.setSourceModel(self.contacts_model)
        self._fill_contacts_topics()
        self._update_contacts_empty()
        old_contacts.deleteLater()
        old_marks = self.bookmarks_model
        self.bookmarks_model = BookmarksModel(hb, self.bookmarks_view)
        self.bookmarks_model.set_ids(old_marks.ids())
        self.bookmarks_view.setModel(self.bookmarks_model)
        old_marks.deleteLater()
