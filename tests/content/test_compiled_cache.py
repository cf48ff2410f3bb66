"""The compiled content cache: a hit returns what parsing returns; any change, loss or damage of the
cache is a miss, never a wrong or failed load."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from content import compiled
from content.loader import CONTENT_DIR, load_handbook


@pytest.fixture
def content(tmp_path: Path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, dst)
    return dst


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, d: Path):  # type: ignore[no-untyped-def]
        self.calls += 1
        return load_handbook(d)


def test_hit_equals_a_parse_and_skips_parsing(content: Path, tmp_path: Path) -> None:
    load = Counting()
    cache = tmp_path / "cache"
    first = compiled.load_handbook_cached(content, load, folder=cache)
    second = compiled.load_handbook_cached(content, load, folder=cache)
    assert load.calls == 1
    assert second == first and second is not first
    assert second.measure("zb-05-01") == first.measure("zb-05-01")
    assert compiled.content_digest(second) == compiled.content_digest(load_handbook(content))
    assert compiled.cached_content_digest(content, folder=cache) == compiled.content_digest(first)


@pytest.mark.parametrize("change", ["edit", "touch", "add", "remove"])
def test_any_change_of_a_content_file_is_a_miss(content: Path, tmp_path: Path, change: str) -> None:
    load = Counting()
    cache = tmp_path / "cache"
    compiled.load_handbook_cached(content, load, folder=cache)
    f = next(p for p in sorted(content.glob("*.yaml")) if not p.name.startswith("_"))
    if change == "edit":
        f.write_text(f.read_text(encoding="utf-8").replace("加快下达科技项目资金", "加快下达科技项目资金！"),
                     encoding="utf-8")
    elif change == "touch":
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    elif change == "add":
        shutil.copy(f, content / "copy.yaml")
    else:
        f.unlink()
    hb = compiled.load_handbook_cached(content, load, folder=cache)
    assert load.calls == 2
    assert hb == load_handbook(content)


@pytest.mark.parametrize("damage", ["truncate", "garble", "empty", "foreign"])
def test_a_damaged_cache_file_is_a_miss(content: Path, tmp_path: Path, damage: str) -> None:
    load = Counting()
    cache = tmp_path / "cache"
    expected = compiled.load_handbook_cached(content, load, folder=cache)
    (f,) = cache.glob("handbook-*.pickle")
    data = f.read_bytes()
    f.write_bytes({"truncate": data[: len(data) // 2], "garble": data[:60] + bytes(len(data) - 60),
                   "empty": b"", "foreign": b"\x80\x04K\x01."}[damage])
    assert compiled.load_handbook_cached(content, load, folder=cache) == expected
    assert load.calls == 2


def test_an_unwritable_cache_folder_is_no_error(content: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    load = Counting()
    assert compiled.load_handbook_cached(content, load, folder=blocker) == load_handbook(content)
    assert compiled.load_handbook_cached(content, load, folder=blocker) is not None
    assert load.calls == 2


def test_code_version_changes_with_the_code(tmp_path: Path) -> None:
    import types

    mod = types.ModuleType("m")
    src = tmp_path / "m.py"
    src.write_text("A = 1\n", encoding="utf-8")
    mod.__file__ = str(src)
    v1 = compiled.code_version([mod])
    src.write_text("A = 2\n", encoding="utf-8")
    assert compiled.code_version([mod]) != v1


def test_disabled_by_environment(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(compiled.DISABLE_ENV, "1")
    load = Counting()
    compiled.load_handbook_cached(content, load, folder=tmp_path / "cache")
    compiled.load_handbook_cached(content, load, folder=tmp_path / "cache")
    assert load.calls == 2 and not (tmp_path / "cache").exists()
