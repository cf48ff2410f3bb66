"""The handbook on paper: A4 pages with a cover, a table of contents, running headers and numbers.

:class:`HandbookLayout` flows documents, parts, measures, editor's notes (编者注, set apart in a
tinted box) and tables into :class:`~ui.printing.ops.Page` plans; the table of contents is laid out
after the body so that its page numbers are the real ones.  :func:`export_handbook_pdf` writes the
PDF and may run in a worker thread (no widgets, no pixmaps; only a QPdfWriter and a QPainter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPagedPaintDevice

from content.bundle import ContentBundle
from content.console import program_name
from content.model import Contact, Document, Measure, Part, Table
from content.validity import Validity
from ui.printing.errors import SelectionError
from ui.printing.model import References, contact_groups
from ui.printing.ops import (
    INK,
    MUTED,
    Box,
    Font,
    Line,
    LinkArea,
    Mark,
    Metrics,
    Op,
    Page,
    Rule,
    Text,
    lines_height,
    paint_pages,
    place_lines,
)
from ui.printing.sheet import note_text
from ui.style import LEVEL_COLOURS

A4_W, A4_H = 210.0, 297.0
ACCENT = "#1f5fa8"
NOTE_FILL = "#fff6dc"
NOTE_BAR = "#d9a300"
APP_TITLE = "科技政策一点通"

BODY = Font(10.0)
SMALL = Font(8.5)


@dataclass(frozen=True)
class TocEntry:
    """A heading listed in the table of contents."""

    level: int
    title: str
    page: int  # 1-based physical page number
    y: float = 0.0  # where the heading is on its page (device px), for the contents link


def heading_of(p: Part) -> str:
    if p.number and not p.title.startswith(p.number):
        return f"{p.number}、{p.title}"
    return p.title


class _Flow:
    """Pages being filled top to bottom, with splitting of long blocks across pages."""

    def __init__(self, mx: Metrics, first_number: int) -> None:
        self.mx = mx
        self.left = mx.mm(22)
        self.right = mx.mm(A4_W - 22)
        self.width = self.right - self.left
        self.top = mx.mm(26)
        self.bottom = mx.mm(A4_H - 22)
        self.first_number = first_number
        self.pages: list[Page] = []
        self.running: list[str] = []  # running header text of each page
        self.doc_title = ""
        self.y = self.bottom  # forces a page on first use

    @property
    def page_number(self) -> int:
        return self.first_number + len(self.pages) - 1

    def new_page(self) -> None:
        self.pages.append(Page(kind="handbook"))
        self.running.append(self.doc_title)
        self.y = self.top

    def ensure(self, h: float) -> None:
        if not self.pages or self.y + h > self.bottom:
            self.new_page()

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1].ops

    def space(self, mm: float) -> None:
        if self.pages and self.y > self.top:
            self.y = min(self.y + self.mx.mm(mm), self.bottom)

    def lines(self, lines: Sequence[Line], *, x: float | None = None, color: str = INK,
              keep: int = 2) -> None:
        """Place lines, breaking pages between lines (at least ``keep`` lines stay together)."""
        x = self.left if x is None else x
        first = list(lines[:keep])
        self.ensure(lines_height(first))
        for ln in lines:
            self.ensure(ln.pitch)
            if ln.text:
                self.ops.append(Text(x, self.y + ln.ascent, ln.text, ln.font, color))
            self.y += ln.pitch

    def paragraph(self, text: str, font: Font = BODY, *, indent_mm: float = 0.0, color: str = INK,
                  spacing: float = 1.5) -> None:
        ind = self.mx.mm(indent_mm)
        self.lines(self.mx.wrap(text, font, self.width - ind, spacing=spacing), x=self.left + ind, color=color)

    def boxed(self, lines: Sequence[Line], *, fill: str, bar: str) -> None:
        """Lines in a tinted box with a coloured bar on the left; split across pages if needed."""
        mx = self.mx
        pad = mx.mm(2.2)
        i = 0
        while i < len(lines):
            first = lines[i].pitch + 2 * pad
            self.ensure(min(first + (lines[i + 1].pitch if i + 1 < len(lines) else 0), self.bottom - self.top))
            start_y = self.y
            y = start_y + pad
            chunk: list[Op] = []
            while i < len(lines) and (y + lines[i].pitch + pad <= self.bottom or y == start_y + pad):
                ln = lines[i]
                if ln.text:
                    chunk.append(Text(self.left + mx.mm(4.5), y + ln.ascent, ln.text, ln.font, INK))
                y += ln.pitch
                i += 1
            h = y + pad - start_y
            self.ops.append(Box(self.left, start_y, self.width, h, fill=fill))
            self.ops.append(Box(self.left, start_y, mx.mm(1.2), h, fill=bar))
            self.ops.extend(chunk)
            self.y = start_y + h
            if i < len(lines):
                self.new_page()

    def badges(self, labels: Sequence[tuple[str, str, str]], after: Line | None, x0: float) -> None:
        """Small coloured badges after the last heading line (or on their own line)."""
        if not labels:
            return
        mx = self.mx
        font = Font(8.0, True)
        bh = mx.line_height(font) + mx.mm(1.0)
        total = sum(mx.width(t, font) + mx.mm(4.5) for t, _, _ in labels)
        if after is not None and x0 + after.width + mx.mm(3) + total <= self.right:
            x = x0 + after.width + mx.mm(3)
            y = self.y - after.pitch + (after.ascent - mx.ascent(font)) - mx.mm(0.5)
        else:
            self.ensure(bh + mx.mm(1))
            x, y = x0, self.y
            self.y += bh + mx.mm(1)
        for text, fg, bg in labels:
            w = mx.width(text, font) + mx.mm(3)
            self.ops.append(Box(x, y, w, bh, fill=bg, stroke=fg, stroke_pt=0.4, radius=mx.mm(1)))
            self.ops.append(Text(x + mx.mm(1.5), y + mx.mm(0.5) + mx.ascent(font), text, font, fg))
            x += w + mx.mm(1.5)


def status_badges(status: Validity | None, level: str = "") -> list[tuple[str, str, str]]:
    """Badges for a heading: the level, and the computed status (always: on paper nothing looks current)."""
    out: list[tuple[str, str, str]] = []
    if level:
        fg, bg = LEVEL_COLOURS.get(level, (MUTED, "#eeeeee"))
        out.append((level, fg, bg))
    if status is not None:
        fg, bg = status.colours
        out.append((status.label, fg, bg))
    return out


class HandbookLayout:
    """The handbook (or one document, part or measure) as A4 pages.

    Args:
        bundle: The loaded content (statuses and issuers are printed from it).
        scope_id: ``None`` for everything, else a document, part or measure id.
        cover: Start with a cover page.
        toc: Include a table of contents (after the cover); its lines are links to their pages.
        notes: Print the editor's notes (the handbook does by default; ids are never printed).

    The PDF's outline (:attr:`Page.marks`) has one entry per document and per part, nested as they are.

    Raises:
        SelectionError: ``scope_id`` is not a document, part or measure.
    """

    def __init__(self, bundle: ContentBundle, scope_id: str | None = None, *, cover: bool = True,
                 toc: bool = True, notes: bool = True, progress: Callable[[int, int], None] | None = None) -> None:
        self.bundle = bundle
        self.hb = handbook = bundle.handbook
        self.scope = handbook.find(scope_id) if scope_id else None
        if scope_id and self.scope is None:
            raise SelectionError(f"没有编号为“{scope_id}”的文件、部分或措施（编号见 {program_name()} list）")
        self.cover = cover
        self.toc = toc
        self.notes = notes
        self.refs = References(handbook)
        self.progress = progress
        self.toc_entries: list[TocEntry] = []
        self._done = 0
        self._total = self._measure_count()

    # -- scope ------------------------------------------------------------------------------------
    def _documents(self) -> list[Document]:
        if self.scope is None:
            return list(self.hb.documents)
        return []

    def _measure_count(self) -> int:
        s = self.scope
        if s is None:
            return len(self.hb.measures())
        if isinstance(s, Measure):
            return 1
        return sum(1 for _ in s.all_measures())

    def title(self) -> str:
        s = self.scope
        if s is None:
            return f"{APP_TITLE} · 科技政策手册"
        return s.title if not isinstance(s, Measure) else s.display_title

    def _tick(self) -> None:
        self._done += 1
        if self.progress is not None:
            self.progress(self._done, 2 * max(self._total, 1))

    # -- pagination -------------------------------------------------------------------------------
    def paginate(self, mx: Metrics) -> list[Page]:
        cover_pages = 1 if self.cover else 0
        # the table of contents is laid out twice: once to learn its length, once with the numbers
        entries_guess = self._toc_skeleton()
        toc_len = len(self._toc_pages(mx, [TocEntry(lv, t, 999) for lv, t in entries_guess], 0)) \
            if self.toc and entries_guess else 0
        flow = _Flow(mx, first_number=cover_pages + toc_len + 1)
        self.toc_entries = []
        self._body(flow)
        toc_pages = self._toc_pages(mx, self.toc_entries, cover_pages) if toc_len else []
        if len(toc_pages) != toc_len:  # cannot happen: entries and widths are the same; keep honest
            raise RuntimeError("table of contents changed length between passes")
        pages: list[Page] = []
        if self.cover:
            pages.append(self._cover_page(mx))
        pages += toc_pages
        body_start = len(pages)
        pages += flow.pages
        total = len(pages)
        for i, page in enumerate(pages):
            number = i + 1
            if i >= body_start:
                self._running(mx, page, flow.running[i - body_start], number, total)
            elif page.kind == "toc":
                self._running(mx, page, "目录", number, total)
        return pages

    def _toc_skeleton(self) -> list[tuple[int, str]]:
        s = self.scope
        out: list[tuple[int, str]] = []
        if s is None:
            for d in self.hb.documents:
                out.append((0, d.title))
                out += [(1, heading_of(p)) for p in d.parts]
        elif isinstance(s, Document):
            out.append((0, s.title))
            out += [(1, heading_of(p)) for p in s.parts]
        elif isinstance(s, Part):
            out.append((0, heading_of(s)))
            out += [(1, heading_of(p)) for p in s.parts]
        return out

    # -- body -------------------------------------------------------------------------------------
    def _body(self, flow: _Flow) -> None:
        s = self.scope
        if s is None:
            for d in self.hb.documents:
                self._document(flow, d)
        elif isinstance(s, Document):
            self._document(flow, s)
        elif isinstance(s, Part):
            doc = self.hb.document(s.document_id)
            flow.doc_title = (doc.short_title or doc.title) if doc else s.title
            flow.new_page()
            if doc is not None:
                flow.paragraph(doc.title, Font(9.0), color=MUTED)
                flow.space(2)
            self._part(flow, s, depth=0)
        else:
            doc = self.hb.document(s.document_id)
            flow.doc_title = (doc.short_title or doc.title) if doc else ""
            flow.new_page()
            crumbs = " › ".join(s.path)
            if crumbs:
                flow.paragraph(crumbs, Font(9.0), color=MUTED)
                flow.space(2)
            self._measure(flow, s)

    def _document(self, flow: _Flow, d: Document) -> None:
        mx = flow.mx
        flow.doc_title = d.short_title or d.title
        flow.new_page()
        self.toc_entries.append(TocEntry(0, d.title, flow.page_number, flow.y))
        flow.pages[-1].marks.append(Mark(0, d.title, flow.y))
        title = mx.wrap(d.title, Font(17.0, True), flow.width, spacing=1.35)
        flow.lines(title, color=INK)
        dv = self.bundle.status(d.id)
        flow.badges(status_badges(dv, d.level), title[-1] if title else None, flow.left)
        flow.space(1.5)
        period_key = "草案目标期" if d.kind.value == "征求意见稿" else "文件所定期限"
        meta = [
            ("发文机关", d.issuer_text),
            ("文件类型", d.kind.value),
            ("文号", d.doc_number),
            ("日期", d.date_wording or d.date),
            ("地区", d.region),
            (period_key, f"{d.period.label()}（原文：{d.period.wording}）" if d.period else ""),
            ("意见征集截止", d.comment_deadline),
            ("状态", f"{dv.label}（{dv.reason}）"),
            ("内容来源", self.bundle.provenance(d).label()),
        ]
        for key, value in meta:
            if value:
                flow.paragraph(f"{key}：{value}", SMALL, color=MUTED, spacing=1.4)
        flow.y += mx.mm(1.5)
        flow.ensure(mx.mm(2))
        flow.ops.append(Rule(flow.left, flow.y, flow.right, flow.y, ACCENT, 0.8))
        flow.space(3)
        for note in d.notes:
            self._note(flow, note)
        if d.preface:
            flow.paragraph(d.preface.strip())
            flow.space(3)
        if d.contacts:
            self._contacts(flow, d.contacts, heading="联系方式")
        for t in d.tables:
            self._table(flow, t)
        for p in d.parts:
            self._part(flow, p, depth=1)

    def _part(self, flow: _Flow, p: Part, *, depth: int) -> None:
        mx = flow.mx
        size = 14.0 if depth <= 1 else 12.0
        flow.space(4 if depth <= 1 else 2.5)
        title = mx.wrap(heading_of(p), Font(size, True), flow.width, spacing=1.35)
        # keep the heading with the first lines that follow it
        flow.ensure(lines_height(title) + mx.mm(12))
        if depth <= 1 or (isinstance(self.scope, Part) and depth == 1):
            self.toc_entries.append(TocEntry(1 if depth else 0, heading_of(p), flow.page_number, flow.y))
        flow.pages[-1].marks.append(Mark(depth, heading_of(p), flow.y))  # every part, at every depth
        flow.lines(title, color=ACCENT if depth <= 1 else INK, keep=len(title))
        if p.level or p.issuer:
            bits = [x for x in (self.bundle.issuer_text(p) if p.issuer else "", p.region) if x]
            badges = status_badges(None, p.level) if p.level else []
            meta = mx.wrap(" · ".join(bits), SMALL, flow.width, spacing=1.6) if bits else []
            flow.lines(meta, color=MUTED)
            flow.badges(badges, meta[-1] if meta else None, flow.left)
        flow.space(1.5)
        for note in p.notes:
            self._note(flow, note)
        if p.intro:
            flow.paragraph(p.intro.strip())
            flow.space(2)
        if p.contacts:
            self._contacts(flow, p.contacts, heading="联系方式")
        for m in p.measures:
            self._measure(flow, m)
        for t in p.tables:
            self._table(flow, t)
        for sub in p.parts:
            self._part(flow, sub, depth=depth + 1)

    def _measure(self, flow: _Flow, m: Measure) -> None:
        mx = flow.mx
        flow.space(3)
        title = mx.wrap(m.display_title, Font(11.0, True), flow.width, spacing=1.4)
        body = mx.wrap(m.text.strip(), BODY, flow.width, spacing=1.5)
        editorial = mx.wrap("（标题为编者所拟，非原文）", Font(8.0), flow.width, spacing=1.3) \
            if m.title_editorial else []
        # the heading never ends a page: it stays with the first two lines of the text
        flow.ensure(lines_height(title) + lines_height(editorial) + mx.mm(1) + lines_height(body[:2]))
        flow.lines(title, keep=len(title))
        mv = self.bundle.status(m.id)
        flow.badges(status_badges(mv), title[-1] if title else None, flow.left)
        flow.paragraph(f"状态说明：{mv.reason}", Font(8.0), color=MUTED, spacing=1.3)
        if editorial:
            flow.lines(editorial, color=MUTED)
        flow.space(1)
        flow.lines(body)
        if m.source is not None:
            src = m.source.title + (f"（{m.source.doc_number}）" if m.source.doc_number else "")
            flow.paragraph(f"出处：{src}", SMALL, color=MUTED, spacing=1.4)
        if m.contacts:
            groups = contact_groups(self.hb, m)
            if len(groups) == 1 and not groups[0].heading:
                self._contacts(flow, m.contacts)
            else:  # the headings the source prints its contact tables under (技术攻关类需求 …)
                flow.space(1)
                flow.paragraph("联系人：", Font(9.0), spacing=1.45)
                for g in groups:
                    if g.heading:
                        flow.paragraph(g.heading, Font(9.0, True), indent_mm=6, color=ACCENT, spacing=1.45)
                    self._contacts(flow, g.contacts, heading="", indent_mm=12 if g.heading else 6)
        for note in m.notes:
            self._note(flow, note)
        self._tick()

    def _contacts(self, flow: _Flow, contacts: Sequence[Contact], *, heading: str = "联系人",
                  indent_mm: float = 0.0) -> None:
        if heading:
            flow.space(1)
        for i, c in enumerate(contacts):
            who = " ".join(x for x in (c.office, c.person) if x)
            if c.label:
                who = f"{c.label}：{who}"
            reach = "　".join(x for x in (f"电话：{c.phone}" if c.phone else "",
                                         f"邮箱：{c.email}" if c.email else "") if x)
            prefix = "" if not heading else f"{heading}：" if i == 0 else "　" * (len(heading) + 1)
            text = f"{prefix}{who}　{reach}".rstrip()
            flow.paragraph(text, Font(9.0), indent_mm=indent_mm, spacing=1.45)

    def _note(self, flow: _Flow, note: str) -> None:
        if not self.notes:
            return
        flow.space(1.5)
        text = note_text(self.refs.readable(note))  # the editors' ids never reach paper
        lines = flow.mx.wrap(text, Font(8.5), flow.width - flow.mx.mm(7), spacing=1.45)
        flow.boxed(lines, fill=NOTE_FILL, bar=NOTE_BAR)
        flow.space(1.5)

    def _table(self, flow: _Flow, t: Table) -> None:
        mx = flow.mx
        flow.space(3)
        if t.title:
            title = mx.wrap(t.title, Font(10.0, True), flow.width)
            flow.ensure(lines_height(title) + mx.mm(15))
            flow.lines(title, keep=len(title))
            flow.space(1)
        font = Font(8.0)
        bold = Font(8.0, True)
        pad = mx.mm(1.2)
        n = len(t.columns)
        # natural widths (capped), scaled to the text width
        natural = []
        for c in range(n):
            texts = [t.columns[c], *(r[c] for r in t.rows if c < len(r))]
            natural.append(min(max(mx.width(x, font) for x in texts) + 2 * pad, mx.mm(70)))
        natural = [max(w, mx.mm(10)) for w in natural]
        # short columns (numbers, years, units) keep their width; the long ones share the rest
        short = [w <= mx.mm(22) for w in natural]
        fixed = sum(w for w, s in zip(natural, short, strict=True) if s)
        flexible = sum(w for w, s in zip(natural, short, strict=True) if not s)
        if flexible and fixed < flow.width * 0.6 and fixed + flexible > flow.width:
            k = (flow.width - fixed) / flexible
            widths = [w if s else w * k for w, s in zip(natural, short, strict=True)]
        else:
            widths = [w * flow.width / sum(natural) for w in natural]

        def row_lines(cells: Sequence[str], f: Font) -> list[list[Line]]:
            return [mx.wrap(cells[c] if c < len(cells) else "", f, widths[c] - 2 * pad, spacing=1.3)
                    for c in range(n)]

        head = row_lines(t.columns, bold)

        def draw(cells: list[list[Line]], fill: str | None) -> None:
            h = max(lines_height(c) for c in cells) + 2 * pad
            x = flow.left
            flow.ops.append(Box(flow.left, flow.y, flow.width, h, fill=fill, stroke=INK, stroke_pt=0.4))
            for c, lines in enumerate(cells):
                ops, _ = place_lines(lines, x + pad, flow.y + pad, INK)
                flow.ops.extend(ops)
                x += widths[c]
                if c < n - 1:
                    flow.ops.append(Rule(x, flow.y, x, flow.y + h, INK, 0.4))
            flow.y += h

        head_h = max(lines_height(c) for c in head) + 2 * pad
        flow.ensure(head_h + mx.mm(8))
        draw(head, "#e8eef6")
        for r in t.rows:
            cells = row_lines(r, font)
            while cells:
                h = max(lines_height(c) for c in cells) + 2 * pad
                if flow.y + h <= flow.bottom:
                    draw(cells, None)
                    break
                room = flow.bottom - flow.y - 2 * pad
                if h > flow.bottom - flow.top - head_h or room > (flow.bottom - flow.top) / 3:
                    # split the row: what fits here, the rest on the next page
                    fit: list[list[Line]] = []
                    rest: list[list[Line]] = []
                    for lines in cells:
                        used, k = 0.0, 0
                        while k < len(lines) and used + lines[k].pitch <= room:
                            used += lines[k].pitch
                            k += 1
                        fit.append(lines[:k])
                        rest.append(lines[k:])
                    if any(fit):
                        draw(fit, None)
                    cells = rest if any(rest) else []
                flow.new_page()
                draw(head, "#e8eef6")
        for note in t.notes:
            self._note(flow, note)

    # -- cover, contents, running heads ----------------------------------------------------------
    def _cover_page(self, mx: Metrics) -> Page:
        page = Page(kind="cover")
        w = mx.mm(A4_W)
        left = mx.mm(25)
        iw = w - 2 * left
        page.ops.append(Box(0, 0, w, mx.mm(95), fill=ACCENT))
        y = mx.mm(40)
        ops, y = place_lines(mx.wrap(APP_TITLE, Font(30.0, True), iw), left, y, "#ffffff")
        page.ops += ops
        sub = "河北省科技政策手册" if self.scope is None else "科技政策手册 · 单篇导出"
        ops, y = place_lines(mx.wrap(sub, Font(15.0), iw), left, y + mx.mm(3), "#ffffff")
        page.ops += ops
        y = mx.mm(112)
        if self.scope is None:
            docs = self.hb.documents
            n_measures = len(self.hb.measures())
            ops, y = place_lines(mx.wrap(f"收录 {len(docs)} 份政策文件、{n_measures} 条措施：", Font(11.0, True), iw),
                                 left, y, INK)
            page.ops += ops
            y += mx.mm(2)
            for d in docs:
                st = self.bundle.status(d.id).status.value
                label = d.title + ("" if st in d.title else f"（{st}）")
                ops, y = place_lines(mx.wrap(f"· {label}", Font(10.5), iw, spacing=1.55), left, y, INK)
                page.ops += ops
        else:
            ops, y = place_lines(mx.wrap(self.title(), Font(16.0, True), iw, spacing=1.4), left, y, INK)
            page.ops += ops
        foot = [self.bundle.summary_line()]
        foot.append("条文以正式发布的文件为准；编者注为本手册编者所加，不是原文。" if self.notes
                    else "条文以正式发布的文件为准；本次导出未印编者注。")
        y = mx.mm(A4_H - 40)
        for line in foot:
            ops, y = place_lines(mx.wrap(line, Font(9.5), iw, spacing=1.5), left, y, MUTED)
            page.ops += ops
        return page

    def _toc_pages(self, mx: Metrics, entries: Sequence[TocEntry], cover_pages: int) -> list[Page]:
        left = mx.mm(22)
        right = mx.mm(A4_W - 22)
        top, bottom = mx.mm(26), mx.mm(A4_H - 22)
        num_w = mx.mm(12)
        pages: list[Page] = [Page(kind="toc", marks=[Mark(0, "目录", top)])]
        ops, y = place_lines(mx.wrap("目　录", Font(18.0, True), right - left), left, top, INK,
                             align="center", box_width=right - left)
        pages[0].ops += ops
        y += mx.mm(4)
        for e in entries:
            font = Font(10.5, True) if e.level == 0 else Font(9.5)
            indent = mx.mm(6) * e.level
            space_before = mx.mm(2.5) if e.level == 0 else mx.mm(0.3)
            lines = mx.wrap(e.title, font, right - left - indent - num_w - mx.mm(4), spacing=1.35)
            h = lines_height(lines) + space_before
            if y + h > bottom:
                pages.append(Page(kind="toc"))
                y = top
            y += space_before
            ops, y_end = place_lines(lines, left + indent, y, INK)
            pages[-1].ops += ops
            # the whole line, title to page number, jumps to the heading
            pages[-1].links.append(LinkArea(left + indent, y - mx.mm(0.3), right - left - indent,
                                            y_end - y + mx.mm(0.6), e.page - 1, e.y))
            last = lines[-1]
            base = y_end - last.pitch + last.ascent
            num = str(e.page)
            nw = mx.width(num, font)
            pages[-1].ops.append(Text(right - nw, base, num, font, INK))
            # dotted leader from the end of the title to the number
            x1 = left + indent + last.width + mx.mm(2)
            x2 = right - nw - mx.mm(2)
            if x2 > x1:
                pages[-1].ops.append(Rule(x1, base, x2, base, "#9aa3ad", 0.8, dotted=True))
            y = y_end
        return pages

    def _running(self, mx: Metrics, page: Page, head: str, number: int, total: int) -> None:
        left, right = mx.mm(22), mx.mm(A4_W - 22)
        font = Font(8.0)
        y = mx.mm(16)
        head_lines = mx.wrap(head, font, right - left - mx.mm(40))
        text = head_lines[0].text if head_lines else ""
        if len(head_lines) > 1:
            text = text[:-1] + "…"
        page.ops.append(Text(left, y, text, font, MUTED))
        tag = APP_TITLE
        page.ops.append(Text(right - mx.width(tag, font), y, tag, font, MUTED))
        page.ops.append(Rule(left, y + mx.mm(2), right, y + mx.mm(2), "#c5ccd4", 0.5))
        label = f"第 {number} 页 / 共 {total} 页"
        fy = mx.mm(A4_H - 12)
        page.ops.append(Text(right - mx.width(label, font), fy, label, font, MUTED))
        facts = self.bundle.summary_line()  # 文本录入 … · 效力核实 n/212: two facts, never one date
        page.ops.append(Text(left, fy, facts, font, MUTED))

    # -- output -----------------------------------------------------------------------------------
    def render(self, device: QPagedPaintDevice) -> int:
        """Lay out on ``device`` and paint; returns the number of pages."""
        return len(self.render_pages(device)[1])

    def render_pages(self, device: QPagedPaintDevice) -> tuple[int, list[Page]]:
        """:meth:`render`, also returning the page plans (their outline and links go into the PDF)."""
        pages = self.paginate(Metrics(device))
        done_layout = self._done

        def painted(i: int, n: int) -> None:
            if self.progress is not None:
                total = 2 * max(self._total, 1)
                self.progress(min(total, done_layout + (total - done_layout) * i // n), total)

        paint_pages(device, pages, progress=painted)
        return len(pages), pages


def export_handbook_pdf(bundle: ContentBundle, out: Path, *, doc_id: str | None = None, notes: bool = True,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Write the handbook, or one document or part, to an A4 PDF.

    Safe to call from a worker thread once the application object exists: it uses only a
    ``QPdfWriter`` and a ``QPainter``, never a widget.

    Args:
        bundle: The loaded content.
        out: The PDF file (replaced if it exists).
        doc_id: A document or part id; ``None`` exports everything.
        notes: Print the editor's notes (on by default for the handbook).
        progress: Called with ``(done, total)`` as the export advances (from the calling thread).

    Returns:
        The number of pages written.

    Raises:
        SelectionError: ``doc_id`` is unknown.
        PrintError: The file cannot be written.
    """
    from ui.printing.fonts import ensure_cjk_fonts
    from ui.printing.render import write_pdf

    ensure_cjk_fonts()
    layout = HandbookLayout(bundle, doc_id, notes=notes, progress=progress)
    result = write_pdf(Path(out), layout.render_pages, title=layout.title())
    assert isinstance(result, int)
    return result
