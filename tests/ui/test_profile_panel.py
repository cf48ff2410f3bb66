"""The 我的企业 screen: the home tile, the form, the result, privacy, and the same answer as the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from content.profile import Group, Profile
from content.profile.report import result_to_json
from ui.pages import HOME, Page

pytestmark = pytest.mark.gui

CHANGAN_NEW_HIGH_TECH = {"county": "长安区", "high_tech": "new"}


def _pdf_printer(path: Path) -> QPrinter:
    from ui.printing.render import setup_printer

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _select_region(panel: Any, name: str) -> None:
    combo = panel.region_combo
    i = next(i for i in range(combo.count()) if combo.itemText(i).strip().startswith(name))
    combo.setCurrentIndex(i)


def test_my_enterprise_is_the_first_home_tile(make_window) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    assert w._builder.tiles[0].title == "我的企业"
    assert w._builder.tiles[0].target == "profile:"
    html = w.reader.current_html()
    first = html.index('href="profile:"')
    assert first < html.index('href="compare:')


def test_home_to_printed_checkup_in_six_actions(make_window, qtbot, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    """From the home page to a printed 体检单, done as a person does it: six mouse clicks.

    1 the 我的企业 tile; 2 the 所在地 list; 3 “长安区” in it; 4 高新技术企业 “今年首次认定”;
    5 “打印体检单…”; 6 “打印” in the system's print dialog.  Only the printer is a PDF file here
    (no printer in the test machine); the dialog is the real QPrintDialog.
    """
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from ui.profile_panel import ProfilePanel
    from ui.tiles import tile_rects

    out = tmp_path / "printed.pdf"
    monkeypatch.setattr(ProfilePanel, "_make_printer", lambda self: _pdf_printer(out))
    clicks: list[str] = []

    def click(widget: Any, what: str, pos: QPoint | None = None) -> None:
        clicks.append(what)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center() if pos is None else pos)

    w = make_window(start=False)
    w.show()
    qtbot.waitExposed(w)
    assert w.current_page == HOME
    reader = w.reader
    rect, href = tile_rects(reader.document())[0]
    assert href == "profile:"
    scroll = reader.verticalScrollBar().value()
    click(reader.viewport(), "主页：点“我的企业”磁贴", QPoint(int(rect.center().x()), int(rect.bottom() - 4 - scroll)))
    panel = w.profile_panel
    assert panel is not None and w.central_stack.currentWidget() is panel
    combo = panel.region_combo
    click(combo, "所在地：点开下拉列表")
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=2000)
    view = combo.view()
    row = next(i for i in range(combo.count()) if combo.itemText(i).strip().startswith("长安区"))
    item = view.visualRect(combo.model().index(row, 0))
    assert item.top() >= 0 and item.bottom() < view.viewport().height(), "长安区 is in sight without scrolling"
    # a person's second click comes later than a double-click (Qt ignores a release that quick on a new popup)
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    click(view.viewport(), "所在地：点“长安区”", item.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=2000)
    assert combo.currentText().strip().startswith("长安区")
    click(panel.editors["high_tech"].buttons["new"], "高新技术企业：点“今年首次认定”")

    def press_print() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, QPrintDialog)
        box = dlg.findChild(QDialogButtonBox)
        ok = box.button(QDialogButtonBox.StandardButton.Ok)
        clicks.append(f"打印对话框：点“{ok.text()}”")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(300, press_print)
    click(panel.print_button, "点“打印体检单…”")
    assert len(clicks) == 6, clicks
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 10_000, timeout=10_000)
    result = panel.result()
    assert {m.measure.id for m in result.group(Group.APPLICABLE)} >= {"changan-1-2", "sjz16-06"}
    import subprocess

    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "政策体检单" in text and "长安区" in text and "壮大高新技术企业" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info  # the one page a visitor takes home


def test_full_version_is_a_choice_and_clear_forgets_it(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """体检单: the one page by default; “完整版（含需确认、不适用）” in the list next to the print button."""
    import subprocess

    def pages(path: Path) -> int:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])

    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "high_tech": "new"}))
    combo = panel.version_combo
    assert combo.currentText().startswith("一页版") and not panel.full_version()
    one, full = tmp_path / "one.pdf", tmp_path / "full.pdf"
    assert panel.save_pdf(one) == pages(one) == 1
    combo.setCurrentIndex(combo.findText("完整版（含需确认、不适用）"))
    assert panel.full_version()
    assert panel.save_pdf(full) == pages(full) > 1
    assert panel.make_preview() is not None
    panel.clear()
    assert not panel.full_version()


def test_a_change_updates_the_result_at_once(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    assert panel.result().group(Group.APPLICABLE) == []
    _select_region(panel, "长安区")
    qtbot.mouseClick(panel.editors["high_tech"].buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.result().get("changan-1-2").group is Group.APPLICABLE, timeout=2000)
    assert "壮大高新技术企业" in panel.browser.toPlainText()
    # a second click on the chosen answer takes it back: 需确认 again, not 不适用
    qtbot.mouseClick(panel.editors["high_tech"].buttons["new"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.result().get("changan-1-2").group is Group.TO_CONFIRM, timeout=2000)


def test_bad_amount_is_said_and_left_unanswered(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.editors["loan_interest"].setText("-5万")
    panel.refresh_now()
    assert "负数" in panel.errors["loan_interest"].text()
    assert panel.errors["loan_interest"].isVisible()
    assert panel.profile().get("loan_interest") is None
    panel.editors["loan_interest"].setText("５万")  # full-width digits are fine
    panel.refresh_now()
    assert panel.profile().get("loan_interest") == Decimal(50000)
    assert not panel.errors["loan_interest"].isVisible()


def test_measure_link_opens_reader_and_back_returns_with_the_answers(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile(CHANGAN_NEW_HIGH_TECH))
    panel.measure_open_requested.emit("changan-1-2")
    assert w.current_page == Page("item", "changan-1-2")
    assert w.central_stack.currentWidget() is w.splitter
    w._on_back_triggered()
    assert w.central_stack.currentWidget() is panel
    assert panel.profile().get("high_tech") == "new"


def test_close_and_clear_forget_everything(make_window, qtbot, _isolated_data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "sme": "yes", "loan_interest": Decimal("1234567")}))
    assert panel.result().get("zb-05-06").amount.lines
    with qtbot.waitSignal(panel.cleared, timeout=1000):
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert w.current_page == HOME
    assert len(panel.profile()) == 0
    assert panel.editors["loan_interest"].text() == ""
    assert panel.result().group(Group.APPLICABLE) == []
    w.save_layout()
    w.close()
    # nothing the enterprise typed is on disk (settings, logs: the data folder holds no figure)
    for f in _isolated_data_dir.rglob("*"):
        if f.is_file():
            assert b"1234567" not in f.read_bytes(), f


def test_clear_is_what_the_event_mode_calls_when_idle(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile(CHANGAN_NEW_HIGH_TECH, name="某某公司"))
    with qtbot.waitSignal(panel.cleared, timeout=1000):
        panel.clear()
    assert panel.profile() == Profile()
    assert panel.region_combo.currentIndex() == 0


def test_contradicting_location_from_a_file_is_one_sentence(make_window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    f = tmp_path / "bad.yaml"
    f.write_text("city: 廊坊市\ncounty: 长安区\n", encoding="utf-8")
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    assert panel.open_profile(f)
    assert "长安区" in panel.browser.toPlainText() and "不符" in panel.browser.toPlainText()
    assert not panel.print_button.isEnabled()
    g = tmp_path / "worse.yaml"
    g.write_text("high_tech: 也许\n", encoding="utf-8")
    assert not panel.open_profile(g)
    assert shown and "也许" in shown[0]


def test_saved_profile_reopens_the_same(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    p = Profile({"province": "河北省", "city": "石家庄市", "county": "正定县", "sme": "new", "scale": "below",
                 "rd_increase": Decimal("1200000"), "first_loan": True}, name="正定某某公司")
    panel.set_profile(p)
    f = tmp_path / "企业.yaml"
    assert panel.save_profile(f)
    panel.clear()
    assert panel.open_profile(f)
    assert panel.profile() == p


FORM_VS_CLI = [
    {"county": "长安区", "high_tech": "new", "sme": "yes", "scale": "above", "industry": "equipment",
     "rd_increase": "200万", "loan_interest": "30万"},
    {"city": "廊坊市", "county": "三河市", "high_tech": "new", "in_stats": "是", "rd_increase": "400万",
     "rd_total": "800万"},
    {"province": "北京市", "rd_personnel": "100万", "rd_direct": "20万"},
    {},
]


@pytest.mark.parametrize("answers", FORM_VS_CLI, ids=["长安区", "廊坊市", "北京市", "空"])
def test_form_and_cli_give_the_same_result(make_window, qtbot, capsys, tmp_path: Path, answers: dict[str, str],  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import main
    from content.bundle import get_bundle, reset_for_tests
    from content.profile import load_schema
    from content.profile.io import profile_from_mapping

    monkeypatch.setenv("KJZC_TODAY", "2026-12-01")
    reset_for_tests()
    f = tmp_path / "p.yaml"
    f.write_text("".join(f"{k}: {v}\n" for k, v in answers.items()), encoding="utf-8")
    assert main.main(["match", "--profile", str(f), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    w = make_window(start=False)
    w.set_bundle(get_bundle())
    w.open_page(Page("profile"))
    panel = w.profile_panel
    # fill the form through its widgets (set_profile puts each answer in its control)
    panel.set_profile(profile_from_mapping(load_schema(), answers))
    form = result_to_json(panel.result())
    assert form["groups"] == cli["groups"]
    assert form["totals"] == cli["totals"]
    assert form["location"] == cli["location"]
    # the whole JSON (calculators and their inputs, notes, disclaimer); the profile as echoed differs only in
    # the levels of 所在地 the file left out, which the form's region list always fills in
    form = json.loads(json.dumps(form, ensure_ascii=False))
    regions = {"province", "city", "county"}
    assert [p for p in form.pop("profile") if p["id"] not in regions] == \
        [p for p in cli.pop("profile") if p["id"] not in regions]
    assert form == cli
    reset_for_tests()


def test_screen_lists_the_figures_each_calculator_used(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "sme": "yes", "loan_interest": Decimal("300000")}))
    text = panel.browser.toPlainText()
    assert "测算所用的数字" in text
    assert "「石家庄市科技型中小企业贷款贴息」按 实际支付的贷款利息 30万元" in text
    assert "「科技创新券」未测算：填写“科技服务合同额”后可测算" in text


def test_nothing_of_the_last_enterprise_survives_clear(make_window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """After 清空 (or the idle timer) the next visitor finds no trace: not a place typed by hand in the
    region list, not a figure behind Ctrl+Z, not a preview of the old 体检单."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    items = panel.region_combo.count()
    f = tmp_path / "p.yaml"
    f.write_text("city: 石家庄市\ncounty: 某某新区\nloan_interest: 7654321\n", encoding="utf-8")
    assert panel.open_profile(f)
    assert any("某某新区" in panel.region_combo.itemText(i) for i in range(panel.region_combo.count()))
    panel.editors["loan_interest"].setText("8765432")
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: 0)
    qtbot.mouseClick(panel.preview_button, Qt.MouseButton.LeftButton)
    panel.clear()
    qtbot.wait(10)  # deleteLater runs
    assert panel.region_combo.count() == items
    assert not any("某某新区" in panel.region_combo.itemText(i) for i in range(panel.region_combo.count()))
    ed = panel.editors["loan_interest"]
    ed.undo()
    assert ed.text() == ""
    assert not panel.findChildren(QPrintPreviewDialog)


def test_going_home_closes_the_screen_and_forgets(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "loan_interest": Decimal("1234567")}))
    # a measure opened from the result is a visit: back returns to the answers
    panel.measure_open_requested.emit("zb-05-06")
    w._on_back_triggered()
    assert panel.profile().get("loan_interest") == Decimal("1234567")
    # the home page is where the next visitor starts: the screen is closed, the figures forgotten
    with qtbot.waitSignal(panel.cleared, timeout=1000):
        w._on_home_triggered()
    assert len(panel.profile()) == 0
    w.open_page(Page("profile"))
    assert panel.editors["loan_interest"].text() == ""
    # an empty screen closed with 关闭 is cleared once (the event mode's idle reset listens to `cleared`)
    seen: list[int] = []
    panel.cleared.connect(lambda: seen.append(1))
    panel.editors["loan_interest"].setText("-5")  # invalid, but still typed: forgotten too
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert seen == [1] and panel.editors["loan_interest"].text() == ""
