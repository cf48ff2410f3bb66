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


def write_segment(
    folder: Path, schema: fields.Schema, indexname: str, *, doc_count: int,
    stored: Iterable[Mapping[str, Any]], postings: Callable[[str], Iterable[tuple[str, Sequence[int]]]],
    field_names: Sequence[str], tick: Callable[[int], None] = lambda _n: None,
) -> None:
    """Write one whoosh segment: stored fields, then every field's postings.

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
    from whoosh import index as windex

    ix = windex.create_in(str(folder), schema, indexname=indexname)
    storage = ix.storage
    codec = W3Codec(blocklimit=BLOCK_LIMIT)
    seg = codec.new_segment(storage, indexname)
    perdoc = codec.per_document_writer(storage, seg)
    for docnum, values in enumerate(stored):
        perdoc.start_doc(docnum)
        for name in sorted(values):
            perdoc.add_field(name, schema[name], values[name], 0)
        perdoc.finish_doc()
    perdoc.close()
    shutil.rmtree(folder / f"{indexname}.tmp", ignore_errors=True)  # whoosh's empty scratch folder

    fw = codec.field_writer(storage, seg)
    done = 0
    for fname in sorted(field_names):
        fw.start_field(fname, schema[fname])
        fw._postwriter = _BulkPostings(fw._postfile, blocklimit=codec._blocklimit,
                                       compression=codec._compression, inlinelimit=codec._inlinelimit)
        for term, ids in postings(fname):
            fw.start_term(term.encode("utf-8"))
            fw._postwriter.add_ids(ids)
            fw.finish_term()
            done += 1
            if done % 4096 == 0:
                tick(done)
        fw.finish_field()
    fw.close()
    seg.set_doc_count(doc_count)
    TOC(schema, [seg], 1).write(storage, indexname)
    ix.close()
    with contextlib.suppress(OSError):
        (folder / f"_{indexname}_0.toc").unlink()
