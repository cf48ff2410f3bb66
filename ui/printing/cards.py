"""The three card layouts — 明白卡 (mingbai), contact cards and the hand-out list.

Each layout turns a selection of measures into :class:`~ui.printing.ops.Page` plans measured on
the target device; :func:`ui.printing.render.render_cards` paints them for preview, printer and PDF
alike.  Text that does not fit is never clipped: it is set smaller down to a minimum readable size,
then continued on the next card (or page) marked （续）, and the :class:`CardReport` says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from content.bundle import ContentBundle
from content.model import Contact, Measure
from content.validity import Validity
from ui.printing.model import CardHeader, CardReport, Lineage, qr_modules, vcard
from ui.printing.ops import (
    ACCENT,
    INK,
    MUTED,
    Box,
    Font,
    Line,
    Metrics,
    Op,
    Page,
    Picture,
    Qr,
    Rule,
    Text,
    lines_height,
    place_lines,
)

A4_W, A4_H = 210.0, 297.0
CONT = "（续）"

#: Body sizes tried, largest first (points); the last one is the minimum readable size.
MINGBAI_BODY_SIZES = (10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
CONTACT_TITLE_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
LIST_TEXT_PT = 8.0
#: Editor's notes on cards: dark amber, so a reader never takes them for official wording.
NOTE_INK = "#8a5a00"


def status_text(v: Validity) -> str:
    """The computed status as printed on paper: ``状态：期限已过（原文：2022年6月底前（至2022-06-30））``."""
    return f"状态：{v.label}（{v.reason}）" if v.reason else f"状态：{v.label}"


def note_text(note: str) -> str:
    """An editor's note as printed on a card, always labelled 编者注."""
    return note if note.startswith("编者注") else f"编者注：{note}"


def shift(op: Op, dx: float, dy: float) -> Op:
    """``op`` moved by ``dx``, ``dy``."""
    if isinstance(op, Rule):
        return replace(op, x1=op.x1 + dx, y1=op.y1 + dy, x2=op.x2 + dx, y2=op.y2 + dy)
    return replace(op, x=op.x + dx, y=op.y + dy)


@dataclass(frozen=True)
class _Item:
    """A piece of a 明白卡's flowing content: a label, a line of text or a gap."""

    kind: str
    height: float
    ops: tuple[Op, ...] = ()
    line: Line | None = None
    color: str = INK


@dataclass
class Card:
    """One card's operations relative to its top-left corner."""

    ops: list[Op]
    measure_id: str = ""
    continued: bool = False


def impose(cards: Sequence[Card], mx: Metrics, *, card_w: float, card_h: float, cols: int, rows: int,
           kind: str) -> list[Page]:
    """Place cards (mm sizes) on A4 sheets, centred, ``cols`` x ``rows``, with crop marks."""
    cw, ch = mx.mm(card_w), mx.mm(card_h)
    x0 = (mx.mm(A4_W) - cols * cw) / 2
    y0 = (mx.mm(A4_H) - rows * ch) / 2
    per = cols * rows
    pages: list[Page] = []
    for start in range(0, len(cards), per):
        page = Page(kind=kind)
        sheet = cards[start:start + per]
        for i, card in enumerate(sheet):
            cx = x0 + (i % cols) * cw
            cy = y0 + (i // cols) * ch
            # a faint outline shows the card on screen; the crop marks are what the cutter uses
            page.ops.append(Box(cx, cy, cw, ch, stroke="#d4d4d4", stroke_pt=0.2))
            page.ops.extend(shift(op, cx, cy) for op in card.ops)
        # marks only around the rows in use, so a half-empty last sheet has no stray cut lines
        page.ops.extend(crop_marks(mx, x0, y0, cw, ch, cols, -(-len(sheet) // cols)))
        pages.append(page)
    return pages


def crop_marks(mx: Metrics, x0: float, y0: float, cw: float, ch: float, cols: int, rows: int) -> list[Op]:
    """Cut marks in the sheet margin, in line with every card edge (2 mm gap, 5 mm long)."""
    gap, length = mx.mm(2), mx.mm(5)
    x1, y1 = x0 + cols * cw, y0 + rows * ch
    ops: list[Op] = []
    for c in range(cols + 1):
        x = x0 + c * cw
        ops.append(Rule(x, y0 - gap - length, x, y0 - gap, width_pt=0.3))
        ops.append(Rule(x, y1 + gap, x, y1 + gap + length, width_pt=0.3))
    for r in range(rows + 1):
        y = y0 + r * ch
        ops.append(Rule(x0 - gap - length, y, x0 - gap, y, width_pt=0.3))
        ops.append(Rule(x1 + gap, y, x1 + gap + length, y, width_pt=0.3))
    return ops


def contact_heading(c: Contact) -> str:
    who = " ".join(x for x in (c.office, c.person) if x)
    return f"{c.label}：{who}" if c.label else who


def contact_reach(c: Contact) -> list[str]:
    out = []
    if c.phone:
        out.append(f"电话：{c.phone}")
    if c.email:
        out.append(f"邮箱：{c.email}")
    return out


def fit_line(mx: Metrics, text: str, font: Font, width: float, *, min_size: float = 6.0) -> list[Line]:
    """One line set smaller until it fits ``width`` (phone numbers and e-mails stay whole)."""
    f = font
    while mx.width(text, f) > width and f.size - 0.5 >= min_size:
        f = Font(f.size - 0.5, f.bold)
    return mx.wrap(text, f, width, spacing=1.3)


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


class MingbaiLayout:
    """The Chang'an 明白卡: a cover, then one card per measure, four A6-like cards per A4 sheet."""

    name = "mingbai"
    CARD_W, CARD_H = 95.0, 138.0
    COLS, ROWS = 2, 2
    PAD = 6.0

    def __init__(self, bundle: ContentBundle, ids: Sequence[str], header: CardHeader | None = None) -> None:
        self.bundle = bundle
        self.hb = hb = bundle.handbook
        self.measures = [m for i in ids if (m := hb.measure(i)) is not None]
        self.header = header or CardHeader()
        self.lineage = Lineage(hb)
        self.qr_problem = qr_image_problem(self.header.qr_image) if self.header.qr_image else ""

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        cover, cover_fits = self._cover(mx)
        cards: list[Card] = [cover]
        shrunk: list[str] = []
        continued: list[str] = []
        for m in self.measures:
            mcards, size = self._measure_cards(mx, m)
            if size < MINGBAI_BODY_SIZES[0]:
                shrunk.append(m.id)
            if len(mcards) > 1:
                continued.append(m.id)
            cards.extend(mcards)
        pages = impose(cards, mx, card_w=self.CARD_W, card_h=self.CARD_H, cols=self.COLS, rows=self.ROWS,
                       kind="mingbai")
        if pages:
            pages[0].kind = "mingbai-cover"
        report = CardReport(layout=self.name, pages=len(pages), cards=len(cards),
                            measures=tuple(m.id for m in self.measures), shrunk=tuple(shrunk),
                            continued=tuple(continued),
                            notes=(*(() if cover_fits else ("封面文字过多，缩到最小仍超出卡片：请删减标语或联系方式。",)),
                                   *((self.qr_problem,) if self.qr_problem else ())))
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
        y = band_h + mx.mm(3.5)
        sub = self.lineage.subheading(m)
        if sub:
            s_ops, y = place_lines(mx.wrap(sub, Font(7.5), iw), pad, y, MUTED)
            ops += s_ops
            y += mx.mm(0.8)
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
        # Source anomalies travel with the card: a copied text or a doubtful number must not reach an
        # outreach event unmarked.
        for note in m.notes:
            items.append(_Item("gap", mx.mm(1.0)))
            for ln in mx.wrap(note_text(note), Font(max(body_size - 2.0, 6.5)), iw, spacing=1.3):
                items.append(_Item("line", ln.pitch, line=ln, color=NOTE_INK))
        items.append(_Item("gap", mx.mm(2.0)))
        lab_ops, lab_h = self._label(mx, "联系人及联系方式")
        items.append(_Item("label", lab_h, tuple(lab_ops)))
        if not m.contacts:
            for ln in mx.wrap("（原文未列联系人）", Font(8.0), iw):
                items.append(_Item("line", ln.pitch, line=ln, color=MUTED))
        for k, c in enumerate(m.contacts):
            if k:
                items.append(_Item("gap", mx.mm(1.2)))
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
        """Level, issuer and the computed status: always printed, so a 2022 item never looks current."""
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


# =============================================================================================
# Contact cards
# =============================================================================================
class ContactLayout:
    """Business-card-size contact cards, 90 x 54 mm, ten to an A4 sheet (2 x 5), with a vCard QR."""

    name = "contact"
    CARD_W, CARD_H = 90.0, 54.0
    COLS, ROWS = 2, 5
    PAD = 4.0
    QR = 25.0

    def __init__(self, bundle: ContentBundle, ids: Sequence[str], header: CardHeader | None = None) -> None:
        self.bundle = bundle
        self.hb = hb = bundle.handbook
        self.measures = [m for i in ids if (m := hb.measure(i)) is not None]
        self.header = header or CardHeader()
        self.lineage = Lineage(hb)

    def entries(self) -> list[tuple[Measure, Contact]]:
        """(measure, contact) pairs, one card each, in reading order."""
        return [(m, c) for m in self.measures for c in m.contacts]

    def organisation(self, m: Measure) -> str:
        """The organisation for the vCard's ORG field: the name alone (the printed line says how it is known)."""
        return m.issuer[0] if m.issuer else ""

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        cards: list[Card] = []
        shrunk: list[str] = []
        continued: list[str] = []
        for m, c in self.entries():
            cs, small = self._cards(mx, m, c)
            if small and m.id not in shrunk:
                shrunk.append(m.id)
            if len(cs) > 1 and m.id not in continued:
                continued.append(m.id)
            cards.extend(cs)
        pages = impose(cards, mx, card_w=self.CARD_W, card_h=self.CARD_H, cols=self.COLS, rows=self.ROWS,
                       kind="contact")
        report = CardReport(layout=self.name, pages=len(pages), cards=len(cards),
                            measures=tuple(m.id for m in self.measures if m.contacts),
                            shrunk=tuple(shrunk), continued=tuple(continued),
                            without_contacts=tuple(m.id for m in self.measures if not m.contacts))
        return pages, report

    def _block(self, mx: Metrics, m: Measure, c: Contact) -> tuple[list[Op], float]:
        """The contact column and the QR code, relative to (0, 0); returns ops and height."""
        w = mx.mm(self.CARD_W - 2 * self.PAD)
        qr = mx.mm(self.QR)
        col = w - qr - mx.mm(3)
        lines: list[tuple[Line, str]] = []
        if c.label:
            lines += [(ln, MUTED) for ln in mx.wrap(c.label, Font(7.0), col)]
        if c.office:
            lines += [(ln, INK) for ln in mx.wrap(c.office, Font(8.5), col, spacing=1.3)]
        if c.person:
            lines += [(ln, INK) for ln in mx.wrap(c.person, Font(12.5, True), col, spacing=1.25)]
        for r in contact_reach(c):
            lines += [(ln, INK) for ln in fit_line(mx, r, Font(9.0), col)]
        org = self.organisation(m)
        if m.issuer_text:
            lines += [(ln, MUTED) for ln in mx.wrap(m.issuer_text, Font(7.0), col, spacing=1.5)]
        v = self.bundle.status(m.id)
        lines += [(ln, v.colours[0]) for ln in mx.wrap(f"状态：{v.label}", Font(7.0, True), col, spacing=1.3)]
        ops: list[Op] = []
        y = 0.0
        for ln, color in lines:
            ops.append(Text(0, y + ln.ascent, ln.text, ln.font, color))
            y += ln.pitch
        ops.append(Qr(w - qr, 0, qr, qr_modules(vcard(c, org))))
        cap = mx.wrap("扫码保存联系人", Font(6.0), qr)
        c_ops, cy = place_lines(cap, w - qr, qr + mx.mm(0.6), MUTED, align="center", box_width=qr)
        ops += c_ops
        return ops, max(y, cy)

    def _cards(self, mx: Metrics, m: Measure, c: Contact) -> tuple[list[Card], bool]:
        pad = mx.mm(self.PAD)
        iw = mx.mm(self.CARD_W - 2 * self.PAD)
        block_ops, block_h = self._block(mx, m, c)
        gap = mx.mm(2.2)
        room = mx.mm(self.CARD_H - 2 * self.PAD) - block_h - gap
        title = m.display_title
        lines: list[Line] = []
        for size in CONTACT_TITLE_SIZES:
            lines = mx.wrap(title, Font(size, True), iw, spacing=1.25)
            if lines_height(lines) <= room:
                return [self._card(mx, m, lines, block_ops, pad)], size < CONTACT_TITLE_SIZES[0]
        # continue the title on further cards, each with the full contact block
        cards: list[Card] = []
        pending = lines
        while pending:
            take: list[Line] = []
            used = 0.0
            while pending and (not take or used + pending[0].pitch <= room):
                used += pending[0].pitch
                take.append(pending.pop(0))
            if cards:
                take[0] = replace(take[0], text=CONT + take[0].text)
            cards.append(self._card(mx, m, take, block_ops, pad, continued=bool(cards)))
        return cards, True

    def _card(self, mx: Metrics, m: Measure, title: list[Line], block_ops: list[Op], pad: float, *,
              continued: bool = False) -> Card:
        ops, y = place_lines(title, pad, pad, INK)
        y += mx.mm(0.6)
        ops.append(Rule(pad, y, mx.mm(self.CARD_W) - pad, y, ACCENT, 0.6))
        y += mx.mm(1.6)
        ops.extend(shift(op, pad, y) for op in block_ops)
        return Card(ops, m.id, continued)


# =============================================================================================
# The hand-out list
# =============================================================================================
@dataclass
class _Row:
    measure_id: str
    cells: list[list[Line]]
    continued: bool = False

    @property
    def n(self) -> int:
        return max((len(c) for c in self.cells), default=0)


class ListLayout:
    """An A4 table 责任部门 | 政策措施 | 支持内容 | 联系人 | 联系方式, the common hand-out."""

    name = "list"
    COLUMNS = ("责任部门", "政策措施", "支持内容", "联系人", "联系方式")
    WIDTHS = (28.0, 34.0, 66.0, 16.0, 36.0)  # mm, 180 in all
    MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15.0, 14.0, 16.0
    CELL_PAD = 1.6

    def __init__(self, bundle: ContentBundle, ids: Sequence[str], header: CardHeader | None = None) -> None:
        self.bundle = bundle
        self.hb = hb = bundle.handbook
        self.measures = [m for i in ids if (m := hb.measure(i)) is not None]
        self.header = header or CardHeader()
        self.lineage = Lineage(hb)
        self._note_start: dict[str, int] = {}

    def _cell_lines(self, mx: Metrics, m: Measure) -> list[list[Line]]:
        f = Font(LIST_TEXT_PT)
        fb = Font(LIST_TEXT_PT, True)
        pad = mx.mm(self.CELL_PAD)
        widths = [mx.mm(w) - 2 * pad for w in self.WIDTHS]
        issuer = "、".join(self.lineage.issuer(m))
        offices: list[str] = []
        for c in m.contacts:
            if c.office and c.office not in offices:
                offices.append(c.office)
        dept = "\n".join(x for x in (issuer, "、".join(offices)) if x)
        v = self.bundle.status(m.id)
        cells = [
            mx.wrap(dept, f, widths[0], spacing=1.3),
            mx.wrap(m.display_title, fb, widths[1], spacing=1.3) + mx.wrap(status_text(v), f, widths[1], spacing=1.3),
            mx.wrap("\n".join([m.text.strip(), *(note_text(n) for n in m.notes)]), f, widths[2], spacing=1.3),
        ]
        # Lines of the 支持内容 cell from here on are editor's notes, drawn in their own colour.
        self._note_start[m.id] = len(m.text.strip()) + 1 if m.notes else -1
        people: list[Line] = []
        reach: list[Line] = []
        blank = mx.wrap("　", f, widths[3], spacing=1.3)[0]
        blank = replace(blank, text="")
        for c in m.contacts:
            who = mx.wrap(c.person or c.office, f, widths[3], spacing=1.3)
            how = [ln for r in (c.phone, c.email) if r for ln in fit_line(mx, r, f, widths[4])]
            if c.label:
                how = mx.wrap(c.label + "：", Font(LIST_TEXT_PT - 1), widths[4], spacing=1.3) + how
            n = max(len(who), len(how))
            people += who + [blank] * (n - len(who))
            reach += how + [blank] * (n - len(how))
        cells += [people, reach]
        return cells

    def _row_height(self, mx: Metrics, row: _Row) -> float:
        pitch = max((ln.pitch for cell in row.cells for ln in cell), default=0.0)
        body = max((lines_height(cell) for cell in row.cells), default=pitch)
        return body + 2 * mx.mm(self.CELL_PAD)

    def _split(self, mx: Metrics, row: _Row, room: float) -> tuple[_Row, _Row | None]:
        """The part of ``row`` that fits ``room`` and the rest (marked （续）)."""
        inner = room - 2 * mx.mm(self.CELL_PAD)
        head: list[list[Line]] = []
        tail: list[list[Line]] = []
        for cell in row.cells:
            used, k = 0.0, 0
            while k < len(cell) and used + cell[k].pitch <= inner:
                used += cell[k].pitch
                k += 1
            head.append(cell[:k])
            tail.append(cell[k:])
        if not any(tail):
            return row, None
        title = tail[1]
        cont_line = mx.wrap(CONT, Font(LIST_TEXT_PT, True), mx.mm(self.WIDTHS[1]))[0]
        tail[1] = [cont_line, *title]
        return _Row(row.measure_id, head, row.continued), _Row(row.measure_id, tail, True)

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        page_w, page_h = mx.mm(A4_W), mx.mm(A4_H)
        x0 = mx.mm(self.MARGIN_X)
        bottom = page_h - mx.mm(self.MARGIN_BOTTOM)
        pages: list[Page] = []
        continued: list[str] = []
        rows_drawn = 0

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
            row: _Row | None = _Row(m.id, self._cell_lines(mx, m))
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
                    y = self._draw_row(mx, page, part, x0, y)
                    rows_drawn += 1
                    row = rest
                    page, y = new_page()
                    continue
                y = self._draw_row(mx, page, row, x0, y)
                rows_drawn += 1
                row = None
        total = len(pages)
        for i, pg in enumerate(pages):
            self._footer(mx, pg, i + 1, total, page_w, page_h)
        report = CardReport(layout=self.name, pages=total, cards=rows_drawn,
                            measures=tuple(m.id for m in self.measures), continued=tuple(continued))
        return pages, report

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
        note_start = self._note_start.get(row.measure_id, -1)
        for k, (cell, w) in enumerate(zip(row.cells, self.WIDTHS, strict=True)):
            yy = y + pad
            for ln in cell:
                colour = NOTE_INK if k == 2 and note_start >= 0 and ln.start >= note_start else INK
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
