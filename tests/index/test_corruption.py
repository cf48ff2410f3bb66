"""A damaged index is detected on open and rebuilt; nothing damaged is ever searched."""

from __future__ import annotations

from pathlib import Path

import pytest

import index
from index.store import check_generation, generation_dir
from tests.index.conftest import tiny_handbook


def _gen(tmp_path: Path) -> tuple[object, Path, Path]:
    hb = tiny_handbook()
    idir = tmp_path / "ix"
    gen = index.build_index(hb, idir)
    return hb, idir, gen


def _files(gen: Path) -> list[Path]:
    return sorted(p for p in gen.iterdir() if p.is_file())


def _damage(p: Path, how: str) -> None:
    data = p.read_bytes()
    if how == "truncate":
        p.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        p.write_bytes(b"")
    elif how == "garble":
        mid = len(data) // 2
        p.write_bytes(data[:mid] + bytes((b ^ 0x5A) for b in data[mid : mid + 64]) + data[mid + 64 :])
    elif how == "delete":
        p.unlink()


@pytest.mark.parametrize("how", ["truncate", "garble", "delete", "empty"])
def test_every_file_kind_is_checked(tmp_path: Path, how: str) -> None:
    hb, idir, gen = _gen(tmp_path)
    for f in _files(gen):
        if f.stat().st_size == 0 and how in ("truncate", "garble", "empty"):
            continue
        backup = f.read_bytes()
        _damage(f, how)
        assert index.index_state(hb, idir) == "corrupt", f"{how} {f.name} went unnoticed"
        f.write_bytes(backup)
    assert index.index_state(hb, idir) == "ok"


@pytest.mark.parametrize("victim", [".pst", ".trm", "_stored.col", "verify.bin", "meta.json", ".toc"])
def test_open_engine_rebuilds_a_damaged_index(tmp_path: Path, victim: str) -> None:
    hb, idir, gen = _gen(tmp_path)
    f = next(p for p in _files(gen) if p.name.endswith(victim))
    _damage(f, "garble" if f.stat().st_size > 200 else "truncate")
    assert index.index_state(hb, idir) == "corrupt"
    with pytest.raises(index.SearchIndexError, match="已损坏"):
        index.open_engine(hb, idir, rebuild=False)
    with index.open_engine(hb, idir) as eng:
        assert set(eng.matching_ids("揭榜挂帅")) >= {"t-8", "t-9"}
    assert index.index_state(hb, idir) == "ok"


def test_garbage_meta_and_foreign_directory(tmp_path: Path) -> None:
    hb, idir, gen = _gen(tmp_path)
    (gen / "meta.json").write_text("{not json", encoding="utf-8")
    assert index.index_state(hb, idir) == "corrupt"
    problem = check_generation(gen, "wrong-stamp")
    assert problem is not None and problem.state == "corrupt"
    with index.open_engine(hb, idir) as eng:
        assert eng.doc_count > 0


def test_a_directory_that_is_not_an_index(tmp_path: Path) -> None:
    hb = tiny_handbook()
    idir = tmp_path / "ix"
    gen = generation_dir(idir, index.content_stamp(hb))
    gen.mkdir(parents=True)
    (gen / "random.txt").write_text("hello", encoding="utf-8")
    assert index.index_state(hb, idir) == "corrupt"
    with index.open_engine(hb, idir) as eng:
        assert eng.search("揭榜挂帅").total > 0


def test_a_closed_engine_raises_a_typed_error(tmp_path: Path) -> None:
    hb, idir, _gen_dir = _gen(tmp_path)
    eng = index.open_engine(hb, idir)
    eng.close()
    with pytest.raises(index.SearchIndexError):
        eng.search("揭榜挂帅")
