"""Load calculator declarations (``content/calculators/*.yaml``) into :class:`Calculator` values.

Every problem is reported as ``file:line: message`` and collected; if there is any, loading
raises :class:`CalcDeclarationError` with all of them.  With a handbook, every cited measure id is
checked to exist.

The declaration format is described in ``content/calculators/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import yaml

from content.calc.inputs import parse_input
from content.calc.model import (
    LEVEL_OF_MEASURE,
    All,
    AnyOf,
    BaseRef,
    Bracket,
    CalcCondition,
    CalcDeclarationError,
    CalcInput,
    Calculator,
    CalcWarning,
    Cap,
    Choice,
    Choose,
    CitedDocument,
    Compare,
    Cond,
    Expr,
    In,
    InputRef,
    InputType,
    Is,
    LineRef,
    Lit,
    LitKind,
    Minimum,
    Not,
    Pool,
    Product,
    Requirement,
    Rule,
    SplitPart,
    Stacking,
    StepUp,
    Sum,
    Tier,
)
from content.calc.parsing import ValueFormError, parse_amount, parse_count, parse_rate
from content.loader import DuplicateKeyError, parse_yaml
from content.loader import LDict as _Map
from content.loader import LList as _Seq
from content.model import ContentError, Handbook
from content.validity import Validity

CALCULATORS_DIR = Path(__file__).resolve().parent.parent / "calculators"
VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "vocabulary.yaml"

LEVELS = ("国家", "省级", "市级", "区级")
#: Fields a declaration may no longer carry: the status is computed from the cited measures.
_COMPUTED = {"status": "效力（status）由所引措施的日期和核实记录计算，不在声明中填写；请删除这一行",
             "basis": "效力由所引措施计算，不再需要 basis；请删除这一行",
             "period": "执行期由所引措施（cited_period）计算，不再需要 period；请删除这一行"}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def _tidy(text: str) -> str:
    """Folded YAML joins lines with a space; no space belongs next to Chinese characters."""
    return _SPACE_NEXT_TO_CJK.sub("", text.strip())


_UNITS_BY_TYPE = {"money": "元", "rate": "%", "count": "", "bool": "", "choice": ""}


# YAML with line numbers comes from content.loader (LDict/LList remember where each key is).


# --------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------
@dataclass
class _Ctx:
    file: str
    problems: list[str]
    inputs: dict[str, CalcInput] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)

    def err(self, line: int, msg: str) -> None:
        self.problems.append(f"{self.file}:{line}: {msg}")


def _ln(d: Any, key: str | None = None) -> int:
    if isinstance(d, _Map):
        return d.lines.get(key, d.line) if key else d.line
    if isinstance(d, _Seq):
        return d.line
    return 0


def _keys(ctx: _Ctx, d: _Map, allowed: set[str], what: str) -> None:
    for k in d:
        if k not in allowed:
            ctx.err(_ln(d, k), f"unknown field '{k}' in {what}; expected one of: {', '.join(sorted(allowed))}")


def _text(ctx: _Ctx, d: _Map, key: str, *, required: bool = False, what: str = "") -> str:
    v = d.get(key)
    if v is None:
        if required:
            ctx.err(_ln(d), f"missing required field '{key}' in {what}")
        return ""
    if not isinstance(v, str):
        ctx.err(_ln(d, key), f"'{key}' in {what} must be text")
        return ""
    return _tidy(v)


def _texts(ctx: _Ctx, d: _Map, key: str, what: str) -> tuple[str, ...]:
    v = d.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return (v.strip(),)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        ctx.err(_ln(d, key), f"'{key}' in {what} must be a list of text")
        return ()
    return tuple(_tidy(x) for x in v)


def _measure_id(ctx: _Ctx, line: int, value: Any, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value.strip()):
        ctx.err(line, f"{what} must be a measure id such as zb-04-02, got {value!r}")
        return ""
    return value.strip()


# --------------------------------------------------------------------------------------------
# Literals and expressions
# --------------------------------------------------------------------------------------------
def _lit(ctx: _Ctx, line: int, value: Any, kind: LitKind, what: str) -> Lit | None:
    if not isinstance(value, str) or not value.strip():
        ctx.err(line, f"{what} must be a number written as text, e.g. '100万' or '10%'")
        return None
    text = value.strip()
    try:
        ends = _RANGE.split(text)
        if len(ends) == 2 and kind in ("money", "rate"):
            low_t, high_t = ends
            if not re.search(r"[^\d.]", low_t):  # 30—200万: the low end takes the high end's unit
                low_t += re.sub(r"^[\d.]+", "", high_t)
            low, high = _one(low_t, kind), _one(high_t, kind)
            if low > high:
                ctx.err(line, f"{what}: the range '{text}' must go from the lower to the higher number")
                return None
            return Lit(high, text, kind, low=low)
        return Lit(_one(text, kind), text, kind)
    except ValueFormError as exc:
        ctx.err(line, f"{what}: {exc}")
        return None


#: A range as the documents write it: 30%~50%, 30—200万, 300万-500万, 50至100万.
_RANGE = re.compile(r"\s*(?:~|～|—|至|-)\s*")


def _one(text: str, kind: LitKind) -> Decimal:
    if kind == "money":
        return parse_amount(text)
    if kind == "rate":
        return parse_rate(text, at_most_one=False)
    return Decimal(parse_count(text))


def _guess_kind(text: str) -> LitKind:
    """``10%``, ``2/3``, ``1∶1`` are rates; ``5年``, ``3个`` counts; anything else money."""
    if any(c in text for c in "%‰/∶:"):
        return "rate"
    if re.fullmatch(r"\d+(年|位|名|个|项|家|件)", text):
        return "count"
    return "money"


def _expr(ctx: _Ctx, line: int, value: Any, what: str, *, kind: LitKind | None = None) -> Expr | None:
    """Parse an expression: a literal, an input name, or {line|base|sum|product|min|choose: …}."""
    if isinstance(value, str):
        t = value.strip()
        if _NAME.match(t):
            inp = ctx.inputs.get(t)
            if inp is None:
                ctx.err(line, f"{what}: unknown input '{t}'; declared inputs: {', '.join(ctx.inputs)}")
                return None
            if inp.type not in ("money", "rate", "count"):
                ctx.err(line, f"{what}: input '{t}' is a {inp.type}, not a number; use it in 'when' instead")
                return None
            return InputRef(t)
        return _lit(ctx, line, t, kind or _guess_kind(t), what)
    if isinstance(value, _Map):
        ln = value.line
        label = value.get("label", "")
        label = label.strip() if isinstance(label, str) else ""
        for ref, cls in (("line", LineRef), ("base", BaseRef)):
            if ref in value:
                _keys(ctx, value, {ref}, what)
                rid = value[ref]
                if not isinstance(rid, str) or rid not in ctx.rules:
                    ctx.err(ln, f"{what}: '{ref}: {rid}' must name an earlier rule; earlier rules: "
                                f"{', '.join(ctx.rules) or '(none)'}")
                    return None
                return cls(rid)
        for op, cls2 in (("sum", Sum), ("product", Product), ("min", Minimum)):
            if op in value:
                _keys(ctx, value, {op, "label"}, what)
                items = value[op]
                if not isinstance(items, list) or len(items) < 2:
                    ctx.err(ln, f"{what}: '{op}' needs a list of at least two items")
                    return None
                parsed = [_expr(ctx, ln, x, what) for x in items]
                if any(p is None for p in parsed):
                    return None
                return cls2(tuple(cast(list[Expr], parsed)), label)
        if "choose" in value:
            _keys(ctx, value, {"choose", "values", "label"}, what)
            name = value.get("choose")
            inp = ctx.inputs.get(name) if isinstance(name, str) else None
            vals = value.get("values")
            if inp is None or inp.type != "choice":
                ctx.err(ln, f"{what}: 'choose' must name a choice input")
                return None
            if not isinstance(vals, _Map):
                ctx.err(ln, f"{what}: 'values' must map each choice to a number")
                return None
            allowed = {c.value for c in inp.choices}
            out: list[tuple[str, Lit]] = []
            for k, v in vals.items():
                if k not in allowed:
                    ctx.err(_ln(vals, k), f"{what}: '{k}' is not a choice of '{inp.name}' ({', '.join(allowed)})")
                    continue
                lit = _lit(ctx, _ln(vals, k), v, kind or _guess_kind(str(v)), what)
                if lit is not None:
                    out.append((k, lit))
            missing = allowed - {k for k, _ in out}
            if missing:
                ctx.err(ln, f"{what}: 'choose' gives no value for {', '.join(sorted(missing))}")
                return None
            return Choose(inp.name, tuple(out), label)
    ctx.err(line, f"{what}: expected a number, an input name or one of line/base/sum/product/min/choose")
    return None


# --------------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------------
_COMPARE = ("at_least", "above", "below", "at_most")


def _cond(ctx: _Ctx, value: Any, what: str) -> Cond | None:
    if not isinstance(value, _Map):
        ctx.err(_ln(value) or 0, f"{what}: a condition is a mapping such as {{input: region, is: hebei}}")
        return None
    ln = value.line
    for op, cls in (("all", All), ("any", AnyOf)):
        if op in value:
            _keys(ctx, value, {op}, what)
            items = value[op]
            if not isinstance(items, list) or not items:
                ctx.err(ln, f"{what}: '{op}' needs a list of conditions")
                return None
            parsed = [_cond(ctx, x, what) for x in items]
            if any(p is None for p in parsed):
                return None
            return cls(tuple(cast(list[Cond], parsed)))
    if "not" in value:
        _keys(ctx, value, {"not"}, what)
        inner = _cond(ctx, value["not"], what)
        return Not(inner) if inner is not None else None
    name = value.get("input")
    inp = ctx.inputs.get(name) if isinstance(name, str) else None
    if inp is None:
        ctx.err(ln, f"{what}: condition needs 'input' naming a declared input ({', '.join(ctx.inputs)})")
        return None
    ops = [k for k in value if k != "input"]
    if len(ops) != 1:
        ctx.err(ln, f"{what}: a condition has one test: is, in, {', '.join(_COMPARE)}")
        return None
    op = ops[0]
    arg = value[op]
    if op == "is":
        if inp.type == "bool":
            if not isinstance(arg, bool):
                ctx.err(ln, f"{what}: '{inp.name}' is yes/no; write 'is: true' or 'is: false'")
                return None
            return Is(inp.name, arg)
        if inp.type == "choice":
            if arg not in {c.value for c in inp.choices}:
                ctx.err(ln, f"{what}: '{arg}' is not a choice of '{inp.name}'")
                return None
            return Is(inp.name, str(arg))
        ctx.err(ln, f"{what}: 'is' works on yes/no and choice inputs; use at_least/below for numbers")
        return None
    if op == "in":
        allowed = {c.value for c in inp.choices}
        if inp.type != "choice" or not isinstance(arg, list) or not set(arg) <= allowed:
            ctx.err(ln, f"{what}: 'in' needs a list of choices of '{inp.name}' ({', '.join(allowed)})")
            return None
        return In(inp.name, tuple(str(a) for a in arg))
    if op in _COMPARE:
        if inp.type not in ("money", "count", "rate"):
            ctx.err(ln, f"{what}: '{op}' works on numbers; '{inp.name}' is a {inp.type}")
            return None
        kind: LitKind = "money" if inp.type == "money" else ("rate" if inp.type == "rate" else "count")
        lit = _lit(ctx, ln, arg, kind, what)
        return Compare(inp.name, cast(Any, op), lit) if lit is not None else None
    ctx.err(ln, f"{what}: unknown test '{op}'; use is, in, {', '.join(_COMPARE)}")
    return None


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------
_INPUT_KEYS = {"name", "label", "type", "unit", "default", "required", "choices", "help", "when"}


def _input(ctx: _Ctx, d: Any) -> CalcInput | None:
    if not isinstance(d, _Map):
        ctx.err(_ln(d), "an input is a mapping with name, label, type …")
        return None
    _keys(ctx, d, _INPUT_KEYS, "input")
    name = _text(ctx, d, "name", required=True, what="input")
    if not _NAME.match(name):
        ctx.err(_ln(d, "name"), f"input name '{name}' must be lower-case letters, digits and '_'")
        return None
    if name in ctx.inputs:
        ctx.err(_ln(d, "name"), f"input '{name}' is declared twice")
        return None
    label = _text(ctx, d, "label", required=True, what=f"input '{name}'")
    typ = _text(ctx, d, "type") or "money"
    if typ not in _UNITS_BY_TYPE:
        ctx.err(_ln(d, "type"), f"input '{name}': unknown type '{typ}'; use {', '.join(_UNITS_BY_TYPE)}")
        return None
    choices: list[Choice] = []
    if typ in ("choice", "rate") and "choices" in d:
        # a choice input's values; a rate input's presets (the form offers them, any rate may be typed)
        raw = d.get("choices")
        if not isinstance(raw, list) or not raw:
            ctx.err(_ln(d), f"input '{name}': 'choices' is a list of {{value, label}}")
            return None
        for c in raw:
            if not isinstance(c, _Map) or not isinstance(c.get("value"), str) or not isinstance(c.get("label"), str):
                ctx.err(_ln(c) or _ln(d), f"input '{name}': each choice needs text 'value' and 'label'")
                continue
            _keys(ctx, c, {"value", "label", "region", "basis"}, f"input '{name}' choice")
            region = _texts(ctx, c, "region", f"input '{name}' choice")
            basis = _text(ctx, c, "basis")
            if typ == "rate":
                try:
                    parse_rate(c["value"])
                except ValueFormError as exc:
                    ctx.err(_ln(c, "value"), f"input '{name}': preset {c['value']!r}: {exc}")
                if not basis:
                    ctx.err(_ln(c), f"input '{name}': a preset rate is the editor's figure; give its legal 'basis'")
            choices.append(Choice(c["value"].strip(), c["label"].strip(), region, basis))
        if sum(bool(c.region) for c in choices) not in (0, len(choices)):
            ctx.err(_ln(d, "choices"), f"input '{name}': give 'region' for every choice or for none")
    elif typ == "choice":
        ctx.err(_ln(d), f"input '{name}': a choice input needs 'choices: [{{value, label}}, …]'")
        return None
    elif "choices" in d:
        ctx.err(_ln(d, "choices"), f"input '{name}': only choice and rate inputs have choices")
    required = d.get("required", False)
    if not isinstance(required, bool):
        ctx.err(_ln(d, "required"), f"input '{name}': 'required' must be true or false")
        required = False
    default = d.get("default")
    if isinstance(default, bool):
        default = "true" if default else "false"
    if default is not None and not isinstance(default, str):
        ctx.err(_ln(d, "default"), f"input '{name}': 'default' must be text")
        default = None
    if required and default is not None:
        ctx.err(_ln(d, "default"), f"input '{name}': a required input has no default")
    if not required and default is None:
        ctx.err(_ln(d), f"input '{name}': give a default or mark it 'required: true'")
    inp = CalcInput(
        name=name,
        label=label,
        unit=_text(ctx, d, "unit") or _UNITS_BY_TYPE[typ],
        type=cast(InputType, typ),
        default=default,
        choices=tuple(choices),
        required=required,
        help=_text(ctx, d, "help"),
    )
    if default is not None:
        # The default must itself be valid input.
        try:
            parse_input(inp, default)
        except ValueError as exc:
            ctx.err(_ln(d, "default"), f"input '{name}': default '{default}' is not valid: {exc}")
    return inp


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------
_KINDS = ("rate", "tiers", "lookup", "table", "fixed", "step_up", "split", "value")
_RULE_KEYS = {
    "id", "level", "label", "source", "also_cites", "when", "require", "base", "base_label", "caps",
    "pool", "in_total", "skip_if_zero", "note", "warnings", *_COMPUTED, *_KINDS,
}


def _caps(ctx: _Ctx, d: _Map, what: str) -> tuple[Cap, ...]:
    raw = d.get("caps")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ctx.err(_ln(d, "caps"), f"{what}: 'caps' must be a list")
        return ()
    out: list[Cap] = []
    for c in raw:
        if not isinstance(c, _Map):
            ctx.err(_ln(d, "caps"), f"{what}: each cap is a mapping {{label, limit}} or {{label, max_share, of}}")
            continue
        _keys(ctx, c, {"label", "limit", "less", "max_share", "of", "source"}, f"{what} cap")
        label = _text(ctx, c, "label", required=True, what=f"{what} cap")
        if label.startswith(("最高", "不超过", "超过", "不高于", "每年最高", "每项最高")):
            ctx.err(c.line, f"{what}: cap label '{label}' reads badly in “未超过{label} …”; name the ceiling "
                            "(补助上限, 年度上限, 每项上限)")
        source = _measure_id(ctx, _ln(c, "source"), c["source"], f"{what} cap source") if "source" in c else ""
        if "max_share" in c:
            share = _lit(ctx, c.line, c["max_share"], "rate", f"{what} cap max_share")
            of = _expr(ctx, c.line, c.get("of"), f"{what} cap 'of'", kind="money")
            if share is not None and of is not None:
                if share.value >= 1:
                    ctx.err(c.line, f"{what}: max_share must be below 100%")
                out.append(Cap(label=label, max_share=share, of=of, source=source))
            continue
        limit = _expr(ctx, c.line, c.get("limit"), f"{what} cap limit", kind="money")
        less_raw = c.get("less", [])
        less_list = less_raw if isinstance(less_raw, list) else [less_raw]
        less = [_expr(ctx, c.line, x, f"{what} cap 'less'", kind="money") for x in less_list]
        if limit is not None and all(x is not None for x in less):
            out.append(Cap(label=label, limit=limit, less=tuple(cast(list[Expr], less)), source=source))
    return tuple(out)


def _rule(ctx: _Ctx, d: Any, pools: Mapping[str, Pool]) -> Rule | None:
    if not isinstance(d, _Map):
        ctx.err(_ln(d), "a rule is a mapping with id, level, label, source and one kind")
        return None
    _keys(ctx, d, _RULE_KEYS, "rule")
    rid = _text(ctx, d, "id", required=True, what="rule")
    what = f"rule '{rid}'"
    if not _ID.match(rid):
        ctx.err(_ln(d, "id"), f"{what}: id must be lower-case letters, digits and '-'")
        return None
    if rid in ctx.rules:
        ctx.err(_ln(d, "id"), f"{what}: declared twice")
        return None
    level = _text(ctx, d, "level", required=True, what=what)
    if level not in LEVELS:
        ctx.err(_ln(d, "level"), f"{what}: level '{level}' must be one of {'、'.join(LEVELS)}")
    label = _text(ctx, d, "label", required=True, what=what)
    source = _measure_id(ctx, _ln(d, "source"), d.get("source"), f"{what}: source")
    also = tuple(_measure_id(ctx, _ln(d, "also_cites"), x, f"{what}: also_cites") for x in
                 _texts(ctx, d, "also_cites", what))
    kinds = [k for k in _KINDS if k in d]
    if len(kinds) != 1:
        ctx.err(_ln(d), f"{what}: needs exactly one of {', '.join(_KINDS)}; found {', '.join(kinds) or 'none'}")
        return None
    kind = kinds[0]
    ln = _ln(d, kind)
    spec = d[kind]
    when = _cond(ctx, d["when"], f"{what} 'when'") if "when" in d else None
    require = None
    if "require" in d:
        r = d["require"]
        if not isinstance(r, _Map) or "if" not in r or "text" not in r:
            ctx.err(_ln(d, "require"), f"{what}: 'require' needs {{if: condition, text: what the text requires}}")
        else:
            rc = _cond(ctx, r["if"], f"{what} 'require'")
            if rc is not None:
                require = Requirement(rc, _text(ctx, r, "text", required=True, what=f"{what} require"))
    base = _expr(ctx, _ln(d, "base"), d["base"], f"{what} base", kind="money") if "base" in d else None
    kw: dict[str, Any] = {}
    if kind in ("rate", "tiers") and base is None:
        ctx.err(ln, f"{what}: '{kind}' needs a 'base'")
        return None
    if kind == "rate":
        items = spec if isinstance(spec, list) else [spec]
        rates = [_expr(ctx, ln, x, f"{what} rate", kind="rate") for x in items]
        if any(r is None for r in rates):
            return None
        kw["rates"] = tuple(cast(list[Expr], rates))
    elif kind == "tiers":
        if not isinstance(spec, list) or not spec:
            ctx.err(ln, f"{what}: 'tiers' is a list of {{upto, rate}} ending with {{rate}}")
            return None
        tiers: list[Tier] = []
        for i, t in enumerate(spec):
            if not isinstance(t, _Map) or "rate" not in t:
                ctx.err(ln, f"{what}: tier {i + 1} needs a 'rate'")
                return None
            rate = _lit(ctx, t.line, t["rate"], "rate", f"{what} tier {i + 1} rate")
            upto = _lit(ctx, t.line, t["upto"], "money", f"{what} tier {i + 1} upto") if "upto" in t else None
            if rate is None or ("upto" in t and upto is None):
                return None
            if upto is None and i != len(spec) - 1:
                ctx.err(t.line, f"{what}: only the last tier may be open (no 'upto')")
            if upto is not None and tiers and tiers[-1].upto is not None and upto.value <= tiers[-1].upto.value:
                ctx.err(t.line, f"{what}: tier bounds must increase")
            tiers.append(Tier(rate=rate, upto=upto))
        kw["tiers"] = tuple(tiers)
    elif kind == "lookup":
        if not isinstance(spec, _Map) or not isinstance(spec.get("brackets"), list):
            ctx.err(ln, f"{what}: 'lookup' needs {{input, brackets: [{{at_least, amount, label}}], below}}")
            return None
        name = spec.get("input")
        inp = ctx.inputs.get(name) if isinstance(name, str) else None
        if inp is None or inp.type not in ("money", "count"):
            ctx.err(ln, f"{what}: lookup 'input' must name a number input")
            return None
        lk: LitKind = "count" if inp.type == "count" else "money"
        brackets: list[Bracket] = []
        for b in spec["brackets"]:
            if not isinstance(b, _Map):
                ctx.err(ln, f"{what}: each bracket is {{at_least, amount, label}}")
                return None
            at = _lit(ctx, b.line, b.get("at_least"), lk, f"{what} bracket at_least")
            amt = _lit(ctx, b.line, b.get("amount"), "money", f"{what} bracket amount")
            if at is None or amt is None:
                return None
            brackets.append(Bracket(at, amt, _text(ctx, b, "label")))
        if [b.at_least.value for b in brackets] != sorted((b.at_least.value for b in brackets), reverse=True):
            ctx.err(ln, f"{what}: brackets must be listed from the highest 'at_least' down")
        kw.update(lookup_input=inp.name, brackets=tuple(brackets), below_text=_text(ctx, spec, "below"))
    elif kind == "table":
        if not isinstance(spec, _Map) or not isinstance(spec.get("amounts"), _Map):
            ctx.err(ln, f"{what}: 'table' needs {{input, amounts: {{choice: amount}}}}")
            return None
        name = spec.get("input")
        inp = ctx.inputs.get(name) if isinstance(name, str) else None
        if inp is None or inp.type != "choice":
            ctx.err(ln, f"{what}: table 'input' must name a choice input")
            return None
        amounts = spec["amounts"]
        table: list[tuple[str, Lit]] = []
        for k, v in amounts.items():
            if k not in {c.value for c in inp.choices}:
                ctx.err(_ln(amounts, k), f"{what}: '{k}' is not a choice of '{inp.name}'")
                continue
            lit = _lit(ctx, _ln(amounts, k), v, "money", f"{what} table")
            if lit is not None:
                table.append((k, lit))
        kw.update(table_input=inp.name, table=tuple(table))
    elif kind == "fixed":
        lit = _lit(ctx, ln, spec, "money", f"{what} fixed")
        if lit is None:
            return None
        kw["fixed"] = lit
    elif kind == "step_up":
        if not isinstance(spec, _Map) or not isinstance(spec.get("amounts"), _Map):
            ctx.err(ln, f"{what}: 'step_up' needs {{input, previous, amounts: {{lowest: …, …, highest: …}}}}")
            return None
        i1 = ctx.inputs.get(spec.get("input", ""))
        i2 = ctx.inputs.get(spec.get("previous", ""))
        if i1 is None or i2 is None or i1.type != "choice" or i2.type != "choice":
            ctx.err(ln, f"{what}: step_up 'input' and 'previous' must name choice inputs")
            return None
        amounts = spec["amounts"]
        steps: list[tuple[str, Lit]] = []
        for k, v in amounts.items():
            lit = _lit(ctx, _ln(amounts, k), v, "money", f"{what} step_up")
            if lit is not None:
                steps.append((k, lit))
        none_value = _text(ctx, spec, "none") or "none"
        known = {k for k, _ in steps}
        if {c.value for c in i1.choices} - known:
            ctx.err(ln, f"{what}: every choice of '{i1.name}' needs an amount")
        if {c.value for c in i2.choices} - known - {none_value}:
            ctx.err(ln, f"{what}: every choice of '{i2.name}' needs an amount (or be '{none_value}')")
        kw["step"] = StepUp(i1.name, i2.name, tuple(steps), none_value)
    elif kind == "split":
        if not isinstance(spec, _Map) or spec.get("of") not in ctx.rules or not isinstance(spec.get("parts"), list):
            ctx.err(ln, f"{what}: 'split' needs {{of: an earlier rule, parts: [{{label, share}}]}}")
            return None
        parts: list[SplitPart] = []
        for p in spec["parts"]:
            if not isinstance(p, _Map):
                ctx.err(ln, f"{what}: each part is {{label, share}}")
                return None
            share = _lit(ctx, p.line, p.get("share"), "rate", f"{what} share")
            if share is None:
                return None
            parts.append(SplitPart(_text(ctx, p, "label", required=True, what=what), share, _text(ctx, p, "note")))
        if sum(p.share.value for p in parts) != 1:
            ctx.err(ln, f"{what}: the shares of a split must add up to 100%")
        kw.update(split_of=spec["of"], split=tuple(parts))
    elif kind == "value":
        if base is not None:
            ctx.err(ln, f"{what}: 'value' is its own base; drop 'base'")
        v = _expr(ctx, ln, spec, f"{what} value", kind="money")
        if v is None:
            return None
        base = v
    pool = _text(ctx, d, "pool")
    if pool and pool not in pools:
        ctx.err(_ln(d, "pool"), f"{what}: unknown pool '{pool}'; declared: {', '.join(pools) or '(none)'}")
    in_total = d.get("in_total", kind != "split")
    if not isinstance(in_total, bool):
        ctx.err(_ln(d, "in_total"), f"{what}: in_total must be true or false")
        in_total = True
    skip_if_zero = d.get("skip_if_zero", False)
    if not isinstance(skip_if_zero, bool) or (skip_if_zero and base is None):
        ctx.err(_ln(d, "skip_if_zero"), f"{what}: skip_if_zero is true or false, for rules with a base")
        skip_if_zero = False
    if kind == "split" and in_total:
        ctx.err(_ln(d, "in_total"), f"{what}: a split explains another line and is never in the total")
    for key, why in _COMPUTED.items():
        if key in d:
            ctx.err(_ln(d, key), f"{what}: {why}")
    rule = Rule(
        id=rid, level=level, label=label, source=source, also_cites=also, kind=cast(Any, kind), base=base,
        base_label=_text(ctx, d, "base_label"), when=when, require=require, caps=_caps(ctx, d, what),
        pool=pool, in_total=in_total, skip_if_zero=skip_if_zero, note=_text(ctx, d, "note"), warnings=_texts(ctx, d, "warnings", what),
        line=d.line, **kw,
    )
    ctx.rules[rid] = rule
    return rule


# --------------------------------------------------------------------------------------------
# Calculators
# --------------------------------------------------------------------------------------------
_CALC_KEYS = {"id", "title", "topic", "description", "keywords", "inputs", "conditions", "warnings",
              "pools", "rules", "total_label", "stacking", "related_measures", "related", "headline", *_COMPUTED}


def _topics() -> tuple[str, ...]:
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return tuple(data["topics"])


def _calculator(ctx: _Ctx, d: Any, topics: tuple[str, ...]) -> Calculator | None:
    if not isinstance(d, _Map):
        ctx.err(1, "a calculator file holds one mapping: id, title, topic, inputs, rules …")
        return None
    _keys(ctx, d, _CALC_KEYS, "calculator")
    cid = _text(ctx, d, "id", required=True, what="calculator")
    if not _ID.match(cid):
        ctx.err(_ln(d, "id"), f"calculator id '{cid}' must be lower-case letters, digits and '-'")
        return None
    title = _text(ctx, d, "title", required=True, what="calculator")
    topic = _text(ctx, d, "topic", required=True, what="calculator")
    if topic not in topics:
        ctx.err(_ln(d, "topic"), f"unknown topic '{topic}'; allowed: {'、'.join(topics)}")
    for key, why in _COMPUTED.items():
        if key in d:
            ctx.err(_ln(d, key), why)
    raw_inputs = d.get("inputs")
    if not isinstance(raw_inputs, list) or not raw_inputs:
        ctx.err(_ln(d), "a calculator needs 'inputs'")
        return None
    for x in raw_inputs:
        inp = _input(ctx, x)
        if inp is not None:
            ctx.inputs[inp.name] = inp
    for x in raw_inputs:  # 'when' may name any input, so it is read once all are known
        if isinstance(x, _Map) and "when" in x and x.get("name") in ctx.inputs:
            name = x["name"]
            cond = _cond(ctx, x["when"], f"input '{name}' when")
            ctx.inputs[name] = replace(ctx.inputs[name], when=cond)
    pools: dict[str, Pool] = {}
    for p in d.get("pools") or []:
        if not isinstance(p, _Map):
            ctx.err(_ln(d, "pools"), "each pool is {id, label, limit, less, source}")
            continue
        _keys(ctx, p, {"id", "label", "limit", "less", "source", "when"}, "pool")
        pid = _text(ctx, p, "id", required=True, what="pool")
        limit = _expr(ctx, p.line, p.get("limit"), f"pool '{pid}' limit", kind="money")
        less_raw = p.get("less", [])
        less = [_expr(ctx, p.line, x, f"pool '{pid}' less", kind="money")
                for x in (less_raw if isinstance(less_raw, list) else [less_raw])]
        when = _cond(ctx, p["when"], f"pool '{pid}' when") if "when" in p else None
        src = _measure_id(ctx, _ln(p, "source"), p["source"], f"pool '{pid}' source") if "source" in p else ""
        if limit is not None and all(x is not None for x in less):
            pools[pid] = Pool(pid, _text(ctx, p, "label", required=True, what="pool"), limit,
                              tuple(cast(list[Expr], less)), src, when)
    rules: list[Rule] = []
    raw_rules = d.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        ctx.err(_ln(d), "a calculator needs 'rules'")
        return None
    for r in raw_rules:
        rule = _rule(ctx, r, pools)
        if rule is not None:
            rules.append(rule)
    conditions: list[CalcCondition] = []
    for c in d.get("conditions") or []:
        if not isinstance(c, _Map):
            ctx.err(_ln(d, "conditions"), "each condition is {text, source}")
            continue
        _keys(ctx, c, {"text", "source", "when"}, "condition")
        src = _measure_id(ctx, _ln(c, "source"), c["source"], "condition source") if "source" in c else ""
        when = _cond(ctx, c["when"], "condition 'when'") if "when" in c else None
        conditions.append(CalcCondition(_text(ctx, c, "text", required=True, what="condition"), src, when))
    warnings: list[CalcWarning] = []
    for w in d.get("warnings") or []:
        if not isinstance(w, _Map):
            ctx.err(_ln(d, "warnings"), "each warning is {text, when}")
            continue
        _keys(ctx, w, {"text", "when"}, "warning")
        when = _cond(ctx, w["when"], "warning 'when'") if "when" in w else None
        warnings.append(CalcWarning(_text(ctx, w, "text", required=True, what="warning"), when))
    stacking = _stacking(ctx, d, {r.id: r for r in rules})
    related_measures = tuple(_measure_id(ctx, _ln(d, "related_measures"), x, "related_measures")
                             for x in _texts(ctx, d, "related_measures", "calculator"))
    related = _texts(ctx, d, "related", "calculator")
    for x in related:
        if not _ID.match(x):
            ctx.err(_ln(d, "related"), f"related: '{x}' must be a calculator id such as rd-deduction")
    headline = _texts(ctx, d, "headline", "calculator")
    for x in headline:
        if x not in {r.id for r in rules}:
            ctx.err(_ln(d, "headline"), f"headline: '{x}' is not a rule of this calculator")
    cites: list[str] = []
    for rule in rules:
        for m in rule.cites:
            if m and m not in cites:
                cites.append(m)
    for cap_src in [c.source for r in rules for c in r.caps] + [p.source for p in pools.values()] + \
            [c.source for c in conditions]:
        if cap_src and cap_src not in cites:
            cites.append(cap_src)
    return Calculator(
        id=cid, title=title, topic=topic, inputs=tuple(ctx.inputs.values()), conditions=tuple(conditions),
        cites=tuple(cites), description=_text(ctx, d, "description"), rules=tuple(rules),
        pools=tuple(pools.values()), warnings=tuple(warnings), keywords=_texts(ctx, d, "keywords", "calculator"),
        total_label=_text(ctx, d, "total_label") or "合计", file=ctx.file, stacking=stacking,
        related_measures=tuple(m for m in related_measures if m), related=related, headline=headline,
    )


_STACK_KINDS = ("add", "alternatives", "same_cost")


def _stacking(ctx: _Ctx, d: _Map, rules: Mapping[str, Rule]) -> tuple[Stacking, ...]:
    """The ``stacking:`` list: which lines add, which are alternatives, which reimburse one cost."""
    raw = d.get("stacking")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ctx.err(_ln(d, "stacking"), "'stacking' is a list of {add | alternatives | same_cost: [rule ids], …}")
        return ()
    out: list[Stacking] = []
    for x in raw:
        if not isinstance(x, _Map):
            ctx.err(_ln(d, "stacking"), "each stacking entry is {add | alternatives | same_cost: [rule ids], …}")
            continue
        kinds = [k for k in _STACK_KINDS if k in x]
        if len(kinds) != 1:
            ctx.err(x.line, f"stacking: needs exactly one of {', '.join(_STACK_KINDS)}")
            continue
        kind = kinds[0]
        _keys(ctx, x, {kind, "label", "source", "quote", "reason", "cost"}, f"stacking '{kind}'")
        ids = _texts(ctx, x, kind, f"stacking '{kind}'")
        bad = [i for i in ids if i not in rules]
        if bad:
            ctx.err(x.line, f"stacking '{kind}': unknown rule {', '.join(bad)}; rules: {', '.join(rules)}")
            continue
        not_counted = [i for i in ids if not rules[i].in_total]
        if not_counted:
            ctx.err(x.line, f"stacking '{kind}': {', '.join(not_counted)} is not counted (in_total: false or a split)")
            continue
        if len(ids) < (1 if kind == "same_cost" else 2):
            ctx.err(x.line, f"stacking '{kind}' names at least {1 if kind == 'same_cost' else 2} rules")
            continue
        source = _measure_id(ctx, _ln(x, "source"), x["source"], "stacking source") if "source" in x else ""
        quote, reason = _text(ctx, x, "quote"), _text(ctx, x, "reason")
        if quote and not source:
            ctx.err(x.line, f"stacking '{kind}': a 'quote' needs the 'source' measure it is quoted from")
        if kind == "add" and not (quote or reason):
            ctx.err(x.line, "stacking 'add': lines are added only when a text allows it — give the 'quote' (and its "
                            "'source') or, for lines that pay for different things, the editor's 'reason'")
        cost = None
        if kind == "same_cost":
            if "cost" not in x:
                ctx.err(x.line, "stacking 'same_cost' needs 'cost': the cost the lines reimburse (an input or sum)")
                continue
            cost = _expr(ctx, _ln(x, "cost"), x["cost"], "stacking cost", kind="money")
            if cost is None:
                continue
        out.append(Stacking(cast(Any, kind), ids, _text(ctx, x, "label"), source, quote, reason, cost, x.line))
    added = {frozenset((a, b)) for st in out if st.kind == "add" for a in st.rules for b in st.rules if a != b}
    for st in out:
        if st.kind == "alternatives":
            clash = [f"{a}/{b}" for a in st.rules for b in st.rules if a < b and frozenset((a, b)) in added]
            if clash:
                ctx.err(st.line, f"stacking: {', '.join(clash)} are declared both to add and as alternatives")
    return tuple(out)


def load_file(path: Path, problems: list[str]) -> Calculator | None:
    """Load one declaration file; problems are appended as ``file:line: message``."""
    from content.safe_read import ReadRefused, bad_characters, read_content_bytes

    ctx = _Ctx(path.name, problems)
    try:
        text = read_content_bytes(path).decode("utf-8-sig")
    except ReadRefused as exc:
        ctx.err(exc.line, exc.message)
        return None
    except UnicodeDecodeError:
        ctx.err(0, "不是 UTF-8 编码的文本文件；请用文本编辑器另存为 UTF-8")
        return None
    bad = bad_characters(text)
    if bad:
        for line, col, what in bad[:5]:
            ctx.err(line, f"第{col}列有{what}；请删除这个字符")
        return None
    try:
        data = parse_yaml(text)
    except DuplicateKeyError as exc:
        ctx.err(exc.line, f"field '{exc.key}' appears twice in the same mapping")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        ctx.err(mark.line + 1 if mark is not None else 0,
                f"YAML syntax error: {getattr(exc, 'problem', None) or exc}; check indentation and quotes")
        return None
    before = len(problems)
    calc = _calculator(ctx, data, _topics())
    return calc if len(problems) == before else None


def check_citations(calcs: Mapping[str, Calculator], handbook: Handbook) -> list[ContentError]:
    """Every citation problem of the calculators, with file and line.

    * a cited measure (of a rule, cap, pool, condition, stacking entry or ``related_measures``) that the
      handbook does not have;
    * a line whose measures do not apply to the region its ``when`` chooses (a 石家庄 enterprise's line
      citing 廊坊's draft), or are not of the line's level (a 省级 line citing a 市级 measure);
    * a stacking ``quote`` that is not in the text of its ``source``.
    """
    problems: list[ContentError] = []
    for c in calcs.values():
        lines: dict[str, int] = {}
        for r in c.rules:
            for mid in r.depends:
                lines.setdefault(mid, r.line)
        for st in c.stacking:
            if st.source:
                lines.setdefault(st.source, st.line)
        wanted = [*c.cites, *(st.source for st in c.stacking if st.source), *c.related_measures]
        missing = False
        for mid in dict.fromkeys(wanted):
            if handbook.measure(mid) is None:
                missing = True
                problems.append(ContentError(c.file, lines.get(mid, 0), "source",
                                             f"计算器“{c.id}”引用的措施“{mid}”不存在（编号见 main.py list）；"
                                             "措施编号改名时请同时改正计算器"))
        if missing:
            continue
        problems.extend(_check_levels_and_regions(c, handbook))
        for st in c.stacking:
            m = handbook.measure(st.source) if st.source else None
            if st.quote and m is not None and _squash(st.quote) not in _squash(m.text):
                problems.append(ContentError(c.file, st.line, "quote",
                                             f"计算器“{c.id}”的叠加规则引用“{st.quote}”，但{st.source}的原文中没有这句话"))
    return problems


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _maybe(cond: Cond | None, name: str, value: str) -> bool | None:
    """Whether ``cond`` holds when input ``name`` is ``value`` and every other input is unknown."""
    if cond is None:
        return True
    if isinstance(cond, Is):
        return (cond.value == value) if cond.input == name else None
    if isinstance(cond, In):
        return (value in cond.values) if cond.input == name else None
    if isinstance(cond, Compare):
        return None
    if isinstance(cond, All):
        parts = [_maybe(x, name, value) for x in cond.items]
        return False if False in parts else (True if all(p is True for p in parts) else None)
    if isinstance(cond, AnyOf):
        parts = [_maybe(x, name, value) for x in cond.items]
        return True if True in parts else (False if all(p is False for p in parts) else None)
    inner = _maybe(cond.item, name, value)
    return None if inner is None else not inner


def _check_levels_and_regions(c: Calculator, handbook: Handbook) -> list[ContentError]:
    out: list[ContentError] = []
    region_input = c.region_input()
    for r in c.rules:
        for mid in _depends(c, r):
            m = handbook.measure(mid)
            if m is None:
                continue
            # A 国家 line may cite a local document that relays a national tax policy (石政规〔2019〕1号);
            # every other line cites measures of its own level.
            if r.level != "国家" and m.level != LEVEL_OF_MEASURE.get(r.level, r.level):
                out.append(ContentError(c.file, r.line, "level",
                                        f"计算器“{c.id}”的{r.level}一行“{r.label}”引用了{m.level}措施{mid}；"
                                        "一行只能引用本层级的措施（其他层级文件里的说法可以写进提示）"))
            if region_input is None or m.region == "全国":
                continue
            for choice in region_input.choices:
                if _maybe(r.when, region_input.name, choice.value) is False:
                    continue
                if m.region not in choice.region:
                    out.append(ContentError(c.file, r.line, "region",
                                            f"计算器“{c.id}”的一行“{r.label}”在所在地为“{choice.label}”时引用了"
                                            f"{m.region}的措施{mid}；一行只能引用适用于企业所在地的措施"
                                            "（用 when 限定所在地）"))
    return out


def measure_title(handbook: Handbook, measure_id: str) -> str:
    """Where a measure is, as a reader says it: ``石家庄市科技创新政策摘编 › 四、… › 2 …`` (the id if unknown)."""
    m = handbook.measure(measure_id)
    if m is None:
        return measure_id
    doc = handbook.document(m.document_id)
    path = list(m.path)
    if doc is not None and doc.short_title and path:
        path[0] = doc.short_title
    return " › ".join([*path, m.display_title])


def _depends(calc: Calculator, rule: Rule) -> tuple[str, ...]:
    """Every measure a rule's line uses: its citations, its caps' sources and its pool's source."""
    out = list(rule.depends)
    pool = next((p for p in calc.pools if p.id == rule.pool), None)
    if pool is not None and pool.source and pool.source not in out:
        out.append(pool.source)
    return tuple(out)


def cited_documents(rule: Rule, handbook: Handbook, validity: Mapping[str, Validity] | None = None, *,
                    measures: tuple[str, ...] | None = None) -> tuple[CitedDocument, ...]:
    """The computed status, level, region and period of every measure ``rule`` depends on.

    ``measures`` defaults to the rule's citations and its caps' sources.  Measures the handbook does
    not have are left out.  Without ``validity`` the status is computed for today from the handbook
    alone (no verification: nothing is 现行).
    """
    if validity is None:
        from content.bundle import _compute
        from content.validity import today_from_env

        validity = _compute(handbook, (), today_from_env(), 12)
    out: list[CitedDocument] = []
    for mid in measures if measures is not None else rule.depends:
        m = handbook.measure(mid)
        if m is None:
            continue
        doc = handbook.document(m.document_id)
        name = (doc.short_title or doc.title) if doc is not None else m.document_id
        v = validity.get(mid)
        status, label, reason = (v.status.value, v.label, v.reason) if v is not None else ("效力未核实", "效力未核实", "")
        end = int(doc.period.end[:4]) if doc is not None and doc.period.end else 0
        plabel = doc.period.label() if doc is not None else ""
        out.append(CitedDocument(measure=mid, document=name, status=status, period_end=end, period_label=plabel,
                                 label=label, reason=reason, level=m.level, region=m.region,
                                 title=measure_title(handbook, mid)))
    return tuple(out)


def with_cited_documents(calcs: Mapping[str, Calculator], handbook: Handbook,
                         validity: Mapping[str, Validity] | None = None) -> dict[str, Calculator]:
    """The calculators with each rule's :class:`CitedDocument` records filled in from ``handbook``."""
    if validity is None:
        from content.bundle import _compute
        from content.validity import today_from_env

        validity = _compute(handbook, (), today_from_env(), 12)
    return {
        cid: replace(c, rules=tuple(replace(r, cited=cited_documents(r, handbook, validity, measures=_depends(c, r)))
                                    for r in c.rules))
        for cid, c in calcs.items()
    }


def _parse_directory(cdir: Path, *, required: bool) -> tuple[dict[str, Calculator], list[str]]:
    problems: list[str] = []
    calcs: dict[str, Calculator] = {}
    if not cdir.is_dir():
        if required:
            return {}, [f"{cdir}: 找不到计算器目录（not found）；请重新安装本软件"]
        return {}, []  # a content folder without calculators of its own
    for path in sorted(cdir.glob("*.y*ml")):
        if path.name.startswith("_"):
            continue
        calc = load_file(path, problems)
        if calc is None:
            continue
        if calc.id in calcs:
            problems.append(f"{path.name}: 计算器编号“{calc.id}”与 {calcs[calc.id].file} 重复")
            continue
        calcs[calc.id] = calc
    return calcs, problems


def _as_error(problem: str) -> ContentError:
    """``name.yaml:12: message`` as a :class:`ContentError`."""
    m = re.match(r"^([^:]+?)(?::(\d+))?: (.*)$", problem, re.S)
    if m is None:
        return ContentError("", 0, "", problem)
    return ContentError(m.group(1), int(m.group(2) or 0), "", m.group(3))


def load_calculators_checked(handbook: Handbook, *, directory: Path | None = None, required: bool | None = None
                             ) -> tuple[dict[str, Calculator], list[ContentError]]:
    """Every well-formed calculator whose citations exist, and every problem (file:line) of the rest.

    A declaration that cannot be read, or that cites a measure the handbook does not have, is left out
    and reported; the other calculators stay usable.
    """
    cdir = directory or CALCULATORS_DIR
    must = required if required is not None else cdir.resolve() == CALCULATORS_DIR.resolve()
    calcs, problems = _parse_directory(cdir, required=must)
    errors = [_as_error(p) for p in problems]
    missing = check_citations(calcs, handbook)
    bad_files = {e.file for e in missing}
    errors.extend(missing)
    return {cid: c for cid, c in calcs.items() if c.file not in bad_files}, errors


def load_calculators(handbook: Handbook | None = None, *, directory: Path | None = None,
                     validity: Mapping[str, Validity] | None = None) -> dict[str, Calculator]:
    """Load and validate every calculator declaration (all or nothing).

    Each rule also learns the computed status of the measures it cites (:class:`CitedDocument`), so
    that a result says when a line rests on a draft, an ended period or an unverified measure.

    Args:
        handbook: Every cited measure id must exist in it.  ``None``: the process's content bundle
            (its calculators are returned, loaded once).
        directory: Where the declarations are (default: the bundled ``content/calculators``).
        validity: Computed statuses (default: computed for today from ``handbook``, no verification).

    Raises:
        CalcDeclarationError: any declaration is malformed or cites an unknown measure; the
            exception lists every problem as ``file:line: message``.
    """
    if handbook is None and directory is None:
        from content.bundle import get_bundle

        bundle = get_bundle()
        problems = [e for e in bundle.problems() if e.file.endswith((".yaml", ".yml")) and
                    (bundle.root.calculators / e.file).exists()]
        if problems:
            raise CalcDeclarationError([str(e) for e in problems])
        return dict(bundle.calculators)
    if handbook is None:
        from content.bundle import get_bundle

        handbook = get_bundle().handbook
    calcs, errors = load_calculators_checked(handbook, directory=directory, required=True)
    if errors:
        raise CalcDeclarationError([str(e) for e in errors])
    return with_cited_documents(calcs, handbook, validity)


def calculators_for_measure(calcs: Mapping[str, Calculator], measure_id: str) -> list[str]:
    """Ids of the calculators that cite ``measure_id`` (the reader offers 计算 for them)."""
    return [c.id for c in calcs.values() if measure_id in c.cites]
