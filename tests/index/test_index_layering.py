"""``index`` is Qt-free and keeps jieba (and pypinyin) off the query path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_importing_index_does_not_import_qt_or_jieba() -> None:
    out = _run(
        "import sys\n"
        "import index, index.api, index.cli, index.engine, index.build, index.query, index.store\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'jieba', 'shiboken6', 'ui')))"
    )
    assert out == "[]"


def test_searching_imports_neither_qt_nor_pinyin_nor_jieba(tmp_path: Path) -> None:
    code = (
        "import sys, pathlib\n"
        "from content.loader import load_handbook\n"
        "import index\n"
        f"d = pathlib.Path({str(tmp_path)!r})\n"
        "hb = load_handbook()\n"
        "index.build_index(hb, d)\n"
        "for m in [m for m in sys.modules if m.startswith('pypinyin')]: del sys.modules[m]\n"
        "eng = index.open_engine(hb, d, rebuild=False)\n"
        "eng.search('jbgs'); eng.search('揭榜挂帅'); eng.search('我们公司想了解研发费用加计扣除什么时候申报')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'jieba', 'pypinyin')))"
    )
    assert _run(code) == "[]"
