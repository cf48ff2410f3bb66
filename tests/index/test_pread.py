"""Reading index files on Windows, where ``os.pread`` does not exist."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from index.pread import pread


@pytest.fixture(params=["os.pread", "seek and read (Windows)"])
def platform(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param != "os.pread":
        monkeypatch.delattr(os, "pread", raising=False)
    return str(request.param)


def test_reads_at_the_offset(platform: str, tmp_path: Path) -> None:
    f = tmp_path / "data.bin"
    f.write_bytes(bytes(range(256)) * 4)
    fd = os.open(f, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        assert pread(fd, 4, 10) == bytes([10, 11, 12, 13])
        assert pread(fd, 3, 1022) == bytes([254, 255])  # short only at the end of the file
        assert pread(fd, 5, 2000) == b""
    finally:
        os.close(fd)


def test_threads_do_not_mix_their_reads(platform: str, tmp_path: Path) -> None:
    f = tmp_path / "data.bin"
    f.write_bytes(b"".join(i.to_bytes(4, "big") for i in range(4096)))
    fd = os.open(f, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    wrong: list[int] = []

    def reader(start: int) -> None:
        for i in range(start, 4096, 7):
            if int.from_bytes(pread(fd, 4, i * 4), "big") != i:
                wrong.append(i)

    threads = [threading.Thread(target=reader, args=(s,)) for s in range(7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    os.close(fd)
    assert wrong == []


def test_search_works_without_os_pread(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, handbook: Any) -> None:
    """The whole engine, as on Windows: build, open, search (it crashed with AttributeError before)."""
    monkeypatch.delattr(os, "pread", raising=False)
    from index import open_engine

    engine = open_engine(handbook, tmp_path / "index")
    try:
        result = engine.search("揭榜挂帅", limit=5)
    finally:
        engine.close()
    assert result.total > 0
    assert any("揭榜挂帅" in h.title for h in result.hits)
