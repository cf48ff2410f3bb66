"""Qt-free values of the printing package: the card header, the report, selections, vCards.

The header is what an office prints on the 明白卡's cover; :data:`CHANGAN_HEADER` is the one of
the Chang'an card (content/sources/000_…txt) and the default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content.console import program_name
from content.model import Contact, Document, Handbook, Measure, Part
from ui.printing.errors import HeaderError, SelectionError

if TYPE_CHECKING:
    from content.bundle import ContentBundle

LAYOUTS: tuple[str, ...] = ("mingbai", "contact", "list")
LAYOUT_NAMES: dict[str, str] = {"mingbai": "明白卡", "contact": "联系卡（90×54毫米）", "list": "清单（A4表格）"}

#: The 明白卡 the app reproduces by default (content/sources/000_c0b84344fab0dd26.txt).
MINGBAI_DOCUMENT = "changan-mingbaika"


@dataclass(frozen=True)
class CardHeader:
    """What the office prints on the cover of its cards.

    Attributes:
        office: The office's name (used by the list layout's heading).
        slogans: The lines above the title (抓落实 见行动 / 自己填写成绩单).
        title: The card's title; the word 明白卡 is printed below it.
        contact_title: Heading of the contact lines (长安区科技局联系方式).
        contact_lines: The office's contact lines as printed.
        qr_image: An image file for the QR slot (e.g. the office's WeChat code), or ``""``.
        printed_by: The 印制 line.
    """

    office: str = "石家庄市长安区科学技术局"
    slogans: tuple[str, ...] = ("抓落实 见行动", "自己填写成绩单")
    title: str = "关于科技支持经济平稳发展的政策措施"
    contact_title: str = "长安区科技局联系方式"
    contact_lines: tuple[str, ...] = ("1.电话：85996768/唐鑫涛 85996767/张少鹏", "2.扫码加微信")
    qr_image: str = ""
    printed_by: str = "石家庄市长安区科学技术局 印制"

    FIELDS = ("office", "slogans", "title", "contact_title", "contact_lines", "qr_image", "printed_by")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["slogans"] = list(self.slogans)
        d["contact_lines"] = list(self.contact_lines)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, where: str = "", base_dir: Path | None = None) -> CardHeader:
        """Build a header from a mapping (header file, settings); unknown keys are an error.

        Raises:
            HeaderError: A key is unknown or a value has the wrong type.
        """
        prefix = f"{where}: " if where else ""
        unknown = sorted(set(data) - set(cls.FIELDS))
        if unknown:
            raise HeaderError(f"{prefix}未知的抬头项“{unknown[0]}”；可用：{', '.join(cls.FIELDS)}")
        values: dict[str, Any] = {}
        for key, raw in data.items():
            if key in ("slogans", "contact_lines"):
                if isinstance(raw, str):
                    raw = [raw]
                if not isinstance(raw, list) or not all(isinstance(x, str | int) for x in raw):
                    raise HeaderError(f"{prefix}“{key}”应为多行文字列表")
                values[key] = tuple(str(x) for x in raw)
            else:
                if raw is None:
                    raw = ""
                if not isinstance(raw, str | int):
                    raise HeaderError(f"{prefix}“{key}”应为文字")
                values[key] = str(raw)
        header = replace(cls(), **values)
        if header.qr_image and base_dir is not None and not Path(header.qr_image).is_absolute():
            header = replace(header, qr_image=str(base_dir / header.qr_image))
        return header


CHANGAN_HEADER = CardHeader()


#: A card header is a few lines of text; anything larger is not one.
HEADER_FILE_MAX_BYTES = 256 * 1024


def load_header_file(path: Path) -> CardHeader:
    """Read a header file (YAML or JSON mapping of :attr:`CardHeader.FIELDS`).

    A relative ``qr_image`` is relative to the header file.

    Raises:
        HeaderError: The file cannot be read, is not a mapping, or names an unreadable image.
    """
    import yaml

    from content.safe_read import ReadRefused, guard_yaml, read_regular_file

    if not path.exists():
        raise HeaderError(f"{path}：找不到抬头文件")
    try:
        # A FIFO or /dev/urandom named by mistake must neither hang nor fill the memory.
        text = read_regular_file(path, max_bytes=HEADER_FILE_MAX_BYTES, what="抬头文件").decode("utf-8-sig")
    except ReadRefused as exc:
        raise HeaderError(f"{path}：{exc.message}") from None
    except UnicodeDecodeError:
        raise HeaderError(f"{path}：无法读取抬头文件（不是 UTF-8 编码）；请另存为 UTF-8 文本") from None
    try:
        guard_yaml(text)
        data = yaml.safe_load(text)
    except ReadRefused as exc:
        raise HeaderError(f"{path}:{exc.line}：{exc.message}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise HeaderError(f"{path}{line}：格式不对；请写成“项: 值”的形式") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise HeaderError(f"{path}：应写成“项: 值”的形式（{', '.join(CardHeader.FIELDS)}）")
    header = CardHeader.from_dict(data, where=str(path), base_dir=path.parent)
    if header.qr_image and not Path(header.qr_image).is_file():
        raise HeaderError(f"{path}：找不到二维码图片“{header.qr_image}”")
    return header


@dataclass(frozen=True)
class CardReport:
    """What writing cards produced, and what did not fit as designed.

    Attributes:
        layout: ``mingbai``, ``contact`` or ``list``.
        pages: Physical A4 pages.
        cards: Cards (or table rows for ``list``) including continuation cards and the cover.
        measures: Measure ids printed, in order.
        shrunk: Measure ids whose text was set smaller than the normal size to fit.
        continued: Measure ids continued on a next card (or page) marked （续）.
        without_contacts: Measure ids that have no contact to print (contact layout skips them).
        notes: Further lines for the user (an overlong cover, an unreadable QR picture).
        names: ``(id, 编号 标题)`` of the measures, so that the lines name measures as printed, never by id.
        people: Contact cards: how many people (or offices) got a card.
        notes_left_out: Measures whose editor's notes were not printed (hand-outs print them on request).
    """

    layout: str
    pages: int
    cards: int
    measures: tuple[str, ...] = ()
    shrunk: tuple[str, ...] = ()
    continued: tuple[str, ...] = ()
    without_contacts: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    names: tuple[tuple[str, str], ...] = ()
    people: int = 0
    notes_left_out: tuple[str, ...] = ()

    def name(self, measure_id: str) -> str:
        """``04 加大对科技企业贷款力度`` for ``hb12-04`` (the id itself when the report does not know it)."""
        return dict(self.names).get(measure_id, measure_id)

    def _names(self, ids: Sequence[str]) -> str:
        return "、".join(f"“{self.name(i)}”" for i in ids)

    def summary_lines(self) -> list[str]:
        """Chinese lines for the dialog and the CLI; measures are named by number and title."""
        unit = "行" if self.layout == "list" else "张卡片"
        who = f"（{self.people} 位联系人或科室）" if self.layout == "contact" and self.people else ""
        lines = [f"{LAYOUT_NAMES.get(self.layout, self.layout)}：{self.pages} 页，{self.cards} {unit}{who}，"
                 f"{len(self.measures)} 条措施。"]
        if self.shrunk:
            lines.append(f"字号已缩小以容纳全文：{self._names(self.shrunk)}")
        if self.continued:
            lines.append(f"内容过长，已续排到下一张（标“（续）”）：{self._names(self.continued)}")
        if self.without_contacts:
            lines.append(f"未列联系人，未制联系卡：{self._names(self.without_contacts)}")
        if self.notes_left_out:
            lines.append(f"{len(self.notes_left_out)} 条措施附有编者注，本次未打印（编者注供内部核对，"
                         "需要时选“打印编者注（内部核对用）”）。")
        lines.extend(self.notes)
        return lines


# ---------------------------------------------------------------------------------------------
# Selections
# ---------------------------------------------------------------------------------------------
def default_mingbai_ids(hb: Handbook) -> list[str]:
    """The Chang'an card: the province's measures, the city's sixteen, the district's own."""
    doc = hb.document(MINGBAI_DOCUMENT)
    if doc is not None:
        return [m.id for m in doc.all_measures()]
    ids: list[str] = []
    for pid in ("hb12", "sjz16", "changan"):
        part = hb.part(pid)
        if part is not None:
            ids.extend(m.id for m in part.all_measures())
    return ids


def expand_ids(hb: Handbook, ids: Iterable[str]) -> list[str]:
    """Measure ids for ``ids`` (a part or document id stands for all its measures), de-duplicated.

    Raises:
        SelectionError: An id is neither a measure, a part nor a document.
    """
    out: list[str] = []
    seen: set[str] = set()
    bad: list[str] = []
    for raw in ids:
        i = raw.strip()
        if not i:
            continue
        found = hb.find(i)
        if found is None:
            bad.append(i)
            continue
        ms: Iterable[Measure] = found.all_measures() if isinstance(found, Document | Part) else [found]
        for m in ms:
            if m.id not in seen:
                seen.add(m.id)
                out.append(m.id)
    if bad:
        more = f"（另有 {len(bad) - 1} 个）" if len(bad) > 1 else ""
        raise SelectionError(f"没有编号为“{bad[0]}”的措施{more}；编号见 {program_name()} list")
    return out


def parse_ids(hb: Handbook, text: str) -> list[str]:
    """``--ids a,b,c`` (commas, Chinese commas or spaces) to measure ids; see :func:`expand_ids`."""
    parts = [p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if p.strip()]
    if not parts:
        raise SelectionError("--ids 为空；请用逗号分隔措施编号，例如 hb12-01,hb12-03")
    return expand_ids(hb, parts)


def in_reading_order(hb: Handbook, ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return [m.id for m in hb.measures() if m.id in wanted]


def substring_ids(hb: Handbook, query: str) -> list[str]:
    """Measures whose title or text contains every space-separated term of ``query`` (plain fallback)."""
    terms = [t for t in query.split() if t]
    if not terms:
        return []
    out = []
    for m in hb.measures():
        hay = f"{m.title}\n{m.text}\n" + " ".join(f"{c.office} {c.person}" for c in m.contacts)
        if all(t.lower() in hay.lower() for t in terms):
            out.append(m.id)
    return out


def query_ids(hb: Handbook, query: str, *, limit: int = 200) -> tuple[list[str], str]:
    """Measure ids for a search query and how they were found (``"index"`` or ``"substring"``).

    Uses the search engine (``index.open_engine``) when it is available and falls back to a plain
    substring filter over title and text otherwise.
    """
    try:
        from index import open_engine
    except ImportError:
        return substring_ids(hb, query), "substring"
    try:
        with open_engine(hb) as engine:
            result = engine.search(query, limit=limit, snippets=False)
            hits = list(result.hits)
    except Exception:  # a broken or missing index must not stop printing: fall back
        return substring_ids(hb, query), "substring"
    ids: list[str] = []
    for h in hits:
        hid = getattr(h, "id", None)
        if getattr(h, "kind", "measure") == "measure" and isinstance(hid, str) and hb.measure(hid) is not None \
                and hid not in ids:
            ids.append(hid)
    return ids, "index"


# ---------------------------------------------------------------------------------------------
# Where a measure comes from
# ---------------------------------------------------------------------------------------------
class Lineage:
    """The part chain of every measure, for issuer and heading lookups."""

    def __init__(self, hb: Handbook) -> None:
        self.hb = hb
        self._chain: dict[str, tuple[Part, ...]] = {}
        for d in hb.documents:
            self._walk(d.parts, ())

    def _walk(self, parts: Sequence[Part], above: tuple[Part, ...]) -> None:
        for p in parts:
            chain = (*above, p)
            self._chain[p.id] = chain
            self._walk(p.parts, chain)

    def parts(self, m: Measure) -> tuple[Part, ...]:
        return self._chain.get(m.part_id, ())

    def issuer(self, m: Measure) -> tuple[str, ...]:
        """The issuer exactly as the screen shows it (computed once by the content loader)."""
        return (m.issuer_text,) if m.issuer_text else ()

    def band(self, m: Measure) -> str:
        """The top-level part title (the 明白卡's section), or the document's short title."""
        chain = self.parts(m)
        if chain:
            return chain[0].title
        doc = self.hb.document(m.document_id)
        return (doc.short_title or doc.title) if doc else ""

    def subheading(self, m: Measure) -> str:
        """Nested part headings below the top-level part, e.g. ``一、加快科技政策落地落实``."""
        chain = self.parts(m)[1:]
        out = []
        for p in chain:
            t = p.title
            if p.number and not t.startswith(p.number):
                t = f"{p.number}、{t}"
            out.append(t)
        return " · ".join(out)


# ---------------------------------------------------------------------------------------------
# Contacts in the groups the source prints, and readable references instead of ids
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactGroup:
    """Contacts printed under one heading (``技术攻关类需求``), or under none (``heading == ""``)."""

    heading: str
    contacts: tuple[Contact, ...]


def _in_row(c: Contact, row: Sequence[str]) -> bool:
    cells = {x.strip() for x in row}
    who = c.person or c.office
    reach = c.phone or c.email
    return bool(who) and who in cells and (not reach or reach in cells)


def contact_groups(hb: Handbook, m: Measure) -> tuple[ContactGroup, ...]:
    """``m``'s contacts under the headings the source prints them with.

    A source that prints a measure's contacts in several headed tables (the 明白卡's 揭榜挂帅 item:
    "技术攻关类需求" and "成果转化类需求") is kept as tables of the measure's part whose ids start
    with the measure's id (``hb12-10b-gg``); a contact belongs to the table that lists its person
    (or office) and number.  Contacts in no such table come first, without a heading.
    """
    part = hb.part(m.part_id)
    tables = [t for t in (part.tables if part is not None else ()) if t.id.startswith(f"{m.id}-")]
    placed: set[int] = set()
    groups: list[ContactGroup] = []
    for t in tables:
        members = [i for i, c in enumerate(m.contacts) if i not in placed and any(_in_row(c, r) for r in t.rows)]
        if members:
            placed.update(members)
            groups.append(ContactGroup(t.title, tuple(m.contacts[i] for i in members)))
    rest = tuple(c for i, c in enumerate(m.contacts) if i not in placed)
    return (ContactGroup("", rest), *groups) if rest or not groups else tuple(groups)


def contact_group_of(hb: Handbook, m: Measure, c: Contact) -> str:
    """The heading ``c`` is printed under in ``m`` (``""`` for none)."""
    for g in contact_groups(hb, m):
        if c in g.contacts:
            return g.heading
    return ""


#: "第03项（hb12-03）", "第二个“10”项（hb12-10b）", "第09项（hb12-09，…": an item named by its number, then its id.
_NAMED_ITEM = re.compile(r"(第[^（）\s]{1,8}?项)（([a-z][a-z0-9]*(?:-[a-z0-9]+)+)([）]|[，,；]|(?=“))")
_ID_TOKEN = re.compile(r"(?<![A-Za-z0-9_.@-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![A-Za-z0-9_@.-])")


class References:
    """Replaces the handbook's internal ids in editor's notes by what a reader sees on paper.

    ``另一条见hb12-02b`` becomes ``另一条见“02 加快下达科技企业补助资金”``; a table id becomes
    ``“技术攻关类需求”表``.  Ids are the editors' bookkeeping and are never printed.
    """

    def __init__(self, hb: Handbook) -> None:
        self.hb = hb
        self.tables: dict[str, str] = {}
        for d in hb.documents:
            for t in d.tables:
                self.tables[t.id] = t.title
            for p in d.all_parts():
                for t in p.tables:
                    self.tables[t.id] = t.title

    def name(self, item_id: str) -> str | None:
        """How ``item_id`` is named on paper, or ``None`` if it is not an id of the handbook."""
        found = self.hb.find(item_id)
        if isinstance(found, Measure):
            return f"“{found.display_title}”"
        if isinstance(found, Part):
            label = found.title if not found.number or found.title.startswith(found.number) \
                else f"{found.number}、{found.title}"
            return f"“{label}”"
        if isinstance(found, Document):
            return f"《{found.title}》"
        if item_id in self.tables:
            return f"“{self.tables[item_id]}”表"
        return None

    def readable(self, text: str) -> str:
        """``text`` with every id of the handbook replaced by its printed name.

        An id that only repeats what the words before it say (``第03项（hb12-03）``,
        ``第09项（hb12-09，标题…``) is dropped instead of being spelled out a second time.
        """
        def drop(mt: re.Match[str]) -> str:
            if self.name(mt.group(2)) is None:
                return mt.group(0)
            rest = mt.group(3)
            return mt.group(1) if rest == "）" else f"{mt.group(1)}（" + ("" if rest in "，,；" else rest)

        text = _NAMED_ITEM.sub(drop, text)
        return _ID_TOKEN.sub(lambda mt: self.name(mt.group(0)) or mt.group(0), text)

    @staticmethod
    def ids_in(text: str) -> list[str]:
        """Tokens of ``text`` shaped like an id (for tests and checks)."""
        return _ID_TOKEN.findall(text)


# ---------------------------------------------------------------------------------------------
# vCard
# ---------------------------------------------------------------------------------------------
def _vesc(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def dial_phone(c: Contact) -> str:
    """The number to dial: as printed, with the area code added to a bare local number (the content's
    :attr:`content.model.Contact.phone_dial`; the QR code's vCard only, never printed as the source's)."""
    return c.phone_dial


def vcard(c: Contact, organisation: str = "") -> str:
    """A vCard 3.0 for ``c`` (CRLF line ends), what the contact card's QR code encodes.

    >>> print(vcard(Contact(office="人事处", person="周凯", phone="0311-86250561",
    ...                     email="ZHOUK@HEBKJT.CN"), "河北省科学技术厅").replace("\\r", ""))
    BEGIN:VCARD
    VERSION:3.0
    N:周凯;;;;
    FN:周凯
    ORG:河北省科学技术厅;人事处
    TEL;TYPE=WORK,VOICE:0311-86250561
    EMAIL;TYPE=INTERNET,WORK:ZHOUK@HEBKJT.CN
    END:VCARD
    <BLANKLINE>
    >>> print(vcard(Contact(office="政策法规科", phone="85085849", area_code="0311")).replace("\\r", ""))
    BEGIN:VCARD
    VERSION:3.0
    N:政策法规科;;;;
    FN:政策法规科
    ORG:政策法规科
    TEL;TYPE=WORK,VOICE:0311-85085849
    NOTE:区号0311编者补
    END:VCARD
    <BLANKLINE>
    """
    name = c.person or c.office or organisation
    org = [x for x in (organisation, c.office) if x]
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{_vesc(name)};;;;", f"FN:{_vesc(name)}"]
    if org:
        lines.append("ORG:" + ";".join(_vesc(x) for x in org))
    if c.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{dial_phone(c)}")
    if c.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{c.email}")
    if c.area_code_added:
        # the saved contact says so too: the area code is the editor's, not printed in the source
        lines.append("NOTE:" + _vesc(f"区号{c.area_code_added}编者补"))
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``data`` (error correction M, quiet zone included) as rows of booleans."""
    import segno

    q = segno.make(data, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(v) for v in row) for row in q.matrix_iter(scale=1, border=4))


class MeasureLayout:
    """What every hand-out layout starts from: the measures ``ids`` names (unknown ids are left out),
    the header, and whether the editor's notes are printed (hand-outs leave them out unless asked)."""

    name = ""

    def __init__(self, bundle: ContentBundle, ids: Sequence[str], header: CardHeader | None = None, *,
                 notes: bool = False) -> None:
        self.bundle = bundle
        self.hb = hb = bundle.handbook
        self.measures = [m for i in ids if (m := hb.measure(i)) is not None]
        self.header = header or CardHeader()
        self.notes = notes
        self.lineage = Lineage(hb)
        self.refs = References(hb)
