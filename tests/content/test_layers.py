"""Installed content packs reach the content bundle in layers (shipped → province → city → county):
replacement is visible, two packs of one layer claiming an id is an error naming both, ids stay unique
across layers, every layer's calculators, 比一比 pages, tiles and verifications are used, removed
items stay readable as 已废止, and the content is still loaded once per process."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from content.bundle import get_bundle, load_bundle, reload_bundle, reset_for_tests
from content.validity import Status

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)
NEW_DOC = ("sjz-new-2026", [("new-01", "新设科技型企业奖励", "对新认定的科技型企业给予10万元奖励。")])


def _load(data: Path) -> Any:
    return load_bundle(data_dir=data, today=TODAY)


def _problems(b: Any) -> list[str]:
    return [str(e) for e in b.problems()]


def test_no_packs_means_the_shipped_content_as_before(_isolated_data_dir: Path) -> None:
    b = _load(_isolated_data_dir)
    assert len(b.handbook.documents) == 5 and len(b.handbook.measures()) == 212
    assert not b.documents_from and not b.archived and b.last_update is None
    assert b.provenance("lf-01").label() == "随软件"
    assert b.provenance("lf-01").to_json() == {"origin": "随软件", "label": "随软件"}


def test_a_pack_document_replaces_the_shipped_one_visibly(pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    root = pack_maker.root("r", shipped=["lf-kjqs.yaml"], files={"data/sjz-new-2026.yaml": doc_yaml(*NEW_DOC)})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = _load(pack_maker.data)
    assert not _problems(b)
    assert len(b.handbook.documents) == 6
    lf = b.provenance("lf-kjqs")
    assert (lf.pack, lf.version, lf.publisher, lf.replaces) == ("hebei", 1, "河北省科学技术厅", "随软件")
    assert lf.label() == "内容包 hebei 第 1 版（河北省科学技术厅，2026-05-01），取代随软件的版本"
    assert b.provenance("new-01").replaces == "" and b.provenance("new-01").pack == "hebei"
    assert b.provenance("zb-05-06").shipped  # untouched shipped documents stay 随软件
    # The replacing document is the pack's file, not the shipped one (same text here, other path).
    assert b.handbook.measure("new-01") is not None
    # Reading order: the shipped order first, the pack's new documents after.
    assert [d.id for d in b.handbook.documents][-1] == "sjz-new-2026"


def test_city_over_province_and_county_over_city(pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    def root(name: str, title: str) -> Path:
        return pack_maker.root(name, files={"data/x.yaml": doc_yaml("shared-doc", [("sd-1", title, "正文")])})

    pack_maker.install(pack_maker.build(root("p", "省级文本"), pack_id="hebei", version=1))
    pack_maker.install(pack_maker.build(root("c", "市级文本"), pack_id="sjz", version=1, layer="city"))
    b = _load(pack_maker.data)
    assert b.handbook.measure("sd-1").title == "市级文本"
    assert b.provenance("sd-1").replaces == "hebei 第 1 版"
    pack_maker.install(pack_maker.build(root("x", "区县文本"), pack_id="changan", version=1, layer="county"))
    b = _load(pack_maker.data)
    assert b.handbook.measure("sd-1").title == "区县文本" and b.provenance("sd-1").replaces == "sjz 第 1 版"
    assert [layer.provenance.pack for layer in b.layers] == ["", "hebei", "sjz", "changan"]


def test_two_packs_of_one_layer_claiming_an_id_is_an_error_naming_both(pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    lf = (ROOT / "content" / "data" / "lf-kjqs.yaml").read_text(encoding="utf-8")
    a = pack_maker.root("a", files={"data/lf-kjqs.yaml": lf.replace("征集重大技术创新需求", "甲市版本")})
    c = pack_maker.root("c", files={"data/lf-kjqs.yaml": lf.replace("征集重大技术创新需求", "乙市版本"),
                                    "data/own.yaml": doc_yaml("own-doc", [("own-1", "本市措施", "正文")])})
    pack_maker.install(pack_maker.build(a, pack_id="langfang", version=1, layer="city"))
    pack_maker.install(pack_maker.build(c, pack_id="sjz", version=1, layer="city"))
    b = _load(pack_maker.data)
    problems = _problems(b)
    hit = [p for p in problems if "lf-kjqs" in p]
    assert len(hit) == 1, problems
    assert "langfang 第 1 版" in hit[0] and "sjz 第 1 版" in hit[0] and "两者都未采用" in hit[0]
    assert "随软件" in hit[0]  # says which version still shows
    # Neither city wins: the shipped document stays, unchanged and marked 随软件.
    assert b.provenance("lf-kjqs").shipped
    assert "征集重大技术创新需求" in b.handbook.measure("lf-01").title
    assert b.handbook.measure("own-1") is not None  # the rest of the pack is used


def test_an_id_used_by_documents_of_two_layers_is_withheld_in_both(pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    root = pack_maker.root("r", files={"data/x.yaml": doc_yaml("other-doc", [("zb-05-06", "冒用编号", "正文"),
                                                                               ("ok-1", "正常措施", "正文")])})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = _load(pack_maker.data)
    hit = [p for p in _problems(b) if "zb-05-06" in p and "重复" in p]
    assert len(hit) == 1 and "sjz-zhaibian-2023.yaml:421" in hit[0] and "x.yaml（内容包 hebei 第 1 版）" in hit[0]
    assert b.handbook.measure("zb-05-06") is None  # neither copy wins
    assert b.handbook.measure("ok-1") is not None


@pytest.mark.parametrize("name", ["a.yaml", "z.yaml"])  # before and after the unchanged shipped file
def test_an_id_used_twice_inside_one_pack_is_withheld(pack_maker: Any, name: str) -> None:
    from pack_maker import doc_yaml

    root = pack_maker.root("r", shipped=["sjz-zhaibian-2023.yaml"],
                           files={f"data/{name}": doc_yaml("a-doc", [("zb-05-06", "冒用编号", "正文"), ("ok-1", "x", "y")])})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = _load(pack_maker.data)
    hit = [p for p in _problems(b) if "zb-05-06" in p and "重复" in p]
    assert hit and all("内容包 hebei 第 1 版" in h for h in hit) and any(name in h for h in hit)
    assert b.handbook.measure("zb-05-06") is None and b.handbook.measure("ok-1") is not None
    assert b.handbook.measure("zb-05-07") is not None and b.provenance("zb-05-07").pack == "hebei"


def test_every_layer_brings_calculators_compare_pages_tiles_and_verifications(pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    calc = (ROOT / "content" / "calculators" / "innovation-voucher.yaml").read_text(encoding="utf-8")
    new_calc = calc.replace("id: innovation-voucher", "id: pack-voucher", 1)
    assert new_calc != calc
    compare = ("comparisons:\n  - id: pack-compare\n    title: 包中的比一比\n    columns:\n"
               "      - {level: 市级, region: 石家庄市, measures: [new-01, zb-05-06]}\n")
    tiles = "tiles:\n  - {title: 包中的磁贴, hint: 新措施, target: 'item:new-01'}\n"
    records = ("verifications:\n  - {target: new-01, date: 2026-11-01, office: 石家庄市科学技术局政策法规科,"
               " method: 电话, result: 现行}\n")
    root = pack_maker.root("r", files={"data/n.yaml": doc_yaml(*NEW_DOC), "calculators/pack-voucher.yaml": new_calc,
                                       "curated/compare.yaml": compare, "curated/home.yaml": tiles,
                                       "verifications/checked.yaml": records})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = _load(pack_maker.data)
    assert not _problems(b)
    assert "pack-voucher" in b.calculators and "innovation-voucher" in b.calculators
    assert any(c.id == "pack-compare" for c in b.comparisons) and any(c.id == "gaoqi" for c in b.comparisons)
    assert any(t.target == "item:new-01" for t in b.tiles)
    v = b.status("new-01")
    assert v.status is Status.CURRENT and v.verification is not None and v.verification.origin == "hebei"


def test_a_pack_compare_page_citing_a_missing_measure_is_reported_with_its_pack(pack_maker: Any) -> None:
    compare = ("comparisons:\n  - id: broken\n    title: 坏的比一比\n    columns:\n"
               "      - {level: 市级, region: 石家庄市, measures: [no-such-measure]}\n")
    root = pack_maker.root("r", shipped=["lf-kjqs.yaml"], files={"curated/compare.yaml": compare})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = _load(pack_maker.data)
    hit = [p for p in _problems(b) if "no-such-measure" in p]
    assert hit and "内容包 hebei 第 1 版" in hit[0]
    assert not any(c.id == "broken" for c in b.comparisons)


def test_same_calculator_id_in_two_city_packs_is_an_error(pack_maker: Any) -> None:
    calc = (ROOT / "content" / "calculators" / "innovation-voucher.yaml").read_text(encoding="utf-8")
    for pid in ("sjz", "langfang"):
        root = pack_maker.root(pid, shipped=["lf-kjqs.yaml"], files={"calculators/innovation-voucher.yaml": calc})
        pack_maker.install(pack_maker.build(root, pack_id=pid, version=1, layer="city"))
    b = _load(pack_maker.data)
    hit = [p for p in _problems(b) if "innovation-voucher" in p and "两者都未采用" in p]
    assert hit and "sjz" in hit[0] and "langfang" in hit[0]
    assert "innovation-voucher" in b.calculators  # the shipped one stays


# ----------------------------------------------------------------------------------------------
# 废止: removed items stay readable, marked 已废止 with the date
# ----------------------------------------------------------------------------------------------
def _versions(pack_maker: Any) -> tuple[Path, Path]:
    """hebei v1 = all shipped content; v2 = without 廊坊 (whole) and without zb-05-06 (one measure)."""
    root = pack_maker.root("r", shipped=["*"])
    p1 = pack_maker.build(root, pack_id="hebei", version=1, date="2026-01-05")
    (root / "data" / "lf-kjqs.yaml").unlink()
    z = root / "data" / "sjz-zhaibian-2023.yaml"
    lines = z.read_text(encoding="utf-8").splitlines(keepends=True)
    a = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-06")
    e = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-07")
    z.write_text("".join(lines[:a] + lines[e:]), encoding="utf-8")
    p2 = pack_maker.build(root, pack_id="hebei", version=2, previous=p1, date="2026-03-01")
    return p1, p2


def test_repealed_measures_stay_readable_marked_with_status_and_date(pack_maker: Any) -> None:
    p1, p2 = _versions(pack_maker)
    v2 = pack_maker.verify(p2)
    assert v2.changelog.counts() == {"新增": 0, "修订": 0, "废止": 50}
    pack_maker.install(p1)
    pack_maker.install(p2)
    b = _load(pack_maker.data)
    assert not _problems(b)
    for mid in ("zb-05-06", "lf-01", "lf-3-5"):
        v = b.status(mid)
        assert v.status is Status.REPEALED, (mid, v)
        assert v.label == "已废止（2026-03-01 经河北省科学技术厅核实）"
        assert v.verification is not None and v.verification.ref == "内容包 hebei 第 2 版"
        assert v.verification.origin == "hebei"
    # lf-kjqs was a draft; removed by the pack it is 已废止, and the reason keeps what it was before.
    assert "此前：意见征集已于2023-05-27截止" in b.status("lf-01").reason
    # The repeal record is said once (the draft's reason had it as 另有核实记录 too).
    assert b.status("lf-01").reason.count(b.status("lf-01").verification.summary()) == 1  # type: ignore[union-attr]
    # The text is the previous version's, word for word.
    shipped = load_bundle(data_dir=pack_maker.tmp / "empty", today=TODAY).handbook
    assert b.handbook.measure("zb-05-06").text == shipped.measure("zb-05-06").text
    assert b.handbook.measure("lf-01").text == shipped.measure("lf-01").text
    prov = b.provenance("zb-05-06")
    assert prov.archived and (prov.repealed_in, prov.text_version) == (2, 1)
    assert prov.label() == "已废止条目存档：内容包 hebei 第 2 版（河北省科学技术厅，2026-03-01）删去，保留第 1 版原文"
    assert b.handbook.measure("zb-05-06").document_id == "sjz-zhaibian-2023-archive-1"
    assert "zb-05-06" in b.archived and "zb-05-07" not in b.archived
    # The live document no longer holds the measure; the shipped copy of 廊坊 does not show as live.
    live = b.handbook.document("sjz-zhaibian-2023")
    assert "zb-05-06" not in {m.id for m in live.all_measures()}
    assert b.provenance("lf-kjqs").archived


def test_a_pc_that_skips_a_version_still_knows_every_removal(pack_maker: Any) -> None:
    _p1, p2 = _versions(pack_maker)
    root = pack_maker.tmp / "r"
    p3 = pack_maker.build(root, pack_id="hebei", version=3, previous=p2, date="2026-04-01")
    assert pack_maker.verify(p3).changelog.counts() == {"新增": 0, "修订": 0, "废止": 0}
    pack_maker.install(p3)  # a fresh PC: never saw version 2
    b = _load(pack_maker.data)
    assert b.status("lf-01").status is Status.REPEALED and b.status("zb-05-06").status is Status.REPEALED
    assert b.status("lf-01").label == "已废止（2026-03-01 经河北省科学技术厅核实）"  # the date it was removed


def test_a_removed_measure_that_comes_back_is_live_again(pack_maker: Any) -> None:
    _p1, p2 = _versions(pack_maker)
    root = pack_maker.root("back", shipped=["*"])  # version 3 restores everything
    p3 = pack_maker.build(root, pack_id="hebei", version=3, previous=p2, date="2026-04-01")
    v3 = pack_maker.verify(p3)
    assert v3.changelog.counts()["新增"] == 50
    assert not any(n.startswith("content/archive/") for n in v3.files)
    pack_maker.install(p3)
    b = _load(pack_maker.data)
    assert not b.archived and b.status("zb-05-06").status is not Status.REPEALED


def test_rollback_restores_the_previous_version(pack_maker: Any) -> None:
    from content.packs import store

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    before = _load(pack_maker.data)
    pack_maker.install(p2)
    assert _load(pack_maker.data).status("lf-01").status is Status.REPEALED
    assert store.rollback("hebei", pack_maker.data) == (2, 1)
    after = _load(pack_maker.data)
    assert after.handbook.documents == before.handbook.documents
    assert after.status("lf-01") == before.status("lf-01")
    assert after.last_update is not None and after.last_update.action == "rollback"


def test_content_dir_shows_that_folder_alone(pack_maker: Any) -> None:
    root = pack_maker.root("r", shipped=["lf-kjqs.yaml"])
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    b = load_bundle(ROOT / "content" / "data", data_dir=pack_maker.data, today=TODAY)
    assert b.provenance("lf-01").shipped and len(b.layers) == 1 and b.provenance("lf-01").label() == "随软件"
    own = pack_maker.root("own", shipped=["lf-kjqs.yaml"])
    b = load_bundle(own / "data", data_dir=pack_maker.data, today=TODAY)
    assert len(b.layers) == 1 and b.provenance("lf-01").label() == f"内容文件夹 {own / 'data'}"


def test_last_update_is_read_for_the_home_page(pack_maker: Any) -> None:
    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    pack_maker.install(p2)
    u = _load(pack_maker.data).last_update
    assert u is not None and (u.action, u.pack, u.version, u.previous) == ("install", "hebei", 2, 1)
    assert u.changelog is not None and u.changelog.summary() == "新增 0 条、修订 0 条、废止 50 条"


def test_reload_gives_a_fresh_bundle_and_replaces_the_shared_one(pack_maker: Any) -> None:
    import content.bundle as cb

    reset_for_tests()
    first = get_bundle(data_dir=pack_maker.data)
    before = cb.load_count
    assert get_bundle(data_dir=pack_maker.data) is first and cb.load_count == before
    pack_maker.install(pack_maker.build(pack_maker.root("r", shipped=["lf-kjqs.yaml"]), pack_id="hebei", version=1))
    fresh = reload_bundle(first)
    assert cb.load_count == before + 1
    assert get_bundle(data_dir=pack_maker.data) is fresh and fresh.provenance("lf-01").pack == "hebei"
    reset_for_tests()


LOAD_PROBE = """
import sys
sys.path.insert(0, {root!r})
import main
import content.bundle as cb
codes = [main.main(argv) for argv in {argvs!r}]
print("LOADS", cb.load_count, codes, file=sys.stderr)
"""


@pytest.mark.e2e
def test_with_packs_installed_content_is_still_loaded_once_per_process(pack_maker: Any, tmp_path: Path) -> None:
    from pack_maker import doc_yaml

    root = pack_maker.root("r", shipped=["lf-kjqs.yaml"], files={"data/n.yaml": doc_yaml(*NEW_DOC)})
    pack_maker.install(pack_maker.build(root, pack_id="hebei", version=1))
    argvs = [["check"], ["list", "--json"], ["show", "new-01", "--json"], ["search", "新设科技型企业", "--json"]]
    env = {**os.environ, "KJZC_DATA_DIR": str(pack_maker.data)}
    r = subprocess.run([sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT), argvs=argvs)], capture_output=True,
                       text=True, timeout=300, env=env, cwd=ROOT)
    assert "LOADS 1 [0, 0, 0, 0]" in r.stderr, r.stderr[-2000:]
    shown = json.loads(r.stdout[r.stdout.index('{\n "id": "new-01"'):r.stdout.index("\n}\n", r.stdout.index(
        '{\n "id": "new-01"')) + 2])
    assert shown["provenance"]["pack"] == "hebei" and shown["provenance"]["publisher"] == "河北省科学技术厅"
    assert '"id": "new-01"' in r.stdout.split('"query"')[-1]  # search finds the pack's measure


def test_list_and_show_json_say_where_each_document_came_from(pack_maker: Any, capsys: Any) -> None:
    import argparse

    from content.cli import run_list, run_show

    pack_maker.install(pack_maker.build(pack_maker.root("r", shipped=["lf-kjqs.yaml"]), pack_id="hebei", version=1))
    reset_for_tests()
    try:
        assert run_list(argparse.Namespace(json=True, content_dir=None)) == 0
        docs = {d["id"]: d for d in json.loads(capsys.readouterr().out)["documents"]}
        assert docs["lf-kjqs"]["provenance"] == {
            "origin": "内容包", "pack": "hebei", "publisher": "河北省科学技术厅", "version": 1, "date": "2026-05-01",
            "layer": "province", "replaces": "随软件",
            "label": "内容包 hebei 第 1 版（河北省科学技术厅，2026-05-01），取代随软件的版本"}
        assert docs["lf-kjqs"]["measures"][0]["provenance"]["pack"] == "hebei"
        assert docs["changan-mingbaika"]["provenance"]["origin"] == "随软件"
        assert run_show(argparse.Namespace(json=False, content_dir=None, id="lf-01")) == 0
        assert "内容来源：内容包 hebei 第 1 版（河北省科学技术厅，2026-05-01）" in capsys.readouterr().out
    finally:
        reset_for_tests()


def test_layered_content_is_read_back_from_the_compiled_cache(pack_maker: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import content.layers as layers
    from content.bundle import cached_search_facts
    from content.compiled import content_digest

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    first = _load(pack_maker.data)
    calls: list[int] = []
    real = layers.merge_documents
    monkeypatch.setattr(layers, "merge_documents", lambda ls: (calls.append(1), real(ls))[1])
    again = _load(pack_maker.data)
    assert calls == [] and again.handbook == first.handbook  # read back, not parsed and merged again
    assert again.provenance("lf-01") == first.provenance("lf-01") and again.archived == first.archived
    facts = cached_search_facts(data_dir=pack_maker.data)
    if facts is not None:  # the CLI search's shortcut finds the index of the layered content
        assert facts[0] == content_digest(again.handbook)
    pack_maker.install(p2)  # another version: another key
    third = _load(pack_maker.data)
    assert calls == [1] and third.status("lf-01").status is Status.REPEALED
    assert _load(pack_maker.data).handbook == third.handbook and calls == [1]
