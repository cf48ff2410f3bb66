"""HTML of a 政策体检 result for the 我的企业 screen (a QTextBrowser page).

Only renders what :mod:`content.profile` computed: groups, amounts, statuses, conditions, contacts.
Links: ``item:ID`` opens a measure, ``calc:ID`` a calculator.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QCoreApplication

from content.calc.parsing import format_money
from content.profile import Figures, Group, MatchResult, MeasureMatch
from content.profile.report import line_text, phone_shown, run_notes, run_texts
from ui.pages import link
from ui.render import PageStyle, badge, esc, level_badge, status_badge, stylesheet
from ui.style import ACCENT_DARK, MUTED

GROUP_COLOURS = {Group.APPLICABLE: ("#17622c", "#dff2e4"), Group.TO_CONFIRM: ("#6b5a00", "#fbf1c7"),
                 Group.NOT_APPLICABLE: ("#5b6470", "#e6e8eb")}
CONFIRMED_INK, TO_VERIFY_INK, EXCLUDED_INK = "#17622c", "#8a5a00", "#6b7380"


def _t(text: str) -> str:
    return QCoreApplication.translate("profile", text)


def figures_html(f: Figures, *, big: bool = False) -> str:
    """可确认 / 待核实 / 不计入, each in its colour."""
    size = ' style="font-size:large"' if big else ""
    nw = "white-space:nowrap"  # a figure never breaks between 20万 and 元
    return (f'<span{size}><b style="color:{CONFIRMED_INK}; {nw}">{esc(_t("可确认"))} {esc(format_money(f.confirmed))}</b>'
            f'　<b style="color:{TO_VERIFY_INK}; {nw}">{esc(_t("待核实"))} {esc(format_money(f.to_verify))}</b>'
            f'　<span style="color:{EXCLUDED_INK}; {nw}">{esc(_t("不计入"))} {esc(format_money(f.excluded))}</span></span>')


def totals_html(result: MatchResult) -> str:
    rows = []
    counts = result.counts()
    for g in Group:
        total = result.total(g)
        ded = result.total(g, deduction=True)
        extra = ""
        if not ded.is_zero:
            extra = (f'<br/><span class="small">{esc(_t("另：税前加计扣除额"))} {figures_html(ded)}'
                     f'<span class="muted">{esc(_t("（减少应纳税所得额，不是拨付的资金）"))}</span></span>')
        levels = ""
        if g is Group.APPLICABLE:
            by = result.total_by_level(g)
            if by:
                levels = '<br/><span class="small muted">' + "；".join(
                    f"{esc(k)}：{esc(format_money(v.confirmed))} / {esc(format_money(v.to_verify))} / "
                    f"{esc(format_money(v.excluded))}" for k, v in by.items()) + "</span>"
        rows.append(f'<tr><td valign="top">{badge(g.value, GROUP_COLOURS[g])}</td>'
                    f'<td valign="top" align="right"><b>{counts[g]}</b> {esc(_t("条"))}</td>'
                    f'<td valign="top">{figures_html(total, big=g is Group.APPLICABLE) if not total.is_zero or g is Group.APPLICABLE else ""}'
                    f"{extra}{levels}</td></tr>")
    return f'<table cellspacing="0" cellpadding="4" width="100%">{"".join(rows)}</table>'


def _amount(result: MatchResult, m: MeasureMatch) -> str:
    parts = []
    if m.amount.lines:
        if not m.amount.subsidy.is_zero or m.amount.deduction.is_zero:
            parts.append(figures_html(m.amount.subsidy))
        if not m.amount.deduction.is_zero:
            parts.append(esc(_t("税前加计扣除额")) + " " + figures_html(m.amount.deduction))
    elif m.counted_in:
        other = result.get(m.counted_in)
        title = other.measure.display_title if other is not None else m.counted_in
        parts.append(f'<span class="muted">{esc(_t("与"))}“<a href="{link("item", m.counted_in)}">{esc(title)}</a>”'
                     f'{esc(_t("是同一项支持，金额计入该条"))}</span>')
    for s in m.text_figures[:2]:
        parts.append(f'<span class="muted">{esc(_t("原文："))}“{esc(s)}”</span>')
    return "<br/>".join(parts)


def _contacts(m: MeasureMatch) -> str:
    out = []
    for c in m.contacts[:4]:
        who = " ".join(x for x in (c.office, c.person) if x)
        out.append(f"{esc(who)} <b>{esc(phone_shown(c))}</b>")
    return "；".join(out)


def measure_html(result: MatchResult, m: MeasureMatch) -> str:
    me = m.measure
    head = (f'<a href="{link("item", me.id)}"><b>{esc(me.display_title)}</b></a>　'
            f"{status_badge(m.validity)} {level_badge(me.level)} <span class='small muted'>{esc(me.region)}"
            f"　{esc(m.document)}</span>")
    lines = [head]
    amt = _amount(result, m)
    if amt:
        lines.append(amt)
    for ln in m.amount.lines:
        lines.append(f'<span class="small muted">{esc(line_text(ln))}</span>')
    if me.deadline:
        lines.append(f'<span class="small">{esc(_t("期限："))}{esc(me.deadline.wording)}</span>')
    mark = "✓" if m.group is Group.APPLICABLE else "？"
    reasons = [c for c in m.reasons() if c.kind != "region" and c.kind != "beneficiary"] or m.reasons()
    for c in reasons[:4]:
        q = f'<span class="muted">（原文：“{esc(c.quote)}”）</span>' if c.quote and m.group is Group.TO_CONFIRM else ""
        lines.append(f'<span class="small">{mark} {esc(c.sentence())}{q}</span>')
    ct = _contacts(m)
    if ct:
        lines.append(f'<span class="small">☎ {ct}</span>')
    links = [f'<a href="{link("calc", cid)}">{esc(_t("计算器"))}</a>' for cid in m.calculators[:1]]
    folded = result.folded_under(me.id)
    if folded:
        links.append(esc(_t("另见：")) + "、".join(
            f'<a href="{link("item", f.measure.id)}">{esc(f.measure.title)}</a>' for f in folded[:6])
            + (esc(_t("等 {n} 条")).format(n=len(folded)) if len(folded) > 6 else ""))
    if links:
        lines.append('<span class="small">' + "　".join(links) + "</span>")
    return f'<p style="line-height:135%; margin-bottom:12px">{"<br/>".join(lines)}</p>'


def not_applicable_html(result: MatchResult) -> str:
    ms = result.group(Group.NOT_APPLICABLE)
    kinds: Counter[str] = Counter()
    failed: list[MeasureMatch] = []
    for m in ms:
        kinds_of = {c.kind for c in m.unmet}
        if "region" in kinds_of:
            kinds["region"] += 1
        elif "beneficiary" in kinds_of:
            kinds["beneficiary"] += 1
        elif "arrangement" in kinds_of:
            kinds["arrangement"] += 1
        else:
            kinds["condition"] += 1
            failed.append(m)
    names = {"region": _t("其他地区的措施"), "beneficiary": _t("面向高校院所、人才、政府等，不是企业本身"),
             "arrangement": _t("主管部门的工作安排或目标（编者判断）"), "condition": _t("条件与所填情况不符")}
    out = ['<p class="small">' + "；".join(f"{esc(names[k])} {n} {esc(_t('条'))}" for k, n in kinds.items()) + "</p>"]
    for m in failed:
        why = "；".join(c.sentence() for c in m.unmet if c.kind not in ("region", "beneficiary"))
        out.append(f'<p class="small" style="margin-bottom:4px"><a href="{link("item", m.measure.id)}">'
                   f"{esc(m.measure.display_title)}</a> {status_badge(m.validity)}"
                   f'<br/><span class="muted">✗ {esc(why)}</span></p>')
    return "".join(out)


def render_result(result: MatchResult | None, *, base_pt: float = 12.0, problem: str = "") -> str:
    """The results page; ``problem`` (a contradicting location) replaces it with one sentence."""
    css = f"<style>{stylesheet(PageStyle(base_pt))}</style>"
    if problem:
        return f'{css}<h2 style="color:#8a1c1c">{esc(problem)}</h2>'
    if result is None:
        return css
    out = [css, totals_html(result)]
    out.append(f'<p class="small muted">{esc(result.summary_line)}　{esc(_t("计算日期"))} {esc(result.today.isoformat())}'
               f"　{esc(_t('所在地：'))}{esc(result.location.text())}</p>")
    for n in result.notes:
        out.append(f'<p class="small" style="color:#7a5a00">{esc(n)}</p>')
    stacking = run_notes(result)
    if stacking:
        out.append('<p class="small muted">' + esc(_t("金额怎样合计：")) + "<br/>".join(esc(x) for x in stacking) + "</p>")
    for g in (Group.APPLICABLE, Group.TO_CONFIRM):
        ms = result.group(g)
        out.append(f'<h2 style="color:{GROUP_COLOURS[g][0]}">{esc(g.value)}（{len(ms)}）</h2>')
        if not ms:
            empty = _t("没有条件全部符合的措施。填写更多企业情况，或看“需确认”。") if g is Group.APPLICABLE else _t("没有。")
            out.append(f'<p class="muted">{esc(empty)}</p>')
        for m in ms:
            out.append(measure_html(result, m))
    out.append(f'<h2 style="color:{MUTED}">{esc(Group.NOT_APPLICABLE.value)}（{result.counts()[Group.NOT_APPLICABLE]}）</h2>')
    out.append(not_applicable_html(result))
    runs = run_texts(result)
    if runs:
        out.append(f'<h3 style="color:{MUTED}">{esc(_t("测算所用的数字（计算器）"))}</h3>')
        out.append('<p class="small">' + "<br/>".join(esc(t) for t in runs) + "</p>")
    from content.profile import DISCLAIMER

    out.append(f'<p class="small" style="color:{ACCENT_DARK}">{esc(DISCLAIMER)}</p>')
    return "".join(out)
