"""The window with the real ``index`` package: a corrupt index is rebuilt in the background while the
window stays usable, then search as you type works (Chinese input-method commits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ui.pages import Page

pytestmark = pytest.mark.gui
index = pytest.importorskip("index")


def test_corrupt_index_rebuilt_in_background_then_search_works(qtbot: Any, tmp_path: Path, handbook: Any,
                                                               make_window: Any) -> None:
    from ui.search import load_backend

    idir = tmp_path / "index"
    gen = index.build_index(handbook, idir)
    # Damage the index: truncate its largest file.
    victim = max((p for p in Path(gen).rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 3])
    assert index.index_state(handbook, idir) == "corrupt"

    w = make_window(backend_loader=lambda: load_backend(idir))
    qtbot.waitUntil(lambda: w.search.state in ("building", "ready"), timeout=10000)
    # Usable while the index is rebuilt.
    w.open_page(Page("item", "changan-1-2"))
    assert "壮大高新技术企业" in w.reader.toPlainText()
    with qtbot.waitSignal(w.search.results_ready, timeout=30000) as blocker:
        ev = QInputMethodEvent()
        ev.setCommitString("创新券")
        QApplication.sendEvent(w.search_box, ev)
    if w.search.state != "ready":  # answered by the scan while the index is rebuilt
        assert w.search.fallback_reason and {"zb-05-09", "zb-05-10"} <= {h.id for h in blocker.args[0].hits}
        qtbot.waitUntil(lambda: w.search.state == "ready", timeout=30000)
        with qtbot.waitSignal(w.search.results_ready, timeout=10000) as blocker:
            w.search.search_now()
    result = blocker.args[0]
    assert w.search.state == "ready" and not w.search.fallback_reason
    assert index.index_state(handbook, idir) == "ok"
    ids = [h.id for h in result.hits]
    # Both 创新券 items of the 摘编 (content/sources/002…txt, 五、9 and 10) are found.
    assert "zb-05-09" in ids and "zb-05-10" in ids
    assert "创新券" in result.terms
    # Enter opens the first hit with the terms highlighted.
    with qtbot.waitSignal(w.page_opened, timeout=3000) as opened:
        w.search_box.returnPressed.emit()
    assert opened.args[0].arg == ids[0]
    assert "background-color:#ffe27a" in w.reader.current_html()


def test_best_bets_above_the_hits(qtbot: Any, tmp_path: Path, handbook: Any, make_window: Any) -> None:
    from ui.search import load_backend

    idir = tmp_path / "index"
    index.build_index(handbook, idir)
    w = make_window(backend_loader=lambda: load_backend(idir))
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=20000)
    with qtbot.waitSignal(w.search.results_ready, timeout=10000):
        ev = QInputMethodEvent()
        ev.setCommitString("揭榜挂帅找谁")
        QApplication.sendEvent(w.search_box, ev)
    bets = w.search_panel.bets
    assert bets.isVisible()
    text = bets.text()
    assert "item:hb12-10b" in text or "item:sjz16-03" in text  # a 揭榜挂帅 item printing its contacts
    assert "calc:jbgs" in text and "compare:jiebang" in text
    w.search_panel.bets.linkActivated.emit("calc:jbgs")
    assert w.calc_dock.isVisible()
