"""The card dialog and Ctrl+P printing, offscreen."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from printing_helpers import Pdf
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QMessageBox

from content.model import Handbook
from ui.printing import CardDialog, CardHeader, print_item
from ui.printing import dialog as dialog_module
from ui.printing.model import default_mingbai_ids
from ui.printing.render import setup_printer

pytestmark = pytest.mark.gui


def make(qtbot, handbook: Handbook, **kw) -> CardDialog:  # type: ignore[no-untyped-def]
    from content.bundle import bundle_for

    d = CardDialog(bundle_for(handbook), **kw)
    qtbot.addWidget(d)
    return d


def test_opens_with_the_changan_card_selected(qtbot, handbook: Handbook) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook)
    assert d.selected_ids() == default_mingbai_ids(handbook)
    assert d.layout_name() == "mingbai"
    assert d.header() == CardHeader()
    assert "39" in d.count_label.text()


def test_preselected_ids_and_search_results(qtbot, handbook: Handbook) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["hb12-04"], search_ids=["zb-05-06", "sjz16-06", "nope"])
    assert d.selected_ids() == ["hb12-04"]
    assert d.search_button.isEnabled()
    qtbot.mouseClick(d.search_button, Qt.MouseButton.LeftButton)
    assert d.selected_ids() == [m.id for m in handbook.measures() if m.id in {"hb12-04", "zb-05-06", "sjz16-06"}]
    qtbot.mouseClick(d.clear_button, Qt.MouseButton.LeftButton)
    assert d.selected_ids() == []
    qtbot.mouseClick(d.default_button, Qt.MouseButton.LeftButton)
    assert d.selected_ids() == default_mingbai_ids(handbook)


def test_checking_a_part_checks_its_measures(qtbot, handbook: Handbook) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["hb12-01"])
    part = d.tree_model.item_for("sjz16")
    assert part is not None and part.checkState() == Qt.CheckState.Unchecked
    hb12 = d.tree_model.item_for("hb12")
    assert hb12 is not None and hb12.checkState() == Qt.CheckState.PartiallyChecked
    part.setCheckState(Qt.CheckState.Checked)
    assert d.selected_ids() == ["hb12-01", *[f"sjz16-{n:02d}" for n in range(1, 17)]]
    doc = d.tree_model.item_for("changan-mingbaika")
    assert doc is not None and doc.checkState() == Qt.CheckState.PartiallyChecked
    part.setCheckState(Qt.CheckState.Unchecked)
    assert d.selected_ids() == ["hb12-01"]


def test_by_topic(qtbot, handbook: Handbook) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["hb12-01"])
    d.topic_combo.setCurrentText("科技金融")
    qtbot.mouseClick(d.topic_button, Qt.MouseButton.LeftButton)
    finance = {m.id for m in handbook.measures() if "科技金融" in m.topics}
    assert set(d.selected_ids()) == finance | {"hb12-01"}
    assert "hb12-04" in finance


def test_save_pdf_reports_and_remembers_the_header(qtbot, handbook: Handbook, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["hb12-01", "hb12-12"])
    d.office_edit.setText("某区科技局")
    d.contact_lines_edit.setPlainText("电话：12345678\n地址：某路1号")
    d.printed_by_edit.setText("某区科技局 印制")
    d.set_layout("contact")
    out = tmp_path / "cards.pdf"
    report = d.save_pdf(out)
    assert report is not None and report.pages == 1 and report.cards == 2
    assert "联系卡" in d.report_label.text() and "1 页" in d.report_label.text()
    assert "HEBEIGAOXINQU@HEBKJT.CN" in pdf.text(out)
    again = make(qtbot, handbook)
    assert again.header().contact_lines == ("电话：12345678", "地址：某路1号")
    assert again.header().printed_by == "某区科技局 印制"
    assert again.layout_name() == "contact"


def test_save_pdf_failure_is_a_message_not_a_traceback(qtbot, handbook: Handbook, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    d = make(qtbot, handbook, preselected_ids=["hb12-01"])
    assert d.save_pdf(tmp_path / "no" / "such" / "dir.pdf") is None
    assert shown and "不存在" in shown[0]


def test_preview_paints_and_says_what_was_shrunk(qtbot, handbook: Handbook) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["sjz16"])
    d.set_layout("list")
    preview = d.make_preview()
    qtbot.addWidget(preview)
    with qtbot.waitSignal(d.report_changed, timeout=10000):
        preview.show()
    note = preview.findChild(QLabel, "cardReportNote")
    assert note is not None and "清单" in note.text()
    assert d.last_report is not None and d.last_report.measures == tuple(f"sjz16-{n:02d}" for n in range(1, 17))
    preview.close()


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_item_prints_one_measure(qtbot, handbook: Handbook, pdf: Pdf, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch, bundle: Any) -> None:
    out = tmp_path / "item.pdf"
    printers: list[QPrinter] = []

    def make_printer() -> QPrinter:
        printers.append(_pdf_printer(out))
        return printers[-1]

    monkeypatch.setattr(dialog_module, "_make_printer", make_printer)
    monkeypatch.setattr(dialog_module, "_ask_print", lambda printer, parent: True)
    print_item(bundle, "hb12-10b")
    assert pdf.pages(out) == 1
    text = pdf.text(out)
    m = handbook.measure("hb12-10b")
    assert m is not None
    assert m.title in text
    for c in m.contacts:
        assert c.phone in text and c.email in text
    assert "编者注" in text
    assert "目录" not in text.replace(" ", "")  # no contents page when printing one item


def test_print_item_cancelled_or_unknown(qtbot, handbook: Handbook, tmp_path: Path,  # type: ignore[no-untyped-def]
                                         monkeypatch: pytest.MonkeyPatch, bundle: Any) -> None:
    out = tmp_path / "none.pdf"
    monkeypatch.setattr(dialog_module, "_make_printer", lambda: _pdf_printer(out))
    monkeypatch.setattr(dialog_module, "_ask_print", lambda printer, parent: False)
    print_item(bundle, "hb12-01")
    assert not out.exists()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    print_item(bundle, "no-such-item")
    assert shown and "no-such-item" in shown[0]


def test_notes_are_off_by_default_and_never_remembered(qtbot, handbook: Handbook, pdf: Pdf, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["hb12-09", "hb12-10b"])
    assert d.notes_check.text() == "打印编者注（内部核对用）"
    assert not d.notes_check.isChecked() and not d.print_notes()
    plain = tmp_path / "plain.pdf"
    assert d.save_pdf(plain) is not None
    assert "编者注" not in pdf.text(plain)
    assert "附有编者注，本次未打印" in d.report_label.text()
    d.notes_check.setChecked(True)
    checking = tmp_path / "checking.pdf"
    assert d.save_pdf(checking) is not None
    assert "编者注" in pdf.text(checking)
    assert not make(qtbot, handbook).notes_check.isChecked()  # the next dialog starts without notes again
    d.set_layout("contact")  # a business card has no room for notes
    assert not d.notes_check.isEnabled()
    d.set_layout("list")
    assert d.notes_check.isEnabled()


def test_report_names_measures_by_number_and_title(qtbot, handbook: Handbook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = make(qtbot, handbook, preselected_ids=["sjz16"])
    report = d.save_pdf(tmp_path / "cards.pdf")
    assert report is not None and report.shrunk
    text = d.report_label.text()
    for mid in report.shrunk:
        assert f"“{handbook.measure(mid).display_title}”" in text
    assert not re.search(r"sjz16-\d", text)


def test_after_saving_open_the_file_or_its_folder(qtbot, handbook: Handbook, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.saved_notice as saved

    opened: list[str] = []
    monkeypatch.setattr(saved, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(saved.sys, "platform", "linux")
    d = make(qtbot, handbook, preselected_ids=["hb12-01"])
    d.show()
    assert not d.saved_notice.isVisible()
    out = tmp_path / "卡片" / "明白卡.pdf"
    out.parent.mkdir()
    assert d.save_pdf(out) is not None
    assert d.saved_notice.isVisible()
    assert d.saved_notice.label.text() == f"已保存：{out}"
    qtbot.mouseClick(d.saved_notice.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(d.saved_notice.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out), str(out.parent)]
    # a failed save hides the notice: it never points at a file that was not written
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)
    assert d.save_pdf(tmp_path / "missing" / "x.pdf") is None
    assert not d.saved_notice.isVisible()


def test_no_program_to_open_the_file_is_a_message(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import ui.saved_notice as saved

    shown: list[str] = []
    monkeypatch.setattr(saved, "open_url", lambda url: False)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    notice = saved.SavedNotice()
    qtbot.addWidget(notice)
    notice.show_saved(tmp_path / "x.pdf")
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert shown and "无法打开" in shown[0] and "x.pdf" in shown[0]


def test_handbook_save_dialog_offers_the_notes_checked(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.export import PdfSaveDialog

    dlg = PdfSaveDialog(None, "导出手册为 PDF", tmp_path / "手册.pdf", notes=True)
    qtbot.addWidget(dlg)
    assert dlg.notes_check.text() == "打印编者注（内部核对用）"
    assert dlg.notes_check.isChecked()
    assert dlg.notes_check.parent() is dlg or dlg.isAncestorOf(dlg.notes_check)
    dlg.selectFile(str(tmp_path / "手册.pdf"))
    dlg.notes_check.setChecked(False)
    assert dlg.chosen() == (tmp_path / "手册.pdf", False)
