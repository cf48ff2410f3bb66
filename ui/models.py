"""Qt item models: search results, facet chips, the contact directory, bookmarks.

Each model holds plain values (frozen dataclasses from ``content`` or ``index``) and never calls
into whoosh or the file system.  All of them pass pytest-qt's ``qtmodeltester``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from content.model import DirectoryEntry, Handbook

ROLE_ID = Qt.ItemDataRole.UserRole + 1
ROLE_HIT = Qt.ItemDataRole.UserRole + 2
ROLE_FIELD = Qt.ItemDataRole.UserRole + 3
ROLE_VALUE = Qt.ItemDataRole.UserRole + 4
ROLE_COUNT = Qt.ItemDataRole.UserRole + 5
ROLE_HEADER = Qt.ItemDataRole.UserRole + 6
ROLE_FILTER = Qt.ItemDataRole.UserRole + 7
ROLE_SNIPPET_HTML = Qt.ItemDataRole.UserRole + 8
ROLE_META = Qt.ItemDataRole.UserRole + 9
ROLE_TOPICS = Qt.ItemDataRole.UserRole + 10

AnyIndex = QModelIndex | QPersistentModelIndex
_INVALID = QModelIndex()


def _t(text: str) -> str:
    return QCoreApplication.translate("models", text)


# --------------------------------------------------------------------------------------------
# Search results
# --------------------------------------------------------------------------------------------
class SearchResultsModel(QAbstractListModel):
    """The hits of one search (``index.SearchHit`` values), best first."""

    MARK_OPEN = '<span style="background-color:#ffe27a">'
    MARK_CLOSE = "</span>"

    def __init__(self, parent: Any = None, *, doc_label: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self._hits: list[Any] = []
        self._exact = 0
        self._snippets: list[str] = []
        self._doc_label = doc_label

    def set_hits(self, hits: Sequence[Any], related: Sequence[Any] = ()) -> None:
        """The exact hits, then the related ones (marked 相关 in their meta line)."""
        self.beginResetModel()
        self._hits = [*hits, *related]
        self._exact = len(hits)
        self._snippets = [self._snippet_html(h) for h in self._hits]
        self.endResetModel()

    def is_related(self, row: int) -> bool:
        return row >= self._exact

    def clear(self) -> None:
        self.set_hits(())

    def hit(self, row: int) -> Any:
        return self._hits[row]

    def _snippet_html(self, hit: Any) -> str:
        try:
            return str(hit.snippet_marked(self.MARK_OPEN, self.MARK_CLOSE, html_escape=True))
        except Exception:  # a hit without marks still shows its plain snippet
            import html

            return html.escape(str(getattr(hit, "snippet", "")))

    def meta(self, hit: Any) -> str:
        parts = [getattr(hit, "level", ""), getattr(hit, "region", ""), self._doc_label(getattr(hit, "document_id", ""))]
        status = getattr(hit, "status", "")  # the content bundle's computed status (the search status seam)
        if status:
            parts.append(status)
        return " · ".join(p for p in parts if p)

    def rowCount(self, parent: AnyIndex = _INVALID) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits) or index.column() != 0:
            return None
        h = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(h.title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return " › ".join(h.path) if isinstance(h.path, tuple | list) else str(h.path)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{h.title}：{h.snippet}"
        if role == ROLE_ID:
            return str(h.id)
        if role == ROLE_HIT:
            return h
        if role == ROLE_SNIPPET_HTML:
            return self._snippets[index.row()]
        if role == ROLE_META:
            meta = self.meta(h)
            return _t("相关 · ") + meta if index.row() >= self._exact else meta
        return None


# --------------------------------------------------------------------------------------------
# Facet chips
# --------------------------------------------------------------------------------------------
FACET_FIELDS: tuple[tuple[str, str], ...] = (
    ("level", "层级"),
    ("region", "地区"),
    ("topic", "专题"),
    ("document", "文件"),
    ("status", "状态"),
)


@dataclass(frozen=True)
class Chip:
    field: str
    value: str
    label: str
    count: int
    checked: bool
    header: bool = False


class FacetModel(QAbstractListModel):
    """Facet filters as chips: a header per field, then one chip per value with its count."""

    def __init__(self, parent: Any = None, *, doc_label: Callable[[str], str] = str) -> None:
        super().__init__(parent)
        self._chips: list[Chip] = []
        self._doc_label = doc_label

    def set_facets(self, facets: Mapping[str, Mapping[str, int]], filters: Mapping[str, str]) -> None:
        chips: list[Chip] = []
        for fld, title in FACET_FIELDS:
            counts = dict(facets.get(fld, {}) or {})
            chosen = filters.get(fld)
            if chosen and chosen not in counts:
                counts[chosen] = 0  # a chosen filter always stays visible so it can be removed
            if not counts:
                continue
            chips.append(Chip(fld, "", _t(title), 0, False, header=True))
            for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                label = self._doc_label(value) if fld == "document" else value
                chips.append(Chip(fld, value, label, int(n), value == chosen))
        self.beginResetModel()
        self._chips = chips
        self.endResetModel()

    def chip(self, row: int) -> Chip:
        return self._chips[row]

    def rowCount(self, parent: AnyIndex = _INVALID) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._chips)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        c = self._chips[index.row()]
        if c.header:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._chips) or index.column() != 0:
            return None
        c = self._chips[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.label if c.header else f"{c.label} {c.count}"
        if role == Qt.ItemDataRole.CheckStateRole and not c.header:
            return Qt.CheckState.Checked if c.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and not c.header:
            return _t("{label}：{n} 条结果").format(label=c.label, n=c.count)
        if role == ROLE_FIELD:
            return c.field
        if role == ROLE_VALUE:
            return c.value
        if role == ROLE_COUNT:
            return c.count
        if role == ROLE_HEADER:
            return c.header
        return None


# --------------------------------------------------------------------------------------------
# Contact directory
# --------------------------------------------------------------------------------------------
class ContactsModel(QAbstractTableModel):
    """The deduplicated contact directory: whose (level and unit), office, person, phone, e-mail, measures.

    Level, unit, topics and measure titles are the content's (:class:`content.model.DirectoryEntry`).
    A number printed without its area code shows as printed, with the area code the handbook adds
    marked as the editor's (``85678026（区号0311编者补）``).
    """

    HEADERS = ("层级/单位", "处室", "联系人", "电话", "邮箱", "条目")
    COL_UNIT, COL_OFFICE, COL_PERSON, COL_PHONE, COL_EMAIL, COL_COUNT = range(6)

    def __init__(self, entries: Sequence[DirectoryEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)

    def entry(self, row: int) -> DirectoryEntry:
        return self._entries[row]

    def topics(self) -> list[str]:
        """Every topic of a measure some contact serves, in first-seen order."""
        return list(dict.fromkeys(t for e in self._entries for t in e.topics))

    def rowCount(self, parent: AnyIndex = _INVALID) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = _INVALID) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return _t(self.HEADERS[section])
        return None

    def _phone(self, e: DirectoryEntry, *, tip: bool) -> str:
        c = e.contact
        if not c.area_code_added:
            return c.phone
        if tip:
            return _t("原件印作 {phone}；区号 {code} 为编者所补，原件未印").format(phone=c.phone, code=c.area_code_added)
        return _t("{phone}（区号{code}编者补）").format(phone=c.phone, code=c.area_code_added)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        c = e.contact
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            tip = role == Qt.ItemDataRole.ToolTipRole
            values = (e.unit_text, c.office, c.person, self._phone(e, tip=tip), c.email, str(len(e.measure_ids)))
            if tip and col == self.COL_COUNT and e.titles:
                return "\n".join(e.titles)
            return values[col] if 0 <= col < len(values) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROLE_ID:
            return e.key
        if role == ROLE_TOPICS:
            return list(e.topics)
        if role == ROLE_FILTER:
            forms = " ".join(f"{v.office} {v.person} {v.phone} {v.phone_normalized} {v.email} {v.label}"
                             for v in e.variants or (c,))
            return " ".join((forms, e.unit_text, *e.topics, *e.titles)).lower()
        return None


class ContactsFilter(QSortFilterProxyModel):
    """The directory filtered by words (office, name, number, unit, topic, measure title) and a topic.

    Every word must occur (``长安 张少鹏``); the topic, when chosen, must be one of the topics of the
    measures the contact serves.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._topic = ""
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def text(self) -> str:
        return " ".join(self._words)

    @property
    def topic(self) -> str:
        return self._topic

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.lower().split())
        self.endFilterChange()

    def set_topic(self, topic: str) -> None:
        self.beginFilterChange()
        self._topic = topic
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        if model is None:
            return False
        index = model.index(source_row, 0, source_parent)
        if self._topic and self._topic not in (index.data(ROLE_TOPICS) or ()):
            return False
        haystack = str(index.data(ROLE_FILTER) or "")
        return all(w in haystack for w in self._words)


# --------------------------------------------------------------------------------------------
# Bookmarks
# --------------------------------------------------------------------------------------------
class BookmarksModel(QAbstractListModel):
    """Bookmarked items by id; ids no longer in the handbook show as such (not dropped)."""

    def __init__(self, handbook: Handbook, parent: Any = None) -> None:
        super().__init__(parent)
        self._hb = handbook
        self._ids: list[str] = []

    def set_ids(self, ids: Sequence[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self.endResetModel()

    def ids(self) -> list[str]:
        return list(self._ids)

    def rowCount(self, parent: AnyIndex = _INVALID) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids) or index.column() != 0:
            return None
        item_id = self._ids[index.row()]
        item = self._hb.find(item_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if item is None:
                return _t("（已不在手册中：{id}）").format(id=item_id)
            title = getattr(item, "display_title", None) or item.title
            return str(title)
        if role == Qt.ItemDataRole.ToolTipRole:
            if item is None:
                return item_id
            path = getattr(item, "path", ())
            return " › ".join(path) if path else item.title
        if role == ROLE_ID:
            return item_id
        return None
