"""The card dialog (明白卡、联系卡、清单) and printing one item from the reader (Ctrl+P).

The dialog only gathers choices — measures, header, layout — and hands them to the layouts; the
preview, the printer and "save as PDF" all go through :func:`ui.printing.render.render`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from content.bundle import ContentBundle
from content.model import Document, Handbook, Measure, Part
from ui.documents import documents_dir
from ui.printing.errors import HeaderError, PrintError
from ui.printing.fonts import ensure_cjk_fonts
from ui.printing.model import (
    LAYOUT_NAMES,
    LAYOUTS,
    CardHeader,
    CardReport,
    default_mingbai_ids,
)
from ui.printing.render import make_layout, render, setup_printer, write_cards_pdf
from ui.saved_notice import SavedNotice

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2


# ---------------------------------------------------------------------------------------------
# Remembered choices
# ---------------------------------------------------------------------------------------------
class CardSettings:
    """The last header and layout, kept in the app's settings (``ui.settings.Settings``)."""

    HEADER_KEY = "cards/header"
    LAYOUT_KEY = "cards/layout"

    def __init__(self, path: Path | None = None) -> None:
        from ui.settings import Settings

        self.settings = Settings(path)

    @property
    def header(self) -> CardHeader:
        raw = self.settings.card_header
        if not raw:
            return CardHeader()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                return CardHeader()
            return CardHeader.from_dict(data)
        except (ValueError, HeaderError):  # a hand-edited or old file: fall back to the default
            return CardHeader()

    @header.setter
    def header(self, value: CardHeader) -> None:
        self.settings.card_header = json.dumps(value.to_dict(), ensure_ascii=False)
        self.settings.sync()

    @property
    def layout(self) -> str:
        raw = self.settings.card_layout
        return raw if raw in LAYOUTS else "mingbai"

    @layout.setter
    def layout(self, value: str) -> None:
        self.settings.card_layout = value
        self.settings.sync()


# ---------------------------------------------------------------------------------------------
# The measure tree
# ---------------------------------------------------------------------------------------------
def _item(text: str, item_id: str, kind: str, tip: str = "") -> QStandardItem:
    it = QStandardItem(text)
    it.setEditable(False)
    it.setCheckable(True)
    it.setData(item_id, ID_ROLE)
    it.setData(kind, KIND_ROLE)
    if tip:
        it.setToolTip(tip)
    return it


def _part_label(p: Part) -> str:
    return p.title if not p.number or p.title.startswith(p.number) else f"{p.number}、{p.title}"


class MeasureTree(QStandardItemModel):
    """Documents › parts › measures, each with a check box; a parent's box checks its children."""

    selection_changed = Signal()

    def __init__(self, hb: Handbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._measure_items: dict[str, QStandardItem] = {}
        root = self.invisibleRootItem()
        for d in hb.documents:
            di = _item(d.short_title or d.title, d.id, "document", d.title)
            root.appendRow(di)
            for p in d.parts:
                self._add_part(di, p)
        self.itemChanged.connect(self._on_item_changed)

    def _add_part(self, parent: QStandardItem, p: Part) -> None:
        pi = _item(_part_label(p), p.id, "part", p.title)
        parent.appendRow(pi)
        for m in p.measures:
            mi = _item(m.display_title, m.id, "measure", m.text[:200])
            pi.appendRow(mi)
            self._measure_items[m.id] = mi
        for sub in p.parts:
            self._add_part(pi, sub)

    # -- queries ------------------------------------------------------------------------------------
    def measure_items(self) -> Iterator[QStandardItem]:
        yield from self._measure_items.values()

    def checked_ids(self) -> list[str]:
        return [i for i, it in self._measure_items.items() if it.checkState() == Qt.CheckState.Checked]

    def item_for(self, item_id: str) -> QStandardItem | None:
        found = self._measure_items.get(item_id)
        if found is not None:
            return found
        for row in range(self.rowCount()):
            hit = self._find(self.item(row), item_id)
            if hit is not None:
                return hit
        return None

    def _find(self, it: QStandardItem, item_id: str) -> QStandardItem | None:
        if it.data(ID_ROLE) == item_id:
            return it
        for r in range(it.rowCount()):
            hit = self._find(it.child(r), item_id)
            if hit is not None:
                return hit
        return None

    # -- changes ------------------------------------------------------------------------------------
    def set_checked(self, ids: Sequence[str], checked: bool = True, *, only: bool = False) -> None:
        """Check (or uncheck) the measures ``ids``; ``only`` unchecks everything else first."""
        self._updating = True
        try:
            wanted = set(ids)
            for mid, it in self._measure_items.items():
                if mid in wanted:
                    it.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                elif only:
                    it.setCheckState(Qt.CheckState.Unchecked)
            for row in range(self.rowCount()):
                self._refresh(self.item(row))
        finally:
            self._updating = False
        self.selection_changed.emit()

    def _refresh(self, it: QStandardItem) -> Qt.CheckState:
        """Set a parent's state from its children (checked, unchecked or partly)."""
        if not it.hasChildren():
            return it.checkState()
        states = {self._refresh(it.child(r)) for r in range(it.rowCount())}
        if states == {Qt.CheckState.Checked}:
            state = Qt.CheckState.Checked
        elif states == {Qt.CheckState.Unchecked}:
            state = Qt.CheckState.Unchecked
        else:
            state = Qt.CheckState.PartiallyChecked
        it.setCheckState(state)
        return state

    def _set_subtree(self, it: QStandardItem, state: Qt.CheckState) -> None:
        for r in range(it.rowCount()):
            child = it.child(r)
            child.setCheckState(state)
            self._set_subtree(child, state)

    def _on_item_changed(self, it: QStandardItem) -> None:
        if self._updating:
            return
        self._updating = True
        try:
            state = it.checkState()
            if it.hasChildren() and state != Qt.CheckState.PartiallyChecked:
                self._set_subtree(it, state)
            for row in range(self.rowCount()):
                self._refresh(self.item(row))
        finally:
            self._updating = False
        self.selection_changed.emit()


# ---------------------------------------------------------------------------------------------
# The dialog
# ---------------------------------------------------------------------------------------------
class CardDialog(QDialog):
    """Make 明白卡, contact cards or a hand-out list for a chosen set of measures.

    Args:
        bundle: The loaded content.
        parent: The parent widget.
        preselected_ids: Measures (or parts/documents) checked when the dialog opens; default: the
            measures of the Chang'an 明白卡.
        search_ids: The current search results, offered as one click ("勾选检索结果").
    """

    report_changed = Signal(object)

    def __init__(self, bundle: ContentBundle, parent: QWidget | None = None, *,
                 preselected_ids: Sequence[str] = (), search_ids: Sequence[str] = ()) -> None:
        super().__init__(parent)
        ensure_cjk_fonts()
        self.bundle = bundle
        self.hb = handbook = bundle.handbook
        self.search_ids = [i for i in search_ids if handbook.measure(i) is not None]
        self.settings = CardSettings()
        self.last_report: CardReport | None = None
        self.setWindowTitle(self.tr("制作明白卡 / 联系卡 / 清单"))
        self.resize(1060, 720)

        self.tree_model = MeasureTree(handbook, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.tree_model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("筛选措施（标题中的字词）"))
        self.filter_edit.setClearButtonEnabled(True)
        self.topic_combo = QComboBox()
        topics = sorted({t for m in handbook.measures() for t in m.topics})
        self.topic_combo.addItems(topics)
        self.topic_button = QPushButton(self.tr("勾选此主题"))
        self.search_button = QPushButton(self.tr("勾选检索结果（{n}条）").replace("{n}", str(len(self.search_ids))))
        self.search_button.setEnabled(bool(self.search_ids))
        self.default_button = QPushButton(self.tr("长安区明白卡"))
        self.default_button.setToolTip(self.tr("省级十二条、市级十六条和长安区措施，与长安区印制的明白卡相同"))
        self.clear_button = QPushButton(self.tr("全部取消"))
        self.count_label = QLabel()

        left = QGroupBox(self.tr("选择措施"))
        lv = QVBoxLayout(left)
        lv.addWidget(self.filter_edit)
        lv.addWidget(self.tree, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("按主题：")))
        row.addWidget(self.topic_combo, 1)
        row.addWidget(self.topic_button)
        lv.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.search_button)
        row.addWidget(self.default_button)
        row.addWidget(self.clear_button)
        lv.addLayout(row)
        lv.addWidget(self.count_label)

        # header editor
        self.layout_combo = QComboBox()
        for key in LAYOUTS:
            self.layout_combo.addItem(LAYOUT_NAMES[key], key)
        # Off whenever the dialog opens (never remembered): hand-outs carry the official text; the
        # editors' notes are for staff checking a print, not for visitors.
        self.notes_check = QCheckBox(self.tr("打印编者注（内部核对用）"))
        # as wide as its text: the focus ring then frames the box and its words, not the whole row
        self.notes_check.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.notes_check.setToolTip(self.tr("编者注指出原文的疑点（重复编号、无法核实的邮箱等），供工作人员核对；"
                                            "发给企业的材料一般不印。联系卡不印编者注。"))
        self.office_edit = QLineEdit()
        self.slogans_edit = QPlainTextEdit()
        self.slogans_edit.setFixedHeight(56)
        self.title_edit = QLineEdit()
        self.contact_title_edit = QLineEdit()
        self.contact_lines_edit = QPlainTextEdit()
        self.contact_lines_edit.setFixedHeight(70)
        self.qr_edit = QLineEdit()
        self.qr_edit.setPlaceholderText(self.tr("可选：单位微信二维码等图片"))
        self.qr_button = QPushButton(self.tr("选择图片…"))
        self.printed_by_edit = QLineEdit()
        self.reset_header_button = QPushButton(self.tr("恢复长安区示例抬头"))

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("版式"))
        form = QFormLayout(box)
        form.addRow(self.tr("版式："), self.layout_combo)
        form.addRow("", self.notes_check)
        rv.addWidget(box)
        box = QGroupBox(self.tr("封面与抬头"))
        form = QFormLayout(box)
        form.addRow(self.tr("单位名称："), self.office_edit)
        form.addRow(self.tr("标语（每行一条）："), self.slogans_edit)
        form.addRow(self.tr("标题："), self.title_edit)
        form.addRow(self.tr("联系方式标题："), self.contact_title_edit)
        form.addRow(self.tr("联系方式（每行一条）："), self.contact_lines_edit)
        qr_row = QHBoxLayout()
        qr_row.addWidget(self.qr_edit, 1)
        qr_row.addWidget(self.qr_button)
        form.addRow(self.tr("二维码图片："), qr_row)
        form.addRow(self.tr("印制单位："), self.printed_by_edit)
        form.addRow("", self.reset_header_button)
        rv.addWidget(box)
        self.report_label = QLabel(self.tr("预览、打印或保存后，这里会说明页数以及缩小字号或续排的卡片。"))
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rv.addWidget(self.report_label)
        self.saved_notice = SavedNotice()
        rv.addWidget(self.saved_notice)
        rv.addStretch(1)

        self.preview_button = QPushButton(self.tr("预览…"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.pdf_button = QPushButton(self.tr("另存为PDF…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addWidget(buttons)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.topic_button.clicked.connect(self._on_topic_button_clicked)
        self.search_button.clicked.connect(self._on_search_button_clicked)
        self.default_button.clicked.connect(self._on_default_button_clicked)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.qr_button.clicked.connect(self._on_qr_button_clicked)
        self.reset_header_button.clicked.connect(self._on_reset_header_button_clicked)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_cards)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.tree_model.selection_changed.connect(self._on_selection_changed)
        self.layout_combo.currentIndexChanged.connect(self._on_layout_combo_current_index_changed)

        self.set_header(self.settings.header)
        self.set_layout(self.settings.layout)
        self._on_layout_combo_current_index_changed(self.layout_combo.currentIndex())
        from ui.printing.model import expand_ids

        try:
            initial = expand_ids(handbook, preselected_ids) if preselected_ids else default_mingbai_ids(handbook)
        except PrintError:
            initial = default_mingbai_ids(handbook)
        self.tree_model.set_checked(initial, only=True)
        self._expand_checked()

    # -- state ----------------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """Checked measures in reading order."""
        return self.tree_model.checked_ids()

    def layout_name(self) -> str:
        return str(self.layout_combo.currentData())

    def print_notes(self) -> bool:
        """Whether the editor's notes are printed (the "打印编者注（内部核对用）" box)."""
        return self.notes_check.isChecked()

    def set_layout(self, name: str) -> None:
        i = self.layout_combo.findData(name)
        if i >= 0:
            self.layout_combo.setCurrentIndex(i)

    def header(self) -> CardHeader:
        """The header as edited."""
        def lines(edit: QPlainTextEdit) -> tuple[str, ...]:
            return tuple(x.strip() for x in edit.toPlainText().splitlines() if x.strip())

        return CardHeader(
            office=self.office_edit.text().strip(),
            slogans=lines(self.slogans_edit),
            title=self.title_edit.text().strip(),
            contact_title=self.contact_title_edit.text().strip(),
            contact_lines=lines(self.contact_lines_edit),
            qr_image=self.qr_edit.text().strip(),
            printed_by=self.printed_by_edit.text().strip(),
        )

    def set_header(self, h: CardHeader) -> None:
        self.office_edit.setText(h.office)
        self.slogans_edit.setPlainText("\n".join(h.slogans))
        self.title_edit.setText(h.title)
        self.contact_title_edit.setText(h.contact_title)
        self.contact_lines_edit.setPlainText("\n".join(h.contact_lines))
        self.qr_edit.setText(h.qr_image)
        self.printed_by_edit.setText(h.printed_by)

    def _remember(self) -> None:
        self.settings.header = self.header()
        self.settings.layout = self.layout_name()

    def _check_ready(self) -> bool:
        if not self.selected_ids():
            QMessageBox.information(self, self.windowTitle(), self.tr("请先在左侧勾选至少一条措施。"))
            return False
        qr = self.qr_edit.text().strip()
        if qr and not Path(qr).is_file():
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("找不到二维码图片：{path}\n请重新选择图片，或清空该栏。").replace("{path}", qr))
            return False
        return True

    def _show_report(self, report: CardReport) -> None:
        self.last_report = report
        self.report_label.setText("\n".join(report.summary_lines()))
        self.report_changed.emit(report)

    # -- output ---------------------------------------------------------------------------------------
    def paint_on(self, printer: QPrinter) -> CardReport:
        """Paint the current choice on ``printer`` (preview or print) and show the report."""
        layout = make_layout(self.bundle, self.layout_name(), self.selected_ids(), self.header(),
                             notes=self.print_notes())
        report = render(layout, printer)
        self._show_report(report)
        return report

    def make_preview(self) -> QPrintPreviewDialog:
        """The preview dialog (not yet shown), with the report shown above the pages."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer)
        self._preview_printer = printer  # the preview keeps a pointer: keep the printer alive
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setWindowTitle(self.tr("预览 — {name}").replace("{name}", LAYOUT_NAMES[self.layout_name()]))
        note = QLabel()
        note.setWordWrap(True)
        note.setObjectName("cardReportNote")
        lay = dlg.layout()
        if isinstance(lay, QBoxLayout):
            lay.insertWidget(0, note)

        def paint(p: QPrinter) -> None:
            try:
                report = self.paint_on(p)
            except PrintError as exc:
                note.setText(str(exc))
                return
            note.setText("\n".join(report.summary_lines()))

        dlg.paintRequested.connect(paint)
        dlg.resize(900, 760)
        return dlg

    def preview(self) -> None:
        if not self._check_ready():
            return
        self._remember()
        self.make_preview().exec()

    def print_cards(self) -> None:
        if not self._check_ready():
            return
        self._remember()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.paint_on(printer)
        except PrintError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))

    def save_pdf(self, path: Path) -> CardReport | None:
        """Write the current choice to ``path``; shows a message and returns ``None`` on failure.

        On success the dialog says "已保存：路径" with buttons to open the file or its folder.
        """
        self._remember()
        self.saved_notice.hide()
        try:
            report = write_cards_pdf(self.bundle, path, layout=self.layout_name(), ids=self.selected_ids(),
                                     header=self.header(), notes=self.print_notes())
        except PrintError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return None
        self._show_report(report)
        self.saved_notice.show_saved(path)
        return report

    # -- slots ----------------------------------------------------------------------------------------
    def _on_pdf_button_clicked(self) -> None:
        if not self._check_ready():
            return
        name = {"mingbai": "明白卡.pdf", "contact": "联系卡.pdf", "list": "政策清单.pdf"}[self.layout_name()]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("另存为PDF"), str(documents_dir() / name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.save_pdf(Path(path))

    def _on_layout_combo_current_index_changed(self, _index: int) -> None:
        # a business card has no room for the notes: say so rather than ignore the box
        self.notes_check.setEnabled(self.layout_name() != "contact")

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip():
            self.tree.expandAll()

    def _on_topic_button_clicked(self) -> None:
        topic = self.topic_combo.currentText()
        ids = [m.id for m in self.hb.measures() if topic in m.topics]
        self.tree_model.set_checked(ids)
        self._expand_checked()

    def _on_search_button_clicked(self) -> None:
        self.tree_model.set_checked(self.search_ids)
        self._expand_checked()

    def _on_default_button_clicked(self) -> None:
        self.tree_model.set_checked(default_mingbai_ids(self.hb), only=True)
        self._expand_checked()

    def _on_clear_button_clicked(self) -> None:
        self.tree_model.set_checked([], only=True)

    def _on_qr_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择二维码图片"), str(Path.home()),
                                              self.tr("图片 (*.png *.jpg *.jpeg *.bmp *.gif)"))
        if path:
            self.qr_edit.setText(path)

    def _on_reset_header_button_clicked(self) -> None:
        self.set_header(CardHeader())

    def _on_selection_changed(self) -> None:
        n = len(self.selected_ids())
        self.count_label.setText(self.tr("已选 {n} 条措施").replace("{n}", str(n)))

    def _expand_checked(self) -> None:
        """Expand the branches that hold checked measures (documents and parts only)."""
        for it in self.tree_model.measure_items():
            if it.checkState() == Qt.CheckState.Checked:
                parent = it.parent()
                while parent is not None:
                    idx = self.proxy.mapFromSource(parent.index())
                    if idx.isValid():
                        self.tree.expand(idx)
                    parent = parent.parent()


# ---------------------------------------------------------------------------------------------
# Ctrl+P in the reader
# ---------------------------------------------------------------------------------------------
def _make_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer)
    return printer


def _ask_print(printer: QPrinter, parent: QWidget | None) -> bool:
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def print_item(bundle: ContentBundle, item_id: str, parent: QWidget | None = None) -> None:
    """Print one measure, part or document (the reader's Ctrl+P): a print dialog, then the pages.

    The pages are those of the handbook PDF (running header, page numbers, editor's notes), without
    cover and table of contents.
    """
    from ui.printing.handbook_pdf import HandbookLayout

    ensure_cjk_fonts()
    found = bundle.handbook.find(item_id)
    if not isinstance(found, Measure | Part | Document):
        QMessageBox.warning(parent, "打印", f"找不到要打印的条目：{item_id}")
        return
    printer = _make_printer()
    printer.setDocName(found.display_title if isinstance(found, Measure) else found.title)
    if not _ask_print(printer, parent):
        return
    try:
        HandbookLayout(bundle, item_id, cover=False, toc=False).render(printer)
    except PrintError as exc:
        QMessageBox.warning(parent, "打印", str(exc))
