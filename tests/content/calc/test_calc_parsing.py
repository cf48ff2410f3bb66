"""Reading typed amounts, rates, yes/no and counts; writing amounts as the documents do."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest

import content.calc.parsing as parsing
from content.calc import (
    ValueFormError,
    format_money,
    format_rate,
    format_wan,
    format_yuan,
    parse_amount,
    parse_bool,
    parse_count,
    parse_rate,
    round_fen,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("300000", "300000"),
        ("300,000", "300000"),
        ("1,234,567.89", "1234567.89"),
        ("30万", "300000"),
        ("30万元", "300000"),
        ("0.3亿", "30000000"),
        ("1亿元", "100000000"),
        ("300000元", "300000"),
        ("３０万", "300000"),  # full-width digits
        ("３００，０００", "300000"),  # full-width comma
        ("１２．５万", "125000"),  # full-width point
        (" 30 万 ", "300000"),
        ("0", "0"),
        ("0.01", "0.01"),
        ("1.2345万", "12345"),
        ("+5", "5"),
        ("10000000000000", "10000000000000"),  # exactly 10^13 is still accepted
    ],
)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "没有填写"),
        ("   ", "没有填写"),
        ("-5", "负数"),
        ("－5万", "负数"),
        ("abc", "不是金额"),
        ("1e5", "不是金额"),
        ("NaN", "不是金额"),
        ("Infinity", "不是金额"),
        ("30千", "不是金额"),
        ("3,00,000", "千位分隔符"),
        ("10000000000000.01", "10万亿元"),
        ("1000001亿", "10万亿元"),
        ("0.001", "分以下"),
        ("1.2345678万", "分以下"),
        ("30万万", "不是金额"),
    ],
)
def test_parse_amount_rejects_with_a_message(text: str, says: str) -> None:
    with pytest.raises(ValueFormError) as info:
        parse_amount(text)
    assert says in str(info.value)
    assert "例如" in str(info.value) or "请检查" in str(info.value) or "最多" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.25", "0.25"), ("25%", "0.25"), ("15％", "0.15"), ("2/3", str(Decimal(2) / Decimal(3))), ("1‰", "0.001"),
     ("100%", "1"), ("0", "0")],
)
def test_parse_rate(text: str, expected: str) -> None:
    assert parse_rate(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "-0.1", "abc", "120%", "1.5", "1/0"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(ValueFormError):
        parse_rate(text)


def test_declared_rates_may_exceed_one() -> None:
    assert parse_rate("200%", at_most_one=False) == 2


@pytest.mark.parametrize(("text", "expected"), [("true", True), ("TRUE", True), ("是", True), ("1", True),
                                                 ("false", False), ("否", False), ("no", False), ("0", False)])
def test_parse_bool(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("text", ["", "maybe", "2"])
def test_parse_bool_rejects(text: str) -> None:
    with pytest.raises(ValueFormError, match="true 或 false"):
        parse_bool(text)


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("10", 10), ("１０", 10), ("12位", 12)])
def test_parse_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["-1", "1.5", "ten", "", "99999999999"])
def test_parse_count_rejects(text: str) -> None:
    with pytest.raises(ValueFormError):
        parse_count(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [("3000000", "300万元"), ("200000", "20万元"), ("10000", "1万元"), ("123450", "12.345万元"), ("5000", "5000元"),
     ("0", "0元"), ("0.5", "0.50元"), ("1234.5", "1234.50元"), ("277777.78", "277,777.78元"), ("300000000", "3亿元"), ("150000000", "1.5亿元"),
     ("123456789", "12345.6789万元")],
)
def test_format_money(value: str, text: str) -> None:
    assert format_money(Decimal(value)) == text


def test_format_helpers() -> None:
    assert format_yuan(Decimal("1234567.8")) == "1,234,567.80"
    assert format_wan(Decimal("1234567.8")) == "123.45678"
    assert format_rate(Decimal("0.25")) == "25%"
    assert format_rate(Decimal(2) / 3) == "66.67%"


@pytest.mark.parametrize(("value", "rounded"), [("0.005", "0.01"), ("0.015", "0.02"), ("0.025", "0.03"),
                                                 ("2.675", "2.68"), ("1.004", "1.00"), ("-0", "0.00")])
def test_round_fen_is_half_up(value: str, rounded: str) -> None:
    # 0.025 -> 0.03 and 2.675 -> 2.68 distinguish half-up from banker's rounding
    assert round_fen(Decimal(value)) == Decimal(rounded)


def test_doctests_of_the_parsers() -> None:
    failures, tried = doctest.testmod(parsing)
    assert tried > 5
    assert failures == 0
