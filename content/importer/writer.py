"""Write a draft as a content file in the handbook's YAML format (content/README.md).

Scalars are written as JSON strings (valid YAML, never re-typed: ``"01"`` stays a string); texts as
literal blocks, one paragraph per line.  Amounts and guesses are marked with comments for the editor.
"""

from __future__ import annotations

import json

from content.importer.draft import Draft, DraftMeasure, DraftPart, DraftTable


def q(s: str) -> str:
    """A double-quoted YAML scalar.

    >>> q('01'), q('说“是”')
    ('"01"', '"说“是”"')
    """
    return json.dumps(s, ensure_ascii=False)


def flow(items: list[str]) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def block(key: str, lines: list[str], indent: str) -> list[str]:
    if not lines:
        return []
    return [f"{indent}{key}: |", *(f"{indent}  {line}" for line in lines)]


def _contacts(cs: list[dict[str, str]], indent: str) -> list[str]:
    if not cs:
        return []
    out = [f"{indent}contacts:"]
    for c in cs:
        first = True
        for k in ("office", "person", "phone", "email", "label"):
            if c.get(k):
                out.append(f"{indent}  {'- ' if first else '  '}{k}: {q(c[k])}")
                first = False
    return out


def _todo(items: list[str], indent: str) -> list[str]:
    return [f"{indent}todo:", *(f"{indent}  - {q(t)}" for t in items)] if items else []


def write_draft(d: Draft) -> str:
    """The draft as YAML text."""
    out = [
        f"# 草稿：{d.origin}",
        "# 由 main.py import 自动生成，供编者逐条核对。正文照原文（只调整了排版）；标有“猜测”的字段、",
        "# “# 金额”注释和 todo 中的事项请逐一确认，确认后删除对应 todo（main.py check 会一直提示未处理的 todo）。",
        f"id: {d.id}",
        f"title: {q(d.title)}",
        f"issuer: {flow(d.issuer)}",
        f"doc_number: {q(d.doc_number)}",
    ]
    if d.date:
        out.append(f"date: {q(d.date)}")
    if d.date_wording:
        out.append(f"date_wording: {q(d.date_wording)}")
    out += [f"kind: {q(d.kind)}", f"level: {d.level}", f"region: {q(d.region)}"]
    if d.period[0] or d.period[1]:
        out.append(f"period: {{start: \"{d.period[0]}\", end: \"{d.period[1]}\", wording: {q(d.period_wording)}}}")
    out.append(f"source_file: {q(d.source_file)}")
    out += block("preface", d.preface, "")
    out += _contacts(d.contacts, "")
    out += _todo(d.todo, "")
    if d.omitted:
        out.append("# 原文中未收入正文的行（目录、网站提示、封底等），请确认可以略去：")
        out += ["omitted:", *(f"  - {q(x)}" for x in d.omitted)]
    out.append("parts:")
    for p in d.parts:
        out += _part(p, "  ")
    return "\n".join(out) + "\n"


def _part(p: DraftPart, indent: str) -> list[str]:
    out = [f"{indent}- id: {p.id}"]
    i = indent + "  "
    if p.number:
        out.append(f"{i}number: {q(p.number)}")
    out.append(f"{i}title: {q(p.title)}")
    out += block("intro", p.intro, i)
    out += _contacts(p.contacts, i)
    out += _todo(p.todo, i)
    if p.measures:
        out.append(f"{i}measures:")
        for m in p.measures:
            out += _measure(m, i + "  ")
    if p.parts:
        out.append(f"{i}parts:")
        for sub in p.parts:
            out += _part(sub, i + "  ")
    if p.tables:
        out.append(f"{i}tables:")
        for t in p.tables:
            out += _table(t, i + "  ")
    return out


def _measure(m: DraftMeasure, indent: str) -> list[str]:
    i = indent + "  "
    out = [f"{indent}- id: {m.id}", f"{i}number: {q(m.number)}", f"{i}title: {q(m.title)}"]
    if m.title_editorial:
        out.append(f"{i}title_editorial: true")
    if m.amounts:
        out.append(f"{i}# 金额（请核对）：{'、'.join(m.amounts)}")
    out += block("text", m.text, i)
    if m.source:
        out += [f"{i}source:", f"{i}  title: {q(m.source['title'])}", f"{i}  doc_number: {q(m.source['doc_number'])}"]
    if m.level:
        out += [f"{i}level: {m.level}  # 猜测：按所引文件", f"{i}region: {q(m.region)}"]
    if m.issuer:
        out.append(f"{i}issuer: {flow(m.issuer)}  # 猜测：按所引文件")
    out.append(f"{i}topics: {flow(m.topics)}  # 猜测")
    out.append(f"{i}beneficiaries: {flow(m.beneficiaries)}  # 猜测")
    out += _contacts(m.contacts, i)
    out += _todo(m.todo, i)
    return out


def _table(t: DraftTable, indent: str) -> list[str]:
    i = indent + "  "
    out = [f"{indent}- id: {t.id}", f"{i}title: {q(t.title)}", f"{i}columns: {flow(t.columns)}", f"{i}rows:"]
    out += [f"{i}  - {flow(r)}" for r in t.rows]
    if t.notes:
        out += [f"{i}notes:", *(f"{i}  - {q(n)}" for n in t.notes)]
    return out
