"""The calculator panel: pick, fill, read; same numbers as the CLI; citations; 元/万元; copy; PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWidget

from content.calc import load_calculators
from ui.calculator_panel import CalculatorPanel

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def panel(qtbot, handbook):  # type: ignore[no-untyped-def]
    p = CalculatorPanel(handbook, load_calculators(handbook))
    qtbot.addWidget(p)
    p.resize(520, 1000)
    p.show()
    qtbot.waitExposed(p)
    return p


def type_text(widget: QWidget, text: str) -> None:
    """Type Chinese (or anything) the way an input method commits it (keyClicks aborts on CJK)."""
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def test_picker_is_grouped_by_topic_and_searchable(panel) -> None:  # type: ignore[no-untyped-def]
    proxy = panel.proxy
    topics = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert "成果转化" in topics and "税收优惠" in topics
    count = sum(proxy.rowCount(proxy.index(r, 0)) for r in range(proxy.rowCount()))
    assert count == len(panel.calculators())
    type_text(panel.search_edit, "贴息")
    assert proxy.rowCount() == 1
    group = proxy.index(0, 0)
    assert group.data() == "科技金融" and proxy.rowCount(group) == 1
    assert proxy.index(0, 0, group).data(Qt.ItemDataRole.UserRole + 1) == "loan-interest"
    panel.search_edit.clear()
    type_text(panel.search_edit, "高企")  # a keyword, not in the title
    ids = [proxy.index(c, 0, proxy.index(r, 0)).data(Qt.ItemDataRole.UserRole + 1)
           for r in range(proxy.rowCount()) for c in range(proxy.rowCount(proxy.index(r, 0)))]
    assert "high-tech-award" in ids and "loan-interest" not in ids and len(ids) <= 2


def test_clicking_a_calculator_builds_its_form(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    idx = panel._find_index("loan-interest")
    panel.tree.scrollTo(idx)
    rect = panel.tree.visualRect(idx)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_calculator() == "loan-interest"
    assert isinstance(panel.input_widget("interest"), QLineEdit)
    assert isinstance(panel.input_widget("first_loan"), QCheckBox)


def test_fill_the_form_and_see_the_result(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("tech-transfer")
    assert panel.result() is None and panel.input_error().field == "amount"  # required, still empty
    assert not panel.copy_button.isEnabled()
    region = panel.input_widget("region")
    assert isinstance(region, QComboBox)
    region.setCurrentIndex(region.findData("shijiazhuang"))
    qtbot.keyClicks(panel.input_widget("amount"), "3000000")
    result = panel.result()
    # issue 11: one contract, province and city are alternatives (was 400000.00); the panel shows the three
    # figures, never the total alone
    assert result is not None and result.total == Decimal("200000.00")
    html = panel.result_view.toHtml()
    assert "200,000.00" in html and "省级科技成果受让补助" in html and "100万元×10% + 200万元×5%" in html
    assert "待核实" in html and "可确认" in html and "不计入" in html and "上限情形" in html
    assert "400,000.00" not in html
    assert panel.copy_button.isEnabled() and panel.pdf_button.isEnabled()


def test_bad_input_is_named_and_marked(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("tech-transfer")
    qtbot.keyClicks(panel.input_widget("amount"), "abc")
    assert panel.result() is None
    err = panel.input_error()
    assert err is not None and err.field == "amount"
    assert "不是金额" in panel._message.text() and "例如" in panel._message.text()
    assert "border" in panel.input_widget("amount").styleSheet()
    assert not panel.pdf_button.isEnabled()


def _cli_total(*args: str) -> str:
    exe = ROOT / ".venv" / "bin" / "python"
    r = subprocess.run([str(exe) if exe.exists() else sys.executable, str(ROOT / "main.py"), "calc", *args, "--json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return str(json.loads(r.stdout)["total"])


@pytest.mark.parametrize(
    ("cid", "fields"),
    [
        ("tech-transfer", {"region": "shijiazhuang", "amount": "9000000", "from_jingjin": "true"}),
        ("rd-growth-subsidy", {"region": "shijiazhuang", "scale": "below", "increase": "12345678.9"}),
        ("jbgs", {"program": "langfang", "amount": "7000000", "provincial_funding": "9000000"}),
        ("rd-deduction", {"personnel": "1000000", "other": "200000", "entrusted_overseas": "3000000"}),
        ("county-leap-award", {"a_top3": "true", "rank_up": "7"}),
    ],
)
def test_panel_and_cli_give_the_same_numbers(panel, cid: str, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator(cid)
    for name, value in fields.items():
        panel.set_input(name, value)
    result = panel.result()
    assert result is not None, panel.input_error()
    assert f"{result.total:.2f}" == _cli_total(cid, *(f"{k}={v}" for k, v in fields.items()))


def test_unit_switch_converts_and_keeps_the_numbers(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("loan-interest")
    panel.set_input("interest", "1500000")
    assert panel.result().total == Decimal("750000.00")
    qtbot.mouseClick(panel.unit_buttons["万元"], Qt.MouseButton.LeftButton)
    assert panel.unit() == "万元"
    assert panel.input_widget("interest").text() == "150"  # converted, same amount
    assert panel.result().total == Decimal("750000.00")
    assert "75万元" in panel.result_view.toPlainText()
    assert panel.raw_inputs()["interest"] == "150万"
    panel.set_input("interest", "300")  # now read as 300万元
    assert panel.result().total == Decimal("1000000.00")  # 150万 -> capped at 100万/年
    panel.set_unit("元")
    assert panel.input_widget("interest").text() == "3000000"
    assert "1,000,000.00元" in panel.result_view.toPlainText()
    panel.set_input("interest", "20万")  # an explicit unit always wins
    assert panel.result().total == Decimal("100000.00")


def _click_link(panel, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    view = panel.result_view
    doc = view.document()
    cursor = doc.find(text)
    assert not cursor.isNull(), text
    c = QTextCursor(cursor)
    c.setPosition(cursor.selectionStart() + 1)
    view.setTextCursor(c)
    view.ensureCursorVisible()
    rect = view.cursorRect(c)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 2, rect.center().y()))


def test_citations_emit_measure_open_requested(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("high-tech-award")
    assert panel.result() is not None
    with qtbot.waitSignal(panel.measure_open_requested, timeout=2000) as blocker:
        _click_link(panel, qtbot, "壮大高新技术企业")  # changan-1-2's title in the 依据 line
    assert blocker.args == ["changan-1-2"]
    with qtbot.waitSignal(panel.measure_open_requested, timeout=2000) as blocker:
        _click_link(panel, qtbot, "06 创新科技金融服务")  # a condition's citation: its title, not “[sjz16-06]”
    assert blocker.args == ["sjz16-06"]


def test_contacts_of_the_cited_measures_are_shown(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("high-tech-award")
    text = panel.result_view.toPlainText()
    assert "咨询电话" in text
    assert "魏璇" in text and "85996767" in text  # changan-1-2
    assert "高新技术科" in text and "85671296" in text  # sjz16-06


def test_fields_shown_only_where_they_apply(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("rd-growth-subsidy")
    row = panel._rows["scale"]
    assert not panel.form.isRowVisible(row)
    assert not panel.form.isRowVisible(panel._rows["listed"])
    panel.set_input("region", "shijiazhuang")
    assert panel.form.isRowVisible(row)
    panel.set_input("region", "langfang")
    assert panel.form.isRowVisible(panel._rows["listed"]) and not panel.form.isRowVisible(row)


def test_copy_result(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("indirect-cost")
    panel.set_input("budget", "4000000")
    panel.copy_result()
    text = QGuiApplication.clipboard().text()
    # the copy is in the unit the reader chose (元 here), the same words as the CLI's
    assert "间接经费上限：1,000,000.00元　待核实" in text and "  待核实：1,000,000.00元" in text
    assert "100万元×30% + 200万元×25% + 100万元×20% = 100万元" in text
    assert "依据：石家庄市科技创新政策摘编 › " in text and "zb-09-02" not in text  # titles, not ids


def test_print_as_one_page_pdf(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("rd-deduction")
    for name, value in {"personnel": "1000000", "direct": "500000", "other": "300000", "entrusted_domestic": "1000000",
                        "entrusted_overseas": "3000000", "intangible_cost": "1000000"}.items():
        panel.set_input(name, value)
    out = tmp_path / "result.pdf"
    panel.export_pdf(out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo") and shutil.which("pdftotext"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
        compact = "".join(text.split())
        assert "研发费用加计扣除" in compact and "咨询电话" in compact and "不是承诺" in compact
        assert "待核实" in compact and "可确认" in compact and "不计入" in compact


def test_pdf_without_a_result_says_why(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("tech-transfer")
    with pytest.raises(ValueError, match="请先填写"):
        panel.export_pdf(tmp_path / "x.pdf")


def test_unwritable_pdf_path_raises_oserror(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("indirect-cost")
    panel.set_input("budget", "100万")
    with pytest.raises(OSError, match=r"无法写入|不存在"):
        panel.export_pdf(tmp_path / "no" / "such" / "dir" / "x.pdf")


def test_calculators_for_measure_and_unknown_ids(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.calculators_for_measure("zb-05-06") == ["loan-interest"]
    assert panel.calculators_for_measure("nothing") == []
    panel.show_calculator("no-such")
    assert panel.current_calculator() == ""
    assert "no-such" in panel._message.text()


def test_constructed_with_only_a_parent(qtbot, handbook) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    p = CalculatorPanel(handbook, parent)  # loads the calculators itself
    assert p.parent() is parent and "tech-transfer" in p.calculators()


def test_no_rate_or_cap_literal_in_the_widget() -> None:
    src = (ROOT / "ui" / "calculator_panel.py").read_text(encoding="utf-8")
    for literal in ("10%", "5%", "100万", "50万", "0.1", "0.05", "1000000"):
        assert literal not in src


def test_render_offscreen(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("jbgs")
    panel.set_input("program", "shijiazhuang")
    panel.set_input("amount", "10000000")
    image = panel.grab()
    assert image.width() > 400
    assert image.save(str(tmp_path / "panel.png"))


def test_before_any_input_the_conditions_and_sources_are_shown(panel) -> None:  # type: ignore[no-untyped-def]
    panel.show_calculator("jbgs")
    text = panel.result_view.toPlainText()
    assert "申请条件" in text and "政策依据" in text
    assert "拨付第一笔资金" in text  # zb-01-01, the province program (the default)
    assert "主要出资方" not in text  # lf-03 applies only to the Langfang program
    panel.set_input("program", "langfang")
    assert panel.result() is None
    assert "主要出资方" in panel.result_view.toPlainText()


def _panel_of_size(qtbot, handbook, width: int, height: int):  # type: ignore[no-untyped-def]
    p = CalculatorPanel(handbook, load_calculators(handbook))
    qtbot.addWidget(p)
    p.resize(width, height)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_docked_panel_folds_the_list_into_a_drop_down(qtbot, handbook) -> None:  # type: ignore[no-untyped-def]
    """At 1280x800 the dock is about 420x700: the list and the form do not both fit comfortably."""
    p = _panel_of_size(qtbot, handbook, 420, 700)
    # Nothing chosen yet: the list has the room (it was ~6 rows, scrolled, above an empty form).
    assert not p.list_is_folded() and p.selector_bar.isHidden()
    assert p.tree.viewport().height() // p.tree.sizeHintForRow(0) >= 15
    idx = p._find_index("loan-interest")
    p.tree.scrollTo(idx)
    qtbot.mouseClick(p.tree.viewport(), Qt.MouseButton.LeftButton, pos=p.tree.visualRect(idx).center())
    # Chosen: the list folds into the drop-down and the form has the panel's height.
    assert p.current_calculator() == "loan-interest"
    assert p.list_is_folded() and p.selector_bar.isVisible()
    assert p.calc_combo.currentData(Qt.ItemDataRole.UserRole + 1) == "loan-interest"
    assert p._scroll.height() > 0.8 * p.height()
    # Topic headings in the drop-down are not choices; every calculator is one.
    model = p.calc_combo.model()
    choices = [model.item(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())
               if model.item(r).flags() & Qt.ItemFlag.ItemIsEnabled]
    assert sorted(choices) == sorted(p.calculators())
    # The drop-down switches calculators and keeps the list folded.
    row = p.calc_combo.findData("tech-transfer", Qt.ItemDataRole.UserRole + 1)
    p.calc_combo.setCurrentIndex(row)
    p.calc_combo.activated.emit(row)
    assert p.current_calculator() == "tech-transfer" and p.list_is_folded()
    # “全部计算器…” opens the searchable list; Enter picks the first match and folds it again.
    qtbot.mouseClick(p.list_button, Qt.MouseButton.LeftButton)
    assert not p.list_is_folded() and p.focusWidget() is p.search_edit
    type_text(p.search_edit, "贴息")
    qtbot.keyClick(p.search_edit, Qt.Key.Key_Return)
    assert p.current_calculator() == "loan-interest" and p.list_is_folded()
    assert p.calc_combo.currentData(Qt.ItemDataRole.UserRole + 1) == "loan-interest"


@pytest.mark.parametrize(("width", "height"), [(1000, 700), (420, 2000)])
def test_wide_or_tall_panel_shows_list_and_form_together(qtbot, handbook, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    p = _panel_of_size(qtbot, handbook, width, height)
    p.show_calculator("rd-deduction")
    assert not p.list_is_folded() and p.selector_bar.isHidden()
    assert p._splitter.orientation() == (Qt.Orientation.Horizontal if width > 900 else Qt.Orientation.Vertical)
    tree_rows = p.tree.viewport().height() // p.tree.sizeHintForRow(0)
    assert tree_rows >= 20


def test_result_is_as_tall_as_its_text(panel) -> None:  # type: ignore[no-untyped-def]
    """One scroll bar (the panel's), not a box scrolling inside a box."""
    panel.show_calculator("high-tech-award")
    view = panel.result_view
    assert view.verticalScrollBar().maximum() == 0
    assert view.height() >= int(view.document().size().height())
