"""补贴计算器 panel: pick a calculator, fill the generated form, read the result with its working.

The panel only renders what :mod:`content.calc` computes: no rate, tier or cap appears here.  One
HTML routine (:func:`result_html`) feeds the on-screen view and the one-page PDF.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMarginsF, QModelIndex, QSize, QSizeF, QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from content.calc import (
    CalcDeclarationError,
    CalcInput,
    CalcInputError,
    CalcResult,
    Calculator,
    calculators_for_measure,
    evaluate,
    expected_form,
    format_wan,
    format_yuan,
    holds,
    load_calculators,
    parse_input,
)
from content.calc.cli import format_result
from content.calc.inputs import Value
from content.model import Contact, Handbook
from ui.documents import documents_dir
from ui.plaintext import NoResourcesBrowser

CJK_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei"]
YUAN, WAN = "元", "万元"
_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
_BARE_NUMBER = re.compile(r"^\s*[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?\s*$")
_STATUS_COLOURS = {"现行": ("#17622c", "#dff2e4"), "征求意见稿": ("#8a4b00", "#fdebd0"),
                   "已到期": ("#8a1c1c", "#f8dcdc"), "部分已到期": ("#8a1c1c", "#f8dcdc"),
                   "部分征求意见稿": ("#8a4b00", "#fdebd0")}
_LEVEL_COLOURS = {"国家": "#8a1c1c", "省级": "#6b2a8a", "市级": "#1f5fa8", "区级": "#2d6b55"}


def _font(point_size: float = 10.5, *, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies(CJK_FAMILIES)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


def _topics_in_order() -> list[str]:
    import yaml

    from content.calc.declarations import VOCABULARY_FILE

    try:
        return list(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))["topics"])
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return []


# ------------------------------------------------------------------------------------------------
# Rendering (shared by the view and the PDF)
# ------------------------------------------------------------------------------------------------
def amount_text(value: Decimal, unit: str) -> str:
    """An amount in the unit the user chose: ``200,000.00 元`` or ``20 万元``."""
    return f"{format_wan(value)} 万元" if unit == WAN else f"{format_yuan(value)} 元"


def cite_text(handbook: Handbook | None, measure_id: str) -> str:
    """Where a measure is, as a reader would say it: document › part › number title."""
    if handbook is None:
        return measure_id
    m = handbook.measure(measure_id)
    if m is None:
        return measure_id
    doc = handbook.document(m.document_id)
    path = list(m.path)
    if doc is not None and doc.short_title and path:
        path[0] = doc.short_title
    return " › ".join([*path, m.display_title])


def cited_contacts(handbook: Handbook | None, measure_ids: tuple[str, ...]) -> list[tuple[Contact, str]]:
    """The contacts of the cited measures (or of their part when the measure lists none), deduplicated."""
    if handbook is None:
        return []
    seen: set[str] = set()
    out: list[tuple[Contact, str]] = []
    for mid in measure_ids:
        m = handbook.measure(mid)
        if m is None:
            continue
        contacts = m.contacts
        if not contacts:
            part = handbook.part(m.part_id)
            contacts = part.contacts if part is not None else ()
        for c in contacts:
            if c.key not in seen:
                seen.add(c.key)
                out.append((c, mid))
    return out


def _contact_line(c: Contact) -> str:
    who = " ".join(x for x in (c.label, c.office, c.person) if x)
    reach = "　".join(x for x in (f"电话 {c.phone}" if c.phone else "", f"邮箱 {c.email}" if c.email else "") if x)
    return f"{who}　{reach}".strip()


def _line_status(status: str) -> str:
    """The computed status of a line's cited measure, in the colours every surface uses."""
    from content.validity import STATUS_COLOURS, Status

    try:
        st = Status(status)
    except ValueError:
        return ""
    fg, bg = STATUS_COLOURS[st]
    return f' <span style="color:{fg}; background:{bg};">&nbsp;{html.escape(st.value)}&nbsp;</span>'


def result_html(result: CalcResult, calc: Calculator, handbook: Handbook | None, *, unit: str = YUAN,
                for_print: bool = False, calculators: Mapping[str, Calculator] | None = None) -> str:
    """The result as HTML, laid out from :func:`content.calc.render.result_view` (the words the CLI prints):
    the three figures, one block per line with its status, working and citation, the 上限情形, stacking,
    conditions, warnings, contacts and related calculators."""
    from content.calc.render import headline_text, result_view

    e = html.escape
    view = result_view(result, calc, handbook, calculators=calculators, unit=unit)

    def px(n: int) -> str:  # points on paper (scaled to fit one page), pixels on screen
        return f"{n * 0.75:.1f}pt" if for_print else f"{n}px"

    out: list[str] = []
    if for_print:
        out.append(f'<div style="font-size:{px(18)}; font-weight:bold;">{e(view.title)}</div>')
        out.append(f'<div style="color:#5b6470; font-size:{px(11)};">计算日期：{e(view.date)}　科技政策一点通</div>')
        out.append(f'<p style="font-weight:bold; margin-bottom:2px;">输入</p><table cellspacing="0" cellpadding="1" '
                   f'style="font-size:{px(12)};">')
        out.extend(f"<tr><td>{e(label)}：</td><td>{e(value)}</td></tr>" for label, value in view.inputs)
        out.append("</table>")
    for h in view.headline:
        out.append(f'<p style="font-size:{px(16)}; margin-top:6px; margin-bottom:2px;"><b>{e(headline_text(h))}</b></p>')
    out.append(f'<p style="margin-top:8px; margin-bottom:2px; color:#5b6470;">{e(view.figures_label)}（按效力分三项，不相加）</p>'
               '<table cellspacing="0" cellpadding="3">')
    for f in view.figures:
        colour = {"confirmed": "#17622c", "unverified": "#6b5a00", "excluded": "#5b6470"}[f.key]
        out.append(f'<tr><td style="font-size:{px(15)};">{e(f.label)}</td>'
                   f'<td style="font-size:{px(18)}; color:{colour};"><b>{e(f.text)}</b></td>'
                   f'<td style="font-size:{px(11)}; color:#5b6470;">{e(f.note)}</td></tr>')
    out.append("</table>")
    if view.ceiling:
        out.append(f'<p style="font-size:{px(12)}; color:#5b6470;">{e(view.ceiling)}</p>')
    for ln in view.lines:
        colour = _LEVEL_COLOURS.get(ln.level, "#333")
        amount = e(ln.amount)
        if ln.counted is None:
            amount = f'<span style="color:#5b6470;">{amount}（{e(ln.counted_text)}）</span>'
        else:
            amount = f"{amount}（{e(ln.counted_text)}）"
        link = (f'<a href="measure:{e(ln.measure)}">{e(ln.citation)}</a>' if not for_print else e(ln.citation))
        out.append(
            f'<table width="100%" cellspacing="0" cellpadding="2" style="margin-top:6px;"><tr>'
            f'<td><span style="color:{colour}; font-weight:bold;">[{e(ln.level)}]</span> {e(ln.label)}'
            f"{_line_status(ln.status)}</td>"
            f'<td align="right"><b>{amount}</b></td></tr></table>'
            f'<div style="font-size:{px(12)}; color:#333; margin-left:8px;">{e(ln.explanation)}</div>'
            + (f'<div style="font-size:{px(11)}; color:#5b6470; margin-left:8px;">{e(ln.why)}</div>'
               if ln.counted is None and ln.why.startswith("备选") else "")
            + f'<div style="font-size:{px(11)}; margin-left:8px;">依据：{link}</div>'
        )
    if view.stacking:
        out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">叠加</p><div style="font-size:{px(12)};">')
        out.extend(f"• {e(x)}<br>" for x in view.stacking)
        out.append("</div>")
    if view.conditions:
        out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">申请条件（请逐项核对）</p>'
                   f'<div style="font-size:{px(12)};">')
        for c in view.conditions:
            cite = ""
            if c.citation:
                cite = f"（{e(c.citation)}）" if for_print else f'（<a href="measure:{e(c.target)}">{e(c.citation)}</a>）'
            out.append(f"☐ {e(c.text)}{cite}<br>")
        out.append("</div>")
    if view.warnings:
        out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px; color:#8a4b00;">提示</p>'
                   f'<div style="font-size:{px(12)}; color:#6b3a00;">')
        out.extend(f"• {e(w)}<br>" for w in view.warnings)
        out.append("</div>")
    out.append(f'<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">咨询电话</p>'
               f'<div style="font-size:{px(12)};">')
    out.extend(f"{e(c.text)}<br>" for c in view.contacts)
    if view.contacts_missing:
        out.append(e(view.contacts_missing))
    out.append("</div>")
    if for_print:
        out.append(f'<p style="font-size:{px(10)}; color:#5b6470; margin-top:10px;">{e(view.disclaimer)}</p>')
    return "".join(out)


def intro_html(calc: Calculator, handbook: Handbook | None, values: Mapping[str, Value] | None = None) -> str:
    """Before a result: the conditions to check (those that apply to ``values``) and the measures cited."""
    e = html.escape
    out = []
    conditions = [c for c in calc.conditions if c.when is None or values is None or holds(c.when, values)]
    if conditions:
        out.append('<p style="font-weight:bold; margin-bottom:2px;">申请条件</p><div style="font-size:12px;">')
        for c in conditions:
            link = f' <a href="measure:{e(c.source)}">[{e(c.source)}]</a>' if c.source else ""
            out.append(f"☐ {e(c.text)}{link}<br>")
        out.append("</div>")
    out.append('<p style="font-weight:bold; margin-bottom:2px;">政策依据</p><div style="font-size:12px;">')
    out.extend(f'<a href="measure:{e(mid)}">{e(cite_text(handbook, mid))}</a><br>' for mid in calc.cites)
    out.append("</div>")
    return "".join(out)


def write_result_pdf(path: Path, result: CalcResult, calc: Calculator, handbook: Handbook | None, *,
                     unit: str = YUAN) -> None:
    """Write the result as a one-page A4 PDF (the type shrinks until everything fits on one page).

    Raises:
        OSError: the file cannot be written.
    """
    from content.safe_io import check_room, replacing, verify_pdf

    with replacing(path, verify=verify_pdf) as tmp:  # a full disk never leaves half a PDF behind
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        printer.setDocName(f"{calc.title} 计算结果")
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        body = result_html(result, calc, handbook, unit=unit, for_print=True)
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(printer)
        doc.setPageSize(QSizeF(page.width(), page.height()))
        scale = 1.0
        while True:
            doc.setDefaultFont(_font(10.5 * scale))
            doc.setHtml(_scaled_points(body, scale))
            if doc.pageCount() <= 1 or scale < 0.55:
                break
            scale *= 0.92
        painter = QPainter()
        if not painter.begin(printer):
            check_room(tmp, path)
            raise OSError(f"无法写入 {path}；请检查文件夹是否存在、是否有写入权限，或文件是否正被其他程序打开")
        try:
            doc.drawContents(painter)
        finally:
            painter.end()


def _scaled_points(body: str, scale: float) -> str:
    return re.sub(r"font-size:([0-9.]+)pt", lambda m: f"font-size:{float(m.group(1)) * scale:.1f}pt", body)


# ------------------------------------------------------------------------------------------------
# The panel
# ------------------------------------------------------------------------------------------------
class _FittingTextBrowser(NoResourcesBrowser):
    """A QTextBrowser as tall as its document, so the panel scrolls as one page."""

    MIN_PX = 60

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().documentLayout().documentSizeChanged.connect(self._on_document_size_changed)

    def _on_document_size_changed(self, size: QSizeF) -> None:
        margins = self.contentsMargins()
        height = max(self.MIN_PX, int(size.height() + 0.999) + margins.top() + margins.bottom())
        if height != self.height():
            self.setFixedHeight(height)
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self.height())



class CalculatorPanel(QWidget):
    """Pick a calculator, fill its form, read the live result; citations ask the reader to open them.

    Signals:
        measure_open_requested(str): a citation was clicked; the argument is the measure id.
        result_changed(): the result (or the input error) was recomputed.
    """

    measure_open_requested = Signal(str)
    result_changed = Signal()

    def __init__(self, handbook: Handbook, calculators: Mapping[str, Calculator] | None = None,
                 parent: QWidget | None = None) -> None:
        if isinstance(calculators, QWidget):  # called as CalculatorPanel(handbook, parent)
            parent, calculators = calculators, None
        super().__init__(parent)
        self.setObjectName("calculatorPanel")
        self.setFont(_font())
        self._hb = handbook
        self._load_error = ""
        if calculators is None:
            try:
                calculators = load_calculators(handbook)
            except CalcDeclarationError as exc:
                calculators = {}
                self._load_error = "\n".join(exc.problems)
        self._calcs: dict[str, Calculator] = dict(calculators)
        self._current: Calculator | None = None
        self._fields: dict[str, QWidget] = {}
        self._rows: dict[str, int] = {}
        self._unit = YUAN
        self._result: CalcResult | None = None
        self._error: CalcInputError | None = None
        self._building = False
        self._build_ui()
        self._fill_picker()
        if self._load_error:
            self._message.setText(self.tr("计算器数据有问题，无法使用：") + "\n" + self._load_error)

    # -- construction ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)

        # Compact picker (when space is short): the current calculator in a drop-down, and a button
        # that opens the full, searchable list.
        self.selector_bar = QWidget(self)
        sl = QHBoxLayout(self.selector_bar)
        sl.setContentsMargins(0, 0, 0, 0)
        self.calc_combo = QComboBox(self.selector_bar)
        self.calc_combo.setObjectName("calculatorCombo")
        self.calc_combo.setToolTip(self.tr("换一个计算器"))
        self.calc_combo.setMaxVisibleItems(20)
        # A scrolling list below the box, not Fusion's menu popup that covers the whole screen height.
        self.calc_combo.setStyleSheet("QComboBox { combobox-popup: 0; }")
        self.calc_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.calc_combo.setMinimumContentsLength(8)
        self.combo_model = QStandardItemModel(self)
        self.calc_combo.setModel(self.combo_model)
        self.calc_combo.activated.connect(self._on_calc_combo_activated)
        sl.addWidget(self.calc_combo, 1)
        self.list_button = QToolButton(self.selector_bar)
        self.list_button.setObjectName("calculatorListButton")
        self.list_button.setCheckable(True)
        self.list_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.list_button.toggled.connect(self._on_list_button_toggled)
        sl.addWidget(self.list_button)
        outer.addWidget(self.selector_bar)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setChildrenCollapsible(False)
        outer.addWidget(self._splitter, 1)

        self.picker = QWidget(self._splitter)
        self.picker.setObjectName("calculatorPicker")
        pl = QVBoxLayout(self.picker)
        pl.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QLineEdit(self.picker)
        self.search_edit.setObjectName("calculatorSearch")
        self.search_edit.setPlaceholderText(self.tr("搜索计算器，例如 贴息、高新、加计扣除"))
        self.search_edit.setClearButtonEnabled(True)
        pl.addWidget(self.search_edit)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(_SEARCH_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.tree = QTreeView(self.picker)
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

        self._scroll = QScrollArea(self._splitter)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._scroll.setWidget(body)
        bl = QVBoxLayout(body)
        bl.setContentsMargins(2, 2, 2, 2)
        self.title_label = QLabel(self.tr("请选择一个计算器"), body)
        self.title_label.setFont(_font(13, bold=True))
        self.title_label.setWordWrap(True)
        bl.addWidget(self.title_label)
        self.description_label = QLabel("", body)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)  # declared data: shown as typed
        self.description_label.setWordWrap(True)
        self.description_label.setStyleSheet("color:#5b6470;")
        bl.addWidget(self.description_label)

        self.form_box = QGroupBox(self.tr("输入"), body)
        fl = QVBoxLayout(self.form_box)
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel(self.tr("金额单位："), self.form_box))
        self.unit_group = QButtonGroup(self)
        self.unit_buttons: dict[str, QToolButton] = {}
        for u in (YUAN, WAN):
            b = QToolButton(self.form_box)
            b.setText(u)
            b.setCheckable(True)
            b.setObjectName(f"unit_{'yuan' if u == YUAN else 'wan'}")
            self.unit_group.addButton(b)
            self.unit_buttons[u] = b
            unit_row.addWidget(b)
        self.unit_buttons[YUAN].setChecked(True)
        self.unit_group.setExclusive(True)
        self.unit_group.buttonToggled.connect(self._on_unit_group_button_toggled)
        unit_row.addStretch(1)
        fl.addLayout(unit_row)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fl.addLayout(self.form)
        bl.addWidget(self.form_box)

        self._message = QLabel("", body)
        self._message.setObjectName("calculatorMessage")
        self._message.setWordWrap(True)
        bl.addWidget(self._message)

        # As tall as its text: the one scroll bar is the panel's (no box scrolling inside a box).
        self.result_view = _FittingTextBrowser(body)
        self.result_view.setObjectName("calculatorResult")
        self.result_view.setOpenLinks(False)
        self.result_view.setOpenExternalLinks(False)
        self.result_view.anchorClicked.connect(self._on_result_view_anchor_clicked)
        bl.addWidget(self.result_view)

        self.button_row = QWidget(body)
        buttons = QHBoxLayout(self.button_row)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.copy_button = QPushButton(self.tr("复制结果"), self.button_row)
        self.copy_button.clicked.connect(self.copy_result)
        self.pdf_button = QPushButton(self.tr("打印为 PDF…"), self.button_row)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        bl.addWidget(self.button_row)
        bl.addStretch(1)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 3)
        self._list_open = False
        self._layout_state: tuple[object, ...] = ()
        self._user_sized = False
        self._splitter.splitterMoved.connect(self._on_splitter_moved)
        self._set_actions_enabled(False)
        self._update_layout()

    def _fill_picker(self) -> None:
        order = _topics_in_order()
        topics = sorted({c.topic for c in self._calcs.values()},
                        key=lambda t: (order.index(t) if t in order else len(order), t))
        root = self.model.invisibleRootItem()
        combo_root = self.combo_model.invisibleRootItem()
        for topic in topics:
            group = QStandardItem(topic)
            group.setSelectable(False)
            group.setFont(_font(10.5, bold=True))
            group.setData("", _SEARCH_ROLE)
            header = QStandardItem(topic)
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading in the drop-down, not a choice
            header.setFont(_font(10.5, bold=True))
            header.setForeground(QBrush(QColor("#5b6470")))
            combo_root.appendRow(header)
            for c in self._calcs.values():
                if c.topic != topic:
                    continue
                title = c.title if c.status == "现行" else f"{c.title}（{c.status}）"
                item = QStandardItem(title)
                item.setData(c.id, _ID_ROLE)
                item.setData(" ".join([c.id, c.title, c.topic, c.description, *c.keywords]), _SEARCH_ROLE)
                item.setToolTip(c.description)
                group.appendRow(item)
                choice = QStandardItem(title)
                choice.setData(c.id, _ID_ROLE)
                choice.setToolTip(c.description)
                combo_root.appendRow(choice)
            root.appendRow(group)
        self.tree.expandAll()
        self._sync_combo()

    # -- layout: list and form side by side, stacked, or the list folded into a drop-down -------
    #: Wider than this, the list sits left of the form.
    WIDE_PX = 900
    #: Height the form and its result need to be comfortable below the list.
    FORM_PX = 560

    def list_is_folded(self) -> bool:
        """True when the full list is folded away and the drop-down above the form picks instead."""
        return self.picker.isHidden()

    def _is_wide(self) -> bool:
        return self.width() > self.WIDE_PX

    def _list_height(self) -> int:
        # The whole list, not what a search left of it: typing must not re-arrange the panel.
        rows = self.model.rowCount() + sum(self.model.item(r).rowCount() for r in range(self.model.rowCount()))
        row = self.tree.sizeHintForRow(0) if self.proxy.rowCount() else self.fontMetrics().height() + 4
        return self.search_edit.sizeHint().height() + rows * max(row, 1) + 12

    def _update_layout(self) -> None:
        wide = self._is_wide()
        roomy = wide or self.height() >= self._list_height() + self.FORM_PX
        has_calc = self._current is not None
        show_list = roomy or not has_calc or self._list_open
        self._splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        self.selector_bar.setVisible(has_calc and not roomy)
        self.picker.setVisible(show_list)
        for w in (self.form_box, self.result_view, self.button_row):
            w.setVisible(has_calc)
        self.list_button.blockSignals(True)
        self.list_button.setChecked(show_list)
        self.list_button.setText(self.tr("收起列表") if show_list else self.tr("全部计算器…"))
        self.list_button.setToolTip(self.tr("收起计算器列表") if show_list else self.tr("显示全部计算器，可搜索"))
        self.list_button.blockSignals(False)
        state = (wide, roomy, has_calc, show_list)
        if state != self._layout_state:
            self._layout_state = state
            self._user_sized = False
        total = self._splitter.height() if not wide else self._splitter.width()
        if not self._user_sized and total > 0:  # keep what the user dragged until the state changes
            if wide:
                self._splitter.setSizes([max(260, total // 3), total - max(260, total // 3)])
            elif not has_calc:
                self._splitter.setSizes([total - 120, 120])
            elif roomy:
                self._splitter.setSizes([self._list_height(), total - self._list_height()])
            else:
                self._splitter.setSizes([total // 2, total - total // 2])

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._update_layout()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)  # type: ignore[arg-type]
        self._update_layout()

    def _set_list_open(self, on: bool) -> None:
        self._list_open = on
        self._update_layout()
        if on and not self.list_is_folded():
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sync_combo(self) -> None:
        calc_id = self._current.id if self._current else None
        for r in range(self.combo_model.rowCount()):
            if self.combo_model.item(r).data(_ID_ROLE) == calc_id:
                self.calc_combo.setCurrentIndex(r)
                return
        self.calc_combo.setCurrentIndex(-1)

    # -- public API --------------------------------------------------------------------------------
    def calculators(self) -> Mapping[str, Calculator]:
        return self._calcs

    def calculators_for_measure(self, measure_id: str) -> list[str]:
        """Ids of the calculators that cite ``measure_id`` (the reader offers 计算 for them)."""
        return calculators_for_measure(self._calcs, measure_id)

    def current_calculator(self) -> str:
        return self._current.id if self._current else ""

    def result(self) -> CalcResult | None:
        """The current result, or ``None`` while an input is missing or wrong (see :meth:`input_error`)."""
        return self._result

    def input_error(self) -> CalcInputError | None:
        return self._error

    def unit(self) -> str:
        return self._unit

    def show_calculator(self, calc_id: str) -> None:
        """Select ``calc_id`` in the picker and show its form with the defaults."""
        calc = self._calcs.get(calc_id)
        if calc is None:
            if calc_id:
                self._message.setText(self.tr("没有名为 {0} 的计算器。").format(calc_id))
            return
        self.search_edit.clear()
        idx = self._find_index(calc_id)
        if idx.isValid() and self.tree.currentIndex() != idx:
            self.tree.setCurrentIndex(idx)  # re-enters through _on_tree_current_changed
            return
        if self._current is not calc:
            self._build_form(calc)

    def set_input(self, name: str, text: str) -> None:
        """Set a field as if typed (money in the current unit; ``true``/``false``; a choice value)."""
        w = self._fields[name]
        if isinstance(w, QLineEdit):
            w.setText(text)
        elif isinstance(w, QCheckBox):
            w.setChecked(text.strip().lower() in ("true", "1", "是", "yes"))
        elif isinstance(w, QComboBox):
            i = w.findData(text)
            w.setCurrentIndex(i if i >= 0 else w.findText(text))
        elif isinstance(w, QSpinBox):
            w.setValue(int(text or 0))

    def input_widget(self, name: str) -> QWidget:
        return self._fields[name]

    def set_unit(self, unit: str) -> None:
        """Switch the amount unit (``元`` or ``万元``); typed bare numbers are converted."""
        self.unit_buttons[unit].setChecked(True)

    def raw_inputs(self) -> dict[str, str]:
        """The form as ``name -> text`` in 元 (what the CLI would be given)."""
        calc = self._current
        if calc is None:
            return {}
        values = self._typed_best_effort(calc)
        raw: dict[str, str] = {}
        for inp in calc.inputs:
            if inp.when is not None and not holds(inp.when, values):
                continue  # a hidden field takes its default
            raw[inp.name] = self._field_text(inp)
        return raw

    def result_text(self) -> str:
        return format_result(self._result, self._hb, calc=self._current, calculators=self._calcs) \
            if self._result else ""

    def copy_result(self) -> None:
        """Put the result as plain text on the clipboard."""
        if self._result is not None:
            QGuiApplication.clipboard().setText(self.result_text())
            self._message.setText(self.tr("计算结果已复制。"))

    def export_pdf(self, path: str | Path) -> None:
        """Write the current result as a one-page PDF.

        Raises:
            OSError: the file cannot be written.
            ValueError: there is no result to print.
        """
        if self._result is None or self._current is None:
            raise ValueError("没有可打印的计算结果；请先填写必填项")
        write_result_pdf(Path(path), self._result, self._current, self._hb, unit=self._unit)

    # -- form --------------------------------------------------------------------------------------
    def _find_index(self, calc_id: str) -> QModelIndex:
        for r in range(self.proxy.rowCount()):
            group = self.proxy.index(r, 0)
            for c in range(self.proxy.rowCount(group)):
                idx = self.proxy.index(c, 0, group)
                if idx.data(_ID_ROLE) == calc_id:
                    return idx
        return QModelIndex()

    def _build_form(self, calc: Calculator) -> None:
        self._building = True
        self._current = calc
        while self.form.rowCount():
            self.form.removeRow(0)
        self._fields.clear()
        self._rows.clear()
        fg, bg = _STATUS_COLOURS.get(calc.status, ("#333", "#eee"))
        self.title_label.setText(
            f'{html.escape(calc.title)} <span style="font-size:9pt; color:{fg}; background:{bg};">'
            f"&nbsp;{html.escape(calc.status)}&nbsp;</span>")
        self.description_label.setText(calc.description)
        for inp in calc.inputs:
            w = self._make_field(inp)
            self._fields[inp.name] = w
            label = QLabel(inp.label + ("＊" if inp.required else ""), self.form_box)
            label.setWordWrap(True)
            if inp.help:
                label.setToolTip(inp.help)
                w.setToolTip(inp.help)
            self._rows[inp.name] = self.form.rowCount()
            self.form.addRow(label, self._with_unit(inp, w))
        self._building = False
        self._recompute()
        self._sync_combo()
        self._update_layout()

    def _with_unit(self, inp: CalcInput, w: QWidget) -> QWidget:
        if inp.type != "money":
            return w
        box = QWidget(self.form_box)
        h = QHBoxLayout(box)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(w, 1)
        unit = QLabel(self._unit, box)
        unit.setObjectName(f"unit_{inp.name}")
        unit.setMinimumWidth(28)
        h.addWidget(unit)
        return box

    def _make_field(self, inp: CalcInput) -> QWidget:
        parent = self.form_box
        if inp.type == "bool":
            cb = QCheckBox(parent)
            cb.setChecked((inp.default or "").lower() == "true")
            cb.toggled.connect(self._on_field_changed)
            return cb
        if inp.type == "choice":
            combo = QComboBox(parent)
            for c in inp.choices:
                combo.addItem(c.label, c.value)
            combo.setCurrentIndex(max(0, combo.findData(inp.default)))
            combo.currentIndexChanged.connect(self._on_field_changed)
            return combo
        if inp.type == "count":
            spin = QSpinBox(parent)
            spin.setRange(0, 1_000_000)
            spin.setSuffix(f" {inp.unit}" if inp.unit else "")
            spin.setValue(int(inp.default or 0))
            spin.valueChanged.connect(self._on_field_changed)
            return spin
        edit = QLineEdit(parent)
        edit.setObjectName(f"field_{inp.name}")
        if inp.type == "rate":
            edit.setText(inp.default or "")
            edit.setPlaceholderText(expected_form(inp))
        else:
            edit.setPlaceholderText(self._money_placeholder(inp))
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _money_placeholder(self, inp: CalcInput) -> str:
        example = "300" if self._unit == WAN else "3000000"
        if inp.required:
            return self.tr("必填，例如 {0}").format(example)
        return self.tr("不填按 {0} 计").format(inp.default or "0")

    def _field_text(self, inp: CalcInput) -> str:
        w = self._fields[inp.name]
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else "false"
        if isinstance(w, QComboBox):
            return str(w.currentData())
        if isinstance(w, QSpinBox):
            return str(w.value())
        assert isinstance(w, QLineEdit)
        text = w.text()
        if inp.type == "money" and self._unit == WAN and _BARE_NUMBER.match(text):
            return text.strip() + "万"
        return text

    def _typed_best_effort(self, calc: Calculator) -> dict[str, Value]:
        """Typed values for deciding which fields show; a field that does not parse counts as its default."""
        values: dict[str, Value] = {}
        for inp in calc.inputs:
            for text in (self._field_text(inp), inp.default or "0"):
                try:
                    values[inp.name] = parse_input(inp, text)
                    break
                except ValueError:
                    continue
            else:
                values[inp.name] = Decimal(0) if inp.type in ("money", "rate", "count") else ""
        return values

    def _update_visibility(self, calc: Calculator) -> None:
        values = self._typed_best_effort(calc)
        for inp in calc.inputs:
            if inp.when is not None:
                self.form.setRowVisible(self._rows[inp.name], holds(inp.when, values))

    def _mark(self, name: str | None) -> None:
        for n, w in self._fields.items():
            if isinstance(w, QLineEdit):
                w.setStyleSheet("QLineEdit { border: 2px solid #c0392b; }" if n == name else "")

    def _recompute(self) -> None:
        calc = self._current
        if calc is None or self._building:
            return
        self._update_visibility(calc)
        try:
            self._result = evaluate(calc, self.raw_inputs())
            self._error = None
        except CalcInputError as exc:
            self._result = None
            self._error = exc
        if self._error is not None:
            missing = isinstance(self._fields.get(self._error.field), QLineEdit) and \
                not self._fields[self._error.field].text().strip()  # type: ignore[attr-defined]
            self._mark(None if missing else self._error.field)
            colour = "#5b6470" if missing else "#c0392b"
            self._message.setStyleSheet(f"color:{colour};")
            self._message.setText(self._error.text)
            hint = html.escape(self.tr("填写上面的输入项后显示计算结果。"))
            intro = intro_html(calc, self._hb, self._typed_best_effort(calc))
            self.result_view.setHtml(f'<p style="color:#5b6470;">{hint}</p>{intro}')
        else:
            self._mark(None)
            self._message.setStyleSheet("")
            self._message.setText("")
            assert self._result is not None
            self.result_view.setHtml(result_html(self._result, calc, self._hb, unit=self._unit,
                                                 calculators=self._calcs))
        self._set_actions_enabled(self._result is not None)
        self.result_changed.emit()

    def _set_actions_enabled(self, on: bool) -> None:
        self.copy_button.setEnabled(on)
        self.pdf_button.setEnabled(on)

    # -- slots -------------------------------------------------------------------------------------
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()

    def _on_search_edit_return_pressed(self) -> None:
        first = self._first_calculator_index()
        if first.isValid():
            self.tree.setCurrentIndex(first)
            self._on_tree_activated(first)

    def _first_calculator_index(self) -> QModelIndex:
        for r in range(self.proxy.rowCount()):
            group = self.proxy.index(r, 0)
            if self.proxy.rowCount(group):
                return self.proxy.index(0, 0, group)
        return QModelIndex()

    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        calc_id = current.data(_ID_ROLE) if current.isValid() else None
        if calc_id and calc_id in self._calcs and (self._current is None or self._current.id != calc_id):
            self._build_form(self._calcs[calc_id])

    def _on_tree_activated(self, index: QModelIndex) -> None:
        # The user chose from the list: when space is short, fold it away to give the form the room.
        if index.data(_ID_ROLE) and self._list_open:
            self._set_list_open(False)

    def _on_calc_combo_activated(self, row: int) -> None:
        calc_id = self.combo_model.item(row).data(_ID_ROLE) if row >= 0 else None
        if calc_id:
            self.show_calculator(calc_id)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _on_list_button_toggled(self, on: bool) -> None:
        self._set_list_open(on)

    def _on_field_changed(self, *_args: object) -> None:
        self._recompute()

    def _on_unit_group_button_toggled(self, button: QToolButton, checked: bool) -> None:
        if not checked:
            return
        new = button.text()
        if new == self._unit:
            return
        old, self._unit = self._unit, new
        calc = self._current
        if calc is not None:
            self._building = True
            for inp in calc.inputs:
                w = self._fields[inp.name]
                if inp.type != "money" or not isinstance(w, QLineEdit):
                    continue
                if _BARE_NUMBER.match(w.text()):
                    try:
                        value = parse_input(inp, w.text())
                    except ValueError:
                        continue
                    assert isinstance(value, Decimal)
                    w.setText(format_wan(value) if old == YUAN else _plain(value * 10000))
                w.setPlaceholderText(self._money_placeholder(inp))
                unit_label = self.form_box.findChild(QLabel, f"unit_{inp.name}")
                if unit_label is not None:
                    unit_label.setText(self._unit)
            self._building = False
            self._recompute()

    def _on_result_view_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("measure:"):
            self.measure_open_requested.emit(text.split(":", 1)[1])

    def _on_pdf_button_clicked(self) -> None:
        if self._current is None:
            return
        default = str(documents_dir() / f"{self._current.title}-计算结果.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存计算结果为 PDF"), default, self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        try:
            self.export_pdf(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("无法保存 PDF"), str(exc))
            return
        self._message.setText(self.tr("已保存：{0}").format(path))


def _plain(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s
