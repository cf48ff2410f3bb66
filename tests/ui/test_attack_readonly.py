"""Read-only mode in the window (issue 15.3): the user's bookmarks are still there, search still answers."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.attack]


@contextlib.contextmanager
def read_only(folder: Path, files: dict[str, str]) -> Iterator[Path]:
    """``folder`` holding ``files``, then made read-only (a remounted tmpfs as root, chmod otherwise)."""
    folder.mkdir(parents=True)
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                           capture_output=True, text=True, check=False)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs ({r.stderr.strip()})")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    try:
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            folder.chmod(0o555)
        yield folder
    finally:
        if root:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o755)


@pytest.fixture
def isolated_tmpdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / f"tmp-{uuid.uuid4().hex[:6]}"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return tmp


def test_read_only_mode_keeps_the_users_bookmarks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  isolated_tmpdir: Path) -> None:
    from ui.settings import Settings

    saved = '[reader]\nbookmarks="[\\"hb12-01\\", \\"zb-05-06\\"]"\nzoom=1.5\n'
    with read_only(tmp_path / "home-data", {"settings.ini": saved}) as data:
        monkeypatch.setenv("KJZC_DATA_DIR", str(data))
        s = Settings()
        assert s.path.parent != data  # writes go to the private temporary folder
        assert s.bookmarks == ["hb12-01", "zb-05-06"] and s.zoom == 1.5
        s.toggle_bookmark("sjz16-04")  # works for this session, never touches the read-only file
        assert Settings().bookmarks == ["hb12-01", "zb-05-06", "sjz16-04"]
        assert (data / "settings.ini").read_text(encoding="utf-8") == saved


def test_window_searches_when_nothing_is_writable(qtbot: Any, handbook: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, isolated_tmpdir: Path) -> None:
    """No data folder and no temporary folder: no index can be built, the scan answers instead."""
    from content import appdirs
    from content.appdirs import data_dir
    from ui.mainwindow import MainWindow
    from ui.search import SearchController
    from ui.settings import Settings

    with read_only(tmp_path / "ro", {}) as ro:
        monkeypatch.setenv("KJZC_DATA_DIR", str(ro / "data"))
        # tempfile itself skips unwritable candidates and ends in /tmp: say it found nothing usable.
        monkeypatch.setattr(appdirs, "_fallback_dir", lambda: None)
        where = data_dir()
        assert where.read_only and "临时文件夹也不可写" in where.problem
        settings = Settings()
        search = SearchController(handbook)
        from content.bundle import bundle_for

        w = MainWindow(bundle_for(handbook), settings, search=search,
                       load_problems=[where.problem, *settings.problems])
        qtbot.addWidget(w)
        w.show()
        assert str(ro / "data") in w.banner.label.text()
        search.start()
        qtbot.waitUntil(lambda: search.state in ("failed", "ready"), timeout=20000)
        with qtbot.waitSignal(search.results_ready, timeout=10000) as blocker:
            w.search_box.setText("揭榜挂帅")
        assert blocker.args[0].total > 0
        settings.toggle_bookmark("hb12-01")  # nothing to write to: reported, not raised
        w.close()
        search.wait(5000)
