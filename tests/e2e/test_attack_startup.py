"""The app always starts (issue 15.3): an unusable data folder means read-only mode with a banner.

The per-user data folder is made unusable three ways: a file where a folder of its path should be,
a file in its place, and a read-only file system (a ``ro`` tmpfs as root; ``chmod a-w`` otherwise).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.attack]


def run(args: list[str], data: Path, *, probe: bool = False, tmpdir: Path | None = None,
        ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KJZC_DATA_DIR": str(data)}
    if probe:
        env["KJZC_STARTUP_PROBE"] = "1"
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=env)


@contextlib.contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be written into, even by root."""
    folder = tmp_path / f"ro-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                           capture_output=True, text=True, check=False)
        if r.returncode != 0:
            pytest.skip(f"root, but cannot mount a read-only tmpfs ({r.stderr.strip()})")
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)


def unusable_data_dirs(tmp_path: Path) -> dict[str, Path]:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return {"file-in-path": blocker / "kejizhengce-yidiantong", "file-in-place": blocker}


@pytest.mark.parametrize("how", ["file-in-path", "file-in-place"])
def test_the_window_opens_when_the_data_folder_cannot_be_made(tmp_path: Path, how: str) -> None:
    """Before: the window never opened, exit 1, nothing said."""
    data = unusable_data_dirs(tmp_path)[how]
    r = run([], data, probe=True)
    assert r.returncode == 0, r.stderr
    assert "KJZC_WINDOW_SHOWN" in r.stdout
    assert "Traceback" not in r.stderr


def test_the_window_opens_with_a_read_only_home(tmp_path: Path) -> None:
    with read_only_folder(tmp_path) as home:
        r = run([], home / ".local" / "share" / "kejizhengce-yidiantong", probe=True)
    assert r.returncode == 0, r.stderr
    assert "KJZC_WINDOW_SHOWN" in r.stdout


def test_cli_search_works_without_a_data_folder(tmp_path: Path) -> None:
    """Before: a traceback, because the error handler failed to open its log as well."""
    data = unusable_data_dirs(tmp_path)["file-in-path"]
    r = run(["search", "研发费用", "--limit", "3"], data)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "研发费用" in r.stdout


def test_read_only_home_and_read_only_temp_still_answer_without_traceback(tmp_path: Path) -> None:
    with read_only_folder(tmp_path) as ro:
        for verb in (["search", "揭榜挂帅"], ["check"], ["list"], ["calc"]):
            r = run(verb, ro / "data", tmpdir=ro)
            assert "Traceback" not in r.stderr, (verb, r.stderr)
            assert r.returncode in (0, 1), (verb, r.stderr)
            lines = [x for x in r.stderr.splitlines() if x.strip()]
            assert len(lines) <= 2, (verb, r.stderr)


def test_the_banner_says_what_is_wrong_and_where(tmp_path: Path) -> None:
    data = unusable_data_dirs(tmp_path)["file-in-path"]
    out = tmp_path / "shot.png"
    r = run(["screenshot", "--out", str(out)], data)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000


def test_data_dir_reports_the_problem_and_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from content import appdirs

    data = unusable_data_dirs(tmp_path)["file-in-path"]
    monkeypatch.setenv("KJZC_DATA_DIR", str(data))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    d = appdirs.data_dir()
    assert d.read_only and str(data) in d.problem and "只读" in d.problem
    assert d.path.is_dir() and d.path.parent == tmp_path / "tmp"
    assert str(d.path) in d.problem
    assert appdirs.user_data_dir() == d.path


def test_the_last_line_of_defence_survives_an_unwritable_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    import main
    from content import appdirs

    def boom(_args: object) -> int:
        raise RuntimeError("unexpected")

    def no_log() -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setitem(main.VERBS, "check", boom)
    monkeypatch.setattr(appdirs, "log_path", no_log)
    assert main.main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError" in err and "Traceback" not in err
