"""The one-page 政策体检单: what a visitor at an outreach event takes home.

The 可申请 measures in full (the three figures, status, deadline, whom to call with the phone), the
three totals, the 需确认 group summed up (its count and the few with the largest amounts, one line
each), 不适用 as a count, the disclaimer, the bureau's header and the verification date.  Nothing
is set below :data:`MIN_PT`: when the page does not hold it all, it is tightened step by step
(:data:`STEPS`); only when the tightest step does not fit either do the 可申请 measures go on to a
second page (a measure is never split, and the second page starts with one), and the page numbers
say so.  QR codes of the contacts are printed
only when they fit on the first page; every phone number is printed as text anyway.

The whole 体检单 (需确认 and 不适用 measure by measure, the calculators' inputs, a QR code per
contact) stays :class:`~ui.printing.checkup.CheckupLayout`, "完整版".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from content.calc.parsing import format_money, parse_amount
from content.model import Contact
from content.profile import DISCLAIMER, Figures, Group, MeasureMatch
from content.profile.report import line_text, phone_shown
from content.validity import STATUS_ORDER
from ui.printing.checkup import (
    GROUP_INK,
    TO_VERIFY_INK,
    CheckupLayout,
    CheckupReport,
    _Atom,
    _Flow,
    keep_figures,
    not_applicable_summary,
)
from ui.printing.model import qr_modules, vcard
from ui.printing.ops import ACCENT, INK, MUTED, Box, Font, Metrics, Op, Page, Qr, Rule, Text, place_lines
from ui.printing.sheet import A4_H, A4_W, fit_line, shift

#: The smallest type on the page (points): a visitor reads it without glasses.
MIN_PT = 9.0
TITLE_PT, ITEM_PT = 10.0, 9.5
#: 需确认 measures named on the page; the others are counted.
TO_CONFIRM_SHOWN = 3
FULL_HINT = "完整版（需确认、不适用逐条说明，测算过程，联系人二维码）：在软件“我的企业”中选“完整版”打印。"
SPACING = 1.12  # line pitch in line heights: the CJK fonts' own leading is generous
#: The handbook's own disclaimer (the first sentence of :data:`DISCLAIMER`): always printed in full.
HANDBOOK_NOTICE = DISCLAIMER.split("。", 1)[0] + "。"
#: What the 体检单 adds to it, when the page is tight: the totals' legend already says what 可确认,
#: 待核实 and 不计入 are, and their heading that the calculators follow the text.
#: Under the 可申请 heading when some of its measures print no contact.
NO_CONTACT = "未列“联系”的措施，原文没有印联系人：请向发放本单的科技局咨询。"
SHORT_DISCLAIMER = HANDBOOK_NOTICE + "“可申请”不等于一定获得支持；“待核实”的金额请向所列联系人核实是否仍在执行。"
_MONEY = re.compile(r"\d[\d,.]*(?:万元|亿元|元)")
# a clause that grants money to the one who qualifies, not a threshold, a budget or a credit line
_GRANT = re.compile(r"给予|奖励|补助|资助|奖补|补贴|支持")
_NOT_GRANT = re.compile(r"超过\d|投资|交易额|授信|信贷|下达|下拨|投入|以上|以下|不足|每年支持|经费在|累计")


def _largest_text_figure(m: MeasureMatch) -> tuple[Decimal, str]:
    """The largest sum the measure's text grants (``给予最高1000万元的奖励``) and that clause, quoted as is.

    Only for ranking the 需确认 measures and quoting them: a threshold (``投资超过1亿元的``) or a budget
    (``每年支持2亿元以上``) is not a sum an enterprise receives and is left out.
    """
    best = (Decimal(0), "")
    for sentence in m.text_figures:
        for clause in re.split(r"[，。；：,;]", sentence):
            if not _GRANT.search(clause) or _NOT_GRANT.search(clause):
                continue
            for fig in _MONEY.findall(clause):
                try:
                    v = parse_amount(fig)
                except ValueError:
                    continue
                if v > best[0]:
                    best = (v, clause.strip())
    return best


def _confirm_key(m: MeasureMatch) -> tuple[Decimal, int, Decimal, Decimal, int]:
    """需确认 measures by what they could bring: computed money first (可确认 + 待核实, then status,
    then 不计入), then the largest figure their text prints."""
    s = m.amount.subsidy + m.amount.deduction
    status = STATUS_ORDER.index(m.validity.status) if m.validity.status in STATUS_ORDER else 99
    return (-(s.confirmed + s.to_verify), status, -s.excluded, -_largest_text_figure(m)[0], m.order)


@dataclass(frozen=True)
class Fit:
    """How tightly the page is set.  :data:`STEPS` gives up a little more at each step before the
    可申请 measures go on to a second page; the type never gets smaller than :data:`MIN_PT`."""

    #: 不适用 as one short line rather than a sentence of reasons
    na_one_line: bool = False
    #: line pitch of the paragraphs, and the gaps between the parts (a factor)
    spacing: float = SPACING
    gaps: float = 1.0
    #: the handbook's disclaimer in full and only what the page does not already say
    short_disclaimer: bool = False
    #: 需确认 measures named (the others are counted)
    to_confirm_shown: int = TO_CONFIRM_SHOWN


_TIGHT = Fit(na_one_line=True, spacing=1.0, gaps=0.5)
#: The steps in order: first what loses nothing, then what the 完整版 has anyway.
STEPS: tuple[Fit, ...] = (
    Fit(),
    Fit(na_one_line=True),
    _TIGHT,
    replace(_TIGHT, short_disclaimer=True),
    replace(_TIGHT, short_disclaimer=True, to_confirm_shown=1),
    replace(_TIGHT, short_disclaimer=True, to_confirm_shown=0),
)


def _nonzero(f: Figures) -> str:
    """``待核实 15万元 · 不计入 5万元``: the figures that are not zero."""
    parts = [(f.confirmed, "可确认"), (f.to_verify, "待核实"), (f.excluded, "不计入")]
    return " · ".join(f"{label} {format_money(v)}" for v, label in parts if v)


@dataclass
class _ContinuedFlow(_Flow):
    """A flow whose later pages start with a line saying whose 体检单 they continue."""

    continued: _Atom | None = None

    def new_page(self) -> None:
        super().new_page()
        if len(self.pages) > 1 and self.continued is not None:
            self.pages[-1].ops.extend(shift(op, 0, self.y) for op in self.continued.ops)
            self.y += self.continued.height


class OnePageLayout(CheckupLayout):
    """The 政策体检单 on one A4 page (two when the 可申请 measures need it)."""

    name = "checkup-onepage"
    MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 14.0, 11.0, 20.0
    FOOTER_PT, FOOTER_MM = MIN_PT, 13.5
    FIGURES_PITCH = 1.15
    QR_MM, QR_COLUMNS = 19.0, 4  # as large as the 完整版's: a phone reads them off a print

    # -- helpers -----------------------------------------------------------------------------------
    def _one_line(self, text: str, font: Font, colour: str = INK, *, x: float = 0.0) -> _Atom:
        lines = fit_line(self.mx, text, font, self.width - x, min_size=MIN_PT)
        ops, h = place_lines(lines, self.x0 + x, 0.0, colour)
        return _Atom(list(ops), h)

    def _text(self, text: str, colour: str = INK, *, size: float = MIN_PT, bold: bool = False,
              x: float = 0.0) -> _Atom:
        return self._lines(text, Font(size, bold), self.width - x, colour, x=x, spacing=self.fit.spacing)

    def _gap(self, flow: _Flow, mm: float) -> None:
        flow.gap(mm * self.fit.gaps)

    # -- the layout --------------------------------------------------------------------------------
    fit: Fit = STEPS[0]

    def paginate(self, mx: Metrics) -> tuple[list[Page], CheckupReport]:
        """One page at the first of :data:`STEPS` that fits.  When none does, the fewest pages at the
        roomiest step that needs no more, and the second page starts with a 可申请 measure (never with
        only the 需确认 summary, the 不适用 count and the disclaimer)."""
        self.mx = mx
        self.x0 = mx.mm(self.MARGIN_X)
        self.width = mx.mm(A4_W - 2 * self.MARGIN_X)
        tried: list[tuple[Fit, CheckupReport, list[Page], int]] = []
        for fit in STEPS:
            report, pages, last_on = self._laid_out(fit)
            if report.pages == 1:
                return pages, report
            tried.append((fit, report, pages, last_on))
        fewest = min(x[1].pages for x in tried)
        fit, report, pages, last_on = next(x for x in tried if x[1].pages == fewest)
        n = len(self.result.group(Group.APPLICABLE))
        if last_on == 0 and n:
            # everything after the 可申请 measures spills over: the last of them goes with it
            report, pages, _ = self._laid_out(fit, break_before=n - 1)
        self.fit = fit
        return pages, report

    def _laid_out(self, fit: Fit, *, break_before: int = -1) -> tuple[CheckupReport, list[Page], int]:
        """The 体检单 set as ``fit`` says; and the page (from 0) of the last 可申请 measure."""
        self.fit = fit
        mx = self.mx
        flow = _ContinuedFlow(mx, top=mx.mm(self.MARGIN_TOP), bottom=mx.mm(A4_H - self.MARGIN_BOTTOM))
        who = self.result.profile.name or self.result.location.text()
        cont = self._text(f"政策体检单（续）　{who}　体检日期：{self.result.today.isoformat()}", MUTED)
        flow.continued = _Atom(cont.ops, cont.height + mx.mm(2))
        flow.new_page()
        self._head_short(flow)
        self._totals_short(flow)
        listed = self._applicable(flow, break_before)
        last_on = len(flow.pages) - 1
        listed += self._to_confirm(flow)
        self._gap(flow, 2)
        r = self.result
        na = r.group(Group.NOT_APPLICABLE)
        if fit.na_one_line:
            flow.place([self._one_line(f"不适用（{len(na)} 条）：{not_applicable_summary(na, brief=True) or '没有'}。",
                                       Font(MIN_PT), MUTED)])
        else:
            flow.place([self._text(f"不适用（{len(na)} 条）：{not_applicable_summary(na, short=True) or '没有'}。",
                                   MUTED)])
        disclaimer = SHORT_DISCLAIMER if fit.short_disclaimer else DISCLAIMER
        tail = [self._text(FULL_HINT, MUTED), _Atom([], mx.mm(1 * fit.gaps)), self._text(disclaimer, "#7a5a00")]
        contacts = self._qr_codes(flow, room_after=sum(a.height for a in tail) + mx.mm(3))
        self._gap(flow, 2)
        flow.place(tail, keep=len(tail))
        total = len(flow.pages)
        for i, page in enumerate(flow.pages):
            self._footer(page, i + 1, total)
        return CheckupReport(pages=total, measures=tuple(listed), contacts=contacts), flow.pages, last_on

    def _head_short(self, flow: _Flow) -> None:
        """The bureau, the title, the enterprise and the profile in one or two lines."""
        mx = self.mx
        h = self.header
        r = self.result
        title = Font(17.0, True)
        ops: list[Op] = [Text(self.x0, mx.ascent(title), "政策体检单", title, ACCENT)]
        if h.office:
            office = Font(10.5)
            w = mx.width(h.office, office)
            ops.append(Text(self.x0 + self.width - w, mx.ascent(title), h.office, office, MUTED))
        atoms = [_Atom(ops, mx.line_height(title) * 1.1)]
        contact = "　".join(x for x in (h.contact_title + "：" if h.contact_title else "", *h.contact_lines) if x)
        if contact:
            atoms.append(self._text(contact, MUTED))
        flow.place(atoms, keep=len(atoms))
        flow.pages[-1].ops.append(Rule(self.x0, flow.y + mx.mm(1), self.x0 + self.width, flow.y + mx.mm(1),
                                       ACCENT, 1.2))
        self._gap(flow, 2.5)
        who = r.profile.name or "（企业名称未填）"
        items = [f"{f.label}：{f.display(v)}" for f in r.schema.fields
                 if (v := r.profile.get(f.id)) is not None and f.type.value != "region"]
        facts = "　".join(items) if items else "（未填写企业情况：所有条件都待确认）"
        atoms = [self._text(f"企业：{who}　所在地：{r.location.text()}　体检日期：{r.today.isoformat()}",
                            size=ITEM_PT, bold=True),
                 self._text(f"企业情况：{facts}")]
        atoms += [self._text(n, "#7a5a00") for n in r.notes]
        flow.place(atoms, keep=len(atoms))
        self._gap(flow, 2)

    def _totals_short(self, flow: _Flow) -> None:
        r = self.result
        mx = self.mx
        counts = r.counts()
        atoms = [self._one_line("金额合计（计算器按原文测算；未填的数字不测算；两项支持只在原文允许时相加）",
                                Font(ITEM_PT, True))]
        for g in Group:
            atoms.append(self._figures(f"{g.value} {counts[g]} 条：", r.total(g), Font(ITEM_PT, g is Group.APPLICABLE)))
            ded = r.total(g, deduction=True)
            if not ded.is_zero:
                atoms.append(self._figures("　另：税前加计扣除额（不是拨付的资金）", ded, Font(MIN_PT), x=mx.mm(4)))
        atoms.append(self._text("可确认：经科技局核实现行　待核实：原文写明，尚未核实是否仍在执行　"
                                "不计入：征求意见稿、已过期限或不适用", MUTED))
        top = flow.y
        flow.place(atoms, keep=len(atoms))
        flow.pages[-1].ops.insert(0, Box(self.x0 - mx.mm(1.5), top - mx.mm(1), self.width + mx.mm(3),
                                         flow.y - top + mx.mm(1.5), fill="#f4f7fb", stroke="#c9d3e0", stroke_pt=0.4))
        self._gap(flow, 2)

    def _section_short(self, title: str, colour: str) -> _Atom:
        mx = self.mx
        font = Font(11.0, True)
        h = mx.line_height(font) * 1.15
        ops: list[Op] = [Text(self.x0, mx.ascent(font), title, font, colour),
                         Rule(self.x0, h - mx.mm(0.6), self.x0 + self.width, h - mx.mm(0.6), colour, 0.8)]
        return _Atom(ops, h + mx.mm(1.0))

    # -- 可申请 ----------------------------------------------------------------------------------------
    def _applicable(self, flow: _Flow, break_before: int = -1) -> list[str]:
        """The 可申请 measures in full; ``break_before``: the one that starts the second page."""
        ms = self.result.group(Group.APPLICABLE)
        title = f"可申请（{len(ms)} 条）：所填情况符合原文写明的条件"
        flow.place([self._section_short(title, GROUP_INK[Group.APPLICABLE])], keep=1, mark=title)
        if not ms:
            flow.place([self._text("没有。所填情况还不足以判断哪条措施可以申请：请看下面需确认的措施，"
                                   "或在软件中补填企业情况。", MUTED)])
        elif any(not self._people(m) for m in ms):
            # Many measures (the 摘编's, the national tax rules) print no contact: say so once, rather
            # than leave the visitor to guess whom to ask about them.
            flow.place([self._text(NO_CONTACT, MUTED)])
        for i, m in enumerate(ms):
            if i == break_before and len(flow.pages) == 1:
                flow.new_page()
            atoms = self._item(m)
            flow.place(atoms, keep=len(atoms))
        return [m.measure.id for m in ms]

    def _item(self, m: MeasureMatch) -> list[_Atom]:
        """One 可申请 measure: title with its status; the three figures; the text's figures; whom to call."""
        mx = self.mx
        me = m.measure
        v = m.validity
        indent = mx.mm(4)
        status_font = Font(MIN_PT, True)
        meta = f"{v.label}　{me.level} {me.region}"
        mw = mx.width(meta, status_font)
        gap = mx.mm(3)
        lines = mx.wrap(keep_figures(f"■ {me.display_title}"), Font(TITLE_PT, True), self.width - mw - gap,
                        spacing=self.fit.spacing)
        ops, h = place_lines(lines, self.x0, 0.0, INK)
        first = lines[0].ascent if lines else mx.ascent(Font(TITLE_PT, True))
        ops.append(Text(self.x0 + self.width - mw, first, meta, status_font, v.colours[0]))
        atoms = [_Atom(list(ops), h)]
        sub = self.width - indent
        if m.amount.lines:
            if not m.amount.subsidy.is_zero or m.amount.deduction.is_zero:
                atoms.append(self._figures("金额：", m.amount.subsidy, Font(ITEM_PT, True), x=indent))
            if not m.amount.deduction.is_zero:
                atoms.append(self._figures("税前加计扣除额：", m.amount.deduction, Font(ITEM_PT, True), x=indent))
            if not self._one_line_says_it(m):
                for ln in m.amount.lines:
                    atoms.append(self._lines(line_text(ln), Font(MIN_PT), sub - indent, MUTED, x=2 * indent,
                                             spacing=self.fit.spacing))
        elif m.counted_in:
            atoms.append(self._text(f"金额：与“{self._title(m.counted_in)}”是同一项支持，金额计入该条", MUTED,
                                    x=indent))
        else:
            for s in m.text_figures[:2]:
                atoms.append(self._text(f"原文：“{s}”", x=indent))
            if not m.text_figures:
                atoms.append(self._text("金额：原文未写明", MUTED, x=indent))
        if me.deadline:
            atoms.append(self._text(f"期限：{me.deadline.wording}", v.colours[0], x=indent))
        people = self._people(m)
        if people:
            who = "；".join(f"{' '.join(x for x in (c.office, c.person) if x)} {phone_shown(c)}".strip()
                            for c in people)
            atoms.append(self._text(f"联系：{who}", x=indent))
        atoms.append(_Atom([], mx.mm(0.9 * self.fit.gaps)))
        return atoms

    @staticmethod
    def _one_line_says_it(m: MeasureMatch) -> bool:
        """One calculator line whose amount is the figure already printed: no need to repeat it."""
        lines = m.amount.lines
        if len(lines) != 1 or not lines[0].in_total or lines[0].is_range:
            return False
        ln = lines[0]
        f = m.amount.deduction if ln.deduction else m.amount.subsidy
        return f.get(ln.bucket) == ln.amount and sum((f.confirmed, f.to_verify, f.excluded)) == ln.amount

    def _people(self, m: MeasureMatch) -> list[Contact]:
        """The measure's contacts and those of the measures folded under it, once each."""
        seen: dict[str, Contact] = {}
        for x in (m, *self.result.folded_under(m.measure.id)):
            for c in x.contacts:
                seen.setdefault(c.key, c)
        return list(seen.values())

    # -- 需确认 ----------------------------------------------------------------------------------------
    def _to_confirm(self, flow: _Flow) -> list[str]:
        ms = self.result.group(Group.TO_CONFIRM)
        self._gap(flow, 1.5)
        title = f"需确认（{len(ms)} 条）：条件未填，或须按原文向联系人确认"
        atoms = [self._section_short(title, GROUP_INK[Group.TO_CONFIRM])]
        shown = sorted(ms, key=_confirm_key)[:self.fit.to_confirm_shown]
        if not ms:
            atoms.append(self._text("没有。", MUTED))
        elif len(shown) > 1:
            atoms.append(self._text("其中金额最大的几条（条件符合时）：", MUTED))
        atoms += [self._brief_line(m) for m in shown]
        rest = len(ms) - len(shown)
        if not shown and rest:
            atoms.append(self._text(f"这{rest}条需确认的措施逐条见完整版或软件。", MUTED))
        elif len(shown) == 1 and rest:
            atoms.append(self._text(f"以上为金额最大的一条（条件符合时）；其余{rest}条需确认的措施见完整版或软件。", MUTED))
        elif rest:
            atoms.append(self._text(f"其余{rest}条需确认的措施见完整版或软件。", MUTED))
        flow.place(atoms, keep=len(atoms), mark=title)
        return [m.measure.id for m in shown]

    def _brief_line(self, m: MeasureMatch) -> _Atom:
        """``□ title　status　money`` on one line: the title gives way first, then the quoted clause."""
        mx = self.mx
        font = Font(MIN_PT)
        bold = Font(MIN_PT, True)
        v = m.validity
        s = m.amount.subsidy + m.amount.deduction
        quote = ""
        if not s.is_zero:
            money, colour = f"若条件符合：{_nonzero(s)}", TO_VERIFY_INK
        else:
            quote = _largest_text_figure(m)[1]
            money, colour = (f"原文：“{quote}”" if quote else "原文未写明金额"), INK
        status = f"　{v.label}　"
        title = f"□ {m.measure.display_title}"
        # the title keeps at least 12 characters; a longer quote is cut around its figure
        while mx.width(title, bold) + mx.width(status, font) + mx.width(money, font) > self.width:
            if len(title) > 14:
                title = title[:-2].rstrip("…") + "…"
            elif quote and (shorter := _shorter(quote)) != quote:
                quote = shorter
                money = f"原文：“{quote}”"
            else:
                break
        ops: list[Op] = []
        x = self.x0
        asc = mx.ascent(bold)
        for text, f, c in ((title, bold, INK), (status, font, v.colours[0]), (money, font, colour)):
            ops.append(Text(x, asc, text, f, c))
            x += mx.width(text, f)
        return _Atom(ops, mx.line_height(font) * self.fit.spacing)

    # -- QR codes ------------------------------------------------------------------------------------
    def _qr_codes(self, flow: _Flow, *, room_after: float) -> int:
        """A vCard QR code per contact of the 可申请 measures, only when all fit on the first page."""
        mx = self.mx
        seen: dict[str, tuple[Contact, str]] = {}
        for m in self.result.group(Group.APPLICABLE):
            for c in self._people(m):
                seen.setdefault(c.key, (c, m.measure.issuer_text.replace("（编者推定）", "")))
        if not seen or len(flow.pages) > 1:
            return 0
        cols = self.QR_COLUMNS
        cell_w = self.width / cols
        qr = mx.mm(self.QR_MM)
        cells = list(seen.values())
        rows: list[_Atom] = []
        for start in range(0, len(cells), cols):
            row_ops: list[Op] = []
            row_h = qr + mx.mm(2)
            for i, (c, org) in enumerate(cells[start:start + cols]):
                x = self.x0 + i * cell_w
                row_ops.append(Qr(x, 0, qr, qr_modules(vcard(c, org))))
                tw = cell_w - qr - mx.mm(2.5)
                y = 0.0
                for text, font in ((c.office, Font(MIN_PT)), (c.person, Font(MIN_PT, True)),
                                   (c.phone, Font(MIN_PT, True))):
                    if text:
                        placed, y = place_lines(mx.wrap(text, font, tw, spacing=self.fit.spacing), x + qr + mx.mm(1.5), y,
                                                INK)
                        row_ops += placed
                row_h = max(row_h, y + mx.mm(2))
            rows.append(_Atom(row_ops, row_h))
        head = self._text("扫码把联系人存入手机：", MUTED)
        need = head.height + sum(a.height for a in rows) + mx.mm(2)
        if need + room_after > flow.room():
            return 0
        self._gap(flow, 2)
        flow.place([head, *rows], keep=len(rows) + 1)
        return len(cells)


def _shorter(quote: str) -> str:
    """One character less of a quoted clause, cut around its largest figure and marked ``…``; the
    figure itself is never cut (``quote`` comes back unchanged when nothing else is left).

    >>> _shorter("对新认定的国家级重点实验室给予最高1000万元的奖励")
    '…新认定的国家级重点实验室给予最高1000万元的奖励'
    >>> _shorter("…最高1000万元的奖励")
    '…最高1000万元的奖…'
    >>> _shorter("…1000万元…")
    '…1000万元…'
    """
    figs: list[str] = _MONEY.findall(quote)
    if not figs:
        return quote
    fig = max(figs, key=parse_amount)
    i = quote.index(fig)
    lead, tail = quote.startswith("…"), quote.endswith("…")
    before, after = quote[:i].lstrip("…"), quote[i + len(fig):].rstrip("…")
    if before and len(before) > len(after):
        before, lead = before[1:], True
    elif after:
        after, tail = after[:-1], True
    elif before:
        before, lead = before[1:], True
    else:
        return quote
    return ("…" if lead else "") + before + fig + after + ("…" if tail else "")


__all__ = ["FULL_HINT", "HANDBOOK_NOTICE", "MIN_PT", "SHORT_DISCLAIMER", "STEPS", "Fit", "OnePageLayout"]
