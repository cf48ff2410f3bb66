"""Properties that hold for every calculator: never negative, never above a cap, monotone, 0 in -> 0 out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from content.calc import (
    FIGURES,
    CalcResult,
    Calculator,
    evaluate,
    format_money,
    load_calculators,
    parse_amount,
)
from content.calc.model import STATUS_FIGURE, Lit

CALCS: dict[str, Calculator] = load_calculators()
TODAY = dt.date(2026, 1, 1)
ALL_IDS = sorted(CALCS)


def _all_verified() -> dict[str, Calculator]:
    """The calculators as if a bureau had verified every document last week: lines are 可确认 unless their
    measure is a draft, has an ended period or is another region's — so the properties also run on
    results whose three figures are all in use."""
    from content.bundle import bundle_for
    from content.loader import load_handbook
    from content.validity import Verification, VerificationMethod, VerificationResult

    hb = load_handbook()
    day = dt.date.today()
    recs = [Verification(target=d.id, date=day - dt.timedelta(days=7), office="石家庄市科学技术局",
                         method=VerificationMethod.PHONE, result=VerificationResult.CURRENT) for d in hb.documents]
    return load_calculators(hb, validity=bundle_for(hb, verifications=recs, today=day).validity)


VERIFIED: dict[str, Calculator] = _all_verified()

# Amounts in fen up to 10亿元 (also tiny ones, to exercise rounding).
fen = st.integers(min_value=0, max_value=100_000_000_000).map(lambda n: Decimal(n) / 100)


def raw_strategy(calc: Calculator) -> st.SearchStrategy[dict[str, str]]:
    parts: dict[str, st.SearchStrategy[str]] = {}
    for inp in calc.inputs:
        if inp.type == "money":
            parts[inp.name] = fen.map(lambda d: f"{d:.2f}")
        elif inp.type == "bool":
            parts[inp.name] = st.sampled_from(["true", "false"])
        elif inp.type == "choice":
            parts[inp.name] = st.sampled_from([c.value for c in inp.choices])
        elif inp.type == "count":
            parts[inp.name] = st.integers(0, 40).map(str)
        else:
            parts[inp.name] = st.sampled_from(["0", "0.15", "0.25", "1"])
    return st.fixed_dictionaries(parts)


@st.composite
def calc_and_raw(draw: st.DrawFn) -> tuple[Calculator, dict[str, str]]:
    calcs = draw(st.sampled_from([CALCS, VERIFIED]))
    calc = calcs[draw(st.sampled_from(ALL_IDS))]
    return calc, draw(raw_strategy(calc))


def test_the_verified_set_has_all_three_figures() -> None:
    r = evaluate(VERIFIED["rd-growth-subsidy"], {"region": "shijiazhuang", "increase": "100万"})
    assert r.totals.confirmed == 50000 and r.totals.excluded == 100000  # the city's 5% is 可确认, 十四五 ended


def _check_invariants(calc: Calculator, r: CalcResult) -> None:
    t = r.totals
    # no amount is negative; a range's minimum is never above its maximum
    assert r.total >= 0 and all(ln.amount >= 0 for ln in r.lines)
    assert all(ln.minimum <= ln.amount for ln in r.lines)
    for f in FIGURES:
        low, high = t.figure(f)
        assert 0 <= low <= high
    # 可确认 ≤ 可确认 + 待核实, and total is every counted line (all figures, at the maximum)
    assert t.confirmed <= t.confirmed + t.unverified
    assert r.total == t.confirmed_max + t.unverified_max + t.excluded_max
    assert r.total == sum((ln.amount for ln in r.lines if ln.counted is not None), Decimal(0))
    # a line is counted in the figure of its status; explanations and instalments are in none
    for ln in r.lines:
        if not ln.in_total:
            assert ln.counted is None
        elif ln.counted is not None:
            assert ln.counted == STATUS_FIGURE.get(ln.status, "unverified") or ln.why.startswith("其他地区")
    assert all(ln.amount == ln.amount.quantize(Decimal("0.01")) for ln in r.lines)
    rules = {x.id: x for x in calc.rules}
    for ln in r.lines:
        rule = rules[ln.rule]
        for cap in rule.caps:
            if isinstance(cap.limit, Lit):  # never above a fixed cap
                assert ln.amount <= cap.limit.value, (calc.id, ln)
        if rule.pool:
            pool = next(p for p in calc.pools if p.id == rule.pool)
            if isinstance(pool.limit, Lit):
                pooled = sum((x.amount for x in r.lines if rules[x.rule].pool == pool.id), Decimal(0))
                assert pooled <= pool.limit.value
    # nothing is added unless a declaration says a text allows it
    counted = [ln for ln in r.lines if ln.counted is not None]
    added = {frozenset((a, b)) for s in calc.stacking if s.kind == "add" for a in s.rules for b in s.rules}
    for i, a in enumerate(counted):
        for b in counted[i + 1:]:
            assert frozenset((a.rule, b.rule)) in added, (calc.id, a.rule, b.rule)
    # the 上限情形 is apart and above what is counted
    if r.ceiling is not None:
        assert r.ceiling.amount > r.total
    assert all(ln.explanation for ln in r.lines)


def _cost(calc: Calculator, raw: dict[str, str], expr: object) -> Decimal:
    """The value of a same_cost group's cost (an input or a sum of inputs) for ``raw``."""
    from content.calc.model import InputRef, Sum

    if isinstance(expr, InputRef):
        inp = calc.input(expr.name)
        assert inp is not None
        return parse_amount(raw.get(expr.name) or inp.default or "0")
    assert isinstance(expr, Sum)
    return sum((_cost(calc, raw, x) for x in expr.items), Decimal(0))


@settings(max_examples=300, deadline=None)
@given(calc_and_raw())
def test_no_result_exceeds_the_cost_it_reimburses(case: tuple[Calculator, dict[str, str]]) -> None:
    """Where a text says the support reimburses a cost (same_cost), neither the counted lines nor the
    上限情形 exceed that cost."""
    calc, raw = case
    r = evaluate(calc, raw, today=TODAY)
    for s in calc.stacking:
        if s.kind != "same_cost":
            continue
        cost = _cost(calc, raw, s.cost)
        counted = sum((ln.amount for ln in r.lines if ln.rule in s.rules and ln.counted is not None), Decimal(0))
        assert counted <= cost, (calc.id, raw)
        if r.ceiling is not None and set(s.rules) >= {ln.rule for ln in r.lines if ln.in_total}:
            assert r.ceiling.amount <= cost, (calc.id, raw)


@settings(max_examples=400, deadline=None)
@given(calc_and_raw())
def test_never_negative_never_above_a_cap(case: tuple[Calculator, dict[str, str]]) -> None:
    calc, raw = case
    _check_invariants(calc, evaluate(calc, raw, today=TODAY))


#: The base amounts: more of them never gives less (others held fixed).
INCREASING = {
    "tech-transfer": ["amount"],
    "rd-growth-subsidy": ["increase", "rd_total"],
    "jbgs": ["amount"],  # not provincial_funding: in 廊坊 it both adds 20% and uses up the shared ceiling
    "innovation-voucher": ["contract"],
    "loan-interest": ["interest"],
    "central-innovation-district": ["investment", "opex1", "opex2", "opex3"],
    "indirect-cost": ["budget"],
    "rd-deduction": ["personnel", "direct", "depreciation", "amortization", "design", "other", "entrusted_domestic",
                     "entrusted_overseas"],
}
#: What was already received: more of it never gives more.
DECREASING = {"innovation-voucher": ["used"], "loan-interest": ["received"]}


@st.composite
def monotone_case(draw: st.DrawFn) -> tuple[Calculator, dict[str, str], str, Decimal, Decimal, bool]:
    cid = draw(st.sampled_from(sorted(set(INCREASING) | set(DECREASING))))
    calc = draw(st.sampled_from([CALCS, VERIFIED]))[cid]
    raw = draw(raw_strategy(calc))
    increasing = draw(st.booleans()) if cid in DECREASING and cid in INCREASING else cid in INCREASING
    name = draw(st.sampled_from(INCREASING[cid] if increasing else DECREASING[cid]))
    a, b = sorted([draw(fen), draw(fen)])
    return calc, raw, name, a, b, increasing


@settings(max_examples=400, deadline=None)
@given(monotone_case())
def test_monotone_in_the_base_amount(case: tuple[Calculator, dict[str, str], str, Decimal, Decimal, bool]) -> None:
    calc, raw, name, low, high, increasing = case
    r_low = evaluate(calc, {**raw, name: f"{low:.2f}"}, today=TODAY)
    r_high = evaluate(calc, {**raw, name: f"{high:.2f}"}, today=TODAY)
    if not increasing:
        r_low, r_high = r_high, r_low
    assert r_low.total <= r_high.total, (calc.id, name, low, high)
    # 可确认 (chosen first among alternatives) is monotone too, and every line that is there both times
    assert r_low.totals.confirmed <= r_high.totals.confirmed, (calc.id, name)
    high_lines = {ln.rule: ln.amount for ln in r_high.lines}
    for ln in r_low.lines:
        if ln.rule in high_lines and ln.in_total:
            assert ln.amount <= high_lines[ln.rule], (calc.id, name, ln.rule, low, high)


@settings(max_examples=200, deadline=None)
@given(calc_and_raw())
def test_zero_in_gives_zero_out(case: tuple[Calculator, dict[str, str]]) -> None:
    """With every amount (and count) at 0, every line computed from amounts is 0.

    Fixed awards (a recognition, a rank) do not depend on an amount and are left out.
    """
    calc, raw = case
    zero = {**raw, **{i.name: "0" for i in calc.inputs if i.type in ("money", "count")}}
    r = evaluate(calc, zero, today=TODAY)
    kinds = {x.id: x.kind for x in calc.rules}
    for ln in r.lines:
        if kinds[ln.rule] in ("rate", "tiers", "value", "split", "lookup"):
            assert ln.amount == 0, (calc.id, ln)
    if all(x.kind in ("rate", "tiers", "value", "split", "lookup") for x in calc.rules):
        assert r.total == 0


@settings(max_examples=300, deadline=None)
@given(fen)
def test_amount_forms_round_trip(value: Decimal) -> None:
    assert parse_amount(f"{value:,.2f}") == value
    assert parse_amount(f"{value / 10000}万") == value
    assert parse_amount(f"{value:.2f}".translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))) == value
    if value >= 10000 and value == value.to_integral_value():
        assert parse_amount(format_money(value)) == value
