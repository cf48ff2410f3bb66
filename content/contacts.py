"""Whom to call about a 比一比 page: per level, the offices, people and numbers its measures print.

The 谁负责 box at the top of every comparison reads :func:`responsible_for`; it takes the contacts
exactly as the content prints them (the measures of each column, in the column's order) and never
adds a contact the content does not name.  When no measure of a column prints one, the contacts the
column's document prints for the whole document are offered instead, marked as such
(:attr:`ResponsibleGroup.from_document`).  Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from content.curated import Comparison
from content.model import Contact, ContactUnit, Document, Handbook


@dataclass(frozen=True)
class Responsible:
    """One contact of a level: as printed, whose it is, and the measures that print it."""

    contact: Contact
    unit: ContactUnit
    measure_ids: tuple[str, ...] = ()  # empty: printed for the whole document


@dataclass(frozen=True)
class ResponsibleGroup:
    """The contacts of one column of a comparison (a level and region)."""

    level: str
    region: str
    rows: tuple[Responsible, ...]
    #: The document whose front page prints ``rows`` (no measure of the column names a contact), or "".
    from_document: str = ""

    @property
    def unit_text(self) -> str:
        """The units of the rows, e.g. ``河北省科学技术厅（编者推定）`` (several joined by ``；``)."""
        return "；".join(dict.fromkeys(r.unit.issuer or r.unit.region for r in self.rows))


def _document_rows(doc: Document) -> tuple[Responsible, ...]:
    unit = ContactUnit(doc.level, doc.region, doc.issuer_text)
    return tuple(Responsible(c, unit) for c in dict.fromkeys(doc.contacts))


def responsible_for(hb: Handbook, comp: Comparison) -> tuple[ResponsibleGroup, ...]:
    """One group per column of ``comp`` (same order), with the contacts its measures print.

    A contact printed by several measures of a column is one row listing them all.  A column whose
    measures print no contact gets the contacts printed for its document as a whole (the first
    document of its measures, or, for a column without measures, the document of that level and
    region), with ``from_document`` set; otherwise its rows are empty.
    """
    groups: list[ResponsibleGroup] = []
    for col in comp.columns:
        rows: dict[str, tuple[Contact, ContactUnit, list[str]]] = {}
        docs: list[str] = []
        for mid in col.measures:
            m = hb.measure(mid)
            if m is None:
                continue
            docs.append(m.document_id)
            for c in m.contacts:
                row = rows.setdefault(c.key, (c, ContactUnit(m.level, m.region, m.issuer_text), []))
                if m.id not in row[2]:
                    row[2].append(m.id)
        if rows:
            groups.append(ResponsibleGroup(col.level, col.region, tuple(
                Responsible(c, unit, tuple(ids)) for c, unit, ids in rows.values())))
            continue
        candidates = [d for i in dict.fromkeys(docs) if (d := hb.document(i)) is not None]
        if not col.measures:
            candidates = [d for d in hb.documents if d.level == col.level and d.region == col.region]
        doc = next((d for d in candidates if d.contacts), None)
        if doc is None:
            groups.append(ResponsibleGroup(col.level, col.region, ()))
        else:
            groups.append(ResponsibleGroup(col.level, col.region, _document_rows(doc), from_document=doc.id))
    return tuple(groups)


__all__ = ["Responsible", "ResponsibleGroup", "responsible_for"]
