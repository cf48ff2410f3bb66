"""Index lifecycle: stamps, rebuild on content/analyzer/vocabulary change, atomic builds, clean-up."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import index
import index.api as api
import index.build as build
import index.store as store
from content.loader import CONTENT_DIR, load_handbook
from tests.index.conftest import tiny_handbook


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, dst)
    return dst


def test_missing_then_ok(tmp_path: Path) -> None:
    hb = tiny_handbook()
    idir = tmp_path / "ix"
    assert index.index_state(hb, idir) == "missing"
    gen = index.build_index(hb, idir)
    assert gen.parent == idir and gen.name.startswith("v-")
    assert index.index_state(hb, idir) == "ok"


def test_default_dir_is_in_the_user_data_dir(_isolated_data_dir: Path) -> None:
    assert index.default_index_dir() == _isolated_data_dir / "index"


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    index.build_index(tiny_handbook(), tmp_path / "ix", progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(0 <= d <= t for d, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.slow
def test_content_change_rebuilds(content_copy: Path, tmp_path: Path) -> None:
    idir = tmp_path / "ix"
    hb = load_handbook(content_copy)
    eng = index.open_engine(hb, idir)
    assert eng.search('"独一无二的测试词"').total == 0
    eng.close()
    # edit one measure's text in the copy
    f = next(p for p in sorted(content_copy.glob("*.yaml")) if not p.name.startswith("_"))
    text = f.read_text(encoding="utf-8")
    i = text.index("    text: |\n") if "    text: |\n" in text else text.index("text: |\n")
    line_end = text.index("\n", text.index("\n", i) + 1)
    f.write_text(text[:line_end] + "独一无二的测试词" + text[line_end:], encoding="utf-8")
    hb2 = load_handbook(content_copy)
    assert not hb2.errors, hb2.errors
    assert index.index_state(hb2, idir) == "stale"
    eng2 = index.open_engine(hb2, idir)
    assert eng2.search('"独一无二的测试词"').total >= 1
    assert index.index_state(hb2, idir) == "ok"
    eng2.close()


def test_analyzer_version_change_makes_it_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hb = tiny_handbook()
    idir = tmp_path / "ix"
    index.build_index(hb, idir)
    monkeypatch.setattr(store, "ANALYZER_VERSION", "something-else")
    api._stamp_cache.clear()
    assert index.index_state(hb, idir) == "stale"
    with index.open_engine(hb, idir) as eng:  # rebuilds
        assert eng.search("揭榜挂帅").total > 0
    assert index.index_state(hb, idir) == "ok"
    api._stamp_cache.clear()


def test_vocabulary_change_makes_it_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hb = tiny_handbook()
    idir = tmp_path / "ix"
    index.build_index(hb, idir)
    lex = tmp_path / "synonyms.yaml"
    lex.write_text(api.LEXICON_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(api, "LEXICON_FILE", lex)
    api._stamp_cache.clear()
    assert index.index_state(hb, idir) == "stale"
    api._stamp_cache.clear()


def test_open_without_rebuild_raises_typed_error(tmp_path: Path) -> None:
    with pytest.raises(index.SearchIndexError, match="尚未建立"):
        index.open_engine(tiny_handbook(), tmp_path / "ix", rebuild=False)


def test_crash_mid_build_leaves_the_previous_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = tiny_handbook()
    idir = tmp_path / "ix"
    index.build_index(old, idir)
    new = tiny_handbook(extra_text="新增内容")

    def boom(*a: object, **k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "_write_facets", boom)
    with pytest.raises(index.SearchIndexError, match="磁盘空间"):
        index.build_index(new, idir)
    assert index.index_state(old, idir) == "ok"
    assert not [p for p in idir.iterdir() if p.name.startswith(store.TMP_PREFIX)]
    with index.open_engine(old, idir, rebuild=False) as eng:
        assert eng.search("揭榜挂帅").total > 0


def test_stale_temp_dirs_and_old_generations_are_cleaned(tmp_path: Path) -> None:
    idir = tmp_path / "ix"
    idir.mkdir()
    crashed = idir / f"{store.TMP_PREFIX}deadbeef-1-2"
    crashed.mkdir()
    (crashed / "junk").write_bytes(b"x")
    past = time.time() - 2 * 3600
    os.utime(crashed, (past, past))
    for i in range(4):
        index.build_index(tiny_handbook(extra_text=f"版本{i}"), idir)
    gens = [p for p in idir.iterdir() if p.name.startswith(store.GEN_PREFIX)]
    assert len(gens) <= 2
    assert not crashed.exists()


def test_the_index_is_a_whoosh_index(tmp_path: Path) -> None:
    from whoosh import index as windex
    from whoosh.query import And, Term

    gen = index.build_index(tiny_handbook(), tmp_path / "ix")
    ix = windex.open_dir(str(gen), indexname=build.INDEX_NAME)
    with ix.searcher() as s:
        hits = s.search(And([Term("b", "揭榜"), Term("b", "挂帅")]), limit=None)
        found = {h["uid"] for h in hits}
    ix.close()
    assert {"t-8", "t-9"} <= found
    with index.open_engine(tiny_handbook(), tmp_path / "ix") as eng:
        assert set(eng.matching_ids("揭榜挂帅")) >= {"t-8", "t-9"}


def test_prebuilt_read_only_index_is_used_when_its_stamp_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _isolated_data_dir: Path,
) -> None:
    hb = tiny_handbook()
    shipped = tmp_path / "prebuilt"
    gen = index.build_index(hb, shipped)
    for p in [gen, *gen.iterdir()]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        monkeypatch.setenv(api.PREBUILT_ENV, str(shipped))
        assert index.index_state(hb) == "ok"
        with index.open_engine(hb) as eng:
            assert eng.path == gen and eng.search("揭榜挂帅").total > 0
        assert not (_isolated_data_dir / "index").exists()  # nothing built per user
        other = tiny_handbook(extra_text="内容已更新")  # content changed after shipping
        assert index.index_state(other) == "missing"
        with index.open_engine(other) as eng:
            assert eng.path.parent == _isolated_data_dir / "index"
    finally:
        for p in [gen, *gen.iterdir()]:
            p.chmod(0o755 if p.is_dir() else 0o644)
