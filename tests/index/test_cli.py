"""``main.py search`` and ``main.py index`` end to end (subprocess, isolated data directory)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def test_search_json_shape() -> None:
    r = run("search", "揭榜挂帅", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"query", "total", "hits", "facets", "suggestions"} <= set(data)
    assert data["query"] == "揭榜挂帅" and data["total"] >= len(data["hits"]) > 0
    hit = data["hits"][0]
    assert {"id", "document_id", "title", "path", "snippet", "score"} <= set(hit)
    assert "<mark>揭榜挂帅</mark>" in "".join(h["snippet"] for h in data["hits"])
    assert set(data["facets"]) >= {"level", "region", "topic", "document", "status"}
    assert isinstance(data["suggestions"], list)


def test_search_filters_and_limit() -> None:
    r = run("search", "补助", "--level", "省级", "--limit", "3", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data["hits"]) <= 3
    assert all(h["level"] == "省级" for h in data["hits"])


def test_bad_filter_value_is_a_clear_message_and_exit_2() -> None:
    r = run("search", "补助", "--level", "省")
    assert r.returncode == 2
    assert "--level 的值“省”不存在" in r.stderr and "省级" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("search", "补助", "--doc", "no-such-doc")
    assert r.returncode == 2 and "--doc" in r.stderr
    r = run("search", "补助", "--limit", "-1")
    assert r.returncode == 2 and "--limit" in r.stderr


def test_text_output_and_no_results() -> None:
    r = run("search", "高企 奖励")
    assert r.returncode == 0 and "找到" in r.stdout and "【" in r.stdout
    r = run("search", "区块链元宇宙")
    assert r.returncode == 0 and "没有找到" in r.stdout


def test_index_state_and_rebuild() -> None:
    r = run("index", "--rebuild")
    assert r.returncode == 0, r.stderr
    assert "搜索索引已重建" in r.stdout and "条措施" in r.stdout
    r = run("index")
    assert r.returncode == 0 and "已是最新" in r.stdout


def test_content_dir_option(tmp_path: Path) -> None:
    r = run("--content-dir", str(tmp_path / "missing"), "search", "x")
    assert r.returncode == 2 and "找不到内容目录" in r.stderr
