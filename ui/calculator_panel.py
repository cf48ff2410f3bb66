"""补贴计算器 panel: pick a calculator, fill its form, read the result with its working.

The panel connects three parts and holds no rule, rate or wording of its own:

* :class:`ui.calculator.picker.CalculatorPicker` and :class:`~ui.calculator.picker.SelectorBar` — which
  calculator;
* :class:`ui.calculator.form.CalculatorForm` — the fields, the 元/万元 switch;
* :mod:`ui.calculator.view` — the result, laid out from :func:`content.calc.render.result_view` (the
  words the CLI prints and :mod:`ui.calculator.pdf` puts on paper).

Switching calculators keeps the unit and the enterprise's region (by the regions the choices
declare) and scrolls back to the top.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from content.calc import (
    CalcDeclarationError,
    CalcInputError,
    CalcResult,
    Calculator,
    calculators_for_measure,
    evaluate,
    expected_form,
    load_calculators,
    region_choice,
)
from content.calc.render import ResultView, result_text, result_view
from content.model import Handbook
from ui.calculator.form import WAN, YUAN, CalculatorForm
from ui.calculator.picker import CalculatorPicker, SelectorBar, font
from ui.calculator.view import FittingTextBrowser, intro_html, result_html
from ui.documents import documents_dir
from ui.projector import scale_fonts

__all__ = ["WAN", "YUAN", "CalculatorPanel"]


class CalculatorPanel(QWidget):
    """Pick a calculator, fill its form, read the live result; citations ask the reader to open them.

    Signals:
        measure_open_requested(str): a citation was clicked; the argument is the measure id.
        result_changed(): the result (or the input error) was recomputed.
    """

    measure_open_requested = Signal(str)
    result_changed = Signal()

    #: Wider than this, the list sits left of the form.
    WIDE_PX = 900
    #: Height the form and its result need to be comfortable below the list.
    FORM_PX = 560

    def __init__(self, handbook: Handbook, calculators: Mapping[str, Calculator] | None = None,
                 parent: QWidget | None = None, *, summary: str = "") -> None:
        if isinstance(calculators, QWidget):  # called as CalculatorPanel(handbook, parent)
            parent, calculators = calculators, None
        super().__init__(parent)
        self.setObjectName("calculatorPanel")
        self.setFont(font())
        self._hb = handbook
        self._summary = summary  # 文本录入 … · 效力核实 n/212, printed on the PDF's footer
        self._load_error = ""
        self._scale = 1.0  # 演示模式 shows the panel alone and larger (set_scale)
        if calculators is None:
            try:
                calculators = load_calculators(handbook)
            except CalcDeclarationError as exc:
                calculators = {}
                self._load_error = "\n".join(exc.problems)
        self._calcs: dict[str, Calculator] = dict(calculators)
        self._current: Calculator | None = None
        self._result: CalcResult | None = None
        self._view: ResultView | None = None
        self._error: CalcInputError | None = None
        self._regions: tuple[str, ...] = ()  # the enterprise's regions, carried between calculators
        self._build_ui()
        if self._load_error:
            self._message.setText(self.tr("计算器数据有问题，无法使用：") + "\n" + self._load_error)

    # -- construction ------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(4)
        self.selector_bar = SelectorBar(self._calcs, self)
        self.selector_bar.chosen.connect(self.show_calculator)
        self.selector_bar.list_toggled.connect(self._on_selector_bar_list_toggled)
        outer.addWidget(self.selector_bar)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setChildrenCollapsible(False)
        outer.addWidget(self._splitter, 1)
        self.picker = CalculatorPicker(self._calcs, self._splitter)
        self.picker.current_changed.connect(self._on_picker_current_changed)
        self.picker.chosen.connect(self._on_picker_chosen)

        self._scroll = QScrollArea(self._splitter)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._scroll.setWidget(body)
        bl = QVBoxLayout(body)
        bl.setContentsMargins(2, 2, 2, 2)
        self.title_label = QLabel(self.tr("请选择一个计算器"), body)
        self.title_label.setFont(font(13, bold=True))
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setWordWrap(True)
        bl.addWidget(self.title_label)
        self.description_label = QLabel("", body)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)  # declared data: shown as typed
        self.description_label.setWordWrap(True)
        self.description_label.setStyleSheet("color:#5b6470;")
        bl.addWidget(self.description_label)
        self.form_box = CalculatorForm(body)
        self.form_box.changed.connect(self._on_form_box_changed)
        bl.addWidget(self.form_box)
        self._message = QLabel("", body)
        self._message.setObjectName("calculatorMessage")
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setWordWrap(True)
        bl.addWidget(self._message)
        # As tall as its text: the one scroll bar is the panel's (no box scrolling inside a box).
        self.result_view = FittingTextBrowser(body)
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

    # -- the parts, as older callers and tests name them -------------------------------------------
    @property
    def search_edit(self):  # type: ignore[no-untyped-def]
        return self.picker.search_edit

    @property
    def tree(self):  # type: ignore[no-untyped-def]
        return self.picker.tree

    @property
    def proxy(self):  # type: ignore[no-untyped-def]
        return self.picker.proxy

    @property
    def model(self):  # type: ignore[no-untyped-def]
        return self.picker.model

    @property
    def calc_combo(self):  # type: ignore[no-untyped-def]
        return self.selector_bar.combo

    @property
    def list_button(self) -> QToolButton:
        return self.selector_bar.list_button

    @property
    def form(self) -> QFormLayout:
        return self.form_box.layout_

    @property
    def _rows(self) -> dict[str, int]:
        return self.form_box.rows

    @property
    def unit_buttons(self) -> dict[str, QToolButton]:
        return self.form_box.unit_buttons

    def _find_index(self, calc_id: str):  # type: ignore[no-untyped-def]
        return self.picker.find_index(calc_id)

    # -- layout: list and form side by side, stacked, or the list folded into a drop-down -------
    def list_is_folded(self) -> bool:
        """True when the full list is folded away and the drop-down above the form picks instead."""
        return self.picker.isHidden()

    def _is_wide(self) -> bool:
        return self.width() > self.WIDE_PX

    def _update_layout(self) -> None:
        wide = self._is_wide()
        list_h = self.picker.full_height()
        roomy = wide or self.height() >= list_h + self.FORM_PX
        has_calc = self._current is not None
        show_list = roomy or not has_calc or self._list_open
        self._splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        self.selector_bar.setVisible(has_calc and not roomy)
        self.picker.setVisible(show_list)
        for w in (self.form_box, self.result_view, self.button_row):
            w.setVisible(has_calc)
        self.selector_bar.show_list_state(show_list)
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
                self._splitter.setSizes([list_h, total - list_h])
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
        return self.form_box.unit

    def show_calculator(self, calc_id: str) -> None:
        """Select ``calc_id`` in the picker and show its form (unit and region carried over)."""
        calc = self._calcs.get(calc_id)
        if calc is None:
            if calc_id:
                self._message.setText(self.tr("没有名为 {0} 的计算器。").format(calc_id))
            return
        if self.picker.select(calc_id):
            return  # re-enters through _on_picker_current_changed
        if self._current is not calc:
            self._build_form(calc)

    def clear(self) -> None:
        """Forget what was typed: the current calculator's form back to its defaults, unit 元, no region
        carried to the next calculator, no message, the list unfiltered (展台模式's idle reset)."""
        calc = self._current
        self._current = None  # nothing to remember from the form being dropped
        self._regions = ()
        self.form_box.set_unit(YUAN)
        self._message.setText("")
        self.search_edit.clear()
        if calc is not None:
            self._build_form(calc)

    def focus_first_field(self) -> None:
        """Put the cursor in the first field to fill (Ctrl+K)."""
        w = self.form_box.first_field()
        if w is not None:
            w.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_input(self, name: str, text: str) -> None:
        """Set a field as if typed (money in the current unit; ``true``/``false``; a choice value)."""
        self.form_box.set_input(name, text)

    def input_widget(self, name: str) -> QWidget:
        return self.form_box.fields[name]

    def set_unit(self, unit: str) -> None:
        """Switch the amount unit (``元`` or ``万元``); typed bare numbers are converted."""
        self.form_box.set_unit(unit)

    def raw_inputs(self) -> dict[str, str]:
        """The form as ``name -> text`` in 元 (what the CLI would be given)."""
        return self.form_box.raw_inputs()

    def result_view_words(self) -> ResultView | None:
        """The words of the current result (what the view, the copy and the PDF lay out)."""
        return self._view

    def result_text(self) -> str:
        return result_text(self._view) if self._view is not None else ""

    def copy_result(self) -> None:
        """Put the result as plain text on the clipboard."""
        if self._view is not None:
            QGuiApplication.clipboard().setText(self.result_text())
            self._message.setText(self.tr("计算结果已复制。"))

    def export_pdf(self, path: str | Path) -> None:
        """Write the current result as an A4 PDF through the printing pipeline.

        Raises:
            OSError: the file cannot be written (the message says why).
            ValueError: there is no result to print.
        """
        from ui.calculator.pdf import write_result_pdf
        from ui.printing.errors import PrintError

        if self._result is None or self._current is None:
            raise ValueError("没有可打印的计算结果；请先填写必填项")
        paper = result_view(self._result, self._current, self._hb, calculators=self._calcs, unit=self.unit())
        try:
            write_result_pdf(Path(path), paper, footer=self._footer())
        except PrintError as exc:
            raise OSError(str(exc)) from None

    def _footer(self) -> str:
        parts = ["科技政策一点通", f"计算日期 {self._view.date if self._view else ''}".strip()]
        if self._summary:
            parts.append(self._summary)
        return "　".join(parts) + "　计算结果不是承诺"

    # -- form --------------------------------------------------------------------------------------
    def _carry(self, calc: Calculator) -> dict[str, str]:
        """The region choice of ``calc`` for the enterprise's regions chosen in an earlier calculator."""
        inp = calc.region_input()
        if inp is None or not self._regions:
            return {}
        choice = region_choice(calc, self._regions)
        return {inp.name: choice} if choice else {}

    def _remember_region(self) -> None:
        calc = self._current
        inp = calc.region_input() if calc is not None else None
        if inp is None:
            return
        value = self.form_box.field_text(inp)
        chosen = next((c for c in inp.choices if c.value == value), None)
        # a broader choice (河北省 where only that fits) says nothing new: keep the more precise region
        if chosen is not None and not set(chosen.region) <= set(self._regions):
            self._regions = chosen.region

    def _build_form(self, calc: Calculator) -> None:
        self._remember_region()
        self._current = calc
        title = calc.title if calc.status == "效力未核实" else f"{calc.title}（{calc.status}）"
        self.title_label.setText(title)
        self.description_label.setText(calc.description)
        self.form_box.build(calc, self._carry(calc))
        if self._scale != 1.0:  # a calculator chosen while shown alone and larger: its new fields too
            base = self.property("kjzcBasePointSize") or self.font().pointSizeF() / self._scale
            scale_fonts(self.form_box, self._scale, every=True, inherit_pt=base)
        self._recompute()
        self.selector_bar.sync(calc.id)
        self._update_layout()
        self._scroll.verticalScrollBar().setValue(0)  # a new calculator starts at its top

    def _recompute(self) -> None:
        calc = self._current
        if calc is None:
            return
        try:
            blank = self.form_box.blank_typed_choice()
            if blank is not None:
                raise CalcInputError(blank.name, f"请填写“{blank.label}”（{blank.name}）：{expected_form(blank)}")
            self._result = evaluate(calc, self.raw_inputs())
            self._error = None
        except CalcInputError as exc:
            self._result = None
            self._error = exc
        if self._error is not None:
            self._view = None
            missing = self.form_box.is_empty(self._error.field)
            self.form_box.mark(None if missing else self._error.field)
            self._message.setStyleSheet(f"color:{'#5b6470' if missing else '#c0392b'};")
            self._message.setText(self._error.text)
            hint = self.tr("填写上面的输入项后显示计算结果。")
            self.result_view.setHtml(f'<p style="color:#5b6470;">{hint}</p>'
                                     + intro_html(calc, self._hb, self.form_box.typed_best_effort()))
        else:
            assert self._result is not None
            self.form_box.mark(None)
            self._message.setStyleSheet("")
            self._message.setText("")
            self._view = result_view(self._result, calc, self._hb, calculators=self._calcs, unit=self.unit())
            self.result_view.setHtml(result_html(self._view))
        self._set_actions_enabled(self._result is not None)
        self.result_changed.emit()

    def set_scale(self, factor: float) -> None:
        """Type ``factor`` times larger in the result (演示模式 shows the calculator alone; the window scales
        the widgets' fonts, see ui.projector.scale_fonts)."""
        self._scale = factor
        self.result_view.set_scale(factor)

    def _set_actions_enabled(self, on: bool) -> None:
        self.copy_button.setEnabled(on)
        self.pdf_button.setEnabled(on)

    # -- slots -------------------------------------------------------------------------------------
    def _on_picker_current_changed(self, calc_id: str) -> None:
        if calc_id in self._calcs and (self._current is None or self._current.id != calc_id):
            self._build_form(self._calcs[calc_id])

    def _on_picker_chosen(self, _calc_id: str) -> None:
        # The user chose from the list: when space is short, fold it away to give the form the room.
        if self._list_open:
            self._set_list_open(False)

    def _on_selector_bar_list_toggled(self, on: bool) -> None:
        self._set_list_open(on)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _on_form_box_changed(self) -> None:
        self._recompute()

    def _on_result_view_anchor_clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("measure:"):
            self.measure_open_requested.emit(text.split(":", 1)[1])
        elif text.startswith("calc:"):
            self.show_calculator(text.split(":", 1)[1])

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
        from ui.saved_notice import show_saved_box

        show_saved_box(self, Path(path), title=self.tr("保存计算结果为 PDF"))  # 已保存：路径 [打开] [打开所在文件夹]
