"""``validity`` and ``verify`` end to end, statuses agreeing on every surface, one content load per
process, and a renamed cited id caught by ``check`` (issue: honest validity)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e
HB12_DATED = {"hb12-01", "hb12-02a", "hb12-02b", "hb12-03", "hb12-04", "hb12-05", "hb12-09", "hb12-10a",
              "hb12-11a", "hb12-10b", "hb12-11b", "hb12-12"}


def run(*args: str, data: Path, today: str = "2026-12-07", extra_env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KJZC_DATA_DIR": str(data), "KJZC_TODAY": today, "QT_QPA_PLATFORM": "offscreen",
           **(extra_env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=env)


def _validity(data: Path, today: str = "2026-12-07") -> dict[str, Any]:
    r = run("validity", "--json", data=data, today=today)
    assert r.returncode == 0, r.stderr
    out: dict[str, Any] = json.loads(r.stdout)
    return out


def test_validity_json_today(tmp_path: Path, handbook: Any) -> None:
    data = _validity(tmp_path)
    by_id = {m["id"]: m for m in data["measures"]}
    assert len(by_id) == 212
    assert not [m for m in by_id.values() if m["status"].startswith("现行")]
    expired = {i for i, m in by_id.items() if m["status"] == "期限已过"}
    doc_ids = {d.id: {m.id for m in d.all_measures()} for d in handbook.documents}
    assert expired == HB12_DATED | doc_ids["sjz-xianyu-yuesheng"] | doc_ids["sjz-gxq-jingnan"] | {"zb-05-07", "zb-10-01"}
    assert {i for i, m in by_id.items() if m["status"] == "征求意见稿"} == doc_ids["lf-kjqs"]
    rest = set(by_id) - expired - doc_ids["lf-kjqs"]
    assert all(by_id[i]["status"] == "效力未核实" and by_id[i]["status_reason"] for i in rest)
    assert data["summary"] == "文本录入 2026-11-23 · 效力核实 0/212"
    assert data["counts"] == {"现行": 0, "效力未核实": 97, "已修订": 0, "期限已过": 66, "征求意见稿": 49, "已废止": 0}


def test_verify_a_document_then_thirteen_months_later(tmp_path: Path, handbook: Any) -> None:
    r = run("verify", "sjz16", "--result", "现行", "--by", "石家庄市科学技术局政策法规科", "--method", "电话",
            "--date", "2026-12-01", data=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "覆盖 16 条措施，现在：现行 16 条" in r.stdout
    saved = (tmp_path / "verifications.yaml").read_text(encoding="utf-8")
    assert "target: sjz16" in saved and "不是文件原文" in saved
    after = {m["id"]: m for m in _validity(tmp_path)["measures"]}
    current = {i for i, m in after.items() if m["status"] == "现行"}
    assert current == {m.id for m in handbook.part("sjz16").all_measures()}
    assert after["sjz16-04"]["status_label"] == "现行（2026-12-01 经石家庄市科学技术局政策法规科核实）"
    later = {m["id"]: m for m in _validity(tmp_path, today="2028-01-01")["measures"]}
    assert not [i for i, m in later.items() if m["status"] == "现行"]
    assert "已超过12个月" in later["sjz16-04"]["status_reason"]


def test_export_and_import_between_two_pcs(tmp_path: Path) -> None:
    pc1, pc2 = tmp_path / "pc1", tmp_path / "pc2"
    pc1.mkdir()
    pc2.mkdir()
    assert run("verify", "zb-05-10", "--result", "已修订", "--by", "石家庄市科学技术局", "--ref", "石科规〔2026〕9号",
               data=pc1).returncode == 0
    out = tmp_path / "核实记录.yaml"
    r = run("verify", "--export", str(out), data=pc1)
    assert r.returncode == 0 and "已导出 1 条" in r.stdout
    r = run("verify", "--import", str(out), data=pc2)
    assert r.returncode == 0 and "已导入 1 条" in r.stdout, r.stdout + r.stderr
    assert run("verify", "--import", str(out), data=pc2).stdout.count("已导入 0 条") == 1  # no duplicates
    by_id = {m["id"]: m for m in _validity(pc2)["measures"]}
    assert by_id["zb-05-10"]["status"] == "已修订" and "石科规〔2026〕9号" in by_id["zb-05-10"]["status_reason"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("verify", "no-such-id", "--result", "现行", "--by", "某局"), "没有编号为“no-such-id”"),
        (("verify", "sjz16", "--result", "现行", "--by", "某局", "--date", "2027-01-01"), "晚于今天"),
        (("verify", "sjz16", "--result", "现行", "--by", "某局", "--date", "2026-13-01"), "YYYY-MM-DD"),
        (("verify", "sjz16", "--result", "已废止", "--by", "某局"), "替代文件"),
        (("verify", "sjz16", "--result", "现行"), "缺少--by 核实单位"),
        (("verify", "sjz16", "--result", "现行", "--by", "  "), "缺少--by 核实单位"),
        (("verify", "sjz16", "--result", "有效", "--by", "某局"), "“有效”不是可选值"),
    ],
)
def test_bad_verifications_are_refused_plainly(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    r = run(*args, data=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "verifications.yaml").exists()


def test_a_document_record_says_what_it_covers(tmp_path: Path) -> None:
    r = run("verify", "changan-mingbaika", "--result", "现行", "--by", "某局", data=tmp_path)
    assert r.returncode == 0
    assert "覆盖 39 条措施，现在：期限已过 12 条、现行 27 条" in r.stdout  # the dated 2022 items stay ended


def test_a_mistyped_today_is_refused(tmp_path: Path) -> None:
    r = run("validity", data=tmp_path, today="2026-02-30")
    assert r.returncode == 2 and "KJZC_TODAY" in r.stderr and "Traceback" not in r.stderr


def test_a_broken_verification_file_is_reported_not_lost(tmp_path: Path) -> None:
    f = tmp_path / "verifications.yaml"
    f.write_text("verifications:\n  - target: sjz16\n    date: 2026-12-01\n    office: 某局\n    method: 传真\n"
                 "    result: 现行\n", encoding="utf-8")
    r = run("check", data=tmp_path)
    assert r.returncode == 1
    assert "verifications.yaml:5: [method] 核实方式“传真”不在词表中" in r.stdout
    r = run("verify", "sjz16", "--result", "现行", "--by", "某局", data=tmp_path)
    assert r.returncode == 2 and "请先改正该文件" in r.stderr
    assert "传真" in f.read_text(encoding="utf-8")  # never overwritten


# ---------------------------------------------------------------------------------------------
# One status on every surface
# ---------------------------------------------------------------------------------------------
SAMPLES = {  # one measure of each status (sjz16-06 verified below), each on a 明白卡 and in a calculator
    "sjz16-06": "现行",
    "changan-1-2": "效力未核实",
    "hb12-02a": "期限已过",
    "lf-12": "征求意见稿",
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_every_surface_shows_the_same_status(tmp_path: Path, qapp: Any) -> None:
    assert run("verify", "sjz16-06", "--result", "现行", "--by", "石家庄市科学技术局", "--date", "2026-12-01",
               data=tmp_path).returncode == 0
    expected = {mid: st for mid, st in SAMPLES.items()}
    statuses = {m["id"]: m for m in _validity(tmp_path)["measures"]}
    assert {mid: statuses[mid]["status"] for mid in SAMPLES} == expected
    # search JSON
    for mid in SAMPLES:
        r = run("search", mid if mid.startswith("lf") else statuses[mid]["title"].split(" ", 1)[1][:8], "--json",
                "--limit", "50", data=tmp_path)
        hits = {h["id"]: h for h in json.loads(r.stdout)["hits"]}
        if mid in hits:
            assert hits[mid]["status"] == expected[mid], mid
            assert hits[mid]["status_label"] == statuses[mid]["status_label"]
    # calculator JSON: the high-tech award cites sjz16-06 (city) and changan-1-2 (district) in 长安区, and lf-12
    # (廊坊's draft) only for a 廊坊 enterprise (issue 11: never as a 省级 line for 石家庄)
    lines: dict[str, str] = {}
    for args in (["region=changan"], ["region=langfang", "first_listed=true"]):
        r = run("calc", "high-tech-award", *args, "--json", data=tmp_path)
        # each citation's status is the reader's; a line counts under the weakest of them (issue 11)
        lines.update({c["measure"]: c["status"] for ln in json.loads(r.stdout)["lines"] for c in ln["cited"]})
    for mid in ("lf-12", "sjz16-06", "changan-1-2"):
        assert lines[mid] == expected[mid], mid
    # the 明白卡, the hand-out list and the handbook PDF print the status
    cards = tmp_path / "cards.pdf"
    assert run("cards", "--ids", ",".join(SAMPLES), "--out", str(cards), data=tmp_path).returncode == 0
    listing = tmp_path / "list.pdf"
    assert run("cards", "--layout", "list", "--ids", ",".join(SAMPLES), "--out", str(listing),
               data=tmp_path).returncode == 0
    book = tmp_path / "book.pdf"
    assert run("export-pdf", "--out", str(book), data=tmp_path).returncode == 0
    for pdf in (cards, listing, book):
        text = _squash(_pdftotext(pdf))
        for mid, st in expected.items():
            label = _squash(statuses[mid]["status_label"])
            if pdf is listing:  # a narrow table column: the label wraps between other columns' lines
                assert f"状态：{st}" in text, (pdf.name, mid)
            else:
                assert label in text, (pdf.name, mid)
        assert "内容更新至" not in text
    # reader HTML and the compare page, from the same bundle the CLI used
    from content.bundle import load_bundle
    from ui.pagebuilder import PageBuilder
    from ui.pages import Page

    bundle = load_bundle(data_dir=tmp_path, today=dt.date(2026, 12, 7))
    builder = PageBuilder(bundle)
    for mid in expected:
        html = builder.html(Page("item", mid))
        assert statuses[mid]["status_label"] in html, mid
    compare = builder.html(Page("compare", "gaoqi"))
    for mid in ("sjz16-06", "changan-1-2", "hb12-02a", "lf-12"):
        assert expected[mid] in compare


def test_screen_and_print_name_the_same_issuer_for_every_measure(qapp: Any, bundle: Any) -> None:
    from PySide6.QtGui import QPdfWriter

    from ui.printing.cards import ListLayout
    from ui.printing.ops import Metrics
    from ui.printing.render import a4_page_layout
    from ui.render import render_measure

    hb = bundle.handbook
    writer = QPdfWriter(str(Path(os.environ["KJZC_DATA_DIR"]) / "x.pdf"))
    writer.setPageLayout(a4_page_layout())
    mx = Metrics(writer)
    layout = ListLayout(bundle, [m.id for m in hb.measures()])
    for m in hb.measures():
        screen = render_measure(bundle, m)
        printed = "".join(ln.text for ln in layout._cell_lines(mx, m)[0])
        assert m.issuer_text and m.issuer_text in screen, m.id
        assert _squash(printed).startswith(_squash(m.issuer_text)), (m.id, printed)


# ---------------------------------------------------------------------------------------------
# One content bundle: cross-references checked, content loaded once per process
# ---------------------------------------------------------------------------------------------
def _copy_content(dest: Path) -> Path:
    src = ROOT / "content"
    shutil.copytree(src / "data", dest)
    shutil.copytree(src / "calculators", dest / "calculators")
    shutil.copytree(src / "curated", dest / "curated")
    return dest


def test_renaming_a_cited_measure_is_a_check_error_with_file_and_line(tmp_path: Path) -> None:
    cdir = _copy_content(tmp_path / "content")
    f = cdir / "sjz-zhaibian-2023.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: zb-04-04\n", "id: zb-04-04x\n"), encoding="utf-8")
    r = run("--content-dir", str(cdir), "check", data=tmp_path)
    assert r.returncode == 1
    assert re.search(r"^tech-transfer\.yaml:\d+: \[source\] 计算器“tech-transfer”引用的措施“zb-04-04”不存在", r.stdout, re.M)
    assert re.search(r"^compare\.yaml:\d+: \[measures\] 比一比“chengguo-shourang”引用的措施“zb-04-04”不存在", r.stdout, re.M)
    # the other calculators still compute; the broken one is named, not silently empty
    r = run("--content-dir", str(cdir), "calc", "loan-interest", "interest=10万", data=tmp_path)
    assert r.returncode == 0 and "tech-transfer.yaml" in r.stderr


@pytest.mark.gui
def test_window_banner_shows_a_renamed_citation(qtbot: Any, tmp_path: Path) -> None:
    from content.bundle import load_bundle
    from ui.mainwindow import MainWindow
    from ui.search import SearchController
    from ui.settings import Settings

    cdir = _copy_content(tmp_path / "content")
    f = cdir / "sjz-zhaibian-2023.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: zb-04-04\n", "id: zb-04-04x\n"), encoding="utf-8")
    bundle = load_bundle(cdir, data_dir=tmp_path)
    w = MainWindow(bundle, Settings(tmp_path / "s.ini"),
                   search=SearchController(bundle.handbook, backend_loader=lambda: None))
    qtbot.addWidget(w)
    w.show()
    w.start_background_work()
    qtbot.waitUntil(lambda: w.banner.isVisible() and "tech-transfer.yaml" in w.banner.label.text(), timeout=5000)
    w.show_calculator("")
    panel = w._calc_panel
    assert panel is not None and len(panel._calcs) >= 20  # the others stay usable


LOAD_PROBE = """
import sys, os
sys.path.insert(0, {root!r})
import main
import content.bundle as cb
codes = []
for argv in {argvs!r}:
    codes.append(main.main(argv))
print("LOADS", cb.load_count, codes, file=sys.stderr)
"""


def test_content_is_loaded_once_per_process(tmp_path: Path) -> None:
    argvs = [["check"], ["list", "--json"], ["validity", "--json"], ["calc", "tech-transfer", "amount=300万"],
             ["search", "揭榜挂帅", "--json"], ["cards", "--ids", "hb12-01", "--out", str(tmp_path / "c.pdf")]]
    env = {**os.environ, "KJZC_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT), argvs=argvs)], capture_output=True,
                       text=True, timeout=300, env=env, cwd=ROOT)
    m = re.search(r"LOADS (\d+) \[(.*)\]", r.stderr)
    assert m, r.stderr[-2000:]
    assert m.group(1) == "1"
    assert m.group(2) == "0, 0, 0, 0, 0, 0"


@pytest.mark.gui
def test_window_loads_content_once(qtbot: Any, tmp_path: Path) -> None:
    import content.bundle as cb
    from ui.app import load_content
    from ui.mainwindow import MainWindow
    from ui.pages import Page
    from ui.search import SearchController
    from ui.settings import Settings

    cb.reset_for_tests()
    before = cb.load_count
    bundle, problems = load_content(None)
    assert not problems
    w = MainWindow(bundle, Settings(tmp_path / "s.ini"),
                   search=SearchController(bundle.handbook, backend_loader=lambda: None))
    qtbot.addWidget(w)
    w.show()
    w.start_background_work()
    w.open_page(Page("compare", "gaoqi"))
    w.show_calculator("tech-transfer")
    from ui.printing import CardDialog

    dlg = CardDialog(w._bundle, w)
    qtbot.addWidget(dlg)
    assert cb.load_count - before == 1
