"""The calculator panel's form: one field per declared input, the 元/万元 switch, what a person typed.

The form only turns widgets into the texts :func:`content.calc.evaluate` reads (``name -> text`` in 元)
and shows which fields apply; it never parses amounts for a result or knows a rate.
"""

from __future__ import annotations

import re
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from content.calc import CalcInput, Calculator, expected_form, format_wan, holds, parse_input, parse_rate
from content.calc.inputs import Value

YUAN, WAN = "元", "万元"
#: The last item of a rate field with presets: any other rate, typed in.
OTHER_RATE = "其他税率（自行填写）"
BARE_NUMBER = re.compile(r"^\s*[0-9０-９][0-9０-９,，]*([.．][0-9０-９]+)?\s*$")


def plain(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def fit_width(combo: QComboBox) -> None:
    """A long choice (a preset's basis, a long label) must not make the form wider than the dock: the
    closed box takes the width it is given, the open list shows every choice whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)


class CalculatorForm(QGroupBox):
    """The fields of one calculator.

    Signals:
        changed(): a field or the unit changed (the panel recomputes).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("输入"), parent)
        self.calc: Calculator | None = None
        self.fields: dict[str, QWidget] = {}
        self.rows: dict[str, int] = {}
        self.unit = YUAN
        self._building = False
        fl = QVBoxLayout(self)
        unit_row = QHBoxLayout()
        unit_row.addWidget(QLabel(self.tr("金额单位："), self))
        self.unit_group = QButtonGroup(self)
        self.unit_buttons: dict[str, QToolButton] = {}
        for u in (YUAN, WAN):
            b = QToolButton(self)
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
        self.layout_ = QFormLayout()
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fl.addLayout(self.layout_)

    # -- building ----------------------------------------------------------------------------------
    def build(self, calc: Calculator, carry: dict[str, str] | None = None) -> None:
        """Fields for ``calc`` with their defaults, then ``carry`` (name -> value) where it fits."""
        self._building = True
        self.calc = calc
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.fields.clear()
        self.rows.clear()
        for inp in calc.inputs:
            w = self._make_field(inp)
            self.fields[inp.name] = w
            label = QLabel(inp.label + ("＊" if inp.required else ""), self)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            if inp.help:
                label.setToolTip(inp.help)
                w.setToolTip(inp.help)
            self.rows[inp.name] = self.layout_.rowCount()
            self.layout_.addRow(label, self._with_unit(inp, w))
        for name, value in (carry or {}).items():
            if name in self.fields:
                self.set_input(name, value)
        self._building = False
        self.update_visibility()

    def _with_unit(self, inp: CalcInput, w: QWidget) -> QWidget:
        if inp.type != "money":
            return w
        box = QWidget(self)
        h = QHBoxLayout(box)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(w, 1)
        unit = QLabel(self.unit, box)
        unit.setObjectName(f"unit_{inp.name}")
        unit.setMinimumWidth(28)
        h.addWidget(unit)
        return box

    def _make_field(self, inp: CalcInput) -> QWidget:
        if inp.type == "bool":
            cb = QCheckBox(self)
            cb.setChecked((inp.default or "").lower() == "true")
            cb.toggled.connect(self._on_field_changed)
            return cb
        if inp.type == "choice":
            combo = QComboBox(self)
            fit_width(combo)
            for c in inp.choices:
                combo.addItem(c.label, c.value)
            combo.setCurrentIndex(max(0, combo.findData(inp.default)))
            combo.currentIndexChanged.connect(self._on_field_changed)
            return combo
        if inp.type == "count":
            spin = QSpinBox(self)
            spin.setRange(0, 1_000_000)
            spin.setSuffix(f" {inp.unit}" if inp.unit else "")
            spin.setValue(int(inp.default or 0))
            spin.valueChanged.connect(self._on_field_changed)
            return spin
        if inp.type == "rate" and inp.choices:
            # presets (the editor's figures, with their basis), or 其他: any rate typed in
            combo = QComboBox(self)
            combo.setEditable(True)
            combo.setObjectName(f"field_{inp.name}")
            # a typed rate stays text: Enter must not add it as an item without a value
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            fit_width(combo)
            for c in inp.choices:
                combo.addItem(f"{c.value}　{c.label}（{c.basis}）", c.value)
            combo.addItem(self.tr(OTHER_RATE), None)
            edit = combo.lineEdit()
            assert edit is not None  # editable
            edit.setPlaceholderText(self.tr("填写税率，例如 20%"))
            default = parse_rate(inp.default or "0")
            match = next((i for i, c in enumerate(inp.choices) if parse_rate(c.value) == default), -1)
            if match >= 0:
                combo.setCurrentIndex(match)
            else:
                combo.setEditText(inp.default or "")
            edit.setCursorPosition(0)  # the rate and its label first, the basis after
            combo.currentIndexChanged.connect(lambda i, c=combo: self._on_rate_combo_index_changed(c, i))
            combo.currentTextChanged.connect(self._on_field_changed)
            return combo
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{inp.name}")
        if inp.type == "rate":
            edit.setText(inp.default or "")
            edit.setPlaceholderText(expected_form(inp))
        else:
            edit.setPlaceholderText(self._money_placeholder(inp))
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _money_placeholder(self, inp: CalcInput) -> str:
        example = "300" if self.unit == WAN else "3000000"
        if inp.required:
            return self.tr("必填，例如 {0}").format(example)
        return self.tr("不填按 {0} 计").format(inp.default or "0")

    # -- reading -----------------------------------------------------------------------------------
    def field_text(self, inp: CalcInput) -> str:
        w = self.fields[inp.name]
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else "false"
        if isinstance(w, QComboBox):
            if w.isEditable():
                i = w.currentIndex()
                if i >= 0 and w.currentText() == w.itemText(i):
                    data = w.itemData(i)
                    return "" if data is None else str(data)  # 其他 chosen, nothing typed yet
                return w.currentText().strip()
            return str(w.currentData())
        if isinstance(w, QSpinBox):
            return str(w.value())
        assert isinstance(w, QLineEdit)
        text = w.text()
        if inp.type == "money" and self.unit == WAN and BARE_NUMBER.match(text):
            return text.strip() + "万"
        return text

    def typed_best_effort(self) -> dict[str, Value]:
        """Typed values for deciding which fields show; a field that does not parse counts as its default."""
        assert self.calc is not None
        values: dict[str, Value] = {}
        for inp in self.calc.inputs:
            for text in (self.field_text(inp), inp.default or "0"):
                try:
                    values[inp.name] = parse_input(inp, text)
                    break
                except ValueError:
                    continue
            else:
                values[inp.name] = Decimal(0) if inp.type in ("money", "rate", "count") else ""
        return values

    def raw_inputs(self) -> dict[str, str]:
        """The form as ``name -> text`` in 元 (what the CLI would be given); hidden fields are left out."""
        if self.calc is None:
            return {}
        values = self.typed_best_effort()
        return {inp.name: self.field_text(inp) for inp in self.calc.inputs
                if inp.when is None or holds(inp.when, values)}

    # -- writing -----------------------------------------------------------------------------------
    def set_input(self, name: str, text: str) -> None:
        """Set a field as if typed (money in the current unit; ``true``/``false``; a choice value)."""
        w = self.fields[name]
        if isinstance(w, QLineEdit):
            w.setText(text)
        elif isinstance(w, QCheckBox):
            w.setChecked(text.strip().lower() in ("true", "1", "是", "yes"))
        elif isinstance(w, QComboBox):
            i = w.findData(text)
            if i < 0:
                i = w.findText(text)
            if i >= 0:
                w.setCurrentIndex(i)
            elif w.isEditable():
                w.setEditText(text)
        elif isinstance(w, QSpinBox):
            w.setValue(int(text or 0))

    def update_visibility(self) -> None:
        if self.calc is None:
            return
        values = self.typed_best_effort()
        for inp in self.calc.inputs:
            if inp.when is not None:
                self.layout_.setRowVisible(self.rows[inp.name], holds(inp.when, values))

    def mark(self, name: str | None) -> None:
        """Outline the field that is wrong (``None``: none)."""
        for n, w in self.fields.items():
            if isinstance(w, QLineEdit):
                w.setStyleSheet("QLineEdit { border: 2px solid #c0392b; }" if n == name else "")

    def is_empty(self, name: str) -> bool:
        w = self.fields.get(name)
        if isinstance(w, QComboBox) and w.isEditable() and self.calc is not None:
            inp = self.calc.input(name)
            return inp is not None and not self.field_text(inp)
        return isinstance(w, QLineEdit) and not w.text().strip()

    def blank_typed_choice(self) -> CalcInput | None:
        """A shown rate field with presets left blank (其他 chosen, nothing typed): the result waits for it
        rather than silently using the default the reader just turned away from."""
        if self.calc is None:
            return None
        values = self.typed_best_effort()
        for inp in self.calc.inputs:
            w = self.fields[inp.name]
            shown = inp.when is None or holds(inp.when, values)
            if shown and isinstance(w, QComboBox) and w.isEditable() and not self.field_text(inp):
                return inp
        return None

    def first_field(self) -> QWidget | None:
        """The first field a person fills (a required amount before the choices above it)."""
        if self.calc is None:
            return None
        values = self.typed_best_effort()
        shown = [i for i in self.calc.inputs if i.when is None or holds(i.when, values)]
        first = next((i for i in shown if i.required), shown[0] if shown else None)
        return self.fields.get(first.name) if first is not None else None

    def set_unit(self, unit: str) -> None:
        self.unit_buttons[unit].setChecked(True)

    # -- slots -------------------------------------------------------------------------------------
    def _on_field_changed(self, *_args: object) -> None:
        if self._building:
            return
        self.update_visibility()
        self.changed.emit()

    def _on_rate_combo_index_changed(self, combo: QComboBox, index: int) -> None:
        edit = combo.lineEdit()
        if edit is None:
            return
        if index >= 0 and combo.itemData(index) is None:  # 其他: an empty field to type the rate in
            combo.setEditText("")
            if not self._building:
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            edit.setCursorPosition(0)

    def _on_unit_group_button_toggled(self, button: QToolButton, checked: bool) -> None:
        if not checked or button.text() == self.unit:
            return
        old, self.unit = self.unit, button.text()
        if self.calc is not None:
            self._building = True
            for inp in self.calc.inputs:
                w = self.fields[inp.name]
                if inp.type != "money" or not isinstance(w, QLineEdit):
                    continue
                if BARE_NUMBER.match(w.text()):
                    try:
                        value = parse_input(inp, w.text())
                    except ValueError:
                        continue
                    assert isinstance(value, Decimal)
                    w.setText(format_wan(value) if old == YUAN else plain(value * 10000))
                w.setPlaceholderText(self._money_placeholder(inp))
                unit_label = self.findChild(QLabel, f"unit_{inp.name}")
                if unit_label is not None:
                    unit_label.setText(self.unit)
            self._building = False
        self.changed.emit()
