"""Whether a measure is in force: computed from printed dates and recorded verifications, never stored.

Three kinds of date are kept apart and never merged:

* **Document** dates, as the document prints them: its kind (正式文件, 汇编, 明白卡, 征求意见稿, 转载件), the
  date it was issued or compiled, the period it states (start, end, the printed wording and the line of
  the source it is on) and, for a draft, the deadline for comments.
* **Measure** dates, only where the text states one: a deadline ("2022年6月底前") or a cited period
  ("“十四五”期间", a 2019—2025 plan).
* **Verifications**, kept in their own files apart from the official text: a bureau's record that on a
  date it checked (by 官网, 电话 or 文件) whether a document, part or measure is still in force.

:func:`compute_validity` turns them into one :class:`Validity` per document, part and measure for a
given day, in this order: 征求意见稿; 期限已过 (quoting the printed wording); the latest applicable
verification (现行 only within the verification window, 已修订 / 已废止 with the replacement); otherwise
效力未核实 with the printed or compiled date.  The date the content files were typed is never a claim
that anything is in force.

Qt-free; the colours of :data:`STATUS_COLOURS` are plain hex strings so that the screen, the printed
cards and the PDFs use one palette.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The computed status of a document, part or measure (one vocabulary everywhere)."""

    CURRENT = "现行"
    UNVERIFIED = "效力未核实"
    EXPIRED = "期限已过"
    DRAFT = "征求意见稿"
    REVISED = "已修订"
    REPEALED = "已废止"


class DocumentKind(StrEnum):
    """What kind of paper a source document is; it decides how its date is read."""

    OFFICIAL = "正式文件"
    COMPILATION = "汇编"
    CARD = "明白卡（宣传材料）"
    DRAFT = "征求意见稿"
    REPRINT = "转载件"


class VerificationResult(StrEnum):
    CURRENT = "现行"
    REVISED = "已修订"
    REPEALED = "已废止"
    NOT_FOUND = "未找到"


class VerificationMethod(StrEnum):
    WEBSITE = "官网"
    PHONE = "电话"
    DOCUMENT = "文件"


#: Status → (text colour, background).  One palette for the reader, search, 比一比, calculators, the
#: contact directory, the 明白卡, contact cards, the hand-out list and the handbook PDF.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.CURRENT: ("#17622c", "#dff2e4"),
    Status.UNVERIFIED: ("#6b5a00", "#fbf1c7"),
    Status.EXPIRED: ("#5b6470", "#e6e8eb"),
    Status.DRAFT: ("#8a4b00", "#fdebd0"),
    Status.REVISED: ("#6b2a8a", "#efe3f6"),
    Status.REPEALED: ("#8a1c1c", "#f8dcdc"),
}

#: Reading order of statuses in lists and counts (in force first).
STATUS_ORDER: tuple[Status, ...] = (
    Status.CURRENT, Status.UNVERIFIED, Status.REVISED, Status.EXPIRED, Status.DRAFT, Status.REPEALED,
)

#: How long a verification keeps a measure 现行, in months (content/validity.yaml may change it).
DEFAULT_WINDOW_MONTHS = 12


# --------------------------------------------------------------------------------------------
# Dates as printed
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PrintedDate:
    """A date a document prints, at the precision it prints it (``2023-08`` stays a month)."""

    iso: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" when nothing is printed

    def __bool__(self) -> bool:
        return bool(self.iso)

    @property
    def last_day(self) -> _dt.date | None:
        """The last day the printed date can mean (2025 → 2025-12-31, 2023-08 → 2023-08-31)."""
        return last_day(self.iso)

    @property
    def first_day(self) -> _dt.date | None:
        return first_day(self.iso)


def first_day(iso: str) -> _dt.date | None:
    """The first day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``None`` for "").

    >>> first_day("2023-08")
    datetime.date(2023, 8, 1)
    """
    if not iso:
        return None
    parts = [int(x) for x in iso.split("-")]
    return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(iso: str) -> _dt.date | None:
    """The last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``None`` for "").

    >>> last_day("2025"), last_day("2024-02"), last_day("2022-06-20")
    (datetime.date(2025, 12, 31), datetime.date(2024, 2, 29), datetime.date(2022, 6, 20))
    """
    if not iso:
        return None
    parts = [int(x) for x in iso.split("-")]
    if len(parts) == 1:
        return _dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        nxt = _dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return _dt.date(parts[0], parts[1], parts[2])


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` moved by whole months, clamped to the month's last day.

    >>> add_months(_dt.date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = last_day(f"{year:04d}-{month:02d}")
    assert last is not None
    return _dt.date(year, month, min(day.day, last.day))


@dataclass(frozen=True)
class StatedPeriod:
    """The period a document states for itself, as printed.

    Attributes:
        start: First year/month/day (``YYYY[-MM[-DD]]``) or "".
        end: Last year/month/day or "".
        wording: The printed words, e.g. ``（2022—2025年）``.
        line: The line of the source file the wording is on (checked by the fidelity tests).
    """

    start: str = ""
    end: str = ""
    wording: str = ""
    line: int = 0

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    @property
    def end_day(self) -> _dt.date | None:
        return last_day(self.end)

    def label(self) -> str:
        """``2022—2025年`` (years only, as the documents write them)."""
        s, e = self.start[:4], self.end[:4]
        if s and e and s != e:
            return f"{s}—{e}年"
        if s or e:
            return f"{s or e}年"
        return ""


@dataclass(frozen=True)
class Deadline:
    """A deadline a measure's text states: the last day it can mean, and the printed words.

    ``basis`` says why the editor reads the words as an end date when they are not a "…前" deadline
    (e.g. "对2022年在建省重点项目": an arrangement for the year 2022); it is shown as the editor's.
    """

    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    wording: str  # exactly as printed, e.g. 2022年6月底前
    basis: str = ""

    @property
    def end_day(self) -> _dt.date | None:
        return last_day(self.date)


@dataclass(frozen=True)
class CitedPeriod:
    """A period a measure refers to ("“十四五”期间", a plan's years), with how its end is known.

    Attributes:
        end: Last year/month/day (``YYYY[-MM[-DD]]``).
        wording: The printed words (in the text or its cited source).
        basis: Why the editor reads ``wording`` as ending then, when the document does not print the
            end itself (an editor's reading, shown as such); "" when the end is printed.
    """

    end: str
    wording: str
    basis: str = ""

    @property
    def end_day(self) -> _dt.date | None:
        return last_day(self.end)


# --------------------------------------------------------------------------------------------
# Verifications
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    """A bureau's record that it checked whether a document, part or measure is in force.

    Attributes:
        target: The id of the document, part or measure checked.
        date: The day of the check.
        office: Who checked (单位), e.g. ``石家庄市科学技术局政策法规科``.
        method: 官网 / 电话 / 文件.
        result: 现行 / 已修订 / 已废止 / 未找到.
        ref: The replacing 文号, a web address as text, or the document consulted.
        note: Anything else the checker wants to say.
        origin: Where the record comes from: ``随软件`` (shipped), ``本机`` (recorded on this PC) or a
            content pack's id.
        file: The file it was read from, for messages.
        line: Its line there.
    """

    target: str
    date: _dt.date
    office: str
    method: VerificationMethod
    result: VerificationResult
    ref: str = ""
    note: str = ""
    origin: str = ""
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    def summary(self) -> str:
        """``2026-03-01 经石家庄市科学技术局（电话）核实：现行；依据 …``."""
        text = f"{self.date.isoformat()} 经{self.office}（{self.method.value}）核实：{self.result.value}"
        if self.ref:
            text += f"；{'替代文件' if self.result in (VerificationResult.REVISED, VerificationResult.REPEALED) else '依据'}：{self.ref}"
        if self.note:
            text += f"；{self.note}"
        return text


# --------------------------------------------------------------------------------------------
# The computed result
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Validity:
    """The computed status of one document, part or measure on one day, with its reason.

    Attributes:
        status: The status.
        label: What a badge says: ``现行（2026-03-01 经…核实）``, ``期限已过``, ``效力未核实`` …
        reason: One sentence a reader can check against the printed text:
            ``原文：2022年6月底前``, ``汇编于2023-08；未经核实``, ``意见征集已于2023-05-27截止；是否正式印发未核实``.
        verification: The verification the status rests on (or that was too old to count).
        trial: The measure cites a 试行 document (said in the reason, not a status of its own).
    """

    status: Status
    label: str
    reason: str
    verification: Verification | None = None
    trial: bool = False

    @property
    def colours(self) -> tuple[str, str]:
        return STATUS_COLOURS[self.status]

    @property
    def counts_as_in_force(self) -> bool:
        """Only a recent verification makes money 可确认 (the calculators' confirmed figure)."""
        return self.status is Status.CURRENT

    def to_json(self) -> dict[str, str]:
        d = {"status": self.status.value, "label": self.label, "reason": self.reason}
        if self.verification is not None:
            d["verified"] = self.verification.summary()
        return d


# The inputs compute_validity needs, as plain protocols so that this module depends on nothing but
# the model's shapes (the model imports nothing from here at run time).
@dataclass(frozen=True)
class DocumentDates:
    """What a document prints about its own validity (built by the loader)."""

    kind: DocumentKind
    date: PrintedDate = PrintedDate("")
    date_wording: str = ""  # the date as printed, e.g. 2022年3月19日; "" when not printed
    period: StatedPeriod = StatedPeriod()
    comment_deadline: str = ""  # drafts: last day for comments (YYYY-MM-DD)

    def describe(self) -> str:
        """The printed or compiled date in the words a status reason uses."""
        kind = self.kind
        if kind is DocumentKind.COMPILATION:
            return f"汇编于{self.date.iso}" if self.date else "汇编未印日期"
        if kind is DocumentKind.CARD:
            return f"明白卡印于{self.date.iso}" if self.date else "明白卡未印日期"
        if kind is DocumentKind.REPRINT:
            return f"转载件，原件日期{self.date.iso}" if self.date else "转载件，未印发文日期"
        if kind is DocumentKind.DRAFT:
            return f"征求意见稿，{self.date.iso}发布" if self.date else "征求意见稿"
        return f"印发于{self.date.iso}" if self.date else "未印发文日期"


@dataclass(frozen=True)
class MeasureDates:
    """What a measure's own text states about time (only where it states it)."""

    deadline: Deadline | None = None
    cited_period: CitedPeriod | None = None
    trial: bool = False  # its cited source is a 试行 document


@dataclass(frozen=True)
class Node:
    """One document, part or measure as :func:`compute_validity` sees it.

    ``chain`` lists the ids from the document down to the node's parent, so that a verification of
    the document or of an enclosing part covers it unless a nearer one exists.
    """

    id: str
    document_id: str
    chain: tuple[str, ...]
    dates: MeasureDates = MeasureDates()


class ValidityMap(Mapping[str, Validity]):
    """Computed validity by id (documents, parts and measures), for one day."""

    def __init__(self, values: Mapping[str, Validity], *, today: _dt.date, window_months: int,
                 measure_ids: Iterable[str] = ()) -> None:
        self._values = dict(values)
        self.today = today
        self.window_months = window_months
        self._measure_ids = tuple(measure_ids)

    def __getitem__(self, key: str) -> Validity:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def status(self, item_id: str) -> Status:
        v = self._values.get(item_id)
        return v.status if v is not None else Status.UNVERIFIED

    def counts(self) -> dict[Status, int]:
        """How many measures have each status (every status listed, in :data:`STATUS_ORDER`)."""
        out = dict.fromkeys(STATUS_ORDER, 0)
        for mid in self._measure_ids:
            out[self._values[mid].status] += 1
        return out

    def verified_count(self) -> int:
        """Measures whose status rests on a verification that still counts (现行/已修订/已废止)."""
        return sum(1 for mid in self._measure_ids
                   if self._values[mid].status in (Status.CURRENT, Status.REVISED, Status.REPEALED))

    @property
    def measure_count(self) -> int:
        return len(self._measure_ids)

    def stamp(self) -> str:
        """A short summary that changes whenever any status changes (for caches keyed on status)."""
        import hashlib

        h = hashlib.sha1()
        for k in sorted(self._values):
            h.update(f"{k}={self._values[k].status.value};".encode())
        return h.hexdigest()[:16]


_NEGATIVE = (VerificationResult.REVISED, VerificationResult.REPEALED)


def _verification_for(chain: tuple[str, ...], by_target: Mapping[str, list[Verification]]) -> Verification | None:
    """The record that decides a node's status, from the records of the node and its parts and document.

    The latest record wins (on the same day, the nearer one).  A 现行 record on a document or part never
    overrides a record on a narrower scope (a part or the measure itself) that found it revised or
    repealed: a document in force does not mean every one of its measures is.
    """
    found: list[tuple[_dt.date, int, Verification]] = []
    for depth, target in enumerate(chain):  # the node itself is last: the deepest
        for v in by_target.get(target, ()):
            found.append((v.date, depth, v))
    if not found:
        return None
    found.sort(key=lambda t: (t[0], t[1]))
    _day, depth, latest = found[-1]
    if latest.result is VerificationResult.CURRENT:
        narrower = [t for t in found if t[1] > depth and t[2].result in _NEGATIVE]
        if narrower:
            return max(narrower, key=lambda t: (t[0], t[1]))[2]
    return latest


def not_applied_note(v: Verification) -> str:
    """A record that cannot change a printed end or a draft, said in the reason (never silently dropped)."""
    return f"另有核实记录：{v.summary()}（印在文件上的期限或征求意见稿的状态以原文为准，请核对是否有接续或正式文件）"


def _from_verification(v: Verification, base: str, *, today: _dt.date, window_months: int,
                       trial: bool) -> Validity | None:
    """The validity a verification gives, or ``None`` when it no longer counts (then: 效力未核实)."""
    if v.result is VerificationResult.CURRENT:
        if add_months(v.date, window_months) < today:
            return None
        return Validity(Status.CURRENT, f"现行（{v.date.isoformat()} 经{v.office}核实）", v.summary(),
                        verification=v, trial=trial)
    if v.result is VerificationResult.REVISED:
        return Validity(Status.REVISED, f"已修订（{v.date.isoformat()} 经{v.office}核实）", v.summary(),
                        verification=v, trial=trial)
    if v.result is VerificationResult.REPEALED:
        return Validity(Status.REPEALED, f"已废止（{v.date.isoformat()} 经{v.office}核实）", v.summary(),
                        verification=v, trial=trial)
    return None  # 未找到: still unverified, the record is mentioned in the reason


def _unverified(doc: DocumentDates, v: Verification | None, *, trial: bool, window_months: int) -> Validity:
    bits = [doc.describe(), "未经核实"]
    if v is not None:
        if v.result is VerificationResult.CURRENT:
            bits[1] = f"{v.date.isoformat()} 经{v.office}核实为现行，已超过{window_months}个月"
        else:
            bits[1] = f"{v.date.isoformat()} 经{v.office}核实：未找到"
    if trial:
        bits.append("所引文件为试行")
    return Validity(Status.UNVERIFIED, Status.UNVERIFIED.value, "；".join(bits), verification=v, trial=trial)


def _draft(doc: DocumentDates, today: _dt.date) -> Validity:
    deadline = first_day(doc.comment_deadline) if doc.comment_deadline else None
    if deadline is not None and today <= deadline:
        reason = f"征求意见稿：意见征集截至{doc.comment_deadline}；尚未正式印发"
    elif deadline is not None:
        reason = f"意见征集已于{doc.comment_deadline}截止；是否正式印发未核实"
    else:
        reason = "征求意见稿；是否正式印发未核实"
    if doc.period:
        reason += f"；草案写的期间为{doc.period.label()}（原文：{doc.period.wording}）"
    return Validity(Status.DRAFT, Status.DRAFT.value, reason)


def _expired(wording: str, end: _dt.date, basis: str = "") -> Validity:
    reason = f"原文：{wording}"
    if basis:
        reason += f"（编者据：{basis}，至{end.isoformat()}）"
    else:
        reason += f"（至{end.isoformat()}）"
    return Validity(Status.EXPIRED, Status.EXPIRED.value, reason)


def _with_record(v: Validity, record: Verification | None) -> Validity:
    if record is None:
        return v
    return Validity(v.status, v.label, f"{v.reason}；{not_applied_note(record)}", verification=record, trial=v.trial)


def _validity(node: Node, doc: DocumentDates, by_target: Mapping[str, list[Verification]], *,
              today: _dt.date, window_months: int) -> Validity:
    chain = (*node.chain, node.id)
    if doc.kind is DocumentKind.DRAFT:
        return _with_record(_draft(doc, today), _verification_for(chain, by_target))
    d = node.dates
    ended: list[tuple[_dt.date, str, str]] = []
    if d.deadline is not None and d.deadline.end_day is not None and d.deadline.end_day < today:
        ended.append((d.deadline.end_day, d.deadline.wording, d.deadline.basis))
    if d.cited_period is not None and d.cited_period.end_day is not None and d.cited_period.end_day < today:
        ended.append((d.cited_period.end_day, d.cited_period.wording, d.cited_period.basis))
    end = doc.period.end_day
    if end is not None and end < today:
        ended.append((end, doc.period.wording or doc.period.label(), ""))
    if ended:
        day, wording, basis = min(ended)  # the earliest end is the one that ended it
        return _with_record(_expired(wording, day, basis), _verification_for(chain, by_target))
    v = _verification_for(chain, by_target)
    if v is not None:
        got = _from_verification(v, doc.describe(), today=today, window_months=window_months, trial=d.trial)
        if got is not None:
            return got
    return _unverified(doc, v, trial=d.trial, window_months=window_months)


def compute_validity(nodes: Iterable[Node], documents: Mapping[str, DocumentDates],
                     verifications: Iterable[Verification], *, today: _dt.date,
                     window_months: int = DEFAULT_WINDOW_MONTHS,
                     measure_ids: Iterable[str] = ()) -> ValidityMap:
    """The validity of every node on ``today``.

    Args:
        nodes: Documents, parts and measures (a document is a node whose chain is empty).
        documents: The printed dates of every document, by id.
        verifications: Every verification record (shipped, recorded here, from packs).
        today: The day to compute for (injectable: tests and ``KJZC_TODAY``).
        window_months: How long a 现行 verification counts.
        measure_ids: Which nodes are measures (for counts).
    """
    by_target: dict[str, list[Verification]] = {}
    for v in verifications:
        if v.date <= today:  # a record dated in the future does not exist yet
            by_target.setdefault(v.target, []).append(v)
    out = {n.id: _validity(n, documents[n.document_id], by_target, today=today, window_months=window_months)
           for n in nodes}
    return ValidityMap(out, today=today, window_months=window_months, measure_ids=measure_ids)


class BadTodayError(ValueError):
    """``KJZC_TODAY`` is set but is not a day (``main.py`` says so and stops; nothing falls back silently)."""


def today_from_env() -> _dt.date:
    """Today, or the day ``KJZC_TODAY`` (YYYY-MM-DD) names — for tests and demonstrations.

    Raises:
        BadTodayError: ``KJZC_TODAY`` is set to something that is not a date.
    """
    import os

    raw = os.environ.get("KJZC_TODAY", "").strip()
    if raw:
        try:
            return _dt.date.fromisoformat(raw)
        except ValueError:
            raise BadTodayError(f"环境变量 KJZC_TODAY=“{raw}”不是日期；请写成 YYYY-MM-DD，或删去它以按今天计算") from None
    return _dt.date.today()
