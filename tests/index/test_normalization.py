"""Normalisation: full-width, case, spaces, amounts, phone numbers — and exact substring recall."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build import iter_units
from index.lexicon import load_lexicon
from index.normalize import normalize, normalize_with_map
from index.query import parse


def ids(engine, q: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(engine.matching_ids(q))


def test_normalize_folds_width_case_and_space() -> None:
    assert normalize("ＡＢＣ（１２３）") == "abc(123)"
    assert normalize("1000 万元") == "1000万元"
    assert normalize("ZHUYH@HEBKJT.CN") == "zhuyh@hebkjt.cn"


def test_normalize_with_map_points_back() -> None:
    text = "给予不超过５００ 万元"
    norm, origin = normalize_with_map(text)
    i = norm.index("500万")
    assert text[origin[i] : origin[i + len("500万") - 1] + 1] == "５００ 万"


@pytest.mark.parametrize(("query", "expected"), [
    ("1000万元", {"t-1", "t-2"}),  # t-2 prints "1000 万" (no 元)
    ("1000万", {"t-1", "t-2"}),
    ("１０００万元", {"t-1", "t-2"}),  # full-width query
    ("500万元", {"t-3"}),  # the text prints ５００万元
    ("abc公司", {"t-3"}),  # the text prints ＡＢＣ公司
])
def test_amounts_and_full_width(tiny_engine, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert ids(tiny_engine, query) == expected


@pytest.mark.parametrize("query", ["0311-85889143", "85889143", "031185889143", "(0311)85889143",
                                   "０３１１－８５８８９１４３", "0311 85889143"])
def test_phone_with_or_without_area_code(tiny_engine, query: str) -> None:  # type: ignore[no-untyped-def]
    assert "t-4" in ids(tiny_engine, query)


@pytest.mark.parametrize("query", ["85996768", "0311-85996768", "031185996768"])
def test_local_number_printed_without_area_code(tiny_engine, query: str) -> None:  # type: ignore[no-untyped-def]
    assert "t-5" in ids(tiny_engine, query)  # printed 85996768; the contact knows its area code


def test_email_any_case(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    assert ids(tiny_engine, "zhuyh@hebkjt.cn") == ids(tiny_engine, "ZHUYH@HEBKJT.CN") == {"t-4"}


def test_marks_full_width_text_where_printed(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    hit = next(h for h in tiny_engine.search("500万元").hits if h.id == "t-3")
    marked = [hit.snippet[a:b] for a, b in hit.spans]
    assert "５００万" in marked or "５００万元" in marked


# -- exact substring recall on the bundled content ---------------------------------------------
@pytest.fixture(scope="module")
def unit_texts(handbook):  # type: ignore[no-untyped-def]
    return {u.uid: "\n".join(u.slots.get(s, "") for s in ("t", "k", "m", "b", "n")) for u in iter_units(handbook)}


def _ancestor_titles(handbook, uid: str) -> str:  # type: ignore[no-untyped-def]
    item = handbook.find(uid)
    path = getattr(item, "path", ())
    doc = handbook.document(getattr(item, "document_id", uid))
    extra = [doc.title] if doc else []
    return "\n".join(normalize(x) for x in (*path, *extra))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False), st.integers(2, 12))
def test_any_substring_of_a_measure_finds_it(engine, handbook, unit_texts, rnd: random.Random,  # type: ignore[no-untyped-def]
                                             length: int) -> None:
    measures = handbook.measures()
    m = rnd.choice(measures)
    text = m.text
    start = rnd.randrange(0, max(1, len(text) - length))
    q = text[start : start + length]
    pq = parse(q, load_lexicon())
    if pq.empty or pq.excluded or any(t.pinyin for g in pq.groups for t in g):
        return  # nothing searchable, or operators / pinyin in the sample
    found = ids(engine, q)
    assert m.id in found, f"{q!r} taken from {m.id} did not find it"
    # no false hits: every item found contains, for every word, one of its spellings
    for uid in found:
        hay = unit_texts[uid] + "\n" + _ancestor_titles(handbook, uid)
        for g in pq.groups:
            assert any(v in hay for t in g for v in t.variants), f"{uid} does not contain {q!r}"
