"""CLI verbs on content: ``check``, ``list``, ``show``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from content.console import program_name
from content.loader import ContentLoadError, load_handbook
from content.model import Contact, Document, Handbook, Measure, Part, Table
from content.safe_read import visible

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _load(args: argparse.Namespace) -> Handbook | None:
    cdir = getattr(args, "content_dir", None)
    try:
        return load_handbook(Path(cdir) if cdir else None)
    except ContentLoadError as exc:
        print(f"{program_name()}: {exc}", file=sys.stderr)
        return None


def contact_dict(c: Contact) -> dict[str, str]:
    d = {"office": c.office, "person": c.person, "phone": c.phone, "email": c.email}
    if c.label:
        d["label"] = c.label
    return d


def measure_dict(m: Measure, hb: Handbook | None = None) -> dict[str, Any]:
    """The JSON form of a measure (``list --json`` and ``show --json``)."""
    d: dict[str, Any] = {
        "id": m.id,
        "number": m.number,
        "title": m.title,
        "title_editorial": m.title_editorial,
        "text": m.text,
        "source": ({"title": m.source.title, "doc_number": m.source.doc_number} if m.source else None),
        "topics": list(m.topics),
        "beneficiaries": list(m.beneficiaries),
        "contacts": [contact_dict(c) for c in m.contacts],
        "notes": list(m.notes),
        "level": m.level,
        "region": m.region,
        "status": m.status,
    }
    if hb is not None:
        d["path"] = [*m.path, m.display_title]
    return d


def table_dict(t: Table) -> dict[str, Any]:
    return {"id": t.id, "title": t.title, "columns": list(t.columns), "rows": [list(r) for r in t.rows],
            "notes": list(t.notes)}


def part_dict(p: Part) -> dict[str, Any]:
    return {
        "id": p.id, "number": p.number, "title": p.title, "issuer": list(p.issuer), "level": p.level,
        "region": p.region, "intro": p.intro, "notes": list(p.notes),
        "contacts": [contact_dict(c) for c in p.contacts],
        "measures": [measure_dict(m) for m in p.measures],
        "parts": [part_dict(x) for x in p.parts],
        "tables": [table_dict(t) for t in p.tables],
        "path": list(p.path),
    }


def document_dict(d: Document, *, nested: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id, "title": d.title, "issuer": "、".join(d.issuer), "doc_number": d.doc_number,
        "date": d.date, "level": d.level, "region": d.region, "status": d.status,
        "period": d.period.label(), "source_file": d.source_file, "notes": list(d.notes),
        "contacts": [contact_dict(c) for c in d.contacts],
    }
    if nested:
        out["preface"] = d.preface
        out["parts"] = [part_dict(p) for p in d.parts]
        out["tables"] = [table_dict(t) for t in d.tables]
    out["measures"] = [measure_dict(m) for m in d.all_measures()]
    return out


def _print_errors(hb: Handbook) -> None:
    for e in hb.errors:
        print(visible(str(e)), file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    hb = _load(args)
    if hb is None:
        return EXIT_USAGE
    for e in hb.errors:
        print(visible(str(e)))  # a quoted bad value never reaches the terminal as an escape sequence
    n = len(hb.measures())
    if hb.errors:
        print(f"发现 {len(hb.errors)} 个问题；已载入 {len(hb.documents)} 份文件、{n} 条措施", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK 内容检查通过：{len(hb.documents)} 份文件，{n} 条措施，{len(hb.directory())} 位联系人", file=sys.stderr)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    hb = _load(args)
    if hb is None:
        return EXIT_USAGE
    _print_errors(hb)
    if args.json:
        json.dump({"documents": [document_dict(d) for d in hb.documents]}, sys.stdout, ensure_ascii=False,
                  indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    for d in hb.documents:
        print(visible(f"{d.id}  {d.title}  [{d.level}·{d.region}·{d.status}]"))
        for m in d.all_measures():
            print(visible(f"  {m.id:<16} {m.display_title}"))
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    hb = _load(args)
    if hb is None:
        return EXIT_USAGE
    item = hb.find(args.id)
    if item is None:
        print(f"{program_name()} show: 没有编号为“{args.id}”的措施、部分或文件（编号见 {program_name()} list）", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(item, Measure):
        data = measure_dict(item, hb)
    elif isinstance(item, Part):
        data = part_dict(item)
    else:
        data = document_dict(item, nested=True)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    if isinstance(item, Measure):
        print(" › ".join(data["path"]))
        print()
        print(item.text)
        if item.source:
            print(f"\n来源：{item.source.title}{'，' + item.source.doc_number if item.source.doc_number else ''}")
        for c in item.contacts:
            print("联系人：" + " ".join(x for x in (c.label, c.office, c.person, c.phone, c.email) if x))
        for n in item.notes:
            print(n)
    elif isinstance(item, Part):
        print(" › ".join(item.path))
        for m in item.all_measures():
            print(f"  {m.id:<16} {m.display_title}")
    else:
        print(f"{item.title}\n{'、'.join(item.issuer)} {item.doc_number} {item.date} [{item.status}]")
        for m in item.all_measures():
            print(f"  {m.id:<16} {m.display_title}")
    return EXIT_OK
