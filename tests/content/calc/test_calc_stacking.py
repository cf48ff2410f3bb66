"""Issue 11, by class: alternatives, the same cost once, drafts / ended periods / other regions outside
可确认, ranges — each table worked out by hand from the sentence quoted with it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from content.calc import (
    CalcDeclarationError,
    Calculator,
    evaluate,
    load_calculators,
    region_choice,
    result_to_json,
)

CALCS: dict[str, Calculator] = load_calculators()
TODAY = dt.date(2026, 11, 23)
W = Decimal(10000)
SJZ = ["河北省", "石家庄市"]
CHANGAN = ["河北省", "石家庄市", "长安区"]
LANGFANG = ["河北省", "廊坊市"]


def wan(x: str) -> Decimal:
    return Decimal(x) * W


def run(cid: str, raw: dict[str, str], **kw: object):  # type: ignore[no-untyped-def]
    return evaluate(CALCS[cid], raw, today=TODAY, **kw)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# Alternatives: no text allows both; the higher counts, the result says which, the sum is apart
# ------------------------------------------------------------------------------------------
ALTERNATIVES = [
    # zb-05-10 “每次限按服务合同总金额的50%申领”: one contract, one refund.  40万: 省 20万, 市 10万 (年上限)
    ("innovation-voucher", {"contract": "40万"}, "province-service", "city", wan("20"), wan("30")),
    # zb-04-02 / zb-04-04, 1000万: 省 10万 + 900万×5% = 55万; 市 55万 -> 每项最高50万
    ("tech-transfer", {"region": "shijiazhuang", "amount": "1000万"}, "province", "city", wan("55"), wan("105")),
    # lf-24 “省级及以上考核评估中获得优秀 … 30万元 … 市级考核评估中获得优秀 … 10万元”
    ("lf-incubator-award", {"provincial_excellent": "true", "city_excellent": "true"}, "provincial", "city",
     wan("30"), wan("40")),
    # zb-08-12 “一次性奖励40万元” / zb-08-10 “资助额度不超过50万元”
    ("academician-postdoc", {"academician": "true"}, "academician-funding", "academician-award", wan("50"), wan("90")),
    # zb-04-03 省 1%≤50万 of 3000万 = 30万; zb-04-04 市 1%≤30万 of 2000万 = 20万
    ("tech-transfer-agency", {"region": "shijiazhuang", "deals": "3000万", "city_deals": "2000万"}, "province-deals",
     "city-deals", wan("30"), wan("50")),
]


@pytest.mark.parametrize(("cid", "raw", "taken", "left", "total", "ceiling"), ALTERNATIVES)
def test_alternatives_take_the_higher_and_keep_the_sum_apart(cid: str, raw: dict[str, str], taken: str, left: str,
                                                             total: Decimal, ceiling: Decimal) -> None:
    r = run(cid, raw)
    lines = {ln.rule: ln for ln in r.lines}
    assert lines[taken].counted == "unverified" or lines[taken].counted == "excluded"
    assert lines[left].counted is None and lines[left].why.startswith("备选")
    assert r.total == total
    assert r.ceiling is not None and r.ceiling.amount == ceiling and "上限情形" in r.ceiling.text
    assert any(lines[taken].label in x and lines[left].label in x and "只能取一" in x for x in r.stacking)
    assert r.totals.unverified_max + r.totals.excluded_max == total  # the sum is in no figure


def test_a_declared_reason_is_quoted() -> None:
    r = run("innovation-voucher", {"contract": "40万"})
    assert any("原文“每次限按服务合同总金额的50%申领”" in x for x in r.stacking)
    r = run("rd-growth-subsidy", {"region": "shijiazhuang", "increase": "100万"})
    assert any("相加" in x and "在省财政补助的基础上" in x for x in r.stacking)


# ------------------------------------------------------------------------------------------
# The same cost is reimbursed once
# ------------------------------------------------------------------------------------------
def test_a_shijiazhuang_voucher_of_10_wan_gives_at_most_5_wan() -> None:
    # zb-05-09 “按照提供科技成果转化服务合同金额的最高50%兑付创新券”; zb-05-10 “每次限按服务合同总金额的50%申领”
    r = run("innovation-voucher", {"contract": "10万"}, regions=SJZ)
    assert r.total == wan("5")
    t = r.totals
    assert t.confirmed + t.unverified + t.excluded == wan("5") and t.unverified_max == wan("5")
    assert r.ceiling is not None and r.ceiling.amount == wan("10")  # the contract, never more


def test_the_ceiling_never_exceeds_the_cost() -> None:
    # 仪器设备 “按使用费用的最高100%兑付” 10万 + 市 5万 = 15万 > 使用费用 10万: the 上限情形 stops at 10万
    r = run("innovation-voucher", {"contract": "10万", "kind": "instrument"})
    assert r.total == wan("10")
    assert r.ceiling is None  # nothing above the cost is left to show


@pytest.mark.parametrize(
    ("raw", "total"),
    [
        # zb-06-04 “依据其当年……实际发生的费用支出情况，给予奖励性后补助 … 每年最高给予每家40万元、20万元”
        ({"grade": "excellent", "expenses": "30万"}, wan("30")),  # the cost, not the 40万
        ({"grade": "excellent", "expenses": "50万"}, wan("40")),
        ({"grade": "pass", "expenses": "12.5万"}, Decimal("125000")),
        ({"grade": "pass", "expenses": "0"}, Decimal("0")),
        ({"grade": "fail", "expenses": "50万"}, Decimal("0")),
    ],
)
def test_incubator_performance_is_the_cap_never_the_expenses_above_it(raw: dict[str, str], total: Decimal) -> None:
    r = run("incubator-performance", raw)
    assert r.total == total
    line = r.lines[0]
    assert "最高额" in line.label
    if raw["grade"] != "fail" and total:
        assert "每年" not in line.explanation or "最高" in r.warnings[0]


# ------------------------------------------------------------------------------------------
# Drafts, ended periods and other regions are never 可确认 (nor 待核实)
# ------------------------------------------------------------------------------------------
EXCLUDED = [
    # lf-03 (征求意见稿): 500万×30% = 150万
    ("jbgs", {"program": "langfang", "amount": "500万"}, {}, wan("150"), "征求意见稿"),
    # zb-05-07 “十四五”期间 has ended: 省 10% of 100万 = 10万 不计入; the city's 5% = 5万 待核实
    ("rd-growth-subsidy", {"region": "shijiazhuang", "increase": "100万"}, {}, wan("10"), "期限已过"),
    # zb-10-01 (2019-2025年): A类前3名 300万
    ("county-leap-award", {"a_top3": "true"}, {}, wan("300"), "期限已过"),
    # zb-06-04 is 石家庄's: for a 廊坊 incubator the 50万 is another region's money
    ("incubator-award", {"level": "city"}, {"regions": LANGFANG}, wan("50"), "其他地区"),
]


@pytest.mark.parametrize(("cid", "raw", "kw", "excluded", "why"), EXCLUDED)
def test_drafts_ended_periods_and_other_regions_are_excluded(cid: str, raw: dict[str, str], kw: dict[str, object],
                                                             excluded: Decimal, why: str) -> None:
    r = run(cid, raw, **kw)
    assert r.totals.excluded == excluded and r.totals.confirmed == 0
    assert any(ln.counted == "excluded" and why in ln.why for ln in r.lines), [(ln.rule, ln.why) for ln in r.lines]


def test_the_changan_high_tech_award_has_city_and_district_and_no_provincial_line() -> None:
    r = run("high-tech-award", {}, regions=CHANGAN)
    assert [(ln.level, ln.amount, ln.counted) for ln in r.lines] == [
        ("市级", wan("10"), "unverified"), ("区级", wan("5"), "unverified")]
    assert r.totals.unverified == wan("15") and r.totals.excluded == 0
    assert all("lf-12" not in ln.cites for ln in r.lines)


def test_regions_pick_the_choice_and_exclude_other_cities() -> None:
    calc = CALCS["high-tech-award"]
    assert region_choice(calc, CHANGAN) == "changan"
    assert region_choice(calc, SJZ) == "shijiazhuang"
    assert region_choice(calc, LANGFANG) == "langfang"
    assert region_choice(calc, ["河北省", "保定市"]) is None
    # a 保定 enterprise: no choice fits; the default (长安区) lines are another region's money
    r = run("high-tech-award", {}, regions=["河北省", "保定市"])
    assert r.totals.unverified == 0 and r.totals.excluded == wan("15")
    assert all(ln.why.startswith("其他地区") for ln in r.lines)
    # a 廊坊 enterprise gets the province's voucher only
    r = run("innovation-voucher", {"contract": "10万"}, regions=LANGFANG)
    assert [ln.rule for ln in r.lines] == ["province-service"] and r.totals.unverified == wan("5")
    # an explicit choice is kept
    r = run("innovation-voucher", {"contract": "10万", "region": "shijiazhuang"}, regions=LANGFANG)
    assert any(ln.rule == "city" and "其他地区" in ln.why for ln in r.lines)


def test_declarations_refuse_another_regions_or_levels_measure(tmp_path: Path) -> None:
    body = """\
id: demo
title: 示例
topic: 企业培育
inputs:
  - name: region
    label: 企业所在地
    type: choice
    default: sjz
    choices:
      - {value: sjz, label: 石家庄市, region: [河北省, 石家庄市]}
      - {value: lf, label: 廊坊市, region: [河北省, 廊坊市]}
rules:
  - id: province
    level: 省级
    label: 省级奖励
    source: lf-12
    fixed: 10万
"""
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(CalcDeclarationError) as info:
        load_calculators(directory=tmp_path)
    problems = "\n".join(info.value.problems)
    assert "省级一行" in problems and "市级措施lf-12" in problems
    assert "所在地为“石家庄市”时引用了廊坊市的措施lf-12" in problems


def test_an_add_needs_a_text_or_a_reason_and_quotes_are_checked(tmp_path: Path) -> None:
    base = """\
id: demo
title: 示例
topic: 资金奖补
inputs:
  - {name: amount, label: 金额, required: true}
rules:
  - {id: a, level: 市级, label: 甲, source: zb-04-04, base: amount, rate: 10%}
  - {id: b, level: 市级, label: 乙, source: zb-04-04, base: amount, rate: 10%}
stacking:
"""
    (tmp_path / "a.yaml").write_text(base + "  - add: [a, b]\n", encoding="utf-8")
    with pytest.raises(CalcDeclarationError, match="只有文件允许时才能"):
        load_calculators(directory=tmp_path)
    (tmp_path / "a.yaml").write_text(base + "  - {add: [a, b], source: zb-04-04, quote: 可以同时享受}\n",
                                     encoding="utf-8")
    with pytest.raises(CalcDeclarationError, match="原文中没有这句话"):
        load_calculators(directory=tmp_path)
    (tmp_path / "a.yaml").write_text(base + "  - {add: [a, b], reason: 不同事项}\n  - alternatives: [a, b]\n",
                                     encoding="utf-8")
    with pytest.raises(CalcDeclarationError, match="既声明为相加"):
        load_calculators(directory=tmp_path)


# ------------------------------------------------------------------------------------------
# Ranges: shown from the minimum to the maximum, never as the maximum
# ------------------------------------------------------------------------------------------
RANGES = [
    # sjz16-07 “按照国家支持资金的30%~50%予以配套支持”: 1000万 -> 300万～500万
    ("national-project-matching", {"applicant": "institute", "funding": "1000万"}, wan("300"), wan("500")),
    # zb-05-05 “给予30—200万元的奖励”
    ("listing-award", {}, wan("30"), wan("200")),
    # zb-08-06 “给予100万元至500万元科研经费支持”
    ("sjz-talent", {"high_level": "true"}, wan("100"), wan("500")),
    # zb-03-01 “一次性300—500万元专项经费支持”
    ("platform-award", {"region": "hebei", "kind": "national_lab"}, wan("300"), wan("500")),
]


@pytest.mark.parametrize(("cid", "raw", "low", "high"), RANGES)
def test_ranges_are_ranges(cid: str, raw: dict[str, str], low: Decimal, high: Decimal, handbook) -> None:  # type: ignore[no-untyped-def]
    from content.calc.render import result_text, result_view

    r = run(cid, raw)
    assert r.totals.figure("unverified") == (low, high)
    assert r.total == high  # 按文件字面测算的最高额
    line = next(ln for ln in r.lines if ln.counted is not None)
    assert (line.low, line.amount) == (low, high) and line.is_range
    text = result_text(result_view(r, CALCS[cid], handbook))
    from content.calc import format_money

    assert f"待核实：{format_money(low)}～{format_money(high)}" in text
    data = json.loads(json.dumps(result_to_json(r)))
    assert data["totals"]["unverified"] == f"{low:.2f}" and data["totals_max"]["unverified"] == f"{high:.2f}"


# ------------------------------------------------------------------------------------------
# JSON and text
# ------------------------------------------------------------------------------------------
def test_json_has_totals_and_per_line_status_and_counted() -> None:
    data = result_to_json(run("rd-growth-subsidy", {"region": "shijiazhuang", "increase": "100万"}))
    assert data["totals"] == {"confirmed": "0.00", "unverified": "50000.00", "excluded": "100000.00"}
    assert data["total"] == "150000.00" and data["total_note"] == "按文件字面测算的最高额，不是承诺"
    assert [(x["rule"], x["status"], x["counted"]) for x in data["lines"]] == [  # type: ignore[union-attr]
        ("province", "期限已过", "excluded"), ("city-above", "效力未核实", "unverified")]


@pytest.mark.parametrize("cid", sorted(CALCS))
def test_no_text_shows_the_total_alone_nor_an_id(cid: str, handbook) -> None:  # type: ignore[no-untyped-def]
    import re

    from content.calc.render import result_text, result_view

    calc = CALCS[cid]
    raw = {i.name: "100万" for i in calc.inputs if i.required}
    r = evaluate(calc, raw, today=TODAY)
    text = result_text(result_view(r, calc, handbook, calculators=CALCS))
    assert "合计：" not in text and "可确认：" in text and "待核实：" in text and "不计入：" in text
    assert not re.search(r"\b(zb|sjz16|hb12|lf|gxq|xy|changan)-[0-9]", text), text
    for inp in calc.inputs:  # internal field names stay out of the words a reader sees
        assert f"（{inp.name}）" not in text
    for bad in ("超过最高", "未超过最高", "超过不超过", "未超过每年最高", "未超过每项最高"):
        assert bad not in text, (cid, bad)


@pytest.mark.parametrize(
    ("cid", "raw"),
    [("innovation-voucher", {"contract": "0", "used": "10万"}), ("loan-interest", {"interest": "0", "received": "300万"}),
     ("lf-patent-transfer", {"amount": "0", "received": "10万"})],
)
def test_a_zero_base_never_says_the_quota_is_used_up(cid: str, raw: dict[str, str]) -> None:
    r = run(cid, raw)
    assert all(ln.amount == 0 for ln in r.lines)
    assert not any("额度已用完" in ln.explanation for ln in r.lines), [ln.explanation for ln in r.lines]


def test_a_labelled_amount_is_said_once() -> None:
    # the old 廊坊 incubator line read “每新增1家奖励1万元 = …3家×1万元 = 3万元；每新增1家奖励1万元 3万元”
    r = run("lf-incubator-award", {"tax_firms": "3"})
    (line,) = r.lines
    assert line.explanation == "每新增1家奖励1万元 = 年纳税额首次达到10万元的在孵企业（新增） 3家×1万元 = 3万元"
