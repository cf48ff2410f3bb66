"""The three card layouts — 明白卡 (mingbai), contact cards and the hand-out list.

Each layout turns a selection of measures into :class:`~ui.printing.ops.Page` plans measured on
the target device; :func:`ui.printing.render.render_cards` paints them for preview, printer and PDF
alike.  Text that does not fit is never clipped: it is set smaller down to a minimum readable size,
then continued on the next card (or page) marked （续）, and the :class:`CardReport` says so.

Hand-outs print the official text, the contacts and the computed status; editor's notes only on
request (``notes=True``: they are for checking by staff) and internal ids never.  This module holds
the 明白卡; the contact cards are in :mod:`ui.printing.contact_cards`, the list in
:mod:`ui.printing.handout_list`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from content.bundle import ContentBundle
from content.model import Contact, Measure
from ui.printing.contact_cards import CONTACT_TITLE_SIZES, ContactLayout
from ui.printing.handout_list import LIST_TEXT_PT, ListLayout
from ui.printing.model import CardHeader, CardReport, MeasureLayout, contact_groups
from ui.printing.ops import (
    ACCENT,
    INK,
    MUTED,
    Box,
    Font,
    Line,
    Mark,
    Metrics,
    Op,
    Page,
    Picture,
    Rule,
    Text,
    lines_height,
    place_lines,
)
from ui.printing.sheet import (
    A4_H,
    A4_W,
    CONT,
    NOTE_INK,
    Card,
    badge,
    badge_size,
    contact_heading,
    contact_reach,
    fit_line,
    impose,
    note_text,
    shift,
    status_text,
)

__all__ = [
    "A4_H", "A4_W", "CONT", "CONTACT_TITLE_SIZES", "LIST_TEXT_PT", "MINGBAI_BODY_SIZES", "NOTE_INK", "Card",
    "ContactLayout", "ListLayout", "MingbaiLayout", "note_text", "status_text",
]

#: Body sizes tried, largest first (points); the last one is the minimum readable size.
MINGBAI_BODY_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
#: The status badge in a card's head.
STATUS_BADGE_FONT = Font(8.5, True)


@dataclass(frozen=True)
class _Item:
    """A piece of a 明白卡's flowing content: a label, a line of text or a gap."""

    kind: str
    height: float
    ops: tuple[Op, ...] = ()
    line: Line | None = None
    color: str = INK


# =============================================================================================
# 明白卡
# =============================================================================================
#: A QR picture larger than this is not a QR code (and must not fill the memory).
QR_IMAGE_MAX_BYTES = 20 * 1024 * 1024


def qr_image_problem(path: str) -> str:
    """``""`` if ``path`` is an image the cover can show; otherwise what the card report should say."""
    from PySide6.QtGui import QImage

    from content.safe_read import ReadRefused, read_regular_file

    try:
        data = read_regular_file(Path(path), max_bytes=QR_IMAGE_MAX_BYTES, what="二维码图片")
    except ReadRefused as exc:
        return f"二维码图片“{path}”无法读取（{exc.message}），封面上留出了空白的二维码位置。"
    if QImage.fromData(data).isNull():
        return f"二维码图片“{path}”不是能识别的图片（PNG、JPG 等），封面上留出了空白的二维码位置。"
    return ""


class MingbaiLayout(MeasureLayout):
    """The Chang'an 明白卡: a cover, then one card per measure, four A6-like cards per A4 sheet.

    Args:
        bundle: The loaded content (statuses are printed from it).
        ids: The measures, in the order to print.
        header: The cover; ``None`` = the Chang'an card's.
        notes: Print the editor's notes (for checking by staff; a hand-out leaves them out).
    """

    name = "mingbai"
    CARD_W, CARD_H = 95.0, 138.0
    COLS, ROWS = 2, 2
    PAD = 6.0

    def __init__(self, bundle: ContentBundle, ids: Sequence[str], header: CardHeader | None = None, *,
                 notes: bool = False) -> None:
        super().__init__(bundle, ids, header, notes=notes)
        self.qr_problem = qr_image_problem(self.header.qr_image) if self.header.qr_image else ""

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        cover, cover_fits = self._cover(mx)
        cover.marks.append(Mark(0, "封面"))
        cards: list[Card] = [cover]
        shrunk: list[str] = []
        continued: list[str] = []
        band = None
        for m in self.measures:
            mcards, size = self._measure_cards(mx, m)
            if size < MINGBAI_BODY_SIZES[0]:
                shrunk.append(m.id)
            if len(mcards) > 1:
                continued.append(m.id)
            # the outline: the card's section (省级十二条, 市级十六条 …), then each measure under it
            if self.lineage.band(m) != band:
                band = self.lineage.band(m)
                mcards[0].marks.append(Mark(0, band))
            mcards[0].marks.append(Mark(1, m.display_title))
            cards.extend(mcards)
        pages = impose(cards, mx, card_w=self.CARD_W, card_h=self.CARD_H, cols=self.COLS, rows=self.ROWS,
                       kind="mingbai")
        if pages:
            pages[0].kind = "mingbai-cover"
        report = CardReport(layout=self.name, pages=len(pages), cards=len(cards),
                            measures=tuple(m.id for m in self.measures), shrunk=tuple(shrunk),
                            continued=tuple(continued),
                            notes=(*(() if cover_fits else ("封面文字过多，缩到最小仍超出卡片：请删减标语或联系方式。",)),
                                   *((self.qr_problem,) if self.qr_problem else ())),
                            names=tuple((m.id, m.display_title) for m in self.measures),
                            notes_left_out=() if self.notes else tuple(m.id for m in self.measures if m.notes))
        return pages, report

    # -- cover ----------------------------------------------------------------------------------
    def _cover(self, mx: Metrics) -> tuple[Card, bool]:
        """The cover card, set smaller when the header is long; False when even that overflows."""
        h = self.header
        ops: list[Op] = []
        for scale in (1.0, 0.92, 0.85, 0.78, 0.72):
            ops, bottom = self._cover_ops(mx, h, scale)
            if bottom <= mx.mm(self.CARD_H - 4):
                return Card(ops), True
        return Card(ops), False

    def _cover_ops(self, mx: Metrics, h: CardHeader, s: float) -> tuple[list[Op], float]:
        w = mx.mm(self.CARD_W)
        pad = mx.mm(self.PAD)
        iw = w - 2 * pad
        ops: list[Op] = []
        # the red head with the slogans
        slogan_lines: list[Line] = []
        for i, slogan in enumerate(h.slogans):
            slogan_lines += mx.wrap(slogan, Font((17 if i == 0 else 12.5) * s, True), iw, spacing=1.45)
        head_h = lines_height(slogan_lines) + mx.mm(12 * s)
        ops.append(Box(0, 0, w, head_h, fill=ACCENT))
        y = mx.mm(6 * s)
        for ln in slogan_lines:
            ops.append(Text((w - ln.width) / 2, y + ln.ascent, ln.text, ln.font, "#ffffff"))
            y += ln.pitch
        y = head_h + mx.mm(7 * s)
        title = mx.wrap(h.title, Font(12.5 * s, True), iw, spacing=1.4)
        t_ops, y = place_lines(title, pad, y, INK, align="center", box_width=iw)
        ops += t_ops
        big = mx.wrap("明白卡", Font(30 * s, True), iw, spacing=1.25)
        t_ops, y = place_lines(big, pad, y + mx.mm(1), ACCENT, align="center", box_width=iw)
        ops += t_ops
        y += mx.mm(3 * s)
        ops.append(Rule(pad, y, w - pad, y, ACCENT, 0.8))
        y += mx.mm(4 * s)
        if h.contact_title:
            t_ops, y = place_lines(mx.wrap(h.contact_title, Font(10.5 * s, True), iw), pad, y, INK,
                                   align="center", box_width=iw)
            ops += t_ops
            y += mx.mm(1)
        for line in h.contact_lines:
            t_ops, y = place_lines(mx.wrap(line, Font(9.5 * s), iw, spacing=1.45), pad, y, INK,
                                   align="center", box_width=iw)
            ops += t_ops
        y += mx.mm(3 * s)
        qr = mx.mm(30 * s)
        qx = (w - qr) / 2
        if h.qr_image and not self.qr_problem:
            ops.append(Picture(qx, y, qr, qr, h.qr_image))
        else:
            ops.append(Box(qx, y, qr, qr, stroke=MUTED, stroke_pt=0.6, dashed=True))
            slot = mx.wrap("二维码\n（贴于此处）", Font(7.5 * s), qr)
            t_ops, _ = place_lines(slot, qx, y + qr / 2 - lines_height(slot) / 2, MUTED, align="center",
                                   box_width=qr)
            ops += t_ops
        y += qr + mx.mm(5 * s)
        if h.printed_by:
            printed = mx.wrap(h.printed_by, Font(9.5 * s, True), iw)
            # the 印制 line sits at the foot of the card, as on the printed original
            y = max(y, mx.mm(self.CARD_H - 8) - lines_height(printed))
            t_ops, y = place_lines(printed, pad, y, INK, align="center", box_width=iw)
            ops += t_ops
        return ops, y

    # -- one measure ----------------------------------------------------------------------------
    def _head(self, mx: Metrics, m: Measure, cont: bool) -> tuple[list[Op], float]:
        w = mx.mm(self.CARD_W)
        pad = mx.mm(self.PAD)
        iw = w - 2 * pad
        ops: list[Op] = []
        band = mx.wrap(self.lineage.band(m), Font(7.0, True), iw, spacing=1.3)
        band_h = lines_height(band) + mx.mm(3.2)
        ops.append(Box(0, 0, w, band_h, fill=ACCENT))
        b_ops, _ = place_lines(band, pad, mx.mm(1.6), "#ffffff", align="center", box_width=iw)
        ops += b_ops
        y = band_h + mx.mm(2.5)
        # the computed status, always, as a badge in the status colour at the right of the head
        v = self.bundle.status(m.id)
        bw, bh = badge_size(mx, v.status.value, STATUS_BADGE_FONT)
        b_ops, _ = badge(mx, v.status.value, v.colours, w - pad - bw, y, STATUS_BADGE_FONT)
        ops += b_ops
        sub = self.lineage.subheading(m)
        sub_bottom = y
        if sub:
            sub_lines = mx.wrap(sub, Font(7.5), iw - bw - mx.mm(3))
            s_ops, sub_bottom = place_lines(sub_lines, pad, y + max(0.0, (bh - lines_height(sub_lines[:1])) / 2),
                                            MUTED)
            ops += s_ops
        y = max(sub_bottom, y + bh) + mx.mm(1.5)
        num_font = Font(19.0, True)
        num_w = mx.width(m.number, num_font) + mx.mm(2.5) if m.number else 0.0
        title = m.title + (CONT if cont else "")
        title_lines: list[Line] = []
        for size in (11.5, 11.0, 10.5, 10.0, 9.5, 9.0):
            title_lines = mx.wrap(title, Font(size, True), iw - num_w, spacing=1.3)
            if len(title_lines) <= 2:
                break
        num_h = mx.line_height(num_font)
        title_h = lines_height(title_lines)
        top = y
        if m.number:
            ops.append(Text(pad, top + mx.ascent(num_font), m.number, num_font, ACCENT))
        ty = top + max(0.0, (num_h - title_h) / 2) if len(title_lines) == 1 else top
        t_ops, ty = place_lines(title_lines, pad + num_w, ty, INK)
        ops += t_ops
        y = max(top + num_h, ty)
        if m.title_editorial:
            e_ops, y = place_lines(mx.wrap("（标题为编者所拟）", Font(6.5), iw - num_w), pad + num_w, y, MUTED)
            ops += e_ops
        y += mx.mm(1.5)
        ops.append(Rule(pad, y, w - pad, y, ACCENT, 0.6))
        return ops, y + mx.mm(2.5)

    def _label(self, mx: Metrics, text: str) -> tuple[list[Op], float]:
        font = Font(8.0, True)
        h = mx.line_height(font) + mx.mm(1.4)
        w = mx.width(text, font) + mx.mm(4)
        ops: list[Op] = [
            Box(0, 0, w, h, fill=ACCENT, radius=mx.mm(1.2)),
            Text(mx.mm(2), mx.mm(0.7) + mx.ascent(font), text, font, "#ffffff"),
        ]
        return ops, h + mx.mm(1.8)

    def _items(self, mx: Metrics, m: Measure, body_size: float) -> list[_Item]:
        """The flowing content of a card: labels, lines and gaps."""
        iw = mx.mm(self.CARD_W - 2 * self.PAD)
        items: list[_Item] = []
        lab_ops, lab_h = self._label(mx, "政策内容")
        items.append(_Item("label", lab_h, tuple(lab_ops)))
        for ln in mx.wrap(m.text.strip(), Font(body_size), iw, spacing=1.42):
            items.append(_Item("line", ln.pitch, line=ln))
        # Editor's notes only when staff ask for them (checking copy): a hand-out carries the official
        # text, and the notes' wording is the editors', with references instead of ids.
        if self.notes:
            for note in m.notes:
                items.append(_Item("gap", mx.mm(1.0)))
                text = note_text(self.refs.readable(note))
                for ln in mx.wrap(text, Font(max(body_size - 2.0, 6.5)), iw, spacing=1.3):
                    items.append(_Item("line", ln.pitch, line=ln, color=NOTE_INK))
        items.append(_Item("gap", mx.mm(2.0)))
        lab_ops, lab_h = self._label(mx, "联系人及联系方式")
        items.append(_Item("label", lab_h, tuple(lab_ops)))
        if not m.contacts:
            for ln in mx.wrap("（原文未列联系人）", Font(8.0), iw):
                items.append(_Item("line", ln.pitch, line=ln, color=MUTED))
        k = 0
        for group in contact_groups(self.hb, m):
            if group.heading:  # the seed's table headings: 技术攻关类需求 / 成果转化类需求
                items.append(_Item("gap", mx.mm(1.6 if k else 0.4)))
                for ln in mx.wrap(group.heading, Font(9.0, True), iw, spacing=1.5):
                    # a "label": a heading never ends a card without the first contact under it
                    items.append(_Item("label", ln.pitch, line=ln, color=ACCENT))
                k = 0
            for c in group.contacts:
                if k:
                    items.append(_Item("gap", mx.mm(1.2)))
                k += 1
                items.extend(self._contact_items(mx, c, iw))
        return items

    def _contact_items(self, mx: Metrics, c: Contact, iw: float) -> list[_Item]:
        items: list[_Item] = []
        for ln in mx.wrap(contact_heading(c), Font(8.5, True), iw, spacing=1.3):
            items.append(_Item("line", ln.pitch, line=ln))
        reach = contact_reach(c)
        joined = "　".join(reach)
        if reach and mx.width(joined, Font(8.0)) <= iw:
            lines = mx.wrap(joined, Font(8.0), iw, spacing=1.3)
        else:
            lines = [ln for r in reach for ln in fit_line(mx, r, Font(8.0), iw)]
        for ln in lines:
            items.append(_Item("line", ln.pitch, line=ln))
        return items

    def _footer(self, mx: Metrics, m: Measure) -> tuple[list[Op], float]:
        """The status with its reason, level and issuer: a 2022 item never looks current."""
        issuer = "、".join(self.lineage.issuer(m))
        text = " · ".join(x for x in (m.level, issuer) if x)
        v = self.bundle.status(m.id)
        font = Font(6.5)
        w = mx.mm(self.CARD_W)
        pad = mx.mm(self.PAD)
        status_lines = mx.wrap(status_text(v), Font(6.5, True), w - 2 * pad)
        lines = mx.wrap(text, font, w - 2 * pad)
        h = lines_height(status_lines) + lines_height(lines)
        y = mx.mm(self.CARD_H) - mx.mm(4) - h
        s_ops, y = place_lines(status_lines, pad, y, v.colours[0])
        ops, _ = place_lines(lines, pad, y, MUTED)
        return [*s_ops, *ops], h + mx.mm(5.5)

    def _measure_cards(self, mx: Metrics, m: Measure) -> tuple[list[Card], float]:
        card_h = mx.mm(self.CARD_H)
        foot_ops, foot_h = self._footer(mx, m)
        head_ops, head_bottom = self._head(mx, m, cont=False)
        avail = card_h - foot_h - head_bottom
        items: list[_Item] = []
        size = MINGBAI_BODY_SIZES[-1]
        for size in MINGBAI_BODY_SIZES:
            items = self._items(mx, m, size)
            if sum(it.height for it in items) <= avail:
                return [self._flow_card(mx, m, head_ops, head_bottom, foot_ops, items)], size
        # continue on further cards at the minimum size
        cards: list[Card] = []
        pending = items
        first = True
        while pending:
            h_ops, h_bottom = (head_ops, head_bottom) if first else self._head(mx, m, cont=True)
            room = card_h - foot_h - h_bottom
            taken, pending = self._take(pending, room)
            cards.append(self._flow_card(mx, m, h_ops, h_bottom, foot_ops, taken, continued=not first))
            first = False
        return cards, size

    @staticmethod
    def _take(items: list[_Item], room: float) -> tuple[list[_Item], list[_Item]]:
        used = 0.0
        n = 0
        while n < len(items):
            need = items[n].height
            if items[n].kind == "label" and n + 1 < len(items):  # a label never ends a card
                need += items[n + 1].height
            if used + need > room:
                break
            used += items[n].height
            n += 1
        if n == 0:  # a single item taller than a card: place it anyway rather than loop forever
            n = 1
        rest = items[n:]
        while rest and rest[0].kind == "gap":
            rest = rest[1:]
        return items[:n], rest

    def _flow_card(self, mx: Metrics, m: Measure, head_ops: list[Op], y: float, foot_ops: list[Op],
                   items: list[_Item], *, continued: bool = False) -> Card:
        pad = mx.mm(self.PAD)
        ops: list[Op] = [*head_ops]
        for it in items:
            ops.extend(shift(op, pad, y) for op in it.ops)
            if it.line is not None and it.line.text:
                ops.append(Text(pad, y + it.line.ascent, it.line.text, it.line.font, it.color))
            y += it.height
        ops.extend(foot_ops)
        return Card(ops, m.id, continued)


