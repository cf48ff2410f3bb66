"""Load the data of 我的企业 (``content/profile/*.yaml``) into frozen values, with file:line problems.

* ``fields.yaml``: the profile's fields (the questions) and how beneficiaries are read;
* ``regions.yaml``: the region hierarchy;
* ``calculators.yaml``: when and with which inputs each calculator runs for a profile;
* ``conditions/*.yaml``: the declared conditions of the measures, one file per document.

:func:`check_profile_data` cross-checks them against the content (measure ids, calculators,
quotes that must be the measures' own words).  Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from content.console import program_name
from content.model import ContentError, Handbook, Measure
from content.profile.model import (
    Ask,
    BeneficiaryRule,
    CalculatorMap,
    DeclaredCondition,
    FieldChoice,
    FieldGroup,
    FieldType,
    InputMap,
    MeasureRule,
    ProfileField,
    Test,
)
from content.profile.regions import NATION, Region, RegionTree

PROFILE_DIR = Path(__file__).resolve().parent
FIELDS_FILE = PROFILE_DIR / "fields.yaml"
REGIONS_FILE = PROFILE_DIR / "regions.yaml"
CALC_MAP_FILE = PROFILE_DIR / "calculators.yaml"
CONDITIONS_DIR = PROFILE_DIR / "conditions"
FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ProfileSchema:
    """Everything the matcher needs besides the content: fields, regions, rules, calculator maps."""

    groups: tuple[FieldGroup, ...]
    fields: tuple[ProfileField, ...]
    beneficiaries: Mapping[str, BeneficiaryRule]
    regions: RegionTree
    rules: Mapping[str, MeasureRule]
    defaults: Mapping[str, MeasureRule]  # document id -> the rule of its measures not listed
    calculators: tuple[CalculatorMap, ...]
    problems: tuple[ContentError, ...] = ()
    _by_id: dict[str, ProfileField] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for f in self.fields:
            self._by_id[f.id] = f

    def field(self, field_id: str) -> ProfileField | None:
        return self._by_id.get(field_id)

    def field_named(self, name: str) -> ProfileField | None:
        """A field by id or by its label (the example file may use either)."""
        name = name.strip()
        return self._by_id.get(name) or next((f for f in self.fields if f.label == name), None)

    def rule_for(self, m: Measure) -> MeasureRule | None:
        """The declared rule of ``m``: its own, the one it points to with ``see``, or its document's default."""
        r = self.rules.get(m.id)
        if r is not None:
            return r
        return self.defaults.get(m.document_id)

    def region_fields(self) -> list[ProfileField]:
        return sorted((f for f in self.fields if f.type is FieldType.REGION), key=lambda f: f.depth)


class _Reader:
    """Typed access to a parsed YAML file with ``file:line`` problems."""

    def __init__(self, file: str, problems: list[ContentError]) -> None:
        self.file = file
        self.problems = problems

    def err(self, node: Any, key: str, msg: str) -> None:
        line = 0
        if key and hasattr(node, "lines") and isinstance(node.lines, dict):
            line = node.lines.get(key, 0)
        line = line or getattr(node, "line", 0)
        self.problems.append(ContentError(self.file, line, key, msg))

    def text(self, node: Any, key: str, *, required: bool = True) -> str:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            if required:
                self.err(node, key, f"缺少“{key}”")
            return ""
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            self.err(node, key, f"“{key}”应为文字")
            return ""
        return str(v).strip()

    def texts(self, node: Any, key: str) -> tuple[str, ...]:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            return ()
        if isinstance(v, str):
            return (v,)
        if not isinstance(v, list) or not all(isinstance(x, str | int | bool) for x in v):
            self.err(node, key, f"“{key}”应为文字列表")
            return ()
        return tuple(_text_value(x) for x in v)

    def keys(self, node: Any, allowed: set[str], what: str) -> bool:
        if not isinstance(node, dict):
            self.problems.append(ContentError(self.file, getattr(node, "line", 0), "", f"{what}应写成“项: 值”"))
            return False
        for k in node:
            if k not in allowed:
                self.err(node, k, f"{what}不认识“{k}”；可用：{'、'.join(sorted(allowed))}")
        return True


def _text_value(x: Any) -> str:
    """A YAML scalar as the text a profile stores (``true``/``false`` for yes/no)."""
    if isinstance(x, bool):
        return "true" if x else "false"
    return str(x)


def _parse(path: Path, problems: list[ContentError]) -> Any:
    from content.loader import parse_yaml
    from content.safe_read import ReadRefused, read_content_bytes

    try:
        text = read_content_bytes(path).decode("utf-8-sig")
        return parse_yaml(text)
    except ReadRefused as exc:
        problems.append(ContentError(path.name, exc.line, "", exc.message))
    except FileNotFoundError:
        problems.append(ContentError(path.name, 0, "", "找不到这个文件；请重新安装本软件"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ContentError(path.name, 0, "", f"无法读取（{exc}）"))
    except Exception as exc:  # a YAML syntax error: say where
        mark = getattr(exc, "problem_mark", None)
        problems.append(ContentError(path.name, (mark.line + 1) if mark else 0, "", f"YAML 格式错误：{exc}"))
    return None


# ---------------------------------------------------------------------------------------------
# fields.yaml
# ---------------------------------------------------------------------------------------------
def load_fields(path: Path = FIELDS_FILE) -> tuple[tuple[FieldGroup, ...], tuple[ProfileField, ...],
                                                   dict[str, BeneficiaryRule], list[ContentError]]:
    problems: list[ContentError] = []
    data = _parse(path, problems)
    r = _Reader(path.name, problems)
    if not isinstance(data, dict):
        if data is not None:
            r.err(data, "", "应写成“项: 值”的形式（groups、fields、beneficiaries）")
        return (), (), {}, problems
    groups: list[FieldGroup] = []
    for g in data.get("groups") or []:
        if r.keys(g, {"id", "title"}, "栏目"):
            groups.append(FieldGroup(r.text(g, "id"), r.text(g, "title")))
    group_ids = {g.id for g in groups}
    fields: list[ProfileField] = []
    seen: set[str] = set()
    for f in data.get("fields") or []:
        if not r.keys(f, {"id", "label", "question", "group", "type", "depth", "choices", "help", "short"}, "企业情况项"):
            continue
        fid = r.text(f, "id")
        if fid and not FIELD_ID.match(fid):
            r.err(f, "id", f"编号“{fid}”只能用小写字母、数字和下划线")
            continue
        if fid in seen:
            r.err(f, "id", f"编号“{fid}”重复")
            continue
        seen.add(fid)
        try:
            ftype = FieldType(r.text(f, "type"))
        except ValueError:
            r.err(f, "type", f"类型应为 {'、'.join(t.value for t in FieldType)}")
            continue
        group = r.text(f, "group")
        if group not in group_ids:
            r.err(f, "group", f"栏目“{group}”不在 groups 中")
        choices: list[FieldChoice] = []
        for c in f.get("choices") or []:
            if r.keys(c, {"value", "label"}, "选项"):
                choices.append(FieldChoice(_text_value(c.get("value", "")), r.text(c, "label")))
        if ftype is FieldType.CHOICE and not choices:
            r.err(f, "choices", "选择题至少要有一个选项")
        raw_depth = str(f.get("depth", "0"))
        depth = int(raw_depth) if raw_depth.isdigit() else -1
        if ftype is FieldType.REGION and depth not in (1, 2, 3):
            r.err(f, "depth", "地区项的 depth 应为 1（省）、2（市）或 3（区县）")
        fields.append(ProfileField(
            id=fid, label=r.text(f, "label"), question=r.text(f, "question"), group=group, type=ftype,
            depth=max(depth, 0), choices=tuple(choices),
            help=r.text(f, "help", required=False), short=f.get("short") is True, line=getattr(f, "line", 0)))
    by_id = {f.id: f for f in fields}
    bens: dict[str, BeneficiaryRule] = {}
    braw = data.get("beneficiaries") or {}
    if isinstance(braw, dict):
        for name, spec in braw.items():
            if not r.keys(spec, {"always", "never", "field", "in"}, f"受益对象“{name}”"):
                continue
            fid = r.text(spec, "field", required=False)
            if fid and fid not in by_id:
                r.err(spec, "field", f"受益对象“{name}”引用的项“{fid}”不存在")
            never = spec.get("never")
            bens[name] = BeneficiaryRule(name=name, always=spec.get("always") is True,
                                         never=str(never) if isinstance(never, str) else "",
                                         field=fid, values=r.texts(spec, "in"))
    return tuple(groups), tuple(fields), bens, problems


# ---------------------------------------------------------------------------------------------
# regions.yaml
# ---------------------------------------------------------------------------------------------
def load_regions(path: Path = REGIONS_FILE) -> tuple[RegionTree, list[ContentError]]:
    problems: list[ContentError] = []
    data = _parse(path, problems)
    r = _Reader(path.name, problems)
    tree = RegionTree()
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list):
        if data is not None:
            r.err(data, "regions", "应有 regions 列表")
        return tree, problems

    def walk(items: Any, parent: str, depth: int) -> None:
        for item in items or []:
            if not r.keys(item, {"name", "aliases", "children"}, "地区"):
                continue
            name = r.text(item, "name")
            if not name:
                continue
            if name in tree.regions:
                r.err(item, "name", f"地区“{name}”重复")
                continue
            if depth > 3:
                r.err(item, "name", f"地区“{name}”在区县以下；层级只到区县")
                continue
            kids = item.get("children") or []
            names = tuple(str(k.get("name")) for k in kids if isinstance(k, dict) and k.get("name"))
            tree.add(Region(name=name, depth=depth, parent=parent, aliases=r.texts(item, "aliases"),
                            children=names, line=getattr(item, "line", 0)))
            walk(kids, name, depth + 1)

    walk(data["regions"], "", 0)
    if NATION not in tree.regions:
        problems.append(ContentError(path.name, 0, "regions", "第一级应为“全国”"))
    return tree, problems


# ---------------------------------------------------------------------------------------------
# conditions/*.yaml
# ---------------------------------------------------------------------------------------------
def _money(r: _Reader, node: Any, key: str) -> Decimal | None:
    from content.calc.parsing import ValueFormError, parse_amount

    if key not in node:
        return None
    try:
        return parse_amount(_text_value(node[key]))
    except ValueFormError as exc:
        r.err(node, key, str(exc))
        return None


def _test(r: _Reader, node: Any) -> Test | None:
    if not r.keys(node, {"field", "in", "unsure", "at_least", "above", "text", "quote", "open"}, "条件"):
        return None
    fid = r.text(node, "field")
    if not fid:
        return None
    return Test(field=fid, values=r.texts(node, "in"), unsure=r.texts(node, "unsure"),
                at_least=_money(r, node, "at_least"), above=_money(r, node, "above"))


def _condition(r: _Reader, node: Any) -> DeclaredCondition | None:
    if not isinstance(node, dict):
        r.keys(node, set(), "条件")
        return None
    text, quote = r.text(node, "text"), r.text(node, "quote")
    if "any" in node:
        if not r.keys(node, {"any", "text", "quote", "open"}, "条件"):
            return None
        tests = tuple(t for t in (_test(r, x) for x in node.get("any") or []) if t is not None)
    else:
        t = _test(r, node)
        tests = (t,) if t is not None else ()
    if not tests:
        r.err(node, "field", "条件应有 field（或 any 列出几个条件）")
        return None
    return DeclaredCondition(text=text, quote=quote, tests=tests, open=node.get("open") is True,
                             line=getattr(node, "line", 0))


def _rule(r: _Reader, mid: str, spec: Any, file: str) -> MeasureRule | None:
    line = getattr(spec, "line", 0)
    if spec == "arrangement":
        return MeasureRule(measure=mid, arrangement=ARRANGEMENT, file=file, line=line)
    if not r.keys(spec, {"conditions", "ask", "arrangement", "see"}, f"措施“{mid}”"):
        return None
    conds = tuple(c for c in (_condition(r, x) for x in spec.get("conditions") or []) if c is not None)
    asks: list[Ask] = []
    for a in spec.get("ask") or []:
        if r.keys(a, {"text", "quote"}, "需确认的条件"):
            asks.append(Ask(r.text(a, "text"), r.text(a, "quote"), getattr(a, "line", 0)))
    arr = spec.get("arrangement")
    arrangement = ARRANGEMENT if arr is True else (str(arr).strip() if isinstance(arr, str) else "")
    return MeasureRule(measure=mid, conditions=conds, ask=tuple(asks), arrangement=arrangement,
                       see=r.text(spec, "see", required=False), file=file, line=line)


#: The reason shown for a measure that is the authorities' own work.
ARRANGEMENT = "编者判断：本条是主管部门的工作安排或目标，没有需要企业申请的事项"


def load_conditions(directory: Path = CONDITIONS_DIR) -> tuple[dict[str, MeasureRule], dict[str, MeasureRule],
                                                              list[ContentError]]:
    problems: list[ContentError] = []
    rules: dict[str, MeasureRule] = {}
    defaults: dict[str, MeasureRule] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _parse(path, problems)
        r = _Reader(path.name, problems)
        if data is None:
            continue
        if not r.keys(data, {"document", "default", "measures"}, "条件文件"):
            continue
        doc = r.text(data, "document")
        default = data.get("default")
        if default is not None:
            rule = _rule(r, "", default, path.name)
            if rule is not None and doc:
                defaults[doc] = rule
        measures = data.get("measures") or {}
        if not isinstance(measures, dict):
            r.err(data, "measures", "measures 应写成“措施编号: 条件”的形式")
            continue
        for mid, spec in measures.items():
            if mid in rules:
                r.err(measures, mid, f"措施“{mid}”的条件写了两次（另见 {rules[mid].file}）")
                continue
            rule = _rule(r, mid, spec, path.name)
            if rule is not None:
                rules[mid] = rule
    return rules, defaults, problems


# ---------------------------------------------------------------------------------------------
# calculators.yaml
# ---------------------------------------------------------------------------------------------
def load_calculator_maps(path: Path = CALC_MAP_FILE) -> tuple[tuple[CalculatorMap, ...], list[ContentError]]:
    problems: list[ContentError] = []
    data = _parse(path, problems)
    r = _Reader(path.name, problems)
    out: list[CalculatorMap] = []
    if not isinstance(data, dict) or not isinstance(data.get("calculators"), list):
        if data is not None:
            r.err(data, "calculators", "应有 calculators 列表")
        return (), problems
    for c in data["calculators"]:
        if not r.keys(c, {"calculator", "inputs", "run_if", "deduction"}, "计算器对应"):
            continue
        inputs: list[InputMap] = []
        raw_inputs = c.get("inputs") or {}
        if not isinstance(raw_inputs, dict):
            r.err(c, "inputs", "inputs 应写成“输入项: 来源”的形式")
            continue
        for name, spec in raw_inputs.items():
            if not r.keys(spec, {"field", "values", "region", "value", "otherwise"}, f"输入项“{name}”"):
                continue
            values = spec.get("values") or {}
            region = spec.get("region") or {}
            if not isinstance(values, dict) or not isinstance(region, dict):
                r.err(spec, "values", "values、region 应写成“值: 输入值”的形式")
                continue
            fixed = spec.get("value")
            otherwise = spec.get("otherwise")
            inputs.append(InputMap(
                input=str(name), field=r.text(spec, "field", required=False),
                values=tuple((_text_value(k), _text_value(v)) for k, v in values.items()),
                region=tuple((str(k), _text_value(v)) for k, v in region.items()),
                value=_text_value(fixed) if fixed is not None else None,
                otherwise=_text_value(otherwise) if otherwise is not None else None))
        run_if = tuple(t for t in (_test(r, x) for x in c.get("run_if") or []) if t is not None)
        out.append(CalculatorMap(calculator=r.text(c, "calculator"), inputs=tuple(inputs), run_if=run_if,
                                 deduction=c.get("deduction") is True, line=getattr(c, "line", 0)))
    return tuple(out), problems


# ---------------------------------------------------------------------------------------------
# The schema, once per process
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def load_schema() -> ProfileSchema:
    """The shipped profile data (read once; problems are in :attr:`ProfileSchema.problems`)."""
    groups, fields, bens, p1 = load_fields()
    regions, p2 = load_regions()
    rules, defaults, p3 = load_conditions()
    calcs, p4 = load_calculator_maps()
    return ProfileSchema(groups=groups, fields=fields, beneficiaries=bens, regions=regions, rules=rules,
                         defaults=defaults, calculators=calcs, problems=tuple([*p1, *p2, *p3, *p4]))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quote_sources(m: Measure, hb: Handbook) -> list[str]:
    """Where a quote of ``m`` may come from: its text, title, cited source title and part titles."""
    out = [m.text, m.title]
    if m.source is not None:
        out.append(m.source.title)
    out.extend(m.path)
    return out


def quote_found(quote: str, m: Measure, hb: Handbook) -> bool:
    """Whether ``quote`` is the measure's own words (whitespace and line breaks aside)."""
    q = _squash(quote)
    return bool(q) and any(q in _squash(s) for s in quote_sources(m, hb))


def check_profile_data(schema: ProfileSchema, hb: Handbook, calculators: Mapping[str, Any],
                       vocabulary_beneficiaries: Sequence[str] = ()) -> list[ContentError]:
    """Every problem of the profile data against the content: unknown ids, fields, values, quotes.

    Args:
        schema: The loaded profile data.
        hb: The handbook whose measures the conditions name.
        calculators: The bundle's calculators by id.
        vocabulary_beneficiaries: Every beneficiary of the vocabulary (each must have a rule).
    """
    problems = list(schema.problems)
    fields = {f.id: f for f in schema.fields}

    def check_test(t: Test, file: str, line: int, where: str) -> None:
        f = fields.get(t.field)
        if f is None:
            problems.append(ContentError(file, line, "field", f"{where}引用的项“{t.field}”不存在"))
            return
        if f.type is FieldType.MONEY:
            if t.at_least is None and t.above is None:
                problems.append(ContentError(file, line, "field", f"{where}：金额项“{t.field}”应写 at_least 或 above"))
            return
        allowed = {c.value for c in f.choices} if f.type is FieldType.CHOICE else {"true", "false"}
        for v in (*t.values, *t.unsure):
            if v not in allowed:
                problems.append(ContentError(file, line, "in", f"{where}：“{t.field}”没有“{v}”这个值；可用：{'、'.join(sorted(allowed))}"))
        if not t.values:
            problems.append(ContentError(file, line, "in", f"{where}：“{t.field}”应写 in（符合的值）"))

    for name in vocabulary_beneficiaries:
        if name not in schema.beneficiaries:
            problems.append(ContentError(FIELDS_FILE.name, 0, "beneficiaries", f"受益对象“{name}”没有对应的规则"))
    for b in schema.beneficiaries.values():
        if b.field:
            check_test(Test(field=b.field, values=b.values), FIELDS_FILE.name, 0, f"受益对象“{b.name}”")
    doc_ids = {d.id for d in hb.documents}
    for doc in schema.defaults:
        if doc not in doc_ids:
            problems.append(ContentError("conditions", 0, "document", f"文件“{doc}”不存在"))
    for mid, rule in schema.rules.items():
        m = hb.measure(mid)
        if m is None:
            problems.append(ContentError(rule.file, rule.line, mid, f"措施“{mid}”不存在（编号见 {program_name()} list）"))
            continue
        if rule.see and hb.measure(rule.see) is None:
            problems.append(ContentError(rule.file, rule.line, "see", f"“{rule.see}”不存在"))
        if rule.see and rule.see in schema.rules and schema.rules[rule.see].see:
            problems.append(ContentError(rule.file, rule.line, "see", f"“{rule.see}”本身也是 see：只能指向一条主措施"))
        for c in rule.conditions:
            for t in c.tests:
                check_test(t, rule.file, c.line, f"措施“{mid}”的条件")
            if not c.text or not c.quote:
                problems.append(ContentError(rule.file, c.line, "quote", f"措施“{mid}”的条件应有 text 和 quote"))
            elif not quote_found(c.quote, m, hb):
                problems.append(ContentError(rule.file, c.line, "quote", f"措施“{mid}”：引文“{c.quote}”不是原文"))
        for a in rule.ask:
            if not a.text or not a.quote:
                problems.append(ContentError(rule.file, a.line, "quote", f"措施“{mid}”的需确认条件应有 text 和 quote"))
            elif not quote_found(a.quote, m, hb):
                problems.append(ContentError(rule.file, a.line, "quote", f"措施“{mid}”：引文“{a.quote}”不是原文"))
    for cm in schema.calculators:
        calc = calculators.get(cm.calculator)
        if calc is None:
            problems.append(ContentError(CALC_MAP_FILE.name, cm.line, "calculator", f"计算器“{cm.calculator}”不存在"))
            continue
        for t in cm.run_if:
            check_test(t, CALC_MAP_FILE.name, cm.line, f"计算器“{cm.calculator}”的 run_if")
        names = {i.name for i in calc.inputs}
        for im in cm.inputs:
            if im.input not in names:
                problems.append(ContentError(CALC_MAP_FILE.name, cm.line, im.input,
                                             f"计算器“{cm.calculator}”没有输入项“{im.input}”"))
            if im.field and im.field not in fields:
                problems.append(ContentError(CALC_MAP_FILE.name, cm.line, im.input, f"项“{im.field}”不存在"))
            for region, _ in im.region:
                if schema.regions.get(region) is None:
                    problems.append(ContentError(CALC_MAP_FILE.name, cm.line, im.input, f"地区“{region}”不在地区表中"))
    for region in sorted({m.region for m in hb.measures()}):
        if schema.regions.get(region) is None:
            problems.append(ContentError(REGIONS_FILE.name, 0, "regions", f"内容中的地区“{region}”不在地区表中"))
    return problems
