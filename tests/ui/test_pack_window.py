"""文件 → 导入内容包… and 回退内容包… in the window: verify, show publisher and changelog, install,
re-render with the new content (navigation, pages, search on the new content), 本次更新 on the home page,
provenance on every page; refused packs leave everything as it was."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui.pages import HOME, Page

pytestmark = pytest.mark.gui


def _snapshot(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file() and p.name != "settings.ini"}


def _versions(pack_maker: Any) -> tuple[Path, Path]:
    from pack_maker import doc_yaml

    root = pack_maker.root("r", shipped=["lf-kjqs.yaml", "sjz-zhaibian-2023.yaml"])
    p1 = pack_maker.build(root, pack_id="hebei", version=1, date="2026-01-05")
    (root / "data" / "lf-kjqs.yaml").unlink()
    (root / "data" / "n.yaml").write_text(doc_yaml("sjz-new-2026", [("new-01", "新设科技型企业奖励",
                                                                     "对新认定的科技型企业给予10万元奖励。")]),
                                          encoding="utf-8")
    z = root / "data" / "sjz-zhaibian-2023.yaml"
    z.write_text(z.read_text(encoding="utf-8").replace("按照实际支付利息的50%予以补助", "按照实际支付利息的60%予以补助"),
                 encoding="utf-8")
    p2 = pack_maker.build(root, pack_id="hebei", version=2, previous=p1, date="2026-03-01")
    return p1, p2


def _import(qtbot: Any, w: Any, pack: Path) -> Any:
    from ui.pack_dialog import PackInstallDialog

    flow = w.pack_flow()
    flow.choose_file = lambda parent, start: str(pack)
    flow.dialog = flow.message = None
    w.actions_by_name["import_pack"].trigger()
    qtbot.waitUntil(lambda: flow.dialog is not None or flow.message is not None, timeout=20000)
    assert flow.dialog is None or isinstance(flow.dialog, PackInstallDialog)
    return flow


def test_the_file_menu_has_import_and_rollback(make_window: Any) -> None:
    w = make_window()
    texts = [a.text() for a in w.menus["file"].actions()]
    assert "导入内容包…" in texts and "回退内容包…" in texts


def test_import_shows_publisher_and_changelog_then_installs_and_rerenders(qtbot: Any, make_window: Any,
                                                                          pack_maker: Any, fake_index: Any) -> None:
    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    w = make_window()
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=10000)
    assert w._hb.measure("new-01") is None
    w.navigation.setCurrentIndex(w.navigation.TAB_TOPICS)
    topics = w.navigation.topics_view.model()
    money = next(topics.index(r, 0).data() for r in range(topics.rowCount())
                 if topics.index(r, 0).data().startswith("资金奖补"))
    flow = _import(qtbot, w, p2)
    dlg = flow.dialog
    info = dlg.info.text()
    assert "hebei 第 2 版" in info and "河北省科学技术厅" in info and "校验通过" in info and "本机已安装第 1 版" in info
    log = dlg.changelog.toPlainText()
    assert "本次更新：新增 1 条、修订 1 条、废止 49 条" in log and "【废止】" in log and "新增：新设科技型企业奖励" in log
    assert dlg.install_button.isEnabled() and not dlg.problem.isVisible()
    with qtbot.waitSignal(flow.content_changed, timeout=20000):
        dlg.accept()
    # The window now shows the new content: navigation, home, pages, provenance.
    assert w._hb.measure("new-01") is not None
    model = w.navigation.contents_view.model()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "测试文件sjz-new-2026" in titles
    topics = w.navigation.topics_view.model()  # the tab showing is rebuilt at once
    after = next(topics.index(r, 0).data() for r in range(topics.rowCount())
                 if topics.index(r, 0).data().startswith("资金奖补"))
    assert after != money and int(after.strip("资金奖补（）")) == int(money.strip("资金奖补（）")) + 1
    w.open_page(HOME)
    home = w.reader.toPlainText()
    assert "本次更新：新增 1 条、修订 1 条、废止 49 条" in home and "内容包 hebei 第 2 版 · 河北省科学技术厅" in home
    html = w._builder.html(HOME)
    assert f'href="{Page("item", "zb-05-06").href()}"' in html  # links to the changed measures
    assert f'href="{Page("item", "sjz-new-2026").href()}"' in html  # and to a new document
    assert f'href="{Page("item", "lf-kjqs").href()}"' in html  # the removed document, kept readable
    w.open_page(Page("item", "new-01"))
    from ui.navigation import ROLE_HREF

    assert w.navigation.contents_view.currentIndex().data(ROLE_HREF) == Page("item", "new-01").href()
    text = w.reader.toPlainText()
    assert "内容来源：内容包 hebei 第 2 版（河北省科学技术厅，2026-03-01）" in text
    # A measure of the removed document stays readable, marked 已废止 with the date.
    w.open_page(Page("item", "lf-01"))
    text = w.reader.toPlainText()
    assert "已废止（2026-03-01 经河北省科学技术厅核实）" in text and "已删去本条目" in text
    assert "征集重大技术创新需求" in text
    # The search now runs on the new content (the window prepared the index for it).
    qtbot.waitUntil(lambda: w.search.state == "ready" and fake_index.engines[-1].hb is w._hb, timeout=20000)
    w.search_box.setText("新设科技型企业")
    qtbot.waitUntil(lambda: w.search.last_result is not None and any(h.id == "new-01" for h in w.search.last_result.hits),
                    timeout=10000)


def test_every_document_page_says_where_it_came_from(qtbot: Any, make_window: Any, pack_maker: Any,
                                                     tmp_path: Path) -> None:
    """After an update: a shipped, a replaced, a new and a removed document each say their source on their
    page; the removed one stays readable with its status and date; the home page has the 本次更新 line."""
    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    w = make_window()
    flow = _import(qtbot, w, p2)
    with qtbot.waitSignal(flow.content_changed, timeout=20000):
        flow.dialog.accept()

    def page(item_id: str) -> str:
        w.open_page(Page("item", item_id))
        return w.reader.toPlainText().replace("内容来源\n", "内容来源：")  # a document's facts are a table

    assert "内容来源：随软件" in page("changan-mingbaika")
    assert "内容来源：内容包 hebei 第 2 版（河北省科学技术厅，2026-03-01），取代随软件的版本" in page("sjz-zhaibian-2023")
    assert "内容来源：内容包 hebei 第 2 版（河北省科学技术厅，2026-03-01）" in page("sjz-new-2026")
    removed = page("lf-kjqs")
    assert "已废止（2026-03-01 经河北省科学技术厅核实）" in removed and "内容来源：" in removed
    measure = page("lf-01")
    assert "已废止（2026-03-01 经河北省科学技术厅核实）" in measure and "征集重大技术创新需求" in measure
    w.reader.grab().save(str(tmp_path / "removed.png"))
    w.open_page(HOME)
    assert "本次更新：新增 1 条、修订 1 条、废止 49 条" in w.reader.toPlainText()
    w.grab().save(str(tmp_path / "home.png"))


def test_rollback_from_the_window(qtbot: Any, make_window: Any, pack_maker: Any) -> None:
    from ui.pack_dialog import RollbackDialog

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    pack_maker.install(p2)
    w = make_window()
    flow = w.pack_flow()
    w.actions_by_name["rollback_pack"].trigger()
    dlg = flow.dialog
    assert isinstance(dlg, RollbackDialog) and "hebei 第 2 版" in dlg.list.item(0).text()
    assert "退回第 1 版" in dlg.list.item(0).text()
    with qtbot.waitSignal(flow.content_changed, timeout=20000):
        dlg.accept()
    assert w._hb.measure("new-01") is None and w._bundle.provenance("lf-01").version == 1
    w.open_page(HOME)
    assert "已把内容包 hebei 从第 2 版退回到第 1 版" in w.reader.toPlainText()


def test_rollback_under_a_city_pack_that_needs_it_is_refused(qtbot: Any, make_window: Any, pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    pack_maker.install(p2)
    root = pack_maker.root("city", files={"data/c.yaml": doc_yaml("city-doc", [("city-1", "市级措施", "正文")])})
    pack_maker.install(pack_maker.build(root, pack_id="sjz", version=1, layer="city", requires=[("hebei", 2)]))
    before = _snapshot(pack_maker.data)
    w = make_window()
    hb = w._hb
    flow = w.pack_flow()
    w.actions_by_name["rollback_pack"].trigger()
    assert flow.dialog.list.item(0).data(Qt.ItemDataRole.UserRole) == "hebei"  # the province pack, chosen
    flow.message = None
    flow.dialog.accept()
    qtbot.waitUntil(lambda: flow.message is not None, timeout=20000)
    text = flow.message.text()
    assert "需要“hebei”第 2 版或更新" in text and "请先回退“sjz”" in text and "已有内容没有改动" in text
    assert _snapshot(pack_maker.data) == before and w._hb is hb


@pytest.mark.parametrize("damage", ["byte", "unsigned", "wrong-key"])
def test_a_refused_pack_changes_nothing(qtbot: Any, make_window: Any, pack_maker: Any, tmp_path: Path,
                                        damage: str) -> None:
    from content.packs.signing import keygen

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    bad = tmp_path / "bad.zip"
    if damage == "wrong-key":
        pack_maker.key = tmp_path / "other.pem"
        keygen(pack_maker.key, "冒名单位")
        bad = pack_maker.build(pack_maker.tmp / "r", pack_id="hebei", version=3, previous=None)
    else:
        with zipfile.ZipFile(p2) as zin, zipfile.ZipFile(bad, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if damage == "unsigned" and info.filename == "signature.ed25519":
                    continue
                if damage == "byte" and info.filename == "content/data/n.yaml":
                    data = data[:50] + bytes([data[50] ^ 1]) + data[51:]
                zout.writestr(info.filename, data)
    before = _snapshot(pack_maker.data)
    w = make_window()
    hb = w._hb
    flow = _import(qtbot, w, bad)
    assert flow.dialog is None and flow.message is not None
    text = flow.message.text()
    expected = {"byte": "已被改动", "unsigned": "没有签名", "wrong-key": "签名无效"}[damage]
    assert expected in text and "已有内容没有改动" in text and "Traceback" not in text
    assert _snapshot(pack_maker.data) == before and w._hb is hb


def test_a_pack_that_needs_a_newer_province_pack_cannot_be_installed(qtbot: Any, make_window: Any,
                                                                     pack_maker: Any) -> None:
    from pack_maker import doc_yaml

    root = pack_maker.root("city", files={"data/c.yaml": doc_yaml("city-doc", [("city-1", "市级措施", "正文")])})
    city = pack_maker.build(root, pack_id="sjz", version=1, layer="city", requires=[("hebei", 2)])
    before = _snapshot(pack_maker.data)
    w = make_window()
    flow = _import(qtbot, w, city)
    dlg = flow.dialog
    assert dlg is not None and "需要：hebei 第 2 版或更新" in dlg.info.text()
    assert not dlg.install_button.isEnabled() and "需要先安装“hebei”第 2 版" in dlg.problem.text()
    dlg.reject()
    assert _snapshot(pack_maker.data) == before


def test_cancel_installs_nothing(qtbot: Any, make_window: Any, pack_maker: Any) -> None:
    p1, _p2 = _versions(pack_maker)
    before = _snapshot(pack_maker.data)
    w = make_window()
    flow = _import(qtbot, w, p1)
    flow.dialog.reject()
    qtbot.wait(50)
    assert _snapshot(pack_maker.data) == before and w._bundle.provenance("lf-01").shipped


def test_the_file_dialog_starts_on_a_usb_stick_when_there_is_one(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    import ui.pack_dialog as pd
    from ui.documents import documents_dir

    monkeypatch.setattr(pd, "removable_volumes", lambda: [])
    assert pd.default_pack_folder() == documents_dir()
    monkeypatch.setattr(pd, "removable_volumes", lambda: [tmp_path])
    assert pd.default_pack_folder() == tmp_path
    assert pd._removable("/media/user/U盘") and not pd._removable("/home/user")


def test_rollback_with_nothing_installed_says_so(make_window: Any) -> None:
    w = make_window()
    w.actions_by_name["rollback_pack"].trigger()
    assert w.pack_flow().message is not None and "没有安装内容包" in w.pack_flow().message.text()


def test_the_handbook_pdf_says_where_each_document_came_from(qapp: Any, pack_maker: Any, tmp_path: Path) -> None:
    import datetime as dt
    import subprocess

    from content.bundle import load_bundle
    from ui.printing import export_handbook_pdf

    p1, p2 = _versions(pack_maker)
    pack_maker.install(p1)
    pack_maker.install(p2)
    b = load_bundle(data_dir=pack_maker.data, today=dt.date(2026, 12, 1))

    def text(doc_id: str) -> str:
        out = tmp_path / f"{doc_id}.pdf"
        export_handbook_pdf(b, out, doc_id=doc_id)
        r = subprocess.run(["pdftotext", "-f", "1", "-l", "4", str(out), "-"], capture_output=True, text=True, check=True)
        return "".join(r.stdout.split())

    assert "内容来源：内容包hebei第2版（河北省科学技术厅，2026-03-01），取代随软件的版本" in text("sjz-zhaibian-2023")
    assert "内容来源：随软件" in text("changan-mingbaika")
    removed = text("lf-kjqs")
    assert "内容来源：已废止条目存档：内容包hebei第2版" in removed and "已废止（2026-03-01经河北省科学技术厅核实）" in removed


def test_new_content_while_the_index_is_being_built_is_built_next(qtbot: Any, handbook: Any,
                                                                   fake_index: Any) -> None:
    from content.model import Handbook
    from ui.search import BUILDING, READY, SearchController

    fake_index.state = "missing"
    fake_index.build_seconds = 0.6
    search = SearchController(handbook, backend_loader=fake_index.backend)
    search.start()
    qtbot.waitUntil(lambda: search.state == BUILDING, timeout=5000)
    smaller = Handbook(documents=handbook.documents[:2])
    search.set_handbook(smaller)
    qtbot.waitUntil(lambda: search.state == READY and fake_index.builds == 2, timeout=10000)
    assert fake_index.engines[-1].hb is smaller  # the engine in use searches the new content
    newer = Handbook(documents=handbook.documents[:1])
    search.set_handbook(newer)  # when ready: the index is prepared again (here: found, not rebuilt)
    qtbot.waitUntil(lambda: search.state == READY and fake_index.engines[-1].hb is newer, timeout=10000)
    assert fake_index.builds == 2
    search.close()
