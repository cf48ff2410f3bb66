"""Evaluate a declared calculator: a pure function of the declaration and the typed inputs.

Money is :class:`~decimal.Decimal` 元 throughout; each line is rounded to the fen (ROUND_HALF_UP)
at its end.  Every line carries its working in Chinese, written from the declaration (labels, the
rates and caps as the document writes them).

After the lines are computed, three steps decide what the result may count:

1. **Status.**  Each line counts under the weakest computed status of the measures it depends on
   (its ``source``, ``also_cites`` and the sources of its caps and pool): 现行 → 可确认, 效力未核实 →
   待核实, 征求意见稿 / 期限已过 / 已修订 / 已废止 → 不计入.  A line citing a measure of another region
   than the enterprise's (``regions``) is 不计入 too.  The weakest reading is taken because every
   cited measure is needed for the line as written; to confirm a line, verify every measure it cites.
2. **Stacking.**  Lines are added only when the declaration says a text allows it (``add``);
   every other pair is a pair of alternatives, of which the higher counts (the stronger figure first:
   可确认 money before 待核实 before 不计入).  ``same_cost`` groups never exceed the cost they reimburse.
3. **Figures.**  可确认, 待核实 and 不计入 are the sums of the counted lines by their status; a range the
   text gives (“三成到五成”) is carried as minimum and maximum.  ``total`` is the sum of all counted
   lines at their maximum (“按文件字面测算的最高额，不是承诺”); what the alternatives would give together
   is the 上限情形, kept outside all of them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from itertools import combinations

from content.calc.inputs import Value, display_value, parse_inputs, preset_note
from content.calc.model import (
    FIGURE_LABELS,
    FIGURES,
    STATUS_FIGURE,
    All,
    AnyOf,
    BaseRef,
    CalcLine,
    CalcResult,
    CalcTotals,
    Calculator,
    Cap,
    Ceiling,
    Choose,
    CitedDocument,
    Compare,
    Cond,
    Counted,
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
    Stacking,
    Sum,
    weakest,
)
from content.calc.parsing import format_money, format_rate, round_fen

ZERO = Decimal(0)
ONE = Decimal(1)
#: More lines than this are stacked greedily instead of by trying every combination.
_EXHAUSTIVE = 14


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
    if lit.is_range:
        assert lit.low is not None
        if lit.kind == "money":
            return f"{format_money(lit.low)}～{format_money(lit.value)}"
        return f"({lit.text})"
    if lit.kind == "money":
        return format_money(lit.value)
    return lit.text


def _ev(st: _State, e: Expr, details: list[str]) -> tuple[Decimal, str]:
    """Evaluate ``e``; return the value and a term for the working (``技术合同交易额 300万元``).

    Labelled sums and products add their own definition to ``details``.  A range is its maximum here.
    """
    if isinstance(e, Lit):
        return e.value, _lit_text(e)
    if isinstance(e, InputRef):
        inp = st.calc.input(e.name)
        assert inp is not None
        v = st.values[e.name]
        assert isinstance(v, Decimal)
        if inp.type == "rate":
            return v, f"{inp.label} {display_value(inp, v)}"
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


def _rate_term(st: _State, e: Expr, value: Decimal) -> str:
    """A rate typed by the reader as a factor: ``15%（高新技术企业；编者据…）`` for a preset, else ``15%``."""
    if isinstance(e, InputRef):
        inp = st.calc.input(e.name)
        if inp is not None:
            return format_rate(value) + preset_note(inp, value)
    return format_rate(value)


def _has_range(e: Expr | None) -> bool:
    if isinstance(e, Lit):
        return e.is_range
    if isinstance(e, Sum | Product | Minimum):
        return any(_has_range(x) for x in e.items)
    return False


def _ev_low(st: _State, e: Expr) -> Decimal:
    """The value of ``e`` with every literal range at its low end (for a line's minimum)."""
    if isinstance(e, Lit):
        return e.low if e.is_range and e.low is not None else e.value
    if isinstance(e, Sum):
        return sum((_ev_low(st, x) for x in e.items), ZERO)
    if isinstance(e, Product):
        out = ONE
        for x in e.items:
            out *= _ev_low(st, x)
        return out
    if isinstance(e, Minimum):
        return min(_ev_low(st, x) for x in e.items)
    return _ev(st, e, [])[0]


def _low(e: Expr) -> Decimal | None:
    """The low end of a literal range (the lower rate or amount); ``None`` for anything else."""
    return e.low if isinstance(e, Lit) and e.is_range else None


# --------------------------------------------------------------------------------------------
# Caps and pools
# --------------------------------------------------------------------------------------------
def _cap_limit(st: _State, cap: Cap, details: list[str]) -> tuple[Decimal, str]:
    """The cap's limit and how to say it (``单项上限 …万元``)."""
    if cap.max_share is not None:
        assert cap.of is not None
        of_v, of_t = _ev(st, cap.of, details)
        r = cap.max_share.value
        limit = of_v * r / (ONE - r)
        r_t = cap.max_share.text
        return limit, f"{cap.label} = {of_t} × {r_t} ÷ (1 − {r_t}) = {format_money(limit)}"
    assert cap.limit is not None
    lim_v, lim_t = _ev(st, cap.limit, details)
    if cap.less:
        less = [_ev(st, x, details) for x in cap.less]
        limit = max(ZERO, lim_v - sum((v for v, _ in less), ZERO))
        return limit, f"{cap.label} {lim_t} − " + " − ".join(t for _, t in less) + f" = 剩余 {format_money(limit)}"
    what = f"{cap.label} {lim_t}"
    if isinstance(cap.limit, Sum | Product | Minimum) and not cap.limit.label:
        what += f" = {format_money(lim_v)}"
    return lim_v, what


def _capped(amount: Decimal, limit: Decimal, what: str) -> tuple[Decimal, str]:
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
def _money_range(low: Decimal | None, high: Decimal) -> str:
    if low is None or low == high:
        return format_money(high)
    return f"{format_money(low)}～{format_money(high)}"


def _rule_amount(st: _State, rule: Rule, details: list[str]) -> tuple[Decimal, Decimal | None, str]:
    """The amount before caps (and its minimum for a range) and the main sentence of the working."""
    base_v, base_t = (ZERO, "")
    said = len(details)
    if rule.base is not None:
        base_v, base_t = _ev(st, rule.base, details)
        st.bases[rule.id] = base_v
    base_low = _ev_low(st, rule.base) if rule.base is not None and _has_range(rule.base) else None
    if rule.kind == "value":
        main = details.pop() if len(details) > said else base_t  # “每新增1家奖励1万元 = 3家×1万元 = 3万元”, once
        if base_low is not None:
            main = main.removesuffix(format_money(base_v)) + _money_range(base_low, base_v)
        return base_v, base_low, main
    if rule.kind == "rate":
        value, minimum, ranged = base_v, base_low if base_low is not None else base_v, base_low is not None
        factors = []
        for r in rule.rates:
            rv, rt = _ev(st, r, details)
            r_low = _low(r)
            ranged = ranged or r_low is not None
            value *= rv
            minimum *= rv if r_low is None else r_low
            factors.append(rt if isinstance(r, Lit) else _rate_term(st, r, rv))
        low = minimum if ranged else None
        return value, low, f"{base_t}×{'×'.join(factors)} = {_money_range(low, value)}"
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
        return value, None, f"{base_t}：{' + '.join(parts)} = {format_money(value)}"
    if rule.kind == "fixed":
        assert rule.fixed is not None
        f = rule.fixed
        return f.value, _low(f), f"{rule.base_label or '定额'} {_lit_text(f)}"
    if rule.kind == "table":
        inp = st.calc.input(rule.table_input)
        assert inp is not None
        choice = str(st.values[rule.table_input])
        lit = dict(rule.table).get(choice)
        if lit is None:
            return ZERO, None, f"{inp.label}：{inp.choice_label(choice)}，本项不适用，为 0 元"
        return lit.value, _low(lit), f"{inp.label}：{inp.choice_label(choice)}，{_lit_text(lit)}"
    if rule.kind == "lookup":
        inp = st.calc.input(rule.lookup_input)
        assert inp is not None
        v = st.values[rule.lookup_input]
        assert isinstance(v, Decimal)
        shown = format_money(v) if inp.type == "money" else f"{v}{inp.unit}"
        for b in rule.brackets:
            if v >= b.at_least.value:
                return b.amount.value, _low(b.amount), f"{inp.label} {shown}，{b.label}：{_lit_text(b.amount)}"
        below = rule.below_text or "未达到最低一档"
        return ZERO, None, f"{inp.label} {shown}，{below}，本项为 0 元"
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
            return cur_amt, None, cur_t
        prev_amt = amounts[prev].value
        prev_t = f"已获{i_prev.choice_label(prev)}奖励 {format_money(prev_amt)}"
        if order.index(prev) >= order.index(cur):
            return ZERO, None, f"{cur_t}，{prev_t}，不高于已获奖励，没有差额可奖，本项为 0 元"
        diff = cur_amt - prev_amt
        return diff, None, f"{cur_t} − {prev_t} = 差额 {format_money(diff)}"
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
    amount, low, main = _rule_amount(st, rule, details)
    amount = max(amount, ZERO)
    low = None if low is None else max(low, ZERO)
    clauses = [main]
    for cap in rule.caps:
        limit, what = _cap_limit(st, cap, details)
        if low is not None:
            low = min(low, limit)
        amount, said = _capped(amount, limit, what)
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
                if low is not None:
                    low = min(low, remaining)
            st.pool_used[pool.id] = used + round_fen(amount)
    working = clauses[0] + "".join(("，" if i == 0 else "；") + c for i, c in enumerate(clauses[1:]))
    if low is not None and round_fen(low) != round_fen(amount) and len(clauses) > 1:
        working += f"，即 {_money_range(round_fen(low), round_fen(amount))}"
    text = "；".join([*details, working])
    if rule.note:
        text += f"。{rule.note}"
    line = _make(rule, amount, text)
    if low is not None:
        line = replace(line, low=round_fen(low))
    return line


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
# Status: which figure a line's money is in
# --------------------------------------------------------------------------------------------
def _status_reason(c: CitedDocument) -> str:
    if c.status == "现行":
        return c.label or "现行"
    if c.status in ("期限已过", "征求意见稿", "已修订", "已废止") and c.reason:
        return f"{c.status}（{c.reason}）"
    return c.status


def _with_status(line: CalcLine, rule: Rule | None, regions: Sequence[str] | None) -> CalcLine:
    """The line with the status it counts under and the figure its money is in (before stacking)."""
    cited = rule.cited if rule is not None else ()
    status = weakest(cited) if cited else ""
    figure: Counted = STATUS_FIGURE.get(status, "unverified")  # type: ignore[assignment]
    deciding = next((c for c in cited if c.status == status), None)
    why = _status_reason(deciding) if deciding is not None else "效力未核实"
    if len({c.status for c in cited}) > 1 and deciding is not None:
        why += f"；所引措施中按效力最弱的{deciding.document}计"
    if regions:
        other = [c for c in cited if c.region and c.region != "全国" and c.region not in regions]
        if other:
            figure = "excluded"
            why = f"其他地区：所引{other[0].document}适用于{other[0].region}"
    counted: Counted | None = figure if line.in_total else None
    return replace(line, status=status, counted=counted, why=why, cited=cited)


# --------------------------------------------------------------------------------------------
# Stacking
# --------------------------------------------------------------------------------------------
def _add_pairs(calc: Calculator) -> dict[frozenset[str], Stacking]:
    out: dict[frozenset[str], Stacking] = {}
    for s in calc.stacking:
        if s.kind == "add":
            for a, b in combinations(s.rules, 2):
                out.setdefault(frozenset((a, b)), s)
    return out


def _alternative_basis(calc: Calculator, a: str, b: str) -> Stacking | None:
    for s in calc.stacking:
        if s.kind == "alternatives" and a in s.rules and b in s.rules:
            return s
    return None


def _same_cost(st: _State, calc: Calculator, chosen: Sequence[CalcLine]
               ) -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, str]]:
    """Amounts (max, min) of ``chosen`` after the ``same_cost`` groups, and what each cut says."""
    high = {ln.rule: ln.amount for ln in chosen}
    low = {ln.rule: ln.minimum for ln in chosen}
    said: dict[str, str] = {}
    for s in calc.stacking:
        if s.kind != "same_cost" or s.cost is None:
            continue
        cost, cost_t = _ev(st, s.cost, [])
        left_hi, left_lo = cost, cost
        for ln in chosen:
            if ln.rule not in s.rules:
                continue
            others = [f"「{x.label}」" for x in chosen if x.rule in s.rules and x.rule != ln.rule]
            if high[ln.rule] > left_hi:
                together = f"与{'、'.join(others)}合计" if others else ""
                said[ln.rule] = (f"{together}不超过{cost_t}（{s.label or '同一费用只补一次'}），"
                                 f"本项按 {format_money(max(left_hi, ZERO))}计")
                high[ln.rule] = max(left_hi, ZERO)
            low[ln.rule] = min(low[ln.rule], max(left_lo, ZERO))
            left_hi -= high[ln.rule]
            left_lo -= low[ln.rule]
    return high, low, said


def _score(lines: Sequence[CalcLine], high: Mapping[str, Decimal], low: Mapping[str, Decimal]
           ) -> tuple[Decimal, ...]:
    """可确认 before 待核实 before 不计入; within each, the minimum and then the maximum."""
    out: list[Decimal] = []
    for f in FIGURES:
        out.append(sum((low[ln.rule] for ln in lines if ln.counted == f), ZERO))
        out.append(sum((high[ln.rule] for ln in lines if ln.counted == f), ZERO))
    return tuple(out)


def _choose(st: _State, calc: Calculator, cands: list[CalcLine]) -> list[CalcLine]:
    """The lines that may be added together and give the most, stronger figures first."""
    pairs = _add_pairs(calc)

    def ok(group: Sequence[CalcLine]) -> bool:
        return all(frozenset((a.rule, b.rule)) in pairs for a, b in combinations(group, 2))

    if len(cands) > _EXHAUSTIVE:  # pragma: no cover - no declaration has that many lines at once
        chosen: list[CalcLine] = []
        for ln in cands:
            if ok([*chosen, ln]):
                chosen.append(ln)
        return chosen
    best: tuple[object, ...] | None = None
    best_group: list[CalcLine] = []
    for size in range(len(cands), 0, -1):
        for idx in combinations(range(len(cands)), size):
            group = [cands[i] for i in idx]
            if not ok(group):
                continue
            high, low, _ = _same_cost(st, calc, group)
            key = (_score(group, high, low), size, tuple(-i for i in idx))
            if best is None or key > best:
                best, best_group = key, group
    return best_group


def _stack(st: _State, calc: Calculator, lines: list[CalcLine]
           ) -> tuple[list[CalcLine], list[str], Ceiling | None]:
    """Apply the stacking declarations: which counted lines stay, the notes, the 上限情形."""
    cands = [ln for ln in lines if ln.counted is not None]
    if not cands:
        return lines, [], None
    chosen = _choose(st, calc, cands)
    keep = {ln.rule for ln in chosen}
    high, low, said = _same_cost(st, calc, chosen)
    notes: list[str] = []
    pairs = _add_pairs(calc)
    out: list[CalcLine] = []
    for ln in lines:
        if ln.counted is None:
            out.append(ln)
            continue
        if ln.rule in keep:
            if ln.rule in said:
                ln = replace(ln, amount=round_fen(high[ln.rule]), explanation=f"{ln.explanation}；{said[ln.rule]}",
                             low=None if ln.low is None else round_fen(low[ln.rule]))
            out.append(ln)
            continue
        rivals = [c for c in chosen if frozenset((c.rule, ln.rule)) not in pairs]
        names = "、".join(f"「{c.label}」" for c in rivals)
        basis = next((b for b in (_alternative_basis(calc, c.rule, ln.rule) for c in rivals) if b is not None), None)
        because = (basis.basis if basis is not None and basis.basis else "文件没有说明两者能否同时享受")
        tie = any(c.amount == ln.amount for c in rivals) and ln.amount > 0
        taken = "两项金额相同，取前一项" if tie else "取较高的一项"
        if ln.amount > 0 or ln.minimum > 0:
            notes.append(f"「{ln.label}」与{names}只能取一（{because}）：按不叠加计，{taken}{names}。")
        also = f"；本项{ln.why}" if ln.counted == "excluded" else ""
        out.append(replace(ln, counted=None, why=f"备选，未计入：与{names}只能取一，{taken}{also}"))
    explained: set[frozenset[str]] = set()
    for s in calc.stacking:
        if s.kind == "add" and s.basis:
            present = [ln for ln in chosen if ln.rule in s.rules and (ln.amount > 0 or ln.minimum > 0)]
            fresh = [frozenset((a.rule, b.rule)) for a, b in combinations(present, 2)
                     if frozenset((a.rule, b.rule)) not in explained]
            if fresh:
                explained.update(fresh)
                involved = set().union(*fresh)
                names = "、".join(f"「{ln.label}」" for ln in present if ln.rule in involved)
                notes.append(f"{names}相加：{s.basis}。")
    ceiling = _ceiling(st, calc, cands, chosen)
    return out, list(dict.fromkeys(notes)), ceiling


def _ceiling(st: _State, calc: Calculator, cands: list[CalcLine], chosen: list[CalcLine]) -> Ceiling | None:
    left = [ln for ln in cands if ln not in chosen and ln.amount > 0]
    if not left:
        return None
    every = [ln for ln in cands if ln.amount > 0]
    high, _, said = _same_cost(st, calc, every)
    amount = round_fen(sum((high[ln.rule] for ln in every), ZERO))
    counted = sum((ln.amount for ln in chosen), ZERO)
    if amount <= counted:
        return None
    names = "、".join(f"「{ln.label}」" for ln in every)
    cut = "；".join(f"「{ln.label}」{said[ln.rule]}" for ln in every if ln.rule in said)
    text = (f"上限情形：假如{names}可以同时享受，共 {format_money(amount)}" + (f"（{cut}）" if cut else "")
            + "。没有文件允许同时享受，这个数字不计入可确认、待核实和不计入三个数字。")
    return Ceiling(amount=amount, lines=tuple(ln.label for ln in every), text=text)


def _totals(lines: Sequence[CalcLine]) -> CalcTotals:
    sums: dict[str, Decimal] = {}
    for f in FIGURES:
        counted = [ln for ln in lines if ln.counted == f]
        sums[f] = round_fen(sum((ln.minimum for ln in counted), ZERO))
        sums[f"{f}_max"] = round_fen(sum((ln.amount for ln in counted), ZERO))
    return CalcTotals(**sums)


# --------------------------------------------------------------------------------------------
# Status warnings
# --------------------------------------------------------------------------------------------
def _cited_text(docs: list[CitedDocument]) -> tuple[str, bool]:
    """``长安区科技政策措施明白卡（期限已过：原文：2022年6月底前）``; and whether any of them is a draft."""
    items: list[str] = []
    draft = False
    for d in docs:
        parts: list[str] = []
        if d.status == "征求意见稿":
            draft = True
            parts.append("尚未正式印发" if "征求意见稿" in d.document else "征求意见稿，尚未正式印发")
        elif d.status:
            parts.append(d.status + (f"：{d.reason}" if d.reason and d.status != "效力未核实" else ""))
        items.append(f"{d.document}（{'，'.join(parts)}）" if parts else d.document)
    return "、".join(dict.fromkeys(items)), draft


def _validity_warnings(rules: list[Rule]) -> list[str]:
    """Warnings for lines that rest on a measure that is not 现行, from the computed statuses."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for r in rules:
        weak = [c for c in r.cited if not c.in_force()]
        if not weak:
            continue
        docs = list({(c.document, c.status, c.reason): c for c in weak}.values())
        groups.setdefault(_cited_text(docs), []).append(r.label)
    out: list[str] = []
    for (docs_text, draft), labels in groups.items():
        names = "、".join(f"「{x}」" for x in dict.fromkeys(labels))
        ask = "是否已正式印发、现在是否执行" if draft else "现在是否仍在执行"
        out.append(f"{names}依据的是{docs_text}；{ask}，请向所列联系人或主管部门核实，并以正式文件为准。")
    return out


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------
def region_choice(calc: Calculator, regions: Sequence[str]) -> str | None:
    """The value of ``calc``'s region input for an enterprise in ``regions`` (widest first).

    The choice whose declared regions all apply to the enterprise and are the most specific; ``None``
    when the calculator has no region input or no choice fits (its lines then belong to other regions).
    """
    inp = calc.region_input()
    if inp is None:
        return None
    fitting = [c for c in inp.choices if set(c.region) <= set(regions)]
    if not fitting:
        return None
    return max(fitting, key=lambda c: len(c.region)).value


def evaluate(calc: Calculator, raw: Mapping[str, str], *, today: _dt.date | None = None,
             regions: Sequence[str] | None = None) -> CalcResult:
    """Compute ``calc`` for the inputs ``raw`` (name -> text as typed).

    Args:
        calc: A loaded calculator.
        raw: Input texts by name; a missing or empty text means the declared default.
        today: Kept for callers that fix the day; statuses come from the content bundle, which
            computes them for its own day (``KJZC_TODAY``).
        regions: The enterprise's region and every region containing it, as the handbook names them
            (``["河北省", "石家庄市", "长安区"]``).  The region input is set from it when ``raw`` does not
            set it, and a line citing a measure of another region is 不计入.  ``None``: not known.

    Returns:
        The lines with their working, status and figure, the three figures (``totals``), ``total``,
        the 上限情形, the applicable conditions and the warnings.

    Raises:
        CalcInputError: an input is missing, unknown or not of the expected form.
    """
    del today  # statuses are the bundle's (computed for its day); kept for the callers' signature
    raw = dict(raw)
    region_in = calc.region_input()
    if regions and region_in is not None and not str(raw.get(region_in.name) or "").strip():
        picked = region_choice(calc, regions)
        if picked is not None:
            raw[region_in.name] = picked
    values = parse_inputs(calc, raw)
    st = _State(calc, values)
    included: list[Rule] = []
    lines: list[CalcLine] = []
    rules = {r.id: r for r in calc.rules}
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
        lines = [_with_status(ln, rules.get(ln.rule), regions) for ln in lines]
        lines, stacking, ceiling = _stack(st, calc, lines)
    totals = _totals(lines)
    total = round_fen(sum((ln.amount for ln in lines if ln.counted is not None), ZERO))
    warnings: list[str] = [w.text for w in calc.warnings if w.when is None or holds(w.when, values)]
    for r in included:
        warnings.extend(r.warnings)
    warnings.extend(_validity_warnings(included))
    conditions = tuple(c for c in calc.conditions if c.when is None or holds(c.when, values))
    # only the inputs the form shows for these values (a 石家庄 enterprise has no 列统 field)
    shown = tuple((i.label, display_value(i, values[i.name])) for i in calc.inputs
                  if i.when is None or holds(i.when, values))
    cites: list[str] = []
    for r in included:
        cites.extend(m for m in r.cites if m not in cites)
    return CalcResult(
        calculator=calc.id, title=calc.title, total=total, unit="元", lines=tuple(lines),
        conditions=conditions, warnings=tuple(dict.fromkeys(warnings)), inputs=shown, cites=tuple(cites),
        total_label=calc.total_label, totals=totals, ceiling=ceiling, stacking=tuple(stacking),
        headline=tuple(h for h in calc.headline if h in st.lines),
    )


def result_to_json(result: CalcResult) -> dict[str, object]:
    """The JSON form of a result; amounts are strings in 元 with two decimals (``"123.45"``).

    ``total`` is the sum of every counted line after the stacking rules, all three figures together —
    按文件字面测算的最高额，不是承诺; ``totals`` holds the three figures (``confirmed`` 可确认,
    ``unverified`` 待核实, ``excluded`` 不计入; a range at its minimum, ``totals_max`` at its maximum).
    Each line has ``status`` (the status it counts under) and ``counted`` (the figure its money is in,
    or ``null``).
    """
    t = result.totals
    return {
        "calculator": result.calculator,
        "title": result.title,
        "total": f"{result.total:.2f}",
        "total_note": "按文件字面测算的最高额，不是承诺",
        "total_label": result.total_label,
        "totals": {f: f"{getattr(t, f):.2f}" for f in FIGURES},
        "totals_max": {f: f"{getattr(t, f + '_max'):.2f}" for f in FIGURES},
        "totals_labels": dict(FIGURE_LABELS),
        "unit": result.unit,
        "lines": [
            {"rule": ln.rule, "level": ln.level, "label": ln.label, "amount": f"{ln.amount:.2f}",
             **({"amount_min": f"{ln.low:.2f}"} if ln.is_range and ln.low is not None else {}),
             "explanation": ln.explanation, "source": ln.source, "cites": list(ln.cites), "in_total": ln.in_total,
             "status": ln.status, "counted": ln.counted, "why": ln.why,
             "cited": [{"measure": c.measure, "status": c.status, "region": c.region, "level": c.level}
                       for c in ln.cited]}
            for ln in result.lines
        ],
        "headline": list(result.headline),
        "ceiling": (None if result.ceiling is None else
                    {"amount": f"{result.ceiling.amount:.2f}", "lines": list(result.ceiling.lines),
                     "text": result.ceiling.text}),
        "stacking": list(result.stacking),
        "conditions": [c.text for c in result.conditions],
        "condition_sources": [c.source for c in result.conditions],
        "warnings": list(result.warnings),
        "cites": list(result.cites),
    }
