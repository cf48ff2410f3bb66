"""CLI verbs ``cards`` and ``export-pdf``: PDFs from the command line, no window needed.

Bad input (unknown ids, an unreadable header file, an unwritable output) gives one line on stderr
and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from content.bundle import ContentBundle
from content.console import program_name

EXIT_OK, EXIT_USAGE = 0, 2


def ensure_app() -> object:
    """The running Q(Gui)Application, or a new QGuiApplication (offscreen on Linux)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is not None:
        return app
    # The verbs only write files: on Linux never depend on a display (or on xcb's libraries).
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QGuiApplication([sys.argv[0] if sys.argv else "main.py"])


def _load(args: argparse.Namespace, verb: str) -> ContentBundle | None:
    from content.bundle import ContentLoadError, get_bundle

    cdir = getattr(args, "content_dir", None)
    try:
        return get_bundle(Path(cdir) if cdir else None)
    except ContentLoadError as exc:
        print(f"{program_name()} {verb}: {exc}", file=sys.stderr)
        return None


def run_cards(args: argparse.Namespace) -> int:
    """``cards [--layout L] [--query Q | --ids ID,…] [--header-file F] [--notes] [--out FILE.pdf]``."""
    from ui.printing.errors import PrintError, SelectionError
    from ui.printing.model import load_header_file, parse_ids, query_ids

    bundle = _load(args, "cards")
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    layout = getattr(args, "layout", None) or "mingbai"
    out = Path(getattr(args, "out", None) or "mingbai.pdf")
    try:
        ids: list[str] | None = None
        if getattr(args, "ids", None) is not None:
            ids = parse_ids(hb, args.ids)
        elif getattr(args, "query", None) is not None:
            ids, how = query_ids(hb, args.query)
            if how == "substring":
                print(f"{program_name()} cards: 搜索索引不可用，已按文字匹配选取措施",
                      file=sys.stderr)
            if not ids:
                raise SelectionError(f"没有措施匹配“{args.query}”；请换个词，或用 --ids 指定")
        header = load_header_file(Path(args.header_file)) if getattr(args, "header_file", None) else None
        ensure_app()
        from ui.printing.render import write_cards_pdf

        report = write_cards_pdf(bundle, out, layout=layout, ids=ids, header=header,
                                 notes=bool(getattr(args, "notes", False)))
    except PrintError as exc:
        print(f"{program_name()} cards: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{out}: " + " ".join(report.summary_lines()))
    return EXIT_OK


def run_export_pdf(args: argparse.Namespace) -> int:
    """``export-pdf [--doc ID] [--no-notes] --out FILE.pdf``: the handbook, or one document or part, as PDF."""
    from ui.printing.errors import PrintError

    bundle = _load(args, "export-pdf")
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    out = Path(args.out)
    doc = getattr(args, "doc", None) or None
    try:
        if doc is not None:
            found = hb.find(doc)
            if found is None or not hasattr(found, "parts"):
                from ui.printing.errors import SelectionError

                raise SelectionError(f"没有编号为“{doc}”的文件或部分；编号见 {program_name()} list")
        ensure_app()
        from ui.printing.handbook_pdf import export_handbook_pdf

        pages = export_handbook_pdf(bundle, out, doc_id=doc, notes=not getattr(args, "no_notes", False))
    except PrintError as exc:
        print(f"{program_name()} export-pdf: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{out}: {pages} 页")
    return EXIT_OK
