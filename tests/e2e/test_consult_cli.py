"""``main.py consult``: the 咨询登记 log from the command line (summary, export, delete all)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from content.consultations import FILE_NAME, ConsultationStore, MeasureRef, make_entry

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KJZC_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "consult", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def test_summary_export_and_delete_all(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    data = tmp_path / "data"
    data.mkdir()
    store = ConsultationStore.open(data / FILE_NAME)
    day = dt.datetime(2025, 6, 3, 9, 0)
    store.add(make_entry(enterprise="甲公司", person="保密联系人", measures=[MeasureRef("a", "揭榜挂帅项目支持")], now=day))
    store.add(make_entry(enterprise="乙公司", follow_up=True, measures=[MeasureRef("a", "揭榜挂帅项目支持")],
                         now=day + dt.timedelta(hours=1)))
    store.close()

    r = run(data=data)
    assert r.returncode == 0, r.stderr
    assert "咨询登记：2 条" in r.stdout
    assert "2025-06-03  2 人次，2 家企业，需回访 1；问得最多：揭榜挂帅项目支持" in r.stdout

    xlsx, csv_, summary = tmp_path / "登记.xlsx", tmp_path / "登记.csv", tmp_path / "汇总.csv"
    r = run("--xlsx", str(xlsx), "--csv", str(csv_), "--summary-csv", str(summary), data=data)
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(xlsx)["咨询登记"].iter_rows(min_row=2, values_only=True))
    assert [(row[2], row[3]) for row in rows] == [("甲公司", "保密联系人"), ("乙公司", None)]
    assert csv_.read_bytes().startswith(b"\xef\xbb\xbf") and "保密联系人" in csv_.read_text(encoding="utf-8-sig")
    assert "合计,2,2,1" in summary.read_text(encoding="utf-8-sig")

    r = run("--delete-all", data=data)
    assert r.returncode == 2 and "--yes" in r.stderr
    assert "保密联系人".encode() in (data / FILE_NAME).read_bytes()
    r = run("--delete-all", "--yes", data=data)
    assert r.returncode == 0 and "已删除全部 2 条" in r.stdout
    assert all("保密联系人".encode() not in p.read_bytes() for p in data.rglob("*") if p.is_file())


def test_unwritable_export_and_damaged_log_are_sentences(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / FILE_NAME).write_bytes(b"not sqlite at all" * 50)
    r = run("--xlsx", str(tmp_path), data=data)  # a folder: refused
    assert r.returncode == 1
    assert "已损坏" in r.stderr and "文件夹" in r.stderr and "Traceback" not in r.stderr
    assert len(list(data.glob(f"{FILE_NAME}.damaged-*"))) == 1
