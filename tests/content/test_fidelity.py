"""Faithfulness: every piece of official wording in the content equals the source documents after
layout normalisation only, and nothing of a source document is lost.

The sources are kept byte for byte in ``content/sources/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.model import Contact, Document, Handbook
from content.normalize import squash

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"

# What the handbook deliberately leaves out of each source, and why (boilerplate, not policy).
OMITTED: dict[str, list[str]] = {
    "003_e927b0ffb70c5912.txt": [
        # the download site's notices at the top and its links at the bottom
        "1.1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑、内容补充、找答案等附加服务。",
        "2.2、\"仅部分预览\"的文档,不可在线预览部分如存在完整性等问题,可反馈申请退款(可完整预览的文档不适用该条件!)。",
        "3.3、如文档侵犯您的权益,请联系客服反馈,我们会尽快为您处理(人工客服工作时间:9:00-18:30)。",
        "相关文档",
        "最新文档",
    ],
    "002_ab7bf7dab736abcf.txt": [
        # the table of contents (chapter titles are content; the TOC with page numbers is not)
        "目录",
        # the back cover
        "石家庄科技",
        "科技政策一点通",
    ],
    "000_c0b84344fab0dd26.txt": [
        # the card's block labels, printed before every province item's text and contacts
        "政/策/内/容",
        "联/系/人/及/联/系/方/式",
    ],
}
# Lines that are layout, not text: table rules, a table of contents' page numbers.
_LAYOUT_LINE = re.compile(r"^(\|[-|]*\|?|-+)$")
_TOC_LINE = re.compile(r"^.+\t\d+$")
# A bullet the text conversion put before a printed line ("- 1.电话：…"): layout, like a table rule.
_LIST_MARKER = re.compile(r"(?m)^[ \t]*- ")
# An item's or chapter's printed number glued to its heading or text: "01加快…", "1.发展…", "一、加快…".
_NUMBERED = re.compile(r"^(\d{1,3}|[一二三四五六七八九十]+)[.．、]?")


def _seed(doc: Document) -> str:
    return _LIST_MARKER.sub("", (SOURCES / doc.source_file).read_text(encoding="utf-8"))


def _contact_texts(c: Contact) -> list[str]:
    return [x for x in (c.office, c.person, c.phone, c.email, c.label) if x]


def _official_pieces(doc: Document) -> list[tuple[str, str]]:
    """(where, text) for every piece of official wording in a document."""
    out: list[tuple[str, str]] = [(f"{doc.id}.title", doc.title)]
    if doc.preface:
        out.append((f"{doc.id}.preface", doc.preface))
    if doc.doc_number:
        out.append((f"{doc.id}.doc_number", doc.doc_number))
    for c in doc.contacts:
        out += [(f"{doc.id}.contacts", t) for t in _contact_texts(c)]
    for p in doc.all_parts():
        out.append((f"{p.id}.title", p.title))
        if p.intro:
            out.append((f"{p.id}.intro", p.intro))
        for c in p.contacts:
            out += [(f"{p.id}.contacts", t) for t in _contact_texts(c)]
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
            out += [(f"{m.id}.contacts", t) for t in _contact_texts(c)]
    return out


def _all_text(doc: Document) -> str:
    pieces = [t for _, t in _official_pieces(doc)]
    # Table titles and headers cover the printed header rows (some headers are the editor's, so
    # they are coverage only, not official pieces).
    pieces += [x for t in doc.all_tables() for x in (t.title, *t.columns)]
    return "\n".join(pieces)


def test_every_seed_has_a_document(handbook: Handbook) -> None:
    covered = {d.source_file for d in handbook.documents}
    seeds = {p.name for p in SOURCES.glob("*.txt")}
    assert seeds == covered, f"seeds without a document: {seeds - covered}"


def test_bundled_content_is_clean(handbook: Handbook) -> None:
    assert handbook.errors == (), "\n".join(str(e) for e in handbook.errors)


SEED_FILES = sorted(p.name for p in SOURCES.glob("*.txt"))


def _doc_for(handbook: Handbook, source_file: str) -> Document:
    docs = [d for d in handbook.documents if d.source_file == source_file]
    assert docs, f"no document has source_file {source_file}"
    return docs[0]


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_official_wording_equals_the_seed(handbook: Handbook, source_file: str) -> None:
    bad = []
    for doc in [_doc_for(handbook, source_file)]:
        seed = squash(_seed(doc))
        for where, text in _official_pieces(doc):
            if squash(text) not in seed:
                bad.append(f"{where}: {text[:60]!r}")
    assert not bad, "not in the seed after layout normalisation:\n" + "\n".join(bad)


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_nothing_of_a_seed_is_lost(handbook: Handbook, source_file: str) -> None:
    """Every line of the seed (but declared boilerplate and layout) appears in the content."""
    missing = []
    for doc in [_doc_for(handbook, source_file)]:
        have = squash(_all_text(doc))
        omitted = {squash(x) for x in OMITTED.get(doc.source_file, [])}
        for raw in _seed(doc).splitlines():
            line = raw.strip().lstrip("-").strip()
            if not line or _LAYOUT_LINE.match(line) or _TOC_LINE.match(raw.strip()):
                continue
            cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else [line]
            for cell in cells:
                sq = squash(cell)
                if not sq or sq in omitted:
                    continue
                if sq not in have and not _in_contacts(sq, doc) and not _numbered(sq, have, doc):
                    missing.append(f"{doc.source_file}: {cell[:70]!r}")
    assert not missing, f"{len(missing)} seed line(s) not in the content:\n" + "\n".join(missing[:40])


def _numbered(sq: str, have: str, doc: Document) -> bool:
    """A line that is a measure's or part's number followed by its title or text (both in the content)."""
    numbers = {m.number for m in doc.all_measures()} | {p.number for p in doc.all_parts()}
    m = _NUMBERED.match(sq)
    return bool(m) and m.group(1) in numbers - {""} and sq[m.end():] in have


def _in_contacts(sq: str, doc: Document) -> bool:
    """A printed contact line ('电话：… 邮箱：…', a table cell) is covered by its structured fields."""
    pieces = re.split(r"电话[：:]|邮箱[：:]|/", sq)
    have = squash(_all_text(doc))
    return all(p in have for p in pieces if p)


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_seed_files_are_unchanged_utf8(source_file: str) -> None:
    text = (SOURCES / source_file).read_text(encoding="utf-8")
    assert len(text) > 1000
