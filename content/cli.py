"""CLI verbs on content: ``check``, ``list``, ``show``, ``validity``, ``verify``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from content.bundle import ContentBundle, ContentLoadError, get_bundle
from content.console import program_name
from content.model import Contact, ContentError, Document, Measure, Part, Table
from content.safe_read import visible

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _load(args: argparse.Namespace) -> ContentBundle | None:
    cdir = getattr(args, "content_dir", None)
    try:
        return get_bundle(Path(cdir) if cdir else None)
    except ContentLoadError as exc:
        print(f"{program_name()}: {exc}", file=sys.stderr)
        return None


def contact_dict(c: Contact) -> dict[str, str]:
    d = {"office": c.office, "person": c.person, "phone": c.phone, "email": c.email}
    if c.label:
        d["label"] = c.label
    return d


def measure_dict(m: Measure, bundle: ContentBundle, *, with_path: bool = False) -> dict[str, Any]:
    """The JSON form of a measure (``list --json`` and ``show --json``), with its computed facts."""
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
        "issuer": m.issuer_text,
        "issuer_basis": m.issuer_basis.value,
        **_status_json(bundle, m.id),
        "provenance": bundle.provenance(m).to_json(),
    }
    if m.deadline is not None:
        d["deadline"] = {"date": m.deadline.date, "wording": m.deadline.wording}
    if m.cited_period is not None:
        d["cited_period"] = {"end": m.cited_period.end, "wording": m.cited_period.wording,
                             "basis": m.cited_period.basis}
    if with_path:
        d["path"] = [*m.path, m.display_title]
        d["citation"] = bundle.citation(m)
    return d


def _status_json(bundle: ContentBundle, item_id: str) -> dict[str, Any]:
    v = bundle.status(item_id)
    out: dict[str, Any] = {"status": v.status.value, "status_label": v.label, "status_reason": v.reason}
    if v.verification is not None:
        out["verification"] = v.verification.summary()
    return out


def table_dict(t: Table) -> dict[str, Any]:
    return {"id": t.id, "title": t.title, "columns": list(t.columns), "rows": [list(r) for r in t.rows],
            "notes": list(t.notes)}


def part_dict(p: Part, bundle: ContentBundle) -> dict[str, Any]:
    return {
        "id": p.id, "number": p.number, "title": p.title, "issuer": bundle.issuer_text(p), "level": p.level,
        "region": p.region, **_status_json(bundle, p.id), "intro": p.intro, "notes": list(p.notes),
        "contacts": [contact_dict(c) for c in p.contacts],
        "measures": [measure_dict(m, bundle) for m in p.measures],
        "parts": [part_dict(x, bundle) for x in p.parts],
        "tables": [table_dict(t) for t in p.tables],
        "path": list(p.path),
    }


def document_dict(d: Document, bundle: ContentBundle, *, nested: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": d.id, "title": d.title, "kind": d.kind.value, "issuer": d.issuer_text, "doc_number": d.doc_number,
        "date": d.date, "date_wording": d.date_wording, "level": d.level, "region": d.region,
        **_status_json(bundle, d.id),
        "period": ({"start": d.period.start, "end": d.period.end, "wording": d.period.wording,
                    "kind": "草案目标期" if d.kind.value == "征求意见稿" else "文件所定期限"} if d.period else None),
        "comment_deadline": d.comment_deadline or None,
        "source_file": d.source_file, "notes": list(d.notes),
        "contacts": [contact_dict(c) for c in d.contacts],
        "provenance": bundle.provenance(d).to_json(),
    }
    if nested:
        out["preface"] = d.preface
        out["parts"] = [part_dict(p, bundle) for p in d.parts]
        out["tables"] = [table_dict(t) for t in d.tables]
    out["measures"] = [measure_dict(m, bundle) for m in d.all_measures()]
    return out


def _print_errors(bundle: ContentBundle) -> None:
    for e in bundle.handbook.errors:
        print(visible(str(e)), file=sys.stderr)


def fidelity_problems(bundle: ContentBundle) -> list[ContentError]:
    """Official wording of each document that its kept source text does not print.

    A document names its source (``source_file``); where that file is in the ``sources/`` folder next
    to the document's folder (the shipped content, a pack's content, an imported draft's folder), every
    title, text, figure, phone number and e-mail marked as official must be in it after layout
    normalisation.  A mistyped phone number or amount is then a ``check`` error, not something found at
    an event.  Documents whose source is not there are not checked (and are not reported).
    """
    from content.fidelity import unfaithful
    from content.safe_read import ReadRefused, read_regular_file

    out: list[ContentError] = []
    layers = bundle.layers or (bundle.root.layer(),)
    for d in bundle.handbook.documents:
        if not d.file or not d.source_file:
            continue
        # The top-most layer holding the document's file is the one it was read from.
        folder = next((la.documents for la in reversed(layers) if (la.documents / d.file).is_file()), None)
        if folder is None:
            continue
        src = folder.parent / "sources" / d.source_file
        if not src.exists():
            continue
        try:
            text = read_regular_file(src, max_bytes=20 << 20, what="原文").decode("utf-8")
        except ReadRefused as exc:
            out.append(ContentError(d.file, 0, "source_file", f"原文“{src.name}”无法读取：{exc.message}"))
            continue
        except UnicodeDecodeError:
            out.append(ContentError(d.file, 0, "source_file", f"原文“{src.name}”不是 UTF-8 文本"))
            continue
        pieces = unfaithful(d, text)
        if not pieces:
            continue
        path = folder / d.file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for where, wording in pieces:
            needle = wording.strip()[:12]
            owner = where.split(".", 1)[0]  # the measure, part, table or document the piece belongs to
            start = next((i for i, x in enumerate(lines) if x.strip() in (f"- id: {owner}", f"id: {owner}")), 0)
            line = next((i for i, x in enumerate(lines[start:], start + 1) if needle and needle in x), 0)
            out.append(ContentError(str(path), line, "fidelity",
                                    f"与原文不符：{where} “{wording[:60]}”在原文“{src.name}”中找不到"
                                    "（只允许调整版式，不得改动文字和数字）"))
    return out


def run_check(args: argparse.Namespace) -> int:
    bundle = _load(args)
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    problems = bundle.problems()
    if bundle.root.origin == "随软件":  # 我的企业's declared conditions are written for the shipped content
        from content.loader import load_vocabulary
        from content.profile import check_profile_data, load_schema

        problems = [*problems, *check_profile_data(load_schema(), hb, bundle.calculators,
                                                   load_vocabulary().beneficiaries)]
    problems = [*problems, *fidelity_problems(bundle)]
    for e in problems:
        print(visible(str(e)))  # a quoted bad value never reaches the terminal as an escape sequence
    n = len(hb.measures())
    if problems:
        print(f"发现 {len(problems)} 个问题；已载入 {len(hb.documents)} 份文件、{n} 条措施", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"OK 内容检查通过：{len(hb.documents)} 份文件，{n} 条措施，{len(hb.directory())} 位联系人，"
          f"{len(bundle.calculators)} 个计算器，{len(bundle.comparisons)} 个比一比；{bundle.summary_line()}",
          file=sys.stderr)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    bundle = _load(args)
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    _print_errors(bundle)
    if args.json:
        json.dump({"documents": [document_dict(d, bundle) for d in hb.documents]}, sys.stdout, ensure_ascii=False,
                  indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    for d in hb.documents:
        print(visible(f"{d.id}  {d.title}  [{d.level}·{d.region}·{bundle.status(d.id).label}]"
                      f"  内容来源：{bundle.provenance(d).label()}"))
        for m in d.all_measures():
            print(visible(f"  {m.id:<16} {m.display_title}  〔{bundle.status(m.id).label}〕"))
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    bundle = _load(args)
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    item = hb.find(args.id)
    if item is None:
        print(f"{program_name()} show: 没有编号为“{args.id}”的措施、部分或文件（编号见 {program_name()} list）", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(item, Measure):
        data = measure_dict(item, bundle, with_path=True)
    elif isinstance(item, Part):
        data = part_dict(item, bundle)
    else:
        data = document_dict(item, bundle, nested=True)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    v = bundle.status(item.id)
    if isinstance(item, Measure):
        print(" › ".join(data["path"]))
        print(f"状态：{v.label}（{v.reason}）")
        print(f"内容来源：{bundle.provenance(item).label()}")
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
        print(f"{item.title}\n{item.issuer_text} {item.doc_number} {item.date} [{v.label}]\n状态说明：{v.reason}")
        print(f"内容来源：{bundle.provenance(item).label()}")
        for m in item.all_measures():
            print(f"  {m.id:<16} {m.display_title}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------
# validity / verify
# --------------------------------------------------------------------------------------------
def run_validity(args: argparse.Namespace) -> int:
    """``main.py validity [--json]``: every measure with its computed status and the reason."""
    bundle = _load(args)
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    counts = bundle.validity.counts()
    if getattr(args, "json", False):
        data = {
            "today": bundle.today.isoformat(),
            "window_months": bundle.validity.window_months,
            "summary": bundle.summary_line(),
            "counts": {k.value: n for k, n in counts.items()},
            "documents": [{"id": d.id, "title": d.title, "kind": d.kind.value, **_status_json(bundle, d.id)}
                          for d in hb.documents],
            "measures": [{"id": m.id, "document_id": m.document_id, "title": m.display_title,
                          **_status_json(bundle, m.id)} for m in hb.measures()],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    print(f"{bundle.summary_line()}（按 {bundle.today.isoformat()} 计算；核实记录有效期 {bundle.validity.window_months} 个月）")
    print("　".join(f"{k.value} {n}" for k, n in counts.items()))
    for d in hb.documents:
        dv = bundle.status(d.id)
        print(f"\n{d.short_title or d.title}〔{d.kind.value}〕 {dv.label}：{dv.reason}")
        for m in d.all_measures():
            v = bundle.status(m.id)
            print(f"  {m.id:<16} {v.label:<8} {v.reason}")
    return EXIT_OK


def run_verify(args: argparse.Namespace) -> int:
    """``main.py verify ID --result R --by 单位 [--method M] [--ref X] [--date D]``, or ``--export/--import FILE``."""
    from content.verifications import (
        VerificationError,
        add_records,
        export_file,
        import_file,
        make_record,
    )

    bundle = _load(args)
    if bundle is None:
        return EXIT_USAGE
    dest = bundle.user_verifications
    try:
        if getattr(args, "export", None):
            n = export_file(bundle.verifications, Path(args.export))
            print(f"已导出 {n} 条核实记录：{args.export}")
            return EXIT_OK
        if dest is None:
            print(f"{program_name()} verify: 个人数据目录不可用，无法保存核实记录", file=sys.stderr)
            return EXIT_PROBLEMS
        if getattr(args, "import_file", None):
            added, skipped = import_file(Path(args.import_file), dest, known_ids=bundle.known_ids(),
                                         today=bundle.today)
            for p in skipped:
                print(f"已跳过：{p}", file=sys.stderr)
            print(f"已导入 {added} 条新的核实记录到 {dest}")
            return EXIT_OK
        missing = [what for what, value in (("编号", args.id), ("--result 核实结果", args.result),
                                             ("--by 核实单位", (args.by or "").strip())) if not value]
        if missing:
            prog = program_name()
            print(f"{prog} verify: 缺少{'、'.join(missing)}", file=sys.stderr)
            print(f"{prog} verify: 用法：{prog} verify 编号 --result 现行|已修订|已废止|未找到 --by 核实单位 "
                  "[--method 官网|电话|文件] [--ref 依据] [--date YYYY-MM-DD]；或 --export 文件 / --import 文件",
                  file=sys.stderr)
            return EXIT_USAGE
        rec = make_record(target=args.id, result=args.result, office=args.by, method=args.method or "文件",
                          ref=args.ref or "", note=args.note or "", date=args.date or "", today=bundle.today,
                          known_ids=bundle.known_ids())
        added = add_records(dest, [rec])
    except VerificationError as exc:
        print(f"{program_name()} verify: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from content.bundle import refresh_verifications

    fresh = refresh_verifications(bundle)
    covered = [m for m in fresh.handbook.measures()
               if args.id in (m.id, m.document_id, *(_chain(fresh, m)))]
    v = fresh.status(args.id)
    print(("已记录" if added else "相同记录已存在") + f"：{rec.summary()}（{dest}）")
    print(f"“{args.id}”现在的状态：{v.label}")
    print(f"  说明：{v.reason}")
    if len(covered) > 1 or (covered and covered[0].id != args.id):
        by_status: dict[str, int] = {}
        for m in covered:
            label = fresh.status(m.id).status.value
            by_status[label] = by_status.get(label, 0) + 1
        print(f"  覆盖 {len(covered)} 条措施，现在：" + "、".join(f"{k} {n} 条" for k, n in by_status.items()))
    return EXIT_OK


def _chain(bundle: ContentBundle, m: Measure) -> list[str]:
    """The ids of the parts enclosing ``m``."""
    doc = bundle.handbook.document(m.document_id)
    if doc is None:
        return []
    return [p.id for p in doc.all_parts() if any(x.id == m.id for x in p.all_measures())]
