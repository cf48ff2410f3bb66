"""Contact cards: one business card (90 x 54 mm, ten to an A4 sheet) per person, with a vCard QR.

A person (or an office printed without a person) who is the contact of several measures gets one
card listing those measures by number and title, each with its computed status — not one card per
measure (the 明白卡 names 朱英华 four times).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from content.bundle import ContentBundle
from content.model import Contact, Measure
from ui.printing.model import CardReport, MeasureLayout, contact_group_of, qr_modules, vcard
from ui.printing.ops import (
    ACCENT,
    INK,
    MUTED,
    Font,
    Line,
    Mark,
    Metrics,
    Op,
    Page,
    Qr,
    Rule,
    Text,
    place_lines,
)
from ui.printing.sheet import CONT, Card, badge, badge_size, fit_line, impose, shift

#: Sizes tried for the list of measures, largest first (points); 6.5 pt is still read at arm's length.
CONTACT_TITLE_SIZES = (8.0, 7.5, 7.0, 6.5)


@dataclass(frozen=True)
class _Row:
    """One measure on a contact card: ops relative to the row's top-left, and the row's height."""

    ops: tuple[Op, ...]
    height: float


@dataclass(frozen=True)
class _Block:
    """The contact beside its QR code: ops, where its text and the QR's caption end, the text's width."""

    ops: tuple[Op, ...]
    text_bottom: float
    qr_bottom: float
    column: float


@dataclass(frozen=True)
class Duty:
    """A measure a person is the contact of, and what for when the source says so."""

    measure: Measure
    role: str = ""  # 成果转化类需求 · 其他成果


@dataclass(frozen=True)
class Person:
    """One card's person (or office): every printed form merged.

    Attributes:
        key: Who and which number (offices printed without a person merge by number).
        contact: The first printed form (its number is the one dialled and encoded in the QR).
        offices: The office as printed, every distinct form (高新技术科 / 高新技术 at one number).
        emails: Every distinct e-mail address as printed (ignoring case: ZHANGT@… and zhangt@… are one).
        duties: The measures, in reading order.
    """

    key: str
    contact: Contact
    offices: tuple[str, ...]
    emails: tuple[str, ...]
    duties: tuple[Duty, ...]

    @property
    def name(self) -> str:
        return self.contact.person or "／".join(self.offices)


def person_key(c: Contact) -> str:
    """A person at a number; an office printed without a person is known by its number alone."""
    if not c.person and c.phone_normalized:
        return f"|{c.phone_normalized}"
    return c.key


def people(bundle: ContentBundle, measures: Sequence[Measure]) -> list[Person]:
    """The people (or offices) to call about ``measures``, in order of first appearance."""
    hb = bundle.handbook
    order: list[str] = []
    first: dict[str, Contact] = {}
    offices: dict[str, list[str]] = {}
    emails: dict[str, list[str]] = {}
    duties: dict[str, list[Duty]] = {}
    for m in measures:
        for c in m.contacts:
            k = person_key(c)
            if k not in first:
                order.append(k)
                first[k] = c
                offices[k], emails[k], duties[k] = [], [], []
            if c.office and c.office not in offices[k]:
                offices[k].append(c.office)
            if c.email and c.email.lower() not in {e.lower() for e in emails[k]}:
                emails[k].append(c.email)
            role = " · ".join(dict.fromkeys(x for x in (contact_group_of(hb, m, c), c.label) if x))
            if not any(d.measure.id == m.id for d in duties[k]):
                duties[k].append(Duty(m, role))
    return [Person(k, first[k], tuple(offices[k]), tuple(emails[k]), tuple(duties[k])) for k in order]


class ContactLayout(MeasureLayout):
    """Business-card-size contact cards, 90 x 54 mm, ten to an A4 sheet (2 x 5), one per person.

    Args:
        bundle: The loaded content (statuses are printed from it).
        ids: The measures whose contacts get cards.
        header: Unused (the cards have no cover); accepted like the other layouts.
        notes: Unused: a contact card has no room for editor's notes; accepted like the other layouts.
    """

    name = "contact"
    CARD_W, CARD_H = 90.0, 54.0
    COLS, ROWS = 2, 5
    PAD = 4.0
    QR = 22.0

    def people(self) -> list[Person]:
        """One entry per card (before continuation), in reading order."""
        return people(self.bundle, self.measures)

    @staticmethod
    def organisation(m: Measure) -> str:
        """The organisation for the vCard's ORG field: the name alone (the printed line says how it is known)."""
        return m.issuer[0] if m.issuer else ""

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]:
        cards: list[Card] = []
        shrunk: list[str] = []
        continued: list[str] = []
        persons = self.people()
        for p in persons:
            cs, small = self._cards(mx, p)
            if small:
                shrunk.append(p.key)
            if len(cs) > 1:
                continued.append(p.key)
            office = "／".join(p.offices)
            cs[0].marks.append(Mark(0, f"{p.name}（{office}）" if p.contact.person and office else p.name))
            cards.extend(cs)
        pages = impose(cards, mx, card_w=self.CARD_W, card_h=self.CARD_H, cols=self.COLS, rows=self.ROWS,
                       kind="contact")
        report = CardReport(layout=self.name, pages=len(pages), cards=len(cards),
                            measures=tuple(m.id for m in self.measures if m.contacts),
                            shrunk=tuple(shrunk), continued=tuple(continued),
                            without_contacts=tuple(m.id for m in self.measures if not m.contacts),
                            names=(*((m.id, m.display_title) for m in self.measures),
                                   *((p.key, p.name) for p in persons)),
                            people=len(persons))
        return pages, report

    # -- one person --------------------------------------------------------------------------------
    def _block(self, mx: Metrics, p: Person) -> _Block:
        """Office, person, number, e-mail and organisation beside the QR code, relative to (0, 0)."""
        w = mx.mm(self.CARD_W - 2 * self.PAD)
        qr = mx.mm(self.QR)
        col = w - qr - mx.mm(3)
        c = p.contact
        m0 = p.duties[0].measure
        lines: list[tuple[Line, str]] = []
        if p.offices:
            office = "／".join(p.offices)
            lines += [(ln, INK) for ln in mx.wrap(office, Font(8.5 if c.person else 11.0, not c.person), col,
                                                   spacing=1.3)]
        if c.person:
            lines += [(ln, INK) for ln in mx.wrap(c.person, Font(12.5, True), col, spacing=1.25)]
        if c.phone:
            lines += [(ln, INK) for ln in fit_line(mx, f"电话：{c.phone}", Font(9.0), col)]
        for e in p.emails:
            lines += [(ln, INK) for ln in fit_line(mx, f"邮箱：{e}", Font(8.5), col)]
        if m0.issuer_text:
            lines += [(ln, MUTED) for ln in mx.wrap(m0.issuer_text, Font(7.0), col, spacing=1.5)]
        ops: list[Op] = []
        y = 0.0
        for ln, color in lines:
            ops.append(Text(0, y + ln.ascent, ln.text, ln.font, color))
            y += ln.pitch
        ops.append(Qr(w - qr, 0, qr, qr_modules(vcard(replace(c, email=p.emails[0] if p.emails else ""),
                                                     self.organisation(m0)))))
        cap = mx.wrap("扫码保存联系人", Font(6.0), qr)
        c_ops, cy = place_lines(cap, w - qr, qr + mx.mm(0.4), MUTED, align="center", box_width=qr)
        ops += c_ops
        return _Block(tuple(ops), text_bottom=y, qr_bottom=cy, column=col)

    def _title(self, p: Person, m: Measure) -> str:
        """``04 加大对科技企业贷款力度``; ``一、1 发展科技型中小企业`` when the person's list repeats numbers."""
        numbers = [d.measure.number for d in p.duties if d.measure.number]
        part = self.hb.part(m.part_id)
        if m.number and len(set(numbers)) < len(numbers) and part is not None and part.number:
            return f"{part.number}、{m.display_title}"
        return m.display_title

    def _row(self, mx: Metrics, p: Person, d: Duty, size: float, width: float) -> _Row:
        """One measure: the computed status as a badge, then number, title and what for."""
        font = Font(size)
        bfont = Font(max(size - 1.0, 6.0), True)
        v = self.bundle.status(d.measure.id)
        # one badge width per card, so that the titles line up whatever the statuses
        slot = max(badge_size(mx, self.bundle.status(x.measure.id).status.value, bfont)[0] for x in p.duties)
        _, bh = badge_size(mx, v.status.value, bfont, pad_mm=0.6)
        text = self._title(p, d.measure) + (f"（{d.role}）" if d.role else "")
        lines = mx.wrap(text, font, width - slot - mx.mm(1.5), spacing=1.25)
        ops, bottom = place_lines(lines, slot + mx.mm(1.5), 0, INK)
        b_ops, _ = badge(mx, v.status.value, v.colours, 0, max(0.0, (lines[0].pitch - bh) / 2), bfont, pad_mm=0.6)
        return _Row((*b_ops, *ops), max(bottom, bh) + mx.mm(0.4))

    def _place(self, mx: Metrics, p: Person, block: _Block, duties: Sequence[Duty], size: float, *,
               continued: bool) -> tuple[list[Op], int]:
        """Measures under the contact: beside the QR code while it lasts, then the card's full width.

        Returns the ops (relative to the card's inner corner) and how many of ``duties`` fit.
        """
        iw = mx.mm(self.CARD_W - 2 * self.PAD)
        bottom = mx.mm(self.CARD_H - 2 * self.PAD)
        y = block.text_bottom + mx.mm(1.0)
        ops: list[Op] = [Rule(0, y, block.column, y, ACCENT, 0.6)]
        y += mx.mm(1.2)
        if continued:
            font = Font(size)
            ops.append(Text(0, y + mx.ascent(font), CONT, font, MUTED))
            y += mx.line_height(font) * 1.25
        placed = 0
        for d in duties:
            row = self._row(mx, p, d, size, block.column if y < block.qr_bottom else iw)
            if y + row.height > bottom and (placed or continued):
                break
            ops.extend(shift(op, 0, y) for op in row.ops)
            y += row.height
            placed += 1
        return ops, placed

    def _cards(self, mx: Metrics, p: Person) -> tuple[list[Card], bool]:
        block = self._block(mx, p)
        for size in CONTACT_TITLE_SIZES:
            ops, placed = self._place(mx, p, block, p.duties, size, continued=False)
            if placed == len(p.duties):
                return [self._card(mx, p, block, ops)], size < CONTACT_TITLE_SIZES[0]
        # more measures than one card holds at the smallest size: further cards for the same person
        size = CONTACT_TITLE_SIZES[-1]
        cards: list[Card] = []
        pending = list(p.duties)
        while pending:
            ops, placed = self._place(mx, p, block, pending, size, continued=bool(cards))
            placed = max(placed, 1)
            cards.append(self._card(mx, p, block, ops, continued=bool(cards)))
            pending = pending[placed:]
        return cards, True

    def _card(self, mx: Metrics, p: Person, block: _Block, rows: list[Op], *, continued: bool = False) -> Card:
        pad = mx.mm(self.PAD)
        ops: list[Op] = [shift(op, pad, pad) for op in (*block.ops, *rows)]
        return Card(ops, p.key, continued)
