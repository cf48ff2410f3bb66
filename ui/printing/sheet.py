"""What the card layouts share: cards imposed on A4 with crop marks, status badges, contact lines.

Measurements are device pixels of a :class:`~ui.printing.ops.Metrics`; card sizes are millimetres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from content.model import Contact
from content.validity import Validity
from ui.printing.ops import INK, Box, Font, Line, Mark, Metrics, Op, Page, Rule, Text

A4_W, A4_H = 210.0, 297.0
CONT = "（续）"
#: Editor's notes on paper: dark amber, so a reader never takes them for official wording.
NOTE_INK = "#8a5a00"


def status_text(v: Validity) -> str:
    """The computed status as printed on paper: ``状态：期限已过（原文：2022年6月底前（至2022-06-30））``."""
    return f"状态：{v.label}（{v.reason}）" if v.reason else f"状态：{v.label}"


def note_text(note: str) -> str:
    """An editor's note as printed, always labelled 编者注."""
    return note if note.startswith("编者注") else f"编者注：{note}"


def shift(op: Op, dx: float, dy: float) -> Op:
    """``op`` moved by ``dx``, ``dy``."""
    if isinstance(op, Rule):
        return replace(op, x1=op.x1 + dx, y1=op.y1 + dy, x2=op.x2 + dx, y2=op.y2 + dy)
    return replace(op, x=op.x + dx, y=op.y + dy)


def badge(mx: Metrics, text: str, colours: tuple[str, str], x: float, y: float, font: Font, *,
          pad_mm: float = 1.2) -> tuple[list[Op], float]:
    """A rounded badge (filled background, outlined in the text colour) with its top-left at ``x``, ``y``.

    Returns the ops and the badge's width.  The outline keeps the badge visible on a black-and-white
    printer, where the pale fill disappears.
    """
    fg, bg = colours
    w, h = badge_size(mx, text, font, pad_mm=pad_mm)
    return [Box(x, y, w, h, fill=bg, stroke=fg, stroke_pt=0.6, radius=mx.mm(1.0)),
            Text(x + mx.mm(1.5), y + mx.mm(pad_mm / 2) + mx.ascent(font), text, font, fg)], w


def badge_size(mx: Metrics, text: str, font: Font, *, pad_mm: float = 1.2) -> tuple[float, float]:
    """Width and height of :func:`badge`."""
    return mx.width(text, font) + mx.mm(3.0), mx.line_height(font) + mx.mm(pad_mm)


@dataclass
class Card:
    """One card's operations (and outline entries) relative to its top-left corner."""

    ops: list[Op]
    measure_id: str = ""
    continued: bool = False
    marks: list[Mark] = field(default_factory=list)


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
            page.marks.extend(replace(mk, y=mk.y + cy) for mk in card.marks)
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
    """``高新技术领域：高新技术处 刘世泽`` — what the contact is for, the office and the person."""
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


__all__ = [
    "A4_H", "A4_W", "CONT", "INK", "NOTE_INK", "Card", "badge", "badge_size", "contact_heading", "contact_reach",
    "crop_marks", "fit_line", "impose", "note_text", "shift", "status_text",
]
