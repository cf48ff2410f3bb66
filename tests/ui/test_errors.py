"""The global exception hook: logs the traceback to the user data dir, shows a calm message."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

pytestmark = pytest.mark.gui


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_hook_logs_and_shows_calm_message(qtbot: Any, _isolated_data_dir: Path) -> None:
    from ui.errors import ExceptionHook

    parent = QWidget()
    qtbot.addWidget(parent)
    hook = ExceptionHook(parent)
    hook.install()
    try:
        assert sys.excepthook == hook.handle
        try:
            raise ValueError("secret internal detail")
        except ValueError:
            hook.handle(*sys.exc_info())
        qtbot.waitUntil(lambda: hook.shown == 1, timeout=2000)
        box = _boxes()[-1]
        shown = box.text() + box.informativeText()
        assert "可以继续使用" in shown
        assert "Traceback" not in shown and "secret internal detail" not in shown
        assert str(_isolated_data_dir / "error.log") in shown
        log = (_isolated_data_dir / "error.log").read_text(encoding="utf-8")
        assert "Traceback" in log and "ValueError: secret internal detail" in log
        # A second error while the box is open: logged, but no second box.
        try:
            raise KeyError("again")
        except KeyError:
            hook.handle(*sys.exc_info())
        qtbot.wait(50)
        assert hook.shown == 1
        assert "KeyError" in (_isolated_data_dir / "error.log").read_text(encoding="utf-8")
        box.close()
    finally:
        hook.uninstall()
    assert sys.excepthook != hook.handle


def test_hook_catches_errors_in_worker_threads(qtbot: Any, _isolated_data_dir: Path) -> None:
    from ui.errors import ExceptionHook

    hook = ExceptionHook()
    hook.install()
    try:
        def work() -> None:
            raise RuntimeError("from a worker")

        t = threading.Thread(target=work)
        t.start()
        t.join()
        qtbot.waitUntil(lambda: hook.shown == 1, timeout=2000)  # the box opens on the GUI thread
        assert "RuntimeError: from a worker" in (_isolated_data_dir / "error.log").read_text(encoding="utf-8")
        for b in _boxes():
            b.close()
    finally:
        hook.uninstall()
