"""Fuzzing the two places users type into (issue 15.7): search queries and calculator inputs.

* Queries: any text, including one that starts with a minus (``-廊坊`` excludes 廊坊), reaches the
  search verb unchanged through the command line (the engine's own fuzz is
  ``tests/index/test_never_raises.py``).
* Calculator inputs: hostile strings in every input of every calculator — other digit forms,
  exponents, NaN, 400 digits, control characters — give a result that keeps the invariants or a
  typed input error, never an exception, a hang or a negative or non-finite amount.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import main
from content.calc import CalcResult, Calculator, evaluate, load_calculators
from content.calc.engine import result_to_json
from content.calc.model import CalcInputError

pytestmark = pytest.mark.attack
CALCS: dict[str, Calculator] = load_calculators()

HOSTILE_AMOUNTS = [
    "NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "1e999999", "1e-999999", "9" * 400, "0." + "0" * 400 + "1",
    "-0", "-5万", "－5万", "０.５万", "３００万", "1,000,000", "1_000", "0x10", "½", "Ⅻ", "五十万", "三百万元",
    "1e6万", "1亿亿亿", "\u202e300万", "300万\x00", "300万\x1b[2J", " ", "", "万", "元", ".", "-", "+5", "5-",
    "3e2", "1/3", "100%", "٣٠٠", "𝟑𝟎𝟎", "300万元整", "叁佰万元",
]
amounts = st.one_of(
    st.sampled_from(HOSTILE_AMOUNTS),
    st.text(max_size=30),
    st.from_regex(r"[-+]?[0-9０-９]{1,25}(\.[0-9]{0,25})?(万|亿|元|千|百|万元)?", fullmatch=True),
)


@st.composite
def calc_and_hostile_raw(draw: st.DrawFn) -> tuple[Calculator, dict[str, str]]:
    calc = CALCS[draw(st.sampled_from(sorted(CALCS)))]
    raw: dict[str, str] = {}
    for inp in calc.inputs:
        if draw(st.booleans()):
            raw[inp.name] = draw(amounts)
        elif inp.type == "choice":
            raw[inp.name] = draw(st.sampled_from([c.value for c in inp.choices]))
        else:
            raw[inp.name] = draw(st.sampled_from(["0", "1", "300万", "true"]))
    if draw(st.booleans()):
        raw[draw(st.text(min_size=1, max_size=8))] = draw(amounts)  # a name that does not exist
    return calc, raw


def _invariants(r: CalcResult) -> None:
    assert r.total.is_finite() and r.total >= 0
    for ln in r.lines:
        assert isinstance(ln.amount, Decimal) and ln.amount.is_finite() and ln.amount >= 0
    json.dumps(result_to_json(r), ensure_ascii=False)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calc_and_hostile_raw())
def test_hostile_calculator_inputs_give_a_result_or_a_typed_error(case: tuple[Calculator, dict[str, str]]) -> None:
    calc, raw = case
    t0 = time.monotonic()
    try:
        result = evaluate(calc, raw)
    except CalcInputError as exc:
        assert exc.message and "Traceback" not in exc.message
    else:
        _invariants(result)
    assert time.monotonic() - t0 < 2.0, "one evaluation took too long"


@pytest.mark.parametrize("value", HOSTILE_AMOUNTS)
def test_every_hostile_amount_in_every_money_input(value: str) -> None:
    outcomes: list[str] = []
    for calc in CALCS.values():
        for inp in calc.inputs:
            if inp.type != "money":
                continue
            raw = {i.name: (value if i is inp else (i.choices[0].value if i.choices else "0")) for i in calc.inputs}
            try:
                result = evaluate(calc, raw)
            except CalcInputError as exc:
                assert exc.message
                outcomes.append("refused")
            else:
                _invariants(result)
                outcomes.append("computed")
    assert len(outcomes) > 20  # every calculator has money inputs to attack


@settings(max_examples=500, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_query_reaches_the_search_verb_unchanged(query: str) -> None:
    """Before: a query starting with "-" and a Chinese character was taken for an unknown option."""
    words = query.lstrip("-")
    if query.startswith("-") and (not words or (words[0].isascii() and words[0].isalpha())):
        return  # "-x", "--limit": options (and "--" ends the options); write "search -- -x"
    if "\x00" in query:
        return  # not representable in a real argv
    args = main.build_parser().parse_args(["search", query])
    assert args.verb == "search" and args.query == query


@pytest.mark.parametrize("query", ["-廊坊", "--廊坊", "-研发费用 -廊坊", "-", "—廊坊", "－廊坊", "-5万", "-85889143", "-(廊坊)"])
def test_minus_queries_parse(query: str) -> None:
    args = main.build_parser().parse_args(["search", query, "--limit", "5"])
    assert args.query == query and args.limit == 5
