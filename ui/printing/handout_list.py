"""The hand-out list: an A4 table 责任部门 | 政策措施 | 支持内容 | 联系人 | 联系方式.

Every row prints the measure's computed status in its status colour; editor's notes only on
request (``notes=True``).  A row taller than what is left of a page is split and continued （续）.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from content.model import Measure
from ui.printing.model import CardReport, MeasureLayout, contact_groups
from ui.printing.ops import (
    ACCENT,
    INK,
    MUTED,
    Box,
    Font,
    Line,
    Mark,
    Metrics,
    Page,
    Rule,
    Text,
    lines_height,
    place_lines,
)
from ui.printing.sheet import A4_H, A4_W, CONT, NOTE_INK, fit_line, note_text, status_text

LIST_TEXT_PT = 8.0

#: A cell's lines, each with its colour.
Cell = list[tuple[Line, str]]


@dataclass
class _Row:
    measure_id: str
    cells: list[Cell]
    continued: bool = False

    @property
    def n(self) -> int:
        return max((len(c) for c in self.cells), default=0)


class ListLayout(MeasureLayout):
    """An A4 table 责任部门 | 政策措施 | 支持内容 | 联系人 | 联系方式, the common hand-out.

    Args:
        bundle: The loaded content (statuses are printed from it).
        ids: The measures, one row each, in this order.
        header: The heading (title, office, contact lines); ``None`` = the Chang'an card's.
        notes: Print the editor's notes under the text (for checking by staff).
    """

    name = "list"
    COLUMNS = ("责任部门", "政策措施", "支持内容", "联系人", "联系方式")
    WIDTHS = (28.0, 34.0, 66.0, 16.0, 36.0)  # mm, 180 in all
    MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15.0, 14.0, 16.0
    CELL_PAD = 1.6

    def _cell_lines(self, mx: Metrics, m: Measure) -> list[list[Line]]:
        """The lines of ``m``'s cells (without colours)."""
        return [[ln for ln, _ in cell] for cell in self._cells(mx, m)]

    def _cells(self, mx: Metrics, m: Measure) -> list[Cell]:
        f = Font(LIST_TEXT_PT)
        fb = Font(LIST_TEXT_PT, True)
        pad = mx.mm(self.CELL_PAD)
        widths = [mx.mm(w) - 2 * pad for w in self.WIDTHS]

        def ink(lines: list[Line], colour: str = INK) -> Cell:
            return [(ln, colour) for ln in lines]

        issuer = "、".join(self.lineage.issuer(m))
        offices: list[str] = []
        for c in m.contacts:
            if c.office and c.office not in offices:
                offices.append(c.office)
        dept = "\n".join(x for x in (issuer, "、".join(offices)) if x)
        v = self.bundle.status(m.id)
        content = ink(mx.wrap(m.text.strip(), f, widths[2], spacing=1.3))
        if self.notes:
            for note in m.notes:
                content += ink(mx.wrap(note_text(self.refs.readable(note)), f, widths[2], spacing=1.3), NOTE_INK)
        cells: list[Cell] = [
            ink(mx.wrap(dept, f, widths[0], spacing=1.3)),
            ink(mx.wrap(m.display_title, fb, widths[1], spacing=1.3))
            + ink(mx.wrap(status_text(v), Font(LIST_TEXT_PT, True), widths[1], spacing=1.3), v.colours[0]),
            content,
        ]
        people: Cell = []
        reach: Cell = []
        blank = replace(mx.wrap("　", f, widths[3], spacing=1.3)[0], text="")
        for group in contact_groups(self.hb, m):
            if group.heading:  # 技术攻关类需求 / 成果转化类需求, as the source prints them (the wider column)
                head = ink(mx.wrap(group.heading, fb, widths[4], spacing=1.3), ACCENT)
                reach += head
                people += [(blank, INK)] * len(head)
            for c in group.contacts:
                who = mx.wrap(c.person or c.office, f, widths[3], spacing=1.3)
                how = [ln for r in (c.phone, c.email) if r for ln in fit_line(mx, r, f, widths[4])]
                if c.label:
                    how = mx.wrap(c.label + "：", Font(LIST_TEXT_PT - 1), widths[4], spacing=1.3) + how
                n = max(len(who), len(how))
                people += ink(who + [blank] * (n - len(who)))
                reach += ink(how + [blank] * (n - len(how)))
        cells += [people, reach]
        return cells

    def _row_height(self, mx: Metrics, row: _Row) -> float:
        pitch = max((ln.pitch for cell in row.cells for ln, _ in cell), default=0.0)
        body = max((lines_height([ln for ln, _ in cell]) for cell in row.cells), default=pitch)
        return body + 2 * mx.mm(self.CELL_PAD)

    def _split(self, mx: Metrics, row: _Row, room: float) -> tuple[_Row, _Row | None]:
        """The part of ``row`` that fits ``room`` and the rest (marked （续）)."""
        inner = room - 2 * mx.mm(self.CELL_PAD)
        head: list[Cell] = []
        tail: list[Cell] = []
        for cell in row.cells:
            used, k = 0.0, 0
            while k < len(cell) and used + cell[k][0].pitch <= inner:
                used += cell[k][0].pitch
                k += 1
            head.append(cell[:k])
            tail.append(cell[k:])
        if not any(tail):
            return row, None
        cont_line = mx.wrap(CONT, Font(LIST_TEXT_PT, True), mx.mm(self.WIDTHS[1]))[0]
        tail[1] = [(cont_line, INK), *tail[1]]
        return _Row(row.measure_id, head, row.continued), _Row(row.measure_id, tail, True)

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        page_w, page_h = mx.mm(A4_W), mx.mm(A4_H)
        x0 = mx.mm(self.MARGIN_X)
        bottom = page_h - mx.mm(self.MARGIN_BOTTOM)
        pages: list[Page] = []
        continued: list[str] = []
        rows_drawn = 0
        band = None

        def new_page() -> tuple[Page, float]:
            page = Page(kind="list")
            y = mx.mm(self.MARGIN_TOP)
            if not pages:
                y = self._title(mx, page, y, page_w)
            y = self._table_head(mx, page, x0, y)
            pages.append(page)
            return page, y

        page, y = new_page()
        body_room = bottom - y  # the room of a fresh first page; later pages have at least this
        for m in self.measures:
            if self.lineage.band(m) != band:  # the section (省级十二条 …) as a row across the table
                band = self.lineage.band(m)
                band_h = self._band_height(mx, band)
                if y + band_h + mx.mm(20) > bottom:
                    page, y = new_page()
                page.marks.append(Mark(0, band, y))
                y = self._draw_band(mx, page, band, x0, y)
            row: _Row | None = _Row(m.id, self._cells(mx, m))
            first = True
            while row is not None:
                h = self._row_height(mx, row)
                if y + h > bottom:
                    fits_fresh = h <= body_room
                    if fits_fresh or bottom - y < mx.mm(25):
                        page, y = new_page()
                        continue
                    part, rest = self._split(mx, row, bottom - y)
                    if m.id not in continued:
                        continued.append(m.id)
                    if first:
                        page.marks.append(Mark(1, m.display_title, y))
                    first = False
                    y = self._draw_row(mx, page, part, x0, y)
                    rows_drawn += 1
                    row = rest
                    page, y = new_page()
                    continue
                if first:
                    page.marks.append(Mark(1, m.display_title, y))
                first = False
                y = self._draw_row(mx, page, row, x0, y)
                rows_drawn += 1
                row = None
        total = len(pages)
        for i, pg in enumerate(pages):
            self._footer(mx, pg, i + 1, total, page_w, page_h)
        report = CardReport(layout=self.name, pages=total, cards=rows_drawn,
                            measures=tuple(m.id for m in self.measures), continued=tuple(continued),
                            names=tuple((m.id, m.display_title) for m in self.measures),
                            notes_left_out=() if self.notes else tuple(m.id for m in self.measures if m.notes))
        return pages, report

    def _band_lines(self, mx: Metrics, band: str) -> list[Line]:
        return mx.wrap(band, Font(9.0, True), mx.mm(sum(self.WIDTHS)) - 2 * mx.mm(self.CELL_PAD), spacing=1.3)

    def _band_height(self, mx: Metrics, band: str) -> float:
        return lines_height(self._band_lines(mx, band)) + 2 * mx.mm(self.CELL_PAD)

    def _draw_band(self, mx: Metrics, page: Page, band: str, x0: float, y: float) -> float:
        """A row across the table naming the section the next measures come from."""
        h = self._band_height(mx, band)
        page.ops.append(Box(x0, y, mx.mm(sum(self.WIDTHS)), h, fill="#f7eded", stroke=INK, stroke_pt=0.5))
        ops, _ = place_lines(self._band_lines(mx, band), x0 + mx.mm(self.CELL_PAD), y + mx.mm(self.CELL_PAD), ACCENT)
        page.ops += ops
        return y + h

    def _title(self, mx: Metrics, page: Page, y: float, page_w: float) -> float:
        h = self.header
        iw = page_w - 2 * mx.mm(self.MARGIN_X)
        x0 = mx.mm(self.MARGIN_X)
        title = f"{h.title}一览表" if h.title else "政策措施一览表"
        ops, y = place_lines(mx.wrap(title, Font(15.0, True), iw, spacing=1.35), x0, y, INK, align="center",
                             box_width=iw)
        page.ops += ops
        info = "　".join(x for x in (h.office, *h.contact_lines) if x)
        if info:
            ops, y = place_lines(mx.wrap(info, Font(8.5), iw), x0, y + mx.mm(0.5), MUTED, align="center",
                                 box_width=iw)
            page.ops += ops
        return y + mx.mm(3)

    def _table_head(self, mx: Metrics, page: Page, x0: float, y: float) -> float:
        font = Font(8.5, True)
        h = mx.line_height(font) * 1.3 + 2 * mx.mm(self.CELL_PAD)
        total = mx.mm(sum(self.WIDTHS))
        page.ops.append(Box(x0, y, total, h, fill="#f1dcdc", stroke=INK, stroke_pt=0.5))
        x = x0
        for name, w in zip(self.COLUMNS, self.WIDTHS, strict=True):
            cw = mx.mm(w)
            tw = mx.width(name, font)
            page.ops.append(Text(x + (cw - tw) / 2, y + mx.mm(self.CELL_PAD) + mx.ascent(font), name, font))
            x += cw
            if x < x0 + total - 1:
                page.ops.append(Rule(x, y, x, y + h, INK, 0.5))
        return y + h

    def _draw_row(self, mx: Metrics, page: Page, row: _Row, x0: float, y: float) -> float:
        h = self._row_height(mx, row)
        total = mx.mm(sum(self.WIDTHS))
        pad = mx.mm(self.CELL_PAD)
        page.ops.append(Box(x0, y, total, h, stroke=INK, stroke_pt=0.5))
        x = x0
        for cell, w in zip(row.cells, self.WIDTHS, strict=True):
            yy = y + pad
            for ln, colour in cell:
                ops, yy = place_lines([ln], x + pad, yy, colour)
                page.ops += ops
            x += mx.mm(w)
            if x < x0 + total - 1:
                page.ops.append(Rule(x, y, x, y + h, INK, 0.5))
        return y + h

    def _footer(self, mx: Metrics, page: Page, n: int, total: int, page_w: float, page_h: float) -> None:
        font = Font(7.5)
        y = page_h - mx.mm(9)
        x0 = mx.mm(self.MARGIN_X)
        if self.header.printed_by:
            page.ops.append(Text(x0, y, self.header.printed_by, font, MUTED))
        label = f"第 {n} 页 / 共 {total} 页"
        page.ops.append(Text(page_w - x0 - mx.width(label, font), y, label, font, MUTED))
