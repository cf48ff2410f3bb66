"""Issue 11 in the panel: three figures, no ids, region and unit carried over, back to the top,
related calculators, the PDF through the printing pipeline, Ctrl+K from a measure page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox

from content.calc import load_calculators
from ui.calculator_panel import CalculatorPanel
from ui.pages import Page

pytestmark = pytest.mark.gui
ID = re.compile(r"\b(zb|sjz16|hb12|lf|gxq|xy|changan)-[0-9]")


@pytest.fixture
def panel(qtbot, handbook):  # type: ignore[no-untyped-def]
    p = CalculatorPanel(handbook, load_calculators(handbook), summary="文本录入 2026-11-23 · 效力核实 0/212")
    qtbot.addWidget(p)
    p.resize(520, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_three_figures_and_no_total_alone(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("innovation-voucher")
    panel.set_input("region", "shijiazhuang")
    panel.set_input("contract", "100000")
    text = panel.result_view.toPlainText()
    assert "可确认" in text and "待核实" in text and "不计入" in text
    assert "50,000.00元" in text and "上限情形" in text
    assert "100,000.00元（" not in text  # the sum of both levels is never a figure
    assert "合计：" not in text


def test_no_measure_id_or_field_name_reaches_the_reader(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("high-tech-award")
    assert not ID.search(panel.result_view.toPlainText())
    panel.show_calculator("rd-growth-subsidy")  # a required field left empty: the message names its label
    assert panel.input_error() is not None
    assert "（increase）" not in panel._message.text() and "研发投入新增部分" in panel._message.text()
    assert not ID.search(panel.result_view.toPlainText())


def test_region_and_unit_carry_over_and_the_view_starts_at_the_top(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("high-tech-award")
    panel.set_input("region", "langfang")
    panel.set_unit("万元")
    panel._scroll.verticalScrollBar().setValue(panel._scroll.verticalScrollBar().maximum())
    panel.show_calculator("rd-growth-subsidy")  # 廊坊 is a choice here too
    region = panel.input_widget("region")
    assert isinstance(region, QComboBox) and region.currentData() == "langfang"
    assert panel.unit() == "万元"
    assert panel._scroll.verticalScrollBar().value() == 0
    panel.show_calculator("tech-transfer")  # no 廊坊 choice: 河北省（石家庄市以外）
    assert panel.input_widget("region").currentData() == "hebei"
    panel.show_calculator("high-tech-award")
    assert panel.input_widget("region").currentData() == "langfang"


def test_related_calculators_link_to_each_other(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("rd-deduction")
    panel.set_input("rd_total", "1000000")
    html = panel.result_view.toHtml()
    assert "还可以申请" in html and 'href="calc:rd-growth-subsidy"' in html
    panel._on_result_view_anchor_clicked(__import__("PySide6.QtCore").QtCore.QUrl("calc:rd-growth-subsidy"))
    assert panel.current_calculator() == "rd-growth-subsidy"


def test_rd_deduction_shows_its_contacts_and_the_tax_saving_first(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("rd-deduction")
    panel.set_input("rd_total", "2000000")
    panel.set_input("tax_rate", "15%")
    text = panel.result_view.toPlainText()
    assert text.index("预计少缴企业所得税") < text.index("可确认")
    assert "300,000.00元" in text  # 200万×15%
    assert "85085849" in text and "0311-66509176" in text  # sjz16-04 and hb12-08's contacts
    assert "编者据《中华人民共和国企业所得税法》第二十八条" in text


def test_pdf_goes_through_the_printing_pipeline_without_links(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("innovation-voucher")
    panel.set_input("contract", "100000")
    out = tmp_path / "券.pdf"
    panel.export_pdf(out)
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    assert len(reader.pages) == 1
    for page in reader.pages:  # no dead links on paper
        annots = page.get("/Annots")
        assert annots is None or len(annots.get_object()) == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        compact = "".join(text.split())
        assert "可确认" in compact and "待核实50,000.00元" in compact and "上限情形" in compact
        assert "效力核实0/212" in compact and not ID.search(compact)


def test_ctrl_k_opens_the_pages_calculator_with_focus_on_its_first_field(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "zb-05-06"))  # 科技型中小企业贷款贴息
    qtbot.keySequence(w, QKeySequence("Ctrl+K")) if hasattr(qtbot, "keySequence") else \
        w.actions_by_name["calculator"].trigger()
    qtbot.waitUntil(lambda: w.calc_dock.isVisible())
    panel = w.calc_dock.widget()
    assert panel.current_calculator() == "loan-interest"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.input_widget("interest"))
    assert QApplication.focusWidget().objectName() == "field_interest"


def test_ctrl_k_on_a_part_page_takes_a_calculator_of_its_measures(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "zb-04"))  # 四、科技成果转化: the 受让补助 is its first calculator
    w.actions_by_name["calculator"].trigger()
    assert w.calc_dock.widget().current_calculator() in {"tech-transfer", "tech-transfer-agency", "contract-registry"}
    assert Qt.Key.Key_K  # the shortcut itself is declared in ui/actions.py
