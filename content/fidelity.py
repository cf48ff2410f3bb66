"""Faithfulness checks of a document against its source text (Qt-free).

Two questions, both after layout normalisation only (:func:`content.normalize.squash`):

* is every piece of official wording in the document (texts, printed titles, numbers, contacts,
  cited sources, table cells) a piece of the source?  (:func:`unfaithful_pieces`)
* is every line of the source in the document, or declared as left out?  (:func:`missing_lines`)

``tests/content/test_fidelity.py`` runs them on the bundled content; the importer runs them on
every draft it writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from content.model import Contact, Document
from content.normalize import squash

# Lines that are layout, not text: table rules, a table of contents' page numbers.
LAYOUT_LINE = re.compile(r"^(\|[-|]*\|?|-+)$")
TOC_LINE = re.compile(r"^.+\t\d+$")
# A bullet the text conversion put before a printed line ("- 1.电话：…"): layout, like a table rule.
LIST_MARKER = re.compile(r"(?m)^[ \t]*- ")
# An item's or chapter's printed number glued to its heading or text: "01加快…", "1.发展…", "一、加快…".
NUMBERED = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]+)[.．、]?")


def source_text(raw: str) -> str:
    """The source as the checks read it: the text conversion's list bullets removed.

    >>> source_text("- 1.电话：85996768\\n正文")
    '1.电话：85996768\\n正文'
    """
    return LIST_MARKER.sub("", raw)


def contact_texts(c: Contact) -> list[str]:
    """The printed fields of a contact."""
    return [x for x in (c.office, c.person, c.phone, c.email, c.label) if x]


def official_pieces(doc: Document) -> list[tuple[str, str]]:
    """(where, text) for every piece of official wording in a document."""
    out: list[tuple[str, str]] = [(f"{doc.id}.title", doc.title)]
    if doc.preface:
        out.append((f"{doc.id}.preface", doc.preface))
    if doc.doc_number:
        out.append((f"{doc.id}.doc_number", doc.doc_number))
    for c in doc.contacts:
        out += [(f"{doc.id}.contacts", t) for t in contact_texts(c)]
    for p in doc.all_parts():
        out.append((f"{p.id}.title", p.title))
        if p.intro:
            out.append((f"{p.id}.intro", p.intro))
        for c in p.contacts:
            out += [(f"{p.id}.contacts", t) for t in contact_texts(c)]
    for t in doc.all_tables():
        for r in t.rows:
            out += [(f"{t.id}.cell", cell) for cell in r if cell]
    for m in doc.all_measures():
        out.append((f"{m.id}.text", m.text))
        if not m.title_editorial:
            out.append((f"{m.id}.title", m.title))
        if m.number:
            out.append((f"{m.id}.number", m.number))
        if m.source:
            out.append((f"{m.id}.source.title", m.source.title))
            if m.source.doc_number:
                out.append((f"{m.id}.source.doc_number", m.source.doc_number))
        for c in m.contacts:
            out += [(f"{m.id}.contacts", t) for t in contact_texts(c)]
    return out


def all_text(doc: Document) -> str:
    """Everything of the document that covers source lines, one piece per line."""
    pieces = [t for _, t in official_pieces(doc)]
    # Table titles and headers cover the printed header rows (some headers are the editor's, so
    # they are coverage only, not official pieces).
    pieces += [x for t in doc.all_tables() for x in (t.title, *t.columns)]
    return "\n".join(pieces)


def unfaithful_pieces(doc: Document, source: str) -> list[str]:
    """Official pieces of ``doc`` that are not in ``source`` after layout normalisation."""
    return [f"{where}: {text[:60]!r}" for where, text in unfaithful(doc, source)]


def unfaithful(doc: Document, source: str) -> list[tuple[str, str]]:
    """``(where, text)`` of the official pieces of ``doc`` that are not in ``source``."""
    seed = squash(source_text(source))
    return [(where, text) for where, text in official_pieces(doc) if squash(text) not in seed]


def source_cells(source: str) -> Iterator[str]:
    """The printed lines of a source (table rows split into cells), without layout lines."""
    for raw in source_text(source).splitlines():
        line = raw.strip().lstrip("-").strip()
        if not line or LAYOUT_LINE.match(line) or TOC_LINE.match(raw.strip()):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else [line]
        yield from (c for c in cells if squash(c))


def missing_lines(doc: Document, source: str, omitted: Iterable[str] = ()) -> list[str]:
    """Lines of ``source`` that are neither in ``doc`` nor declared ``omitted`` (boilerplate)."""
    have = squash(all_text(doc))
    left_out = {squash(x) for x in omitted}
    numbers = {m.number for m in doc.all_measures()} | {p.number for p in doc.all_parts()}
    out = []
    for cell in source_cells(source):
        sq = squash(cell)
        if sq in left_out or sq in have or _in_contacts(sq, have) or _numbered(sq, have, numbers):
            continue
        out.append(cell)
    return out


def _numbered(sq: str, have: str, numbers: set[str]) -> bool:
    """A line that is a measure's or part's number followed by its title or text (both in the content)."""
    m = NUMBERED.match(sq)
    return m is not None and m.group(1) in numbers - {""} and sq[m.end():] in have


def _in_contacts(sq: str, have: str) -> bool:
    """A printed contact line ('电话：… 邮箱：…', a table cell) is covered by its structured fields."""
    pieces = re.split(r"电话[：:]|邮箱[：:]|/", sq)
    return all(p in have for p in pieces if p)
