"""``main.py import FILE [--out DRAFT.yaml]``: a draft content file from a policy document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from content.console import program_name
from content.importer.extract import SourceError
from content.importer.pipeline import doc_id_for, import_file
from content.loader import CONTENT_DIR

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def targets(src: Path, *, out: str | None, content_dir: str | None) -> tuple[Path, Path]:
    """Where the draft and the kept original go.

    Without ``--out`` the draft goes into the content folder (so that ``main.py check`` reports its
    TODO notes) and the original into ``content/sources``; with ``--out`` both go where it says
    (the original into a ``sources`` folder beside the draft).
    """
    if out:
        draft = Path(out).expanduser()
        return draft, draft.parent / "sources"
    cdir = Path(content_dir) if content_dir else CONTENT_DIR
    sources = CONTENT_DIR.parent / "sources" if cdir.resolve() == CONTENT_DIR.resolve() else cdir / "sources"
    return cdir / f"{doc_id_for(src.name)}.yaml", sources


def run_import(args: argparse.Namespace) -> int:
    src = Path(args.file).expanduser()
    draft, sources = targets(src, out=args.out, content_dir=getattr(args, "content_dir", None))
    if draft.exists() and not args.force:
        print(f"{program_name()} import: “{draft}”已存在；为免覆盖编者的修改，请换一个 --out 位置，或加 --force 覆盖",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        res = import_file(src, draft_path=draft, sources_dir=sources)
    except SourceError as exc:
        print(f"{program_name()} import: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        where = exc.filename or draft
        print(f"{program_name()} import: 无法写入“{where}”（{exc.strerror or exc}）。安装版自带的内容目录是只读的；"
              f"请用 --out 指定草稿的保存位置，例如：{program_name()} import {src.name} --out 草稿/{draft.name}",
              file=sys.stderr)
        return EXIT_USAGE
    print(f"草稿：{res.draft_path}")
    print(f"原件：{res.source_path}")
    print(f"共 {res.measures} 条措施；待编者处理 {res.todo} 项（{program_name()} check 会逐项列出，处理后删除对应 todo）；"
          f"略去 {len(res.omitted)} 行（列在 omitted 中，请确认）")
    for e in res.errors:
        print(f"格式问题：{e}")
    problems = res.unfaithful + [f"原文未收入草稿：{x[:70]}" for x in res.missing]
    if problems or res.document is None or res.errors:
        print("忠实性检查：未通过", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_PROBLEMS
    print("忠实性检查：通过（草稿中的原文文字均与原件一致，原件每一行都已收入草稿或列为略去）")
    return EXIT_OK
