"""Declarations: the bundled ones load; malformed ones are reported with file and line; citations resolve."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from content.calc import CalcDeclarationError, calculators_for_measure, check_citations, load_calculators
from content.calc.model import Lit

REQUIRED = {
    "rd-deduction": {"personnel", "direct", "depreciation", "amortization", "design", "other", "entrusted_domestic",
                     "entrusted_overseas", "intangible_cost", "tax_rate"},
    "rd-growth-subsidy": {"region", "scale", "increase", "rd_total", "listed"},
    "jbgs": {"program", "kind", "amount", "provincial_funding"},
    "tech-transfer": {"region", "amount", "from_jingjin"},
    "innovation-voucher": {"contract", "used", "kind"},
    "loan-interest": {"interest", "first_loan", "received"},
    "central-innovation-district": {"investment", "opex1", "opex2", "opex3"},
    "indirect-cost": {"budget"},
    "incubator-award": {"level", "previous"},
    "county-leap-award": {"a_top3", "b_to_a", "c_to_b", "rank_up"},
    "high-tech-award": {"region"},
}
CHOICES = {
    ("rd-growth-subsidy", "region"): {"hebei", "shijiazhuang", "langfang"},
    ("rd-growth-subsidy", "scale"): {"above", "below"},
    ("jbgs", "program"): {"hebei", "shijiazhuang", "langfang"},
    ("jbgs", "kind"): {"research", "transfer"},
    ("tech-transfer", "region"): {"hebei", "shijiazhuang"},
    ("innovation-voucher", "kind"): {"service", "instrument"},
    ("incubator-award", "level"): {"national", "provincial", "city"},
    ("incubator-award", "previous"): {"none", "city", "provincial"},
}


def test_bundled_declarations_load() -> None:
    calcs = load_calculators()
    assert set(REQUIRED) <= set(calcs)


@pytest.mark.parametrize("cid", sorted(REQUIRED))
def test_required_calculators_have_the_issue_input_names(cid: str) -> None:
    calc = load_calculators()[cid]
    assert REQUIRED[cid] <= {i.name for i in calc.inputs}
    for (c, name), values in CHOICES.items():
        if c == cid:
            inp = calc.input(name)
            assert inp is not None and {x.value for x in inp.choices} == values
    assert calc.input("tax_rate") is None or calc.input("tax_rate").default == "0.25"  # type: ignore[union-attr]


def test_every_cited_measure_exists_in_the_handbook(handbook) -> None:  # type: ignore[no-untyped-def]
    if not handbook.measures():
        pytest.skip("the bundled content is not present")
    calcs = load_calculators()
    assert check_citations(calcs, handbook) == []
    load_calculators(handbook)  # the same check, strict


def test_unknown_citation_is_reported(handbook) -> None:  # type: ignore[no-untyped-def]
    from content.model import Handbook

    with pytest.raises(CalcDeclarationError) as info:
        load_calculators(Handbook(documents=()))
    assert any("tech-transfer" in p and "zb-04-02" in p for p in info.value.problems)


def test_calculators_for_measure() -> None:
    calcs = load_calculators()
    assert calculators_for_measure(calcs, "zb-04-02") == ["tech-transfer"]
    assert {"tech-transfer", "tech-transfer-agency", "contract-registry"} <= set(calculators_for_measure(calcs, "zb-04-04"))
    assert "high-tech-award" in calculators_for_measure(calcs, "changan-1-2")
    assert "rd-growth-subsidy" in calculators_for_measure(calcs, "lf-15")
    assert calculators_for_measure(calcs, "no-such-measure") == []


def test_literals_live_in_declarations_not_code() -> None:
    """No rate or cap is hard-coded in the engine: every Lit comes from a declaration file."""
    calcs = load_calculators()
    lits = [r for c in calcs.values() for r in c.rules]
    assert lits  # the declarations carry the numbers
    src = Path(__file__).resolve().parents[3] / "content" / "calc" / "engine.py"
    text = src.read_text(encoding="utf-8")
    for literal in ("0.1", "0.05", "1000000", "500000", "0.3", "0.7", "100万", "10%", "50%"):
        assert literal not in text, literal


def _write(tmp_path: Path, body: str, name: str = "bad.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


GOOD = """\
id: demo
title: 示例
topic: 资金奖补
inputs:
  - {name: amount, label: 金额, required: true}
rules:
  - id: r1
    level: 市级
    label: 示例补助
    source: zb-04-04
    base: amount
    rate: 10%
    caps:
      - {label: 上限, limit: 50万}
"""


def test_a_good_minimal_declaration(tmp_path: Path) -> None:
    calcs = load_calculators(directory=_write(tmp_path, GOOD))
    calc = calcs["demo"]
    assert calc.cites == ("zb-04-04",)
    rule = calc.rules[0]
    assert rule.rates == (Lit(rule.rates[0].value, "10%", "rate"),)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "line", "says"),
    [
        (("topic: 资金奖补", "topic: 资金"), 3, "专题“资金”不在词表中"),
        (("rate: 10%", "rate: 10 percent"), 12, "不是比例"),
        (("limit: 50万", "limit: fifty"), 14, "没有名为“fifty”的输入项"),
        (("level: 市级", "level: 县级"), 8, "层级“县级”不在词表中"),
        (("source: zb-04-04", "source: Zb 04"), 10, "应为措施编号"),
        (("    rate: 10%\n", "    rate: 10%\n    fixed: 10万\n"), 7, "计算方式应恰好写一种"),
        (("base: amount", "base: nope"), 11, "没有名为“nope”的输入项"),
        (("{name: amount, label: 金额, required: true}", "{name: amount, label: 金额, type: money2, default: '0'}"),
         5, "未知类型“money2”"),
        (("{name: amount, label: 金额, required: true}", "{name: amount, label: 金额}"), 5, "请填写“default”"),
        (("    caps:\n", "    colour: red\n    caps:\n"), 13, "未知字段“colour”"),
    ],
)
def test_malformed_declarations_name_file_and_line(tmp_path: Path, change: tuple[str, str], line: int,
                                                    says: str) -> None:
    body = GOOD.replace(*change)
    with pytest.raises(CalcDeclarationError) as info:
        load_calculators(directory=_write(tmp_path, body))
    assert any(p.startswith(f"bad.yaml:{line}:") and says in p for p in info.value.problems), info.value.problems


def test_yaml_syntax_error_and_duplicate_key(tmp_path: Path) -> None:
    _write(tmp_path, "id: x\ntitle: [unclosed\n", "a.yaml")
    _write(tmp_path, GOOD + "title: 再来\n", "b.yaml")
    with pytest.raises(CalcDeclarationError) as info:
        load_calculators(directory=tmp_path)
    problems = "\n".join(info.value.problems)
    assert "a.yaml:" in problems and "YAML 格式错误" in problems
    assert "b.yaml:15: 字段“title”在同一处出现了两次" in problems


def test_duplicate_calculator_ids(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(CalcDeclarationError, match=r"与 a\.yaml 重复"):
        load_calculators(directory=tmp_path)


def test_split_shares_must_add_up(tmp_path: Path) -> None:
    body = GOOD + (
        "  - id: r2\n"
        "    level: 市级\n"
        "    label: 拨付\n"
        "    source: zb-01-03\n"
        "    split: {of: r1, parts: [{label: a, share: 30%}, {label: b, share: 60%}]}\n"
    )
    with pytest.raises(CalcDeclarationError, match=r"加起来应为 100%"):
        load_calculators(directory=_write(tmp_path, body))


@pytest.mark.parametrize("field", ["status: 征求意见稿", "basis: 某文件", "period: {end: '2025'}"])
def test_a_declared_status_is_refused(tmp_path: Path, field: str) -> None:
    # Issue 11: status is computed from the cited measures, never typed in a declaration.
    body = GOOD.replace("    base: amount", f"    {field}\n    base: amount")
    with pytest.raises(CalcDeclarationError) as info:
        load_calculators(directory=_write(tmp_path, body))
    assert any(p.startswith("bad.yaml:11:") and "请删除这一行" in p for p in info.value.problems), info.value.problems


def test_missing_folder() -> None:
    with pytest.raises(CalcDeclarationError, match="找不到计算器目录"):
        load_calculators(directory=Path("/nonexistent/calculators"))


# --------------------------------------------------------------------------------------------
# The messages a content editor reads are Chinese
# --------------------------------------------------------------------------------------------
RICH = """\
id: demo
title: 示例
topic: 资金奖补
inputs:
  - {name: amount, label: 金额, required: true}
  - name: region
    label: 所在地
    type: choice
    default: hebei
    choices:
      - {value: hebei, label: 河北省}
      - {value: sjz, label: 石家庄市}
  - {name: listed, label: 已上市, type: bool, default: "false"}
  - {name: staff, label: 人数, type: count, default: "0"}
  - name: tax_rate
    label: 税率
    type: rate
    default: "0.25"
    choices:
      - {value: 25%, label: 法定税率, basis: 编者据企业所得税法}
pools:
  - {id: total, label: 总上限, limit: 100万}
rules:
  - id: r1
    level: 市级
    label: 示例补助
    source: zb-04-04
    base: amount
    rate: 10%
    pool: total
    caps:
      - {label: 上限, limit: 50万}
  - id: r2
    level: 市级
    label: 第二项补助
    source: zb-04-04
    fixed: 10万
    when: {input: region, is: sjz}
conditions:
  - {text: 有合同, source: zb-04-04}
warnings:
  - {text: 注意, when: {input: listed, is: true}}
stacking:
  - add: [r1, r2]
    reason: 补助的是不同事项
"""

_R1_KIND = "    base: amount\n    rate: 10%"
_R2_KIND = "    fixed: 10万"
_R2_WHEN = "when: {input: region, is: sjz}"
_STACK = "  - add: [r1, r2]\n    reason: 补助的是不同事项"

#: Broken declarations: (what to replace in RICH, by what).  ``""`` appends to the end, ``"*"`` replaces it all.
BROKEN: list[tuple[str, str]] = [
    # the file and the calculator
    ("*", "- 甲\n- 乙\n"),
    ("*", "id: demo\ntitle: 示例\ntopic: 资金奖补\nrules: []\n"),
    ("*", "id: demo\ntitle: 示例\ntopic: 资金奖补\ninputs:\n  - {name: amount, label: 金额, required: true}\nrules: []\n"),
    ("topic: 资金奖补", "topic: 资金"),
    ("id: demo", "id: Demo_1"),
    ("title: 示例\n", ""),
    ("title: 示例", "title: [甲, 乙]"),
    ("topic: 资金奖补", "topic: 资金奖补\ncolour: red"),
    ("topic: 资金奖补", "topic: 资金奖补\nstatus: 现行"),
    ("", "related: [Not An Id]"),
    ("", "headline: [r9]"),
    ("", "related_measures: [Zb 04]"),
    ("", "keywords: {甲: 乙}"),
    ("", "title: 再来"),
    # inputs
    ("{name: amount,", "{name: Amount,"),
    ("  - {name: listed,", "  - {name: amount, label: 又一个, required: true}\n  - {name: listed,"),
    ("type: count", "type: integer"),
    ("    choices:\n      - {value: hebei, label: 河北省}\n      - {value: sjz, label: 石家庄市}", "    choices: hebei"),
    ("{value: sjz, label: 石家庄市}", "{value: sjz}"),
    ("{value: sjz, label: 石家庄市}", "{value: sjz, label: 石家庄市, colour: red}"),
    ("{value: 25%, label: 法定税率, basis: 编者据企业所得税法}", "{value: 25%, label: 法定税率}"),
    ("value: 25%", "value: lots"),
    ("{value: hebei, label: 河北省}", "{value: hebei, label: 河北省, region: [河北省]}"),
    ("  - {name: listed,", "  - {name: kind, label: 类别, type: choice, default: a}\n  - {name: listed,"),
    ("required: true}", "required: true, choices: [{value: a, label: 甲}]}"),
    ("required: true}", "required: maybe}"),
    ("required: true}", "required: true, default: '1'}"),
    ('type: count, default: "0"}', "type: count}"),
    ('type: count, default: "0"}', "type: count, default: [0]}"),
    ('type: count, default: "0"}', 'type: count, default: "many"}'),
    ('  - {name: staff, label: 人数, type: count, default: "0"}', "  - staff"),
    ('default: "0"}', 'default: "0", when: {input: nowhere, is: true}}'),
    # rules
    ("conditions:\n", "  - r3\nconditions:\n"),
    ("  - id: r2", "  - id: R_2"),
    ("  - id: r2", "  - id: r1"),
    ("level: 市级\n    label: 第二项补助", "level: 县级\n    label: 第二项补助"),
    ("source: zb-04-04\n    fixed", "source: Zb 04\n    fixed"),
    (_R2_KIND, _R2_KIND + "\n    rate: 10%"),
    (_R2_KIND + "\n", ""),
    (_R2_KIND, "    require: yes\n" + _R2_KIND),
    (_R1_KIND, "    rate: 10%"),
    ("base: amount", "base: nope"),
    ("base: amount", "base: listed"),
    ("base: amount", "base: {line: r2}"),
    ("base: amount", "base: {sum: [amount]}"),
    ("base: amount", "base: {choose: amount, values: {a: 1万}}"),
    ("base: amount", "base: {choose: region, values: 5}"),
    ("base: amount", "base: {choose: region, values: {hebei: 1万, beijing: 2万}}"),
    ("base: amount", "base: [1, 2]"),
    (_R2_KIND, "    fixed: 20万-10万"),
    (_R2_KIND, "    fixed: ''"),
    ("rate: 10%", "rate: 10 percent"),
    ("pool: total", "pool: shared"),
    ("pool: total", "pool: total\n    in_total: maybe"),
    ("pool: total", "pool: total\n    skip_if_zero: maybe"),
    (_R2_KIND, _R2_KIND + "\n    skip_if_zero: true"),
    ("pool: total", "pool: total\n    colour: red"),
    ("pool: total", "pool: total\n    status: 现行"),
    ("pool: total", "pool: total\n    also_cites: [Zb 04]"),
    ("pool: total", "pool: total\n    warnings: [[甲]]"),
    # conditions (when)
    (_R2_WHEN, "when: sjz"),
    (_R2_WHEN, "when: {all: sjz}"),
    (_R2_WHEN, "when: {input: nowhere, is: sjz}"),
    (_R2_WHEN, "when: {input: region, is: sjz, in: [sjz]}"),
    ("{input: listed, is: true}", "{input: listed, is: maybe}"),
    (_R2_WHEN, "when: {input: region, is: beijing}"),
    (_R2_WHEN, "when: {input: amount, is: 5}"),
    (_R2_WHEN, "when: {input: region, in: [beijing]}"),
    (_R2_WHEN, "when: {input: amount, in: [a]}"),
    (_R2_WHEN, "when: {input: region, at_least: 5}"),
    (_R2_WHEN, "when: {input: region, equals: sjz}"),
    # caps
    ("    caps:\n      - {label: 上限, limit: 50万}", "    caps: 50万"),
    ("- {label: 上限, limit: 50万}", "- 50万"),
    ("{label: 上限, limit: 50万}", "{label: 最高不超过, limit: 50万}"),
    ("{label: 上限, limit: 50万}", "{label: 上限, limit: 50万, colour: red}"),
    ("{label: 上限, limit: 50万}", "{label: 上限, max_share: 100%, of: amount}"),
    ("{label: 上限, limit: 50万}", "{limit: 50万}"),
    ("{label: 上限, limit: 50万}", "{label: 上限, limit: 50万, source: Zb 04}"),
    # kinds
    ("    rate: 10%", "    tiers: 10%"),
    ("    rate: 10%", "    tiers: [{upto: 10万}]"),
    ("    rate: 10%", "    tiers: [{rate: 10%}, {upto: 10万, rate: 5%}, {upto: 5万, rate: 1%}]"),
    ("    rate: 10%", "    lookup: 5"),
    ("    rate: 10%", "    lookup: {input: region, brackets: []}"),
    ("    rate: 10%", "    lookup: {input: staff, brackets: [5]}"),
    ("    rate: 10%", "    lookup: {input: staff, brackets: [{at_least: '5', amount: 1万}, {at_least: '10', amount: 2万}]}"),
    ("    rate: 10%", "    table: 5"),
    ("    rate: 10%", "    table: {input: amount, amounts: {a: 1万}}"),
    ("    rate: 10%", "    table: {input: region, amounts: {hebei: 1万, beijing: 2万}}"),
    ("    rate: 10%", "    step_up: 5"),
    ("    rate: 10%", "    step_up: {input: amount, previous: staff, amounts: {a: 1万}}"),
    ("    rate: 10%", "    step_up: {input: region, previous: region, amounts: {hebei: 1万}}"),
    (_R2_KIND, "    split: 5"),
    (_R2_KIND, "    split: {of: r1, parts: [5]}"),
    (_R2_KIND, "    split: {of: r1, parts: [{label: 甲, share: 30%}, {label: 乙, share: 60%}]}"),
    (_R2_KIND, "    split: {of: r1, parts: [{label: 甲, share: 100%}]}\n    in_total: true"),
    ("    rate: 10%", "    value: amount"),
    # pools
    ("  - {id: total, label: 总上限, limit: 100万}", "  - total"),
    ("{id: total, label: 总上限, limit: 100万}", "{id: total, limit: 100万, colour: red}"),
    ("{id: total, label: 总上限, limit: 100万}", "{id: total, label: 总上限, limit: nope}"),
    # the checklist and warnings
    ("  - {text: 有合同, source: zb-04-04}", "  - 有合同"),
    ("{text: 有合同, source: zb-04-04}", "{source: Zb 04, colour: red}"),
    ("  - {text: 注意, when: {input: listed, is: true}}", "  - 注意"),
    ("{text: 注意, when:", "{when:"),
    # stacking
    ("stacking:\n" + _STACK, "stacking: r1"),
    (_STACK, "  - r1"),
    ("add: [r1, r2]", "plus: [r1, r2]"),
    ("add: [r1, r2]", "add: [r1, r9]"),
    ("add: [r1, r2]", "add: [r1]"),
    ("\n    reason: 补助的是不同事项", ""),
    ("reason: 补助的是不同事项", "quote: 可以叠加"),
    (_STACK, "  - same_cost: [r1, r2]"),
    ("reason: 补助的是不同事项", "reason: 不同事项\n    source: Zb 04"),
    ("", "  - alternatives: [r1, r2]"),
    (_R2_KIND, "    split: {of: r1, parts: [{label: 甲, share: 100%}]}"),
]

_ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


def _format_words() -> set[str]:
    """The field names and example values of the declaration format: the YAML of its documentation
    (content/calculators/README.md: the examples without their comments, and the `code` in the text)."""
    readme = (Path(__file__).resolve().parents[3] / "content" / "calculators" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    code = "\n".join(line.split("#")[0] for b in blocks for line in b.splitlines())
    spans = " ".join(re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", readme, flags=re.S)))
    return {w.lower() for w in _ASCII_WORD.findall(code + " " + spans)} | {"yaml", "true", "false"}


def test_the_rich_fixture_is_well_formed(tmp_path: Path) -> None:
    assert "demo" in load_calculators(directory=_write(tmp_path, RICH))


def test_every_declaration_message_is_chinese(tmp_path: Path) -> None:
    """Each broken declaration is refused, and its messages have no English words.

    The only ASCII words a message may hold are the YAML a content editor writes: the field names and
    example values of the format (content/calculators/README.md) and the words of the broken file itself
    (its ids, input names and wrong values).
    """
    allowed = _format_words()
    seen: set[str] = set()
    for i, (old, new) in enumerate(BROKEN):
        if old == "*":
            body = new
        elif old:
            assert RICH.count(old) == 1, old
            body = RICH.replace(old, new)
        else:
            body = RICH + new + "\n"
        folder = tmp_path / str(i)
        folder.mkdir()
        with pytest.raises(CalcDeclarationError) as info:
            load_calculators(directory=_write(folder, body))
        ok = allowed | {w.lower() for w in _ASCII_WORD.findall(body)}
        for problem in info.value.problems:
            message = re.sub(r"^bad\.yaml(:\d+)?: ", "", problem)
            english = [w for w in _ASCII_WORD.findall(message) if w.lower() not in ok]
            assert not english, (new, problem, english)
            assert re.search(r"[\u4e00-\u9fff]", message), problem
            seen.add(message)
    assert len(seen) >= len(BROKEN)  # every case says something of its own
