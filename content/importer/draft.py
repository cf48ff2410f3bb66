"""The draft the importer builds: plain mutable values, written out as a content file for an editor."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DraftMeasure:
    number: str
    title: str
    text: list[str]
    title_editorial: bool = False
    source: dict[str, str] | None = None
    issuer: list[str] = field(default_factory=list)
    level: str = ""
    region: str = ""
    contacts: list[dict[str, str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class DraftTable:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class DraftPart:
    number: str
    title: str
    intro: list[str] = field(default_factory=list)
    measures: list[DraftMeasure] = field(default_factory=list)
    parts: list[DraftPart] = field(default_factory=list)
    tables: list[DraftTable] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    id: str = ""

    def all_measures(self) -> list[DraftMeasure]:
        return [*self.measures, *(m for p in self.parts for m in p.all_measures())]


@dataclass
class Draft:
    id: str
    title: str
    issuer: list[str]
    doc_number: str
    date: str
    level: str
    region: str
    kind: str  # content.validity.DocumentKind value; status is computed by the app, never written
    period: tuple[int, int]
    source_file: str
    period_wording: str = ""  # the period exactly as printed, e.g. （2022—2025年）
    date_wording: str = ""
    preface: list[str] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    parts: list[DraftPart] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    origin: str = ""  # where the draft came from, for the file's header comment

    def all_measures(self) -> list[DraftMeasure]:
        return [m for p in self.parts for m in p.all_measures()]

    def all_parts(self) -> list[DraftPart]:
        out: list[DraftPart] = []

        def walk(ps: list[DraftPart]) -> None:
            for p in ps:
                out.append(p)
                walk(p.parts)

        walk(self.parts)
        return out
