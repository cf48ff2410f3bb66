"""Audit of issue 11 in the panel: the dock's own width, the tax rate's 其他, clean words on screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from content.calc import load_calculators
from ui.calculator_panel import CalculatorPanel

pytestmark = pytest.mark.gui
DOCK_PX = 420  # ui/mainwindow.py: resizeDocks([dock], [420], …)
MEASURE_ID = re.compile(r"\b(?:zb|sjz16|hb12|lf|gxq|xy|changan)-[0-9][0-9a-z-]*")
ASCII_NAME = re.compile(r"(?<![A-Za-z0-9@.])[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*(?![A-Za-z0-9@])")


@pytest.fixture
def panel(qtbot, handbook):  # type: ignore[no-untyped-def]
    p = CalculatorPanel(handbook, load_calculators(handbook), summary="文本录入 2026-11-23 · 效力核实 0/212")
    qtbot.addWidget(p)
    p.resize(DOCK_PX, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def _fill_required(panel: CalculatorPanel) -> None:
    calc = panel.calculators()[panel.current_calculator()]
    for inp in calc.inputs:
        if inp.required:
            panel.set_input(inp.name, "1000000")


def test_every_calculator_fits_the_docks_width(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    # The figures and the tax saving sit at the right: at the dock's width nothing may need a sideways scroll.
    wide = []
    for cid in sorted(panel.calculators()):
        panel.show_calculator(cid)
        _fill_required(panel)
        QApplication.processEvents()
        bar = panel._scroll.horizontalScrollBar()
        body = panel._scroll.widget()
        if bar.maximum() > 0 or body.minimumSizeHint().width() > panel._scroll.viewport().width():
            wide.append((cid, body.minimumSizeHint().width(), panel._scroll.viewport().width()))
    assert wide == [], wide


def test_the_tax_rate_is_25_15_or_another_typed_in(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("rd-deduction")
    panel.set_input("rd_total", "1000000")
    combo = panel.input_widget("tax_rate")
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert len(items) == 3
    assert items[0].startswith("25%") and "法定税率" in items[0] and "企业所得税法" in items[0]
    assert items[1].startswith("15%") and "高新技术企业" in items[1] and "企业所得税法" in items[1]
    assert "其他" in items[2]
    # 其他: the field empties and the result waits for a rate (not a silent 25%)
    combo.setCurrentIndex(2)
    assert combo.currentText() == ""
    assert panel.result() is None
    msg = panel._message.text()
    assert "请填写“企业所得税税率”" in msg and "tax_rate" not in msg
    # a rate typed in, then Enter: it stays the rate (Enter used to add an item whose value read “None”)
    edit = combo.lineEdit()
    assert isinstance(edit, QLineEdit)
    qtbot.keyClicks(edit, "20%")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    panel.set_input("rd_total", "2000000")  # recompute after the Enter
    r = panel.result()
    assert r is not None, panel._message.text()
    assert {ln.rule: ln.amount for ln in r.lines}["tax"] == 400000  # 200万 × 20%
    text = panel.result_text()
    assert "企业所得税税率：20%（自行填写）" in text
    assert combo.count() == 3
    # back to a preset: its basis is printed with it
    combo.setCurrentIndex(1)
    assert "15%（高新技术企业；编者据《中华人民共和国企业所得税法》第二十八条" in panel.result_text()


def _visible_words(panel: CalculatorPanel) -> str:
    body = panel._scroll.widget()
    assert body is not None
    labels = [w.text() for w in body.findChildren(QLabel) if w.isVisible()]
    return "\n".join([*labels, panel.result_view.toPlainText()])


def test_no_screen_text_shows_an_id_or_a_field_name(panel) -> None:  # type: ignore[no-untyped-def]
    """Every calculator, each choice of its inputs: the labels, the message and the result on screen."""
    for cid, calc in sorted(panel.calculators().items()):
        panel.show_calculator(cid)
        variants: list[tuple[str, str]] = [("", "")]
        for inp in calc.inputs:
            if inp.type == "choice":
                variants += [(inp.name, c.value) for c in inp.choices]
            elif inp.type == "bool":
                variants.append((inp.name, "true"))
        for name, value in variants:
            panel.show_calculator(cid)
            if name:
                panel.set_input(name, value)
            for stage in ("empty", "filled"):
                if stage == "filled":
                    _fill_required(panel)
                words = _visible_words(panel)
                assert not MEASURE_ID.search(words), (cid, name, value, MEASURE_ID.search(words))
                found = set(ASCII_NAME.findall(words)) - {"calc"}
                assert not found, (cid, name, value, stage, found)
