"""Where indexes live on disk: generations, stamps, atomic publication and validation.

An index directory holds one sub-directory per *generation*, named after its stamp
(``v-<hash of the content, the analyzer version and the search vocabulary>``).  A build writes a
complete generation into a temporary sibling and publishes it with one ``rename``; a crash leaves
at most a ``.tmp-…`` directory, which later builds clean up.  Because a generation is never
modified after publication, any number of processes can search it while another one builds the
next generation.  ``meta.json`` is written last and lists every file with its size and CRC-32, so
a truncated or garbled index is detected on open; while it is open, the engine notices changed
files before every search (:meth:`index.generation.Generation.check_unchanged`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.analysis import ANALYZER_VERSION

#: Version of the files next to the whoosh segment (verification store, facets, vocabulary).
STORE_FORMAT = 11
META_FILE = "meta.json"
GEN_PREFIX = "v-"
TMP_PREFIX = ".tmp-"
#: Stale temporary build directories older than this are removed.
_TMP_MAX_AGE = 3600.0
#: Generations kept besides the current one (another app instance may still be using them).
_KEEP_OLD = 1


class SearchIndexError(Exception):
    """The search index cannot be opened or built (what went wrong, where, what to do)."""


def stamp_for(content_repr: str, lexicon_bytes: bytes) -> str:
    """The stamp of an index built from this content with this analyzer and vocabulary."""
    h = hashlib.sha256()
    for part in (ANALYZER_VERSION, str(STORE_FORMAT)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    h.update(hashlib.sha256(lexicon_bytes).digest())
    h.update(content_repr.encode("utf-8"))
    return h.hexdigest()[:24]


def generation_dir(index_dir: Path, stamp: str) -> Path:
    return index_dir / f"{GEN_PREFIX}{stamp}"


def generations(index_dir: Path) -> list[Path]:
    """Published generations, newest first."""
    try:
        entries = [p for p in index_dir.iterdir() if p.name.startswith(GEN_PREFIX) and p.is_dir()]
    except OSError:
        return []

    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(entries, key=mtime, reverse=True)


def _crc_of(path: Path) -> int:
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def file_table(gen: Path) -> dict[str, list[int]]:
    """``{file name: [size, crc]}`` of every file of a generation except ``meta.json``."""
    table: dict[str, list[int]] = {}
    for p in sorted(gen.iterdir()):
        if p.name == META_FILE or not p.is_file() or p.name.endswith("LOCK"):
            continue
        table[p.name] = [p.stat().st_size, _crc_of(p)]
    return table


def write_meta(gen: Path, meta: dict[str, Any]) -> None:
    """Write ``meta.json`` (safely, see :mod:`content.safe_io`) with the file table of everything else."""
    from content.safe_io import write_text

    data = dict(meta)
    data["files"] = file_table(gen)
    write_text(gen / META_FILE, json.dumps(data, ensure_ascii=False, sort_keys=True))


def read_meta(gen: Path) -> dict[str, Any]:
    """The parsed ``meta.json`` of a generation.

    Raises:
        SearchIndexError: it is missing or unreadable.
    """
    try:
        data = json.loads((gen / META_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SearchIndexError(f"{gen}：索引说明文件缺失或已损坏（{exc}）") from exc
    if not isinstance(data, dict):
        raise SearchIndexError(f"{gen}：索引说明文件已损坏")
    return data


@dataclass(frozen=True)
class Problem:
    """Why a generation is not usable."""

    state: str  # "missing" | "corrupt"
    message: str


def check_generation(gen: Path, stamp: str, *, checksums: bool = True) -> Problem | None:
    """Check that ``gen`` is a complete, undamaged generation for ``stamp``.

    Args:
        gen: The generation directory.
        stamp: The stamp it must carry.
        checksums: Also compare every file's checksum (otherwise only names and sizes; opening
            an engine checks the checksums itself).

    Returns:
        ``None`` when it is usable, otherwise what is wrong with it.
    """
    if not gen.is_dir():
        return Problem("missing", f"{gen}：尚未建立索引")
    try:
        meta = read_meta(gen)
    except SearchIndexError as exc:
        return Problem("corrupt", str(exc))
    if meta.get("stamp") != stamp or meta.get("format") != STORE_FORMAT:
        return Problem("corrupt", f"{gen}：索引说明与目录名不符")
    files = meta.get("files")
    if not isinstance(files, dict) or not files:
        return Problem("corrupt", f"{gen}：索引说明中没有文件")
    return verify_files(gen, files, checksums=checksums)


def verify_files(gen: Path, files: dict[str, Any], *, checksums: bool = True) -> Problem | None:
    """Compare the files of ``gen`` with the ``{name: [size, crc]}`` table of its ``meta.json``."""
    for name, entry in files.items():
        p = gen / name
        try:
            size = p.stat().st_size
        except OSError:
            return Problem("corrupt", f"{p}：索引文件缺失")
        if not isinstance(entry, list) or len(entry) != 2 or size != entry[0]:
            return Problem("corrupt", f"{p}：索引文件大小不对（可能被截断）")
    if not checksums:
        return None
    for name, entry in files.items():
        p = gen / name
        try:
            crc = _crc_of(p)
        except OSError as exc:
            return Problem("corrupt", f"{p}：索引文件无法读取（{exc.strerror}）")
        if crc != entry[1]:
            return Problem("corrupt", f"{p}：索引文件已损坏（校验和不符）")
    return None


def new_temp_dir(index_dir: Path, stamp: str) -> Path:
    """A fresh temporary directory for building ``stamp`` next to its final place."""
    index_dir.mkdir(parents=True, exist_ok=True)
    tmp = index_dir / f"{TMP_PREFIX}{stamp}-{os.getpid()}-{os.urandom(4).hex()}"
    tmp.mkdir()
    return tmp


def publish(tmp: Path, gen: Path, stamp: str) -> Path:
    """Move a finished build into place; if another process got there first, keep theirs.

    Returns:
        The published generation directory.
    """
    if gen.exists():
        if check_generation(gen, stamp) is None:
            shutil.rmtree(tmp, ignore_errors=True)
            return gen
        discard(gen)  # a damaged copy is in the way
    try:
        tmp.replace(gen)  # fails when another builder published the same stamp meanwhile
    except OSError:
        if gen.exists() and check_generation(gen, stamp) is None:
            shutil.rmtree(tmp, ignore_errors=True)
            return gen
        raise
    return gen


def discard(path: Path) -> None:
    """Remove a generation or temporary directory, moving it aside first (atomic for readers)."""
    if not path.exists():
        return
    trash = path.with_name(f"{TMP_PREFIX}trash-{path.name}-{os.getpid()}-{os.urandom(3).hex()}")
    try:
        path.replace(trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)


def clean(index_dir: Path, keep: Path) -> None:
    """Best effort: remove old generations and abandoned temporary directories.

    The current generation and the most recently used other one are kept; files still open in
    another process are left alone (Windows) or vanish when that process closes them (POSIX).
    """
    now = time.time()
    try:
        entries = list(index_dir.iterdir())
    except OSError:
        return
    for p in entries:
        if p.name.startswith(TMP_PREFIX):
            try:
                age = now - p.stat().st_mtime
            except OSError:
                continue
            if age > _TMP_MAX_AGE or p.name.startswith(f"{TMP_PREFIX}trash-"):
                shutil.rmtree(p, ignore_errors=True)
    others = [g for g in generations(index_dir) if g != keep]
    for old in others[_KEEP_OLD:]:
        shutil.rmtree(old, ignore_errors=True)


def touch(gen: Path) -> None:
    """Mark a generation as recently used (cleaning keeps recently used generations)."""
    with contextlib.suppress(OSError):
        os.utime(gen)
