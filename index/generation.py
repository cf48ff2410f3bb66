"""One opened index generation: its whoosh segment and the side files, read without memory maps.

Opening checks every file against the checksums in ``meta.json`` (see :mod:`index.store`).  The
small side files and the verification store are then read into memory, so later damage to them
on disk cannot change answers.  The whoosh segment and the ready-made masks are read on demand
with plain reads; :meth:`Generation.check_unchanged` (called before every search) notices a file
that was truncated, rewritten or replaced since it was checked, and a read that fails half-way
raises :class:`~index.store.SearchIndexError` instead of crashing the process (a memory-mapped
file cut short would kill it with ``SIGBUS``).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from array import array
from pathlib import Path
from typing import Any

from index.bits import DocIds, all_mask
from index.build import INDEX_NAME, SLOTS
from index.facets import FacetTable
from index.lexicon import Lexicon
from index.pread import pread
from index.store import META_FILE, SearchIndexError, read_meta, verify_files
from index.whoosh_adapter import FastPostings, open_index

_NSLOTS = len(SLOTS)


def _stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class Generation:
    """The files of one generation, opened.  Not thread-safe (the engine serialises access)."""

    def __init__(self, gen: Path) -> None:
        self.path = gen
        self._closers: list[Any] = []
        try:
            self._open(gen)
        except BaseException:
            self.close()  # release what was opened, so a damaged generation can be deleted
            raise

    def _open(self, gen: Path) -> None:
        meta = read_meta(gen)
        files = meta.get("files")
        if not isinstance(files, dict):
            raise SearchIndexError(f"{gen}：索引说明已损坏")
        # Every file's identity, then its checksum, then its identity again: a file changed while
        # it was being checked is noticed, and later changes by check_unchanged().
        self._stats: dict[Path, tuple[int, int, int, int]] = {}
        for name in files:
            p = gen / name
            try:
                self._stats[p] = _stat_key(p.stat())
            except OSError as exc:
                raise SearchIndexError(f"{p}：索引文件缺失") from exc
        problem = verify_files(gen, files)
        if problem is not None:
            raise SearchIndexError(problem.message)
        self.check_unchanged()
        self.ix = open_index(gen, INDEX_NAME)
        self._closers.append(self.ix)
        self.reader = self.ix.reader()
        self._closers.insert(0, self.reader)
        self.n: int = self.reader.doc_count_all()
        self.postings = FastPostings(self.reader, gen)
        self._closers.insert(0, self.postings)
        # The verification store: every slot's normalised text (read once; see index.build).
        self.vtext: bytes = (gen / "verify.bin").read_bytes()
        self.voff = array("Q")
        self.voff.frombytes((gen / "verify.idx").read_bytes())
        if sys.byteorder != "little":  # pragma: no cover
            self.voff.byteswap()
        if len(self.voff) != self.n * _NSLOTS + 1 or self.voff[-1] != len(self.vtext):
            raise SearchIndexError(f"{gen}：校验文本与索引不符")
        # Ready-made masks are read with plain reads: used once per query, not kept resident.
        self._dfd = self._open_fd(gen / "dense.bin")
        self._pfd = self._open_fd(gen / "packed.bin")
        dense = json.loads((gen / "dense.json").read_text(encoding="utf-8"))
        if dense.get("doc_count") != self.n:
            raise SearchIndexError(f"{gen}：预存掩码表与索引不符")
        self.dense: dict[str, dict[str, int]] = dense.get("masks", {})
        self.packed: dict[str, dict[str, int]] = dense.get("packed", {})
        self.facets = FacetTable(gen, self.n)
        self.phrases: frozenset[str] = frozenset(json.loads((gen / "phrases.json").read_text(encoding="utf-8")))
        uids = json.loads((gen / "uids.json").read_text(encoding="utf-8"))
        if not isinstance(uids, list) or len(uids) != self.n:
            raise SearchIndexError(f"{gen}：条目编号表与索引不符")
        self.uids: list[str] = [str(u) for u in uids]
        self._tree_path = gen / "tree.json"
        self._tree: dict[int, list[tuple[int, int]]] | None = None
        self.lexicon = Lexicon.from_json((gen / "lexicon.json").read_text(encoding="utf-8"))
        self._vocab: list[dict[str, str]] | None = None
        self._words: frozenset[str] | None = None
        self._pinyin: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
        self.all = all_mask(self.n)
        self.ids_of = DocIds(self.n)
        self._slot_bounds: dict[str, tuple[array[int], array[int]]] = {}

    def _open_fd(self, p: Path) -> int:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        self._closers.append(_Fd(fd))
        return fd

    def close(self) -> None:
        closers, self._closers = self._closers, []
        for obj in closers:
            # A file that cannot be closed cleanly (already gone) must not keep the others open:
            # they are what blocks deleting a damaged index on Windows.
            with contextlib.suppress(OSError, ValueError, BufferError):
                obj.close()

    # -- validation ------------------------------------------------------------------------------
    def check_unchanged(self) -> None:
        """Raise :class:`SearchIndexError` when a file changed on disk since it was checked."""
        for p, key in self._stats.items():
            try:
                now = _stat_key(p.stat())
            except OSError as exc:
                raise SearchIndexError(f"{p}：索引文件在使用中被删除或无法读取") from exc
            if now != key:
                raise SearchIndexError(f"{p}：索引文件在使用中被改动（可能已损坏）")

    # -- reads -----------------------------------------------------------------------------------
    def read_dense(self, offset: int) -> bytes:
        return self._pread(self._dfd, self.n, offset)

    def read_packed(self, offset: int) -> bytes:
        return self._pread(self._pfd, (self.n + 7) // 8, offset)

    def _pread(self, fd: int, size: int, offset: int) -> bytes:
        data = pread(fd, size, offset)
        if len(data) != size:
            raise SearchIndexError(f"{self.path}：预存掩码文件被截断")
        return data

    def bounds(self, slot: str) -> tuple[array[int], array[int]]:
        """Start and end offsets of ``slot`` in the verification store, per document."""
        b = self._slot_bounds.get(slot)
        if b is None:
            si = SLOTS.index(slot)
            b = (self.voff[si::_NSLOTS][: self.n], self.voff[si + 1 :: _NSLOTS][: self.n])
            self._slot_bounds[slot] = b
        return b

    def slot_text(self, docnum: int, slot: str) -> bytes:
        k = docnum * _NSLOTS + SLOTS.index(slot)
        return self.vtext[self.voff[k] : self.voff[k + 1]]

    def doc_range(self, docnum: int, slot: str) -> tuple[int, int]:
        k = docnum * _NSLOTS + SLOTS.index(slot)
        return self.voff[k], self.voff[k + 1]

    def tree(self) -> dict[int, list[tuple[int, int]]]:
        """For every part and document: the runs of document numbers inside it."""
        if self._tree is None:
            data = json.loads(self._tree_path.read_text(encoding="utf-8"))
            if data.get("doc_count") != self.n:
                raise SearchIndexError(f"{self.path}：层级表与索引不符")
            self._tree = {int(k): [(int(a), int(b)) for a, b in v] for k, v in data["ranges"].items()}
        return self._tree

    def vocabulary(self) -> list[dict[str, str]]:
        """Words for suggestions and question splitting (``vocab.json``)."""
        if self._vocab is None:
            try:
                data = json.loads((self.path / "vocab.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = []
            self._vocab = [x for x in data if isinstance(x, dict) and isinstance(x.get("n"), str)]
        return self._vocab

    def words(self) -> frozenset[str]:
        """The index's own vocabulary for splitting questions (``words.json``)."""
        if self._words is None:
            try:
                data = json.loads((self.path / "words.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = []
            self._words = frozenset(x for x in data if isinstance(x, str)) | frozenset(self.lexicon.variants)
        return self._words

    def pinyin_words(self, q: str) -> list[str]:
        """Vocabulary words whose full pinyin or initials are ``q`` (``pinyin.json``)."""
        if self._pinyin is None:
            try:
                data = json.loads((self.path / "pinyin.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            self._pinyin = ({str(k): list(v) for k, v in data.get("full", {}).items()},
                            {str(k): list(v) for k, v in data.get("ini", {}).items()})
        full, ini = self._pinyin
        return list(dict.fromkeys([*full.get(q, ()), *ini.get(q, ())]))

    def stored(self, docnum: int) -> dict[str, Any]:
        return dict(self.reader.stored_fields(docnum))


class _Fd:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            os.close(fd)


__all__ = ["META_FILE", "Generation"]
