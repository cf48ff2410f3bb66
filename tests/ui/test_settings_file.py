"""settings.ini as an attacker or a text editor leaves it (issue 15.2, 15.4, 15.8): nothing lost, the app starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.gui, pytest.mark.attack]
posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links and modes")

SAVED = '[reader]\nbookmarks="[\\"hb12-01\\", \\"zb-05-06\\"]"\nzoom=1.25\n'


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("settings.ini.unreadable-*"))


@posix_only
def test_a_symlinked_settings_file_never_has_its_target_overwritten(tmp_path: Path) -> None:
    from ui.settings import Settings

    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    link = tmp_path / "settings.ini"
    link.symlink_to(victim)
    s = Settings(link)
    s.zoom = 2.0
    s.toggle_bookmark("hb12-01")
    s.sync()
    assert victim.read_text(encoding="utf-8") == "do not touch"
    assert link.is_symlink()
    assert any("符号链接" in p for p in s.problems)


@posix_only
def test_a_symlinked_settings_file_is_not_read_either(tmp_path: Path) -> None:
    from ui.settings import Settings

    elsewhere = tmp_path / "elsewhere.ini"
    elsewhere.write_text(SAVED, encoding="utf-8")
    (tmp_path / "settings.ini").symlink_to(elsewhere)
    assert Settings(tmp_path / "settings.ini").bookmarks == []


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "1e309", "0", "-3", "99", "huge", ""])
def test_a_bad_zoom_falls_back_and_is_reported_once(tmp_path: Path, bad: str) -> None:
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    path.write_text(f"[reader]\nzoom={bad}\n", encoding="utf-8")
    s = Settings(path)
    assert s.zoom == 1.0
    assert s.zoom == 1.0  # reading again reports nothing new
    zoom_problems = [p for p in s.problems if "reader/zoom" in p]
    assert len(zoom_problems) == 1 and "阅读区文字大小" in zoom_problems[0] and "默认值" in zoom_problems[0]


def test_every_setting_has_a_description_and_a_valid_default(tmp_path: Path) -> None:
    from ui.settings import Settings

    s = Settings(tmp_path / "s.ini")
    for setting in Settings.table():
        assert setting.description  # the key when a setting has none of its own
        assert setting.decode(setting._encode(setting.default)) == setting.default or setting.key.startswith("window/")
    assert Settings.zoom.description == "阅读区文字大小"
    assert s.problems == []


def test_zoom_nan_in_settings_does_not_stop_the_window(tmp_path: Path) -> None:
    """Before: the window never appeared and the process exited 1 with no message."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.ini").write_text("[reader]\nzoom=nan\n[window]\nnav_tab=-7\n", encoding="utf-8")
    env = {**os.environ, "KJZC_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen", "KJZC_STARTUP_PROBE": "1"}
    r = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    assert "KJZC_WINDOW_SHOWN" in r.stdout
    assert "Traceback" not in r.stderr


def test_the_window_shows_a_bad_setting_in_its_banner(qtbot, tmp_path: Path, handbook) -> None:  # type: ignore[no-untyped-def]
    from ui.mainwindow import MainWindow
    from ui.search import SearchController
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    path.write_text("[reader]\nzoom=nan\n", encoding="utf-8")
    settings = Settings(path)
    from content.bundle import bundle_for

    w = MainWindow(bundle_for(handbook), settings, search=SearchController(handbook, backend_loader=lambda: None),
                   load_problems=settings.problems)
    qtbot.addWidget(w)
    assert w.zoom == 1.0
    assert "阅读区文字大小" in w.banner.label.text()
    w.save_layout()
    assert "nan" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])
def test_unreadable_bookmarks_are_moved_aside_not_overwritten(tmp_path: Path, encoding: str) -> None:
    """A settings.ini saved by an editor as UTF-16 or GBK: before, the next ☆ click replaced it."""
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    text = SAVED + '[cards]\nheader="{\\"office\\": \\"长安区科技局\\"}"\n'
    original = text.encode(encoding)
    path.write_bytes(original)
    s = Settings(path)
    s.toggle_bookmark("sjz16-04")
    found = backups(tmp_path)
    assert len(found) == 1 and found[0].read_bytes() == original
    assert any(str(found[0]) in p for p in s.problems)
    # What could be read was kept, in UTF-8, with the new bookmark.
    again = Settings(path)
    assert again.bookmarks == ["hb12-01", "zb-05-06", "sjz16-04"]
    assert "长安区科技局" in again.card_header
    path.read_bytes().decode("utf-8")
    assert again.problems == []


def test_garbled_bookmarks_are_backed_up_before_the_next_click(tmp_path: Path) -> None:
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    original = b'[reader]\nbookmarks="[\\"hb12-01\\", \\"zb-05-0'  # cut off mid-write by another program
    path.write_bytes(original)
    s = Settings(path)
    assert s.bookmarks == []
    s.toggle_bookmark("sjz16-04")
    found = backups(tmp_path)
    assert len(found) == 1 and found[0].read_bytes() == original
    assert Settings(path).bookmarks == ["sjz16-04"]


def test_a_second_unreadable_file_gets_its_own_backup(tmp_path: Path) -> None:
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    for i in range(2):
        path.write_bytes(f"[reader]\nbookmarks=oops{i}\n".encode())
        Settings(path).toggle_bookmark("x")
    assert len(backups(tmp_path)) == 2


def test_two_windows_do_not_lose_each_others_changes(tmp_path: Path) -> None:
    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    a, b = Settings(path), Settings(path)
    a.toggle_bookmark("hb12-01")
    b.zoom = 1.5
    b.sync()
    fresh = Settings(path)
    assert fresh.bookmarks == ["hb12-01"] and fresh.zoom == 1.5


@posix_only
def test_an_unwritable_settings_folder_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from content import safe_io
    from ui.settings import Settings

    s = Settings(tmp_path / "settings.ini")

    real_open = os.open

    def refuse(path: object, *a: object, **k: object) -> int:
        if str(path).startswith(str(tmp_path)) and not str(path).endswith("settings.ini"):
            raise OSError(errno.EROFS, "Read-only file system")  # creating the temporary file fails
        return real_open(path, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_io.os, "open", refuse)
    s.toggle_bookmark("hb12-01")  # no exception
    monkeypatch.undo()
    assert s.bookmarks == ["hb12-01"]
    assert any("设置未能保存" in p and "只读" in p for p in s.problems)


def test_settings_round_trip_keeps_the_qsettings_format(tmp_path: Path) -> None:
    """Files written by earlier versions (QSettings itself) still read, and ours still read in QSettings."""
    from PySide6.QtCore import QByteArray, QSettings

    from ui.settings import Settings

    path = tmp_path / "settings.ini"
    q = QSettings(str(path), QSettings.Format.IniFormat)
    q.setValue("reader/bookmarks", '["hb12-01"]')
    q.setValue("window/geometry", QByteArray(b"\x01\x02\xff"))
    q.setValue("reader/zoom", 1.75)
    q.sync()
    del q
    s = Settings(path)
    assert (s.bookmarks, s.geometry, s.zoom) == (["hb12-01"], b"\x01\x02\xff", 1.75)
    s.nav_tab = 2
    s.sync()
    q2 = QSettings(str(path), QSettings.Format.IniFormat)
    assert q2.value("reader/bookmarks") == '["hb12-01"]' and int(q2.value("window/nav_tab")) == 2
