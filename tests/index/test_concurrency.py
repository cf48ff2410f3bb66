"""Searching from a worker thread while another thread builds; two processes on one index."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import index
from tests.index.conftest import tiny_handbook

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["揭榜挂帅", "1000万元", "zhangtao", "高企 奖励", "科技 贷款", "专项资金"]


def test_search_in_one_thread_while_another_builds(tmp_path: Path) -> None:
    hb = tiny_handbook()
    eng = index.open_engine(hb, tmp_path / "a")
    expected = {q: eng.matching_ids(q) for q in QUERIES}
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        try:
            while not stop.is_set():
                for q in QUERIES:
                    assert eng.matching_ids(q) == expected[q]
                    eng.search(q)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=searcher)
    t.start()
    try:
        for i in range(3):
            gen = index.build_index(tiny_handbook(extra_text=f"第{i}版"), tmp_path / "b")
            assert gen.exists()
    finally:
        stop.set()
        t.join(30)
    eng.close()
    assert not errors, errors


def test_two_threads_share_one_engine(tmp_path: Path) -> None:
    eng = index.open_engine(tiny_handbook(), tmp_path / "a")
    expected = {q: [h.id for h in eng.search(q).hits] for q in QUERIES}
    results: list[bool] = []

    def run() -> None:
        for _ in range(20):
            for q in QUERIES:
                results.append([h.id for h in eng.search(q).hits] == expected[q])

    threads = [threading.Thread(target=run) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    eng.close()
    assert results and all(results)


_WORKER = """
import json, sys
sys.path.insert(0, {root!r})
from tests.index.conftest import tiny_handbook
import index
eng = index.open_engine(tiny_handbook(), __import__("pathlib").Path({idir!r}))
out = {{}}
for _ in range(30):
    for q in {queries!r}:
        out[q] = eng.matching_ids(q)
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.slow
def test_two_processes_search_and_build_the_same_index(tmp_path: Path) -> None:
    idir = tmp_path / "shared"
    code = _WORKER.format(root=str(ROOT), idir=str(idir), queries=QUERIES)
    # Both processes find no index, build it at the same time, then search it.
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(json.loads(out))
    assert outs[0] == outs[1]
    assert "t-8" in outs[0]["揭榜挂帅"]
    assert index.index_state(tiny_handbook(), idir) == "ok"
