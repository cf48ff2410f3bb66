"""Integration with the printing and calculator packages, PDF export in a worker, keyboard paths."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from ui.pages import Page

pytestmark = pytest.mark.gui


def _top(kind: str) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()]


def test_export_runs_in_a_worker_with_progress(qtbot: Any, tmp_path: Path, handbook: Any) -> None:
    from ui.export import export_handbook_with_progress

    parent = QApplication.activeWindow()
    threads: list[str] = []

    def fake_export(hb: Any, out: Path, *, progress: Any = None, doc_id: str | None = None, notes: bool = True) -> None:
        assert notes  # the handbook prints the editor's notes by default
        threads.append(threading.current_thread().name)
        for i in range(3):
            progress(i + 1, 3)
        out.write_bytes(b"%PDF-1.4 fake")

    out = tmp_path / "handbook.pdf"
    runner = export_handbook_with_progress(parent, handbook, fake_export, out=out)
    assert runner is not None
    assert any(isinstance(w, QProgressDialog) for w in QApplication.topLevelWidgets())
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=5000)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == f"已保存：{out}"
    assert {b.text() for b in box.buttons()} == {"打开", "打开所在文件夹", "关闭"}
    assert out.read_bytes().startswith(b"%PDF")
    assert threads and threads[0] != threading.main_thread().name
    box.close()


def test_export_failure_is_a_calm_message(qtbot: Any, tmp_path: Path, handbook: Any, _isolated_data_dir: Path) -> None:
    from ui.export import export_handbook_with_progress

    def failing(hb: Any, out: Path, *, progress: Any = None, notes: bool = True) -> None:
        raise PermissionError("read-only folder")

    export_handbook_with_progress(None, handbook, failing, out=tmp_path / "x.pdf")  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=5000)
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
    assert "未能导出" in box.text() and "Traceback" not in box.text()
    assert "PermissionError" in (_isolated_data_dir / "error.log").read_text(encoding="utf-8")
    box.close()


def test_cards_dialog_preselects_current_measure(qtbot: Any, make_window: Any) -> None:
    pytest.importorskip("ui.printing")
    w = make_window()
    w.open_page(Page("item", "hb12-05"))
    w.actions_by_name["cards"].trigger()
    dlg = w.cards_dialog
    assert type(dlg).__name__ == "CardDialog"
    assert dlg.isVisible()
    dlg.close()


def test_measure_offers_calculator_when_one_cites_it(qtbot: Any, make_window: Any) -> None:
    calc = pytest.importorskip("content.calc")
    calcs = calc.load_calculators()
    cited = next((m for c in calcs.values() for m in c.cites), None)
    if cited is None:
        pytest.skip("no calculator cites a measure")
    w = make_window()
    w.open_page(Page("item", cited))
    html = w.reader.current_html()
    cid = next(c.id for c in calcs.values() if cited in c.cites)
    assert f'href="calc:{cid}"' in html
    w.reader.link_activated.emit(f"calc:{cid}")
    assert w.calc_dock.isVisible()
    panel = w.calc_dock.widget()
    if type(panel).__name__ == "CalculatorPanel":
        # A citation in the panel opens the measure in the reader.
        panel.measure_open_requested.emit("hb12-01")
        assert w.current_page == Page("item", "hb12-01")


def test_down_arrow_moves_into_results_and_enter_opens(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    w.search_box.setFocus()
    with qtbot.waitSignal(w.search.results_ready, timeout=5000):
        ev = QInputMethodEvent()
        ev.setCommitString("补助")
        QApplication.sendEvent(w.search_box, ev)
    qtbot.keyClick(w.search_box, Qt.Key.Key_Down)
    assert w.search_panel.results.hasFocus()
    qtbot.keyClick(w.search_panel.results, Qt.Key.Key_Down)
    second = w.search_panel.results.currentIndex()
    assert second.row() == 1
    with qtbot.waitSignal(w.page_opened, timeout=2000) as blocker:
        qtbot.keyClick(w.search_panel.results, Qt.Key.Key_Return)
    assert blocker.args[0].kind == "item"
