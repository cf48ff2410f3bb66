"""Subsidy calculators declared as data, evaluated by a small pure engine with ``Decimal`` money.

Typical use::

    from content.calc import evaluate, load_calculators, result_to_json
    calcs = load_calculators(handbook)
    result = evaluate(calcs["tech-transfer"], {"region": "shijiazhuang", "amount": "300万"})
    result.total        # Decimal('400000.00'): 省级 20万元 + 市级 20万元

Qt-free: the panel (``ui/calculator_panel.py``) only renders what this package computes.
"""

from __future__ import annotations

from content.calc.declarations import (
    CALCULATORS_DIR,
    calculators_for_measure,
    check_citations,
    load_calculators,
    with_cited_documents,
)
from content.calc.engine import evaluate, holds, result_to_json
from content.calc.inputs import display_value, expected_form, parse_input, parse_inputs
from content.calc.model import (
    CalcCondition,
    CalcDeclarationError,
    CalcInput,
    CalcInputError,
    CalcLine,
    CalcResult,
    Calculator,
    Choice,
    CitedDocument,
)
from content.calc.parsing import (
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

__all__ = [
    "CALCULATORS_DIR",
    "CalcCondition",
    "CalcDeclarationError",
    "CalcInput",
    "CalcInputError",
    "CalcLine",
    "CalcResult",
    "Calculator",
    "Choice",
    "CitedDocument",
    "ValueFormError",
    "calculators_for_measure",
    "check_citations",
    "display_value",
    "evaluate",
    "expected_form",
    "format_money",
    "format_rate",
    "format_wan",
    "format_yuan",
    "holds",
    "load_calculators",
    "parse_amount",
    "parse_bool",
    "parse_count",
    "parse_input",
    "parse_inputs",
    "parse_rate",
    "result_to_json",
    "round_fen",
    "with_cited_documents",
]
