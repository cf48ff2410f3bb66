"""The calculator panel's result view: the words of :mod:`content.calc.render` laid out as HTML.

Nothing here computes or words anything: the figures, lines, reasons and citations come from a
:class:`~content.calc.render.ResultView`.  Links are ``measure:ID`` (open the measure) and ``calc:ID``
(open a related calculator); readers see titles, never ids.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtWidgets import QFrame, QWidget

from content.calc import Calculator, holds
from content.calc.inputs import Value
from content.calc.render import ResultView, headline_text
from content.model import Handbook
from ui.plaintext import NoResourcesBrowser

LEVEL_COLOURS = {"国家": "#8a1c1c", "省级": "#6b2a8a", "市级": "#1f5fa8", "区级": "#2d6b55"}
FIGURE_COLOURS = {"confirmed": "#17622c", "unverified": "#6b5a00", "excluded": "#5b6470"}


def status_badge(status: str) -> str:
    """The computed status of a line's measures, in the colours every surface uses."""
    from content.validity import STATUS_COLOURS, Status

    try:
        st = Status(status)
    except ValueError:
        return ""
    fg, bg = STATUS_COLOURS[st]
    return f' <span style="color:{fg}; background:{bg};">&nbsp;{html.escape(st.value)}&nbsp;</span>'


def result_html(view: ResultView) -> str:
    """The result on screen: headline and the three figures first, then each line, the 上限情形, how the
    lines were combined, the conditions, warnings, contacts and the calculators to try next."""
    e = html.escape
    out: list[str] = []
    for h in view.headline:
        out.append(f'<p style="font-size:17px; margin-top:4px; margin-bottom:2px;"><b>{e(headline_text(h))}</b></p>')
    out.append(f'<p style="margin-top:6px; margin-bottom:2px; color:#5b6470;">{e(view.figures_label)}'
               "（按效力分三项，不相加）</p><table cellspacing=\"0\" cellpadding=\"3\">")
    for f in view.figures:
        out.append(f'<tr><td style="font-size:15px;">{e(f.label)}</td>'
                   f'<td style="font-size:19px; color:{FIGURE_COLOURS[f.key]};"><b>{e(f.text)}</b></td>'
                   f'<td style="font-size:11px; color:#5b6470;">{e(f.note)}</td></tr>')
    out.append("</table>")
    if view.ceiling:
        out.append(f'<p style="font-size:12px; color:#5b6470;">{e(view.ceiling)}</p>')
    for ln in view.lines:
        colour = LEVEL_COLOURS.get(ln.level, "#333")
        amount = f"{e(ln.amount)}（{e(ln.counted_text)}）"
        if ln.counted is None:
            amount = f'<span style="color:#5b6470;">{amount}</span>'
        why = (f'<div style="font-size:11px; color:#5b6470; margin-left:8px;">{e(ln.why)}</div>'
               if ln.counted is None and ln.why.startswith("备选") else "")
        out.append(
            f'<table width="100%" cellspacing="0" cellpadding="2" style="margin-top:6px;"><tr>'
            f'<td><span style="color:{colour}; font-weight:bold;">[{e(ln.level)}]</span> {e(ln.label)}'
            f"{status_badge(ln.status)}</td><td align=\"right\"><b>{amount}</b></td></tr></table>"
            f'<div style="font-size:12px; color:#333; margin-left:8px;">{e(ln.explanation)}</div>{why}'
            f'<div style="font-size:11px; margin-left:8px;">依据：<a href="measure:{e(ln.measure)}">'
            f"{e(ln.citation)}</a></div>")
    if view.stacking:
        out.append('<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">叠加</p>'
                   '<div style="font-size:12px;">')
        out.extend(f"• {e(x)}<br>" for x in view.stacking)
        out.append("</div>")
    if view.conditions:
        out.append('<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">申请条件（请逐项核对）</p>'
                   '<div style="font-size:12px;">')
        for c in view.conditions:
            cite = f'（<a href="measure:{e(c.target)}">{e(c.citation)}</a>）' if c.citation else ""
            out.append(f"☐ {e(c.text)}{cite}<br>")
        out.append("</div>")
    if view.warnings:
        out.append('<p style="font-weight:bold; margin-top:10px; margin-bottom:2px; color:#8a4b00;">提示</p>'
                   '<div style="font-size:12px; color:#6b3a00;">')
        out.extend(f"• {e(w)}<br>" for w in view.warnings)
        out.append("</div>")
    out.append('<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">咨询电话</p>'
               '<div style="font-size:12px;">')
    out.extend(f'{e(c.text)}　<a href="measure:{e(c.target)}">所在条目</a><br>' for c in view.contacts)
    if view.contacts_missing:
        out.append(e(view.contacts_missing))
    out.append("</div>")
    if view.related:
        out.append('<p style="font-weight:bold; margin-top:10px; margin-bottom:2px;">还可以申请</p>'
                   '<div style="font-size:12px;">')
        out.extend(f'<a href="calc:{e(r.target)}">{e(r.text)}</a><br>' for r in view.related)
        out.append("</div>")
    out.append(f'<p style="font-size:11px; color:#5b6470; margin-top:10px;">{e(view.disclaimer)}</p>')
    return "".join(out)


def intro_html(calc: Calculator, handbook: Handbook | None, values: Mapping[str, Value] | None = None) -> str:
    """Before a result: the conditions to check (those that apply to ``values``) and the measures cited."""
    from content.calc.declarations import measure_title

    e = html.escape

    def title(mid: str) -> str:
        return measure_title(handbook, mid) if handbook is not None else "所引条目"

    out = []
    conditions = [c for c in calc.conditions if c.when is None or values is None or holds(c.when, values)]
    if conditions:
        out.append('<p style="font-weight:bold; margin-bottom:2px;">申请条件</p><div style="font-size:12px;">')
        for c in conditions:
            cite = f'（<a href="measure:{e(c.source)}">{e(title(c.source))}</a>）' if c.source else ""
            out.append(f"☐ {e(c.text)}{cite}<br>")
        out.append("</div>")
    out.append('<p style="font-weight:bold; margin-bottom:2px;">政策依据</p><div style="font-size:12px;">')
    out.extend(f'<a href="measure:{e(mid)}">{e(title(mid))}</a><br>' for mid in calc.cites)
    out.append("</div>")
    return "".join(out)


def scaled_px(text: str, factor: float) -> str:
    """``text`` (HTML) with every ``font-size:Npx`` multiplied by ``factor`` (the result's sizes are px).

    >>> scaled_px('<p style="font-size:17px; margin-top:4px">', 1.5)
    '<p style="font-size:26px; margin-top:4px">'
    """
    if factor == 1.0:
        return text
    return re.sub(r"font-size:\s*(\d+(?:\.\d+)?)px", lambda m: f"font-size:{round(float(m[1]) * factor)}px", text)


class FittingTextBrowser(NoResourcesBrowser):
    """A QTextBrowser as tall as its document, so the panel scrolls as one page.

    :meth:`set_scale` enlarges the type of what it shows (演示模式 shows the calculator alone, larger).
    """

    MIN_PX = 60

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scale = 1.0
        self._source = ""
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().documentLayout().documentSizeChanged.connect(self._on_document_size_changed)

    def setHtml(self, text: str) -> None:  # noqa: N802 - Qt override
        self._source = text
        super().setHtml(scaled_px(text, self._scale))

    def set_scale(self, factor: float) -> None:
        if factor != self._scale:
            self._scale = factor
            if self._source:
                self.setHtml(self._source)

    def _on_document_size_changed(self, size: QSizeF) -> None:
        margins = self.contentsMargins()
        height = max(self.MIN_PX, int(size.height() + 0.999) + margins.top() + margins.bottom())
        if height != self.height():
            self.setFixedHeight(height)
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self.height())
