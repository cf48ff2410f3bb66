"""Issue 13.5 "After 另存为PDF there is no 打开": every PDF the window saves ends in
"已保存：路径 [打开] [打开所在文件夹]" — the calculator's result and the 政策体检单 too (the card dialog
and the handbook export have their own tests), and the file is readable by colleagues when the umask says so."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from content.profile import Profile
from ui.pages import Page

pytestmark = pytest.mark.gui


def _saved_box(qtbot: Any) -> QMessageBox:
    def box() -> QMessageBox | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.isVisible() and w.text().startswith("已保存：")), None)

    qtbot.waitUntil(lambda: box() is not None, timeout=5000)
    found = box()
    assert found is not None
    return found


def _press(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import ui.saved_notice as saved

    got: list[str] = []
    monkeypatch.setattr(saved, "open_url", lambda url: got.append(url.toLocalFile()) or True)
    monkeypatch.setattr(saved.sys, "platform", "linux")
    return got


def test_calculator_pdf_offers_open_and_folder(qtbot: Any, handbook: Any, tmp_path: Path, opened: list[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.calculator_panel as cp

    out = tmp_path / "结果" / "计算结果.pdf"
    out.parent.mkdir()
    monkeypatch.setattr(cp.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    from content.calc import load_calculators

    panel = cp.CalculatorPanel(handbook, load_calculators(handbook))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_calculator("indirect-cost")
    panel.set_input("budget", "100万")
    assert panel.pdf_button.isEnabled()
    old = os.umask(0o022)
    try:
        qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
        box = _saved_box(qtbot)
    finally:
        os.umask(old)
    assert box.text() == f"已保存：{out}"
    assert {b.text() for b in box.buttons()} == {"打开", "打开所在文件夹", "关闭"}
    _press(box, "打开")
    assert opened == [str(out)]
    assert out.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)  # saved again: one box, not two
    qtbot.waitUntil(lambda: len([b for b in panel.findChildren(QMessageBox) if b.isVisible()]) == 1, timeout=3000)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(panel.findChildren(QMessageBox, "savedBox")) == 1  # the first one was deleted


def test_checkup_pdf_offers_open_and_folder(qtbot: Any, make_window: Any, tmp_path: Path, opened: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.profile_panel as pp

    out = tmp_path / "体检单"  # no suffix typed: .pdf is added, and the box names the real file
    monkeypatch.setattr(pp.QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "high_tech": "new"}))
    panel.refresh_now()
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    box = _saved_box(qtbot)
    real = tmp_path / "体检单.pdf"
    assert box.text() == f"已保存：{real}"
    _press(box, "打开所在文件夹")
    assert opened == [str(tmp_path)]
    assert real.read_bytes().startswith(b"%PDF")


def test_a_failed_checkup_save_says_so_and_offers_nothing_to_open(qtbot: Any, make_window: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.profile_panel as pp

    warned: list[str] = []
    monkeypatch.setattr(pp.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "no-such-folder" / "x.pdf"), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    w = make_window(start=False)
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "high_tech": "new"}))
    panel.refresh_now()
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    assert warned and "Traceback" not in warned[0]
    assert not [x for x in QApplication.topLevelWidgets()
                if isinstance(x, QMessageBox) and x.isVisible() and x.text().startswith("已保存：")]
