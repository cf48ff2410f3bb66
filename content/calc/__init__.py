"""Subsidy calculators declared as data, evaluated by a small pure engine with ``Decimal`` money.

Public API (stable; the profile screen of issue 12 builds on it)::

    from content.bundle import get_bundle
    from content.calc import evaluate, result_to_json

    calcs = get_bundle().calculators                        # loaded once, statuses computed for today
    r = evaluate(calcs["innovation-voucher"], {"contract": "10万"}, regions=["河北省", "石家庄市"])
    r.totals.confirmed, r.totals.unverified, r.totals.excluded   # 可确认 / 待核实 / 不计入 (Decimal 元)
    r.totals.unverified_max                                 # the same at the top of a range (30%~50%)
    r.total                                                 # all counted lines: 按文件字面测算的最高额，不是承诺
    [(ln.label, ln.amount, ln.status, ln.counted) for ln in r.lines]
    r.ceiling                                               # the 上限情形 (alternatives added) or None
    result_to_json(r)                                       # what ``main.py calc … --json`` prints

* ``evaluate(calc, raw, *, today=None, regions=None) -> CalcResult``: ``raw`` maps input names to text as
  typed (``"300万"``); ``regions`` is the enterprise's region and every region containing it, as the
  handbook names them — it picks the calculator's region choice when ``raw`` does not, and a line citing a
  measure of another region is 不计入.  Raises :class:`CalcInputError` (``.field``, ``.message``).
* A line counts under the weakest status of the measures it cites: 现行 → ``confirmed``, 效力未核实 →
  ``unverified``, anything else or another region → ``excluded``; ``counted`` is ``None`` for a line that
  explains, an instalment, or an alternative not taken (``why`` says which).
* Lines are added only where the declaration says a text allows it; other lines are alternatives and the
  higher counts.  See ``content/calculators/README.md``.
* :func:`region_choice` (the region input's value for an enterprise), :func:`calculators_for_measure`
  (which calculators cite a measure), :mod:`content.calc.render` (the words of a result for the CLI, the
  panel and the PDF).

Qt-free: the panel (``ui/calculator_panel.py``) only lays out what this package computes and writes.
"""

from __future__ import annotations

from content.calc.declarations import (
    CALCULATORS_DIR,
    calculators_for_measure,
    check_citations,
    load_calculators,
    with_cited_documents,
)
from content.calc.engine import evaluate, holds, region_choice, result_to_json
from content.calc.inputs import display_value, expected_form, parse_input, parse_inputs
from content.calc.model import (
    FIGURE_LABELS,
    FIGURES,
    CalcCondition,
    CalcDeclarationError,
    CalcInput,
    CalcInputError,
    CalcLine,
    CalcResult,
    CalcTotals,
    Calculator,
    Ceiling,
    Choice,
    CitedDocument,
    Stacking,
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
    "FIGURES",
    "FIGURE_LABELS",
    "CalcCondition",
    "CalcDeclarationError",
    "CalcInput",
    "CalcInputError",
    "CalcLine",
    "CalcResult",
    "CalcTotals",
    "Calculator",
    "Ceiling",
    "Choice",
    "CitedDocument",
    "Stacking",
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
    "region_choice",
    "result_to_json",
    "round_fen",
    "with_cited_documents",
]
