"""What a pack changes: 新增 / 修订 / 废止 per document and measure, computed by diffing two contents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from content.model import Document, Measure

CHANGES = ("新增", "修订", "废止")


def _measure_fingerprint(m: Measure) -> tuple[Any, ...]:
    return (m.number, m.title, m.text, m.source, m.contacts, m.notes, m.level, m.region, m.issuer, m.deadline,
            m.cited_period)


def _doc_fingerprint(d: Document) -> tuple[Any, ...]:
    return (d.title, d.issuer, d.doc_number, d.date, d.level, d.region, d.kind, d.period, d.comment_deadline,
            d.preface, d.notes)


@dataclass
class Change:
    id: str
    title: str
    change: str  # 新增 | 修订 | 废止


@dataclass
class DocumentChange:
    id: str
    title: str
    change: str  # 新增 | 修订 | 废止
    measures: list[Change] = field(default_factory=list)


@dataclass
class Changelog:
    date: str
    documents: list[DocumentChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Measures added, revised and repealed."""
        out = dict.fromkeys(CHANGES, 0)
        for d in self.documents:
            for m in d.measures:
                out[m.change] += 1
        return out

    def summary(self) -> str:
        c = self.counts()
        return f"新增 {c['新增']} 条、修订 {c['修订']} 条、废止 {c['废止']} 条"

    def to_data(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "counts": self.counts(),
            "documents": [
                {"id": d.id, "title": d.title, "change": d.change,
                 "measures": [{"id": m.id, "title": m.title, "change": m.change} for m in d.measures]}
                for d in self.documents
            ],
        }

    @classmethod
    def from_data(cls, data: Any) -> Changelog:
        if not isinstance(data, dict):
            raise ValueError("changelog is not a mapping")
        log = cls(str(data.get("date", "")))
        for d in data.get("documents") or []:
            dc = DocumentChange(str(d["id"]), str(d["title"]), str(d["change"]))
            dc.measures = [Change(str(m["id"]), str(m["title"]), str(m["change"])) for m in d.get("measures") or []]
            log.documents.append(dc)
        return log

    def lines(self) -> list[str]:
        """The changelog as a reader sees it (CLI and the install dialog)."""
        out = [f"本次更新：{self.summary()}"]
        for d in self.documents:
            out.append(f"【{d.change}】{d.title}（{d.id}）")
            out += [f"    {m.change}：{m.title}（{m.id}）" for m in d.measures]
        return out


def diff(old: list[Document], new: list[Document], *, date: str) -> Changelog:
    """The changes from ``old`` to ``new`` (documents matched by id, measures by id)."""
    log = Changelog(date)
    before = {d.id: d for d in old}
    after = {d.id: d for d in new}
    for d in new:
        prev = before.get(d.id)
        if prev is None:
            log.documents.append(DocumentChange(d.id, d.title, "新增",
                                                [Change(m.id, m.display_title, "新增") for m in d.all_measures()]))
            continue
        old_ms = {m.id: m for m in prev.all_measures()}
        new_ms = {m.id: m for m in d.all_measures()}
        changes = [Change(m.id, m.display_title, "新增") for m in d.all_measures() if m.id not in old_ms]
        changes += [Change(m.id, m.display_title, "修订") for m in d.all_measures()
                    if m.id in old_ms and _measure_fingerprint(m) != _measure_fingerprint(old_ms[m.id])]
        changes += [Change(m.id, m.display_title, "废止") for m in prev.all_measures() if m.id not in new_ms]
        if changes or _doc_fingerprint(d) != _doc_fingerprint(prev):
            log.documents.append(DocumentChange(d.id, d.title, "修订", changes))
    for d in old:
        if d.id not in after:
            log.documents.append(DocumentChange(d.id, d.title, "废止",
                                                [Change(m.id, m.display_title, "废止") for m in d.all_measures()]))
    return log
