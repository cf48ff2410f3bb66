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


def _vocabulary(key: str) -> Callable[[], list[str]]:
    """The values of a closed vocabulary (levels, statuses, topics), read only when --help shows them."""

    def values() -> list[str]:
        from content.loader import load_vocabulary

        return list(getattr(load_vocabulary(), key))

    return values


def _statuses() -> list[str]:
    """The computed statuses (content.validity), for --help."""
    from content.validity import STATUS_ORDER

    return [s.value for s in STATUS_ORDER]


def _content(key: str) -> Callable[[], list[str]]:
    """Values found in the content (regions, document ids), read only when --help shows them."""

    def values() -> list[str]:
        from content.bundle import get_bundle

        hb = get_bundle().handbook
        if key == "documents":
            return [d.id for d in hb.documents]
        return sorted({getattr(m, key) for m in hb.measures()})

    return values


def build_parser() -> argparse.ArgumentParser:
    """The command line.  Every verb and option has Chinese help (tests/e2e/test_cli_help.py checks)."""
    from content.console import ChineseArgumentParser, install_chinese_argparse, program_name, with_values

    install_chinese_argparse()
    prog = program_name()
    p = ChineseArgumentParser(
        prog=prog, description="科技政策一点通 — 离线科技政策手册。不带命令时打开窗口。",
        epilog=f"每个命令的用法：{prog} 命令 --help，例如 {prog} search --help")
    p.add_argument("--version", action="version", version=f"科技政策一点通 {__version__}",
                   help="显示版本号并退出")
    p.add_argument("--content-dir", metavar="文件夹", help="从这个文件夹读取内容，而不是软件自带的内容")
    p.add_argument("--kiosk", action="store_true",
                   help="以展台模式打开窗口（全屏；空闲后回到首页并清空；退出需要工作人员 PIN）")
    sub = p.add_subparsers(dest="verb", parser_class=ChineseArgumentParser, title="命令", metavar="命令")

    sub.add_parser("check", help="检查全部内容文件；有问题时逐条列出（文件:行: 说明）并以 1 退出")

    s = sub.add_parser("list", help="列出文件及其措施（含编号）")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("show", help="显示一条措施、一个部分或一个文件")
    s.add_argument("id", metavar="编号", help=f"措施、部分或文件的编号（见 {prog} list）")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("validity", help="列出每条措施的效力状态及理由（按今天计算；环境变量 KJZC_TODAY=YYYY-MM-DD 可指定日期）")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("verify", help=f"记录效力核实（科技局工作人员）：{prog} verify 编号 --result 结果 --by 核实单位")
    s.add_argument("id", nargs="?", metavar="编号", help=f"文件、部分或措施的编号（见 {prog} list）；文件的记录覆盖其下各条")
    s.add_argument("--result", choices=["现行", "已修订", "已废止", "未找到"], help="核实结果")
    s.add_argument("--by", metavar="核实单位", help="例如 石家庄市科学技术局政策法规科")
    s.add_argument("--method", choices=["官网", "电话", "文件"], help="核实方式（默认：文件）")
    s.add_argument("--ref", metavar="依据", help="依据或替代文件的文号、网址（已修订、已废止时必填）")
    s.add_argument("--note", metavar="备注", help="备注")
    s.add_argument("--date", metavar="YYYY-MM-DD", help="核实日期（默认：今天）")
    s.add_argument("--export", metavar="文件", help="把全部核实记录导出为一个文件，供其他电脑导入")
    s.add_argument("--import", dest="import_file", metavar="文件", help="导入其他电脑导出的核实记录")

    s = sub.add_parser("search", help="全文检索（中文、拼音首字母、简称、金额、电话）")
    s.add_argument("query", metavar="检索词", help="例如 揭榜挂帅、jbgs、高企、300万")
    with_values(s.add_argument("--level", metavar="层级", help="只看这一层级"), _vocabulary("levels"))
    with_values(s.add_argument("--region", metavar="地区", help="只看这一地区"), _content("region"))
    with_values(s.add_argument("--topic", metavar="专题", help="只看这一专题"), _vocabulary("topics"))
    with_values(s.add_argument("--doc", metavar="文件编号", help="只看这一文件"), _content("documents"))
    with_values(s.add_argument("--status", metavar="状态", help="只看这一状态（按今天计算）"), _statuses)
    s.add_argument("--limit", type=int, default=20, metavar="N", help="最多显示 N 条（0–1000）")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("index", help="查看搜索索引的状态，或重建索引")
    s.add_argument("--rebuild", action="store_true", help="重建搜索索引")

    s = sub.add_parser("calc", help="列出计算器，或计算一项补助：calc 编号 名称=值 …")
    s.add_argument("calculator", nargs="?", metavar="计算器编号", help="不填则列出全部计算器及其输入项")
    s.add_argument("inputs", nargs="*", metavar="名称=值", help="例如 region=shijiazhuang amount=300万")
    s.add_argument("--json", action="store_true", help="输出 JSON")

    s = sub.add_parser("cards", help="把明白卡、联系卡或政策清单生成 PDF")
    s.add_argument("--layout", choices=["mingbai", "contact", "list"], default="mingbai",
                   help="版式：mingbai 明白卡，contact 联系卡（带二维码），list 政策清单")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--query", metavar="检索词", help="收入与检索词相关的措施")
    g.add_argument("--ids", metavar="编号,…", help="收入这些编号的措施（逗号分隔）")
    s.add_argument("--header-file", metavar="文件", help="抬头文字（UTF-8 文本文件）")
    s.add_argument("--notes", action="store_true", help="打印编者注（内部核对用；发给企业的材料默认不印）")
    s.add_argument("--out", default="mingbai.pdf", metavar="文件.pdf", help="输出的 PDF 文件")

    s = sub.add_parser("match", help="政策体检：按企业情况列出可申请、需确认、不适用的措施，含金额、状态和联系人")
    s.add_argument("--profile", metavar="文件.yaml", help="企业情况文件（YAML，写法见 --example）")
    s.add_argument("--example", action="store_true", help="输出一份带说明的企业情况文件，作为填写的起点")
    s.add_argument("--json", action="store_true", help="输出 JSON")
    s.add_argument("--pdf", metavar="文件.pdf", help="同时把 A4 政策体检单保存为 PDF（默认一页，供企业带走）")
    s.add_argument("--full", action="store_true", help="PDF 用完整版（含需确认、不适用的逐条说明和测算过程）")
    s.add_argument("--header-file", metavar="文件", help="体检单的抬头文字（与明白卡的抬头文件相同）")

    s = sub.add_parser("export-pdf", help="把整本手册（或一个文件）导出为 PDF")
    with_values(s.add_argument("--doc", metavar="文件编号", help="只导出这一文件（或部分、措施的编号）"),
                _content("documents"))
    s.add_argument("--no-notes", action="store_true", help="不印编者注（手册默认印出编者注）")
    s.add_argument("--out", required=True, metavar="文件.pdf", help="输出的 PDF 文件")

    s = sub.add_parser("import", help="把一份政策文件（.txt、.docx 或含文字的 PDF）转成内容草稿，供编者核对")
    s.add_argument("file", metavar="文件", help="要导入的文件")
    s.add_argument("--out", metavar="草稿.yaml", help="草稿保存位置（默认写入内容目录，原件存入 sources）")
    s.add_argument("--force", action="store_true", help="覆盖已有的同名草稿")

    from content.consultation_cli import add_parser as add_consult_parser

    add_consult_parser(sub)

    from content.packs.cliargs import add_parser as add_pack_parser

    add_pack_parser(sub)

    s = sub.add_parser("screenshot", help="在后台绘制窗口并保存为 PNG 图片")
    s.add_argument("--out", required=True, metavar="文件.png", help="输出的 PNG 文件")
    s.add_argument("--search", metavar="检索词", help="先检索这个词")
    s.add_argument("--open", metavar="编号", help="打开这一措施、部分或文件")
    s.add_argument("--panel", choices=["calculator", "cards", "contacts", "compare", "profile"],
                   help="打开这一面板：calculator 计算器，cards 明白卡，contacts 联系人，compare 比一比，profile 我的企业")
    s.add_argument("--profile", metavar="文件.yaml", help="与 --panel profile 一起用：先填入这个企业情况文件")
    s.add_argument("--size", default="1280x800", metavar="宽x高", help="窗口大小（像素）")
    s.add_argument("--presentation", action="store_true", help="演示模式（大字号）")
    s.add_argument("--kiosk", action="store_true", help="展台模式（触摸尺寸；截图时不全屏、不要求 PIN）")
    return p


def _verb(module: str, func: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and (exc.name == module or module.startswith(exc.name + ".")):
                from content.console import program_name

                print(f"{program_name()}：这个版本没有“{args.verb}”功能", file=sys.stderr)
                return EXIT_USAGE
            raise
        result: int = getattr(mod, func)(args)
        return result

    return run


VERBS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _verb("content.cli", "run_check"),
    "validity": _verb("content.cli", "run_validity"),
    "verify": _verb("content.cli", "run_verify"),
    "list": _verb("content.cli", "run_list"),
    "show": _verb("content.cli", "run_show"),
    "search": _verb("index.cli", "run_search"),
    "index": _verb("index.cli", "run_index"),
    "calc": _verb("content.calc.cli", "run_calc"),
    "cards": _verb("ui.printing.cli", "run_cards"),
    "match": _verb("ui.profile_cli", "run_match"),
    "export-pdf": _verb("ui.printing.cli", "run_export_pdf"),
    "screenshot": _verb("ui.app", "run_screenshot"),
    "import": _verb("content.importer.cli", "run_import"),
    "consult": _verb("content.consultation_cli", "run_consult"),
    "pack": _verb("index.cli", "run_pack"),  # content/packs/cli.py, with the index rebuilt after a change
}


def _no_screen() -> str:
    """Why the window cannot open here, or "" (Qt would abort the process without a display)."""
    import os

    if sys.platform.startswith("linux") and not (
        os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        from content.console import program_name

        prog = program_name()
        return (f"{prog}：没有可用的图形界面（DISPLAY/WAYLAND_DISPLAY 未设置），无法打开窗口。"
                f"请在桌面环境中运行；命令行功能（search、calc、cards …）不需要图形界面，见 {prog} --help。")
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    from content.console import is_broken_pipe, make_streams_safe, program_name, silence_broken_pipe

    make_streams_safe()
    args = build_parser().parse_args(argv)
    from content.validity import BadTodayError, today_from_env

    try:
        today_from_env()  # a mistyped KJZC_TODAY is said once, never silently replaced by today
    except BadTodayError as exc:
        print(f"{program_name()}：{exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.verb is None:
        problem = _no_screen()
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
        return _verb("ui.app", "run_window")(args)
    try:
        code = VERBS[args.verb](args)
        sys.stdout.flush()  # a reader that left shows here, not in the interpreter's final flush
        return code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: one calm line, never a traceback
        if is_broken_pipe(exc):  # e.g. `kjzc list --json | head`: the reader left, nothing is wrong
            silence_broken_pipe()
            return EXIT_OK
        import traceback

        try:
            from content.appdirs import write_log

            path = write_log(traceback.format_exc())
        except Exception:  # the handler itself must not fail (no data folder, a broken install)
            path = None
        where = f"；详情见 {path}" if path else ""
        print(f"{program_name()} {args.verb}：内部错误：{type(exc).__name__}: {exc}{where}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
