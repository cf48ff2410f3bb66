"""Build a search index generation from a :class:`~content.model.Handbook`.

Each measure, part and document becomes one *unit* (one whoosh document).  Its searchable text is
split into weighted slots — title ``t``, topics ``k``, pinyin ``p``, metadata ``m`` (breadcrumb,
source, contacts, region), editor's notes ``n`` and body ``b`` — each indexed as a gram field.

The whoosh segment is written through whoosh's own codec (``W3Codec``): per-document stored
fields via its per-document writer, and postings via its field writer with whole blocks handed
over at once, because whoosh's generic writer spends several microseconds per posting and a
100,000-measure handbook has tens of millions of them.  The result is an ordinary whoosh index
(``whoosh.index.open_dir`` reads it, and whoosh queries work on it).

Next to the segment, three small files serve the engine:

* ``verify.bin``/``verify.idx`` — every slot's normalised text, for exact substring checks;
* ``facets.bin``/``facets.json`` — per-document facet codes, for filters and facet counts;
* ``vocab.json`` — words for suggestions; ``lexicon.json`` — the synonyms used.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

from whoosh import fields

from content.model import Contact, Document, Handbook, Measure, Part, Table
from index.analysis import ANALYZER_VERSION, GramField
from index.lexicon import Lexicon
from index.normalize import FIELD_SEP, normalize
from index.store import STORE_FORMAT, new_temp_dir, write_meta

#: Gram fields, in the order of their slots in the verification store.  The text slots come in
#: order of weight, so the first occurrence of a term in a document lies in its best slot.
SLOTS: tuple[str, ...] = ("t", "k", "m", "b", "n", "pf", "pi")
#: The text slots (everything but the pinyin slots ``pf``/``pi``).
TEXT_SLOTS: tuple[str, ...] = ("t", "k", "m", "b", "n")
#: Single-valued facets, then the multi-valued topic facet.
SINGLE_FACETS: tuple[str, ...] = ("kind", "level", "region", "status", "document")
FACETS: tuple[str, ...] = (*SINGLE_FACETS, "topic")
INDEX_NAME = "MAIN"
DENSE_MIN = 1024
#: Size limits of the ready-made masks of frequent grams (``dense.bin``, ``packed.bin``).
DENSE_BUDGET = 64 * 1024 * 1024
PACKED_BUDGET = 32 * 1024 * 1024
#: Packed masks only for grams in at least 1/16 of the documents (below, posting lists are faster).
PACKED_FRACTION = 16
#: A phrase is stored with its exact document set when it is in at least this many documents.
PHRASE_MIN = 1024
PHRASE_CANDIDATES = 600
#: Full pinyin is indexed as every prefix (2 to this many letters) starting at a syllable, so a
#: query up to this length is one exact lookup (``zhangtao`` -> 张涛, ``jiebang`` -> 揭榜…).
PINYIN_PREFIX = 8
#: Initials are indexed as every substring of 3 to this many letters (``jbgs`` -> 揭榜挂帅).
PINYIN_INITIALS = 4
MAX_VOCAB = 20000
#: Most title words kept for splitting questions (the commonest).
MAX_WORDS = 60000

Progress = Callable[[int, int], None]

_NUMBERS = re.compile(r"\d+(?:\.\d+)?[万亿]元?|\d{7,12}")
#: An amount of money or a rate of support (for 能拿多少 questions).
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:[万亿]?元|[万亿]|%|‰)")
_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百\d]+[)）、.．]|第[一二三四五六七八九十百\d]+[章节条部分]+)\s*")


def schema() -> fields.Schema:
    """The whoosh schema: gram fields, facet fields and what a hit needs to render."""
    gram = {name: GramField() for name in SLOTS}
    return fields.Schema(
        uid=fields.ID(stored=True, unique=True),
        q=GramField(),  # frequent phrases with their exact document sets (see _phrases)
        kind=fields.ID(stored=True),
        level=fields.ID(stored=True),
        region=fields.ID(stored=True),
        status=fields.ID(stored=True),
        document=fields.ID(stored=True),
        topic=fields.KEYWORD(stored=True, commas=True, scorable=False),
        title=fields.STORED(),
        path=fields.STORED(),
        body=fields.STORED(),
        extra=fields.STORED(),
        **gram,
    )


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------
@dataclass
class Unit:
    """One searchable item with its display data and normalised slot texts."""

    uid: str
    kind: str
    document_id: str
    title: str
    path: tuple[str, ...]
    body: str
    extra: tuple[str, ...]
    level: str
    region: str
    status: str
    topics: tuple[str, ...] = ()
    has_contact: bool = False
    has_amount: bool = False
    slots: dict[str, str] = field(default_factory=dict)
    readings: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    reading_sources: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ())


def _join(parts: Sequence[str]) -> str:
    return FIELD_SEP.join(p for p in (normalize(x) for x in parts) if p)


def contact_line(c: Contact) -> str:
    """A contact as one display line: ``联系人：资源配置管理处 穆丽欣  电话：0311-85813876  邮箱：…``."""
    who = " ".join(x for x in (c.label, c.office, c.person) if x)
    parts = [f"联系人：{who}" if who else ""]
    if c.phone:
        parts.append(f"电话：{c.phone}")
    if c.email:
        parts.append(f"邮箱：{c.email}")
    return "  ".join(p for p in parts if p)


def _contact_terms(cs: Sequence[Contact]) -> list[str]:
    out: list[str] = []
    for c in cs:
        out += [c.label, c.office, c.person, c.phone, c.phone_normalized, c.email, c.email_normalized]
    return out


def _table_text(tables: Sequence[Table]) -> list[str]:
    lines: list[str] = []
    for t in tables:
        lines.append(t.title)
        lines.append(" | ".join(t.columns))
        lines.extend(" | ".join(r) for r in t.rows)
        lines.extend(t.notes)
    return [x for x in lines if x]


def _strip_numbering(title: str) -> str:
    return _NUMBERING.sub("", title).strip()


def _measure_unit(m: Measure, status: str = "") -> Unit:
    extra = [contact_line(c) for c in m.contacts]
    if m.source:
        extra.append(f"出处：{m.source.title}{('（' + m.source.doc_number + '）') if m.source.doc_number else ''}")
    u = Unit(
        uid=m.id, kind="measure", document_id=m.document_id, title=m.display_title,
        path=(*m.path, m.display_title), body=m.text, extra=tuple(extra), level=m.level,
        region=m.region, status=status, topics=m.topics, has_contact=bool(m.contacts),
    )
    u.slots = {
        "t": _join([m.display_title]),
        "k": _join([*m.topics, *m.beneficiaries]),
        "m": _join([*((m.source.title, m.source.doc_number) if m.source else ()), *m.issuer,
                    m.region, m.level, *_contact_terms(m.contacts)]),
        "n": _join(m.notes),
        "b": _join([m.text]),
    }
    u.reading_sources = ((m.title, *m.topics), tuple(c.person for c in m.contacts),
                         tuple(c.office for c in m.contacts))
    return u


def _part_unit(p: Part, doc: Document, status: str = "") -> Unit:
    title = f"{p.title}"
    body_lines = [x for x in (p.intro, *_table_text(p.tables)) if x]
    u = Unit(
        uid=p.id, kind="part", document_id=p.document_id, title=title, path=p.path,
        body="\n".join(body_lines), extra=tuple(contact_line(c) for c in p.contacts), level=p.level or doc.level,
        region=p.region or doc.region, status=status, has_contact=bool(p.contacts),
    )
    u.slots = {
        "t": _join([p.title]),
        "k": "",
        "m": _join([*p.issuer, p.doc_number, u.region, u.level, *_contact_terms(p.contacts)]),
        "n": _join(p.notes),
        "b": _join(body_lines),
    }
    u.reading_sources = ((_strip_numbering(p.title),), tuple(c.person for c in p.contacts),
                         tuple(c.office for c in p.contacts))
    return u


def _document_unit(d: Document, status: str = "") -> Unit:
    body_lines = [x for x in (d.preface, *_table_text(d.tables)) if x]
    extra = [contact_line(c) for c in d.contacts]
    meta_line = "　".join(x for x in ("、".join(d.issuer), d.doc_number, d.date, d.period.label()) if x)
    if meta_line:
        extra.insert(0, meta_line)
    u = Unit(
        uid=d.id, kind="document", document_id=d.id, title=d.title, path=(d.short_title or d.title,),
        body="\n".join(body_lines), extra=tuple(extra), level=d.level, region=d.region, status=status,
        has_contact=bool(d.contacts),
    )
    u.slots = {
        "t": _join([d.title, d.short_title]),
        "k": "",
        "m": _join([*d.issuer, d.doc_number, d.date, d.period.label(), d.region, d.level,
                    *_contact_terms(d.contacts)]),
        "n": _join(d.notes),
        "b": _join(body_lines),
    }
    u.reading_sources = ((d.short_title or d.title,), tuple(c.person for c in d.contacts),
                         tuple(c.office for c in d.contacts))
    return u


def _add_readings(u: Unit, titles: Sequence[str], persons: Sequence[str], offices: Sequence[str]) -> None:
    from index.pinyin import readings

    seen: set[tuple[str, tuple[str, ...]]] = set()
    for group, is_name in ((titles, False), (persons, True), (offices, False)):
        for raw in group:
            src = normalize(raw).replace(FIELD_SEP, "")
            if not src or not any("\u3400" <= c <= "\u9fff" for c in src):
                continue
            for syl in readings(src, name=is_name):
                key = (src, syl)
                if key not in seen:
                    seen.add(key)
                    u.readings.append(key)


def stored_statuses(hb: Handbook) -> dict[str, str]:
    """The status stored with each unit at build time: computed from the printed dates alone.

    Only a fallback (see :mod:`index.status`): callers pass the content bundle's statuses, which also
    count verifications and today's date, at query time.
    """
    from content.bundle import _compute
    from content.validity import DEFAULT_WINDOW_MONTHS, today_from_env

    v = _compute(hb, (), today_from_env(), DEFAULT_WINDOW_MONTHS)
    return {k: v[k].status.value for k in v}


def iter_units(hb: Handbook, *, readings: bool = True) -> Iterator[Unit]:
    """Every searchable unit of the handbook: measures first, then parts and documents.

    Args:
        hb: The handbook.
        readings: Compute the pinyin readings of titles and names (needs pypinyin; slow).
    """
    def done(u: Unit) -> Unit:
        if readings:
            _add_readings(u, *u.reading_sources)
        return u

    st = stored_statuses(hb)
    for m in hb.measures():
        yield done(_measure_unit(m, st.get(m.id, "")))
    for d in hb.documents:
        for p in d.all_parts():
            yield done(_part_unit(p, d, st.get(p.id, "")))
        yield done(_document_unit(d, st.get(d.id, "")))


def unit_count(hb: Handbook) -> int:
    return len(hb.measures()) + sum(1 + sum(1 for _ in d.all_parts()) for d in hb.documents)


# --------------------------------------------------------------------------------------------
# Whoosh segment writing
# --------------------------------------------------------------------------------------------
def _write_segment(
    ix_dir: Path, units: Sequence[Unit], postings: dict[str, dict[str, array[int]]],
    tick: Callable[[int], None],
) -> None:
    from index.whoosh_adapter import write_segment

    def stored() -> Iterator[dict[str, Any]]:
        for u in units:
            yield {
                "uid": u.uid, "kind": u.kind, "level": u.level, "region": u.region, "status": u.status,
                "document": u.document_id, "topic": ",".join(u.topics), "title": u.title, "path": list(u.path),
                "body": u.body, "extra": list(u.extra),
            }

    def terms(fname: str) -> Iterator[tuple[str, array[int]]]:
        d = postings[fname]
        for term in sorted(d):
            yield term, d[term]

    total_terms = sum(len(v) for v in postings.values()) or 1
    write_segment(ix_dir, schema(), INDEX_NAME, doc_count=len(units), stored=stored(), postings=terms,
                  field_names=list(postings), tick=lambda done: tick(done * len(units) // total_terms))


# --------------------------------------------------------------------------------------------
# Side files
# --------------------------------------------------------------------------------------------
def _write_dense(gen: Path, postings: dict[str, dict[str, array[int]]], n: int) -> None:
    """Store ready-made document masks of the most frequent grams.

    Turning a posting list into a mask costs tens of nanoseconds per document in Python.  The
    most frequent grams get a *spread* mask (one byte per document, read with one
    ``int.from_bytes``) until :data:`DENSE_BUDGET` bytes; the next ones, down to
    :data:`PACKED_FRACTION` of the documents, a *packed* mask (one bit per document, 8x smaller,
    expanded with a table lookup) until :data:`PACKED_BUDGET` bytes.
    """
    ranked = sorted(
        ((len(ids), slot, gram) for slot in (*SLOTS, "q") for gram, ids in postings.get(slot, {}).items()
         if len(ids) >= DENSE_MIN),
        reverse=True,
    )
    n_spread = max(0, DENSE_BUDGET // max(1, n))
    packed_size = (n + 7) // 8
    n_packed = max(0, PACKED_BUDGET // max(1, packed_size))
    spread = {(slot, gram) for _df, slot, gram in ranked[:n_spread]}
    packed = {(slot, gram) for df, slot, gram in ranked[n_spread : n_spread + n_packed]
              if df * PACKED_FRACTION >= n}
    table: dict[str, dict[str, int]] = {}
    ptable: dict[str, dict[str, int]] = {}
    offset = 0
    poffset = 0
    with (gen / "dense.bin").open("wb") as f, (gen / "packed.bin").open("wb") as pf:
        for slot in (*SLOTS, "q"):
            for gram, ids in sorted(postings.get(slot, {}).items()):
                key = (slot, gram)
                if key in spread:
                    ba = bytearray(n)
                    deque(map(ba.__setitem__, ids, repeat(1)), maxlen=0)
                    f.write(ba)
                    table.setdefault(slot, {})[gram] = offset
                    offset += n
                elif key in packed:
                    bits = bytearray(packed_size)
                    for d in ids:
                        bits[d >> 3] |= 1 << (d & 7)
                    pf.write(bits)
                    ptable.setdefault(slot, {})[gram] = poffset
                    poffset += packed_size
    (gen / "dense.json").write_text(
        json.dumps({"doc_count": n, "masks": table, "packed": ptable}, ensure_ascii=False), encoding="utf-8")


def _verify_slot_texts(u: Unit) -> list[str]:
    out = [u.slots.get(s, "") for s in TEXT_SLOTS]
    # pf: one reading per line, "source<TAB>syllables"; pi: the initials of each reading.
    out.append(FIELD_SEP.join(src + "\t" + " ".join(syl) for src, syl in u.readings))
    out.append(FIELD_SEP.join("".join(x[0] for x in syl if x) for _src, syl in u.readings))
    return out


def _write_verify(gen: Path, units: Sequence[Unit]) -> None:
    # Each slot ends with a line break, which no search term contains: a match never spans two
    # slots, and a document's text slots (t … n) can be searched as one range.
    offsets = array("Q", [0])
    pos = 0
    with (gen / "verify.bin").open("wb") as f:
        for u in units:
            for text in _verify_slot_texts(u):
                b = text.encode("utf-8") + b"\n"
                f.write(b)
                pos += len(b)
                offsets.append(pos)
    if offsets.itemsize != 8:  # pragma: no cover - every supported platform has 8-byte Q
        raise RuntimeError("unsigned long long is not 8 bytes")
    if sys.byteorder != "little":  # pragma: no cover
        offsets.byteswap()
    (gen / "verify.idx").write_bytes(offsets.tobytes())


def _write_facets(gen: Path, units: Sequence[Unit]) -> None:
    n = len(units)
    spec: dict[str, Any] = {"doc_count": n, "single": {}, "multi": {}, "flags": {}}
    blobs: list[bytes] = []
    offset = 0

    def put(b: bytes) -> int:
        nonlocal offset
        start = offset
        blobs.append(b)
        offset += len(b)
        return start

    for name in SINGLE_FACETS:
        attr = "document_id" if name == "document" else name
        vals = [getattr(u, attr) for u in units]
        values = sorted({v for v in vals if v})
        code = {v: i + 1 for i, v in enumerate(values)}
        if len(values) <= 255:
            spec["single"][name] = {"values": values, "width": 1,
                                    "offset": put(bytes(code.get(v, 0) for v in vals))}
        else:  # more than 255 values (generated corpora): two bytes per document
            codes = array("H", (code.get(v, 0) for v in vals))
            if sys.byteorder != "little":  # pragma: no cover
                codes.byteswap()
            spec["single"][name] = {"values": values, "width": 2, "offset": put(codes.tobytes())}
    # Documents occupy contiguous runs of document numbers: counting a run is one bytes.count.
    runs: dict[str, list[list[int]]] = {}
    for docnum, u in enumerate(units):
        r = runs.setdefault(u.document_id, [])
        if r and r[-1][1] == docnum:
            r[-1][1] = docnum + 1
        else:
            r.append([docnum, docnum + 1])
    spec["runs"] = {"document": runs}
    topics = sorted({t for u in units for t in u.topics})
    spec["multi"]["topic"] = {
        t: put(bytes(1 if t in u.topics else 0 for u in units)) for t in topics
    }
    spec["flags"]["contact"] = put(bytes(1 if u.has_contact else 0 for u in units))
    spec["flags"]["amount"] = put(bytes(1 if _AMOUNT.search(u.body) else 0 for u in units))
    (gen / "facets.bin").write_bytes(b"".join(blobs))
    (gen / "facets.json").write_text(json.dumps(spec, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _runs(docnums: Sequence[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for d in sorted(docnums):
        if out and out[-1][1] == d:
            out[-1][1] = d + 1
        else:
            out.append([d, d + 1])
    return out


def _write_tree(gen: Path, hb: Handbook, units: Sequence[Unit]) -> None:
    """For every part and document: the runs of document numbers of everything inside it.

    A measure is found by the titles of the parts and document it belongs to (its breadcrumb)
    through these runs instead of repeating every breadcrumb in every measure's text.
    """
    num = {u.uid: i for i, u in enumerate(units)}
    ranges: dict[str, list[list[int]]] = {}
    for d in hb.documents:
        inside = [num[m.id] for m in d.all_measures()] + [num[p.id] for p in d.all_parts()]
        ranges[str(num[d.id])] = _runs(inside)
        for p in d.all_parts():
            inside = [num[m.id] for m in p.all_measures()] + [num[x.id] for x in p.all_parts()]
            if inside:
                ranges[str(num[p.id])] = _runs(inside)
    (gen / "tree.json").write_text(json.dumps({"doc_count": len(units), "ranges": ranges}), encoding="utf-8")


def _phrases(units: Sequence[Unit], lexicon: Lexicon, postings: dict[str, dict[str, array[int]]]
             ) -> dict[str, array[int]]:
    """Exact document sets of frequent phrases (common query terms), computed once at build time.

    A term of three or more characters is found by intersecting bigram posting lists and checking
    every candidate against the text, which for a phrase in thousands of documents (成果转化,
    高新技术企业) is most of a query's time.  The vocabulary (synonyms, topics, beneficiaries) and
    the commonest 3- to 8-character runs of titles are checked here instead; those found in at
    least :data:`PHRASE_MIN` documents (and 1% of them) are stored as the terms of field ``q``.
    """
    n = len(units)
    limit = max(PHRASE_MIN, n // 100)
    if n < limit:
        return {}
    cands: set[str] = set()
    for key, variants in lexicon.variants.items():
        cands.add(key)
        cands.update(variants)
    for u in units:
        cands.update(normalize(t) for t in u.topics)
    counts: dict[str, int] = {}
    step = max(1, n // 20000)  # titles of a sample of units suffice to find the common runs
    for u in units[::step]:
        title = u.slots.get("t", "")
        seen: set[str] = set()
        for run in re.findall(r"[\u3400-\u9fff]{3,}", title):
            for size in range(3, min(8, len(run)) + 1):
                seen.update(run[i : i + size] for i in range(len(run) - size + 1))
        # amounts (500万, 1000万元) and phone numbers: digits make poor bigrams
        for slot in ("m", "b"):
            for x in _NUMBERS.findall(u.slots.get(slot, "")):
                seen.add(x)
                seen.add(x.rstrip("元"))
        for x in seen:
            counts[x] = counts.get(x, 0) + 1
    sample = len(units[::step])
    common = sorted((c, x) for x, c in counts.items() if c * 100 >= sample)[-PHRASE_CANDIDATES:]
    cands.update(x for _c, x in common)
    texts: list[str] | None = None
    out: dict[str, array[int]] = {}
    for phrase in sorted(c for c in cands if len(c) >= 3 and FIELD_SEP not in c):
        # The sample only proposes; the document set below is exact over every unit.
        grams = sorted({phrase[i : i + 2] for i in range(len(phrase) - 1)},
                       key=lambda g: sum(len(postings[s].get(g, ())) for s in TEXT_SLOTS))
        cand: set[int] = set()
        for slot in TEXT_SLOTS:
            lists = [postings[slot].get(g) for g in grams[:2]]
            if all(lists):
                first = set(lists[0]) if lists[0] is not None else set()
                cand |= first.intersection(lists[1]) if len(lists) > 1 and lists[1] is not None else first
        if len(cand) < limit:
            continue
        if texts is None:
            texts = ["\n".join(u.slots.get(s, "") for s in TEXT_SLOTS) for u in units]
        found = array("I", sorted(d for d in cand if phrase in texts[d]))
        if len(found) >= limit:
            out[phrase] = found
    return out


def _vocabulary(units: Sequence[Unit], lexicon: Lexicon) -> list[dict[str, Any]]:
    from index.pinyin import reading_strings, readings

    seen: dict[str, str] = {}

    def add(display: str) -> None:
        display = display.strip()
        n = normalize(display)
        if 2 <= len(n) <= 24 and n not in seen:
            seen[n] = display

    for disp in lexicon.display.values():
        add(disp)
    for u in units:
        for t in u.topics:
            add(t)
    for u in units:
        if u.kind != "measure":
            add(_strip_numbering(u.title))
    for u in units:
        for src, _syl in u.readings:
            add(src)
        if len(seen) >= MAX_VOCAB:
            break
    out = []
    for n, disp in seen.items():
        pys = readings(n) if any("\u3400" <= c <= "\u9fff" for c in n) else ()
        full, ini = reading_strings(pys[0]) if pys else ("", "")
        out.append({"t": disp, "n": n, "py": full, "ini": ini})
    return out


def _words(units: Sequence[Unit], lexicon: Lexicon) -> list[str]:
    """The index's own vocabulary for splitting questions into words (see :mod:`index.plan`).

    The synonyms, topics and beneficiaries, contact offices and names, and every run of 2 to 8
    Chinese characters found in the titles of at least two items (认定, 奖励, 孵化器, 技术转移机构 …):
    the words the handbook itself uses.
    """
    words: set[str] = set()
    for key, variants in lexicon.variants.items():
        words.add(key)
        words.update(variants)
    words.update(lexicon.regions)
    counts: dict[str, int] = {}
    step = max(1, len(units) // 20000)  # the titles of a sample suffice to find the common runs
    for u in units:
        for line in u.slots.get("k", "").split(FIELD_SEP):
            if line:
                words.add(line)
    for u in units[::step]:
        seen: set[str] = set()
        for run in re.findall(r"[\u3400-\u9fff]{2,}", u.slots.get("t", "")):
            for size in range(2, min(8, len(run)) + 1):
                seen.update(run[i : i + size] for i in range(len(run) - size + 1))
        for x in seen:
            counts[x] = counts.get(x, 0) + 1
    common = sorted((c, x) for x, c in counts.items() if c >= 2)
    words.update(x for _c, x in common[-MAX_WORDS:])
    for u in units:
        if u.kind == "measure" and u.has_contact:
            for line in u.slots.get("m", "").split(FIELD_SEP):
                if line and len(line) <= 12 and all("\u3400" <= c <= "\u9fff" for c in line):
                    words.add(line)
    return sorted(w for w in words if 2 <= len(w) <= 24 and FIELD_SEP not in w)


def _pinyin_words(words: Sequence[str], lexicon: Lexicon) -> dict[str, dict[str, list[str]]]:
    """Full pinyin and initials of the vocabulary's Chinese words -> the words (``jbgs`` -> 揭榜挂帅).

    A pinyin query equal to a word's reading is searched as that word, in every text (see
    :mod:`index.plan`), so ``jbgs`` finds everything 揭榜挂帅 finds.  Only words of up to six
    characters whose every character is Chinese, read with pypinyin's phrase readings and the
    handbook's own phrase table (``pinyin_phrases.yaml``).
    """
    from index.pinyin import reading_strings, readings

    full: dict[str, list[str]] = {}
    ini: dict[str, list[str]] = {}
    cands = set(words) | set(lexicon.variants)
    for w in sorted(cands):
        if not 2 <= len(w) <= 6 or not all("\u3400" <= c <= "\u9fff" for c in w):
            continue
        rs = readings(w)
        if not rs:
            continue
        f, i = reading_strings(rs[0])
        full.setdefault(f, []).append(w)
        if len(i) >= 3:
            ini.setdefault(i, []).append(w)
    return {"full": full, "ini": ini}


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
def write_generation(
    hb: Handbook, index_dir: Path, *, stamp: str, lexicon: Lexicon, progress: Progress | None = None,
) -> Path:
    """Build a complete generation for ``stamp`` in a fresh temporary directory under ``index_dir``.

    Returns:
        The temporary directory (the caller publishes it with :func:`index.store.publish`).
    """
    total = unit_count(hb)
    steps = 2 * total + 1

    def report(done: int) -> None:
        if progress is not None:
            progress(min(done, steps - 1), steps)

    tmp = new_temp_dir(index_dir, stamp)
    try:
        t0 = time.perf_counter()
        units: list[Unit] = []
        postings: dict[str, dict[str, array[int]]] = {s: {} for s in SLOTS}
        for name in ("uid", *FACETS):
            postings[name] = {}
        report(0)
        for docnum, u in enumerate(iter_units(hb)):
            units.append(u)
            _accumulate(postings, docnum, u)
            if docnum % 512 == 0:
                report(docnum)
        report(total)
        postings["q"] = _phrases(units, lexicon, postings)
        _write_segment(tmp, units, postings, lambda d: report(total + d))
        _write_dense(tmp, postings, len(units))
        (tmp / "phrases.json").write_text(json.dumps(sorted(postings["q"]), ensure_ascii=False), encoding="utf-8")
        del postings
        _write_verify(tmp, units)
        _write_facets(tmp, units)
        _write_tree(tmp, hb, units)
        (tmp / "uids.json").write_text(json.dumps([u.uid for u in units], ensure_ascii=False), encoding="utf-8")
        (tmp / "lexicon.json").write_text(lexicon.to_json(), encoding="utf-8")
        (tmp / "vocab.json").write_text(json.dumps(_vocabulary(units, lexicon), ensure_ascii=False),
                                        encoding="utf-8")
        words = _words(units, lexicon)
        (tmp / "words.json").write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
        (tmp / "pinyin.json").write_text(json.dumps(_pinyin_words(words, lexicon), ensure_ascii=False),
                                         encoding="utf-8")
        write_meta(tmp, {
            "stamp": stamp, "format": STORE_FORMAT, "analyzer": ANALYZER_VERSION, "doc_count": len(units),
            "measures": sum(1 for u in units if u.kind == "measure"), "built": time.strftime("%Y-%m-%d %H:%M:%S"),
            "build_seconds": round(time.perf_counter() - t0, 3), "content_date": hb.content_date,
        })
        if progress is not None:
            progress(steps, steps)
        return tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _accumulate(postings: dict[str, dict[str, array[int]]], docnum: int, u: Unit) -> None:
    for slot in TEXT_SLOTS:
        text = u.slots.get(slot, "")
        if text:
            _add_grams(postings[slot], docnum, text)
    if u.readings:
        full_grams: set[str] = set()
        initial_grams: set[str] = set()
        for _src, syl in u.readings:
            full_grams.update(pinyin_prefixes(syl))
            initials = "".join(x[0] for x in syl if x)
            for size in range(3, PINYIN_INITIALS + 1):
                initial_grams.update(initials[i : i + size] for i in range(len(initials) - size + 1))
        _add_set(postings["pf"], docnum, full_grams)
        _add_set(postings["pi"], docnum, initial_grams)
    for name, values in (
        ("uid", [u.uid]), ("kind", [u.kind]), ("level", [u.level]), ("region", [u.region]),
        ("status", [u.status]), ("document", [u.document_id]), ("topic", list(u.topics)),
    ):
        d = postings[name]
        for v in values:
            if v:
                lst = d.get(v)
                if lst is None:
                    d[v] = lst = array("I")
                if not lst or lst[-1] != docnum:
                    lst.append(docnum)


def pinyin_prefixes(syllables: Sequence[str]) -> set[str]:
    """Every 2- to 8-letter prefix of the full pinyin starting at a syllable.

    >>> sorted(pinyin_prefixes(["zhang", "tao"]))[:4]
    ['ta', 'tao', 'zh', 'zha']
    """
    full = "".join(syllables)
    out: set[str] = set()
    pos = 0
    for syl in syllables:
        if syl.isascii() and syl.isalpha():
            out.update(full[pos : pos + size] for size in range(2, PINYIN_PREFIX + 1) if pos + size <= len(full))
        pos += len(syl)
    return out


def _add_grams(d: dict[str, array[int]], docnum: int, text: str) -> None:
    gs: set[str] = set()
    for part in text.split(FIELD_SEP):
        if part:
            gs.update(part)
            gs.update(map(str.__add__, part, part[1:]))
    _add_set(d, docnum, gs)


def _add_set(d: dict[str, array[int]], docnum: int, gs: set[str]) -> None:
    get = d.get
    for g in gs:
        lst = get(g)
        if lst is None:
            d[g] = lst = array("I")
        lst.append(docnum)
