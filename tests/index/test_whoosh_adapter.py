"""The whoosh adapter (the only code using whoosh's private internals) against whoosh's own reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, formats
from whoosh import index as windex
from whoosh.query import And, Term

import index
from index.build import INDEX_NAME
from index.whoosh_adapter import FastPostings, PostingsDamagedError, PublicPostings, open_index, write_segment
from tests.index.conftest import tiny_handbook


def test_fast_postings_equal_whoosh_postings_for_every_term(engine) -> None:  # type: ignore[no-untyped-def]
    reader = engine._gen.reader  # the engine's own reader and files, on the real content
    fast = FastPostings(reader, engine.path)
    public = PublicPostings(reader)
    checked = 0
    try:
        for field in ("t", "k", "m", "b", "n", "pf", "pi", "kind", "document", "topic", "uid"):
            for term in reader.lexicon(field):
                text = term.decode("utf-8") if isinstance(term, bytes) else term
                assert list(fast.ids(field, text)) == list(public.ids(field, text)), (field, text)
                checked += 1
        assert list(fast.ids("b", "不存在的词")) == [] == list(public.ids("b", "不存在的词"))
    finally:
        fast.close()
    assert checked > 5000


def test_long_posting_lists_span_several_blocks(tmp_path: Path) -> None:
    schema = fields.Schema(uid=fields.ID(stored=True), g=fields.KEYWORD(scorable=False))
    schema["g"].format = formats.Existence(field_boost=1.0)
    n = 5000
    ids_a = list(range(0, n, 2))
    ids_b = list(range(1, n, 3))
    write_segment(
        tmp_path, schema, "T", doc_count=n, stored=({"uid": str(d)} for d in range(n)),
        postings=lambda f: iter([("a", ids_a), ("b", ids_b)]) if f == "g" else iter(()),
        field_names=["g"],
    )
    ix = open_index(tmp_path, "T")
    r = ix.reader()
    fast = FastPostings(r, tmp_path)
    try:
        assert list(fast.ids("g", "a")) == ids_a == list(r.postings("g", "a").all_ids())
        assert list(fast.ids("g", "b")) == ids_b
        with ix.searcher() as s:  # whoosh's own searcher reads what the adapter wrote
            found = {int(hit["uid"]) for hit in s.search(And([Term("g", "a"), Term("g", "b")]), limit=None)}
        assert found == set(ids_a) & set(ids_b)
    finally:
        fast.close()
        r.close()
        ix.close()


def test_the_index_opens_with_plain_whoosh(tmp_path: Path) -> None:
    gen = index.build_index(tiny_handbook(), tmp_path / "ix")
    ix = windex.open_dir(str(gen), indexname=INDEX_NAME)
    with ix.searcher() as s:
        hits = s.search(And([Term("b", "揭榜"), Term("b", "挂帅")]), limit=None)
        assert {"t-8", "t-9"} <= {h["uid"] for h in hits}
    ix.close()


def test_damaged_postings_raise_a_typed_error(tmp_path: Path) -> None:
    gen = index.build_index(tiny_handbook(), tmp_path / "ix")
    ix = open_index(gen, INDEX_NAME)
    r = ix.reader()
    fast = FastPostings(r, gen)
    try:
        before = list(fast.ids("b", "企"))
        assert before
        data = bytearray(fast.path.read_bytes())
        data[:] = bytes(len(data))  # same size, all zeros
        fast.path.write_bytes(bytes(data))
        with pytest.raises(PostingsDamagedError):
            fast.ids("b", "企")
    finally:
        fast.close()
        r.close()
        ix.close()
