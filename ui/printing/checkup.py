"""The A4 政策体检单: an enterprise's profile, the matched measures with amounts and statuses, the
three totals, deadlines, whom to call (with a vCard QR code per contact), the disclaimer and the
bureau's header (the 明白卡 header settings).

One paint routine feeds the print preview, the printer and the PDF writer: :meth:`CheckupLayout.paginate`
measures on the target device and returns :class:`~ui.printing.ops.Page` plans, which
:func:`~ui.printing.ops.paint_pages` draws.  Amounts are printed as the calculators computed them
(:func:`content.calc.parsing.format_money`), phone numbers as printed with the area code added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content.calc.parsing import format_money
from content.model import Contact
from content.profile import DISCLAIMER, Figures, Group, MatchResult, MeasureMatch
from content.profile.report import line_text, phone_shown, run_notes, run_texts
from ui.printing.model import CardHeader, qr_modules, vcard
from ui.printing.ops import (
    ACCENT,
    INK,
    MUTED,
    Box,
    Font,
    Line,
    Mark,
    Metrics,
    Op,
    Page,
    Qr,
    Rule,
    Text,
    place_lines,
)
from ui.printing.sheet import A4_H, A4_W, fit_line, shift

_FIGURE = re.compile(r"\d[\d,.]*(?:万元|亿元|元|万|亿|%)")


def keep_figures(text: str) -> str:
    """``200万元`` never breaks across lines: word joiners between its characters (not printed).

    >>> keep_figures("新增200万元") == "新增2\u20600\u20600\u2060万\u2060元"
    True
    """
    return _FIGURE.sub(lambda m: "\u2060".join(m.group(0)), text)


CONFIRMED_INK, TO_VERIFY_INK, EXCLUDED_INK = "#17622c", "#8a5a00", "#6b7380"
GROUP_INK = {Group.APPLICABLE: "#17622c", Group.TO_CONFIRM: "#6b5a00", Group.NOT_APPLICABLE: "#5b6470"}
BODY, SMALL, TINY = 9.0, 8.0, 7.0


@dataclass(frozen=True)
class CheckupReport:
    """What a 体检单 holds: pages, the measures listed and the contacts with a QR code."""

    pages: int
    measures: tuple[str, ...] = ()
    contacts: int = 0

    def summary_lines(self) -> list[str]:
        return [f"政策体检单：{self.pages} 页，{len(self.measures)} 条措施，{self.contacts} 位联系人（含二维码）。"]


@dataclass
class _Atom:
    """A piece of the flow: operations relative to its top (x absolute), and its height."""

    ops: list[Op]
    height: float


@dataclass
class _Flow:
    """Places atoms down the page, starting a new page when one does not fit."""

    mx: Metrics
    top: float
    bottom: float
    pages: list[Page] = field(default_factory=list)
    y: float = 0.0

    def new_page(self) -> None:
        self.pages.append(Page(kind="checkup"))
        self.y = self.top

    def room(self) -> float:
        return self.bottom - self.y

    def place(self, atoms: Sequence[_Atom], *, keep: int = 1, mark: str = "") -> None:
        """Place ``atoms``; the first ``keep`` of them stay on one page when they can.

        ``mark``: an entry of the PDF's outline pointing at the first atom.
        """
        if not self.pages:
            self.new_page()
        head = sum(a.height for a in atoms[:keep])
        if head > self.room() and self.y > self.top and head <= self.bottom - self.top:
            self.new_page()
        if mark:
            self.pages[-1].marks.append(Mark(0, mark, self.y))
        for a in atoms:
            if a.height > self.room() and self.y > self.top:
                self.new_page()
            self.pages[-1].ops.extend(shift(op, 0, self.y) for op in a.ops)
            self.y += a.height

    def gap(self, mm: float) -> None:
        self.y += self.mx.mm(mm)


_NOT_APPLICABLE_WHY = {"region": "其他地区的措施", "beneficiary": "面向高校院所、人才、政府等，不是企业本身",
                       "arrangement": "主管部门的工作安排或目标（编者判断）", "condition": "条件与所填情况不符"}


def _why_not(m: MeasureMatch) -> str:
    """Why a 不适用 measure is: ``region``, ``beneficiary``, ``arrangement`` or ``condition``."""
    kinds = {c.kind for c in m.unmet}
    return next((k for k in ("region", "beneficiary", "arrangement") if k in kinds), "condition")


_NOT_APPLICABLE_SHORT = {"region": "其他地区的", "beneficiary": "面向高校院所、人才、政府等的",
                         "arrangement": "部门工作安排（编者判断）", "condition": "条件与所填情况不符的"}


_NOT_APPLICABLE_BRIEF = {"region": "其他地区", "beneficiary": "面向院所、人才、政府", "arrangement": "部门工作安排（编者判断）",
                         "condition": "条件不符"}


def not_applicable_summary(ms: Sequence[MeasureMatch], *, short: bool = False, brief: bool = False) -> str:
    """``其他地区的措施 120 条；条件与所填情况不符 3 条``: the 不适用 measures counted by why.

    ``brief``: the fewest words (``其他地区 120，条件不符 3``), for one line of the one-page 体检单.
    """
    counts = dict.fromkeys(_NOT_APPLICABLE_WHY, 0)
    for m in ms:
        counts[_why_not(m)] += 1
    if brief:
        return "，".join(f"{_NOT_APPLICABLE_BRIEF[k]} {n}" for k, n in counts.items() if n)
    names = _NOT_APPLICABLE_SHORT if short else _NOT_APPLICABLE_WHY
    return "；".join(f"{names[k]} {n} 条" for k, n in counts.items() if n)


class CheckupLayout:
    """The 政策体检单 of one :class:`MatchResult`."""

    name = "checkup"
    MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15.0, 13.0, 20.0
    FIGURES_PITCH = 1.35  # the line of three figures, in line heights

    def __init__(self, result: MatchResult, header: CardHeader | None = None) -> None:
        self.result = result
        self.header = header or CardHeader()

    # -- helpers ---------------------------------------------------------------------------------
    def _lines(self, text: str, font: Font, width: float, colour: str = INK, *, x: float = 0.0,
               spacing: float = 1.3) -> _Atom:
        ops, h = place_lines(self.mx.wrap(keep_figures(text), font, width, spacing=spacing), self.x0 + x, 0.0, colour)
        return _Atom(list(ops), h)

    def _one_line(self, text: str, font: Font, colour: str = INK, *, x: float = 0.0) -> _Atom:
        lines = fit_line(self.mx, text, font, self.width - x, min_size=6.0)
        ops, h = place_lines(lines, self.x0 + x, 0.0, colour)
        return _Atom(list(ops), h)

    def _figures(self, label: str, f: Figures, font: Font, *, x: float = 0.0) -> _Atom:
        """``label 可确认 0元 · 待核实 15万元 · 不计入 10万元`` in the three colours, on one line."""
        parts = [(label, INK), (f"可确认 {format_money(f.confirmed)}", CONFIRMED_INK), ("  ·  ", MUTED),
                 (f"待核实 {format_money(f.to_verify)}", TO_VERIFY_INK), ("  ·  ", MUTED),
                 (f"不计入 {format_money(f.excluded)}", EXCLUDED_INK)]
        mx = self.mx
        ops: list[Op] = []
        xx = self.x0 + x
        asc = mx.ascent(font)
        for text, colour in parts:
            if text:
                ops.append(Text(xx, asc, text, font, colour))
                xx += mx.width(text, font)
        return _Atom(ops, mx.line_height(font) * self.FIGURES_PITCH)

    # -- the layout --------------------------------------------------------------------------------
    def paginate(self, mx: Metrics) -> tuple[list[Page], CheckupReport]:
        self.mx = mx
        self.x0 = mx.mm(self.MARGIN_X)
        self.width = mx.mm(A4_W - 2 * self.MARGIN_X)
        flow = _Flow(mx, top=mx.mm(self.MARGIN_TOP), bottom=mx.mm(A4_H - self.MARGIN_BOTTOM))
        flow.new_page()
        r = self.result
        self._head(flow)
        self._profile(flow)
        self._totals(flow)
        listed: list[str] = []
        for g in (Group.APPLICABLE, Group.TO_CONFIRM):
            ms = r.group(g)
            flow.gap(3)
            title = f"{g.value}（{len(ms)} 条）"
            flow.place([self._section(title, GROUP_INK[g])], keep=1, mark=title)
            if not ms:
                flow.place([self._lines("没有。", Font(SMALL), self.width, MUTED)])
            for m in ms:
                listed.append(m.measure.id)
                flow.place(self._entry(m) if g is Group.APPLICABLE else self._brief(m), keep=2)
        self._not_applicable(flow)
        self._runs(flow)
        contacts = self._contacts(flow)
        flow.gap(3)
        flow.place([self._lines(DISCLAIMER, Font(SMALL), self.width, "#7a5a00")])
        total = len(flow.pages)
        for i, page in enumerate(flow.pages):
            self._footer(page, i + 1, total)
        return flow.pages, CheckupReport(pages=total, measures=tuple(listed), contacts=contacts)

    def _title(self, measure_id: str) -> str:
        other = self.result.get(measure_id)
        return other.measure.display_title if other is not None else measure_id

    def _section(self, title: str, colour: str) -> _Atom:
        mx = self.mx
        font = Font(11.0, True)
        h = mx.line_height(font) * 1.4
        ops: list[Op] = [Text(self.x0, mx.ascent(font), title, font, colour),
                         Rule(self.x0, h - mx.mm(0.8), self.x0 + self.width, h - mx.mm(0.8), colour, 0.8)]
        return _Atom(ops, h + mx.mm(1.2))

    def _head(self, flow: _Flow) -> None:
        h = self.header
        mx = self.mx
        atoms = []
        if h.office:
            atoms.append(self._one_line(h.office, Font(10.0), MUTED))
        atoms.append(self._one_line("政策体检单", Font(18.0, True), ACCENT))
        r = self.result
        who = r.profile.name or "（企业名称未填）"
        atoms.append(self._one_line(f"企业：{who}　所在地：{r.location.text()}　体检日期：{r.today.isoformat()}",
                                    Font(BODY)))
        contact = "　".join(x for x in (h.contact_title + "：" if h.contact_title else "", *h.contact_lines) if x)
        if contact:
            atoms.append(self._lines(contact, Font(SMALL), self.width, MUTED))
        flow.place(atoms, keep=len(atoms))
        flow.pages[-1].ops.append(Rule(self.x0, flow.y + mx.mm(1), self.x0 + self.width, flow.y + mx.mm(1), ACCENT, 1.2))
        flow.gap(3)

    def _profile(self, flow: _Flow) -> None:
        r = self.result
        items = [f"{f.label}：{f.display(v)}" for f in r.schema.fields
                 if (v := r.profile.get(f.id)) is not None and f.type.value != "region"]
        text = "　".join(items) if items else "（未填写企业情况：所有条件都待确认）"
        flow.place([self._one_line("企业情况", Font(BODY, True)), self._lines(text, Font(SMALL), self.width)], keep=2)
        for n in r.notes:
            flow.place([self._lines(n, Font(SMALL), self.width, "#7a5a00")])
        flow.gap(2)

    def _totals(self, flow: _Flow) -> None:
        r = self.result
        mx = self.mx
        counts = r.counts()
        atoms = [self._one_line("金额合计（由计算器按原文测算；未填写的数字不测算）", Font(BODY, True))]
        for g in Group:
            atoms.append(self._figures(f"{g.value} {counts[g]} 条：", r.total(g), Font(BODY, g is Group.APPLICABLE)))
            ded = r.total(g, deduction=True)
            if not ded.is_zero:
                atoms.append(self._figures("　　另：税前加计扣除额（不是拨付的资金）", ded, Font(SMALL), x=mx.mm(4)))
        by = r.total_by_level(Group.APPLICABLE)
        if by:
            atoms.append(self._lines("可申请按层级：" + "；".join(
                f"{k} {format_money(v.confirmed)} / {format_money(v.to_verify)} / {format_money(v.excluded)}"
                for k, v in by.items()) + "（可确认 / 待核实 / 不计入）", Font(SMALL), self.width, MUTED))
        atoms.append(self._lines("可确认：所依据的措施经科技局核实现行；待核实：原文写明、尚未核实现在是否执行；"
                                 "不计入：征求意见稿、已过期限或不适用的措施。两项支持只有原文允许时才相加，"
                                 "否则按只能取一、取较高的一项计。", Font(TINY), self.width, MUTED))
        for note in run_notes(r):
            atoms.append(self._lines(note, Font(TINY), self.width, MUTED))
        top = flow.y
        flow.place(atoms, keep=len(atoms))
        flow.pages[-1].ops.insert(0, Box(self.x0 - mx.mm(1.5), top - mx.mm(1), self.width + mx.mm(3),
                                         flow.y - top + mx.mm(1.5), fill="#f4f7fb", stroke="#c9d3e0", stroke_pt=0.4))
        flow.gap(1)

    def _entry(self, m: MeasureMatch) -> list[_Atom]:
        mx = self.mx
        me = m.measure
        v = m.validity
        atoms = [self._lines(f"■ {me.display_title}", Font(BODY + 0.5, True), self.width)]
        meta = f"状态：{v.label}　{me.level} {me.region}　{m.document}　{me.issuer_text}"
        if me.deadline:
            meta += f"　期限：{me.deadline.wording}"
        atoms.append(self._lines(meta, Font(SMALL), self.width - mx.mm(4), v.colours[0], x=mx.mm(4)))
        if m.amount.lines:
            if not m.amount.subsidy.is_zero or m.amount.deduction.is_zero:
                atoms.append(self._figures("金额：", m.amount.subsidy, Font(BODY, True), x=mx.mm(4)))
            if not m.amount.deduction.is_zero:
                atoms.append(self._figures("税前加计扣除额：", m.amount.deduction, Font(BODY, True), x=mx.mm(4)))
            for ln in m.amount.lines:
                atoms.append(self._lines(line_text(ln), Font(TINY), self.width - mx.mm(8), MUTED, x=mx.mm(8)))
        elif m.counted_in:
            atoms.append(self._lines(f"金额：与“{self._title(m.counted_in)}”是同一项支持，金额计入该条", Font(SMALL),
                                     self.width - mx.mm(4), MUTED, x=mx.mm(4)))
        for s in m.text_figures[:2]:
            atoms.append(self._lines(f"原文：“{s}”", Font(SMALL), self.width - mx.mm(4), INK, x=mx.mm(4)))
        mark = "✓" if m.group is Group.APPLICABLE else "？"
        reasons = [c for c in m.reasons() if c.kind not in ("region", "beneficiary")] or m.reasons()
        for c in reasons[:3]:
            q = f"（原文：“{c.quote}”）" if c.quote and m.group is Group.TO_CONFIRM and c.kind == "ask" else ""
            atoms.append(self._lines(f"{mark} {c.sentence()}{q}", Font(TINY), self.width - mx.mm(4), INK, x=mx.mm(4)))
        if m.contacts:
            who = "；".join(f"{' '.join(x for x in (c.office, c.person) if x)} {phone_shown(c)}".strip() for c in m.contacts)
            atoms.append(self._lines(f"联系：{who}", Font(SMALL), self.width - mx.mm(4), INK, x=mx.mm(4)))
        atoms.append(_Atom([], mx.mm(1.6)))
        return atoms

    LEFT_MM = 58.0

    def _brief(self, m: MeasureMatch) -> list[_Atom]:
        """A 需确认 measure as one row: title and status on the left; what is open (quoted), the money
        and whom to call on the right."""
        mx = self.mx
        me = m.measure
        v = m.validity
        left_w = mx.mm(self.LEFT_MM)
        gap = mx.mm(3)
        right_x = self.x0 + left_w + gap
        right_w = self.width - left_w - gap
        left: list[tuple[list[Line], str]] = [
            (mx.wrap(f"□ {me.display_title}", Font(SMALL, True), left_w, spacing=1.25), INK),
            (mx.wrap(f"{v.label}　{me.level} {me.region}", Font(TINY), left_w, spacing=1.25), v.colours[0])]
        if me.deadline:
            left.append((mx.wrap(f"期限：{me.deadline.wording}", Font(TINY), left_w, spacing=1.25), v.colours[0]))
        right: list[tuple[list[Line], str]] = []
        extra: list[Op] = []
        quoted = ""
        for c in m.unknown[:2]:
            q = f"（原文：“{c.quote}”）" if c.quote and c.kind in ("ask", "unreviewed") else ""
            quoted += c.quote if q else ""
            right.append((mx.wrap(keep_figures(f"？ {c.sentence()}{q}"), Font(TINY), right_w, spacing=1.25), INK))
        squash = "".join(quoted.split())
        for sentence in m.text_figures[:1]:
            if not m.amount.lines and "".join(sentence.split()) not in squash:
                right.append((mx.wrap(keep_figures(f"原文金额：“{sentence}”"), Font(TINY), right_w, spacing=1.25), INK))
        if m.amount.lines:
            for ln in m.amount.lines:
                right.append((mx.wrap(keep_figures("若条件符合：" + line_text(ln).removeprefix("· ")),
                                      Font(TINY), right_w, spacing=1.25), TO_VERIFY_INK))
        if m.contacts:
            who = "；".join(f"{' '.join(x for x in (c.office, c.person) if x)} {phone_shown(c)}".strip() for c in m.contacts)
            right.append((mx.wrap(f"联系：{who}", Font(TINY), right_w, spacing=1.25), INK))
        ops: list[Op] = []
        y = 0.0
        for lines, colour in left:
            placed, y = place_lines(lines, self.x0, y, colour)
            ops += placed
        yr = 0.0
        for lines, colour in right:
            placed, yr = place_lines(lines, right_x, yr, colour)
            ops += placed
        h = max(y, yr) + mx.mm(1.2)
        ops += extra
        ops.append(Rule(self.x0, h - mx.mm(0.6), self.x0 + self.width, h - mx.mm(0.6), "#e1e5ea", 0.3))
        return [_Atom(ops, h + mx.mm(0.6))]

    def _not_applicable(self, flow: _Flow) -> None:
        r = self.result
        ms = r.group(Group.NOT_APPLICABLE)
        flow.gap(3)
        title = f"不适用（{len(ms)} 条）"
        flow.place([self._section(title, GROUP_INK[Group.NOT_APPLICABLE])], keep=1, mark=title)
        flow.place([self._lines(not_applicable_summary(ms), Font(SMALL), self.width, MUTED)])
        listed = [m for m in ms if _why_not(m) == "condition" or m.amount.lines]
        for m in listed:
            why = "；".join(c.sentence() for c in m.unmet if c.kind not in ("region", "beneficiary")) or \
                "；".join(c.sentence() for c in m.unmet)
            atoms = [self._lines(f"✗ {m.measure.display_title}（{m.validity.label}）：{why}", Font(TINY), self.width,
                                 INK)]
            if m.amount.lines:
                atoms.append(self._figures("金额：", m.amount.subsidy + m.amount.deduction, Font(TINY), x=self.mx.mm(4)))
            flow.place(atoms, keep=len(atoms))

    def _runs(self, flow: _Flow) -> None:
        """The calculators behind the amounts: the inputs each used and its result, or what it waits for."""
        texts = run_texts(self.result)
        if not texts:
            return
        flow.gap(3)
        title = "测算所用的数字（计算器）"
        atoms = [self._section(title, ACCENT)]
        atoms += [self._lines(t, Font(TINY), self.width, INK) for t in texts]
        flow.place(atoms, keep=2, mark=title)

    def _contacts(self, flow: _Flow) -> int:
        """Every contact of the 可申请 and 需确认 measures once, with a vCard QR code."""
        mx = self.mx
        r = self.result
        seen: dict[str, tuple[Contact, str, list[str]]] = {}
        for g in (Group.APPLICABLE, Group.TO_CONFIRM):
            for m in r.group(g):
                for c in m.contacts:
                    entry = seen.setdefault(c.key, (c, m.measure.issuer_text.replace("（编者推定）", ""), []))
                    entry[2].append(m.measure.number or m.measure.id)
        if not seen:
            return 0
        flow.gap(3)
        section = self._section("联系人（扫码把联系人存入手机）", ACCENT)
        cols = 4
        cell_w = self.width / cols
        qr = mx.mm(19)
        cells = list(seen.values())
        for start in range(0, len(cells), cols):
            row_ops: list[Op] = []
            row_h = qr + mx.mm(2)
            for i, (c, org, _nums) in enumerate(cells[start:start + cols]):
                x = self.x0 + i * cell_w
                row_ops.append(Qr(x, 0, qr, qr_modules(vcard(c, org))))
                tw = cell_w - qr - mx.mm(2)
                y = 0.0
                # the number as printed; an area code the source does not print is the editor's, said apart
                added = phone_shown(c).removeprefix(c.phone)
                texts = [(c.label, Font(6.5), MUTED), (c.office, Font(7.0), INK), (c.person, Font(8.0, True), INK),
                         (c.phone, Font(7.5, True), INK), (added, Font(6.0), MUTED), (c.email, Font(6.0), MUTED)]
                for text, font, colour in texts:
                    if not text:
                        continue
                    lines: list[Line] = (fit_line(mx, text, font, tw, min_size=5.5) if text in (c.phone, c.email)
                                         else mx.wrap(text, font, tw, spacing=1.2))
                    ops, y = place_lines(lines, x + qr + mx.mm(1.5), y, colour)
                    row_ops.extend(ops)
                row_h = max(row_h, y + mx.mm(2))
            row = _Atom(row_ops, row_h)
            if start == 0:
                # the heading never stands alone at a page's foot
                flow.place([section, row], keep=2, mark="联系人")
            else:
                flow.place([row])
        return len(cells)

    FOOTER_PT, FOOTER_MM = TINY, 12.0  # the footer's size, and its first baseline's distance from the foot

    def _footer(self, page: Page, n: int, total: int) -> None:
        mx = self.mx
        font = Font(self.FOOTER_PT)
        y = mx.mm(A4_H - self.FOOTER_MM)
        ry = y - max(mx.mm(3.5), mx.ascent(font) + mx.mm(1))
        page.ops.append(Rule(self.x0, ry, self.x0 + self.width, ry, "#c9d3e0", 0.3))
        left = f"{self.result.summary_line}　体检日期 {self.result.today.isoformat()}"
        page.ops.append(Text(self.x0, y, left, font, MUTED))
        label = f"第 {n} 页 / 共 {total} 页"
        page.ops.append(Text(self.x0 + self.width - mx.width(label, font), y, label, font, MUTED))
        y2 = y + mx.line_height(font) * 1.3
        tail = "本体检单仅供参考，不作为享受政策的依据，以正式文件为准。"
        if self.header.printed_by:
            tail = f"{self.header.printed_by}　{tail}"
        page.ops.append(Text(self.x0, y2, tail, font, MUTED))


def render_checkup(layout: CheckupLayout, device: Any) -> CheckupReport:
    """Lay out on ``device`` and paint every page (preview, printer and PDF alike)."""
    from ui.printing.ops import paint_pages

    pages, report = layout.paginate(Metrics(device))
    paint_pages(device, pages)
    return report


def checkup_layout(result: MatchResult, header: CardHeader | None = None, *, full: bool = False) -> CheckupLayout:
    """The one-page 体检单 a visitor takes home, or with ``full`` the 完整版 (含需确认、不适用)."""
    if full:
        return CheckupLayout(result, header)
    from ui.printing.checkup_onepage import OnePageLayout

    return OnePageLayout(result, header)


def write_checkup_pdf(result: MatchResult, out: Path, *, header: CardHeader | None = None,
                      full: bool = False) -> int:
    """Write the 体检单 to ``out`` (A4, Chinese embedded); returns the number of pages.

    The one-page version by default; ``full``: the 完整版 with every 需确认 and 不适用 measure.

    Raises:
        PrintError: the file cannot be written (the message says why and what to do).
    """
    from ui.printing.fonts import ensure_cjk_fonts
    from ui.printing.ops import paint_pages
    from ui.printing.render import write_pdf

    ensure_cjk_fonts()
    layout = checkup_layout(result, header, full=full)

    def paint(writer: Any) -> tuple[int, Sequence[Page]]:
        plans, report = layout.paginate(Metrics(writer))
        paint_pages(writer, plans)
        return report.pages, plans

    pages = write_pdf(Path(out), paint, title="政策体检单")
    assert isinstance(pages, int)
    return pages


def header_from_settings(raw: str) -> CardHeader:
    """The 明白卡 header saved in the settings (``cards/header``, JSON), or the default one."""
    from ui.printing.errors import HeaderError

    if not raw:
        return CardHeader()
    try:
        data = json.loads(raw)
        return CardHeader.from_dict(data) if isinstance(data, dict) else CardHeader()
    except (ValueError, HeaderError):
        return CardHeader()
