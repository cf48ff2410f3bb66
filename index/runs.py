"""Posting lists built in bounded memory: sorted runs spilled to disk, merged term by term.

The builder adds each unit's grams as it goes.  Every :data:`RUN_DOCS` documents the postings
gathered so far are written, sorted by ``(field, term)``, to a temporary run file and forgotten;
:meth:`PostingRuns.merged` then reads all runs at once, in order, and yields each term's complete
posting list (the runs hold increasing document numbers, so the lists only need joining).  Build
memory therefore stays at one run's postings whatever the size of the handbook.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path

#: Documents per run (the postings of this many documents are held in memory at once).
RUN_DOCS = 8192
#: Records per pickle in a run file.
_BATCH = 4096

Key = tuple[str, str]


class PostingRuns:
    """Accumulates ``(field, term) -> document numbers`` and spills sorted runs to ``folder``."""

    def __init__(self, folder: Path, *, run_docs: int = RUN_DOCS) -> None:
        self.folder = folder
        self.run_docs = run_docs
        self._current: dict[str, dict[str, array[int]]] = {}
        self._runs: list[Path] = []
        self._docs_in_run = 0
        self._last_doc = -1

    def add(self, docnum: int, fieldname: str, terms: Iterable[str]) -> None:
        """Document ``docnum`` contains each of ``terms`` in ``fieldname`` (documents in order)."""
        cur = self._current.get(fieldname)
        if cur is None:
            cur = self._current[fieldname] = {}
        get = cur.get
        for t in terms:
            lst = get(t)
            if lst is None:
                cur[t] = lst = array("I")
            lst.append(docnum)

    def end_document(self, docnum: int) -> None:
        """Call after the last ``add`` of each document; spills a run every :data:`RUN_DOCS`."""
        if docnum != self._last_doc:
            self._last_doc = docnum
            self._docs_in_run += 1
        if self._docs_in_run >= self.run_docs:
            self.spill()

    def spill(self) -> None:
        if not self._current:
            return
        fd, name = tempfile.mkstemp(prefix="run-", suffix=".bin", dir=self.folder)
        path = Path(name)
        with os.fdopen(fd, "wb", buffering=1 << 20) as f:
            batch: list[tuple[Key, bytes]] = []
            for fieldname in sorted(self._current):
                terms = self._current[fieldname]
                for term in sorted(terms):
                    batch.append(((fieldname, term), terms[term].tobytes()))
                    if len(batch) >= _BATCH:
                        pickle.dump(batch, f, protocol=pickle.HIGHEST_PROTOCOL)
                        batch = []
            if batch:
                pickle.dump(batch, f, protocol=pickle.HIGHEST_PROTOCOL)
        self._runs.append(path)
        self._current = {}
        self._docs_in_run = 0

    def merged(self) -> Iterator[tuple[str, str, array[int]]]:
        """Every ``(field, term, document numbers)``, sorted by field then term."""
        self.spill()
        streams = [self._read(p) for p in self._runs]
        key: Key | None = None
        ids = array("I")
        for k, data in heapq.merge(*streams, key=itemgetter(0)):
            if k != key:
                if key is not None:
                    yield key[0], key[1], ids
                key, ids = k, array("I")
            ids.frombytes(data)
        if key is not None:
            yield key[0], key[1], ids

    @staticmethod
    def _read(path: Path) -> Iterator[tuple[Key, bytes]]:
        with path.open("rb", buffering=1 << 20) as f:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch

    def close(self) -> None:
        """Remove the run files."""
        for p in self._runs:
            with contextlib.suppress(OSError):
                p.unlink()
        self._runs = []
        self._current = {}
