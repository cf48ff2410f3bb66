"""The handbook's domain model: frozen values built once by the loader.

Nothing here parses text or imports Qt; downstream code (index, ui) reads these values only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from content.normalize import normalize_email, normalize_phone
from content.validity import (
    CitedPeriod,
    Deadline,
    DocumentDates,
    DocumentKind,
    MeasureDates,
    PrintedDate,
    StatedPeriod,
)


@dataclass(frozen=True)
class Contact:
    """Whom to call about a measure, exactly as printed, plus normalised forms for search.

    Attributes:
        office: The responsible office as printed (处室 / 科室), or ``""``.
        person: The contact person as printed, or ``""``.
        phone: The phone number exactly as printed, or ``""``.
        email: The e-mail address exactly as printed, or ``""``.
        label: What the contact is for when the source says so (e.g. ``高新技术领域``), or ``""``.
        area_code: Area code assumed for numbers printed without one (``0311`` in Shijiazhuang).
    """

    office: str = ""
    person: str = ""
    phone: str = ""
    email: str = ""
    label: str = ""
    area_code: str = ""

    @property
    def phone_normalized(self) -> str:
        """Digits only, with the area code added to a local 7/8-digit number."""
        return normalize_phone(self.phone, self.area_code)

    @property
    def email_normalized(self) -> str:
        return normalize_email(self.email)

    @property
    def area_code_added(self) -> str:
        """The area code the handbook adds to a number printed without one, or ``""``.

        The source prints ``85678026``; that it is a Shijiazhuang (0311) number is the editor's reading
        of the region, so every surface that shows it says so rather than printing ``0311-85678026``.

        >>> Contact(phone="85678026", area_code="0311").area_code_added
        '0311'
        >>> Contact(phone="0311-85889143", area_code="0311").area_code_added
        ''
        """
        if self.phone and self.phone_normalized != normalize_phone(self.phone):
            return self.area_code
        return ""

    @property
    def phone_dial(self) -> str:
        """The number to dial: as printed, or ``0311-85678026`` when the area code is the editor's."""
        added = self.area_code_added
        return f"{added}-{normalize_phone(self.phone)}" if added else self.phone

    @property
    def key(self) -> str:
        """Identity in the contact directory: the same person (or office) at the same number."""
        who = self.person or self.office
        reach = self.phone_normalized or self.email_normalized
        return f"{who}|{reach}"


@dataclass(frozen=True)
class SourceRef:
    """The official document a measure cites (the 摘编 cites one for every item)."""

    title: str
    doc_number: str = ""


class IssuerBasis(StrEnum):
    """How the handbook knows who issued a measure."""

    PRINTED = "原文"  # the document (or the source a compilation cites) names the issuer
    EDITOR = "编者推定"  # the editor's attribution, explained in a note
    NOT_STATED = "未载明"  # a compilation's item whose cited source names no issuer


@dataclass(frozen=True)
class Measure:
    """One item (条/项) of a document, word for word."""

    id: str
    number: str
    title: str
    text: str
    document_id: str
    part_id: str
    path: tuple[str, ...]  # titles from document to the measure's part
    level: str
    region: str
    title_editorial: bool = False
    issuer: tuple[str, ...] = ()  # computed once by the loader: own, else the nearest part's or document's
    issuer_basis: IssuerBasis = IssuerBasis.PRINTED
    source: SourceRef | None = None
    topics: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    notes: tuple[str, ...] = ()
    deadline: Deadline | None = None  # only where the text states one
    cited_period: CitedPeriod | None = None  # "“十四五”期间", a plan's years
    file: str = ""
    line: int = 0

    @property
    def trial(self) -> bool:
        """Whether the cited source is a 试行 document (the status reason says so)."""
        return self.source is not None and "试行" in self.source.title

    @property
    def dates(self) -> MeasureDates:
        return MeasureDates(deadline=self.deadline, cited_period=self.cited_period, trial=self.trial)

    @property
    def issuer_text(self) -> str:
        """The issuer as every surface shows it: ``河北省科学技术厅``, ``…（编者推定）``, ``摘编未载明``."""
        return issuer_text(self.issuer, self.issuer_basis)

    @property
    def display_title(self) -> str:
        """Number and title as a reader sees them, e.g. ``04 加大对科技企业贷款力度``."""
        return f"{self.number} {self.title}".strip() if self.number else self.title


def issuer_text(issuer: tuple[str, ...], basis: IssuerBasis) -> str:
    """One wording of an issuer for every surface (screen, cards, lists, PDFs, JSON).

    >>> issuer_text(("河北省科学技术厅",), IssuerBasis.EDITOR)
    '河北省科学技术厅（编者推定）'
    >>> issuer_text((), IssuerBasis.NOT_STATED)
    '摘编未载明'
    """
    if basis is IssuerBasis.NOT_STATED or not issuer:
        return "摘编未载明" if basis is IssuerBasis.NOT_STATED else ""
    names = "、".join(issuer)
    return f"{names}（编者推定）" if basis is IssuerBasis.EDITOR else names


@dataclass(frozen=True)
class Table:
    """A table rebuilt from the source (contact tables, Langfang's annex)."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """A part of a document (chapter, section); it may carry its own issuer, level and region."""

    id: str
    title: str
    document_id: str
    path: tuple[str, ...]
    number: str = ""
    issuer: tuple[str, ...] = ()
    issuer_editorial: bool = False
    doc_number: str = ""
    level: str = ""
    region: str = ""
    intro: str = ""
    notes: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    measures: tuple[Measure, ...] = ()
    parts: tuple[Part, ...] = ()
    tables: tuple[Table, ...] = ()
    line: int = 0

    def all_measures(self) -> Iterator[Measure]:
        yield from self.measures
        for p in self.parts:
            yield from p.all_measures()

    def all_parts(self) -> Iterator[Part]:
        for p in self.parts:
            yield p
            yield from p.all_parts()


@dataclass(frozen=True)
class Document:
    """One source document with its metadata and parts."""

    id: str
    title: str
    short_title: str
    issuer: tuple[str, ...]
    doc_number: str
    date: str  # as printed, YYYY[-MM[-DD]]; "" when not printed
    level: str
    region: str
    kind: DocumentKind
    period: StatedPeriod
    source_file: str
    date_wording: str = ""  # the date exactly as printed (2022年3月19日)
    comment_deadline: str = ""  # drafts: YYYY-MM-DD
    issuer_editorial: bool = False
    preface: str = ""
    notes: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    parts: tuple[Part, ...] = ()
    tables: tuple[Table, ...] = ()
    file: str = ""

    @property
    def dates(self) -> DocumentDates:
        return DocumentDates(kind=self.kind, date=PrintedDate(self.date), date_wording=self.date_wording,
                             period=self.period, comment_deadline=self.comment_deadline)

    @property
    def issuer_text(self) -> str:
        return issuer_text(self.issuer, IssuerBasis.EDITOR if self.issuer_editorial else IssuerBasis.PRINTED)

    def all_parts(self) -> Iterator[Part]:
        for p in self.parts:
            yield p
            yield from p.all_parts()

    def all_measures(self) -> Iterator[Measure]:
        for p in self.parts:
            yield from p.all_measures()

    def all_tables(self) -> Iterator[Table]:
        yield from self.tables
        for p in self.all_parts():
            yield from p.tables


@dataclass(frozen=True)
class ContentError:
    """A problem found while loading content: where it is and what to do."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        fld = f" [{self.field}]" if self.field else ""
        return f"{where}:{fld} {self.message}"


@dataclass(frozen=True)
class ContactUnit:
    """Whose contact it is: level, region and issuer of the measure (or document) that prints it.

    >>> ContactUnit("市级", "石家庄市", "石家庄市科学技术局（编者推定）").text
    '市级 石家庄市科学技术局（编者推定）'
    """

    level: str
    region: str
    issuer: str = ""  # as every surface shows it (issuer_text), "" when none is known

    @property
    def text(self) -> str:
        return " ".join(x for x in (self.level, self.issuer or self.region) if x)


@dataclass(frozen=True)
class DirectoryEntry:
    """One person (or office) of the contact directory with every measure they serve.

    ``units``, ``topics`` and ``titles`` are computed once by :meth:`Handbook.directory` from the
    measures (or the document) that print the contact, so the directory can say whose number it is
    and be filtered by topic or measure title.
    """

    key: str
    contact: Contact  # the first occurrence, as printed
    variants: tuple[Contact, ...]  # every distinct printed form
    measure_ids: tuple[str, ...]
    units: tuple[ContactUnit, ...] = ()
    topics: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()  # display titles of the measures, in measure_ids order

    @property
    def unit_text(self) -> str:
        """``省级 河北省科学技术厅（编者推定）``; several units joined by ``；``."""
        return "；".join(u.text for u in self.units)


@dataclass(frozen=True)
class Handbook:
    """All documents, indexed for lookup.  Build with :func:`content.loader.load_handbook`."""

    documents: tuple[Document, ...]
    errors: tuple[ContentError, ...] = ()
    content_date: str = ""
    _measures: dict[str, Measure] = field(default_factory=dict, compare=False, repr=False)
    _parts: dict[str, Part] = field(default_factory=dict, compare=False, repr=False)
    _documents: dict[str, Document] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for d in self.documents:
            self._documents[d.id] = d
            for p in d.all_parts():
                self._parts[p.id] = p
            for m in d.all_measures():
                self._measures[m.id] = m

    # -- lookup -------------------------------------------------------------------------------
    def measures(self) -> list[Measure]:
        """Every measure in reading order."""
        return [m for d in self.documents for m in d.all_measures()]

    def measure(self, measure_id: str) -> Measure | None:
        return self._measures.get(measure_id)

    def part(self, part_id: str) -> Part | None:
        return self._parts.get(part_id)

    def document(self, document_id: str) -> Document | None:
        return self._documents.get(document_id)

    def find(self, any_id: str) -> Measure | Part | Document | None:
        """A measure, part or document by id."""
        return self._measures.get(any_id) or self._parts.get(any_id) or self._documents.get(any_id)

    def neighbours(self, measure_id: str) -> tuple[Measure | None, Measure | None]:
        """The previous and next measure of the same document."""
        m = self._measures.get(measure_id)
        if m is None:
            return None, None
        doc = self._documents[m.document_id]
        ms = list(doc.all_measures())
        i = next(i for i, x in enumerate(ms) if x.id == measure_id)
        return (ms[i - 1] if i > 0 else None, ms[i + 1] if i + 1 < len(ms) else None)

    # -- contacts -----------------------------------------------------------------------------
    def directory(self) -> list[DirectoryEntry]:
        """The contact directory, deduplicated by person (or office) and number."""
        order: list[str] = []
        first: dict[str, Contact] = {}
        variants: dict[str, list[Contact]] = {}
        measures: dict[str, list[str]] = {}
        units: dict[str, dict[ContactUnit, None]] = {}
        for m in self.measures():
            for c in m.contacts:
                k = c.key
                if k not in first:
                    order.append(k)
                    first[k] = c
                    variants[k] = []
                    measures[k] = []
                    units[k] = {}
                if c not in variants[k]:
                    variants[k].append(c)
                if m.id not in measures[k]:
                    measures[k].append(m.id)
                units[k][ContactUnit(m.level, m.region, m.issuer_text)] = None
        for d in self.documents:
            for c in d.contacts:
                k = c.key
                if k not in first:
                    order.append(k)
                    first[k] = c
                    variants[k] = [c]
                    measures[k] = []
                    units[k] = {}
                if not measures[k]:  # printed on the front page only: the document says whose it is
                    units[k][ContactUnit(d.level, d.region, d.issuer_text)] = None
        out = []
        for k in order:
            ms = [self._measures[i] for i in measures[k]]
            out.append(DirectoryEntry(
                key=k, contact=first[k], variants=tuple(variants[k]), measure_ids=tuple(measures[k]),
                units=tuple(units[k]), topics=tuple(dict.fromkeys(t for m in ms for t in m.topics)),
                titles=tuple(m.display_title for m in ms)))
        return out

    def measures_for_contact(self, key: str) -> list[Measure]:
        for e in self.directory():
            if e.key == key:
                return [self._measures[i] for i in e.measure_ids]
        return []
