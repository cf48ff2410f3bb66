"""``main.py calc`` end to end: list, compute (text and JSON), and bad input exits 2 with a message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from content.calc import evaluate, load_calculators, result_to_json

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"
pytestmark = pytest.mark.e2e


def calc(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(PYTHON) if PYTHON.exists() else sys.executable
    return subprocess.run([exe, str(ROOT / "main.py"), "calc", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_list() -> None:
    r = calc()
    assert r.returncode == 0, r.stderr
    for cid in ("rd-deduction", "rd-growth-subsidy", "jbgs", "tech-transfer", "innovation-voucher", "loan-interest",
                "central-innovation-district", "indirect-cost", "incubator-award", "county-leap-award",
                "high-tech-award"):
        assert cid in r.stdout
    assert "输入：region, amount*, from_jingjin" in r.stdout
    data = json.loads(calc("--json").stdout)
    assert {d["id"] for d in data} == set(load_calculators())
    tt = next(d for d in data if d["id"] == "tech-transfer")
    assert [i["name"] for i in tt["inputs"]] == ["region", "amount", "from_jingjin"]


def test_compute_json_matches_the_engine() -> None:
    r = calc("tech-transfer", "region=shijiazhuang", "amount=300万", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    # issue 11: province and city are alternatives for one contract (was 400000.00, both added)
    assert data["total"] == "200000.00" and data["unit"] == "元" and data["calculator"] == "tech-transfer"
    assert data["total_note"] == "按文件字面测算的最高额，不是承诺"
    assert data["totals"] == {"confirmed": "0.00", "unverified": "200000.00", "excluded": "0.00"}
    assert [(x["level"], x["amount"], x["source"], x["status"], x["counted"]) for x in data["lines"]] == [
        ("省级", "200000.00", "zb-04-02", "效力未核实", "unverified"),
        ("市级", "200000.00", "zb-04-04", "效力未核实", None)]
    assert data["ceiling"]["amount"] == "400000.00"
    assert data["lines"][0]["explanation"].startswith("技术合同实际交易额 300万元：100万元×10% + 200万元×5% = 20万元")
    engine = evaluate(load_calculators()["tech-transfer"], {"region": "shijiazhuang", "amount": "300万"})
    assert data == json.loads(json.dumps(result_to_json(engine), ensure_ascii=False))
    assert set(data) >= {"calculator", "title", "total", "unit", "lines", "conditions", "warnings"}


@pytest.mark.parametrize(
    ("args", "total"),
    [
        (["rd-deduction", "personnel=100万", "other=20万"], "1111111.11"),
        (["jbgs", "program=shijiazhuang", "amount=1000万"], "4000000.00"),
        (["county-leap-award", "a_top3=true", "b_to_a=true"], "5000000.00"),
        (["high-tech-award", "region=changan"], "150000.00"),  # issue 11: no 省级 10万 from 廊坊's draft
        (["loan-interest", "interest=３００，０００", "first_loan=是"], "210000.00"),
    ],
)
def test_compute_totals(args: list[str], total: str) -> None:
    r = calc(*args, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == total


def test_text_output_has_working_sources_and_warnings() -> None:
    r = calc("rd-growth-subsidy", "region=langfang", "increase=400万", "rd_total=6000万", "listed=true")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    # issue 11: three labelled figures, never one 合计; every line's money is 不计入 here (an ended period, a
    # draft), and the alternatives are not added (the 上限情形 is apart)
    assert "合计" not in out
    assert "  可确认：0元" in out and "  待核实：0元" in out and "  不计入：60万元" in out
    assert "上限情形" in out and "120万元" in out
    assert "[省级] 省级企业研发投入后补助：40万元　未计入（备选）" in out
    assert "[市级] 廊坊市研发投入奖励（年度研发投入1%）：60万元　不计入" in out
    assert "依据：廊坊市科技强市实施意见（征求意见稿）" in out
    assert "lf-15" not in out and "zb-05-07" not in out  # titles, never ids
    assert "征求意见稿" in out and "期限已过" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["tech-transfer"], "请填写“技术合同实际交易额”（amount）"),
        (["tech-transfer", "amount=-5"], "负数"),
        (["tech-transfer", "amount=abc"], "不是金额"),
        (["tech-transfer", "amount=1e5"], "不是金额"),
        (["tech-transfer", "amount=99999999999999"], "10万亿元"),
        (["tech-transfer", "amount"], "应写成 名称=值"),
        (["tech-transfer", "amount=1", "amount=2"], "写了两次"),
        (["tech-transfer", "amount=1", "size=2"], "没有名为 size 的输入项"),
        (["no-such-calculator"], "没有名为 no-such-calculator 的计算器"),
        (["jbgs", "amount=100万", "kind=both"], "research"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: list[str], says: str) -> None:
    r = calc(*args)
    assert r.returncode == 2
    assert says in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_decimal_exactness_through_json() -> None:
    r = calc("loan-interest", "interest=0.05", "--json")
    assert Decimal(json.loads(r.stdout)["total"]) == Decimal("0.03")
