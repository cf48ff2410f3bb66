"""``python main.py calc`` — list the calculators, or compute one: ``calc ID name=value … [--json]``.

Exit codes: 0 computed (or listed); 1 the declarations are broken; 2 bad usage or bad input (the
message names the input and the expected form).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from content.bundle import ContentBundle
from content.calc.engine import evaluate, result_to_json
from content.calc.inputs import expected_form
from content.calc.model import CalcInputError, CalcResult, Calculator
from content.console import program_name
from content.model import Handbook

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``["amount=300万", "region=shijiazhuang"]`` -> a mapping.

    Raises:
        CalcInputError: an item without ``=``, or a name given twice.
    """
    out: dict[str, str] = {}
    for item in items:
        text = item.replace("＝", "=")
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise CalcInputError(item, f"“{item}”应写成 名称=值，例如 amount=300万")
        if name in out:
            raise CalcInputError(name, f"{name} 写了两次；每个输入项只写一次")
        out[name] = value
    return out


def _inputs_help(calc: Calculator) -> str:
    rows = []
    for i in calc.inputs:
        need = "必填" if i.required else f"默认 {i.default}"
        rows.append(f"  {i.name:<20} {i.label}（{need}）：{expected_form(i)}")
    return "\n".join(rows)


def _list(calcs: dict[str, Calculator], as_json: bool) -> int:
    if as_json:
        data: list[dict[str, Any]] = [
            {
                "id": c.id, "title": c.title, "topic": c.topic, "status": c.status, "description": c.description,
                "cites": list(c.cites),
                "inputs": [
                    {"name": i.name, "label": i.label, "type": i.type, "unit": i.unit, "default": i.default,
                     "required": i.required, "choices": [{"value": x.value, "label": x.label} for x in i.choices]}
                    for i in c.inputs
                ],
            }
            for c in calcs.values()
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(c) for c in calcs)
    print(f"计算器（用法：{program_name()} calc ID 名称=值 … [--json]；带 * 的输入项必填）：")
    for c in calcs.values():
        status = "" if c.status == "现行" else f"  [{c.status}]"
        print(f"  {c.id:<{width}}  {c.title}（{c.topic}）{status}")
        print(f"  {'':<{width}}  输入：{', '.join(i.name + ('*' if i.required else '') for i in c.inputs)}")
    return EXIT_OK


def format_result(result: CalcResult, handbook: Handbook | None = None, *, calc: Calculator | None = None,
                  calculators: Mapping[str, Calculator] | None = None) -> str:
    """The plain-text form of a result (CLI and the panel's “复制结果”): :func:`content.calc.render.result_text`."""
    from content.calc.render import result_text, result_view

    if calc is None:
        calc = (calculators or {}).get(result.calculator) or _bare(result)
    return result_text(result_view(result, calc, handbook, calculators=calculators), program=program_name())


def _bare(result: CalcResult) -> Calculator:
    """A stand-in when only the result is known (no related measures or calculators)."""
    return Calculator(id=result.calculator, title=result.title, topic="", inputs=(), conditions=(), cites=(),
                      description="")


def _bundle(args: argparse.Namespace) -> ContentBundle | None:
    """The content bundle (calculators and the cited measures' titles and statuses); None when unusable."""
    from content.bundle import ContentLoadError, get_bundle

    cdir = getattr(args, "content_dir", None)
    try:
        return get_bundle(Path(cdir) if cdir else None)
    except ContentLoadError as exc:
        _err(f"{program_name()} calc: {exc}")
        return None


def run_calc(args: argparse.Namespace) -> int:
    """Entry point of ``main.py calc``; returns the exit code."""
    bundle = _bundle(args)
    if bundle is None:
        return EXIT_USAGE
    calcs = dict(bundle.calculators)
    calc_problems = [e for e in bundle.problems() if (bundle.root.calculators / e.file).is_file()]
    if calc_problems:
        _err(f"{program_name()} calc: 计算器声明有问题（有问题的计算器已停用；请运行 {program_name()} check）：")
        for p in calc_problems:
            _err(f"  {p}")
    as_json = bool(getattr(args, "json", False))
    cid = getattr(args, "calculator", None)
    if not cid:
        return _list(calcs, as_json)
    calc = calcs.get(cid)
    if calc is None:
        _err(f"{program_name()} calc: 没有名为 {cid} 的计算器；可用的计算器：{', '.join(calcs)}")
        return EXIT_USAGE
    try:
        raw = parse_assignments(getattr(args, "inputs", None) or [])
        result = evaluate(calc, raw)
    except CalcInputError as exc:
        _err(f"{program_name()} calc {cid}: {exc.message}")
        _err(f"{calc.title}的输入项：\n{_inputs_help(calc)}")
        return EXIT_USAGE
    if as_json:
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    else:
        print(format_result(result, bundle.handbook, calc=calc, calculators=calcs))
    return EXIT_OK
