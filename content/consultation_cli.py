"""``main.py consult``: the 咨询登记 log from the command line (count, export, delete all).  Qt-free."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from content.appdirs import data_dir
from content.console import program_name
from content.consultation_export import daily_summary, export_csv, export_xlsx
from content.consultations import ConsultationError, ConsultationStore, default_path
from content.safe_io import WriteError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``consult`` verb and its options."""
    s = sub.add_parser("consult", help="咨询登记：显示本机登记的条数和每日汇总，或导出（Excel、CSV）、删除全部登记")
    s.add_argument("--xlsx", metavar="文件.xlsx", help="导出为 Excel 工作簿（登记明细、每日汇总、政策排行）")
    s.add_argument("--csv", metavar="文件.csv", help="导出登记明细为 CSV（UTF-8，Excel 可直接打开）")
    s.add_argument("--summary-csv", metavar="文件.csv", help="导出每日汇总为 CSV")
    s.add_argument("--delete-all", action="store_true", help="删除本机全部咨询登记（须同时加 --yes）")
    s.add_argument("--yes", action="store_true", help="与 --delete-all 一起用：确认删除")


def run_consult(args: argparse.Namespace) -> int:
    """Print the log's size and per-day summary; export or delete when asked."""
    prog = f"{program_name()} consult"
    if args.delete_all and not args.yes:
        print(f"{prog}：删除全部登记无法恢复；确认请加 --yes", file=sys.stderr)
        return EXIT_USAGE
    where = data_dir()
    if where.problem:
        print(where.problem, file=sys.stderr)
    try:
        store = ConsultationStore.open(default_path(where.path))
    except ConsultationError as exc:
        print(f"{prog}：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        if store.recovery is not None:
            print(store.recovery.message(), file=sys.stderr)
        if args.delete_all:
            n = store.delete_all()
            print(f"已删除全部 {n} 条咨询登记（{store.path}）")
            return EXIT_OK
        entries = store.entries()
        exported = False
        for out, write in ((args.xlsx, export_xlsx), (args.csv, export_csv),
                           (args.summary_csv, lambda e, p: export_csv(e, p, summary=True))):
            if out:
                write(entries, Path(out))
                print(f"已导出 {len(entries)} 条登记：{out}")
                exported = True
        if not exported:
            print(f"咨询登记：{len(entries)} 条（{store.path}）")
            for d in daily_summary(entries):
                top = "、".join(t for t, _ in d.measures[:3])
                print(f"  {d.day}  {d.visits} 人次，{d.enterprises} 家企业，需回访 {d.follow_ups}" + (f"；问得最多：{top}" if top else ""))
        return EXIT_OK
    except (ConsultationError, WriteError) as exc:
        print(f"{prog}：{exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        store.close()
