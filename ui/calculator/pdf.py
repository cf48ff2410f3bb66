"""A calculator result on A4, through the printing package's pipeline.

The words come from :func:`content.calc.render.result_view` (the same the CLI prints and the panel
shows); this module only places them: a page plan of :mod:`ui.printing.ops` operations, painted by
:func:`ui.printing.ops.paint_pages` and written by :func:`ui.printing.render.write_pdf` (a temporary
file, checked, then moved into place — :mod:`content.safe_io`).  Paper has no links: citations are
printed as titles, related calculators by name.  The type shrinks (down to 62%) to keep a result on one
page; a longer one continues on the next page with the footer on each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from content.calc.render import ResultView, headline_text
from ui.printing.ops import INK, MUTED, Box, Font, Line, Metrics, Op, Page, Rule, Text, lines_height

A4_W, A4_H = 210.0, 297.0
FIGURE_COLOURS = {"confirmed": "#17622c", "unverified": "#6b5a00", "excluded": "#5b6470"}
LEVEL_COLOURS = {"国家": "#8a1c1c", "省级": "#6b2a8a", "市级": "#1f5fa8", "区级": "#2d6b55"}


@dataclass(frozen=True)
class ResultReport:
    """What was written: the number of pages and the type scale used."""

    pages: int
    scale: float


def _zero(value: str) -> bool:
    """An amount input left at 0 (``0元``, ``0.00元``): paper leaves it out to keep one page."""
    return value.replace(",", "") in ("0元", "0.00元", "0万元")


class _Flow:
    def __init__(self, mx: Metrics, scale: float, footer: str) -> None:
        self.mx = mx
        self.s = scale
        self.left = mx.mm(18)
        self.right = mx.mm(A4_W - 18)
        self.width = self.right - self.left
        self.top = mx.mm(16)
        self.bottom = mx.mm(A4_H - 18)
        self.footer = footer
        self.pages: list[Page] = []
        self.y = self.bottom

    def font(self, size: float, bold: bool = False) -> Font:
        return Font(round(size * self.s, 2), bold)

    def new_page(self) -> None:
        page = Page(kind="calculator")
        foot = self.font(7.5)
        y = self.bottom + self.mx.mm(6)
        page.ops.append(Rule(self.left, y - self.mx.mm(4), self.right, y - self.mx.mm(4), MUTED, 0.3))
        page.ops.append(Text(self.left, y, self.footer, foot, MUTED))
        self.pages.append(page)
        self.y = self.top

    def ensure(self, h: float) -> None:
        if not self.pages or self.y + h > self.bottom:
            self.new_page()

    def lines(self, lines: list[Line], *, x: float | None = None, color: str = INK) -> None:
        x = self.left if x is None else x
        self.ensure(lines_height(lines[:2]))
        for ln in lines:
            self.ensure(ln.pitch)
            if ln.text:
                self.pages[-1].ops.append(Text(x, self.y + ln.ascent, ln.text, ln.font, color))
            self.y += ln.pitch

    def text(self, text: str, size: float, *, bold: bool = False, color: str = INK, indent_mm: float = 0.0) -> None:
        ind = self.mx.mm(indent_mm)
        self.lines(self.mx.wrap(text, self.font(size, bold), self.width - ind, spacing=1.35), x=self.left + ind,
                   color=color)

    def space(self, mm: float) -> None:
        if self.pages:
            self.y = min(self.y + self.mx.mm(mm * self.s), self.bottom)

    def ops(self) -> list[Op]:
        return self.pages[-1].ops


class ResultLayout:
    """One result as A4 pages (a layout of the printing pipeline: ``paginate(mx) -> pages, report``)."""

    name = "calculator"

    def __init__(self, view: ResultView, *, footer: str = "") -> None:
        self.view = view
        self.footer = footer or f"科技政策一点通　计算日期 {view.date}"

    def paginate(self, mx: Metrics) -> tuple[list[Page], ResultReport]:
        scale = 1.0
        while True:
            pages = self._pages(mx, scale)
            if len(pages) <= 1 or scale <= 0.62:
                return pages, ResultReport(len(pages), scale)
            scale = round(scale - 0.06, 3)

    def _pages(self, mx: Metrics, scale: float) -> list[Page]:
        v = self.view
        f = _Flow(mx, scale, self.footer)
        f.new_page()
        f.text(v.title, 16, bold=True)
        f.text(f"计算日期：{v.date}　状态：{v.status}", 8.5, color=MUTED)
        f.space(2)
        shown = [(label, value) for label, value in v.inputs if not _zero(value)]
        if shown:
            f.text("输入（未列出的金额为0）" if len(shown) < len(v.inputs) else "输入", 10, bold=True)
            for label, value in shown:
                f.text(f"{label}：{value}", 9, indent_mm=2)
            f.space(2)
        for h in v.headline:
            f.text(headline_text(h), 12, bold=True)
        f.text(f"{v.figures_label}（按效力分三项，不相加）", 9, color=MUTED)
        self._figures(f)
        if v.ceiling:
            f.text(v.ceiling, 8.5, color=MUTED)
        f.space(2)
        f.text("计算", 10, bold=True)
        for ln in v.lines:
            f.space(1)
            head = f"[{ln.level}] {ln.label}：{ln.amount}　{ln.counted_text}　（{ln.status_text}）"
            f.text(head, 9.5, bold=True, color=LEVEL_COLOURS.get(ln.level, INK) if ln.counted else MUTED)
            f.text(ln.explanation, 8.5, indent_mm=3)
            if ln.counted is None and ln.why.startswith("备选"):
                f.text(ln.why, 8, color=MUTED, indent_mm=3)
            f.text(f"依据：{ln.citation}", 8, color=MUTED, indent_mm=3)
        for title, items, colour in (("叠加", v.stacking, INK),
                                      ("申请条件（请逐项核对）", tuple(f"□ {c.full}" for c in v.conditions), INK),
                                      ("提示", tuple(f"• {w}" for w in v.warnings), "#6b3a00")):
            if items:
                f.space(2)
                f.text(title, 10, bold=True)
                for item in items:
                    f.text(item, 8.5, color=colour, indent_mm=2)
        f.space(2)
        f.text("咨询电话", 10, bold=True)
        for c in v.contacts:
            f.text(c.text, 8.5, indent_mm=2)
        if v.contacts_missing:
            f.text(v.contacts_missing, 8.5, indent_mm=2)
        if v.related:
            f.space(2)
            f.text("还可以申请：" + "、".join(r.text for r in v.related), 8.5)
        f.space(2)
        f.text(v.disclaimer, 8, color=MUTED)
        return f.pages

    def _figures(self, f: _Flow) -> None:
        mx = f.mx
        label_font, value_font, note_font = f.font(10.5, True), f.font(13, True), f.font(7.5)
        row = max(mx.line_height(value_font), mx.line_height(note_font)) + mx.mm(2.2)
        f.ensure(row * len(self.view.figures) + mx.mm(2))
        top = f.y
        for fig in self.view.figures:
            colour = FIGURE_COLOURS[fig.key]
            base = f.y + mx.mm(1.1) + mx.ascent(value_font)
            f.ops().append(Text(f.left + mx.mm(3), base, fig.label, label_font, colour))
            f.ops().append(Text(f.left + mx.mm(22), base, fig.text, value_font, colour))
            note_x = f.left + mx.mm(22) + mx.width(fig.text, value_font) + mx.mm(4)
            if note_x + mx.width(fig.note, note_font) <= f.right:
                f.ops().append(Text(note_x, base, fig.note, note_font, MUTED))
            f.y += row
        f.ops().append(Box(f.left, top, f.width, f.y - top, stroke="#c9ced6", stroke_pt=0.5, radius=mx.mm(1)))
        f.y += mx.mm(1)


def write_result_pdf(path: Path, view: ResultView, *, footer: str = "") -> ResultReport:
    """Write ``view`` as an A4 PDF at ``path`` (replaced only once the new file checks out).

    Raises:
        ui.printing.PrintError: the file cannot be written; the message says why and what to do.
    """
    from ui.printing.fonts import ensure_cjk_fonts
    from ui.printing.ops import paint_pages
    from ui.printing.render import write_pdf

    ensure_cjk_fonts()
    layout = ResultLayout(view, footer=footer)
    report = ResultReport(0, 1.0)

    def paint(writer: object) -> tuple[int, list[Page]]:
        nonlocal report
        pages, report = layout.paginate(Metrics(writer))  # type: ignore[arg-type]
        paint_pages(writer, pages)  # type: ignore[arg-type]
        return len(pages), pages

    write_pdf(path, paint, title=f"{view.title} 计算结果")
    return report
