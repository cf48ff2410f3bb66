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


#: What each input type is called in a message (``type: bool`` → 是/否型).
_TYPE_WORDS = {"money": "金额型", "rate": "比例型", "count": "个数型", "bool": "是/否型", "choice": "选项型"}


def _type_zh(typ: str) -> str:
    return f"{_TYPE_WORDS.get(typ, typ)}（type: {typ}）"


def _of(what: str) -> str:
    """``规则“r1”的`` before a field name; nothing when there is no context."""
    return f"{what}的" if what else ""


def _kind(v: Any) -> str:
    return "列表" if isinstance(v, list) else "映射" if isinstance(v, dict) else "是/否" if isinstance(v, bool) \
        else "数字" if isinstance(v, int | float) else "其他"


def _shown(v: Any) -> str:
    return "空白" if v is None or v == "" else f"“{v}”"


def _keys(ctx: _Ctx, d: _Map, allowed: set[str], what: str) -> None:
    for k in d:
        if k not in allowed:
            # status, basis and period are known only to be refused with their own message
            ctx.err(_ln(d, k), f"未知字段“{k}”（{what}）；可用字段：{', '.join(sorted(allowed - _COMPUTED.keys()))}")


def _text(ctx: _Ctx, d: _Map, key: str, *, required: bool = False, what: str = "") -> str:
    v = d.get(key)
    if v is None:
        if required:
            ctx.err(_ln(d), f"缺少必填字段“{key}”{'（' + what + '）' if what else ''}")
        return ""
    if not isinstance(v, str):
        ctx.err(_ln(d, key), f"{_of(what)}“{key}”应为文字，实际是{_kind(v)}")
        return ""
    return _tidy(v)


def _texts(ctx: _Ctx, d: _Map, key: str, what: str) -> tuple[str, ...]:
    v = d.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return (v.strip(),)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        ctx.err(_ln(d, key), f"{_of(what)}“{key}”应为文字或文字列表，例如 [甲, 乙]")
        return ()
    return tuple(_tidy(x) for x in v)


def _measure_id(ctx: _Ctx, line: int, value: Any, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value.strip()):
        ctx.err(line, f"{what}应为措施编号（例如 zb-04-02），实际是{_shown(value)}")
        return ""
    return value.strip()


# --------------------------------------------------------------------------------------------
# Literals and expressions
# --------------------------------------------------------------------------------------------
def _lit(ctx: _Ctx, line: int, value: Any, kind: LitKind, what: str) -> Lit | None:
    if not isinstance(value, str) or not value.strip():
        ctx.err(line, f"{what}应照文件的写法填一个数，例如 100万、10%（只有数字时加引号：'5000'）")
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
                ctx.err(line, f"{what}：范围“{text}”应从小到大书写（例如 30%~50%）")
                return None
            return Lit(high, text, kind, low=low)
        return Lit(_one(text, kind), text, kind)
    except ValueFormError as exc:
        ctx.err(line, f"{what}：{exc}")
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
                ctx.err(line, f"{what}：没有名为“{t}”的输入项；已声明的输入项：{', '.join(ctx.inputs) or '（无）'}")
                return None
            if inp.type not in ("money", "rate", "count"):
                ctx.err(line, f"{what}：输入项“{t}”为{_type_zh(inp.type)}，不是数；这类输入项只能用在“when”条件里")
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
                    ctx.err(ln, f"{what}：“{ref}: {rid}”应指向前面已声明的规则；前面的规则："
                                f"{', '.join(ctx.rules) or '（无）'}")
                    return None
                return cls(rid)
        for op, cls2 in (("sum", Sum), ("product", Product), ("min", Minimum)):
            if op in value:
                _keys(ctx, value, {op, "label"}, what)
                items = value[op]
                if not isinstance(items, list) or len(items) < 2:
                    ctx.err(ln, f"{what}：“{op}”应为至少两项的列表")
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
                ctx.err(ln, f"{what}：“choose”应为一个选项型（type: choice）输入项的名称")
                return None
            if not isinstance(vals, _Map):
                ctx.err(ln, f"{what}：“values”应为每个选项对应一个数，例如 {{research: 40%, transfer: 30%}}")
                return None
            allowed = {c.value for c in inp.choices}
            out: list[tuple[str, Lit]] = []
            for k, v in vals.items():
                if k not in allowed:
                    ctx.err(_ln(vals, k), f"{what}：“{k}”不是输入项“{inp.name}”的选项；可选：{', '.join(allowed)}")
                    continue
                lit = _lit(ctx, _ln(vals, k), v, kind or _guess_kind(str(v)), what)
                if lit is not None:
                    out.append((k, lit))
            missing = allowed - {k for k, _ in out}
            if missing:
                ctx.err(ln, f"{what}：“choose”缺少这些选项的数：{', '.join(sorted(missing))}")
                return None
            return Choose(inp.name, tuple(out), label)
    ctx.err(line, f"{what}应为一个数、一个输入项的名称，或 line、base、sum、product、min、choose 之一")
    return None


# --------------------------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------------------------
_COMPARE = ("at_least", "above", "below", "at_most")


def _cond(ctx: _Ctx, value: Any, what: str) -> Cond | None:
    if not isinstance(value, _Map):
        ctx.err(_ln(value) or 0, f"{what}：条件应写成映射，例如 {{input: region, is: hebei}}")
        return None
    ln = value.line
    for op, cls in (("all", All), ("any", AnyOf)):
        if op in value:
            _keys(ctx, value, {op}, what)
            items = value[op]
            if not isinstance(items, list) or not items:
                ctx.err(ln, f"{what}：“{op}”应为条件的列表")
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
        ctx.err(ln, f"{what}：条件的“input”应为已声明的输入项；已声明：{', '.join(ctx.inputs) or '（无）'}")
        return None
    ops = [k for k in value if k != "input"]
    if len(ops) != 1:
        ctx.err(ln, f"{what}：一个条件只写一种判断：is, in, {', '.join(_COMPARE)} 之一")
        return None
    op = ops[0]
    arg = value[op]
    if op == "is":
        if inp.type == "bool":
            if not isinstance(arg, bool):
                ctx.err(ln, f"{what}：输入项“{inp.name}”只有是、否两种值；请写 is: true 或 is: false")
                return None
            return Is(inp.name, arg)
        if inp.type == "choice":
            if arg not in {c.value for c in inp.choices}:
                ctx.err(ln, f"{what}：“{arg}”不是输入项“{inp.name}”的选项；可选：{', '.join(c.value for c in inp.choices)}")
                return None
            return Is(inp.name, str(arg))
        ctx.err(ln, f"{what}：“is”只用于是/否型和选项型输入项；数值请用 at_least、above、below 或 at_most")
        return None
    if op == "in":
        allowed = {c.value for c in inp.choices}
        if inp.type != "choice" or not isinstance(arg, list) or not set(arg) <= allowed:
            ctx.err(ln, f"{what}：“in”应为输入项“{inp.name}”的选项列表；"
                        f"{'可选：' + ', '.join(allowed) if allowed else '它不是选项型输入项'}")
            return None
        return In(inp.name, tuple(str(a) for a in arg))
    if op in _COMPARE:
        if inp.type not in ("money", "count", "rate"):
            ctx.err(ln, f"{what}：“{op}”只用于数值输入项；输入项“{inp.name}”为{_type_zh(inp.type)}")
            return None
        kind: LitKind = "money" if inp.type == "money" else ("rate" if inp.type == "rate" else "count")
        lit = _lit(ctx, ln, arg, kind, what)
        return Compare(inp.name, cast(Any, op), lit) if lit is not None else None
    ctx.err(ln, f"{what}：未知的判断“{op}”；可用：is, in, {', '.join(_COMPARE)}")
    return None


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------
_INPUT_KEYS = {"name", "label", "type", "unit", "default", "required", "choices", "help", "when"}


def _input(ctx: _Ctx, d: Any) -> CalcInput | None:
    if not isinstance(d, _Map):
        ctx.err(_ln(d), "每个输入项应写成映射，含 name、label、type 等字段")
        return None
    _keys(ctx, d, _INPUT_KEYS, "输入项")
    name = _text(ctx, d, "name", required=True, what="输入项")
    if not _NAME.match(name):
        ctx.err(_ln(d, "name"), f"输入项名称“{name}”只能由小写字母、数字和“_”组成，并以字母开头")
        return None
    if name in ctx.inputs:
        ctx.err(_ln(d, "name"), f"输入项“{name}”声明了两次")
        return None
    label = _text(ctx, d, "label", required=True, what=f"输入项“{name}”")
    typ = _text(ctx, d, "type") or "money"
    if typ not in _UNITS_BY_TYPE:
        ctx.err(_ln(d, "type"), f"输入项“{name}”：未知类型“{typ}”；可选：{', '.join(_UNITS_BY_TYPE)}")
        return None
    choices: list[Choice] = []
    if typ in ("choice", "rate") and "choices" in d:
        # a choice input's values; a rate input's presets (the form offers them, any rate may be typed)
        raw = d.get("choices")
        if not isinstance(raw, list) or not raw:
            ctx.err(_ln(d), f"输入项“{name}”：“choices”应为列表，每项写成 {{value, label}}")
            return None
        for c in raw:
            if not isinstance(c, _Map) or not isinstance(c.get("value"), str) or not isinstance(c.get("label"), str):
                ctx.err(_ln(c) or _ln(d), f"输入项“{name}”：每个选项都要有文字的“value”和“label”")
                continue
            _keys(ctx, c, {"value", "label", "region", "basis"}, f"输入项“{name}”的选项")
            region = _texts(ctx, c, "region", f"输入项“{name}”的选项")
            basis = _text(ctx, c, "basis")
            if typ == "rate":
                try:
                    parse_rate(c["value"])
                except ValueFormError as exc:
                    ctx.err(_ln(c, "value"), f"输入项“{name}”的预设值：{exc}")
                if not basis:
                    ctx.err(_ln(c), f"输入项“{name}”：预设比例是编者提供的数字，请用“basis”写明它的法律依据")
            choices.append(Choice(c["value"].strip(), c["label"].strip(), region, basis))
        if sum(bool(c.region) for c in choices) not in (0, len(choices)):
            ctx.err(_ln(d, "choices"), f"输入项“{name}”：要么每个选项都写“region”，要么都不写")
    elif typ == "choice":
        ctx.err(_ln(d), f"输入项“{name}”：选项型输入项（type: choice）需要 choices: [{{value, label}}, …]")
        return None
    elif "choices" in d:
        ctx.err(_ln(d, "choices"), f"输入项“{name}”：只有选项型（choice）和比例型（rate）输入项才有“choices”")
    required = d.get("required", False)
    if not isinstance(required, bool):
        ctx.err(_ln(d, "required"), f"输入项“{name}”：“required”应为 true 或 false")
        required = False
    default = d.get("default")
    if isinstance(default, bool):
        default = "true" if default else "false"
    if default is not None and not isinstance(default, str):
        ctx.err(_ln(d, "default"), f"输入项“{name}”：“default”应为文字，例如 '0'")
        default = None
    if required and default is not None:
        ctx.err(_ln(d, "default"), f"输入项“{name}”：必填的输入项（required: true）不能有“default”")
    if not required and default is None:
        ctx.err(_ln(d), f"输入项“{name}”：请填写“default”，或标为 required: true")
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
            ctx.err(_ln(d, "default"), f"输入项“{name}”的“default”无效：{getattr(exc, 'message', exc)}")
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
        ctx.err(_ln(d, "caps"), f"{what}：“caps”应为列表")
        return ()
    out: list[Cap] = []
    for c in raw:
        if not isinstance(c, _Map):
            ctx.err(_ln(d, "caps"), f"{what}：每个上限应写成 {{label, limit}} 或 {{label, max_share, of}}")
            continue
        _keys(ctx, c, {"label", "limit", "less", "max_share", "of", "source"}, f"{what}的上限")
        label = _text(ctx, c, "label", required=True, what=f"{what}的上限")
        if label.startswith(("最高", "不超过", "超过", "不高于", "每年最高", "每项最高")):
            ctx.err(c.line, f"{what}：上限名称“{label}”放进“未超过{label} …”读不通；请写上限的名称，"
                            "例如 补助上限、年度上限、每项上限")
        source = _measure_id(ctx, _ln(c, "source"), c["source"], f"{what}上限的“source”") if "source" in c else ""
        if "max_share" in c:
            share = _lit(ctx, c.line, c["max_share"], "rate", f"{what}上限的“max_share”")
            of = _expr(ctx, c.line, c.get("of"), f"{what}上限的“of”", kind="money")
            if share is not None and of is not None:
                if share.value >= 1:
                    ctx.err(c.line, f"{what}：“max_share”应小于 100%")
                out.append(Cap(label=label, max_share=share, of=of, source=source))
            continue
        limit = _expr(ctx, c.line, c.get("limit"), f"{what}上限的“limit”", kind="money")
        less_raw = c.get("less", [])
        less_list = less_raw if isinstance(less_raw, list) else [less_raw]
        less = [_expr(ctx, c.line, x, f"{what}上限的“less”", kind="money") for x in less_list]
        if limit is not None and all(x is not None for x in less):
            out.append(Cap(label=label, limit=limit, less=tuple(cast(list[Expr], less)), source=source))
    return tuple(out)


def _rule(ctx: _Ctx, d: Any, pools: Mapping[str, Pool]) -> Rule | None:
    if not isinstance(d, _Map):
        ctx.err(_ln(d), f"每条规则应写成映射，含 id、level、label、source 和一种计算方式（{', '.join(_KINDS)} 之一）")
        return None
    _keys(ctx, d, _RULE_KEYS, "规则")
    rid = _text(ctx, d, "id", required=True, what="规则")
    what = f"规则“{rid}”"
    if not _ID.match(rid):
        ctx.err(_ln(d, "id"), f"{what}：编号只能由小写字母、数字和“-”组成")
        return None
    if rid in ctx.rules:
        ctx.err(_ln(d, "id"), f"{what}：编号重复（声明了两次）")
        return None
    level = _text(ctx, d, "level", required=True, what=what)
    if level not in LEVELS:
        ctx.err(_ln(d, "level"), f"{what}：层级“{level}”不在词表中；可选：{'、'.join(LEVELS)}")
    label = _text(ctx, d, "label", required=True, what=what)
    source = _measure_id(ctx, _ln(d, "source"), d.get("source"), f"{what}的“source”")
    also = tuple(_measure_id(ctx, _ln(d, "also_cites"), x, f"{what}的“also_cites”") for x in
                 _texts(ctx, d, "also_cites", what))
    kinds = [k for k in _KINDS if k in d]
    if len(kinds) != 1:
        ctx.err(_ln(d), f"{what}：计算方式应恰好写一种（{', '.join(_KINDS)} 之一）；"
                        f"{'现在写了 ' + ', '.join(kinds) if kinds else '现在一种也没有'}")
        return None
    kind = kinds[0]
    ln = _ln(d, kind)
    spec = d[kind]
    when = _cond(ctx, d["when"], f"{what}的“when”") if "when" in d else None
    require = None
    if "require" in d:
        r = d["require"]
        if not isinstance(r, _Map) or "if" not in r or "text" not in r:
            ctx.err(_ln(d, "require"), f"{what}：“require”应写成 {{if: 条件, text: 文件要求的条件}}")
        else:
            rc = _cond(ctx, r["if"], f"{what}的“require”")
            if rc is not None:
                require = Requirement(rc, _text(ctx, r, "text", required=True, what=f"{what}的“require”"))
    base = _expr(ctx, _ln(d, "base"), d["base"], f"{what}的“base”", kind="money") if "base" in d else None
    kw: dict[str, Any] = {}
    if kind in ("rate", "tiers") and base is None:
        ctx.err(ln, f"{what}：“{kind}”需要“base”（按什么计算）")
        return None
    if kind == "rate":
        items = spec if isinstance(spec, list) else [spec]
        rates = [_expr(ctx, ln, x, f"{what}的“rate”", kind="rate") for x in items]
        if any(r is None for r in rates):
            return None
        kw["rates"] = tuple(cast(list[Expr], rates))
    elif kind == "tiers":
        if not isinstance(spec, list) or not spec:
            ctx.err(ln, f"{what}：“tiers”应为 {{upto, rate}} 的列表，最后一档只写 {{rate}}")
            return None
        tiers: list[Tier] = []
        for i, t in enumerate(spec):
            if not isinstance(t, _Map) or "rate" not in t:
                ctx.err(ln, f"{what}：第{i + 1}档缺少“rate”")
                return None
            rate = _lit(ctx, t.line, t["rate"], "rate", f"{what}第{i + 1}档的“rate”")
            upto = _lit(ctx, t.line, t["upto"], "money", f"{what}第{i + 1}档的“upto”") if "upto" in t else None
            if rate is None or ("upto" in t and upto is None):
                return None
            if upto is None and i != len(spec) - 1:
                ctx.err(t.line, f"{what}：只有最后一档可以不写“upto”")
            if upto is not None and tiers and tiers[-1].upto is not None and upto.value <= tiers[-1].upto.value:
                ctx.err(t.line, f"{what}：各档的“upto”应逐档增大")
            tiers.append(Tier(rate=rate, upto=upto))
        kw["tiers"] = tuple(tiers)
    elif kind == "lookup":
        if not isinstance(spec, _Map) or not isinstance(spec.get("brackets"), list):
            ctx.err(ln, f"{what}：“lookup”应写成 {{input, brackets: [{{at_least, amount, label}}], below}}")
            return None
        name = spec.get("input")
        inp = ctx.inputs.get(name) if isinstance(name, str) else None
        if inp is None or inp.type not in ("money", "count"):
            ctx.err(ln, f"{what}：“lookup”的“input”应为金额型或个数型（money、count）输入项")
            return None
        lk: LitKind = "count" if inp.type == "count" else "money"
        brackets: list[Bracket] = []
        for b in spec["brackets"]:
            if not isinstance(b, _Map):
                ctx.err(ln, f"{what}：每一档应写成 {{at_least, amount, label}}")
                return None
            at = _lit(ctx, b.line, b.get("at_least"), lk, f"{what}分档的“at_least”")
            amt = _lit(ctx, b.line, b.get("amount"), "money", f"{what}分档的“amount”")
            if at is None or amt is None:
                return None
            brackets.append(Bracket(at, amt, _text(ctx, b, "label")))
        if [b.at_least.value for b in brackets] != sorted((b.at_least.value for b in brackets), reverse=True):
            ctx.err(ln, f"{what}：“brackets”应按“at_least”从高到低排列")
        kw.update(lookup_input=inp.name, brackets=tuple(brackets), below_text=_text(ctx, spec, "below"))
    elif kind == "table":
        if not isinstance(spec, _Map) or not isinstance(spec.get("amounts"), _Map):
            ctx.err(ln, f"{what}：“table”应写成 {{input, amounts: {{选项: 金额}}}}")
            return None
        name = spec.get("input")
        inp = ctx.inputs.get(name) if isinstance(name, str) else None
        if inp is None or inp.type != "choice":
            ctx.err(ln, f"{what}：“table”的“input”应为选项型（type: choice）输入项")
            return None
        amounts = spec["amounts"]
        table: list[tuple[str, Lit]] = []
        for k, v in amounts.items():
            if k not in {c.value for c in inp.choices}:
                ctx.err(_ln(amounts, k), f"{what}：“{k}”不是输入项“{inp.name}”的选项；"
                                         f"可选：{', '.join(c.value for c in inp.choices)}")
                continue
            lit = _lit(ctx, _ln(amounts, k), v, "money", f"{what}的“table”")
            if lit is not None:
                table.append((k, lit))
        kw.update(table_input=inp.name, table=tuple(table))
    elif kind == "fixed":
        lit = _lit(ctx, ln, spec, "money", f"{what}的“fixed”")
        if lit is None:
            return None
        kw["fixed"] = lit
    elif kind == "step_up":
        if not isinstance(spec, _Map) or not isinstance(spec.get("amounts"), _Map):
            ctx.err(ln, f"{what}：“step_up”应写成 {{input, previous, amounts: {{最低一级: 金额, …, 最高一级: 金额}}}}")
            return None
        i1 = ctx.inputs.get(spec.get("input", ""))
        i2 = ctx.inputs.get(spec.get("previous", ""))
        if i1 is None or i2 is None or i1.type != "choice" or i2.type != "choice":
            ctx.err(ln, f"{what}：“step_up”的“input”和“previous”都应为选项型（type: choice）输入项")
            return None
        amounts = spec["amounts"]
        steps: list[tuple[str, Lit]] = []
        for k, v in amounts.items():
            lit = _lit(ctx, _ln(amounts, k), v, "money", f"{what}的“step_up”")
            if lit is not None:
                steps.append((k, lit))
        none_value = _text(ctx, spec, "none") or "none"
        known = {k for k, _ in steps}
        if {c.value for c in i1.choices} - known:
            ctx.err(ln, f"{what}：输入项“{i1.name}”的每个选项都要在“amounts”中有金额")
        if {c.value for c in i2.choices} - known - {none_value}:
            ctx.err(ln, f"{what}：输入项“{i2.name}”的每个选项（“{none_value}”除外）都要在“amounts”中有金额")
        kw["step"] = StepUp(i1.name, i2.name, tuple(steps), none_value)
    elif kind == "split":
        if not isinstance(spec, _Map) or spec.get("of") not in ctx.rules or not isinstance(spec.get("parts"), list):
            ctx.err(ln, f"{what}：“split”应写成 {{of: 前面一条规则的编号, parts: [{{label, share}}]}}")
            return None
        parts: list[SplitPart] = []
        for p in spec["parts"]:
            if not isinstance(p, _Map):
                ctx.err(ln, f"{what}：每一部分应写成 {{label, share}}")
                return None
            share = _lit(ctx, p.line, p.get("share"), "rate", f"{what}的“share”")
            if share is None:
                return None
            parts.append(SplitPart(_text(ctx, p, "label", required=True, what=what), share, _text(ctx, p, "note")))
        if sum(p.share.value for p in parts) != 1:
            ctx.err(ln, f"{what}：“split”各部分的“share”加起来应为 100%")
        kw.update(split_of=spec["of"], split=tuple(parts))
    elif kind == "value":
        if base is not None:
            ctx.err(ln, f"{what}：“value”本身就是计算基数；请删除“base”")
        v = _expr(ctx, ln, spec, f"{what}的“value”", kind="money")
        if v is None:
            return None
        base = v
    pool = _text(ctx, d, "pool")
    if pool and pool not in pools:
        ctx.err(_ln(d, "pool"), f"{what}：没有名为“{pool}”的共用上限（pools）；已声明：{', '.join(pools) or '（无）'}")
    in_total = d.get("in_total", kind != "split")
    if not isinstance(in_total, bool):
        ctx.err(_ln(d, "in_total"), f"{what}：“in_total”应为 true 或 false")
        in_total = True
    skip_if_zero = d.get("skip_if_zero", False)
    if not isinstance(skip_if_zero, bool) or (skip_if_zero and base is None):
        ctx.err(_ln(d, "skip_if_zero"), f"{what}：“skip_if_zero”应为 true 或 false，且只用于有“base”的规则")
        skip_if_zero = False
    if kind == "split" and in_total:
        ctx.err(_ln(d, "in_total"), f"{what}：“split”只说明另一行分几次拨付，从不计入合计；请删除 in_total: true")
    for key, why in _COMPUTED.items():
        if key in d:
            ctx.err(_ln(d, key), f"{what}：{why}")
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
        ctx.err(1, "计算器文件应是一个 YAML 映射，含 id、title、topic、inputs、rules 等字段")
        return None
    _keys(ctx, d, _CALC_KEYS, "计算器")
    cid = _text(ctx, d, "id", required=True, what="计算器")
    if not _ID.match(cid):
        ctx.err(_ln(d, "id"), f"计算器编号“{cid}”只能由小写字母、数字和“-”组成")
        return None
    title = _text(ctx, d, "title", required=True, what="计算器")
    topic = _text(ctx, d, "topic", required=True, what="计算器")
    if topic not in topics:
        ctx.err(_ln(d, "topic"), f"专题“{topic}”不在词表中；可选：{'、'.join(topics)}")
    for key, why in _COMPUTED.items():
        if key in d:
            ctx.err(_ln(d, key), why)
    raw_inputs = d.get("inputs")
    if not isinstance(raw_inputs, list) or not raw_inputs:
        ctx.err(_ln(d), "计算器至少要有一个输入项（inputs）")
        return None
    for x in raw_inputs:
        inp = _input(ctx, x)
        if inp is not None:
            ctx.inputs[inp.name] = inp
    for x in raw_inputs:  # 'when' may name any input, so it is read once all are known
        if isinstance(x, _Map) and "when" in x and x.get("name") in ctx.inputs:
            name = x["name"]
            cond = _cond(ctx, x["when"], f"输入项“{name}”的“when”")
            ctx.inputs[name] = replace(ctx.inputs[name], when=cond)
    pools: dict[str, Pool] = {}
    for p in d.get("pools") or []:
        if not isinstance(p, _Map):
            ctx.err(_ln(d, "pools"), "每个共用上限（pools）应写成 {id, label, limit, less, source}")
            continue
        _keys(ctx, p, {"id", "label", "limit", "less", "source", "when"}, "共用上限")
        pid = _text(ctx, p, "id", required=True, what="共用上限")
        limit = _expr(ctx, p.line, p.get("limit"), f"共用上限“{pid}”的“limit”", kind="money")
        less_raw = p.get("less", [])
        less = [_expr(ctx, p.line, x, f"共用上限“{pid}”的“less”", kind="money")
                for x in (less_raw if isinstance(less_raw, list) else [less_raw])]
        when = _cond(ctx, p["when"], f"共用上限“{pid}”的“when”") if "when" in p else None
        src = _measure_id(ctx, _ln(p, "source"), p["source"], f"共用上限“{pid}”的“source”") if "source" in p else ""
        if limit is not None and all(x is not None for x in less):
            pools[pid] = Pool(pid, _text(ctx, p, "label", required=True, what=f"共用上限“{pid}”"), limit,
                              tuple(cast(list[Expr], less)), src, when)
    rules: list[Rule] = []
    raw_rules = d.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        ctx.err(_ln(d), "计算器至少要有一条规则（rules）")
        return None
    for r in raw_rules:
        rule = _rule(ctx, r, pools)
        if rule is not None:
            rules.append(rule)
    conditions: list[CalcCondition] = []
    for c in d.get("conditions") or []:
        if not isinstance(c, _Map):
            ctx.err(_ln(d, "conditions"), "条件清单（conditions）的每一项应写成 {text, source}")
            continue
        _keys(ctx, c, {"text", "source", "when"}, "条件清单")
        src = _measure_id(ctx, _ln(c, "source"), c["source"], "条件清单的“source”") if "source" in c else ""
        when = _cond(ctx, c["when"], "条件清单的“when”") if "when" in c else None
        conditions.append(CalcCondition(_text(ctx, c, "text", required=True, what="条件清单"), src, when))
    warnings: list[CalcWarning] = []
    for w in d.get("warnings") or []:
        if not isinstance(w, _Map):
            ctx.err(_ln(d, "warnings"), "提示（warnings）的每一项应写成 {text, when}")
            continue
        _keys(ctx, w, {"text", "when"}, "提示")
        when = _cond(ctx, w["when"], "提示的“when”") if "when" in w else None
        warnings.append(CalcWarning(_text(ctx, w, "text", required=True, what="提示"), when))
    stacking = _stacking(ctx, d, {r.id: r for r in rules})
    related_measures = tuple(_measure_id(ctx, _ln(d, "related_measures"), x, "“related_measures”的一项")
                             for x in _texts(ctx, d, "related_measures", "计算器"))
    related = _texts(ctx, d, "related", "计算器")
    for x in related:
        if not _ID.match(x):
            ctx.err(_ln(d, "related"), f"“related”：“{x}”应为计算器编号（例如 innovation-voucher）")
    headline = _texts(ctx, d, "headline", "计算器")
    for x in headline:
        if x not in {r.id for r in rules}:
            ctx.err(_ln(d, "headline"), f"“headline”：“{x}”不是本计算器的规则编号")
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
        pools=tuple(pools.values()), warnings=tuple(warnings), keywords=_texts(ctx, d, "keywords", "计算器"),
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
        ctx.err(_ln(d, "stacking"), "“stacking”应为列表，每项写成 {add | alternatives | same_cost: [规则编号], …}")
        return ()
    out: list[Stacking] = []
    for x in raw:
        if not isinstance(x, _Map):
            ctx.err(_ln(d, "stacking"), "“stacking”的每一项应写成 {add | alternatives | same_cost: [规则编号], …}")
            continue
        kinds = [k for k in _STACK_KINDS if k in x]
        if len(kinds) != 1:
            ctx.err(x.line, f"“stacking”：每一项应恰好写 {', '.join(_STACK_KINDS)} 中的一种")
            continue
        kind = kinds[0]
        _keys(ctx, x, {kind, "label", "source", "quote", "reason", "cost"}, f"“stacking”的“{kind}”项")
        ids = _texts(ctx, x, kind, f"“stacking”的“{kind}”项")
        bad = [i for i in ids if i not in rules]
        if bad:
            ctx.err(x.line, f"“stacking”的“{kind}”项：没有编号为 {', '.join(bad)} 的规则；本计算器的规则：{', '.join(rules)}")
            continue
        not_counted = [i for i in ids if not rules[i].in_total]
        if not_counted:
            ctx.err(x.line, f"“stacking”的“{kind}”项：{', '.join(not_counted)} 不计入合计（in_total: false 或 split），"
                            "不能参与叠加")
            continue
        if len(ids) < (1 if kind == "same_cost" else 2):
            ctx.err(x.line, f"“stacking”的“{kind}”项至少要列出 {1 if kind == 'same_cost' else 2} 条规则")
            continue
        source = _measure_id(ctx, _ln(x, "source"), x["source"], "“stacking”的“source”") if "source" in x else ""
        quote, reason = _text(ctx, x, "quote"), _text(ctx, x, "reason")
        if quote and not source:
            ctx.err(x.line, f"“stacking”的“{kind}”项：写了“quote”，就要用“source”写明它引自哪条措施")
        if kind == "add" and not (quote or reason):
            ctx.err(x.line, "“stacking”的“add”项：只有文件允许时才能把几行相加——请写出允许相加的原文（“quote”及其“source”）；"
                            "几行补助的是不同事项时，也可以写明编者的理由（“reason”）")
        cost = None
        if kind == "same_cost":
            if "cost" not in x:
                ctx.err(x.line, "“stacking”的“same_cost”项需要“cost”：这几行共同报销的那笔费用（一个输入项或“sum”）")
                continue
            cost = _expr(ctx, _ln(x, "cost"), x["cost"], "“stacking”的“cost”", kind="money")
            if cost is None:
                continue
        out.append(Stacking(cast(Any, kind), ids, _text(ctx, x, "label"), source, quote, reason, cost, x.line))
    added = {frozenset((a, b)) for st in out if st.kind == "add" for a in st.rules for b in st.rules if a != b}
    for st in out:
        if st.kind == "alternatives":
            clash = [f"{a}/{b}" for a in st.rules for b in st.rules if a < b and frozenset((a, b)) in added]
            if clash:
                ctx.err(st.line, f"“stacking”：{', '.join(clash)} 既声明为相加（add），又声明为择一（alternatives）")
    return tuple(out)


def load_file(path: Path, problems: list[str]) -> Calculator | None:
    """Load one declaration file; problems are appended as ``file:line: message``."""
    from content.safe_read import ReadRefused, bad_characters, describe_yaml_error, read_content_bytes

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
        ctx.err(exc.line, f"字段“{exc.key}”在同一处出现了两次")
        return None
    except yaml.YAMLError as exc:
        ctx.err(*describe_yaml_error(text, exc))
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
            return {}, [f"{cdir}: 找不到计算器目录；请重新安装本软件"]
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
