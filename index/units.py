"""Searchable units: each measure, part and document as the index sees it (Qt-free).

A unit carries what a hit displays (title, breadcrumb, body, contact lines) and its normalised
searchable text in weighted *slots*: title ``t``, topics and beneficiaries ``k``, source, issuer,
region and contacts ``m``, body ``b`` and editor's notes ``n``; plus the pinyin readings of its
title, topics and contact names (see :mod:`index.pinyin`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from content.model import Contact, Document, Handbook, Measure, Part, Table
from index.normalize import FIELD_SEP, normalize

_NUMBERING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百\d]+[)）、.．]|第[一二三四五六七八九十百\d]+[章节条部分]+)\s*")


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


def strip_numbering(title: str) -> str:
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
    u.reading_sources = ((strip_numbering(p.title),), tuple(c.person for c in p.contacts),
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
