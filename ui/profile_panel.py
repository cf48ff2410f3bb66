"""我的企业: a short form of the enterprise's profile and its 政策体检 result, on one screen.

Large controls (touch screen, projector).  Every change recomputes the result at once (a short
debounce).  The figures typed stay in memory only: nothing is written unless the user saves the
profile to a file (保存企业情况…) or saves the 体检单 as a PDF; :meth:`ProfilePanel.clear` (the 清空
button, closing the screen, or the event mode's idle timer) forgets them and emits ``cleared``.

The panel renders what :mod:`content.profile` computes and never derives a status or an amount.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMargins, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from content.bundle import ContentBundle
from content.profile import (
    MatchResult,
    Profile,
    ProfileError,
    ProfileField,
    ProfileSchema,
    load_schema,
    match,
)
from content.profile.matcher import location_of
from content.profile.model import FieldType, Value
from ui.flow import FlowLayout
from ui.pages import parse_link
from ui.plaintext import NoResourcesBrowser
from ui.style import ACCENT, INK, MUTED, SURFACE, cjk_font

#: The form's item for "not answered".
UNANSWERED = "（未填）"
OTHER_PROVINCE = "河北省以外"


def panel_stylesheet(scale: float = 1.0) -> str:
    pt = 11.5 * scale
    h = int(40 * scale)
    return f"""
QWidget#profilePanel {{ background: {SURFACE}; }}
QLabel#profileTitle {{ font-size: {pt * 1.45:.1f}pt; font-weight: bold; color: {ACCENT}; }}
QLabel.groupTitle, QLabel[role="group"] {{ font-size: {pt * 0.95:.1f}pt; font-weight: bold; color: {MUTED};
                                             padding-top: {int(6 * scale)}px; }}
QLabel[role="field"] {{ font-size: {pt:.1f}pt; color: {INK}; }}
QLabel[role="error"] {{ font-size: {pt * 0.85:.1f}pt; color: #8a1c1c; }}
QComboBox, QLineEdit {{ font-size: {pt:.1f}pt; min-height: {h}px; padding: 0 {int(8 * scale)}px; }}
QLineEdit[invalid="true"] {{ border: 2px solid #b3141c; }}
QPushButton[role="choice"] {{ font-size: {pt:.1f}pt; min-height: {h}px; padding: 0 {int(12 * scale)}px;
                              border: 1px solid #b8c4d3; border-radius: 6px; background: #ffffff; }}
QPushButton[role="choice"]:checked {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT}; }}
QPushButton[role="action"] {{ font-size: {pt:.1f}pt; min-height: {h}px; padding: 0 {int(14 * scale)}px; }}
QPushButton[role="primary"] {{ font-size: {pt:.1f}pt; min-height: {h}px; padding: 0 {int(14 * scale)}px;
                               background: {ACCENT}; color: #ffffff; border-radius: 6px; font-weight: bold; }}
QPushButton[role="more"] {{ font-size: {pt * 0.95:.1f}pt; min-height: {int(h * 0.8)}px; border: none;
                            color: {ACCENT}; text-align: left; }}
"""


class ChoiceButtons(QWidget):
    """Big toggle buttons for one answer; none checked = not answered; a second click clears it.

    Signals:
        changed(): the answer changed.
    """

    changed = Signal()

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the answers wrap onto a second line when the form is narrow (1.35× on a 1024-px projector)
        lay = FlowLayout(self, spacing=6)
        self.buttons: dict[str, QPushButton] = {}
        for value, label in choices:
            b = QPushButton(label, self)
            b.setCheckable(True)
            b.setProperty("role", "choice")
            b.clicked.connect(lambda checked, v=value: self._on_button_clicked(v, checked))
            lay.add_widget(b)
            self.buttons[value] = b

    def value(self) -> str | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str | None) -> None:
        for v, b in self.buttons.items():
            b.setChecked(v == value)

    def _on_button_clicked(self, value: str, checked: bool) -> None:
        for v, b in self.buttons.items():
            if v != value:
                b.setChecked(False)
        self.changed.emit()


class ProfilePanel(QWidget):
    """The 我的企业 screen.

    Args:
        bundle: The content (statuses, calculators).
        header: A callable returning the 明白卡 header for the 体检单 (the window reads its settings).

    Signals:
        measure_open_requested(str): open a measure in the reader.
        calculator_open_requested(str): open a calculator.
        close_requested(): the user closed the screen (the panel has already cleared itself).
        cleared(): the profile and the result were forgotten (清空, closing, or the idle timer).
        result_changed(object): a new :class:`MatchResult` (or ``None``) is shown.
    """

    measure_open_requested = Signal(str)
    calculator_open_requested = Signal(str)
    close_requested = Signal()
    cleared = Signal()
    result_changed = Signal(object)

    DEBOUNCE_MS = 120

    def __init__(self, bundle: ContentBundle, parent: QWidget | None = None, *, schema: ProfileSchema | None = None,
                 header: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilePanel")
        self.bundle = bundle
        self.schema = schema or load_schema()
        self._header = header
        self._result: MatchResult | None = None
        self._problem = ""
        self._scale = 1.0
        self._base_pt = 11.0
        self._loading = False
        self.editors: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        self._more: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh_now)
        self.setFont(cjk_font(11.0))
        self._build()
        self.setStyleSheet(panel_stylesheet())
        self.refresh_now()

    # ============================================================================================
    # construction
    # ============================================================================================
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)
        bar = QHBoxLayout()
        title = QLabel(self.tr("我的企业 · 政策体检"), self)
        title.setObjectName("profileTitle")
        bar.addWidget(title, 0, Qt.AlignmentFlag.AlignTop)
        # the buttons wrap under each other rather than make the window wider than a 1024-px projector
        buttons = FlowLayout(spacing=6, align_right=True)
        bar.addLayout(buttons, 1)
        # which 体检单: the one page a visitor takes home (default), or the 完整版
        self.version_combo = QComboBox(self)
        self.version_combo.setObjectName("checkupVersion")
        self.version_combo.addItem(self.tr("一页版"), False)
        self.version_combo.addItem(self.tr("完整版（含需确认、不适用）"), True)
        # as wide as "一页版" and the arrow: the bar still fits 1024 px; the list shows the whole names
        self.version_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.version_combo.setMinimumContentsLength(5)
        self.version_combo.view().setMinimumWidth(self.version_combo.view().sizeHintForColumn(0) + 24)
        self.version_combo.setToolTip(self.tr("打印、预览和存为PDF用哪一种体检单"))
        buttons.add_widget(self.version_combo)
        self.print_button = self._button(self.tr("打印体检单…"), "primary", self._on_print_button_clicked)
        self.preview_button = self._button(self.tr("预览"), "action", self._on_preview_button_clicked)
        self.pdf_button = self._button(self.tr("存为PDF…"), "action", self._on_pdf_button_clicked)
        self.save_button = self._button(self.tr("保存企业情况…"), "action", self._on_save_button_clicked)
        self.open_button = self._button(self.tr("打开…"), "action", self._on_open_button_clicked)
        self.clear_button = self._button(self.tr("清空"), "action", self.clear)
        self.close_button = self._button(self.tr("关闭"), "action", self._on_close_button_clicked)
        for b in (self.print_button, self.preview_button, self.pdf_button, self.save_button, self.open_button,
                  self.clear_button, self.close_button):
            buttons.add_widget(b)
        outer.addLayout(bar)

        self.splitter = QSplitter(self)
        self.splitter.setChildrenCollapsible(False)
        form_host = QWidget()
        self.form = QGridLayout(form_host)
        self.form.setContentsMargins(4, 4, 8, 4)
        self.form.setHorizontalSpacing(8)
        self.form.setVerticalSpacing(6)
        self._build_form()
        scroll = QScrollArea(self.splitter)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)
        scroll.setMinimumWidth(420)
        self.form_scroll = scroll
        self.browser = NoResourcesBrowser(self.splitter)
        self.browser.setObjectName("profileResult")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 820])
        outer.addWidget(self.splitter, 1)

    def _button(self, text: str, role: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setProperty("role", role)
        b.clicked.connect(slot)
        return b

    def _build_form(self) -> None:
        titles = {g.id: g.title for g in self.schema.groups}
        # 所在地: one list of the region table; the most specific choice wins (长安区 → 石家庄市 → 河北省)
        self.region_combo = QComboBox()
        self.region_combo.setObjectName("regionCombo")
        self.region_combo.addItem(UNANSWERED, None)
        for r in self.schema.regions.walk():
            if r.depth > 0:
                shown = r.name if r.depth < 2 else f"{r.name}（{r.parent}）"
                self.region_combo.addItem("　" * (r.depth - 1) + shown, self._path(r.name))
        self.region_combo.addItem(self.tr("其他省（区、市）"), f"{OTHER_PROVINCE}||")
        self.region_combo.setMaxVisibleItems(20)
        self._region_items = self.region_combo.count()  # places added from a file go again on clear()
        self.region_combo.currentIndexChanged.connect(self._on_field_changed)
        self.form.addWidget(self._group_label(titles.get("where", "所在地")), 0, 0, 1, 2)
        self.form.addWidget(self.region_combo, 1, 0, 1, 2)
        row = 2
        group = "where"
        for f in self.schema.fields:
            if f.type is FieldType.REGION:
                continue
            if f.group != group:
                group = f.group
                label = self._group_label(titles.get(group, group))
                self.form.addWidget(label, row, 0, 1, 2)
                if not any(x.short for x in self.schema.fields if x.group == group):
                    self._more.append(label)
                row += 1
            row = self._add_field(f, row)
        self.more_button = QPushButton()
        self.more_button.setProperty("role", "more")
        self.more_button.setCheckable(True)
        self.more_button.toggled.connect(self._on_more_button_toggled)
        self.form.addWidget(self.more_button, row, 0, 1, 2)
        self.form.setRowStretch(row + 1, 1)
        self._on_more_button_toggled(False)

    def _path(self, name: str) -> str:
        """``河北省|石家庄市|长安区``: the levels a region of the table stands for."""
        levels = ["", "", ""]
        for r in self.schema.regions.chain(name):
            if 1 <= r.depth <= 3:
                levels[r.depth - 1] = r.name
        return "|".join(levels)

    def _group_label(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "group")
        return label

    def _add_field(self, f: ProfileField, row: int) -> int:
        label = QLabel(f.label)
        label.setProperty("role", "field")
        label.setToolTip(f.question + (f"\n{f.help}" if f.help else ""))
        editor: Any
        if f.type is FieldType.CHOICE and len(f.choices) <= 3 and sum(len(c.label) for c in f.choices) <= 18:
            editor = ChoiceButtons([(c.value, c.label) for c in f.choices])
            editor.changed.connect(self._on_field_changed)
        elif f.type is FieldType.CHOICE:
            editor = QComboBox()
            editor.addItem(UNANSWERED, None)
            for c in f.choices:
                editor.addItem(c.label, c.value)
            editor.currentIndexChanged.connect(self._on_field_changed)
        elif f.type is FieldType.BOOL:
            editor = ChoiceButtons([("true", "是"), ("false", "否")])
            editor.changed.connect(self._on_field_changed)
        else:
            editor = QLineEdit()
            editor.setPlaceholderText(self.tr("例如 30万（元）"))
            editor.setToolTip(f.question)
            editor.textChanged.connect(self._on_field_changed)
        editor.setObjectName(f"field_{f.id}")
        # a row of answer buttons is as high as its lines (it wraps when the form is narrow)
        editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
                             if isinstance(editor, ChoiceButtons) else QSizePolicy.Policy.Fixed)
        self.form.addWidget(label, row, 0)
        self.form.addWidget(editor, row, 1)
        self.editors[f.id] = editor
        if not f.short:
            self._more += [label, editor]
        row += 1
        if f.type is FieldType.MONEY:
            err = QLabel("")
            err.setProperty("role", "error")
            err.setWordWrap(True)
            err.hide()
            self.form.addWidget(err, row, 1)
            self.errors[f.id] = err
            row += 1
        return row

    # ============================================================================================
    # the profile
    # ============================================================================================
    def profile(self) -> Profile:
        """The answers in the form (invalid amounts are left out and shown in red)."""
        from content.profile.io import parse_value

        values: dict[str, Value] = {}
        data = self.region_combo.currentData()
        if isinstance(data, str):
            for fid, name in zip(("province", "city", "county"), data.split("|"), strict=False):
                if name:
                    values[fid] = name
        for f in self.schema.fields:
            ed = self.editors.get(f.id)
            if ed is None:
                continue
            if isinstance(ed, ChoiceButtons):
                v = ed.value()
                if v is not None:
                    values[f.id] = (v == "true") if f.type is FieldType.BOOL else v
            elif isinstance(ed, QComboBox):
                v = ed.currentData()
                if v is not None:
                    values[f.id] = v
            elif isinstance(ed, QLineEdit):
                text = ed.text().strip()
                err = self.errors.get(f.id)
                ok = True
                if text:
                    try:
                        values[f.id] = parse_value(f, text)
                    except ValueError as exc:
                        ok = False
                        if err is not None:
                            err.setText(str(exc))
                if err is not None:
                    err.setVisible(not ok)
                if ed.property("invalid") != (not ok):
                    ed.setProperty("invalid", not ok)
                    ed.style().unpolish(ed)
                    ed.style().polish(ed)
        return Profile(values=values, name=getattr(self, "_name", ""))

    def set_profile(self, profile: Profile) -> None:
        """Show ``profile`` in the form (opening a file, tests) and recompute."""
        self._loading = True
        try:
            self._name = profile.name
            loc = [profile.get("province"), profile.get("city"), profile.get("county")]
            idx = 0
            if any(loc):
                levels: tuple[str | None, ...]
                try:
                    levels = location_of(self.schema, profile).levels
                except ProfileError:
                    levels = tuple(str(x) if x else None for x in loc)  # shown as given; the result says why
                target = "|".join(x or "" for x in levels)
                idx = self.region_combo.findData(target)
                if idx < 0:
                    name = " ".join(x for x in levels if x)
                    self.region_combo.addItem(f"{name}（{self.tr('手册地区表中没有')}）", target)
                    idx = self.region_combo.count() - 1
            self.region_combo.setCurrentIndex(idx)
            for f in self.schema.fields:
                ed = self.editors.get(f.id)
                v = profile.get(f.id)
                if isinstance(ed, ChoiceButtons):
                    ed.set_value(None if v is None else ("true" if v is True else "false" if v is False else str(v)))
                elif isinstance(ed, QComboBox):
                    ed.setCurrentIndex(max(0, ed.findData(v)) if v is not None else 0)
                elif isinstance(ed, QLineEdit):
                    ed.setText(_money_text(v) if isinstance(v, Decimal) else "")
            if any(profile.get(f.id) is not None for f in self.schema.fields if not f.short):
                self.more_button.setChecked(True)
        finally:
            self._loading = False
        self.refresh_now()

    def clear(self) -> None:
        """Forget the profile and the result (清空; closing the screen; the event mode's idle timer)."""
        self.timer.stop()
        self.set_profile(Profile())
        self._name = ""
        while self.region_combo.count() > self._region_items:  # a place typed by hand in a file
            self.region_combo.removeItem(self.region_combo.count() - 1)
        for dlg in self.findChildren(QDialog):  # a preview keeps the old 体检单's pages
            dlg.deleteLater()
        self.more_button.setChecked(False)
        self.set_full_version(False)  # the next visitor gets the one page again
        self.form_scroll.verticalScrollBar().setValue(0)
        self.cleared.emit()

    def has_answers(self) -> bool:
        """Whether anything of an enterprise is in the form (an invalid amount too)."""
        if getattr(self, "_name", "") or self.region_combo.currentIndex() > 0:
            return True
        for ed in self.editors.values():
            if (isinstance(ed, ChoiceButtons) and ed.value() is not None) or (
                    isinstance(ed, QComboBox) and ed.currentIndex() > 0) or (
                    isinstance(ed, QLineEdit) and ed.text()):
                return True
        return False

    def result(self) -> MatchResult | None:
        return self._result

    def set_bundle(self, bundle: ContentBundle) -> None:
        """New statuses (a verification was recorded): recompute with them."""
        self.bundle = bundle
        self.refresh_now()

    def set_presentation(self, on: bool) -> None:
        """演示模式: larger type and touch targets; the form gets the room its larger buttons need."""
        self._scale = 1.35 if on else 1.0
        self._base_pt = 11.0 * self._scale
        self.setStyleSheet(panel_stylesheet(self._scale))
        self._fit_splitter()
        self.refresh_now()

    def _fit_splitter(self) -> None:
        """The form gets the room its buttons want, but in large type never more than half the panel:
        at 1.35× on a 1024-px screen the result kept 220 px and broke “可确认 0 元” a character a line
        (the answer buttons wrap instead)."""
        # the panel's width: in resizeEvent the splitter has not been laid out to it yet
        lay = self.layout()
        m = lay.contentsMargins() if lay is not None else QMargins()
        total = (self.width() - m.left() - m.right() - self.splitter.handleWidth()) or 1340
        want = int(520 * self._scale) + 40
        result_share = 0.5 if self._scale > 1 else 0.42
        least = max(self.form_scroll.minimumWidth(), self.form_scroll.minimumSizeHint().width())
        form = max(least, min(want, int(total * (1 - result_share))))
        self.splitter.setSizes([form, max(1, total - form)])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_splitter()

    # ============================================================================================
    # computing and showing
    # ============================================================================================
    def refresh_now(self) -> None:
        self.timer.stop()
        profile = self.profile()
        self._problem = ""
        try:
            result: MatchResult | None = match(self.bundle, profile, schema=self.schema)
        except ProfileError as exc:
            result, self._problem = None, str(exc)
        self._result = result
        from ui.profile_render import render_result

        bar = self.browser.verticalScrollBar()
        pos = bar.value()
        self.browser.document().setDefaultFont(cjk_font(self._base_pt))  # unstyled text follows the zoom too
        self.browser.setHtml(render_result(result, base_pt=self._base_pt, problem=self._problem))
        bar.setValue(pos)
        for b in (self.print_button, self.preview_button, self.pdf_button):
            b.setEnabled(result is not None)
        self.result_changed.emit(result)

    def _on_field_changed(self, *_: object) -> None:
        if not self._loading:
            self.timer.start()

    def _on_more_button_toggled(self, on: bool) -> None:
        for w in self._more:
            w.setVisible(on)
        for fid, err in self.errors.items():
            f = self.schema.field(fid)
            if f is not None and not f.short and not on:
                err.hide()
        self.more_button.setText(self.tr("收起 ▴") if on else self.tr("更多情况 ▾（上市、身份、研发费用明细……）"))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        parsed = parse_link(url.toString())
        if parsed is None:
            return
        scheme, arg = parsed
        if scheme == "item":
            self.measure_open_requested.emit(arg)
        elif scheme == "calc":
            self.calculator_open_requested.emit(arg)

    # ============================================================================================
    # printing, files
    # ============================================================================================
    def header(self) -> Any:
        from ui.printing.model import CardHeader

        if callable(self._header):
            return self._header()
        return self._header or CardHeader()

    def _layout(self) -> Any:
        from ui.printing.checkup import checkup_layout

        assert self._result is not None
        return checkup_layout(self._result, self.header(), full=self.full_version())

    def full_version(self) -> bool:
        """Whether the 完整版 is chosen (else the one-page 体检单)."""
        return bool(self.version_combo.currentData())

    def set_full_version(self, full: bool) -> None:
        self.version_combo.setCurrentIndex(1 if full else 0)

    def _on_print_button_clicked(self) -> None:
        from ui.printing.checkup import render_checkup
        from ui.printing.errors import PrintError
        from ui.printing.fonts import ensure_cjk_fonts

        self.refresh_now()
        if self._result is None:
            return
        ensure_cjk_fonts()
        printer = self._make_printer()
        if not self._ask_print(printer):
            return
        try:
            render_checkup(self._layout(), printer)
        except PrintError as exc:
            QMessageBox.warning(self, self.tr("打印"), str(exc))

    def _make_printer(self) -> Any:
        from PySide6.QtPrintSupport import QPrinter

        from ui.printing.render import setup_printer

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer)
        printer.setDocName(self.tr("政策体检单（完整版）") if self.full_version() else self.tr("政策体检单"))
        return printer

    def _ask_print(self, printer: Any) -> bool:
        """The system's print dialog (choose the printer, then 打印)."""
        from PySide6.QtPrintSupport import QPrintDialog

        return bool(QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted)

    def make_preview(self) -> Any:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from ui.printing.checkup import render_checkup
        from ui.printing.fonts import ensure_cjk_fonts
        from ui.printing.render import setup_printer

        ensure_cjk_fonts()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        setup_printer(printer)
        self._preview_printer = printer  # the dialog keeps a pointer: keep the printer alive
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its pages hold the enterprise's figures
        dlg.setWindowTitle(self.tr("预览 — 政策体检单"))
        dlg.paintRequested.connect(lambda p: render_checkup(self._layout(), p))
        dlg.resize(900, 760)
        return dlg

    def _on_preview_button_clicked(self) -> None:
        self.refresh_now()
        if self._result is not None:
            self.make_preview().exec()

    def save_pdf(self, path: Path) -> int | None:
        """Write the 体检单 to ``path``; shows a message and returns ``None`` on failure."""
        from ui.printing.checkup import write_checkup_pdf
        from ui.printing.errors import PrintError

        self.refresh_now()
        if self._result is None:
            return None
        try:
            return write_checkup_pdf(self._result, path, header=self.header(), full=self.full_version())
        except PrintError as exc:
            QMessageBox.warning(self, self.tr("存为PDF"), str(exc))
            return None

    def _on_pdf_button_clicked(self) -> None:
        from ui.documents import documents_dir

        name = self.tr("政策体检单（完整版）.pdf") if self.full_version() else self.tr("政策体检单.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("存为PDF"), str(documents_dir() / name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            if self.save_pdf(Path(path)) is not None:
                from ui.saved_notice import show_saved_box

                show_saved_box(self, Path(path), title=self.tr("存为PDF"))  # 已保存：路径 [打开] [打开所在文件夹]

    def save_profile(self, path: Path) -> bool:
        """Write the profile to a file the user chose (the only way it is ever stored)."""
        from content.profile.io import profile_to_text
        from content.safe_io import WriteError, write_text

        try:
            write_text(path, profile_to_text(self.schema, self.profile()), follow_symlinks=True)
        except WriteError as exc:
            QMessageBox.warning(self, self.tr("保存企业情况"), str(exc))
            return False
        return True

    def open_profile(self, path: Path) -> bool:
        from content.profile.io import ProfileFileError, read_profile

        try:
            profile = read_profile(path, self.schema)
        except ProfileFileError as exc:
            QMessageBox.warning(self, self.tr("打开企业情况"), str(exc))
            return False
        self.set_profile(profile)
        return True

    def _on_save_button_clicked(self) -> None:
        from ui.documents import documents_dir

        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存企业情况"), str(documents_dir() / "企业情况.yaml"),
                                              self.tr("企业情况 (*.yaml *.yml)"))
        if path:
            self.save_profile(Path(path))

    def _on_open_button_clicked(self) -> None:
        from ui.documents import documents_dir

        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开企业情况"), str(documents_dir()),
                                              self.tr("企业情况 (*.yaml *.yml *.txt)"))
        if path:
            self.open_profile(Path(path))

    def _on_close_button_clicked(self) -> None:
        self.clear()
        self.close_requested.emit()


def _money_text(v: Decimal) -> str:
    from content.calc.parsing import format_money

    text = format_money(v)
    return text.removesuffix("元") if text.endswith("万元") else format(v, "f")


__all__ = ["ChoiceButtons", "ProfilePanel"]
