"""HTML pages for the reader (a QTextBrowser): home, document, part, measure, topic, level,
contact, 比一比 comparisons.

Everything here is a function from model values to an HTML string in the subset QTextDocument
understands.  Official wording is escaped and shown as is; amounts are emphasised and search
terms highlighted without changing a character of it.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from content.bundle import ContentBundle
from content.curated import Comparison, Tile, excerpt_span
from content.model import Contact, DirectoryEntry, Document, Handbook, Measure, Part, Table
from content.validity import STATUS_COLOURS, STATUS_ORDER, Status, Validity
from ui.pages import Page, link
from ui.style import ACCENT, ACCENT_DARK, INK, LEVEL_COLOURS, MARK_BG, MUTED

NOTICE = "本手册内容仅供参考，不作为享受政策的依据，具体以正式文件为准。"
VALIDITY_EXPLAINED = ("状态按今天的日期计算：印有期限且已过的为“期限已过”；征求意见稿不是正式政策；"
                      "只有科技局在{months}个月内核实过的才标“现行”，其余为“效力未核实”。“文本录入”是文字录入本手册的日期，"
                      "不表示当时核实过效力。")
LEVEL_ORDER = ("国家级", "省级", "市级", "区县级")


def _t(text: str) -> str:
    return QCoreApplication.translate("render", text)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------------------------
# Text marking: amounts and search terms
# --------------------------------------------------------------------------------------------
_NUM = r"\d+(?:[.,]\d+)*"
_AMOUNT = (
    rf"(?:{_NUM}\s*[%％‰]\s*[~～—–\-至到]\s*)?(?:{_NUM}\s*[~～—–\-至到]\s*)?"
    rf"{_NUM}\s*(?:[%％‰]|(?:亿|万|千)?元)"
)
AMOUNT_RE = re.compile(_AMOUNT)


def mark_text(text: str, terms: Sequence[str] = (), *, amounts: bool = True) -> str:
    """Escape ``text`` for HTML, emphasise amounts and highlight ``terms``.

    Paragraph breaks (blank or single newlines) become ``<br/>``.

    >>> mark_text("给予 10 万元奖励", ["奖励"])
    '给予 <b style="color:#9c2a00">10 万元</b><span style="background-color:#ffe27a">奖励</span>'
    """
    spans: list[tuple[int, int, str]] = []
    if amounts:
        spans += [(m.start(), m.end(), "amount") for m in AMOUNT_RE.finditer(text)]
    words = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if words:
        pat = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        spans += [(m.start(), m.end(), "term") for m in pat.finditer(text)]
    # Boundaries of both kinds of span; each character gets the set of marks covering it.
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        chunk = esc(text[a:b]).replace("\n", "<br/>")
        kinds = {k for s, e, k in spans if s <= a and b <= e}
        if "amount" in kinds:
            chunk = f'<b style="color:#9c2a00">{chunk}</b>'
        if "term" in kinds:
            chunk = f'<span style="background-color:{MARK_BG}">{chunk}</span>'
        out.append(chunk)
    return "".join(out)


def paragraphs(text: str, terms: Sequence[str] = ()) -> str:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{mark_text(p, terms)}</p>" for p in paras)


# --------------------------------------------------------------------------------------------
# Style
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageStyle:
    """Sizes of the reader's type; zoom and presentation mode change ``base_pt``."""

    base_pt: float = 12.0

    def pt(self, factor: float) -> str:
        return f"{self.base_pt * factor:.1f}pt"


def stylesheet(style: PageStyle) -> str:
    """The QTextDocument default style sheet for a given type size."""
    return f"""
body {{ color: {INK}; font-size: {style.pt(1)}; }}
p {{ line-height: 165%; margin-top: 0px; margin-bottom: {style.pt(0.7)}; }}
h1 {{ font-size: {style.pt(1.6)}; font-weight: bold; margin-bottom: {style.pt(0.4)}; line-height: 140%; }}
h2 {{ font-size: {style.pt(1.3)}; font-weight: bold; margin-top: {style.pt(1.1)}; margin-bottom: {style.pt(0.4)}; }}
h3 {{ font-size: {style.pt(1.1)}; font-weight: bold; margin-top: {style.pt(0.9)}; margin-bottom: {style.pt(0.3)}; }}
a {{ color: {ACCENT}; text-decoration: none; }}
li {{ line-height: 160%; margin-bottom: {style.pt(0.25)}; }}
td {{ line-height: 150%; }}
.muted {{ color: {MUTED}; }}
.small {{ font-size: {style.pt(0.88)}; }}
.crumb {{ font-size: {style.pt(0.9)}; color: {MUTED}; }}
.notice {{ font-size: {style.pt(0.9)}; color: #7a5a00; }}
"""


def badge(text: str, colours: tuple[str, str] | None = None) -> str:
    fg, bg = colours or ("#3d4653", "#e8ebef")
    return f'<span style="color:{fg}; background-color:{bg}; font-weight:bold">&nbsp;{esc(text)}&nbsp;</span>'


def status_badge(v: Validity, *, full: bool = False) -> str:
    """The status badge every surface shows: ``效力未核实``, or the whole label ``现行（2026-03-01 经…核实）``."""
    return badge(v.label if full else v.status.value, v.colours)


def status_line(v: Validity, item_id: str) -> str:
    """Badge and reason, for the page of a document, part or measure, with the staff's 记录核实 link."""
    return (f'{status_badge(v, full=True)}　<span class="small muted">{esc(v.reason)}</span>'
            f'　{button_link(link("verify", item_id), _t("记录核实…"))}')


def level_badge(level: str) -> str:
    return badge(level, LEVEL_COLOURS.get(level))


def button_link(href: str, text: str, *, primary: bool = False) -> str:
    """A link drawn as a small button (QTextDocument has no real buttons)."""
    fg, bg = ("#ffffff", ACCENT) if primary else (ACCENT, "#e2ecf8")
    return (f'<a href="{esc(href)}" style="color:{fg}; background-color:{bg}; text-decoration:none">'
            f"&nbsp;{esc(text)}&nbsp;</a>")


def _notice() -> str:
    return (f'<table width="100%" cellpadding="8" style="background-color:#fff8e1; margin-top:16px">'
            f'<tr><td class="notice">⚠ {esc(_t(NOTICE))}</td></tr></table>')


_NOTE_PREFIX = re.compile(r"^编者注[：:]\s*")


def _note_box(notes: Iterable[str], terms: Sequence[str] = ()) -> str:
    notes = [n for n in notes if n.strip()]
    if not notes:
        return ""
    body = "".join(f"<p>{mark_text(_NOTE_PREFIX.sub('', n), terms, amounts=False)}</p>" for n in notes)
    return (
        '<table width="100%" cellpadding="10" style="background-color:#f1efe6; margin-top:12px; '
        'margin-bottom:8px"><tr><td>'
        f'<p style="margin-bottom:4px"><b style="color:#6d5c1f">{esc(_t("编者注"))}</b>'
        f'<span class="small muted">　{esc(_t("（编者所加说明，不是文件原文）"))}</span></p>'
        f"{body}</td></tr></table>"
    )


def area_code_note(c: Contact) -> str:
    """``（区号 0311 为编者所补，原件未印）`` when the handbook adds the area code, else ``""``."""
    return _t("（区号 {code} 为编者所补，原件未印）").format(code=c.area_code_added) if c.area_code_added else ""


def phone_html(c: Contact) -> str:
    """The number as printed; an area code the content does not print is shown apart, as the editor's."""
    note = area_code_note(c)
    return esc(c.phone) + (f' <span class="muted small">{esc(note)}</span>' if note else "")


def contacts_table(contacts: Sequence[Contact], *, heading: str | None = None) -> str:
    """Contacts as a table with 复制 (copy) buttons for phone and e-mail."""
    if not contacts:
        return ""
    rows = []
    for c in contacts:
        who = " ".join(x for x in (c.office, c.person) if x)
        label = f'<span class="muted small">{esc(c.label)}</span><br/>' if c.label else ""
        phone = (f"{phone_html(c)}&nbsp;&nbsp;{button_link(link('copy', c.phone), _t('复制'))}" if c.phone else "")
        email = (f"{esc(c.email)}&nbsp;&nbsp;{button_link(link('copy', c.email), _t('复制'))}" if c.email else "")
        rows.append(
            f"<tr><td>{label}<b>{esc(who)}</b></td>"
            f'<td>{"<span class=muted>☎</span> " + phone if phone else ""}</td>'
            f'<td>{"<span class=muted>✉</span> " + email if email else ""}</td></tr>'
        )
    head = f"<h3>{esc(heading or _t('联系人'))}</h3>"
    return (f'{head}<table width="100%" cellspacing="0" cellpadding="6" '
            f'style="border-collapse:collapse">{"".join(rows)}</table>')


def table_html(t: Table, terms: Sequence[str] = ()) -> str:
    head = "".join(f'<th style="background-color:#e9eef5">{esc(c)}</th>' for c in t.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{mark_text(cell, terms)}</td>" for cell in row) + "</tr>" for row in t.rows
    )
    return (f"<h3>{esc(t.title)}</h3>"
            f'<table width="100%" border="1" cellspacing="0" cellpadding="5" style="border-color:#c9d1dc">'
            f"<tr>{head}</tr>{body}</table>{_note_box(t.notes, terms)}")


def _measure_link(m: Measure, *, terms: Sequence[str] = ()) -> str:
    ed = f' <span class="muted small">{esc(_t("（编者所拟）"))}</span>' if m.title_editorial else ""
    return f'<a href="{Page("item", m.id).href()}">{mark_text(m.display_title, terms, amounts=False)}</a>{ed}'


def _doc_meta_rows(b: ContentBundle, doc: Document) -> str:
    draft = doc.kind.value == "征求意见稿"
    rows = [
        (_t("发布机关"), doc.issuer_text),
        (_t("文件类型"), doc.kind.value),
        (_t("文号"), doc.doc_number or _t("（原文未标注）")),
        (_t("日期"), doc.date_wording or doc.date or _t("（原文未标注）")),
        (_t("层级"), level_badge(doc.level) if doc.level else ""),
        (_t("地区"), doc.region),
        (_t("状态"), status_line(b.status(doc.id), doc.id)),
        (_t("内容来源"), b.provenance(doc).label()),
    ]
    if doc.period:
        rows.append((_t("草案目标期") if draft else _t("文件所定期限"),
                     f"{doc.period.label()}（{_t('原文')}：{doc.period.wording}）"))
    if doc.comment_deadline:
        rows.append((_t("意见征集截止"), doc.comment_deadline))
    cells = []
    for label, value in rows:
        v = value if label in (_t("层级"), _t("状态")) else esc(value)
        cells.append(f'<tr><td class="muted" width="90">{esc(label)}</td><td>{v}</td></tr>')
    return f'<table cellpadding="3" cellspacing="0">{"".join(cells)}</table>'


def _archive_box(b: ContentBundle, item: Document | Part | Measure) -> str:
    """A document, part or measure a content pack removed: kept readable, and said so."""
    prov = b.provenance(item)
    if not prov.archived:
        return ""
    kept = _t("（第 {v} 版）").format(v=prov.text_version) if prov.text_version else ""
    text = _t("内容包 {pack} 第 {v} 版（{publisher}，{date}）已删去本条目，状态为已废止。以下是删去前{kept}的原文，仅供查阅，"
              "不要据此申报。").format(pack=prov.pack, v=prov.repealed_in, publisher=prov.publisher, date=prov.date,
                                   kept=kept)
    return ('<table width="100%" cellpadding="8" style="background-color:#f8dcdc; margin-top:6px; margin-bottom:6px">'
            f'<tr><td style="color:#8a1c1c">{esc(text)}</td></tr></table>')


def _update_note(b: ContentBundle, *, per_kind: int = 12) -> str:
    """The home page's "本次更新" box after a content pack was installed or rolled back."""
    u = b.last_update
    if u is None:
        return ""
    box = '<table width="100%" cellpadding="10" style="background-color:#e9f0fa; margin-top:8px"><tr><td>{}</td></tr></table>'
    if u.action == "rollback":
        text = (_t("已把内容包 {pack} 从第 {old} 版退回到第 {new} 版（{when}）。") if u.version
                else _t("已卸载内容包 {pack} 第 {old} 版（{when}）。")).format(pack=u.pack, old=u.previous,
                                                                         new=u.version, when=u.when)
        return box.format(f"<b>{esc(text)}</b>")
    if u.changelog is None or u.manifest is None:
        return ""
    m, log = u.manifest, u.changelog
    source = _t("内容包 {pack} 第 {v} 版 · {publisher} · {date}；{when} 安装").format(
        pack=m.id, v=m.version, publisher=m.publisher, date=m.date, when=u.when)
    parts = [f'<p style="margin-bottom:2px"><b style="font-size:large">{esc(_t("本次更新："))}{esc(log.summary())}</b></p>',
             f'<p class="small muted">{esc(source)}</p>']
    hb = b.handbook
    for d in log.documents:
        doc = hb.find(d.id)
        name = esc(f"《{d.title}》")
        head = f'<a href="{Page("item", d.id).href()}">{name}</a>' if doc is not None else name
        if d.change in ("新增", "废止"):  # the whole document came or went
            n = len(d.measures)
            parts.append(f"<p>{badge(d.change, STATUS_COLOURS_UPDATE[d.change])}　{head}"
                         f"{esc(_t('全文（{n} 条）').format(n=n))}</p>")
            continue
        for kind in ("修订", "废止", "新增"):
            changes = [c for c in d.measures if c.change == kind]
            if not changes:
                continue
            items = []
            for c in changes[:per_kind]:
                title = esc(c.title)
                items.append(f'<a href="{Page("item", c.id).href()}">{title}</a>' if hb.find(c.id) is not None
                             else title)
            more = len(changes) - per_kind
            tail = "　" + esc(_t("……另有 {n} 条").format(n=more)) if more > 0 else ""
            parts.append(f"<p>{badge(kind, STATUS_COLOURS_UPDATE[kind])}　{head}：" + "；".join(items) + tail + "</p>")
        if not d.measures:
            parts.append(f"<p>{badge(d.change, STATUS_COLOURS_UPDATE.get(d.change))}　{head}"
                         f"{esc(_t('（文件信息有修改）'))}</p>")
    return box.format("".join(parts))


#: Colours of the changelog's 新增 / 修订 / 废止 badges (修订 and 废止 as the matching statuses).
STATUS_COLOURS_UPDATE: dict[str, tuple[str, str]] = {
    "新增": ("#17622c", "#dff2e4"),
    "修订": STATUS_COLOURS[Status.REVISED],
    "废止": STATUS_COLOURS[Status.REPEALED],
}


def _crumbs(hb: Handbook, doc_id: str, part_id: str | None) -> str:
    doc = hb.document(doc_id)
    items = [f'<a href="{Page("home").href()}">{esc(_t("首页"))}</a>']
    if doc is not None:
        items.append(f'<a href="{Page("item", doc.id).href()}">{esc(doc.short_title or doc.title)}</a>')
        if part_id:
            chain: list[Part] = []
            for p in doc.all_parts():
                if p.id == part_id or any(q.id == part_id for q in p.all_parts()):
                    chain.append(p)
            for p in chain:
                title = f"{p.number}、{p.title}" if p.number and not p.title.startswith(p.number) else p.title
                items.append(f'<a href="{Page("item", p.id).href()}">{esc(title)}</a>')
    return '<p class="crumb">' + " › ".join(items) + "</p>"


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def _status_counts(b: ContentBundle, measures: Iterable[Measure]) -> str:
    """``效力未核实 70　期限已过 2`` for a list of measures (only the statuses present)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for m in measures:
        counts[b.status(m.id).status] += 1
    return "　".join(f"{status_badge(Validity(s, s.value, ''))} {n}" for s, n in counts.items() if n)


def render_document(b: ContentBundle, doc: Document, terms: Sequence[str] = ()) -> str:
    hb = b.handbook
    n = sum(1 for _ in doc.all_measures())
    out = [_crumbs(hb, doc.id, None), f"<h1>{mark_text(doc.title, terms, amounts=False)}</h1>",
           _archive_box(b, doc), _doc_meta_rows(b, doc), _notice()]
    if doc.preface:
        out.append(f"<h2>{esc(_t('说明'))}</h2>{paragraphs(doc.preface, terms)}")
    out.append(_note_box(doc.notes, terms))
    out.append(contacts_table(doc.contacts))
    out.append(f"<h2>{esc(_t('目录'))}</h2>")
    out.append(f'<p class="muted">{esc(_t("共 {n} 条").format(n=n))}　{_status_counts(b, doc.all_measures())}</p>')
    out.append(_part_list(b, doc.parts))
    for t in doc.tables:
        out.append(table_html(t, terms))
    return "".join(out)


def _measure_item(b: ContentBundle, m: Measure) -> str:
    return f'{_measure_link(m)}　{status_badge(b.status(m.id))}'


def _part_list(b: ContentBundle, parts: Sequence[Part]) -> str:
    out = ["<ul>"]
    for p in parts:
        title = f"{p.number}、{p.title}" if p.number and not p.title.startswith(p.number) else p.title
        out.append(f'<li><a href="{Page("item", p.id).href()}"><b>{esc(title)}</b></a>')
        if p.measures:
            out.append("<ul>" + "".join(f"<li>{_measure_item(b, m)}</li>" for m in p.measures) + "</ul>")
        if p.parts:
            out.append(_part_list(b, p.parts))
        out.append("</li>")
    out.append("</ul>")
    return "".join(out)


def render_part(b: ContentBundle, part: Part, terms: Sequence[str] = ()) -> str:
    hb = b.handbook
    title = f"{part.number}、{part.title}" if part.number and not part.title.startswith(part.number) else part.title
    out = [_crumbs(hb, part.document_id, part.id), f"<h1>{mark_text(title, terms, amounts=False)}</h1>"]
    meta = []
    issuer = b.issuer_text(part)
    if issuer:
        meta.append(esc(issuer))
    if part.doc_number:
        meta.append(esc(part.doc_number))
    if part.level:
        meta.append(level_badge(part.level))
    if part.region:
        meta.append(esc(part.region))
    if meta:
        out.append('<p class="muted">' + "　".join(meta) + "</p>")
    out.append(f"<p>{status_line(b.status(part.id), part.id)}</p>")
    out.append(_archive_box(b, part))
    if part.intro:
        out.append(paragraphs(part.intro, terms))
    out.append(_note_box(part.notes, terms))
    out.append(contacts_table(part.contacts))
    if part.measures:
        out.append("<ul>" + "".join(f"<li>{_measure_item(b, m)}</li>" for m in part.measures) + "</ul>")
    if part.parts:
        out.append(_part_list(b, part.parts))
    for t in part.tables:
        out.append(table_html(t, terms))
    out.append(_notice())
    return "".join(out)


@dataclass(frozen=True)
class MeasureExtras:
    """What a measure page links to besides the handbook itself."""

    bookmarked: bool = False
    calculators: tuple[tuple[str, str], ...] = ()  # (calculator id, title)
    comparisons: tuple[Comparison, ...] = ()
    calculators_available: bool = True


def render_measure(b: ContentBundle, m: Measure, terms: Sequence[str] = (),
                   extras: MeasureExtras = MeasureExtras()) -> str:
    hb = b.handbook
    doc = hb.document(m.document_id)
    out = [_crumbs(hb, m.document_id, m.part_id)]
    ed = (f'　<span style="color:{MUTED}; font-size:small; font-weight:normal">{esc(_t("标题为编者所拟"))}</span>'
          if m.title_editorial else "")
    number = f'<span style="color:{ACCENT}">{esc(m.number)}</span>　' if m.number else ""
    out.append(f"<h1>{number}{mark_text(m.title, terms, amounts=False)}{ed}</h1>")
    meta = [level_badge(m.level), esc(m.region)]
    if m.issuer_text:
        meta.append(f'<span class="muted">{esc(m.issuer_text)}</span>')
    star = "★ " + _t("已收藏") if extras.bookmarked else "☆ " + _t("收藏")
    actions = [button_link(link("bookmark", m.id), star), button_link(link("cite", m.id), _t("复制引用"))]
    for cid, ctitle in extras.calculators:
        actions.append(button_link(link("calc", cid), _t("计算：") + ctitle, primary=True))
    out.append('<p>' + "　".join(meta) + "</p>")
    out.append(f"<p>{status_line(b.status(m.id), m.id)}</p>")
    out.append(_archive_box(b, m))
    out.append('<p>' + "　".join(actions) + "</p>")
    out.append(paragraphs(m.text, terms))
    if m.source is not None:
        num = f"（{esc(m.source.doc_number)}）" if m.source.doc_number else ""
        out.append(f'<p class="small"><span class="muted">{esc(_t("政策依据："))}</span>'
                   f"{mark_text(m.source.title, terms, amounts=False)}{num}</p>")
    if doc is not None:
        src = doc.title + (f"（{doc.doc_number}）" if doc.doc_number else "")
        out.append(f'<p class="small"><span class="muted">{esc(_t("出自："))}</span>'
                   f'<a href="{Page("item", doc.id).href()}">{esc(src)}</a>'
                   f'<br/><span class="muted">{esc(_t("内容来源："))}</span>{esc(b.provenance(doc).label())}</p>')
    tags = []
    if m.topics:
        tags.append(f'<span class="muted">{esc(_t("专题："))}</span>' + "　".join(
            f'<a href="{Page("topic", t).href()}">{esc(t)}</a>' for t in m.topics))
    if m.beneficiaries:
        tags.append(f'<span class="muted">{esc(_t("适用对象："))}</span>' + "、".join(esc(b) for b in m.beneficiaries))
    if tags:
        out.append('<p class="small">' + "<br/>".join(tags) + "</p>")
    for c in extras.comparisons:
        out.append(f'<p>{button_link(Page("compare", c.id).href(), _t("比一比：") + c.title)}'
                   f'<span class="muted small">　{esc(_t("看省、市、区县各级对同一事项的支持"))}</span></p>')
    out.append(_note_box(m.notes, terms))
    out.append(contacts_table(m.contacts))
    prev, nxt = hb.neighbours(m.id)
    if prev is not None or nxt is not None:
        left = (f'<a href="{Page("item", prev.id).href()}">‹ {esc(_t("上一条"))}：{esc(prev.display_title)}</a>'
                if prev is not None else "")
        right = (f'<a href="{Page("item", nxt.id).href()}">{esc(_t("下一条"))}：{esc(nxt.display_title)} ›</a>'
                 if nxt is not None else "")
        # The rule is the cells' top border: an <hr/> right after a table renders short in QTextDocument.
        rule = "border-top: 1px solid #c9d1dc; padding-top: 8px"
        out.append(f'<table width="100%" cellspacing="0" cellpadding="4" style="margin-top:14px"><tr>'
                   f'<td width="50%" style="{rule}">{left}</td>'
                   f'<td width="50%" align="right" style="{rule}">{right}</td></tr></table>')
    out.append(_notice())
    return "".join(out)


def _grouped_by_level(b: ContentBundle, measures: Sequence[Measure]) -> str:
    out = []
    for level in (*LEVEL_ORDER, *sorted({m.level for m in measures} - set(LEVEL_ORDER))):
        ms = [m for m in measures if m.level == level]
        if not ms:
            continue
        out.append(f"<h2>{level_badge(level)}　<span class='muted small'>{esc(_t('{n} 条').format(n=len(ms)))}"
                   "</span></h2><ul>")
        for m in ms:
            out.append(f'<li>{_measure_link(m)}　<span class="muted small">{esc(m.region)}</span>'
                       f"　{status_badge(b.status(m.id))}</li>")
        out.append("</ul>")
    return "".join(out)


def render_topic(b: ContentBundle, topic: str) -> str:
    hb = b.handbook
    ms = [m for m in hb.measures() if topic in m.topics]
    out = [_crumbs(hb, "", None), f"<h1>{esc(_t('专题'))}：{esc(topic)}</h1>",
           f'<p class="muted">{esc(_t("共 {n} 条，按层级排列").format(n=len(ms)))}</p>']
    out.append(_grouped_by_level(b, ms) if ms else f"<p>{esc(_t('本专题暂无条目。'))}</p>")
    return "".join(out)


def render_level(b: ContentBundle, level: str) -> str:
    hb = b.handbook
    ms = [m for m in hb.measures() if m.level == level]
    out = [_crumbs(hb, "", None), f"<h1>{level_badge(level)}　{esc(_t('政策'))}</h1>",
           f'<p class="muted">{esc(_t("共 {n} 条").format(n=len(ms)))}</p>']
    for doc in hb.documents:
        dm = [m for m in ms if m.document_id == doc.id]
        if dm:
            out.append(f'<h2><a href="{Page("item", doc.id).href()}">{esc(doc.title)}</a></h2><ul>')
            out.extend(f"<li>{_measure_item(b, m)}</li>" for m in dm)
            out.append("</ul>")
    return "".join(out)


def render_contact(b: ContentBundle, entry: DirectoryEntry) -> str:
    hb = b.handbook
    c = entry.contact
    who = " ".join(x for x in (c.office, c.person) if x) or c.phone or c.email
    out = [_crumbs(hb, "", None), f"<h1>{esc(who)}</h1>"]
    if entry.unit_text:
        out.append(f'<p class="muted">{esc(_t("层级/单位："))}{esc(entry.unit_text)}</p>')
    out.append(contacts_table(entry.variants, heading=_t("联系方式")))
    ms = [m for i in entry.measure_ids if (m := hb.measure(i)) is not None]
    out.append(f"<h2>{esc(_t('负责的政策条目'))}　<span class='muted small'>{esc(_t('{n} 条').format(n=len(ms)))}"
               "</span></h2>")
    if ms:
        out.append("<ul>" + "".join(
            f'<li>{_measure_item(b, m)}　<span class="muted small">{esc(m.path[0] if m.path else "")}</span></li>'
            for m in ms) + "</ul>")
    else:
        out.append(f'<p class="muted">{esc(_t("该联系方式印在文件首页，不对应具体条目。"))}</p>')
    return "".join(out)


def render_contacts(b: ContentBundle) -> str:
    hb = b.handbook
    entries = hb.directory()
    out = [_crumbs(hb, "", None), f"<h1>{esc(_t('联系人'))}</h1>",
           f'<p class="muted">{esc(_t("共 {n} 个联系方式。在左侧“联系人”中选择一位，查看其负责的条目。").format(n=len(entries)))}</p>']
    rows = []
    for e in entries:
        c = e.contact
        rows.append(f'<tr><td class="small">{esc(e.unit_text)}</td>'
                    f'<td><a href="{Page("contact", e.key).href()}">{esc(c.office)}</a></td>'
                    f"<td>{esc(c.person)}</td><td>{phone_html(c)}</td><td>{esc(c.email)}</td>"
                    f"<td align=right>{len(e.measure_ids)}</td></tr>")
    head = "".join(f'<th align=left style="background-color:#e9eef5">{esc(_t(h))}</th>'
                   for h in ("层级/单位", "处室", "联系人", "电话", "邮箱", "条目"))
    out.append(f'<table width="100%" cellpadding="5" cellspacing="0"><tr>{head}</tr>{"".join(rows)}</table>')
    return "".join(out)


def compare_cell_text(m: Measure, focus: Sequence[str]) -> tuple[str, bool]:
    """What a 比一比 cell shows of ``m``: its text, or an exact excerpt of it (then ``True``)."""
    start, end = excerpt_span(m.text, focus)
    shown = m.text[start:end]
    return shown, shown != m.text.strip()


def compare_measure_html(b: ContentBundle, m: Measure, focus: Sequence[str]) -> str:
    """One measure in a 比一比 cell: title link, status, and its text (or a marked, linked excerpt)."""
    doc = b.handbook.document(m.document_id)
    shown, is_excerpt = compare_cell_text(m, focus)
    item = Page("item", m.id).href()
    out = [f'<p style="margin-bottom:2px"><b>{_measure_link(m)}</b></p>'
           f'<p class="small">{status_badge(b.status(m.id))} <span class="muted">{esc(doc.short_title if doc else "")}</span></p>']
    if is_excerpt:
        out.append(f'<p class="small" style="margin-bottom:2px">{badge(_t("摘录"), ("#5b6470", "#eceef1"))}</p>')
    out.append(f"<p>{mark_text(shown)}</p>")
    extra = []
    if is_excerpt:
        extra.append(f'<a href="{item}">{esc(_t("阅读全文 ›"))}</a>')
    if m.notes:
        extra.append(f'<a href="{item}">{esc(_t("编者注 {n} 条 ›").format(n=len(m.notes)))}</a>')
    if extra:
        out.append(f'<p class="small">{"　".join(extra)}</p>')
    return "".join(out)


#: A 比一比 column needs about this many characters of width; narrower readers stack the levels.
COMPARE_COLUMN_EM = 10


def compare_stacked(comp: Comparison, width_em: float | None) -> bool:
    """Whether ``comp`` is shown level under level rather than side by side in ``width_em``."""
    return width_em is not None and width_em < COMPARE_COLUMN_EM * len(comp.columns)


def render_compare(b: ContentBundle, comp: Comparison, *, stacked: bool = False) -> str:
    """A 比一比 table: one column per level/region, or (``stacked``, for a narrow reader) one row each."""
    hb = b.handbook
    crumb = _crumbs(hb, "", None).replace(
        "</p>", f' › <a href="{Page("compare").href()}">{esc(_t("比一比"))}</a></p>', 1)
    out = [crumb, f"<h1>{esc(_t('比一比'))}：{esc(comp.title)}</h1>"]
    if comp.question:
        out.append(f'<p class="muted">{esc(comp.question)}</p>')
    from ui.whom import responsible_box

    out.append(responsible_box(b, comp))
    width = max(1, 96 // max(1, len(comp.columns)))  # percent widths exclude the cell padding
    heads, cells = [], []
    drafts: list[Document] = []
    excerpted = False
    for col in comp.columns:
        measures = [hb.measure(mid) for mid in col.measures]
        statuses = list(dict.fromkeys(b.status(m.id).status for m in measures if m is not None))
        badges = [status_badge(Validity(st, st.value, "")) for st in statuses]
        bg = LEVEL_COLOURS.get(col.level, ("", "#e9eef5"))[1]
        if stacked:
            flag = "".join(f"　{x}" for x in badges)
            heads.append(f'<th align="left" style="background-color:{bg}">{esc(col.level)}　'
                         f'<span style="font-weight:normal">{esc(col.region)}</span>{flag}</th>')
        else:
            flag = "".join(f"<br/>{x}" for x in badges)
            heads.append(f'<th width="{width}%" style="background-color:{bg}">'
                         f'{esc(col.level)}<br/><span style="font-weight:normal">{esc(col.region)}</span>{flag}</th>')
        parts = []
        for mid, m in zip(col.measures, measures, strict=True):
            if m is None:
                parts.append(f'<p class="muted">{esc(_t("（条目 {id} 暂缺）").format(id=mid))}</p>')
                continue
            excerpted = excerpted or compare_cell_text(m, comp.focus)[1]
            doc = hb.document(m.document_id)
            if doc is not None and b.status(doc.id).status is Status.DRAFT and doc not in drafts:
                drafts.append(doc)
            parts.append(compare_measure_html(b, m, comp.focus))
        if not col.measures:
            parts.append(f'<p class="muted">{esc(col.empty or _t("本手册未收录该级的对应政策。"))}</p>')
        cells.append(f'<td valign="top">{"<hr/>".join(parts)}</td>')
    table = '<table width="100%" border="1" cellspacing="0" cellpadding="10" style="border-color:#c9d1dc">'
    if stacked:
        out.append(table + "".join(f"<tr>{h}</tr><tr>{c}</tr>" for h, c in zip(heads, cells, strict=True)) + "</table>")
    else:
        # <thead>: the window keeps this row on screen while the table scrolls (ui/frozen_header.py)
        out.append(f"{table}<thead><tr>{''.join(heads)}</tr></thead><tr>{''.join(cells)}</tr></table>")
    for doc in drafts:
        draft = _t("{title}是公开征求意见的草案，不是正式印发的政策；正式文件的条款和金额可能不同，办理前请向发布单位核实。")
        out.append(f'<p class="small">{status_badge(b.status(doc.id))}　'
                   f"{esc(draft.format(title=f'{doc.region}《{doc.title}》'))}</p>")
    if excerpted:
        how = _t("标有“摘录”的格子只显示原文中提到“{f}”的那一段，文字未作改动；点“阅读全文”或标题看整条。")
        out.append(f'<p class="small muted">{esc(how.format(f="”“".join(comp.focus)))}</p>')
    if comp.search:
        out.append(f"<p>{button_link(link('search', comp.search), _t('搜索全部相关条目：') + comp.search)}</p>")
    out.append(_notice())
    return "".join(out)


def _compare_flags(b: ContentBundle, comp: Comparison) -> str:
    """Badges for the statuses of the measures compared, e.g. “廊坊市 征求意见稿”."""
    flags: dict[tuple[str, Status], None] = {}
    for mid in comp.measure_ids():
        m = b.handbook.measure(mid)
        if m is not None:
            flags[(m.region, b.status(m.id).status)] = None
    return "".join(f'　<span class="small">{esc(region)} {status_badge(Validity(st, st.value, ""))}</span>'
                   for region, st in flags)


def render_compare_index(b: ContentBundle, comparisons: Sequence[Comparison]) -> str:
    hb = b.handbook
    out = [_crumbs(hb, "", None), f"<h1>{esc(_t('比一比'))}</h1>",
           f'<p class="muted">{esc(_t("同一类支持，省、市、区县各给什么——并排对照。"))}</p><ul>']
    for c in comparisons:
        out.append(f'<li><a href="{Page("compare", c.id).href()}"><b>{esc(c.title)}</b></a>'
                   f"{_compare_flags(b, c)}"
                   f'<br/><span class="muted small">{esc(c.question)}</span></li>')
    out.append("</ul>")
    return "".join(out)


def render_home(b: ContentBundle, *, tiles: Sequence[Tile], recent: Sequence[str], bookmarks: Sequence[str],
                comparisons: Sequence[Comparison] = (), app_title: str = "科技政策一点通") -> str:
    hb = b.handbook
    n_measures = len(hb.measures())
    out = [f'<h1 style="color:{ACCENT}">{esc(_t(app_title))}</h1>',
           f'<p class="muted">{esc(_t("河北省科技政策离线手册：谁发布、是否有效、支持多少、找谁办理。"))}</p>']
    stats = _t("收录 {d} 份文件、{m} 条政策措施").format(d=len(hb.documents), m=n_measures)
    out.append(f"<p><b>{esc(stats)}</b>　<span class='muted'>{esc(b.summary_line())}</span></p>")
    counts = b.validity.counts()
    out.append("<p>" + "　".join(f"{status_badge(Validity(s, s.value, ''))} {n}" for s, n in counts.items())
               + "</p>")
    out.append(f'<p class="small muted">{esc(_t(VALIDITY_EXPLAINED).format(months=b.validity.window_months))}</p>')
    out.append(_update_note(b))
    # Tiles: a table of big links, three per row; the whole cell is clickable (ui/tiles.py, name="tile").
    if tiles:
        out.append(f"<h2>{esc(_t('常问专题'))}</h2>")
        rows = []
        for i in range(0, len(tiles), 3):
            cells = []
            for tile in tiles[i:i + 3]:
                cells.append(
                    f'<td width="28%" style="background-color:#e9f0fa" valign="top">'
                    f'<a name="tile" href="{esc(link(tile.scheme, tile.arg))}" style="text-decoration:none">'
                    f'<span style="font-size:large; '
                    f'font-weight:bold; color:{ACCENT_DARK}">{esc(tile.title)}</span></a><br/>'
                    f'<span class="muted small">{esc(tile.hint)}</span></td>'
                )
            rows.append("<tr>" + "".join(cells) + "</tr>")
        # Percent widths exclude padding and spacing in QTextDocument: 3 × 28% leaves room for them.
        out.append(f'<table width="100%" cellspacing="8" cellpadding="12">{"".join(rows)}</table>')
    out.append(f"<h2>{esc(_t('文件'))}</h2><ul>")
    for d in hb.documents:
        n = sum(1 for _ in d.all_measures())
        out.append(f'<li><a href="{Page("item", d.id).href()}"><b>{esc(d.title)}</b></a><br/>'
                   f'<span class="small">{level_badge(d.level)} {esc(d.region)}　{status_badge(b.status(d.id))}　'
                   f'<span class="muted">{esc(d.doc_number)}　{esc(d.date)}　{esc(_t("{n} 条").format(n=n))}'
                   f'{_origin_tag(b, d)}</span></span></li>')
    out.append("</ul>")
    if comparisons:
        out.append(f"<h2>{esc(_t('比一比'))}</h2><ul>" + "".join(
            f'<li><a href="{Page("compare", c.id).href()}">{esc(c.title)}</a>'
            f'　<span class="muted small">{esc(c.question)}</span></li>' for c in comparisons) + "</ul>")
    for heading, ids, empty in (
        (_t("收藏"), bookmarks, _t("还没有收藏。阅读条目时按 Ctrl+D 收藏。")),
        (_t("最近阅读"), recent, _t("还没有阅读记录。")),
    ):
        out.append(f"<h2>{esc(heading)}</h2>")
        items = [hb.find(i) for i in ids]
        lis = [f"<li>{_item_link(b, x)}</li>" for x in items if x is not None]
        out.append("<ul>" + "".join(lis) + "</ul>" if lis else f'<p class="muted">{esc(empty)}</p>')
    out.append(_notice())
    return "".join(out)



def _origin_tag(b: ContentBundle, d: Document) -> str:
    """``　来自 hebei 第 2 版`` in the home page's document list (nothing for the shipped content)."""
    prov = b.provenance(d)
    if prov.shipped:
        return ""
    if prov.archived:
        return esc(_t("　已废止条目存档（{pack} 第 {v} 版删去）").format(pack=prov.pack, v=prov.repealed_in))
    return esc(_t("　来自 {p}").format(p=prov.short()))


def _item_link(b: ContentBundle, x: Measure | Part | Document) -> str:
    if isinstance(x, Measure):
        return f'{_measure_item(b, x)}　<span class="muted small">{esc(x.path[0] if x.path else "")}</span>'
    return f'<a href="{Page("item", x.id).href()}">{esc(x.title)}</a>'


def render_missing(page: Page) -> str:
    return (f"<h1>{esc(_t('找不到该页面'))}</h1>"
            f"<p>{esc(_t('手册中没有“{arg}”。内容可能已更新，请从目录或搜索重新查找。').format(arg=page.arg))}</p>"
            f'<p><a href="{Page("home").href()}">{esc(_t("返回首页"))}</a></p>')
