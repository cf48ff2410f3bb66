"""The one place that knows whoosh 2.7's private internals (the ``W3Codec`` file formats).

Everything else in ``index`` uses whoosh's public API: ``FileStorage``/``open_index``, the
reader's ``doc_frequency``, ``term_info``, ``stored_fields``, ``lexicon``, the searcher.  Two jobs
are done here through whoosh's internals because ``bench/whoosh_api_bench.py`` measures them too
slow through the public API (it prints both, in the same run):

* :class:`FastPostings` reads a whole posting list at once, block by block (about 4-5x faster
  than ``reader.postings(field, text).all_ids()``, which yields one id per Python call);
* :func:`write_segment` hands whole sorted id arrays to whoosh's own postings writer (whoosh's
  ``IndexWriter.add_document`` spends microseconds per posting, and a 100,000-measure handbook
  has tens of millions).

``tests/index/test_whoosh_adapter.py`` checks both against whoosh's own reader: the ids read
here equal ``reader.postings(...).all_ids()`` for every term, and an index written here reads
back through ``whoosh.index.open_dir`` and a whoosh searcher.

No file is memory-mapped: a file truncated while the app has it open must give an error, never
a ``SIGBUS`` crash.
"""

from __future__ import annotations

import contextlib
import io
import operator
import os
import pickle
import shutil
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.reading import TermNotFound

from index.pread import pread

#: Posting blocks start with this tag (``whoosh.codec.whoosh3.WHOOSH3_HEADER_MAGIC``).
_MAGIC = b"W3Bl"
BLOCK_LIMIT = 1024


class PostingsDamagedError(Exception):
    """A posting list does not decode (the file was changed or cut short)."""


def open_index(folder: Path, indexname: str) -> Any:
    """Open a whoosh index read-only through the public API, without memory maps."""
    storage = FileStorage(str(folder), supports_mmap=False, readonly=True)
    return storage.open_index(indexname)


class PublicPostings:
    """Posting lists through whoosh's public matcher API (the reference and the slow path)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def ids(self, fieldname: str, term: str) -> Sequence[int]:
        try:
            return list(self._reader.postings(fieldname, term).all_ids())
        except TermNotFound:
            return ()

    def close(self) -> None:
        return None


class FastPostings:
    """Whole posting lists of ``Existence``-format fields, decoded a block at a time.

    Term lookup goes through the public ``reader.term_info``; the postings file is opened here
    (plain reads with ``os.pread``, no memory map) and each block is decoded as whoosh's
    ``W3LeafMatcher`` does: length, pickled info tuple, optionally compressed pickled ids.
    """

    def __init__(self, reader: Any, folder: Path) -> None:
        self._reader = reader
        name = reader.segment().make_filename(W3Codec.POSTS_EXT)
        self.path = folder / name
        self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)

    def ids(self, fieldname: str, term: str) -> Sequence[int]:
        """Document numbers of ``fieldname:term`` in increasing order (``()`` when absent).

        Raises:
            PostingsDamagedError: the stored postings do not decode.
        """
        try:
            ti = self._reader.term_info(fieldname, term)
        except (KeyError, TermNotFound):
            return ()
        if ti.is_inlined():
            return tuple(ti.inlined_postings()[0])
        offset, length = ti.extent()
        if isinstance(length, tuple):  # whoosh 2.7 stores the length as a 1-tuple
            length = length[0]
        buf = pread(self._fd, length, offset)
        try:
            return _decode(buf)
        except (EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError,
                struct.error, zlib.error, pickle.UnpicklingError) as exc:
            raise PostingsDamagedError(f"{fieldname}:{term}: {type(exc).__name__}") from exc


def _decode(buf: bytes) -> list[int]:
    if buf[:4] != _MAGIC:
        raise ValueError("block tag")
    out: list[int] = []
    pos = 4
    bio = io.BytesIO(buf)
    end_all = len(buf)
    while pos < end_all:
        (blen,) = struct.unpack_from("!i", buf, pos)
        pos += 4
        last = blen < 0
        end = pos + abs(blen)
        if end > end_all:
            raise ValueError("block runs past the end")
        bio.seek(pos)
        info = pickle.load(bio)
        data = buf[bio.tell() : end]
        if info[3]:
            data = zlib.decompress(data)
        out.extend(accumulate(pickle.loads(data)[0]))
        pos = end
        if last:
            break
    return out


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
class _BulkPostings(W3PostingsWriter):  # type: ignore[misc]
    """Whoosh's postings writer, fed a whole sorted id array per term (Existence format only)."""

    _ids: array[int]

    def add_ids(self, ids: Sequence[int]) -> None:
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if len(self._ids):
                self._write_block()
            chunk = ids[start : start + limit]
            self._ids = chunk if isinstance(chunk, array) else array("I", chunk)
            self._weights = array("f", [1.0]) * len(chunk)
            self._maxweight = 1.0

    def _mini_ids(self) -> tuple[int, ...]:
        ids = self._ids
        return (ids[0], *map(operator.sub, ids[1:], ids[:-1]))

    def _mini_weights(self) -> None:
        return None  # every weight is 1.0 (Existence format)


class SegmentWriter:
    """Writes one whoosh segment in two streams: stored fields as documents come, then postings.

    Args:
        folder: An empty directory.
        schema: The index schema (fields with postings must use the ``Existence`` format).
        indexname: whoosh's index name.
    """

    def __init__(self, folder: Path, schema: fields.Schema, indexname: str) -> None:
        from whoosh import index as windex

        self.folder = folder
        self.schema = schema
        self.indexname = indexname
        self._ix = windex.create_in(str(folder), schema, indexname=indexname)
        self._storage = self._ix.storage
        self._codec = W3Codec(blocklimit=BLOCK_LIMIT)
        self._seg = self._codec.new_segment(self._storage, indexname)
        self._perdoc = self._codec.per_document_writer(self._storage, self._seg)
        self.doc_count = 0

    def add_stored(self, values: Mapping[str, Any]) -> None:
        """The stored fields of the next document."""
        self._perdoc.start_doc(self.doc_count)
        for name in sorted(values):
            self._perdoc.add_field(name, self.schema[name], values[name], 0)
        self._perdoc.finish_doc()
        self.doc_count += 1

    def write_postings(self, postings: Iterable[tuple[str, str, Sequence[int]]],
                       tick: Callable[[int], None] = lambda _n: None) -> None:
        """Every ``(field, term, sorted document numbers)``, sorted by field, then term; then finish."""
        self._perdoc.close()
        shutil.rmtree(self.folder / f"{self.indexname}.tmp", ignore_errors=True)  # whoosh's scratch folder
        codec = self._codec
        fw = codec.field_writer(self._storage, self._seg)
        current: str | None = None
        for done, (fname, term, ids) in enumerate(postings, start=1):
            if fname != current:
                if current is not None:
                    fw.finish_field()
                fw.start_field(fname, self.schema[fname])
                fw._postwriter = _BulkPostings(fw._postfile, blocklimit=codec._blocklimit,
                                               compression=codec._compression, inlinelimit=codec._inlinelimit)
                current = fname
            fw.start_term(term.encode("utf-8"))
            fw._postwriter.add_ids(ids)
            fw.finish_term()
            if done % 4096 == 0:
                tick(done)
        if current is not None:
            fw.finish_field()
        fw.close()
        self._seg.set_doc_count(self.doc_count)
        TOC(self.schema, [self._seg], 1).write(self._storage, self.indexname)
        self._ix.close()
        with contextlib.suppress(OSError):
            (self.folder / f"_{self.indexname}_0.toc").unlink()


def write_segment(
    folder: Path, schema: fields.Schema, indexname: str, *, doc_count: int,
    stored: Iterable[Mapping[str, Any]], postings: Callable[[str], Iterable[tuple[str, Sequence[int]]]],
    field_names: Sequence[str], tick: Callable[[int], None] = lambda _n: None,
) -> None:
    """Write one whoosh segment from in-memory data (tests and benchmarks; see :class:`SegmentWriter`).

    Args:
        folder: An empty directory.
        schema: The index schema (gram fields must use the ``Existence`` format).
        indexname: whoosh's index name.
        doc_count: Number of documents.
        stored: One mapping of stored field values per document, in document order.
        postings: ``postings(field)`` yields ``(term, sorted document numbers)`` in term order.
        field_names: The fields that have postings, in any order.
        tick: Called with the number of terms written, now and then.
    """
    w = SegmentWriter(folder, schema, indexname)
    for values in stored:
        w.add_stored(values)
    if w.doc_count != doc_count:
        raise ValueError(f"{w.doc_count} stored documents, expected {doc_count}")
    w.write_postings(((f, t, ids) for f in sorted(field_names) for t, ids in postings(f)), tick)
