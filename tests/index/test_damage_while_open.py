"""Index files damaged while an engine has them open: never a crash, never a wrong "no results".

Each case runs in a subprocess, because the failure this guards against (a memory-mapped file cut
short) kills the whole process with SIGBUS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import index
from index.store import SearchIndexError
from tests.index.conftest import tiny_handbook

idir, victim, how = Path(sys.argv[2]), sys.argv[3], sys.argv[4]
hb = tiny_handbook()
eng = index.open_engine(hb, idir)
before = eng.matching_ids("专项资金")
eng.search("揭榜挂帅")
f = next(p for p in sorted(eng.path.iterdir()) if p.name.endswith(victim))
data = f.read_bytes()
if not data:
    print(json.dumps({"empty": True}))
    sys.exit(0)
if how == "truncate":
    with f.open("r+b") as fh:   # in place: the open file itself shrinks
        fh.truncate(len(data) // 3)
else:                            # same size, garbage from the middle on
    with f.open("r+b") as fh:
        fh.seek(len(data) // 4)
        fh.write(bytes((b ^ 0xA5) for b in data[len(data) // 4:]))
out = {"before": before}
for q in ["专项资金", "揭榜挂帅", "1000万元", "zhuyinghua", "高企 奖励"]:
    try:
        r = eng.search(q)
        out[q] = {"total": r.total, "ids": eng.matching_ids(q)}
    except SearchIndexError as exc:
        out[q] = {"error": str(exc)}
eng.close()
print(json.dumps(out, ensure_ascii=False))
"""

VICTIMS = [".pst", ".trm", "_stored.col", "verify.bin", "verify.idx", "facets.bin", "tree.json", "vocab.json"]


@pytest.mark.parametrize("how", ["truncate", "garble"])
@pytest.mark.parametrize("victim", VICTIMS)
def test_damage_while_open(tmp_path: Path, victim: str, how: str) -> None:
    env = dict(os.environ, PYTHONFAULTHANDLER="1")
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(tmp_path / "ix"), victim, how],
                          capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert proc.returncode == 0, f"crashed ({proc.returncode}): {proc.stderr[-2000:]}"
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if out.get("empty"):
        pytest.skip(f"{victim} is empty in the small test index")
    assert out["before"], "the query found something before the damage"
    for q, r in out.items():
        if q == "before":
            continue
        if "error" in r:
            assert "索引" in r["error"]  # a typed, Chinese error: the window switches to the scan
        else:  # an answer after damage must be the right one, never a wrong "no results"
            assert r["total"] > 0, (q, r)
    # the first query after damage to a file read on demand is refused
    if victim in (".pst", ".trm", "_stored.col"):
        assert "error" in out["专项资金"]
