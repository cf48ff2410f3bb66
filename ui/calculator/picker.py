"""The calculator panel's picker: a searchable list grouped by topic, and the compact drop-down.

Both show the same calculators, titled with their computed status when it is not one word for all
(``科技创新券``, ``廊坊市人工智能服务平台补助（征求意见稿）``).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from content.calc import Calculator

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei"]


def font(point_size: float = 10.5, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(CJK_FAMILIES)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def topics_in_order() -> list[str]:
    import yaml

    from content.calc.declarations import VOCABULARY_FILE

    try:
        return list(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))["topics"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return []


def picker_title(c: Calculator) -> str:
    """The title with the status of its citations when that is not 效力未核实 (the common case)."""
    return c.title if c.status == "效力未核实" else f"{c.title}（{c.status}）"


class CalculatorPicker(QWidget):
    """A search box over a tree of calculators grouped by topic.

    Signals:
        current_changed(str): the current calculator in the list changed (its id).
        chosen(str): a calculator was clicked or activated (its id).
    """

    current_changed = Signal(str)
    chosen = Signal(str)

    def __init__(self, calcs: Mapping[str, Calculator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calculatorPicker")
        pl = QVBoxLayout(self)
        pl.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("calculatorSearch")
        self.search_edit.setPlaceholderText(self.tr("搜索计算器，例如 贴息、高新、加计扣除"))
        self.search_edit.setClearButtonEnabled(True)
        pl.addWidget(self.search_edit)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.tree = QTreeView(self)
        self.tree.setObjectName("calculatorTree")
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(120)
        pl.addWidget(self.tree, 1)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.clicked.connect(self._on_tree_activated)
        self._fill(calcs)

    def _fill(self, calcs: Mapping[str, Calculator]) -> None:
        order = topics_in_order()
        topics = sorted({c.topic for c in calcs.values()},
                        key=lambda t: (order.index(t) if t in order else len(order), t))
        root = self.model.invisibleRootItem()
        for topic in topics:
            group = QStandardItem(topic)
            group.setSelectable(False)
            group.setFont(font(10.5, bold=True))
            group.setData("", SEARCH_ROLE)
            for c in calcs.values():
                if c.topic != topic:
                    continue
                item = QStandardItem(picker_title(c))
                item.setData(c.id, ID_ROLE)
                item.setData(" ".join([c.id, c.title, c.topic, c.description, *c.keywords]), SEARCH_ROLE)
                item.setToolTip(c.description)
                group.appendRow(item)
            root.appendRow(group)
        self.tree.expandAll()

    def find_index(self, calc_id: str) -> QModelIndex:
        for r in range(self.proxy.rowCount()):
            group = self.proxy.index(r, 0)
            for c in range(self.proxy.rowCount(group)):
                idx = self.proxy.index(c, 0, group)
                if idx.data(ID_ROLE) == calc_id:
                    return idx
        return QModelIndex()

    def select(self, calc_id: str) -> bool:
        """Make ``calc_id`` current (clearing the search); ``False`` if it was current already."""
        self.search_edit.clear()
        idx = self.find_index(calc_id)
        if idx.isValid() and self.tree.currentIndex() != idx:
            self.tree.setCurrentIndex(idx)
            return True
        return False

    def first_index(self) -> QModelIndex:
        for r in range(self.proxy.rowCount()):
            group = self.proxy.index(r, 0)
            if self.proxy.rowCount(group):
                return self.proxy.index(0, 0, group)
        return QModelIndex()

    def full_height(self) -> int:
        """The height of the whole list (not what a search left of it: typing must not re-arrange)."""
        rows = self.model.rowCount() + sum(self.model.item(r).rowCount() for r in range(self.model.rowCount()))
        row = self.tree.sizeHintForRow(0) if self.proxy.rowCount() else self.fontMetrics().height() + 4
        return self.search_edit.sizeHint().height() + rows * max(row, 1) + 12

    # -- slots -------------------------------------------------------------------------------------
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _on_search_edit_return_pressed(self) -> None:
        first = self.first_index()
        if first.isValid():
            self.tree.setCurrentIndex(first)
            self._on_tree_activated(first)

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        calc_id = current.data(ID_ROLE) if current.isValid() else None
        if calc_id:
            self.current_changed.emit(calc_id)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        calc_id = index.data(ID_ROLE)
        if calc_id:
            self.chosen.emit(calc_id)


class SelectorBar(QWidget):
    """When space is short: the current calculator in a drop-down and a button that opens the list.

    Signals:
        chosen(str): a calculator was picked in the drop-down.
        list_toggled(bool): the button opened (True) or folded (False) the full list.
    """

    chosen = Signal(str)
    list_toggled = Signal(bool)

    def __init__(self, calcs: Mapping[str, Calculator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sl = QHBoxLayout(self)
        sl.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setObjectName("calculatorCombo")
        self.combo.setToolTip(self.tr("换一个计算器"))
        self.combo.setMaxVisibleItems(20)
        # A scrolling list below the box, not Fusion's menu popup that covers the whole screen height.
        self.combo.setStyleSheet("QComboBox { combobox-popup: 0; }")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.model = QStandardItemModel(self)
        self.combo.setModel(self.model)
        self.combo.activated.connect(self._on_combo_activated)
        sl.addWidget(self.combo, 1)
        self.list_button = QToolButton(self)
        self.list_button.setObjectName("calculatorListButton")
        self.list_button.setCheckable(True)
        self.list_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list_button.toggled.connect(self.list_toggled)
        sl.addWidget(self.list_button)
        order = topics_in_order()
        topics = sorted({c.topic for c in calcs.values()},
                        key=lambda t: (order.index(t) if t in order else len(order), t))
        root = self.model.invisibleRootItem()
        for topic in topics:
            header = QStandardItem(topic)
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading in the drop-down, not a choice
            header.setFont(font(10.5, bold=True))
            header.setForeground(QBrush(QColor("#5b6470")))
            root.appendRow(header)
            for c in calcs.values():
                if c.topic == topic:
                    choice = QStandardItem(picker_title(c))
                    choice.setData(c.id, ID_ROLE)
                    choice.setToolTip(c.description)
                    root.appendRow(choice)

    def sync(self, calc_id: str | None) -> None:
        for r in range(self.model.rowCount()):
            if self.model.item(r).data(ID_ROLE) == calc_id:
                self.combo.setCurrentIndex(r)
                return
        self.combo.setCurrentIndex(-1)

    def show_list_state(self, open_: bool) -> None:
        self.list_button.blockSignals(True)
        self.list_button.setChecked(open_)
        self.list_button.setText(self.tr("收起列表") if open_ else self.tr("全部计算器…"))
        self.list_button.setToolTip(self.tr("收起计算器列表") if open_ else self.tr("显示全部计算器，可搜索"))
        self.list_button.blockSignals(False)

    def _on_combo_activated(self, row: int) -> None:
        calc_id = self.model.item(row).data(ID_ROLE) if row >= 0 else None
        if calc_id:
            self.chosen.emit(calc_id)
