"""A match result as JSON (``main.py match --json``) and as plain text (the CLI's default output).

Amounts in JSON are strings with two decimals (``"100000.00"``), like the calculators' JSON.  Qt-free.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from content.calc.parsing import format_money
from content.model import Contact
from content.profile.matcher import DISCLAIMER, MatchResult, MeasureMatch
from content.profile.model import GROUP_ORDER, AmountLine, CalcRun, Check, Figures, Group


def money(v: Decimal) -> str:
    return f"{v:.2f}"


def figures_json(f: Figures) -> dict[str, str]:
    return {"confirmed": money(f.confirmed), "to_verify": money(f.to_verify), "excluded": money(f.excluded)}


def figures_text(f: Figures) -> str:
    """``可确认 0元 · 待核实 40万元 · 不计入 30万元``."""
    return f"可确认 {format_money(f.confirmed)} · 待核实 {format_money(f.to_verify)} · 不计入 {format_money(f.excluded)}"


def dial(c: Contact) -> str:
    """The number to dial: as printed, with the area code added to a bare local number."""
    return c.phone_dial


def phone_shown(c: Contact) -> str:
    """The number as screen and paper show it: as printed first; an area code the content does not print
    follows, marked as the editor's (never passed off as printed).

    >>> phone_shown(Contact(office="办公室", phone="85678026", area_code="0311"))
    '85678026（区号0311编者补）'
    >>> phone_shown(Contact(phone="0311-85889143", area_code="0311"))
    '0311-85889143'
    """
    return c.phone + (f"（区号{c.area_code_added}编者补）" if c.area_code_added else "")


def contact_json(c: Contact) -> dict[str, str]:
    d = {"office": c.office, "person": c.person, "phone": c.phone, "dial": dial(c), "email": c.email,
         "label": c.label}
    if c.area_code_added:  # "dial" carries an area code the source does not print: say whose it is
        d["dial_note"] = f"区号{c.area_code_added}为编者所补，原件印作{c.phone}"
    return d


def _check_json(c: Check) -> dict[str, str]:
    d = {"kind": c.kind, "text": c.text}
    if c.detail:
        d["detail"] = c.detail
    if c.quote:
        d["quote"] = c.quote
    return d


def has_amount(m: MeasureMatch) -> bool:
    return bool(m.amount.lines)


def measure_json(result: MatchResult, m: MeasureMatch, *, full: bool = True) -> dict[str, Any]:
    """One measure of the result; ``full=False`` (不适用) leaves out contacts and text figures."""
    me = m.measure
    d: dict[str, Any] = {
        "id": me.id, "title": me.display_title, "document": m.document or me.document_id,
        "level": me.level, "region": me.region, "issuer": me.issuer_text,
        "status": m.validity.to_json(),
        "conditions": {"met": [_check_json(c) for c in m.met], "unmet": [_check_json(c) for c in m.unmet],
                       "unknown": [_check_json(c) for c in m.unknown]},
        "deadline": ({"date": me.deadline.date, "wording": me.deadline.wording} if me.deadline else None),
        "calculators": list(m.calculators),
        "folded_into": m.folded_into,
        "counted_in": m.counted_in,
    }
    if has_amount(m):
        d["amount"] = {
            **figures_json(m.amount.subsidy),
            "deduction": figures_json(m.amount.deduction),
            "lines": [{"calculator": ln.calculator, "label": ln.label, "level": ln.level, "amount": money(ln.amount),
                       "low": money(ln.low) if ln.is_range and ln.low is not None else None,
                       "bucket": ln.bucket.value, "status": ln.status, "in_total": ln.in_total,
                       "why": ln.why, "deduction": ln.deduction, "explanation": ln.explanation}
                      for ln in m.amount.lines]}
    else:
        d["amount"] = None
    if full:
        d["text_figures"] = list(m.text_figures)
        d["contacts"] = [contact_json(c) for c in m.contacts]
        d["related"] = [x.measure.id for x in result.folded_under(me.id)]
    return d


def result_to_json(result: MatchResult) -> dict[str, Any]:
    """The whole result: the profile, the three groups, the totals, the calculator runs."""
    schema = result.schema
    prof = [{"id": f.id, "label": f.label, "value": _plain(v), "display": f.display(v)}
            for f in schema.fields if (v := result.profile.get(f.id)) is not None]
    groups: dict[str, list[dict[str, Any]]] = {}
    totals: dict[str, Any] = {}
    for g in GROUP_ORDER:
        ms = result.group(g, folded=False)
        groups[g.key] = [measure_json(result, m, full=g is not Group.NOT_APPLICABLE) for m in ms]
        totals[g.key] = {**figures_json(result.total(g)), "deduction": figures_json(result.total(g, deduction=True)),
                         "by_level": {k: figures_json(v) for k, v in result.total_by_level(g).items()},
                         "count": len(ms)}
    return {
        "name": result.profile.name,
        "profile": prof,
        "location": result.location.text(),
        "notes": list(result.notes),
        "today": result.today.isoformat(),
        "summary": result.summary_line,
        "groups": groups,
        "totals": totals,
        "calculators": [{"id": r.calculator, "title": r.title, "ran": r.ran, "reason": r.reason,
                         "missing": list(r.missing), "inputs": [list(x) for x in r.inputs],
                         "total": money(r.total), "total_label": r.total_label, "deduction": r.deduction,
                         "stacking": list(r.stacking), "warnings": list(r.warnings)} for r in result.runs],
        "disclaimer": DISCLAIMER,
    }


def _plain(v: object) -> object:
    if isinstance(v, Decimal):
        return money(v)
    return v


def not_computed(result: MatchResult, m: MeasureMatch) -> str:
    """Why a measure that a calculator cites has no amount, and what would give it one.

    ``填写“贷款利息”后可测算`` when a calculator the 体检 runs waits for an answer; the reason when it
    cannot run; ``可用计算器“…”测算`` when the calculator needs figures the profile does not ask for.
    """
    runs = [r for r in result.runs if r.calculator in m.calculators]
    missing = [label for r in runs for label in r.missing]
    if missing:
        return "填写" + "、".join(f"“{x}”" for x in dict.fromkeys(missing)) + "后可测算"
    reasons = [r.reason for r in runs if not r.ran and r.reason]
    if reasons:
        return reasons[0]
    others = [cid for cid in m.calculators if all(r.calculator != cid for r in runs)]
    if others:
        titles = "、".join(f"「{result.calculator_titles.get(c, c)}」" for c in others)
        return f"企业情况不含这项计算所需的数字，可用计算器{titles}测算"
    return "所填情况不需要这项计算"


def run_text(r: CalcRun) -> str:
    """One calculator of the 体检 in one line: the inputs used and its result, or what it waits for."""
    if r.ran:
        used = "；".join(f"{label} {value}" for label, value in r.inputs)
        f = r.figures
        split = f"（{figures_text(f)}）" if not f.is_zero else ""
        total = f"{r.total_label or '合计'} {format_money(r.total)}{split}"
        kind = "税前加计扣除额，" if r.deduction else ""
        return f"「{r.title}」按 {used} 测算：{kind}{total}"
    if r.missing:
        return f"「{r.title}」未测算：填写" + "、".join(f"“{x}”" for x in r.missing) + "后可测算"
    return f"「{r.title}」未测算：{r.reason}" if r.reason else ""


def run_texts(result: MatchResult) -> list[str]:
    """The calculators the 体检 ran (with the inputs used) or could run once a field is filled in."""
    return [t for r in result.runs if (r.ran or r.missing or (r.reason and r.reason != "所填情况不需要这项计算"))
            and (t := run_text(r))]


def amount_text(m: MeasureMatch, result: MatchResult | None = None) -> str:
    """The amount of a measure in one line, or the text's own figures when no calculator ran."""
    if has_amount(m):
        parts = []
        if not m.amount.subsidy.is_zero or m.amount.deduction.is_zero:
            parts.append(figures_text(m.amount.subsidy))
        if not m.amount.deduction.is_zero:
            parts.append("税前加计扣除额 " + figures_text(m.amount.deduction))
        return "；".join(parts)
    if m.counted_in:
        return f"与 {m.counted_in} 是同一项支持，金额计入该条"
    if m.calculators:
        why = not_computed(result, m) if result is not None else "填写相关数字后可测算"
        return f"未测算（{why}；下面是原文所写的金额）" if m.text_figures else f"未测算（{why}）"
    return ""


def line_text(ln: AmountLine) -> str:
    """``· 市级 石家庄市科技创新券 10万元（备选，未计入：…）`` — one calculator line as every surface says it."""
    amount = f"{format_money(ln.low)}～{format_money(ln.amount)}" if ln.is_range and ln.low is not None \
        else format_money(ln.amount)
    kept_apart = ln.why if ln.why.startswith("备选") else "说明，不计入合计"
    return f"· {ln.level} {ln.label} {amount}（{ln.bucket.value if ln.in_total else kept_apart}）"


def run_notes(result: MatchResult) -> list[str]:
    """How the calculators combined their lines (added because a text allows it, or alternatives)."""
    return [s for r in result.runs if r.ran for s in r.stacking]


def result_to_text(result: MatchResult) -> str:
    """A readable summary for the terminal."""
    out = [f"政策体检 — {result.profile.name or '我的企业'}　所在地：{result.location.text()}",
           f"{result.summary_line}　计算日期 {result.today.isoformat()}"]
    out += [f"注：{n}" for n in result.notes]
    for g in GROUP_ORDER:
        ms = result.group(g)
        total = result.total(g)
        out.append("")
        out.append(f"【{g.value}】{len(ms)} 条　金额合计：{figures_text(total)}")
        ded = result.total(g, deduction=True)
        if not ded.is_zero:
            out.append(f"　　另：税前加计扣除额 {figures_text(ded)}（减少应纳税所得额，不是拨付的资金）")
        if g is Group.NOT_APPLICABLE:
            continue
        for m in ms:
            me = m.measure
            out.append(f"  {me.id}  {me.display_title}　[{m.validity.label}]　{me.level} {me.region}")
            amt = amount_text(m, result)
            if amt:
                out.append(f"      金额：{amt}")
            for ln in m.amount.lines:
                out.append(f"        {line_text(ln)}")
            for s in m.text_figures[:2]:
                out.append(f"      原文：“{s}”")
            if me.deadline:
                out.append(f"      期限：{me.deadline.wording}")
            for c in m.reasons()[:4]:
                out.append(f"      {'✓' if g is Group.APPLICABLE else '?'} {c.sentence()}")
            for ct in m.contacts[:3]:
                who = " ".join(x for x in (ct.office, ct.person) if x)
                out.append(f"      联系：{who} {ct.phone}".rstrip())
            folded = result.folded_under(me.id)
            if folded:
                out.append("      另见：" + "、".join(f.measure.id for f in folded))
    notes = run_notes(result)
    if notes:
        out += ["", "金额怎样合计："] + [f"  {n}" for n in notes]
    runs = run_texts(result)
    if runs:
        out += ["", "测算所用的数字（计算器）："] + [f"  {t}" for t in runs]
    out += ["", DISCLAIMER]
    return "\n".join(out) + "\n"
