"""Start the window (``python main.py``) or render it to a PNG (``python main.py screenshot``).

Imports stay lazy: the window is shown before the search engine (whoosh) is imported or the
index is checked; that happens in a worker thread afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from content.console import program_name

EXIT_OK, EXIT_USAGE = 0, 2
STARTUP_PROBE_ENV = "KJZC_STARTUP_PROBE"


def _fail(message: str) -> int:
    print(f"{program_name()} screenshot: {message}", file=sys.stderr)
    return EXIT_USAGE


def _make_app() -> Any:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("科技政策一点通")
    app.setOrganizationName("kejizhengce-yidiantong")
    from ui.style import cjk_font, ensure_cjk_font_installed

    ensure_cjk_font_installed()  # a PC without any Chinese font still shows Chinese
    app.setFont(cjk_font())
    app.setStyle("Fusion")
    from ui.style import focus_ring_stylesheet
    from ui.translations import install_qt_translations

    install_qt_translations(app)  # Qt's file, print and message dialogs in Chinese
    app.setStyleSheet(focus_ring_stylesheet())  # a 2-px focus ring in every window and dialog
    from ui.plaintext import install

    install(app)  # every tooltip shows content as plain text
    from ui.about_dialog import app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName("kejizhengce-yidiantong")  # matches the .desktop entry of the Linux package
    return app


def load_content(content_dir: str | None) -> tuple[Any, list[str]]:
    """The content bundle, plus problems that prevented loading it at all (shown in the banner)."""
    from content.bundle import ContentLoadError, bundle_for, get_bundle
    from content.model import Handbook

    try:
        return get_bundle(content_dir or None), []
    except ContentLoadError as exc:
        return bundle_for(Handbook(documents=())), [f"内容目录无法读取：{exc}"]


def run_window(args: argparse.Namespace) -> int:
    """``python main.py``: the handbook window."""
    app = _make_app()
    from ui.errors import ExceptionHook

    hook = ExceptionHook()
    hook.install()
    from PySide6.QtCore import QTimer

    from content.appdirs import data_dir
    from ui.mainwindow import MainWindow
    from ui.settings import Settings

    bundle, problems = load_content(getattr(args, "content_dir", None))
    settings = Settings()
    problems = [p for p in (data_dir().problem, *settings.problems, *problems) if p]
    window = MainWindow(bundle, settings, load_problems=problems)
    hook.set_parent_widget(window)
    window.restore_layout()
    window.show()
    if os.environ.get(STARTUP_PROBE_ENV):
        # bench/startup_bench.py: report when the first frame has been processed, then quit.  On a real
        # display the window is mapped asynchronously: wait until it is exposed and painted.
        def probe() -> None:
            handle = window.windowHandle()
            if handle is not None and not handle.isExposed():
                QTimer.singleShot(1, probe)
                return
            print(f"KJZC_WINDOW_SHOWN {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    else:
        QTimer.singleShot(0, window.start_background_work)
        if getattr(args, "kiosk", False):
            QTimer.singleShot(0, window.kiosk.enter)  # asks staff to set a PIN first when there is none
    code = int(app.exec())
    hook.uninstall()
    return code


def _parse_size(text: str) -> tuple[int, int] | None:
    w, sep, h = text.lower().partition("x")
    if not sep or not w.isdigit() or not h.isdigit():
        return None
    width, height = int(w), int(h)
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        return None
    return width, height


def run_screenshot(args: argparse.Namespace) -> int:
    """``python main.py screenshot --out FILE.png …``: render the window offscreen to a PNG."""
    size = _parse_size(args.size or "1280x800")
    if size is None:
        return _fail(f"--size '{args.size}' must be WIDTHxHEIGHT, e.g. 1280x800 (320x240 … 7680x4320)")
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        return _fail(f"--out '{out}' must end in .png")
    if not out.parent.exists():
        return _fail(f"folder '{out.parent}' does not exist; create it or choose another --out")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _make_app()

    import secrets
    import tempfile

    from PySide6.QtGui import QPainter

    from content.appdirs import data_dir
    from ui.mainwindow import MainWindow
    from ui.pages import Page
    from ui.search import UNAVAILABLE, SearchController
    from ui.settings import Settings

    bundle, problems = load_content(getattr(args, "content_dir", None))
    hb = bundle.handbook
    if hb.documents == () and problems:
        return _fail(problems[0])
    problems = [p for p in (data_dir().problem, *problems) if p]
    with tempfile.TemporaryDirectory(prefix="kjzc-shot-") as tmp:
        # A fresh settings file: screenshots never depend on (or change) the user's bookmarks.
        settings = Settings(Path(tmp) / "settings.ini")
        from ui.search import search_statuses

        search = SearchController(hb, statuses=search_statuses(bundle))
        window = MainWindow(bundle, settings, search=search, load_problems=problems)
        window.resize(*size)
        window.show()
        terms: tuple[str, ...] = ()
        if args.search:
            state = search.prepare_blocking()
            window.search_box.setText(args.search)
            if state != UNAVAILABLE:
                result = search.search_blocking(args.search)
                terms = tuple(getattr(result, "terms", ()) or ())
        if args.open and args.panel not in ("compare", "calculator"):
            if hb.find(args.open) is None:
                return _fail(f"--open '{args.open}': no document, part or measure with this id "
                             f"(see '{program_name()} list')")
            window.open_page(Page("item", args.open, terms=terms))
        elif args.search and search.last_result is not None and search.last_result.hits and not args.panel:
            window.open_page(Page("item", search.last_result.hits[0].id, terms=terms))
        overlay = None
        if args.panel == "contacts":
            from ui.navigation import NavigationPane

            window.navigation.setCurrentIndex(NavigationPane.TAB_CONTACTS)
            if not args.open:
                # Show the person who handles the most measures (a full, representative page).
                entries = hb.directory()
                best = max(entries, key=lambda e: (bool(e.contact.person), len(e.measure_ids)), default=None)
                if best is not None:
                    row = entries.index(best)
                    window.navigation.contacts_view.selectRow(
                        window.navigation.contacts_proxy.mapFromSource(window.navigation.contacts_model.index(row, 0)).row())
                window.open_page(Page("contact", best.key) if best is not None else Page("contacts"))
        elif args.panel == "compare":
            comps = window._builder.comparisons
            comp_id = args.open or (comps[0].id if comps else "")
            if comp_id and window._builder.comparison(comp_id) is None:
                return _fail(f"--open '{comp_id}': no comparison with this id; known: "
                             + ", ".join(c.id for c in comps))
            window.open_page(Page("compare", comp_id))
        elif args.panel == "calculator":
            try:
                import ui.calculator_panel  # noqa: F401
            except ImportError:
                return _fail("the calculator panel (ui/calculator_panel.py) is not part of this build yet")
            if args.open and hb.find(args.open) is not None:
                window.open_page(Page("item", args.open))
                calc_ids = [c for c, _ in window._builder.calculators_for(args.open)]
                window.show_calculator(calc_ids[0] if calc_ids else "")
            else:
                window.show_calculator(args.open or "")
        elif args.panel == "profile":
            window.open_page(Page("profile"))
            if getattr(args, "profile", None):
                from content.profile.io import ProfileFileError, read_profile

                try:
                    window.profile_panel.set_profile(read_profile(Path(args.profile), window.profile_panel.schema))
                except ProfileFileError as exc:
                    return _fail(str(exc))
        elif args.panel == "cards":
            try:
                from ui.printing import CardDialog
            except ImportError:
                return _fail("the 明白卡 dialog (ui/printing) is not part of this build yet")
            item = window._current_item()
            pre = [item.id] if item is not None and hb.measure(item.id) is not None else []
            ids = [h.id for h in search.last_result.hits] if search.last_result is not None else []
            overlay = CardDialog(bundle, window, preselected_ids=pre, search_ids=ids)
            overlay.show()
        if args.presentation:  # F11 on what is open (a search stays active, its list is put away)
            window.set_presentation(True, fullscreen=False)
        if getattr(args, "kiosk", False):
            window.kiosk.ask_new_pin = lambda _first: secrets.token_hex(8)  # a throw-away settings file
            window.kiosk.enter(fullscreen=False)
        _settle(app)
        pixmap = window.grab()
        if overlay is not None:
            dlg = overlay.grab()
            painter = QPainter(pixmap)
            painter.fillRect(pixmap.rect(), _shade())
            x = max(0, (pixmap.width() - dlg.width()) // 2)
            y = max(0, (pixmap.height() - dlg.height()) // 2)
            painter.drawPixmap(x, y, dlg)
            painter.end()
        from content.safe_io import WriteError, replacing, verify_png

        try:
            with replacing(out, verify=verify_png) as png:
                if not pixmap.save(str(png), "PNG"):
                    raise WriteError(out, "other", f"未能写入 {out}；请检查文件夹是否可写")
        except WriteError as exc:
            return _fail(str(exc))
        window.kiosk.leave(ask=False)  # staff's PIN is not asked when the screenshot is done
        window.close()
        search.wait(5000)
    print(f"{out} ({pixmap.width()}x{pixmap.height()})")
    return EXIT_OK


def _shade() -> Any:
    from PySide6.QtGui import QColor

    return QColor(0, 0, 0, 70)


def _settle(app: Any, ms: int = 150) -> None:
    """Let layouts, timers and paints run before grabbing."""
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
