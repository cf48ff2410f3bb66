"""A 50 MB measure (a pasted annex, a broken import) must not hang searching: snippets and ranking
look at a bounded stretch of it.  Run in a subprocess with a time limit (a hang guard, not a
benchmark)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import dataclasses, json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import index
from content.model import Handbook
from tests.index.conftest import tiny_handbook

hb = tiny_handbook()
doc = hb.documents[0]
part = doc.parts[0]
huge_text = ("科技型中小企业研发费用加计扣除，" * 2_000_000) + "独一无二的结尾词。"  # about 50 MB in UTF-8
huge = dataclasses.replace(part.measures[0], id="t-huge", title="附件全文", text=huge_text)
part = dataclasses.replace(part, measures=(*part.measures, huge))
hb = Handbook(documents=(dataclasses.replace(doc, parts=(part,)),))
assert len(huge_text.encode("utf-8")) > 45_000_000
eng = index.open_engine(hb, Path(sys.argv[2]))
out = {}
for q in ["研发费用", "独一无二的结尾词", "附件全文 加计扣除", "揭榜挂帅"]:
    r = eng.search(q)
    out[q] = {"ids": [h.id for h in r.hits], "snippets": [len(h.snippet) for h in r.hits]}
eng.close()
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.slow
def test_a_50_mb_measure_does_not_hang_search(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(tmp_path / "ix")], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "t-huge" in out["研发费用"]["ids"]
    assert out["独一无二的结尾词"]["ids"] == ["t-huge"]  # the very end of the text is still found
    assert "t-huge" in out["附件全文 加计扣除"]["ids"]
    assert "t-huge" not in out["揭榜挂帅"]["ids"] and out["揭榜挂帅"]["ids"]
    assert max(n for r in out.values() for n in r["snippets"]) <= 120
