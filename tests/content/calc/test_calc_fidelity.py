"""Every rate, tier, threshold and cap of a rule is written in the text of a measure the rule cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from content.calc import load_calculators
from content.calc.model import (
    All,
    AnyOf,
    Calculator,
    Choose,
    Compare,
    Cond,
    Expr,
    Lit,
    Minimum,
    Not,
    Product,
    Rule,
    Sum,
)

CALCS = load_calculators()
#: Fractions the declarations write as numbers and the documents in words.
WORDS = {"2/3": ("三分之二",), "1/10": ("10年",), "1/2": ("减半",)}


def _expr_lits(e: Expr | None) -> Iterator[Lit]:
    if isinstance(e, Lit):
        yield e
    elif isinstance(e, Sum | Product | Minimum):
        for x in e.items:
            yield from _expr_lits(x)
    elif isinstance(e, Choose):
        for _, lit in e.values:
            yield lit


def _cond_lits(c: Cond | None) -> Iterator[Lit]:
    if isinstance(c, Compare):
        yield c.value
    elif isinstance(c, All | AnyOf):
        for x in c.items:
            yield from _cond_lits(x)
    elif isinstance(c, Not):
        yield from _cond_lits(c.item)


def rule_lits(rule: Rule) -> Iterator[Lit]:
    yield from _expr_lits(rule.base)
    for r in rule.rates:
        yield from _expr_lits(r)
    for t in rule.tiers:
        yield t.rate
        if t.upto is not None:
            yield t.upto
    for b in rule.brackets:
        yield b.at_least
        yield b.amount
    for _, lit in rule.table:
        yield lit
    if rule.fixed is not None:
        yield rule.fixed
    if rule.step is not None:
        for _, lit in rule.step.amounts:
            yield lit
    for p in rule.split:
        yield p.share
    for cap in rule.caps:
        yield from _expr_lits(cap.limit)
        for x in cap.less:
            yield from _expr_lits(x)
        if cap.max_share is not None:
            yield cap.max_share
    if rule.require is not None:
        yield from _cond_lits(rule.require.cond)


def forms(lit: Lit) -> tuple[str, ...]:
    """How a document writes the number (for a range: its maximum; see :func:`low_forms`)."""
    if lit.text in WORDS:
        return WORDS[lit.text]
    if lit.kind == "rate":
        return (lit.text.replace(" ", ""),)
    if lit.kind == "count":
        n = int(lit.value)
        return (f"{n}位", f"{n}-", f"{n}（含）", f"{n}年")
    return _money_forms(lit.value)


def _money_forms(v: Decimal) -> tuple[str, ...]:
    out = []
    if v % 10000 == 0 or v >= 10000:
        w = format((v / 10000).normalize(), "f")
        out.append(f"{w}万")
    if v >= 100000000:
        out.append(f"{format((v / 100000000).normalize(), 'f')}亿")
    out.append(f"{format(v.normalize(), 'f')}元")
    return tuple(out)


def low_forms(lit: Lit) -> tuple[str, ...]:
    """How a document writes the low end of a range (``30—200万``: ``30``; ``100万至500万``: ``100万``)."""
    assert lit.low is not None
    if lit.kind == "rate":
        return (lit.text,)
    w = format((lit.low / 10000).normalize(), "f")
    return (*_money_forms(lit.low), f"{w}—", f"{w}-", f"{w}至")


def _cases() -> Iterator[tuple[str, str, Lit, tuple[str, ...]]]:
    for c in CALCS.values():
        for r in c.rules:
            cites = (*r.cites, *(cap.source for cap in r.caps if cap.source))
            for lit in rule_lits(r):
                if lit.value != 0:
                    yield c.id, r.id, lit, cites
        for p in c.pools:
            for lit in _expr_lits(p.limit):
                yield c.id, f"pool {p.id}", lit, (p.source,)


CASES = list(_cases())


@pytest.mark.parametrize(("cid", "rule", "lit", "cites"), CASES, ids=[f"{c}:{r}:{lit.text}" for c, r, lit, _ in CASES])
def test_literal_is_in_the_cited_text(handbook, cid: str, rule: str, lit: Lit,  # type: ignore[no-untyped-def]
                                      cites: tuple[str, ...]) -> None:
    if not handbook.measures():
        pytest.skip("the bundled content is not present")
    texts = []
    for mid in cites:
        m = handbook.measure(mid)
        assert m is not None, f"{cid} {rule} cites {mid}, which is not in the handbook"
        texts.append(re.sub(r"\s+", "", m.text))
    joined = "\n".join(texts)
    assert any(f in joined for f in forms(lit)), f"{cid} {rule}: {lit.text} ({forms(lit)}) not found in {cites}"
    if lit.is_range:
        assert any(f in joined for f in low_forms(lit)), f"{cid} {rule}: the low end of {lit.text} not found"


def test_there_are_many_literals_checked() -> None:
    assert len(CASES) > 80


def test_calculator_cites_only_what_its_rules_use() -> None:
    for c in CALCS.values():
        used = {m for r in c.rules for m in r.cites} | {cap.source for r in c.rules for cap in r.caps if cap.source}
        used |= {p.source for p in c.pools if p.source} | {x.source for x in c.conditions if x.source}
        assert set(c.cites) == used, c.id


def _unused(calc: Calculator) -> list[str]:
    return [i.name for i in calc.inputs if not any(i.name in repr(r) for r in calc.rules)
            and not any(i.name in repr(p) for p in calc.pools)
            and not any(i.name in repr(s.cost) for s in calc.stacking)]


def test_every_input_is_used_by_a_rule() -> None:
    for c in CALCS.values():
        assert _unused(c) == [], c.id


def test_forms() -> None:
    assert forms(Lit(Decimal(1000000), "100万", "money")) == ("100万", "1000000元")
    assert "5000元" in forms(Lit(Decimal(5000), "5000", "money"))
    assert "1.2亿" in forms(Lit(Decimal(120000000), "1.2亿", "money"))
    assert "30—" in low_forms(Lit(Decimal(2000000), "30—200万", "money", low=Decimal(300000)))
