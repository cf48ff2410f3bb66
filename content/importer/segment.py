"""Paragraphs → parts and measures, by the numbering the document prints.

The numbers build a tree (a number of a lower rank opens a child, the same rank a sibling).  Nodes
with numbered children become parts, the others measures.  A few rules follow how Chinese policy
documents are written:

* an item that ends with "：" keeps its sub-items (they spell it out), and so does a lead paragraph
  ending with "：" followed by a "；"-separated enumeration;
* a heading with only text under it, beside headed siblings, is a part with one measure;
* a "〔…负责落实〕" line closes its section: it goes to the section's intro;
* a numbering that starts again at 1 (a card holding several lists) starts a new part, titled by the
  heading printed just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.importer import fields
from content.importer.draft import DraftMeasure, DraftPart, DraftTable
from content.importer.numbering import (
    Marker,
    ends_sentence,
    is_heading_like,
    parse_marker,
    title_only,
)
from content.normalize import squash

_ANNEX = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*(《.*)?$")
_DOC_SCOPE = re.compile(r"^本(意见|方案|办法|措施|规定|细则|通知|政策|计划)")
TODO_MOVED = "原文中本部分末尾的“{}…”已移到本部分引言（intro）；请确认"


@dataclass
class Node:
    marker: Marker | None
    head: str
    body: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    absorb: bool = False
    restart: bool = False

    @property
    def rank(self) -> int:
        return self.marker.rank if self.marker else 0


@dataclass
class Layout:
    """Where the document's preface, body, annex and back matter are."""

    preface: list[str]
    body: list[str]
    annex: list[str]
    back: list[str]


def split_document(paras: list[str]) -> Layout:
    """Preface (before the first numbered list), body, annex (附件) and back matter (a back cover)."""
    start = body_start(paras)
    end = len(paras)
    for i in range(start + 1, len(paras)):
        if _ANNEX.match(paras[i].strip()):
            end = i
            break
    body, annex = paras[start:end], paras[end:]
    back: list[str] = []
    if not annex:
        k = len(body)
        while k > 1 and is_heading_like(body[k - 1]) and parse_marker(body[k - 1]) is None:
            k -= 1
        if k < len(body) and any(ends_sentence(p) for p in body[:k][-1:]):
            body, back = body[:k], body[k:]
    return Layout(paras[:start], body, annex, back)


def body_start(paras: list[str]) -> int:
    """The first paragraph numbered 1 whose list goes on to 2 (a cover's lone '2.扫码加微信' does not)."""
    for i, p in enumerate(paras):
        m = parse_marker(p)
        if m is None or m.ordinal != 1:
            continue
        for q in paras[i + 1:]:
            n = parse_marker(q)
            if n is not None and n.style == m.style:
                if n.ordinal == 2:
                    return i
                if n.ordinal != 1:
                    break
    return len(paras)


def build_tree(body: list[str]) -> Node:
    """The numbering tree of the body."""
    root = Node(None, "")
    stack = [root]
    after_closing = False
    for i, q in enumerate(body):
        m = parse_marker(q)
        absorber = next((n for n in reversed(stack) if n.absorb), None)
        if m is not None and absorber is not None and m.rank > absorber.rank:
            absorber.body.append(q)
            continue
        if m is not None:
            while len(stack) > 1 and stack[-1].rank >= m.rank:
                stack.pop()
            parent = stack[-1]
            node = Node(m, q)
            before = [c for c in parent.children if c.marker and c.marker.style == m.style]
            node.restart = bool(before) and m.ordinal == 1 and before[-1].marker is not None \
                and before[-1].marker.ordinal > 1
            if not before and parent is root and root.children and m.ordinal == 1:
                node.restart = True  # a new list of another style at the top
            parent.children.append(node)
            stack.append(node)
            node.absorb = q.rstrip().endswith(("：", ":")) and (m.rank >= 5 or _enumeration_follows(body, i, m.rank))
            after_closing = False
            continue
        cur = stack[-1]
        if q.startswith("〔") and q.rstrip().endswith("〕") and len(stack) > 1:
            target = stack[-2] if (not cur.children and len(stack) > 2) else cur
            target.closing.append(q)
            after_closing = True
            continue
        if after_closing and _DOC_SCOPE.match(q) and len(stack) > 1:
            stack[1].closing.append(q)
            continue
        if i == len(body) - 1 and q[:1] in "（(" and q.rstrip()[-1:] in "）)" and len(stack) > 2 \
                and not cur.children and cur.body:
            stack[-2].closing.append(q)  # the source of a whole section, printed after its last item
            continue
        if cur is not root and q.rstrip().endswith(("：", ":")) and _enumeration_follows(body, i, cur.rank):
            cur.absorb = True
        cur.body.append(q)
        after_closing = False
    return root


def _enumeration_follows(body: list[str], i: int, rank: int) -> bool:
    items = []
    for q in body[i + 1:]:
        m = parse_marker(q)
        if m is None or m.rank <= rank:
            break
        items.append(q)
    return len(items) >= 2 and items[0].rstrip().endswith(("；", ";"))


# ----------------------------------------------------------------------------------------------
# Tree → parts and measures
# ----------------------------------------------------------------------------------------------
@dataclass
class Converter:
    """Turns the tree into draft parts; ``preface`` loses the heading it gives to a first list."""

    preface: list[str]

    def parts(self, root: Node) -> list[DraftPart]:
        # Pass 1: where a new group of top-level items starts, and the heading printed before it
        # (taken off the end of the previous item before that item is converted).
        plan: list[tuple[Node, str, list[str] | None]] = []  # (node, group kind, heading of a new group)
        kind = ""
        last: Node | None = None
        for c in root.children:
            heading: list[str] | None = None
            if c.rank >= 4:
                if not kind or c.restart or kind != "items":
                    heading = _detach(last) if last is not None else self._detach_preface()
                    kind = "items"
            elif kind == "items":
                detached = _detach(last)
                kind = "headings" if detached else ""
                heading = detached or None
            plan.append((c, kind, heading))
            last = c
        # Pass 2: convert.
        top: list[DraftPart] = []
        group: DraftPart | None = None
        for c, k, heading in plan:
            if heading is not None:
                group = _group(heading)
                top.append(group)
            elif not k:
                group = None
            if group is None:
                top.append(self.part(c))
            elif c.children or k == "headings":
                group.parts.append(self.part(c))
            else:
                self.measure(c, group)
        return top

    def _detach_preface(self) -> list[str]:
        k = len(self.preface)
        while k > 0 and is_heading_like(self.preface[k - 1]) and len(self.preface) - k < 2:
            k -= 1
        lines = self.preface[k:]
        if lines and len(squash(lines[-1])) > 6:
            lines, k = lines[-1:], len(self.preface) - 1
        self.preface = self.preface[:k]
        return lines

    def part(self, node: Node) -> DraftPart:
        assert node.marker is not None
        p = DraftPart(number=node.marker.printed, title=fields.tidy(node.head))
        if not node.children:
            rest = node.marker.rest
            title = fields.tidy(rest).removesuffix("。") if title_only(rest) else _lead(rest)[0]
            m = DraftMeasure(number="", title=title or p.title, text=node.body or [node.head],
                             title_editorial=not title_only(rest) and len(_lead(rest)[0]) == 0)
            if not node.body:
                m.number = node.marker.printed
            _finish(m, p)
            p.measures.append(m)
        else:
            p.intro = list(node.body)
            has_parts = any(ch.children for ch in node.children)
            for ch in node.children:
                assert ch.marker is not None
                if ch.children or (has_parts and title_only(ch.marker.rest) and ch.body):
                    p.parts.append(self.part(ch))
                else:
                    self.measure(ch, p)
        if node.closing:
            p.intro += node.closing
            p.todo.append(TODO_MOVED.format(fields.tidy(node.closing[0])[:12]))
        return p

    def measure(self, node: Node, part: DraftPart) -> None:
        assert node.marker is not None
        rest = node.marker.rest
        body, tables = _split_tables(node.body)
        if not rest and body:
            title, editorial = _lead(body[0])
            text = body
        elif title_only(rest) and body and not ends_sentence(rest):
            title, editorial = fields.tidy(rest), False  # a heading printed above the text
            text = body
        elif title_only(rest) and body:
            title, editorial = fields.tidy(rest).removesuffix("。"), False
            text = [node.head, *body]
        else:
            title, editorial = _lead(rest)
            text = [node.head, *body]
        text, contacts = fields.contacts_from_lines(text)
        number = node.marker.printed
        m = DraftMeasure(number=number, title=title, text=text or [node.head], title_editorial=editorial,
                         contacts=contacts)
        if editorial:
            m.todo.append("原文此条没有标题，标题为自动截取的开头文字；请拟写标题（保留 title_editorial: true）")
        for t in tables:
            for row in t.rows:
                m.contacts.append(fields.contact(label=row[0], office=row[1], person=row[2], phone=row[3],
                                                 email=row[4]))
            part.tables.append(t)
        _finish(m, part)
        if node.closing:
            part.intro += node.closing
        part.measures.append(m)


def _group(heading: list[str]) -> DraftPart:
    if not heading:
        g = DraftPart(number="", title="（未命名部分）")
        g.todo.append("原文这组措施前没有可识别的标题；请填写部分标题（title）")
        return g
    title_lines = heading[-2:] if len(squash(heading[-1])) <= 6 and len(heading) > 1 else heading[-1:]
    rest = heading[: len(heading) - len(title_lines)]
    return DraftPart(number="", title=fields.tidy("".join(title_lines)), intro=rest)


def _detach(node: Node | None) -> list[str]:
    """Take the heading lines printed after the last item of ``node`` (they head what follows)."""
    if node is None:
        return []
    leaf = node
    while leaf.children:
        leaf = leaf.children[-1]
    k = len(leaf.body)
    while k > 0 and is_heading_like(leaf.body[k - 1]) and fields.office_person(leaf.body[k - 1]) is None:
        k -= 1
    out = leaf.body[k:]
    leaf.body = leaf.body[:k]
    return out


def _lead(rest: str) -> tuple[str, bool]:
    """An item's title: its first sentence when short, else the opening words (editorial)."""
    s = fields.tidy(rest)
    cut = re.search(r"[。：:]", s)
    phrase = s[: cut.start()] if cut else ""
    if 0 < len(phrase) <= 30:
        return phrase, False
    words = re.split(r"[，,；;。]", s)[0]
    return (words[:18] + "…" if len(words) > 18 else words) or "（无标题）", True


def _split_tables(body: list[str]) -> tuple[list[str], list[DraftTable]]:
    """Contact tables (rows of '| 类别 处室 姓名 电话：… 邮箱：… |') out of an item's paragraphs."""
    text: list[str] = []
    tables: list[DraftTable] = []
    for i, line in enumerate(body):
        if not line.startswith("|"):
            nxt = body[i + 1] if i + 1 < len(body) else ""
            if nxt.startswith("|") and is_heading_like(line):
                tables.append(DraftTable(title=fields.tidy(line), columns=["类别", "处室", "联系人", "电话", "邮箱"],
                                         rows=[]))
                continue
            text.append(line)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        contacts = [fields.contact_from_cell(c) for c in cells if c]
        if not contacts or any(c is None for c in contacts):
            text.append(line)
            continue
        if not tables:
            tables.append(DraftTable(title="联系人", columns=["类别", "处室", "联系人", "电话", "邮箱"], rows=[]))
        for c in contacts:
            assert c is not None
            tables[-1].rows.append([c.get("label", ""), c.get("office", ""), c.get("person", ""),
                                    c.get("phone", ""), c.get("email", "")])
    for t in tables:
        t.notes.append("编者注：本表由原文的联系人表格整理而成，列名为编者所加。")
    return text, [t for t in tables if t.rows]


def _finish(m: DraftMeasure, _part: DraftPart) -> None:
    """Citation, inline contacts and amounts of a measure's text."""
    m.text = [fields.tidy(x) for x in m.text if fields.tidy(x)]
    whole = "\n".join(m.text)
    if m.text:
        cited = fields.citation(m.text[-1])
        if cited:
            title, num, issuer = cited
            m.source = {"title": title, "doc_number": num}
            if issuer:
                m.issuer = [x for x in re.split(r"\s+", issuer) if x]
            lr = fields.cited_level(title, num)
            if lr:
                m.level, m.region = lr
    for line in m.text:
        for c in fields.inline_contacts(line):
            if c not in m.contacts:
                m.contacts.append(c)
    m.amounts = fields.amounts(whole)
