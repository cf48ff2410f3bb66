"""The 谁负责 box at the top of every 比一比 page: per level, office, person and phone.

The rows are the bundle's (:meth:`content.bundle.ContentBundle.responsible`): the contacts the
compared measures print, exactly as printed.  This module only lays them out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from content.bundle import ContentBundle
from content.contacts import Responsible, ResponsibleGroup
from content.curated import Comparison
from ui.pages import Page, link
from ui.render import button_link, esc, level_badge, phone_html
from ui.style import LEVEL_COLOURS


def _t(text: str) -> str:
    return QCoreApplication.translate("whom", text)


def _measure_links(b: ContentBundle, ids: tuple[str, ...]) -> str:
    links = []
    for mid in ids:
        m = b.handbook.measure(mid)
        if m is not None:
            links.append(f'<a href="{Page("item", m.id).href()}">{esc(m.display_title)}</a>')
    return "、".join(links)


def _line(b: ContentBundle, r: Responsible, *, links: bool) -> str:
    c = r.contact
    who = " ".join(esc(x) for x in (c.office, c.person) if x)
    out = [f"<b>{who}</b>"]
    if c.label:
        out.append(f'<span class="muted small">（{esc(c.label)}）</span>')
    if c.phone:
        out.append(f"　☎ {phone_html(c)}&nbsp;{button_link(link('copy', c.phone), _t('复制'))}")
    elif c.email:
        out.append(f"　✉ {esc(c.email)}")
    if links and r.measure_ids:
        out.append(f'　<span class="small">{esc(_t("见"))} {_measure_links(b, r.measure_ids)}</span>')
    return "".join(out)


def _group(b: ContentBundle, g: ResponsibleGroup) -> str:
    bg = LEVEL_COLOURS.get(g.level, ("", "#e9eef5"))[1]
    unit = f'<br/><span class="small">{esc(g.unit_text)}</span>' if g.unit_text else ""
    head = (f'<td valign="top" width="24%" style="background-color:{bg}">{level_badge(g.level)} '
            f"<b>{esc(g.region)}</b>{unit}</td>")
    lines: list[str] = []
    if not g.rows:
        lines.append(f'<span class="muted small">{esc(_t("本手册所收该级条目未印联系人，可向发布单位咨询。"))}</span>')
    elif g.from_document:
        doc = b.handbook.document(g.from_document)
        title = (doc.short_title or doc.title) if doc is not None else g.from_document
        note = _t("该级条目未印专门联系人；以下是《{title}》为整份文件所印的联系人：").format(title=title)
        lines.append(f'<span class="muted small">{esc(note)}</span>')
    shared = {r.measure_ids for r in g.rows}
    one_source = len(shared) == 1 and len(g.rows) > 1 and next(iter(shared))
    if one_source:  # every row from the same measures: name them once
        lines.append(f'<span class="small">{esc(_t("均见"))} {_measure_links(b, g.rows[0].measure_ids)}</span>')
    lines.extend(_line(b, r, links=not one_source) for r in g.rows)
    return f'<tr>{head}<td valign="top">{"<br/>".join(lines)}</td></tr>'


def responsible_box(b: ContentBundle, comp: Comparison) -> str:
    """The 谁负责 box of ``comp``: one row per column (level and region), in the table's order."""
    groups = b.responsible(comp)
    if not groups:
        return ""
    body = "".join(_group(b, g) for g in groups)
    title = (f'<tr><td colspan="2" style="background-color:#f4f6f9"><b>{esc(_t("谁负责"))}</b>'
             f'　<span class="muted small">{esc(_t("各级联系人，照原件所印"))}</span></td></tr>')
    return ('<table width="100%" border="1" cellspacing="0" cellpadding="6" '
            'style="border-color:#c9d1dc; margin-bottom:12px">'
            f"{title}{body}</table>")


__all__ = ["responsible_box"]
