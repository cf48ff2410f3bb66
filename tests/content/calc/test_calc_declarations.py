"""Declarations: the bundled ones load; malformed ones are reported with file and line; citations resolve."""

from __future__ import annotations

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
        (("{name: amount, label: 金额, required: true}", "{name: amount, label: 金额}"), 5, "请填写 default"),
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
