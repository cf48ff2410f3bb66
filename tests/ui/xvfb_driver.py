"""Drives the real window on an X server (run by tests/ui/test_xvfb_screens.py under xvfb-run).

Usage: python tests/ui/xvfb_driver.py STEP …   (KJZC_DATA_DIR holds settings.ini between runs)

The window is made as ``python main.py`` makes it (``ui.app._make_app``, ``restore_layout``, ``show``),
then each STEP runs and the last line printed is a JSON report of the window.  Steps:
``normal:WxH`` (un-maximize, resize), ``maximize``, ``search:TEXT``, ``open_first_hit``, ``calculator``,
``f11`` (the key, sent to the focus widget), ``focus_search``, ``key:NAME`` (a Qt key name sent to the
focus widget, e.g. ``key:PageDown``), ``compare``, ``report`` (print the report now), ``close`` (quit as the
user does: the layout is saved).  Screenshots: ``grab:FILE.png``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def settle(app: Any, ms: int = 200) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def report(app: Any, w: Any) -> dict[str, Any]:
    from PySide6.QtWidgets import QDockWidget

    screen = w.screen()
    focus = app.focusWidget()
    results = w.search_panel.results
    return {
        "platform": app.platformName(),
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "available": [screen.availableGeometry().width(), screen.availableGeometry().height()],
        "geometry": [w.x(), w.y(), w.width(), w.height()],
        "maximized": w.isMaximized(),
        "fullscreen": w.isFullScreen(),
        "presentation": w.presentation,
        "reader_width": w.reader.width(),
        "reader_visible": w.reader.isVisible(),
        "left_visible": w.left.isVisible(),
        "docks_visible": sorted(d.objectName() for d in w.findChildren(QDockWidget) if d.isVisible()),
        "focus": focus.objectName() if focus is not None else "",
        "focus_class": type(focus).__name__ if focus is not None else "",
        "scroll": w.reader.verticalScrollBar().value(),
        "scroll_max": w.reader.verticalScrollBar().maximum(),
        "zoom_label": w.zoom_label.text(),
        "search_text": w.search_box.text(),
        "results_current": results.currentIndex().row(),
        "toolbar_labels": w.toolbar_fitter.labels_shown,
        "overflowed": [a.objectName() for a in w.toolbar_fitter.overflowed],
    }


def main(steps: list[str]) -> int:
    import os

    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.app import _make_app, load_content
    from ui.mainwindow import MainWindow
    from ui.pages import Page
    from ui.search import SearchController, search_statuses
    from ui.settings import Settings

    app = _make_app()
    bundle, _ = load_content(None)
    settings = Settings()
    search = SearchController(bundle.handbook, statuses=search_statuses(bundle))
    w = MainWindow(bundle, settings, search=search)
    w.restore_layout()
    w.show()
    QTest.qWaitForWindowExposed(w, 5000)
    w.start_background_work()
    settle(app, 400)
    w.activateWindow()
    settle(app)

    def focus() -> Any:
        return app.focusWidget() or w

    for step in steps:
        name, _, arg = step.partition(":")
        if name == "normal":
            width, height = (int(x) for x in arg.split("x"))
            w.showNormal()
            w.setGeometry(0, 0, width, height)
        elif name == "maximize":
            w.showMaximized()
        elif name == "search":
            search.prepare_blocking()
            w.search_box.setFocus()
            w.search_box.setText(arg)
            search.search_blocking(arg)
        elif name == "open_first_hit":
            result = search.last_result
            w._on_search_panel_hit_activated(result.hits[0].id)
        elif name == "calculator":
            w.show_calculator("")
        elif name == "compare":
            w.open_page(Page("compare", w._builder.comparisons[0].id))
        elif name == "f11":
            QTest.keyClick(focus(), Qt.Key.Key_F11)
        elif name == "focus_search":
            w.search_box.setFocus(Qt.FocusReason.MouseFocusReason)
        elif name == "key":
            QTest.keyClick(focus(), getattr(Qt.Key, f"Key_{arg}"))
        elif name == "grab":
            settle(app, 300)
            w.grab().save(arg)
        elif name == "report":
            settle(app, 300)
            print(json.dumps(report(app, w), ensure_ascii=False), flush=True)
        elif name == "close":
            w.close()
            search.wait(5000)
            return 0
        else:
            print(f"unknown step {step}", file=sys.stderr)
            return 2
        settle(app)
    settle(app, 300)
    print(json.dumps(report(app, w), ensure_ascii=False), flush=True)
    w.close()
    search.wait(5000)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
