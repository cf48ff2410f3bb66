"""The round trip of issue 17: build a pack from the content, verify it, install it into a fresh data
directory, and the search (the real index) finds the same results; a second version's removals are
still found, marked 已废止; rollback restores the previous version and its results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from content.bundle import load_bundle
from content.packs import store

TODAY = dt.date(2026, 12, 1)
QUERIES = ("揭榜挂帅", "jbgs", "高企", "300万", "研发费用加计扣除", "85889143", "科技型中小企业贷款贴息", "孵化器 奖励",
           "廊坊 创新联合体")


def _results(bundle: Any, index_dir: Path) -> dict[str, list[tuple[str, str, str]]]:
    from index.api import open_engine

    engine = open_engine(bundle.handbook, index_dir, rebuild=True)
    try:
        return {q: [(h.id, h.title, h.status) for h in engine.search(q, limit=50, statuses=bundle.status_map()).hits]
                for q in QUERIES}
    finally:
        engine.close()


@pytest.mark.slow
def test_build_verify_install_search_rollback(pack_maker: Any, tmp_path: Path) -> None:
    shipped = load_bundle(data_dir=tmp_path / "no-packs", today=TODAY)
    expected = _results(shipped, tmp_path / "index-shipped")
    assert all(expected[q] for q in QUERIES)  # every query finds something: the comparison means something

    root = pack_maker.root("r", shipped=["*"])
    p1 = pack_maker.build(root, pack_id="hebei", version=1, date="2026-01-05")
    v1 = pack_maker.verify(p1)  # signature and every file's hash
    assert v1.changelog.counts() == {"新增": 212, "修订": 0, "废止": 0}
    store.install(v1, pack_maker.data)  # a fresh data directory
    installed = load_bundle(data_dir=pack_maker.data, today=TODAY)
    assert {d.id for d in installed.handbook.documents} == {d.id for d in shipped.handbook.documents}
    assert all(installed.provenance(d).pack == "hebei" for d in installed.handbook.documents)
    got = _results(installed, tmp_path / "index-v1")
    assert got == expected

    # Version 2 removes one measure; search still finds it, marked 已废止.
    z = root / "data" / "sjz-zhaibian-2023.yaml"
    lines = z.read_text(encoding="utf-8").splitlines(keepends=True)
    a = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-06")
    e = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-07")
    z.write_text("".join(lines[:a] + lines[e:]), encoding="utf-8")
    p2 = pack_maker.build(root, pack_id="hebei", version=2, previous=p1, date="2026-03-01")
    pack_maker.install(p2)
    v2_bundle = load_bundle(data_dir=pack_maker.data, today=TODAY)
    after = _results(v2_bundle, tmp_path / "index-v2")
    hit = [h for h in after["科技型中小企业贷款贴息"] if h[0] == "zb-05-06"]
    assert hit and hit[0][2] == "已废止"
    assert after != expected

    assert store.rollback("hebei", pack_maker.data) == (2, 1)
    back = load_bundle(data_dir=pack_maker.data, today=TODAY)
    assert back.handbook.documents == installed.handbook.documents
    assert _results(back, tmp_path / "index-v2") == expected  # the same index folder, rebuilt for v1
