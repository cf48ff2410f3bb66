"""Turn the text of a form or a command line into typed input values, or say exactly what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from content.calc.model import CalcInput, CalcInputError, Calculator
from content.calc.parsing import (
    AMOUNT_FORMS,
    RATE_FORMS,
    ValueFormError,
    format_money,
    format_rate,
    parse_amount,
    parse_bool,
    parse_count,
    parse_rate,
)

Value = Decimal | bool | str


def expected_form(inp: CalcInput) -> str:
    """What to type for an input, in Chinese (used in messages and as placeholder text)."""
    if inp.type == "money":
        return AMOUNT_FORMS
    if inp.type == "rate":
        return RATE_FORMS
    if inp.type == "bool":
        return "true 或 false（也可写 是 / 否）"
    if inp.type == "count":
        return "0 或正整数，例如 5"
    return "以下之一：" + "、".join(f"{c.value}（{c.label}）" for c in inp.choices)


def parse_input(inp: CalcInput, text: str) -> Value:
    """Parse one input's text by its declared type.

    Raises:
        ValueFormError: the text is not of the expected form (the message says which form).
    """
    if inp.type == "money":
        return parse_amount(text)
    if inp.type == "rate":
        t = text.strip()
        preset = next((c for c in inp.choices if t in (c.label, c.value)), None)
        return parse_rate(preset.value if preset is not None else text)
    if inp.type == "bool":
        return parse_bool(text)
    if inp.type == "count":
        return Decimal(parse_count(text))
    t = text.strip()
    for c in inp.choices:
        if t in (c.value, c.label) or t.lower() == c.value.lower():
            return c.value
    raise ValueFormError(f"“{t}”不是可选的值；请填写{expected_form(inp)}")


def parse_inputs(calc: Calculator, raw: Mapping[str, str]) -> dict[str, Value]:
    """All inputs of ``calc`` from ``raw`` (name -> text); empty or absent means the default.

    Raises:
        CalcInputError: an unknown name, a missing required input, or a value of the wrong form.
    """
    known = {i.name for i in calc.inputs}
    for name in raw:
        if name not in known:
            raise CalcInputError(
                name, f"“{calc.title}”没有名为 {name} 的输入项；可用的输入项：{', '.join(i.name for i in calc.inputs)}"
            )
    values: dict[str, Value] = {}
    for inp in calc.inputs:
        text = raw.get(inp.name)
        if text is None or not str(text).strip():
            if inp.default is None:
                raise CalcInputError(inp.name, f"请填写“{inp.label}”（{inp.name}）：{expected_form(inp)}")
            text = inp.default
        try:
            values[inp.name] = parse_input(inp, str(text))
        except ValueFormError as exc:
            raise CalcInputError(inp.name, f"“{inp.label}”（{inp.name}）{exc}") from None
    return values


def display_value(inp: CalcInput, value: Value) -> str:
    """An input value as a person reads it (for the printed result)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return inp.choice_label(value)
    if inp.type == "money":
        return format_money(value)
    if inp.type == "rate":
        return format_rate(value) + preset_note(inp, value)
    return f"{value}{inp.unit}"


def preset_note(inp: CalcInput, value: Decimal) -> str:
    """``（高新技术企业；编者据…）`` when ``value`` is one of the input's preset rates, else ``（自行填写）``.

    A preset rate is not printed in the documents: the result says whose figure it is.
    """
    if not inp.choices:
        return ""
    for c in inp.choices:
        try:
            if parse_rate(c.value) == value:
                return f"（{c.label}；{c.basis}）"
        except ValueFormError:
            continue
    return "（自行填写）"
