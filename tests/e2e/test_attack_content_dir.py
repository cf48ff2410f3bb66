"""Special files in a content folder, through the path every command and the window take (the content
bundle with its compiled cache), and as a verification file to import: refused at once and named,
never waited on.

Before: ``main.py --content-dir X check`` hung for ever on a FIFO document, ``_manifest.yaml`` or
verification file, because the compiled cache hashed every file with a plain read before the loader
could refuse it (``tests/content/test_attack_content.py`` calls the loader directly and did not see it);
``verify --import FIFO`` hung too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from content.loader import CONTENT_DIR

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.attack,
              pytest.mark.skipif(os.name != "posix", reason="POSIX special files")]
#: A run that takes longer than this counts as a hang.
HANG = 60


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KJZC_DATA_DIR": str(tmp_path / "userdata"), "PYTHONIOENCODING": "utf-8"}
    env.pop("KJZC_NO_CONTENT_CACHE", None)  # the cache is the path that hung
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=HANG, env=env, check=False)


def _content_dir(tmp_path: Path) -> Path:
    d = tmp_path / "content"
    d.mkdir()
    for f in CONTENT_DIR.glob("*.yaml"):
        shutil.copyfile(f, d / f.name)
    shutil.copytree(CONTENT_DIR.parent / "calculators", d / "calculators")
    shutil.copytree(CONTENT_DIR.parent / "curated", d / "curated")
    (d / "verifications").mkdir()
    return d


def _fifo(p: Path) -> None:
    p.unlink(missing_ok=True)
    os.mkfifo(p)


def _zero(p: Path) -> None:
    p.unlink(missing_ok=True)
    p.symlink_to("/dev/zero")


PLACES = ["lf-kjqs.yaml", "_manifest.yaml", "calculators/jbgs.yaml", "curated/compare.yaml", "curated/home.yaml",
          "verifications/records.yaml"]
CASES = [(place, "fifo", _fifo) for place in PLACES] + [("lf-kjqs.yaml", "zero-link", _zero),
                                                         ("verifications/records.yaml", "zero-link", _zero)]


@pytest.mark.parametrize(("place", "kind", "make"), CASES, ids=[f"{p}-{k}" for p, k, _m in CASES])
def test_check_names_a_special_file_and_loads_the_rest(tmp_path: Path, place: str, kind: str,
                                                      make: Callable[[Path], None]) -> None:
    d = _content_dir(tmp_path)
    make(d / place)
    r = _run(tmp_path, "--content-dir", str(d), "check")
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in out
    name = Path(place).name
    assert any(line.startswith(name) and "不是普通文件" in line for line in out.splitlines()), out
    assert "已载入" in out  # everything else loaded


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_verify_import_of_a_special_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "records.yaml"
    (_fifo if kind == "fifo" else _zero)(src)
    r = _run(tmp_path, "verify", "--import", str(src))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "不是普通文件" in r.stderr and "核实记录文件" in r.stderr and "Traceback" not in r.stderr
