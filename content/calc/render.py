"""The words of a result, written once for every surface: the CLI, the panel, its copy and its PDF.

:func:`result_view` turns a :class:`~content.calc.model.CalcResult` into a :class:`ResultView` — every
sentence a reader sees, already in Chinese: the three figures, the headline figures, each line with its
status and the reason it is or is not counted, the 上限情形, the stacking notes, the conditions, warnings,
contacts and related calculators.  Citations are titles (document › part › number title), never ids;
the ids stay in the view (``measure``) so that the panel can link them.  :func:`result_text` lays the
view out as plain text (CLI, “复制结果”); the panel lays out the same view as HTML and the PDF as pages.

``result.total`` is not in the view: a single sum of 可确认, 待核实 and 不计入 money is never shown.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from content.calc.model import FIGURE_LABELS, FIGURES, STATUS_FIGURE, CalcLine, CalcResult, Calculator
from content.calc.parsing import format_money, format_wan, format_yuan
from content.model import Contact, Handbook

#: What each figure holds, in one short phrase.
FIGURE_NOTES: dict[str, str] = {
    "confirmed": "所引措施经科技局核实现行",
    "unverified": "所引措施效力未核实，申请前请先核实",
    "excluded": "征求意见稿、期限已过、已修订或废止、其他地区的措施",
}
DISCLAIMER = "计算结果按文件字面测算，不是承诺；以正式文件和主管部门核定为准。"
YUAN, WAN = "元", "万元"


def money_text(value: Decimal, unit: str = "") -> str:
    """An amount for a figure or a line: the documents' way (``20万元``), or in the unit a reader chose.

    >>> money_text(Decimal("200000")), money_text(Decimal("200000"), "元"), money_text(Decimal("12345"), "万元")
    ('20万元', '200,000.00元', '1.2345万元')
    """
    if unit == YUAN:
        return f"{format_yuan(value)}元"
    if unit == WAN:
        return f"{format_wan(value)}万元"
    return format_money(value)


def range_text(low: Decimal, high: Decimal, unit: str = "") -> str:
    """``30万元～50万元`` for a range, the amount alone otherwise."""
    if low == high:
        return money_text(high, unit)
    return f"{money_text(low, unit)}～{money_text(high, unit)}"


@dataclass(frozen=True)
class Figure:
    key: str  # confirmed / unverified / excluded
    label: str  # 可确认 / 待核实 / 不计入
    text: str  # 5万元, 30万元～50万元
    note: str  # what the figure holds
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class LineView:
    level: str
    label: str
    amount: str  # 5万元; a range 30万元～50万元
    status: str  # the status the line counts under (content.validity vocabulary), "" when unknown
    status_text: str  # 效力未核实 / 现行（2026-03-01 经…核实） / 期限已过
    counted: str | None  # confirmed / unverified / excluded / None
    counted_text: str  # 待核实 / 不计入 / 未计入（备选） / 说明，不计入
    why: str
    explanation: str
    citation: str  # where the measure is (document › part › number title)
    measure: str  # its id, for links only


@dataclass(frozen=True)
class Link:
    """Text that may link somewhere: ``target`` is a measure id or a calculator id (never shown)."""

    text: str
    target: str
    citation: str = ""  # for a condition: where the measure is, shown after the text

    @property
    def full(self) -> str:
        return f"{self.text}（{self.citation}）" if self.citation else self.text


@dataclass(frozen=True)
class ResultView:
    title: str
    status: str
    date: str
    inputs: tuple[tuple[str, str], ...]
    figures_label: str  # what the figures are sums of (补助金额, 加计扣除额（未形成无形资产部分）…)
    figures: tuple[Figure, ...]
    headline: tuple[LineView, ...]
    lines: tuple[LineView, ...]
    ceiling: str
    stacking: tuple[str, ...]
    conditions: tuple[Link, ...]
    warnings: tuple[str, ...]
    contacts: tuple[Link, ...]
    contacts_missing: str
    related: tuple[Link, ...]
    sources: tuple[Link, ...]
    disclaimer: str = DISCLAIMER


def _title(handbook: Handbook | None, measure_id: str) -> str:
    if handbook is None:
        return "所引条目"
    from content.calc.declarations import measure_title

    return measure_title(handbook, measure_id)


def contact_text(c: Contact) -> str:
    """``高新技术科 魏璇　电话 0311-85671296　邮箱 …`` — what a contact line says."""
    who = " ".join(x for x in (c.label, c.office, c.person) if x)
    reach = "　".join(x for x in (f"电话 {c.phone}" if c.phone else "", f"邮箱 {c.email}" if c.email else "") if x)
    return f"{who}　{reach}".strip()


def cited_contacts(handbook: Handbook | None, measure_ids: Sequence[str]) -> list[tuple[Contact, str]]:
    """The contacts of the measures (or of their part when a measure lists none), each once, with the measure."""
    if handbook is None:
        return []
    seen: set[str] = set()
    out: list[tuple[Contact, str]] = []
    for mid in measure_ids:
        m = handbook.measure(mid)
        if m is None:
            continue
        contacts = m.contacts
        if not contacts:
            part = handbook.part(m.part_id)
            contacts = part.contacts if part is not None else ()
        for c in contacts:
            if c.key not in seen:
                seen.add(c.key)
                out.append((c, mid))
    return out


def _line_view(ln: CalcLine, handbook: Handbook | None, unit: str) -> LineView:
    deciding = next((c for c in ln.cited if c.status == ln.status), None)
    status_text = (deciding.label or deciding.status) if deciding is not None else (ln.status or "效力未核实")
    if ln.counted is not None:
        counted_text = FIGURE_LABELS[ln.counted]
    elif not ln.in_total:
        counted_text = "说明，不计入"
    else:
        counted_text = "未计入（备选）"
    return LineView(
        level=ln.level, label=ln.label, amount=range_text(ln.minimum, ln.amount, unit), status=ln.status,
        status_text=status_text, counted=ln.counted, counted_text=counted_text, why=ln.why,
        explanation=ln.explanation, citation=_title(handbook, ln.source), measure=ln.source,
    )


def result_view(result: CalcResult, calc: Calculator, handbook: Handbook | None = None, *,
                calculators: Mapping[str, Calculator] | None = None, unit: str = "",
                today: _dt.date | None = None) -> ResultView:
    """Everything a reader sees of ``result``, in Chinese (see the module docstring).

    Args:
        result: What :func:`~content.calc.engine.evaluate` returned for ``calc``.
        calc: The calculator (its related measures and calculators, its status).
        handbook: For the citations' titles and the contacts (``None``: neither).
        calculators: For the titles of related calculators (``None``: their ids are not listed).
        unit: ``""`` for the documents' way of writing amounts, ``元`` or ``万元`` for the reader's choice.
        today: The date printed on the result (default: today).
    """
    figures = []
    for key in FIGURES:
        low, high = result.totals.figure(key)
        figures.append(Figure(key, FIGURE_LABELS[key], range_text(low, high, unit), FIGURE_NOTES[key], low, high))
    headline_ids = set(result.headline)
    headline = tuple(_line_view(ln, handbook, unit) for ln in result.lines if ln.rule in headline_ids)
    lines = tuple(_line_view(ln, handbook, unit) for ln in result.lines)
    conditions = tuple(Link(c.text, c.source, _title(handbook, c.source) if c.source else "")
                       for c in result.conditions)
    measures = [*result.cites, *(c.source for c in result.conditions if c.source), *calc.related_measures]
    contacts = tuple(Link(contact_text(c), mid) for c, mid in cited_contacts(handbook, list(dict.fromkeys(measures))))
    related = tuple(Link(calculators[cid].title, cid) for cid in calc.related
                    if calculators is not None and cid in calculators and cid != calc.id)
    sources = tuple(Link(_title(handbook, mid), mid) for mid in result.cites)
    return ResultView(
        title=result.title, status=calc.status, date=(today or _dt.date.today()).isoformat(),
        inputs=result.inputs, figures_label=result.total_label if result.total_label != "合计" else "金额",
        figures=tuple(figures), headline=headline, lines=lines,
        ceiling=result.ceiling.text if result.ceiling is not None else "", stacking=result.stacking,
        conditions=conditions, warnings=result.warnings, contacts=contacts,
        contacts_missing="" if contacts else "所引条目未列出联系方式，请咨询当地科技主管部门。",
        related=related, sources=sources,
    )


def headline_text(h: LineView) -> str:
    """``预计少缴企业所得税：25万元（待核实）``."""
    figure = FIGURE_LABELS.get(STATUS_FIGURE.get(h.status, "unverified"), "待核实")
    return f"{h.label}：{h.amount}（{figure}）"


def result_text(view: ResultView, *, program: str = "") -> str:
    """The plain-text form of a result (the CLI and the panel's “复制结果”).

    ``program`` is how the CLI calls itself; with it, related calculators are listed with their command.
    """
    out = [view.title, ""]
    if view.inputs:
        out.append("输入：")
        out.extend(f"  {label}：{value}" for label, value in view.inputs)
        out.append("")
    for h in view.headline:
        out.append(headline_text(h))
    out.append(f"{view.figures_label}（按效力分三项，不相加）：")
    for f in view.figures:
        out.append(f"  {f.label}：{f.text}　（{f.note}）")
    if view.ceiling:
        out.append(f"  {view.ceiling}")
    out.append("")
    out.append("计算：")
    for ln in view.lines:
        out.append(f"  [{ln.level}] {ln.label}：{ln.amount}　{ln.counted_text}")
        out.append(f"      {ln.explanation}")
        out.append(f"      依据：{ln.citation}（{ln.status_text}）")
        if ln.counted is None and ln.why and ln.why.startswith("备选"):
            out.append(f"      {ln.why}")
    if view.stacking:
        out.append("")
        out.append("叠加：")
        out.extend(f"  {x}" for x in view.stacking)
    if view.conditions:
        out.append("")
        out.append("申请条件（请逐项核对）：")
        out.extend(f"  □ {c.full}" for c in view.conditions)
    if view.warnings:
        out.append("")
        out.append("提示：")
        out.extend(f"  ! {w}" for w in view.warnings)
    out.append("")
    out.append("咨询电话：")
    out.extend(f"  {c.text}" for c in view.contacts)
    if view.contacts_missing:
        out.append(f"  {view.contacts_missing}")
    if view.related:
        out.append("")
        out.append("还可以申请：")
        out.extend(f"  {r.text}" + (f"（{program} calc {r.target}）" if program else "") for r in view.related)
    out.append("")
    out.append(view.disclaimer)
    return "\n".join(out)
