"""科技政策一点通 — entry point: parses the command line, runs a CLI verb or starts the window.

Each verb lives in the package it belongs to and is imported only when used, so that
``python main.py search …`` never loads Qt and ``python main.py check`` never loads whoosh.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

__version__ = "0.1.0"

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a one-line message (never a traceback)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    prog = "kjzc" if getattr(sys, "frozen", False) else "main.py"  # the frozen launcher's name
    p = _Parser(prog=prog, description="科技政策一点通 — 离线科技政策手册")
    p.add_argument("--version", action="version", version=f"科技政策一点通 {__version__}")
    p.add_argument("--content-dir", help="load content from this folder instead of the bundled one")
    sub = p.add_subparsers(dest="verb", parser_class=_Parser)

    sub.add_parser("check", help="validate all content; exit 1 when there are problems")

    s = sub.add_parser("list", help="documents and their measures")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="one measure, part or document")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("search", help="full-text search")
    s.add_argument("query")
    s.add_argument("--level")
    s.add_argument("--region")
    s.add_argument("--topic")
    s.add_argument("--doc")
    s.add_argument("--status")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("index", help="manage the search index")
    s.add_argument("--rebuild", action="store_true")

    s = sub.add_parser("calc", help="list calculators, or compute one: calc ID name=value …")
    s.add_argument("calculator", nargs="?")
    s.add_argument("inputs", nargs="*")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("cards", help="明白卡, contact cards or a hand-out list as PDF")
    s.add_argument("--layout", choices=["mingbai", "contact", "list"], default="mingbai")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--query")
    g.add_argument("--ids")
    s.add_argument("--header-file")
    s.add_argument("--out", default="mingbai.pdf")

    s = sub.add_parser("export-pdf", help="the handbook (or one document) as PDF")
    s.add_argument("--doc")
    s.add_argument("--out", required=True)

    s = sub.add_parser("screenshot", help="render the window offscreen to a PNG")
    s.add_argument("--out", required=True)
    s.add_argument("--search")
    s.add_argument("--open")
    s.add_argument("--panel", choices=["calculator", "cards", "contacts", "compare"])
    s.add_argument("--size", default="1280x800")
    s.add_argument("--presentation", action="store_true")
    return p


def _verb(module: str, func: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
                print(f"main.py: '{args.verb}' is not available in this build", file=sys.stderr)
                return EXIT_USAGE
            raise
        result: int = getattr(mod, func)(args)
        return result

    return run


VERBS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _verb("content.cli", "run_check"),
    "list": _verb("content.cli", "run_list"),
    "show": _verb("content.cli", "run_show"),
    "search": _verb("index.cli", "run_search"),
    "index": _verb("index.cli", "run_index"),
    "calc": _verb("content.calc.cli", "run_calc"),
    "cards": _verb("ui.printing.cli", "run_cards"),
    "export-pdf": _verb("ui.printing.cli", "run_export_pdf"),
    "screenshot": _verb("ui.app", "run_screenshot"),
}


def _no_screen() -> str:
    """Why the window cannot open here, or "" (Qt would abort the process without a display)."""
    import os

    if sys.platform.startswith("linux") and not (
        os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return ("main.py: 没有可用的图形界面（DISPLAY/WAYLAND_DISPLAY 未设置），无法打开窗口。"
                "请在桌面环境中运行；命令行功能（search、calc、cards …）不需要图形界面，见 main.py --help。")
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verb is None:
        problem = _no_screen()
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
        return _verb("ui.app", "run_window")(args)
    try:
        return VERBS[args.verb](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `main.py list --json | head`: the reader left, nothing is wrong
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not complain
        return EXIT_OK
    except Exception as exc:  # the last line of defence: one calm line, never a traceback
        import traceback

        try:
            from content.appdirs import write_log

            path = write_log(traceback.format_exc())
        except Exception:  # the handler itself must not fail (no data folder, a broken install)
            path = None
        where = f"; details in {path}" if path else ""
        print(f"main.py {args.verb}: internal error: {type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
