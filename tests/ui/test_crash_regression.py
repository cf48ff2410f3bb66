"""Regression: PySide6 6.12.0 on Python 3.11 crashes after many calls of Qt methods returning None
(none_dealloc: the refcount of None is decremented once too often).  The venv pins 6.11.x; this
test proves the installed build survives.  It runs in a subprocess so a crash fails the test
instead of killing pytest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QWidget

    app = QApplication([])
    w = QWidget()
    label = QLabel(w)
    browser = QTextBrowser(w)
    before = sys.getrefcount(None)
    for i in range(20_000):
        # Each of these returns None to Python.
        w.setToolTip("提示")
        label.setText("文字")
        browser.setHtml("")
    print("survived", before, sys.getrefcount(None))
    """
)


@pytest.mark.gui
def test_qt_methods_returning_none_do_not_crash_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, f"the interpreter died (exit {r.returncode}): {r.stderr[-800:]}"
    assert r.stdout.startswith("survived")


def test_installed_pyside6_is_not_the_crashing_release() -> None:
    from importlib.metadata import version

    v = version("PySide6-Essentials")
    if sys.version_info < (3, 12):
        assert not v.startswith("6.12.0"), f"PySide6 {v} crashes on Python 3.11; pin <6.12"
