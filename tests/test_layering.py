"""The core stays Qt-free: content/ and index/ never import PySide6 (STYLE.md, 'The shape of the house')."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _core_modules() -> list[str]:
    mods = []
    for pkg in ("content", "index"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            rel = p.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods.append(".".join(parts))
    return mods


def test_core_has_modules() -> None:
    mods = _core_modules()
    assert "content.loader" in mods
    assert "content.model" in mods


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_qt(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"{module} pulls in {r.stdout.strip()} {r.stderr[-500:]}"
