"""CLI verb ``match``: 政策体检 from a profile file — text, JSON, and the A4 体检单 as PDF.

``match --profile FILE.yaml [--json] [--pdf OUT.pdf [--full]] [--header-file F]``; ``match --example``
prints a commented profile to start from.  The PDF is the one-page 体检单 a visitor takes home; ``--full``
writes the 完整版 (every 需确认 and 不适用 measure, the calculators' inputs, a QR code per contact).  Only ``--pdf`` loads Qt; text and JSON need nothing but
:mod:`content.profile`.  Bad input gives one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from content.console import program_name

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(text: str) -> int:
    print(f"{program_name()} match: {text}", file=sys.stderr)
    return EXIT_USAGE


def run_match(args: argparse.Namespace) -> int:
    from content.bundle import ContentLoadError, get_bundle
    from content.profile import ProfileError, load_schema, match
    from content.profile.io import ProfileFileError, example_text, read_profile
    from content.profile.report import result_to_json, result_to_text

    schema = load_schema()
    if getattr(args, "example", False):
        sys.stdout.write(example_text(schema))
        return EXIT_OK
    path = getattr(args, "profile", None)
    if not path:
        return _fail(f"请用 --profile 指定企业情况文件；没有的话先运行 {program_name()} match --example > 企业.yaml")
    try:
        profile = read_profile(Path(path), schema)
    except ProfileFileError as exc:
        return _fail(str(exc))
    cdir = getattr(args, "content_dir", None)
    try:
        bundle = get_bundle(Path(cdir) if cdir else None)
    except ContentLoadError as exc:
        return _fail(str(exc))
    try:
        result = match(bundle, profile, schema=schema)
    except ProfileError as exc:
        return _fail(f"{path}：{exc}")
    pdf = getattr(args, "pdf", None)
    if pdf:
        from ui.printing.cli import ensure_app
        from ui.printing.errors import HeaderError, PrintError
        from ui.printing.model import load_header_file

        try:
            header = load_header_file(Path(args.header_file)) if getattr(args, "header_file", None) else None
            ensure_app()
            from ui.printing.checkup import write_checkup_pdf

            full = bool(getattr(args, "full", False))
            pages = write_checkup_pdf(result, Path(pdf), header=header, full=full)
        except (PrintError, HeaderError) as exc:
            return _fail(str(exc))
        print(f"{pdf}: 政策体检单{'（完整版）' if full else ''} {pages} 页", file=sys.stderr if getattr(args, "json", False) else sys.stdout)
    if getattr(args, "json", False):
        print(json.dumps(result_to_json(result), ensure_ascii=False, indent=2))
    elif not pdf:
        sys.stdout.write(result_to_text(result))
    return EXIT_OK
