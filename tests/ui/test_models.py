"""Every custom model passes pytest-qt's qtmodeltester, empty and filled, and shows the right data."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from ui.models import (
    ROLE_FIELD,
    ROLE_FILTER,
    ROLE_HEADER,
    ROLE_ID,
    ROLE_META,
    ROLE_SNIPPET_HTML,
    BookmarksModel,
    ContactsModel,
    FacetModel,
    SearchResultsModel,
)

pytestmark = pytest.mark.gui


def test_search_results_model(qtmodeltester: Any, handbook: Any) -> None:
    from tests.ui.conftest import FakeEngine

    model = SearchResultsModel(doc_label=lambda d: handbook.document(d).short_title)
    qtmodeltester.check(model)
    result = FakeEngine(handbook).search("高新技术企业")
    model.set_hits(result.hits)
    qtmodeltester.check(model)
    assert model.rowCount() == result.total > 0
    first = model.index(0, 0)
    hit = result.hits[0]
    assert first.data() == hit.title
    assert first.data(ROLE_ID) == hit.id
    assert hit.level in first.data(ROLE_META)
    assert handbook.document(hit.document_id).short_title in first.data(ROLE_META)
    # Snippet markup is escaped text plus our highlight spans only.
    html = first.data(ROLE_SNIPPET_HTML)
    assert "<script" not in html
    model.clear()
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_facet_model(qtmodeltester: Any) -> None:
    model = FacetModel(doc_label=lambda d: {"doc-a": "文件甲"}.get(d, d))
    qtmodeltester.check(model)
    facets = {"level": {"省级": 3, "市级": 5}, "document": {"doc-a": 8}, "topic": {}}
    model.set_facets(facets, {"region": "长安区"})
    qtmodeltester.check(model)
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    assert [i.data() for i in rows] == ["层级", "市级 5", "省级 3", "地区", "长安区 0", "文件", "文件甲 8"]
    assert [bool(i.data(ROLE_HEADER)) for i in rows] == [True, False, False, True, False, True, False]
    chosen = rows[4]
    assert chosen.data(ROLE_FIELD) == "region"
    assert chosen.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert rows[1].data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not (model.flags(rows[0]) & Qt.ItemFlag.ItemIsSelectable)


def test_contacts_model(qtmodeltester: Any, handbook: Any) -> None:
    entries = handbook.directory()
    model = ContactsModel(entries)
    qtmodeltester.check(model)
    assert model.rowCount() == len(entries) > 0
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "层级/单位", "处室", "联系人", "电话", "邮箱", "条目"]
    row = next(i for i, e in enumerate(entries) if e.contact.person == "穆丽欣")
    assert model.index(row, 0).data() == "省级 河北省科学技术厅（编者推定）"
    assert model.index(row, 3).data() == "0311-85813876"  # printed with its area code: shown as printed
    assert model.index(row, 4).data() == "mulx@hebkjt.cn"
    # The filter role finds a contact by the normalised number (area code added to local numbers).
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterRole(ROLE_FILTER)
    proxy.setFilterFixedString("031185813876")
    assert proxy.rowCount() >= 1
    assert proxy.index(0, 2).data() == "穆丽欣"
    assert ContactsModel([]).rowCount() == 0
    qtmodeltester.check(ContactsModel([]))


def test_bookmarks_model(qtmodeltester: Any, handbook: Any) -> None:
    model = BookmarksModel(handbook)
    qtmodeltester.check(model)
    model.set_ids(["hb12-01", "no-such-id"])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == handbook.measure("hb12-01").display_title
    assert "已不在手册中" in model.index(1, 0).data()
    assert model.index(1, 0).data(ROLE_ID) == "no-such-id"
