"""Evaluate a declared calculator: a pure function of the declaration and the typed inputs.

Money is :class:`~decimal.Decimal` 元 throughout; each line is rounded to the fen (ROUND_HALF_UP)
at its end and the total is the sum of the rounded lines.  Every line carries its working in
Chinese, written from the declaration (labels, the rates and caps as the document writes them).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from content.calc.inputs import Value, display_value, parse_inputs
from content.calc.model import (
    All,
    AnyOf,
    BaseRef,
    CalcLine,
    CalcResult,
    Calculator,
    Cap,
    Choose,
    CitedDocument,
    Compare,
    Cond,
    Expr,
    In,
    InputRef,
    Is,
    LineRef,
    Lit,
    Minimum,
    Not,
    Pool,
    Product,
    Rule,
    Sum,
)
from content.calc.parsing import format_money, format_rate, round_fen

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass
class _State:
    calc: Calculator
    values: dict[str, Value]
    lines: dict[str, CalcLine] = field(default_factory=dict)
    bases: dict[str, Decimal] = field(default_factory=dict)
    pool_used: dict[str, Decimal] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------------
def holds(cond: Cond, values: Mapping[str, Value]) -> bool:
    """Whether a declared condition holds for the given (typed) inputs."""
    if isinstance(cond, Is):
        return values[cond.input] == cond.value
    if isinstance(cond, In):
        return values[cond.input] in cond.values
    if isinstance(cond, Compare):
        v = values[cond.input]
        assert isinstance(v, Decimal)
        x = cond.value.value
        return {"at_least": v >= x, "above": v > x, "below": v < x, "at_most": v <= x}[cond.op]
    if isinstance(cond, All):
        return all(holds(c, values) for c in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(c, values) for c in cond.items)
    assert isinstance(cond, Not)
    return not holds(cond.item, values)


# --------------------------------------------------------------------------------------------
# Expressions: a value and how to say it
# --------------------------------------------------------------------------------------------
def _lit_text(lit: Lit) -> str:
    if lit.kind == "money":
        return format_money(lit.value)
    return lit.text


def _ev(st: _State, e: Expr, details: list[str]) -> tuple[Decimal, str]:
    """Evaluate ``e``; return the value and a term for the working (``技术合同交易额 300万元``).

    Labelled sums and products add their own definition to ``details``.
    """
    if isinstance(e, Lit):
        return e.value, _lit_text(e)
    if isinstance(e, InputRef):
        inp = st.calc.input(e.name)
        assert inp is not None
        v = st.values[e.name]
        assert isinstance(v, Decimal)
        if inp.type == "rate":
            return v, f"{inp.label} {format_rate(v)}"
        if inp.type == "count":
            return v, f"{inp.label} {v}{inp.unit}"
        return v, f"{inp.label} {format_money(v)}"
    if isinstance(e, LineRef):
        line = st.lines.get(e.rule)
        if line is None:  # the rule did not apply: its line counts as 0
            rule = next(r for r in st.calc.rules if r.id == e.rule)
            return ZERO, f"{rule.label} 0元"
        return line.amount, f"{line.label} {format_money(line.amount)}"
    if isinstance(e, BaseRef):
        rule = next(r for r in st.calc.rules if r.id == e.rule)
        v = st.bases.get(e.rule, ZERO)
        name = rule.base_label or getattr(rule.base, "label", "") or f"{rule.label}的计算基数"
        return v, f"{name} {format_money(v)}"
    if isinstance(e, Choose):
        choice = st.values[e.input]
        lit = dict(e.values)[str(choice)]
        return lit.value, (f"{e.label} {_lit_text(lit)}" if e.label else _lit_text(lit))
    if isinstance(e, Sum | Product | Minimum):
        parts = [_ev(st, x, details) for x in e.items]
        if isinstance(e, Sum):
            value = sum((p[0] for p in parts), ZERO)
            shown = [t for v, t in parts if v != 0] or [parts[0][1]]
            inner = " + ".join(shown)
        elif isinstance(e, Product):
            value = ONE
            for p in parts:
                value *= p[0]
            inner = "×".join(t for _, t in parts)
        else:
            value = min(p[0] for p in parts)
            inner = "、".join(t for _, t in parts) + "中较小者"
        if e.label:
            if not isinstance(e, Sum) or len(shown) > 1:
                details.append(f"{e.label} = {inner} = {format_money(value)}")
            return value, f"{e.label} {format_money(value)}"
        return value, (f"({inner})" if isinstance(e, Sum) and len(shown) > 1 else inner)
    raise TypeError(f"unknown expression {e!r}")  # pragma: no cover - the loader admits no other


# --------------------------------------------------------------------------------------------
# Caps and pools
# --------------------------------------------------------------------------------------------
def _apply_cap(st: _State, cap: Cap, amount: Decimal, details: list[str]) -> tuple[Decimal, str]:
    if cap.max_share is not None:
        assert cap.of is not None
        of_v, of_t = _ev(st, cap.of, details)
        r = cap.max_share.value
        limit = of_v * r / (ONE - r)
        r_t = cap.max_share.text
        what = f"{cap.label} = {of_t} × {r_t} ÷ (1 − {r_t}) = {format_money(limit)}"
    else:
        assert cap.limit is not None
        lim_v, lim_t = _ev(st, cap.limit, details)
        if cap.less:
            less = [_ev(st, x, details) for x in cap.less]
            limit = max(ZERO, lim_v - sum((v for v, _ in less), ZERO))
            what = f"{cap.label} {lim_t} − " + " − ".join(t for _, t in less) + f" = 剩余 {format_money(limit)}"
        else:
            limit = lim_v
            what = f"{cap.label} {lim_t}"
            if isinstance(cap.limit, Sum | Product | Minimum) and not cap.limit.label:
                what += f" = {format_money(limit)}"
    if amount > limit:
        if limit == 0:
            return ZERO, f"{what}，额度已用完，本项为 0 元"
        return limit, f"超过{what}，按 {format_money(limit)}计"
    return amount, f"未超过{what}"


def _pool_limit(st: _State, pool: Pool, details: list[str]) -> tuple[Decimal, str]:
    lim_v, lim_t = _ev(st, pool.limit, details)
    text = f"{pool.label} {lim_t}"
    for x in pool.less:
        v, t = _ev(st, x, details)
        lim_v -= v
        text += f" − {t}"
    return max(ZERO, lim_v), text


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------
def _rule_amount(st: _State, rule: Rule, details: list[str]) -> tuple[Decimal, str]:
    """The amount before caps and the main sentence of the working."""
    base_v, base_t = (ZERO, "")
    if rule.base is not None:
        base_v, base_t = _ev(st, rule.base, details)
        st.bases[rule.id] = base_v
    if rule.kind == "rate":
        value = base_v
        factors = []
        for r in rule.rates:
            rv, rt = _ev(st, r, details)
            value *= rv
            factors.append(rt if isinstance(r, Lit) else format_rate(rv))
        return value, f"{base_t}×{'×'.join(factors)} = {format_money(value)}"
    if rule.kind == "tiers":
        value, lower, parts = ZERO, ZERO, []
        for t in rule.tiers:
            upper = t.upto.value if t.upto is not None else None
            if base_v <= lower:
                break
            portion = (min(base_v, upper) if upper is not None else base_v) - lower
            value += portion * t.rate.value
            parts.append(f"{format_money(portion)}×{t.rate.text}")
            if upper is None:
                break
            lower = upper
        if not parts:
            parts = [f"0元×{rule.tiers[0].rate.text}"]
        return value, f"{base_t}：{' + '.join(parts)} = {format_money(value)}"
    if rule.kind == "value":
        return base_v, base_t
    if rule.kind == "fixed":
        assert rule.fixed is not None
        return rule.fixed.value, f"{rule.base_label or '定额'} {format_money(rule.fixed.value)}"
    if rule.kind == "table":
        inp = st.calc.input(rule.table_input)
        assert inp is not None
        choice = str(st.values[rule.table_input])
        lit = dict(rule.table).get(choice)
        if lit is None:
            return ZERO, f"{inp.label}：{inp.choice_label(choice)}，本项不适用，为 0 元"
        return lit.value, f"{inp.label}：{inp.choice_label(choice)}，{format_money(lit.value)}"
    if rule.kind == "lookup":
        inp = st.calc.input(rule.lookup_input)
        assert inp is not None
        v = st.values[rule.lookup_input]
        assert isinstance(v, Decimal)
        shown = format_money(v) if inp.type == "money" else f"{v}{inp.unit}"
        for b in rule.brackets:
            if v >= b.at_least.value:
                return b.amount.value, f"{inp.label} {shown}，{b.label}：{format_money(b.amount.value)}"
        below = rule.below_text or "未达到最低一档"
        return ZERO, f"{inp.label} {shown}，{below}，本项为 0 元"
    if rule.kind == "step_up":
        assert rule.step is not None
        s = rule.step
        i_cur, i_prev = st.calc.input(s.input), st.calc.input(s.previous)
        assert i_cur is not None and i_prev is not None
        cur, prev = str(st.values[s.input]), str(st.values[s.previous])
        order = [k for k, _ in s.amounts]
        amounts = dict(s.amounts)
        cur_amt = amounts[cur].value
        cur_t = f"{i_cur.choice_label(cur)}奖励 {format_money(cur_amt)}"
        if prev == s.none_value:
            return cur_amt, cur_t
        prev_amt = amounts[prev].value
        prev_t = f"已获{i_prev.choice_label(prev)}奖励 {format_money(prev_amt)}"
        if order.index(prev) >= order.index(cur):
            return ZERO, f"{cur_t}，{prev_t}，不高于已获奖励，没有差额可奖，本项为 0 元"
        diff = cur_amt - prev_amt
        return diff, f"{cur_t} − {prev_t} = 差额 {format_money(diff)}"
    raise TypeError(f"unknown rule kind {rule.kind}")  # pragma: no cover


def _line(st: _State, rule: Rule) -> CalcLine:
    details: list[str] = []
    if rule.require is not None and not holds(rule.require.cond, st.values):
        lead = ""
        if rule.base is not None:
            v, t = _ev(st, rule.base, details)
            st.bases[rule.id] = v
            lead = f"{t}："
        text = f"{lead}不符合“{rule.require.text}”，本项为 0 元"
        return _make(rule, ZERO, "；".join([*details, text]))
    amount, main = _rule_amount(st, rule, details)
    amount = max(amount, ZERO)
    clauses = [main]
    for cap in rule.caps:
        amount, said = _apply_cap(st, cap, amount, details)
        clauses.append(said)
    if rule.pool:
        pool = next(p for p in st.calc.pools if p.id == rule.pool)
        if pool.when is None or holds(pool.when, st.values):
            limit, lim_t = _pool_limit(st, pool, details)
            used = st.pool_used.get(pool.id, ZERO)
            remaining = max(ZERO, limit - used)
            if amount > remaining:
                before = f"前面各项已计 {format_money(used)}，" if used else ""
                then = f"按 {format_money(remaining)}计" if remaining else "本项为 0 元"
                clauses.append(f"{lim_t}，{before}剩余 {format_money(remaining)}，{then}")
                amount = remaining
            st.pool_used[pool.id] = used + round_fen(amount)
    working = clauses[0] + "".join(("，" if i == 0 else "；") + c for i, c in enumerate(clauses[1:]))
    text = "；".join([*details, working])
    if rule.note:
        text += f"。{rule.note}"
    return _make(rule, amount, text)


def _make(rule: Rule, amount: Decimal, text: str) -> CalcLine:
    return CalcLine(level=rule.level, label=rule.label, amount=round_fen(amount), explanation=text,
                    source=rule.source, in_total=rule.in_total, cites=rule.cites, rule=rule.id)


def _split_lines(st: _State, rule: Rule) -> list[CalcLine]:
    whole = st.lines.get(rule.split_of)
    if whole is None:
        return []
    out: list[CalcLine] = []
    done = ZERO
    for i, part in enumerate(rule.split):
        exact = whole.amount * part.share.value
        if i == len(rule.split) - 1:
            amount = whole.amount - done
            text = f"{whole.label} {format_money(whole.amount)} × {part.share.text} = {format_money(exact)}"
            if amount != round_fen(exact):
                text += f"（取总额减去前面各笔，使各笔合计等于总额：{format_money(amount)}）"
        else:
            amount = round_fen(exact)
            text = f"{whole.label} {format_money(whole.amount)} × {part.share.text} = {format_money(exact)}"
        done += amount
        if part.note:
            text += f"，{part.note}"
        out.append(CalcLine(level=rule.level, label=part.label, amount=round_fen(amount), explanation=text,
                            source=rule.source, in_total=False, cites=rule.cites, rule=rule.id))
    return out


# --------------------------------------------------------------------------------------------
# Status warnings
# --------------------------------------------------------------------------------------------
def _status_warnings(rules: list[Rule], today: _dt.date) -> list[str]:
    draft: dict[str, list[str]] = {}
    expired: dict[tuple[str, int, str], list[str]] = {}
    for r in rules:
        if r.status == "征求意见稿":
            draft.setdefault(r.basis, []).append(r.label)
        if (r.period_end and today.year > r.period_end) or r.status == "已到期":
            expired.setdefault((r.basis, r.period_end, r.period_label), []).append(r.label)
    out: list[str] = []
    for basis, labels in draft.items():
        names = "、".join(f"「{x}」" for x in dict.fromkeys(labels))
        out.append(f"{basis}是征求意见稿，尚未正式印发施行：{names}的金额仅供参考，以正式印发的文件为准。")
    for (basis, end, plabel), labels in expired.items():
        names = "、".join(f"「{x}」" for x in dict.fromkeys(labels))
        when = f"（{plabel}）" if plabel else ""
        ended = f"已于{end}年底结束" if end else "已到期"
        out.append(f"{basis}的执行期{when}{ended}：{names}仅供参考，请向主管部门确认是否仍在执行或已有接续政策。")
    return out


def _cited_text(docs: list[CitedDocument], year: int) -> tuple[str, bool]:
    """``长安区科技政策措施明白卡（期限已过：原文：2022年6月底前）``; and whether any of them is a draft."""
    items: list[str] = []
    draft = False
    for d in docs:
        parts: list[str] = []
        if d.status == "征求意见稿":
            draft = True
            parts.append("尚未正式印发" if "征求意见稿" in d.document else "征求意见稿，尚未正式印发")
        elif d.status:
            parts.append(d.status + (f"：{d.reason}" if d.reason and d.status == "期限已过" else ""))
        items.append(f"{d.document}（{'，'.join(parts)}）" if parts else d.document)
    return "、".join(items), draft


def _validity_warnings(rules: list[Rule], today: _dt.date) -> list[str]:
    """Warnings for lines none of whose citations is 现行, from the computed status of the cited measures.

    A rule that declares its own status or period has been read by a person; its declared warning
    (:func:`_status_warnings`) stands instead.
    """
    groups: dict[tuple[str, bool], list[str]] = {}
    for r in rules:
        if r.declares_validity or not r.cited or any(c.in_force() for c in r.cited):
            continue
        docs = list({(c.document, c.status, c.reason): c for c in r.cited}.values())
        groups.setdefault(_cited_text(docs, today.year), []).append(r.label)
    out: list[str] = []
    for (docs_text, draft), labels in groups.items():
        names = "、".join(f"「{x}」" for x in dict.fromkeys(labels))
        ask = "是否已正式印发、现在是否执行" if draft else "现在是否仍在执行"
        out.append(f"{names}依据的是{docs_text}；{ask}，请向所列联系人或主管部门核实，并以正式文件为准。")
    return out


def evaluate(calc: Calculator, raw: Mapping[str, str], *, today: _dt.date | None = None) -> CalcResult:
    """Compute ``calc`` for the inputs ``raw`` (name -> text as typed).

    Args:
        calc: A loaded calculator.
        raw: Input texts by name; a missing or empty text means the declared default.
        today: The date used to tell whether a policy period has ended (default: today).

    Returns:
        The total (sum of the lines marked ``in_total``), one line per applicable rule with its
        working, the applicable conditions and the warnings.

    Raises:
        CalcInputError: an input is missing, unknown or not of the expected form.
    """
    values = parse_inputs(calc, raw)
    st = _State(calc, values)
    included: list[Rule] = []
    lines: list[CalcLine] = []
    with localcontext() as ctx:
        ctx.prec = 34
        for rule in calc.rules:
            if rule.when is not None and not holds(rule.when, values):
                continue
            if rule.skip_if_zero and rule.base is not None and _ev(st, rule.base, [])[0] == 0:
                continue
            included.append(rule)
            if rule.kind == "split":
                lines.extend(_split_lines(st, rule))
                continue
            line = _line(st, rule)
            st.lines[rule.id] = line
            lines.append(line)
    total = sum((ln.amount for ln in lines if ln.in_total), ZERO)
    warnings: list[str] = [w.text for w in calc.warnings if w.when is None or holds(w.when, values)]
    for r in included:
        warnings.extend(r.warnings)
    day = today or _dt.date.today()
    warnings.extend(_status_warnings(included, day))
    warnings.extend(_validity_warnings(included, day))
    conditions = tuple(c for c in calc.conditions if c.when is None or holds(c.when, values))
    # only the inputs the form shows for these values (a 石家庄 enterprise has no 列统 field)
    shown = tuple((i.label, display_value(i, values[i.name])) for i in calc.inputs
                  if i.when is None or holds(i.when, values))
    cites: list[str] = []
    for r in included:
        cites.extend(m for m in r.cites if m not in cites)
    lines = [_with_status(ln, calc) for ln in lines]
    return CalcResult(
        calculator=calc.id, title=calc.title, total=round_fen(total), unit="元", lines=tuple(lines),
        conditions=conditions, warnings=tuple(dict.fromkeys(warnings)), inputs=shown, cites=tuple(cites),
        total_label=calc.total_label,
    )


def _with_status(line: CalcLine, calc: Calculator) -> CalcLine:
    """The line with the computed status of the measure it cites (the reader's status, never another)."""
    for r in calc.rules:
        for c in r.cited:
            if c.measure == line.source:
                return replace(line, status=c.status)
    return line


def result_to_json(result: CalcResult) -> dict[str, object]:
    """The JSON form of a result; amounts are strings with two decimals (``"123.45"``)."""
    return {
        "calculator": result.calculator,
        "title": result.title,
        "total": f"{result.total:.2f}",
        "total_label": result.total_label,
        "unit": result.unit,
        "lines": [
            {"level": ln.level, "label": ln.label, "amount": f"{ln.amount:.2f}", "explanation": ln.explanation,
             "source": ln.source, "in_total": ln.in_total, "status": ln.status}
            for ln in result.lines
        ],
        "conditions": [c.text for c in result.conditions],
        "condition_sources": [c.source for c in result.conditions],
        "warnings": list(result.warnings),
        "cites": list(result.cites),
    }
