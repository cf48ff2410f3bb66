"""``python main.py --version`` prints the app's name and version and exits 0."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_version_flag_prints_the_version_and_exits_0() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "--version"], capture_output=True, text=True,
                       timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    # The package metadata is the other place the version is written down; both must agree.
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert r.stdout.strip() == f"科技政策一点通 {declared}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", declared)


def test_version_needs_no_qt_and_no_index() -> None:
    """--version answers before any verb is loaded (fast, and works even in a broken build)."""
    main_py = str(ROOT / "main.py")
    code = "\n".join([
        "import runpy, sys",
        f"sys.argv = [{main_py!r}, '--version']",
        "try:",
        "    runpy.run_path(sys.argv[0], run_name='__main__')",
        "except SystemExit as e:",
        "    assert e.code in (0, None), e.code",
        "loaded = [m for m in ('PySide6', 'whoosh', 'index', 'ui') if m in sys.modules]",
        "assert not loaded, loaded",
    ])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert "科技政策一点通" in r.stdout
