"""Issue 11's properties over every calculator, not a hand-picked few (audit of issue 11).

* Monotone in the base: every amount or count a calculator reads gives never less when it grows — except
  what was already received (never more) and the inputs named below with the reason they are not.
* The cost once: where a text pays part of a cost (a contract, interest paid, expenses, an investment), no
  counted figure and no 上限情形 exceeds that cost.
* Clean words: over many inputs of every calculator, the text a reader gets names no measure id, no
  internal input name, and none of the phrases issue 11 removed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.calc import Calculator, evaluate, load_calculators, parse_amount
from content.calc.render import result_text, result_view

CALCS: dict[str, Calculator] = load_calculators()
TODAY = dt.date(2026, 11, 23)

#: Already received: more of it never gives more.
DECREASING = {("innovation-voucher", "used"), ("loan-interest", "received"), ("loan-interest", "received_this_year"),
              ("lf-patent-transfer", "received")}
#: Not monotone, by the text: 廊坊's 揭榜挂帅 pays 20% of the provincial funding but the provincial funding also
#: uses up the “各级财政支持资金总和” ceiling; a single 研发费用合计 of 0 means “use the breakdown” (compared
#: below only between positive totals).
NOT_MONOTONE = {("jbgs", "provincial_funding")}
POSITIVE_ONLY = {("rd-deduction", "rd_total")}

AMOUNT_INPUTS = sorted((cid, i.name) for cid, c in CALCS.items() for i in c.inputs
                       if i.type in ("money", "count") and (cid, i.name) not in NOT_MONOTONE)

fen = st.integers(min_value=0, max_value=10_000_000_000).map(lambda n: Decimal(n) / 100)


def other_inputs(calc: Calculator) -> st.SearchStrategy[dict[str, str]]:
    parts: dict[str, st.SearchStrategy[str]] = {}
    for inp in calc.inputs:
        if inp.type == "money":
            parts[inp.name] = fen.map(lambda d: f"{d:.2f}")
        elif inp.type == "bool":
            parts[inp.name] = st.sampled_from(["true", "false"])
        elif inp.type == "choice":
            parts[inp.name] = st.sampled_from([c.value for c in inp.choices])
        elif inp.type == "count":
            parts[inp.name] = st.integers(0, 30).map(str)
        else:
            parts[inp.name] = st.sampled_from(["0", "0.15", "0.25"])
    return st.fixed_dictionaries(parts)


def test_every_amount_input_is_covered() -> None:
    # the table below is derived from the declarations: a new calculator is checked without being listed
    assert len({cid for cid, _ in AMOUNT_INPUTS}) >= 30
    for cid, name in DECREASING | NOT_MONOTONE | POSITIVE_ONLY:
        assert CALCS[cid].input(name) is not None, (cid, name)


@st.composite
def monotone_case(draw: st.DrawFn) -> tuple[Calculator, dict[str, str], str, str, str]:
    cid, name = draw(st.sampled_from(AMOUNT_INPUTS))
    calc = CALCS[cid]
    raw = draw(other_inputs(calc))
    inp = calc.input(name)
    assert inp is not None
    if inp.type == "count":
        a, b = sorted([draw(st.integers(0, 30)), draw(st.integers(0, 30))])
        low, high = str(a), str(b)
    else:
        floor = Decimal("0.01") if (cid, name) in POSITIVE_ONLY else Decimal(0)
        x, y = sorted([max(draw(fen), floor), max(draw(fen), floor)])
        low, high = f"{x:.2f}", f"{y:.2f}"
    return calc, raw, name, low, high


@settings(max_examples=1500, deadline=None)
@given(monotone_case())
def test_every_calculator_is_monotone_in_its_amounts(case: tuple[Calculator, dict[str, str], str, str, str]) -> None:
    calc, raw, name, low, high = case
    r_low = evaluate(calc, {**raw, name: low}, today=TODAY)
    r_high = evaluate(calc, {**raw, name: high}, today=TODAY)
    if (calc.id, name) in DECREASING:
        r_low, r_high = r_high, r_low
    assert r_low.total <= r_high.total, (calc.id, name, low, high, raw)
    for f in ("confirmed", "unverified", "excluded"):
        assert r_low.totals.figure(f)[1] <= r_high.totals.figure(f)[1], (calc.id, name, f, low, high, raw)


#: Calculators whose every counted line pays part of one cost (the inputs summed), by the text.
COST = {
    # zb-05-09 “合同金额的最高50%” / “使用费用的最高100%”; zb-05-10 “服务合同总金额的50%”
    "innovation-voucher": ["contract"],
    # zb-05-06 “按照实际支付利息的50% … 70%予以补助”
    "loan-interest": ["interest"],
    # zb-06-04 “依据其当年……实际发生的费用支出情况，给予奖励性后补助”
    "incubator-performance": ["expenses"],
    # sjz16-13 “不超过建设经费30%”
    "jingjin-park": ["cost"],
    # zb-05-11 “按设备购置额的20%”
    "leader-equipment": ["investment"],
    # lf-21 “按实付交易金额的40%”
    "lf-patent-transfer": ["amount"],
    # zb-04-02 / zb-04-04 受让补助 at 10% and 5% of the 技术合同 amount
    "tech-transfer": ["amount"],
    # zb-03-07 30% of the investment, then 50% / 30% / 10% of each year's operating cost
    "central-innovation-district": ["investment", "opex1", "opex2", "opex3"],
    # lf-04 10% of the investment, 20% of each year's operating cost
    "lf-ai-platform": ["investment", "opex1", "opex2", "opex3"],
}


@st.composite
def cost_case(draw: st.DrawFn) -> tuple[Calculator, dict[str, str]]:
    calc = CALCS[draw(st.sampled_from(sorted(COST)))]
    raw = draw(other_inputs(calc))
    small = st.integers(0, 100_000_000).map(lambda n: f"{Decimal(n) / 100:.2f}")  # up to 100万: caps rarely bind
    for name in COST[calc.id]:
        if draw(st.booleans()):
            raw[name] = draw(small)
    return calc, raw


@settings(max_examples=800, deadline=None)
@given(cost_case())
def test_no_result_exceeds_the_cost_it_pays_part_of(case: tuple[Calculator, dict[str, str]]) -> None:
    calc, raw = case
    r = evaluate(calc, raw, today=TODAY)
    cost = sum((parse_amount(raw[n]) for n in COST[calc.id]), Decimal(0))
    assert r.total <= cost, (calc.id, raw, r.total)
    if r.ceiling is not None:
        assert r.ceiling.amount <= cost, (calc.id, raw, r.ceiling.text)


# ------------------------------------------------------------------------------------------
# Clean words over many inputs of every calculator
# ------------------------------------------------------------------------------------------
MEASURE_ID = re.compile(r"\b(?:zb|sjz16|hb12|lf|gxq|xy|changan)-[0-9][0-9a-z-]*")
ASCII_NAME = re.compile(r"(?<![A-Za-z0-9@.])[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*(?![A-Za-z0-9@])")
REMOVED = ("超过最高", "超过不超过", "未超过最高", "未超过每年最高", "未超过每项最高", "合计：", "元元", "万元万")
AMOUNTS = ("0", "1", "12345.67", "100万", "3000万")


def input_sets(calc: Calculator) -> list[dict[str, str]]:
    """Defaults, each choice, each switch flipped, each amount at a few values (others at 100万)."""
    base = {i.name: "100万" for i in calc.inputs if i.type == "money"}
    out = [dict(base)]
    for inp in calc.inputs:
        if inp.type == "choice":
            out += [{**base, inp.name: c.value} for c in inp.choices]
        elif inp.type == "bool":
            out.append({**base, inp.name: "false" if (inp.default or "").lower() == "true" else "true"})
        elif inp.type == "money":
            out += [{**base, inp.name: a} for a in AMOUNTS]
        elif inp.type == "count":
            out += [{**base, inp.name: n} for n in ("0", "1", "3")]
        elif inp.choices:
            out += [{**base, inp.name: c.value} for c in inp.choices] + [{**base, inp.name: "20%"}]
    # every pair of choices (regions × kinds …), where a calculator has two
    choices = [i for i in calc.inputs if i.type == "choice"]
    for a, b in itertools.combinations(choices, 2):
        out += [{**base, a.name: x.value, b.name: y.value} for x in a.choices for y in b.choices]
    return out


@pytest.mark.parametrize("cid", sorted(CALCS))
def test_no_reader_text_has_an_id_a_field_name_or_a_removed_phrase(cid: str, handbook) -> None:  # type: ignore[no-untyped-def]
    calc = CALCS[cid]
    names = {i.name for i in calc.inputs}
    checked = 0
    for raw in input_sets(calc):
        r = evaluate(calc, raw, today=TODAY)
        for unit in ("", "元", "万元"):
            text = result_text(result_view(r, calc, handbook, calculators=CALCS, unit=unit, today=TODAY))
            assert not MEASURE_ID.search(text), (cid, raw, MEASURE_ID.search(text))
            ascii_words = set(ASCII_NAME.findall(text))
            assert not ascii_words, (cid, raw, ascii_words)  # ids, input names, choice values: none
            assert not any(f"（{n}）" in text for n in names)
            for phrase in REMOVED:
                assert phrase not in text, (cid, raw, phrase)
            checked += 1
        for ln in r.lines:  # “额度已用完” only where there was something to pay
            if "额度已用完" in ln.explanation:
                assert not re.search(r"(?<![\d.,])0元×", ln.explanation), (cid, raw, ln.explanation)
    assert checked >= 6


# ------------------------------------------------------------------------------------------
# 还可以申请: related calculators link to each other
# ------------------------------------------------------------------------------------------
def test_related_calculators_link_both_ways_and_none_is_alone() -> None:
    one_way = sorted((a, b) for a, c in CALCS.items() for b in c.related if a not in CALCS[b].related)
    assert one_way == [], one_way
    alone = sorted(cid for cid, c in CALCS.items() if not c.related)
    assert alone == [], alone
    assert max(len(c.related) for c in CALCS.values()) <= 6  # a short list a reader still reads
