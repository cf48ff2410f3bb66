"""Page plans and the one paint routine that draws them on any paged device.

A layout measures its text on the target device (a ``QPrinter`` for preview and print, a
``QPdfWriter`` for PDF files), turns the content into pages of plain drawing operations
(:class:`Text`, :class:`Box`, :class:`Rule`, :class:`Picture`, :class:`Qr`) in device pixels, and
:func:`paint_pages` draws them.  Preview, printer and PDF therefore get identical pages, and tests
can inspect the plan without rasterising anything.

Everything here is safe off the GUI thread: no widgets, no pixmaps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

from ui.printing.fonts import print_font

INK = "#1d232b"
MUTED = "#5b6470"
ACCENT = "#b3141c"  # the 明白卡's red
LINE_SEP = "\u2028"


# ---------------------------------------------------------------------------------------------
# Drawing operations (device pixels)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Font:
    """A font request: size in points, bold or not (families come from the CJK list)."""

    size: float
    bold: bool = False


@dataclass(frozen=True)
class Text:
    """One line of text; ``y`` is the baseline."""

    x: float
    y: float
    text: str
    font: Font
    color: str = INK


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_pt: float = 0.5
    radius: float = 0.0
    dashed: bool = False


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = INK
    width_pt: float = 0.25
    dotted: bool = False


@dataclass(frozen=True)
class Picture:
    """An image file scaled to fit ``w`` x ``h`` (aspect kept, centred)."""

    x: float
    y: float
    w: float
    h: float
    path: str


@dataclass(frozen=True)
class Qr:
    """A QR code drawn as vector squares; ``modules`` rows of booleans include the quiet zone."""

    x: float
    y: float
    size: float
    modules: tuple[tuple[bool, ...], ...]


Op = Text | Box | Rule | Picture | Qr


@dataclass(frozen=True)
class Mark:
    """An entry of the PDF's outline (bookmarks): ``level`` 0 is the top, ``y`` where it points (px)."""

    level: int
    title: str
    y: float = 0.0


@dataclass(frozen=True)
class LinkArea:
    """A clickable rectangle (px) that jumps to page ``target`` (0-based) at ``target_y`` (px)."""

    x: float
    y: float
    w: float
    h: float
    target: int
    target_y: float = 0.0


@dataclass
class Page:
    """One physical page: its drawing operations plus what a test or the report may ask about.

    ``marks`` and ``links`` are not painted: :func:`ui.printing.navigation.add_navigation` turns
    them into the PDF's outline and link annotations once the file is written.
    """

    ops: list[Op] = field(default_factory=list)
    kind: str = ""
    label: str = ""
    marks: list[Mark] = field(default_factory=list)
    links: list[LinkArea] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [o.text for o in self.ops if isinstance(o, Text)]


# ---------------------------------------------------------------------------------------------
# Measuring on the device
# ---------------------------------------------------------------------------------------------
class Metrics:
    """Unit conversion and text measurement for one paint device."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiX())

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    def pt(self, v: float) -> float:
        return v * self.dpi / 72.0

    def width(self, text: str, font: Font) -> float:
        return QFontMetricsF(print_font(font.size, bold=font.bold), self.device).horizontalAdvance(text)

    def ascent(self, font: Font) -> float:
        return QFontMetricsF(print_font(font.size, bold=font.bold), self.device).ascent()

    def line_height(self, font: Font) -> float:
        fm = QFontMetricsF(print_font(font.size, bold=font.bold), self.device)
        return fm.ascent() + fm.descent()

    def wrap(self, text: str, font: Font, width: float, *, spacing: float = 1.35) -> list[Line]:
        """Break ``text`` (``\\n`` = new paragraph) into lines no wider than ``width``.

        Chinese breaks between characters; Latin words, phone numbers and e-mail addresses stay
        whole unless a single one is wider than the line.
        """
        if not text:
            return []
        src = text.replace("\n", LINE_SEP)
        qfont = print_font(font.size, bold=font.bold)
        layout = QTextLayout(src, qfont, self.device)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(opt)
        fm = QFontMetricsF(qfont, self.device)
        pitch = (fm.ascent() + fm.descent()) * spacing
        lines: list[Line] = []
        layout.beginLayout()
        while True:
            ql = layout.createLine()
            if not ql.isValid():
                break
            ql.setLineWidth(width)
            start, length = ql.textStart(), ql.textLength()
            # U+2060 (word joiner) only keeps characters together (a figure and its 元): not drawn
            piece = src[start : start + length].replace(LINE_SEP, "").replace("\u2060", "").rstrip()
            lines.append(Line(piece, start, font, fm.ascent(), pitch, ql.naturalTextWidth()))
        layout.endLayout()
        return lines


@dataclass(frozen=True)
class Line:
    """A laid-out line: its text, where it starts in the source, font, ascent and pitch."""

    text: str
    start: int
    font: Font
    ascent: float
    pitch: float
    width: float


def lines_height(lines: Sequence[Line]) -> float:
    return sum(ln.pitch for ln in lines)


def place_lines(lines: Sequence[Line], x: float, y: float, color: str = INK, *,
                align: str = "left", box_width: float = 0.0) -> tuple[list[Op], float]:
    """Text ops for ``lines`` from top ``y``; returns the ops and the y below the last line."""
    ops: list[Op] = []
    for ln in lines:
        dx = 0.0
        if align == "center":
            dx = max(0.0, (box_width - ln.width) / 2)
        elif align == "right":
            dx = max(0.0, box_width - ln.width)
        if ln.text:
            ops.append(Text(x + dx, y + ln.ascent, ln.text, ln.font, color))
        y += ln.pitch
    return ops, y


# ---------------------------------------------------------------------------------------------
# The paint routine
# ---------------------------------------------------------------------------------------------
def paint_op(painter: QPainter, op: Op, metrics: Metrics) -> None:
    if isinstance(op, Text):
        painter.setFont(print_font(op.font.size, bold=op.font.bold))
        painter.setPen(QColor(op.color))
        painter.drawText(QPointF(op.x, op.y), op.text)
    elif isinstance(op, Box):
        painter.setBrush(QBrush(QColor(op.fill)) if op.fill else Qt.BrushStyle.NoBrush)
        if op.stroke:
            pen = QPen(QColor(op.stroke))
            pen.setWidthF(metrics.pt(op.stroke_pt))
            if op.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(op.x, op.y, op.w, op.h)
        if op.radius:
            painter.drawRoundedRect(rect, op.radius, op.radius)
        else:
            painter.drawRect(rect)
    elif isinstance(op, Rule):
        pen = QPen(QColor(op.color))
        pen.setWidthF(metrics.pt(op.width_pt))
        if op.dotted:
            pen.setStyle(Qt.PenStyle.DotLine)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(op.x1, op.y1), QPointF(op.x2, op.y2))
    elif isinstance(op, Picture):
        img = QImage(op.path)
        if img.isNull():
            return
        scale = min(op.w / img.width(), op.h / img.height())
        w, h = img.width() * scale, img.height() * scale
        painter.drawImage(QRectF(op.x + (op.w - w) / 2, op.y + (op.h - h) / 2, w, h), img)
    elif isinstance(op, Qr):
        n = len(op.modules)
        cell = op.size / n
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(QRectF(op.x, op.y, op.size, op.size))
        painter.setBrush(QColor("#000000"))
        for r, row in enumerate(op.modules):
            c = 0
            while c < n:  # one rectangle per run of dark modules keeps the PDF small
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    # a hair of overlap so that no white seams appear between runs
                    painter.drawRect(QRectF(op.x + start * cell, op.y + r * cell,
                                            (c - start) * cell, cell * 1.02))
                else:
                    c += 1


def paint_pages(device: QPagedPaintDevice, pages: Sequence[Page], *,
                progress: Callable[[int, int], None] | None = None,
                painter: QPainter | None = None) -> None:
    """Draw ``pages`` on ``device`` (one ``newPage`` between pages).

    Raises:
        PrintError: The device could not be opened for painting (e.g. an unwritable file).
    """
    from ui.printing.errors import PrintError

    metrics = Metrics(device)
    own = painter is None
    p = painter or QPainter()
    if own and not p.begin(device):
        raise PrintError("无法开始输出（打印机或文件不可用）")
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, page in enumerate(pages):
            if i > 0 and not device.newPage():
                raise PrintError("无法新建页面（打印机或文件不可用）")
            for op in page.ops:
                paint_op(p, op, metrics)
            if progress is not None:
                progress(i + 1, len(pages))
    finally:
        if own:
            p.end()
