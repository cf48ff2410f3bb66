"""Amounts for a profile: run the calculators the profile gives inputs for and attribute their lines.

Nothing here computes money: :func:`content.calc.evaluate` does, from the declarations.  This module
only fills the inputs from the profile (``content/profile/calculators.yaml``), gives each line to the
measure it cites for this enterprise (the first cited measure of the enterprise's region), and sorts
its amount into 可确认 / 待核实 / 不计入:

* 可确认 — a cited measure of the enterprise's region is 现行 (verified recently);
* 待核实 — the best such status is 效力未核实, or the measure is verified but the enterprise's region
  has not been given yet;
* 不计入 — only drafts, ended periods, revised or repealed measures, other regions — or the measure is
  不适用 for this enterprise.

Qt-free.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from content.bundle import ContentBundle
from content.profile.model import (
    AmountLine,
    Bucket,
    CalcRun,
    CalculatorMap,
    Check,
    FieldType,
    Figures,
    Group,
    InputMap,
    MeasureAmount,
    Outcome,
    Profile,
    Test,
)
from content.profile.regions import NATION, Location
from content.profile.schema import ProfileSchema
from content.validity import STATUS_ORDER, Status

#: The calculators' figures (content.calc.model.FIGURES) as buckets.
FIGURE_BUCKETS = {"confirmed": Bucket.CONFIRMED, "unverified": Bucket.TO_VERIFY, "excluded": Bucket.EXCLUDED}
_LEGACY = object()


def _counted(line: Any) -> object:
    """The figure the calculator put the line in (``None``: in none), or ``_LEGACY`` for an old engine."""
    return getattr(line, "counted", _LEGACY)


def _calc_figures(result: Any) -> Figures:
    """The calculator's own three figures (``content.calc.CalcTotals``), or ``Figures()`` from an old engine."""
    t = getattr(result, "totals", None)
    if t is None:
        return Figures()
    return Figures(confirmed=t.confirmed, to_verify=t.unverified, excluded=t.excluded)


def bucket_for(status: Status | None) -> Bucket:
    """The figure an amount goes to, by the best status among its cited measures of the region."""
    if status is Status.CURRENT:
        return Bucket.CONFIRMED
    if status is Status.UNVERIFIED:
        return Bucket.TO_VERIFY
    return Bucket.EXCLUDED


def _outcome(t: Test, profile: Profile) -> Outcome:
    from content.profile.matcher import evaluate_test

    return evaluate_test(t, profile)


def _as_input(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _region_value(im: InputMap, loc: Location) -> str | None:
    table = dict(im.region)
    for name in (*reversed([x for x in loc.levels if x]), NATION):
        if name in table:
            return table[name]
    return None


def region_choice(calc: Any, loc: Location) -> str | None:
    """The value of the calculator's region input for ``loc``, from the regions its choices declare.

    The most specific level of the enterprise that a choice ends with wins: 长安区 → ``changan``;
    桥西区 (no choice of its own) → the one ending with 石家庄市.
    """
    inp = calc.region_input()
    if inp is None:
        return None
    for name in reversed([x for x in loc.levels if x]):
        for c in inp.choices:
            if c.region and c.region[-1] == name:
                return str(c.value)
    return None


def build_inputs(cm: CalculatorMap, calc: Any, schema: ProfileSchema, profile: Profile,
                 loc: Location) -> tuple[dict[str, str] | None, list[str], str]:
    """The calculator's inputs from the profile, or why it cannot run.

    Returns:
        ``(raw inputs, missing field labels, reason)``; the inputs are ``None`` when it cannot run.
    """
    from content.calc import CalcInputError, holds, parse_inputs

    raw: dict[str, str] = {}
    missing: dict[str, str] = {}  # input name -> field label
    region_input = calc.region_input()
    if region_input is not None and all(im.input != region_input.name for im in cm.inputs):
        # the calculator says which regions its choices stand for: no mapping of ours is needed
        v = region_choice(calc, loc)
        if v is None:
            if loc.most_specific() is None:
                missing[region_input.name] = "所在地"
            else:
                return None, [], f"所在地（{loc.text()}）不在“{calc.title}”的地区选项中"
        else:
            raw[region_input.name] = v
    for im in cm.inputs:
        if im.value is not None:
            raw[im.input] = im.value
        elif im.region:
            v = _region_value(im, loc)
            if v is None:
                if loc.most_specific() is None:
                    missing[im.input] = "所在地"
                    continue
                return None, [], f"所在地（{loc.text()}）不在“{calc.title}”的地区选项中"
            raw[im.input] = v
        elif im.field:
            answer = profile.get(im.field)
            if answer is None:
                if im.otherwise is not None:
                    raw[im.input] = im.otherwise
                else:
                    f = schema.field(im.field)
                    missing[im.input] = f.label if f else im.field
                continue
            text = _as_input(answer)
            raw[im.input] = dict(im.values).get(text, text)
    if missing:
        # only what the calculator shows for these values is needed (规上/规下 only in 石家庄市)
        try:
            values = parse_inputs(calc, raw)  # the rest at their defaults, to read the inputs' `when`
        except CalcInputError:
            values = {}
        needed = [name for name in missing
                  if (inp := calc.input(name)) is None or inp.when is None or not values
                  or holds(inp.when, values)]
        if needed:
            return None, [missing[n] for n in needed], ""
    return raw, [], ""


def _best_status(bundle: ContentBundle, mids: list[str]) -> Status | None:
    statuses = [bundle.status(mid).status for mid in mids]
    ranked = [s for s in STATUS_ORDER if s in statuses]
    return ranked[0] if ranked else None


def amounts_for(bundle: ContentBundle, schema: ProfileSchema, profile: Profile, loc: Location,
                regions: Mapping[str, Check], groups: Mapping[str, Group],
                calcs: Mapping[str, Any]) -> tuple[dict[str, MeasureAmount], list[CalcRun], dict[str, str]]:
    """Run every mapped calculator the profile allows.

    Returns:
        Amounts by measure id, each run's story, and for measures a line also cites (the same support
        written twice) the measure the line's amount went to.
    """
    from content.calc import CalcInputError, evaluate

    hb = bundle.handbook
    subsidy: dict[str, Figures] = {}
    deduction: dict[str, Figures] = {}
    lines: dict[str, list[AmountLine]] = {}
    runs: list[CalcRun] = []
    shared: dict[str, str] = {}
    for cm in schema.calculators:
        calc = calcs.get(cm.calculator)
        if calc is None:
            runs.append(CalcRun(cm.calculator, cm.calculator, False, reason="计算器不可用", deduction=cm.deduction))
            continue
        if cm.run_if:
            outcomes = [_outcome(t, profile) for t in cm.run_if]
            if Outcome.MET not in outcomes:
                unanswered = [t.field for t, o in zip(cm.run_if, outcomes, strict=True) if o is Outcome.UNKNOWN]
                labels = [f.label for fid in dict.fromkeys(unanswered) if (f := schema.field(fid)) is not None]
                runs.append(CalcRun(calc.id, calc.title, False, reason="" if labels else "所填情况不需要这项计算",
                                    missing=tuple(labels), deduction=cm.deduction))
                continue
        raw, missing, reason = build_inputs(cm, calc, schema, profile, loc)
        if raw is None:
            runs.append(CalcRun(calc.id, calc.title, False, reason=reason, missing=tuple(missing),
                                deduction=cm.deduction))
            continue
        try:
            result = evaluate(calc, raw, today=bundle.today)
        except CalcInputError as exc:
            runs.append(CalcRun(calc.id, calc.title, False, reason=exc.message, deduction=cm.deduction))
            continue
        runs.append(CalcRun(calc.id, calc.title, True, inputs=result.inputs, total=result.total,
                            total_label=result.total_label, warnings=result.warnings, deduction=cm.deduction,
                            stacking=tuple(getattr(result, "stacking", ())), figures=_calc_figures(result)))
        for ln in result.lines:
            cited = [mid for mid in (ln.cites or (ln.source,)) if hb.measure(mid) is not None]
            if not cited:
                continue
            met = [mid for mid in cited if regions[mid].outcome is Outcome.MET]
            in_region = [mid for mid in cited if regions[mid].outcome is not Outcome.UNMET]
            target = met[0] if met else (in_region[0] if in_region else cited[0])
            counted = _counted(ln)
            if counted is _LEGACY:  # a calculator engine without the three figures
                status = _best_status(bundle, met or in_region)
                bucket: Bucket | None = bucket_for(status) if ln.in_total else None
                status_text = status.value if status else "其他地区"
            else:
                bucket = FIGURE_BUCKETS.get(counted) if isinstance(counted, str) else None
                status_text = ln.status or "效力未核实"
            if bucket is Bucket.CONFIRMED and not met:
                bucket = Bucket.TO_VERIFY  # verified, but the enterprise's region is not known yet
            if bucket is not None and (not in_region or groups.get(target) is Group.NOT_APPLICABLE):
                bucket = Bucket.EXCLUDED  # another region, or a measure this enterprise cannot apply for
            line = AmountLine(calculator=calc.id, calculator_title=calc.title, label=ln.label, level=ln.level,
                              amount=ln.amount, bucket=bucket or Bucket.EXCLUDED, status=status_text,
                              in_total=bucket is not None, deduction=cm.deduction, explanation=ln.explanation,
                              source=ln.source, low=getattr(ln, "low", None), why=getattr(ln, "why", ""))
            lines.setdefault(target, []).append(line)
            for mid in cited:
                if mid != target:
                    shared.setdefault(mid, target)
            if bucket is not None:
                book = deduction if cm.deduction else subsidy
                # a range the text gives (30%~50%) counts at its minimum; the line shows both ends
                book[target] = book.get(target, Figures()).add(bucket, line.minimum)
    out = {mid: MeasureAmount(subsidy=subsidy.get(mid, Figures()), deduction=deduction.get(mid, Figures()),
                              lines=tuple(ls)) for mid, ls in lines.items()}
    return out, runs, {k: v for k, v in shared.items() if k not in out}


def money_fields(schema: ProfileSchema) -> list[str]:
    return [f.id for f in schema.fields if f.type is FieldType.MONEY]
