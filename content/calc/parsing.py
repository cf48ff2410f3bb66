"""Reading what people type (amounts, rates, yes/no) and writing amounts the way the documents do.

Everything here is pure and Qt-free.  Amounts are :class:`~decimal.Decimal` 元; nothing is ever a
float.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
WAN = Decimal(10000)
YI = Decimal(100000000)
#: Anything above this is a typing mistake, not a project (10万亿元).
MAX_AMOUNT = Decimal(10) ** 13

_UNITS: dict[str, Decimal] = {
    "": Decimal(1),
    "元": Decimal(1),
    "块": Decimal(1),
    "万": WAN,
    "万元": WAN,
    "亿": YI,
    "亿元": YI,
}
_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<unit>[^\d.]*)$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?")
_FRACTION = re.compile(r"^(?P<a>\d+)/(?P<b>\d+)$")

AMOUNT_FORMS = "金额，例如 300000、300,000、30万 或 0.3亿"
RATE_FORMS = "比例，例如 0.25、25% 或 15%"


class ValueFormError(ValueError):
    """Text that is not of the expected form; the message says what was expected."""


def _fold(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), spaces dropped, common separators unified."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("，", ",").replace("。", ".").replace("％", "%")
    return re.sub(r"\s+", "", t)


def parse_amount(text: str) -> Decimal:
    """Parse an amount of money typed by a person into 元.

    Accepts plain digits, thousands separators, the units 元 / 万 / 万元 / 亿 / 亿元 and
    full-width digits.  The result is exact (no float) and never negative.

    >>> parse_amount("300000")
    Decimal('300000')
    >>> parse_amount("300,000")
    Decimal('300000')
    >>> parse_amount("30万")
    Decimal('300000')
    >>> parse_amount("0.3亿")
    Decimal('30000000.0')
    >>> parse_amount("３０万元")
    Decimal('300000')

    Raises:
        ValueFormError: empty, negative, not a number, more than two decimals of 元, or more than
            10^13 元.
    """
    t = _fold(text)
    if not t:
        raise ValueFormError(f"没有填写；请填写{AMOUNT_FORMS}")
    if t.startswith(("-", "−", "－")):
        raise ValueFormError(f"“{text.strip()}”是负数；金额不能为负，请填写{AMOUNT_FORMS}")
    if t.startswith("+"):
        t = t[1:]
    if "," in t:
        m = _GROUPED.match(t)
        if not m:
            raise ValueFormError(f"“{text.strip()}”的千位分隔符位置不对；请填写{AMOUNT_FORMS}")
        t = t[: m.end()].replace(",", "") + t[m.end():]
    m = _NUMBER.match(t)
    if not m or m.group("unit") not in _UNITS:
        raise ValueFormError(f"“{text.strip()}”不是金额；请填写{AMOUNT_FORMS}")
    try:
        value = Decimal(m.group("num")) * _UNITS[m.group("unit")]
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueFormError(f"“{text.strip()}”不是金额；请填写{AMOUNT_FORMS}") from exc
    if value > MAX_AMOUNT:
        raise ValueFormError(f"“{text.strip()}”超过 10万亿元，不像是真实金额；请检查单位（元 / 万 / 亿）")
    if value != value.quantize(FEN, rounding=ROUND_HALF_UP):
        raise ValueFormError(f"“{text.strip()}”精确到了分以下；金额最多保留到分（两位小数的元）")
    return value


def parse_rate(text: str, *, at_most_one: bool = True) -> Decimal:
    """Parse a rate: ``0.25``, ``25%``, ``2.5‰`` or ``2/3`` -> a fraction between 0 and 1.

    >>> parse_rate("25%")
    Decimal('0.25')
    >>> parse_rate("0.15")
    Decimal('0.15')

    Args:
        text: The rate as typed.
        at_most_one: Reject rates above 100% (a tax rate); declarations may say 200%.

    Raises:
        ValueFormError: not a rate, or outside 0…100%.
    """
    t = _fold(text)
    if not t:
        raise ValueFormError(f"没有填写；请填写{RATE_FORMS}")
    if t.startswith(("-", "−")):
        raise ValueFormError(f"“{text.strip()}”是负数；请填写{RATE_FORMS}")
    value: Decimal
    t = t.replace("∶", ":")
    ratio = re.fullmatch(r"(\d+):(\d+)", t)  # 1∶1 as the documents write a matching ratio
    if ratio:
        t = f"{ratio.group(1)}/{ratio.group(2)}"
    fm = _FRACTION.match(t)
    if fm:
        b = Decimal(fm.group("b"))
        if b == 0:
            raise ValueFormError(f"“{text.strip()}”分母为 0；请填写{RATE_FORMS}")
        value = Decimal(fm.group("a")) / b
    else:
        m = re.match(r"^(\d+(?:\.\d+)?)(%|‰)?$", t)
        if not m:
            raise ValueFormError(f"“{text.strip()}”不是比例；请填写{RATE_FORMS}")
        value = Decimal(m.group(1))
        if m.group(2) == "%":
            value /= 100
        elif m.group(2) == "‰":
            value /= 1000
    if at_most_one and value > 1:
        raise ValueFormError(f"“{text.strip()}”超过 100%；请填写{RATE_FORMS}")
    return value


_TRUE = {"true", "yes", "y", "1", "是", "有", "对", "t", "√"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不是", "f", "×"}


def parse_bool(text: str) -> bool:
    """``true``/``false`` (also 是/否, yes/no, 1/0).

    Raises:
        ValueFormError: anything else.
    """
    t = _fold(text).lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueFormError(f"“{text.strip()}”不是“是/否”；请填写 true 或 false（也可写 是 / 否）")


def parse_count(text: str) -> int:
    """A whole number ≥ 0 (positions, items).

    Raises:
        ValueFormError: not a whole number, negative, or absurdly large.
    """
    t = _fold(text)
    if t.startswith(("-", "−")):
        raise ValueFormError(f"“{text.strip()}”是负数；请填写 0 或正整数，例如 5")
    t = re.sub(r"(位|名|个|项|家|件|年)$", "", t)
    if not re.fullmatch(r"\d{1,9}", t):
        raise ValueFormError(f"“{text.strip()}”不是整数；请填写 0 或正整数，例如 5")
    return int(t)


def round_fen(value: Decimal) -> Decimal:
    """Round to the fen, half up (how the bureaus pay)."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _strip(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"


def format_money(value: Decimal) -> str:
    """An amount as the documents write it: 万元 for whole-yuan amounts of 1万 and more, else 元.

    >>> format_money(Decimal("3000000"))
    '300万元'
    >>> format_money(Decimal("123450"))
    '12.345万元'
    >>> format_money(Decimal("5000"))
    '5000元'
    >>> format_money(Decimal("5000.5"))
    '5000.50元'
    >>> format_money(Decimal("277777.78"))
    '277,777.78元'
    >>> format_money(Decimal("300000000"))
    '3亿元'

    One style everywhere: whole 元 of 1万 and more in 万元 (亿元), anything else in 元 with two decimals when
    there are fen, and a thousands separator only from 1万 up.
    """
    v = round_fen(value)
    if v >= YI and v % (YI / 100) == 0:
        return f"{_strip(v / YI)}亿元"
    if v >= WAN and v == v.to_integral_value():
        return f"{_strip(v / WAN)}万元"
    if v >= WAN:
        return f"{v:,.2f}元"
    if v != v.to_integral_value():
        return f"{v:.2f}元"
    return f"{_strip(v)}元"


def format_yuan(value: Decimal) -> str:
    """An amount in 元 with two decimals and thousands separators: ``1,234,567.80``."""
    return f"{round_fen(value):,.2f}"


def format_wan(value: Decimal) -> str:
    """An amount in 万元 with up to six decimals: ``123.4568`` (for the 万元 view)."""
    return _strip((round_fen(value) / WAN).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


def format_rate(value: Decimal) -> str:
    """A fraction as a percentage: ``0.25`` -> ``25%``; 2/3 -> ``66.67%``."""
    pct = value * 100
    if pct == pct.to_integral_value():
        return f"{_strip(pct)}%"
    return f"{_strip(pct.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}%"
