"""Load and validate the handbook's YAML content files into frozen model values.

Every problem becomes a :class:`ContentError` with file, line, field and what was expected.  A file
that cannot be read or parsed is skipped whole; an invalid measure is skipped alone; the rest of
the handbook always loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from content.duplicates import IdRegistry, duplicate_message, withhold_duplicates
from content.model import (
    Contact,
    ContentError,
    Document,
    Handbook,
    IssuerBasis,
    Measure,
    Part,
    SourceRef,
    Table,
)
from content.normalize import area_code_for
from content.safe_read import ReadRefused, bad_characters, describe_yaml_error, guard_yaml, read_content_bytes
from content.validity import CitedPeriod, Deadline, DocumentKind, StatedPeriod

CONTENT_DIR = Path(__file__).resolve().parent / "data"
VOCABULARY_FILE = Path(__file__).resolve().parent / "vocabulary.yaml"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class ContentLoadError(Exception):
    """The content directory itself is unusable (missing, unreadable)."""


# --------------------------------------------------------------------------------------------
# YAML with line numbers
# --------------------------------------------------------------------------------------------
class LDict(dict[str, Any]):
    """A mapping that remembers the 1-based line of itself and of each key."""

    line: int = 0
    lines: dict[str, int]


class LList(list[Any]):
    """A sequence that remembers the 1-based line of itself and of each item."""

    line: int = 0
    lines: list[int]


class DuplicateKeyError(Exception):
    """A mapping in a YAML file names the same key twice (PyYAML would silently keep the last)."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def _to_py(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        d = LDict()
        d.line = node.start_mark.line + 1
        d.lines = {}
        for k_node, v_node in node.value:
            key = str(k_node.value)
            if key in d:
                raise DuplicateKeyError(key, k_node.start_mark.line + 1)
            d[key] = _to_py(v_node)
            d.lines[key] = k_node.start_mark.line + 1
        return d
    if isinstance(node, yaml.SequenceNode):
        lst = LList()
        lst.line = node.start_mark.line + 1
        lst.lines = []
        for item in node.value:
            lst.append(_to_py(item))
            lst.lines.append(item.start_mark.line + 1)
        return lst
    assert isinstance(node, yaml.ScalarNode)
    if node.tag.endswith(":null"):
        return None
    if node.tag.endswith(":bool"):
        return str(node.value).lower() in {"true", "yes", "on"}
    # Everything else stays the text as written: "01" must not become 1, dates stay strings.
    return str(node.value)


def parse_yaml(text: str) -> Any:
    """Parse YAML text into LDict/LList/str values that carry line numbers.

    Raises:
        yaml.YAMLError: a syntax error, or (``content.safe_read.ReadRefused``) anchors, aliases,
            too deep, too many nodes or too slow — checked before anything is built.
    """
    guard_yaml(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~5x faster
    node = yaml.compose(text, Loader=loader)
    return None if node is None else _to_py(node)


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    topics: tuple[str, ...]
    beneficiaries: tuple[str, ...]
    levels: tuple[str, ...]
    kinds: tuple[str, ...] = tuple(k.value for k in DocumentKind)


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(
        topics=tuple(data["topics"]),
        beneficiaries=tuple(data["beneficiaries"]),
        levels=tuple(data["levels"]),
    )


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------
@dataclass
class _Ctx:
    file: str
    vocab: Vocabulary
    errors: list[ContentError]
    seen_ids: dict[str, str]  # id -> "file:line" of first use
    fatal: bool = False
    local: list[ContentError] = field(default_factory=list)

    def err(self, line: int, fld: str, msg: str) -> None:
        e = ContentError(self.file, line, fld, msg)
        self.errors.append(e)
        self.local.append(e)


_DOC_KEYS = {
    "id", "title", "short_title", "issuer", "issuer_editorial", "doc_number", "date", "date_wording",
    "kind", "comment_deadline", "level", "region", "period", "source_file", "preface", "notes", "contacts",
    "parts", "tables", "todo", "omitted",
}
_PART_KEYS = {
    "id", "title", "number", "issuer", "issuer_editorial", "doc_number", "level", "region", "intro", "notes",
    "contacts", "measures", "parts", "tables", "todo",
}
_MEASURE_KEYS = {
    "id", "number", "title", "title_editorial", "text", "source", "topics", "beneficiaries",
    "contacts", "notes", "level", "region", "issuer", "deadline", "cited_period", "todo",
}
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_STATUS_REMOVED = ("“status”不再手工填写：状态由印发日期、期限和核实记录计算（见 content/README.md）；"
                   "请删除本行，并用 kind 写明文件类型")
_CONTACT_KEYS = {"office", "person", "phone", "email", "label"}
_TABLE_KEYS = {"id", "title", "columns", "rows", "notes"}


_WHAT = {
    "document": "文件", "part": "部分", "measure": "措施", "contact": "联系人", "table": "表格", "source": "来源",
    "topics": "专题", "beneficiaries": "适用对象",
}


def _kind(v: Any) -> str:
    return "列表" if isinstance(v, list) else "映射" if isinstance(v, dict) else "是/否" if isinstance(v, bool) else "其他"


def _line(d: Any, key: str | None = None) -> int:
    if isinstance(d, LDict):
        if key is not None and key in d.lines:
            return d.lines[key]
        return d.line
    if isinstance(d, LList):
        return d.line
    return 0


def _check_keys(ctx: _Ctx, d: LDict, allowed: set[str], what: str) -> None:
    for k in d:
        if k == "status":
            ctx.err(_line(d, k), k, _STATUS_REMOVED)
        elif k not in allowed:
            ctx.err(_line(d, k), k, f"未知字段“{k}”（{_WHAT.get(what, what)}）；可用字段：{', '.join(sorted(allowed))}")


def _str(ctx: _Ctx, d: LDict, key: str, *, required: bool = False, what: str = "") -> str:
    v = d.get(key)
    if v is None:
        if required:
            ctx.err(_line(d), key, f"缺少必填字段“{key}”{'（' + _WHAT.get(what, what) + '）' if what else ''}")
        return ""
    if isinstance(v, bool) or not isinstance(v, str):
        ctx.err(_line(d, key), key, f"“{key}”应为文字，实际是{_kind(v)}")
        return ""
    text: str = v.strip()
    if required and not text:
        ctx.err(_line(d, key), key, f"“{key}”不能为空")
    return text


def _str_list(ctx: _Ctx, d: LDict, key: str) -> tuple[str, ...]:
    v = d.get(key)
    if v is None:
        return ()
    if isinstance(v, str):
        return (v.strip(),)
    if not isinstance(v, list):
        ctx.err(_line(d, key), key, f"“{key}”应为文字列表，例如 [甲, 乙]")
        return ()
    out: list[str] = []
    for i, item in enumerate(v):
        if not isinstance(item, str) or isinstance(item, bool):
            line = v.lines[i] if isinstance(v, LList) else _line(d, key)
            ctx.err(line, key, f"“{key}”的第{i + 1}项应为文字")
            continue
        out.append(item.strip())
    return tuple(out)


def _check_id(ctx: _Ctx, d: LDict, what: str) -> str:
    import re

    ident = _str(ctx, d, "id", required=True, what=what)
    if not ident:
        return ""
    if not re.match(ID_PATTERN, ident):
        ctx.err(_line(d, "id"), "id", f"编号“{ident}”只能由小写字母、数字和“-”组成（例如 sjz16-04）")
        return ""
    where = f"{ctx.file}:{_line(d, 'id')}"
    if ident in ctx.seen_ids:
        # Neither use wins: load_handbook withholds the first one too (content/duplicates.py).
        first = ctx.seen_ids[ident]
        if isinstance(ctx.seen_ids, IdRegistry):
            ctx.seen_ids.duplicates.append((ident, first, where))
        ctx.err(_line(d, "id"), "id", duplicate_message(ident, first, where))
        return ""
    ctx.seen_ids[ident] = where
    return ident


def _todos(ctx: _Ctx, d: LDict) -> None:
    """An editor's open TODO notes (left by ``main.py import``): reported until deleted, nothing skipped."""
    for i, item in enumerate(_str_list(ctx, d, "todo")):
        v = d.get("todo")
        line = v.lines[i] if isinstance(v, LList) and i < len(v.lines) else _line(d, "todo")
        ctx.errors.append(ContentError(ctx.file, line, "todo", f"待编者处理：{item}"))


def _vocab(ctx: _Ctx, d: LDict, key: str, allowed: tuple[str, ...], *, required: bool) -> tuple[str, ...]:
    values = _str_list(ctx, d, key)
    if required and not values:
        ctx.err(_line(d, key), key, f"“{key}”至少要填一项，可选：{'、'.join(allowed)}")
    good = []
    for v in values:
        if v not in allowed:
            ctx.err(_line(d, key), key, f"“{v}”不在{_WHAT.get(key, key)}词表中；可选：{'、'.join(allowed)}")
        else:
            good.append(v)
    return tuple(good)


def _contacts(ctx: _Ctx, d: LDict, region: str) -> tuple[Contact, ...]:
    v = d.get("contacts")
    if v is None:
        return ()
    if not isinstance(v, list):
        ctx.err(_line(d, "contacts"), "contacts", "“contacts”应为联系人列表，每项含 office、person、phone、email")
        return ()
    out = []
    for item in v:
        if not isinstance(item, LDict):
            ctx.err(_line(v), "contacts", "每个联系人应写成 office/person/phone/email 字段")
            continue
        _check_keys(ctx, item, _CONTACT_KEYS, "contact")
        c = Contact(
            office=_str(ctx, item, "office"),
            person=_str(ctx, item, "person"),
            phone=_str(ctx, item, "phone"),
            email=_str(ctx, item, "email"),
            label=_str(ctx, item, "label"),
            area_code=area_code_for(region),
        )
        if not (c.phone or c.email or c.person or c.office):
            ctx.err(item.line, "contacts", "联系人至少要有处室、姓名、电话或邮箱之一")
            continue
        if c.email and "@" not in c.email:
            ctx.err(_line(item, "email"), "email", f"“{c.email}”不是邮箱地址")
        if c.phone and len(c.phone_normalized) < 7:
            ctx.err(_line(item, "phone"), "phone", f"“{c.phone}”不是电话号码（至少7位数字）")
        out.append(c)
    return tuple(out)


def _tables(ctx: _Ctx, d: LDict) -> tuple[Table, ...]:
    v = d.get("tables")
    if v is None:
        return ()
    if not isinstance(v, list):
        ctx.err(_line(d, "tables"), "tables", "“tables”应为表格列表")
        return ()
    out = []
    for t in v:
        if not isinstance(t, LDict):
            ctx.err(_line(v), "tables", "每个表格应含 id、title、columns、rows")
            continue
        _check_keys(ctx, t, _TABLE_KEYS, "table")
        tid = _check_id(ctx, t, "table")
        title = _str(ctx, t, "title", required=True, what="table")
        cols = _str_list(ctx, t, "columns")
        if not cols:
            ctx.err(_line(t, "columns"), "columns", "表格缺少表头“columns”")
        rows_raw = t.get("rows")
        rows: list[tuple[str, ...]] = []
        if not isinstance(rows_raw, list):
            ctx.err(_line(t, "rows"), "rows", "“rows”应为行列表（每行是单元格列表）")
        else:
            for i, r in enumerate(rows_raw):
                line = rows_raw.lines[i] if isinstance(rows_raw, LList) else _line(t, "rows")
                if not isinstance(r, list) or any(not (c is None or isinstance(c, str)) for c in r):
                    ctx.err(line, "rows", f"第{i + 1}行应为文字单元格列表")
                    continue
                if cols and len(r) != len(cols):
                    ctx.err(line, "rows", f"第{i + 1}行有{len(r)}个单元格，表格有{len(cols)}列")
                    continue
                rows.append(tuple((c or "").strip() for c in r))
        if tid and title:
            out.append(Table(id=tid, title=title, columns=cols, rows=tuple(rows), notes=_str_list(ctx, t, "notes")))
    return tuple(out)


@dataclass(frozen=True)
class _Inherited:
    document_id: str
    path: tuple[str, ...]
    level: str
    region: str
    kind: DocumentKind
    issuer: tuple[str, ...]
    issuer_basis: IssuerBasis


def _bool(ctx: _Ctx, d: LDict, key: str) -> bool:
    v = d.get(key, False)
    if not isinstance(v, bool):
        ctx.err(_line(d, key), key, f"“{key}”应为 true 或 false")
        return False
    return v


def _date_text(ctx: _Ctx, d: LDict, key: str, *, required: bool = False) -> str:
    """A date written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (checked to be a real day)."""
    import datetime
    import re

    text = _str(ctx, d, key, required=required)
    if not text:
        return ""
    if not re.match(_DATE, text):
        ctx.err(_line(d, key), key, f"日期“{text}”应写成 YYYY、YYYY-MM 或 YYYY-MM-DD")
        return ""
    bits = [int(x) for x in text.split("-")]
    try:
        datetime.date(bits[0], bits[1] if len(bits) > 1 else 1, bits[2] if len(bits) > 2 else 1)
    except ValueError:
        ctx.err(_line(d, key), key, f"日期“{text}”不存在")
        return ""
    return text


def _deadline(ctx: _Ctx, d: LDict, text: str) -> Deadline | None:
    v = d.get("deadline")
    if v is None:
        return None
    if not isinstance(v, LDict):
        ctx.err(_line(d, "deadline"), "deadline", "“deadline”应写成 {date: 2022-06-30, wording: 2022年6月底前}")
        return None
    _check_keys(ctx, v, {"date", "wording", "basis"}, "deadline")
    date = _date_text(ctx, v, "date", required=True)
    wording = _str(ctx, v, "wording", required=True)
    if wording and wording not in text:
        ctx.err(_line(v, "wording"), "wording", f"期限原文“{wording}”不在本条正文中；wording 须照抄正文")
        return None
    return Deadline(date=date, wording=wording, basis=_str(ctx, v, "basis")) if date and wording else None


def _cited_period(ctx: _Ctx, d: LDict, text: str, source: SourceRef | None) -> CitedPeriod | None:
    v = d.get("cited_period")
    if v is None:
        return None
    if not isinstance(v, LDict):
        ctx.err(_line(d, "cited_period"), "cited_period", "“cited_period”应写成 {end: 2025, wording: …, basis: …}")
        return None
    _check_keys(ctx, v, {"end", "wording", "basis"}, "cited_period")
    end = _date_text(ctx, v, "end", required=True)
    wording = _str(ctx, v, "wording", required=True)
    printed_in = text + (source.title if source else "")
    if wording and wording not in printed_in:
        ctx.err(_line(v, "wording"), "wording", f"期限原文“{wording}”不在本条正文或所引文件名中；wording 须照抄原文")
        return None
    return CitedPeriod(end=end, wording=wording, basis=_str(ctx, v, "basis")) if end and wording else None


def _measure(ctx: _Ctx, d: Any, part_id: str, inh: _Inherited) -> Measure | None:
    if not isinstance(d, LDict):
        ctx.err(_line(d), "measures", "每条措施应含 id、title、text、topics")
        return None
    before = len(ctx.local)
    _check_keys(ctx, d, _MEASURE_KEYS, "measure")
    mid = _check_id(ctx, d, "measure")
    number = _str(ctx, d, "number")
    title = _str(ctx, d, "title", required=True, what="measure")
    text = _str(ctx, d, "text", required=True, what="measure")
    ted = _bool(ctx, d, "title_editorial")
    source = None
    src = d.get("source")
    if src is not None:
        if isinstance(src, LDict):
            _check_keys(ctx, src, {"title", "doc_number"}, "source")
            source = SourceRef(title=_str(ctx, src, "title", required=True, what="source"),
                               doc_number=_str(ctx, src, "doc_number"))
        else:
            ctx.err(_line(d, "source"), "source", "“source”应含 title 和 doc_number")
    level = _str(ctx, d, "level") or inh.level
    if level not in ctx.vocab.levels:
        ctx.err(_line(d, "level"), "level", f"层级“{level}”不在词表中；可选：{'、'.join(ctx.vocab.levels)}")
    region = _str(ctx, d, "region") or inh.region
    topics = _vocab(ctx, d, "topics", ctx.vocab.topics, required=True)
    bens = _vocab(ctx, d, "beneficiaries", ctx.vocab.beneficiaries, required=False)
    contacts = _contacts(ctx, d, region)
    notes = _str_list(ctx, d, "notes")
    own_issuer = _str_list(ctx, d, "issuer")
    _todos(ctx, d)
    deadline = _deadline(ctx, d, text)
    cited = _cited_period(ctx, d, text, source)
    if len(ctx.local) > before or not mid:
        return None
    if own_issuer:
        issuer, basis = own_issuer, IssuerBasis.PRINTED
    elif inh.kind is DocumentKind.COMPILATION:
        # A compilation's item was issued by whoever its cited source names; the compiler is not the
        # issuer, and an issuer the compilation does not print is not guessed.
        issuer, basis = (), IssuerBasis.NOT_STATED
    else:
        issuer, basis = inh.issuer, inh.issuer_basis
    return Measure(
        id=mid, number=number, title=title, text=text, document_id=inh.document_id, part_id=part_id,
        path=inh.path, level=level, region=region, title_editorial=ted, issuer=issuer, issuer_basis=basis,
        source=source, topics=topics, beneficiaries=bens, contacts=contacts, notes=notes,
        deadline=deadline, cited_period=cited, file=ctx.file, line=d.line,
    )


def _part(ctx: _Ctx, d: Any, inh: _Inherited) -> Part | None:
    if not isinstance(d, LDict):
        ctx.err(_line(d), "parts", "每个部分应含 id、title，以及 measures 或 parts")
        return None
    _check_keys(ctx, d, _PART_KEYS, "part")
    pid = _check_id(ctx, d, "part")
    title = _str(ctx, d, "title", required=True, what="part")
    level = _str(ctx, d, "level") or inh.level
    if level and level not in ctx.vocab.levels:
        ctx.err(_line(d, "level"), "level", f"层级“{level}”不在词表中；可选：{'、'.join(ctx.vocab.levels)}")
    region = _str(ctx, d, "region") or inh.region
    path = (*inh.path, title)
    part_issuer = _str_list(ctx, d, "issuer")
    part_editorial = _bool(ctx, d, "issuer_editorial")
    if part_issuer:
        child_issuer = part_issuer
        child_basis = IssuerBasis.EDITOR if part_editorial else IssuerBasis.PRINTED
    else:
        child_issuer, child_basis = inh.issuer, inh.issuer_basis
    child = _Inherited(inh.document_id, path, level, region, inh.kind, child_issuer, child_basis)
    measures: list[Measure] = []
    mv = d.get("measures")
    if mv is not None and not isinstance(mv, list):
        ctx.err(_line(d, "measures"), "measures", "“measures”应为措施列表")
    for m in mv if isinstance(mv, list) else []:
        mm = _measure(ctx, m, pid, child)
        if mm:
            measures.append(mm)
    parts: list[Part] = []
    pv = d.get("parts")
    if pv is not None and not isinstance(pv, list):
        ctx.err(_line(d, "parts"), "parts", "“parts”应为部分列表")
    for p in pv if isinstance(pv, list) else []:
        pp = _part(ctx, p, child)
        if pp:
            parts.append(pp)
    tables = _tables(ctx, d)
    intro = _str(ctx, d, "intro")
    _todos(ctx, d)
    if not (measures or parts or tables or intro):
        ctx.err(d.line, "measures", f"部分“{title}”没有措施、子部分、表格或引言")
    if not pid or not title:
        return None
    return Part(
        id=pid, title=title, document_id=inh.document_id, path=path, number=_str(ctx, d, "number"),
        issuer=part_issuer, issuer_editorial=part_editorial, doc_number=_str(ctx, d, "doc_number"), level=level,
        region=region, intro=intro, notes=_str_list(ctx, d, "notes"),
        contacts=_contacts(ctx, d, region), measures=tuple(measures), parts=tuple(parts),
        tables=tables, line=d.line,
    )


def _period(ctx: _Ctx, d: LDict) -> StatedPeriod:
    """The period a document states: ``{start: 2022, end: 2025, wording: （2022—2025年）, line: 5}``."""
    v = d.get("period")
    if v is None:
        return StatedPeriod()
    if not isinstance(v, LDict):
        ctx.err(_line(d, "period"), "period", "“period”应写成 {start: 年份, end: 年份, wording: 原文, line: 原文行号}")
        return StatedPeriod()
    _check_keys(ctx, v, {"start", "end", "wording", "line"}, "period")
    start = _date_text(ctx, v, "start")
    end = _date_text(ctx, v, "end")
    if not (start or end):
        ctx.err(v.line, "period", "“period”至少要有 start 或 end")
    if start and end and start[:4] > end[:4]:
        ctx.err(v.line, "period", f"起始年份（{start[:4]}）晚于结束年份（{end[:4]}）")
    wording = _str(ctx, v, "wording", required=True)
    raw_line = v.get("line")
    line = 0
    if raw_line is not None:
        if isinstance(raw_line, str) and raw_line.isdigit():
            line = int(raw_line)
        else:
            ctx.err(_line(v, "line"), "line", f"“line”应为原文的行号，实际是“{raw_line}”")
    return StatedPeriod(start=start, end=end, wording=wording, line=line)


def _document(ctx: _Ctx, d: Any) -> Document | None:
    if not isinstance(d, LDict):
        ctx.err(_line(d) or 1, "", "内容文件应是描述一份文件的 YAML 映射（id、title、parts …）")
        return None
    _check_keys(ctx, d, _DOC_KEYS, "document")
    did = _check_id(ctx, d, "document")
    title = _str(ctx, d, "title", required=True, what="document")
    level = _str(ctx, d, "level", required=True, what="document")
    if level and level not in ctx.vocab.levels:
        ctx.err(_line(d, "level"), "level", f"层级“{level}”不在词表中；可选：{'、'.join(ctx.vocab.levels)}")
    region = _str(ctx, d, "region", required=True, what="document")
    kind_text = _str(ctx, d, "kind", required=True, what="document")
    kind = DocumentKind.OFFICIAL
    if kind_text:
        if kind_text in ctx.vocab.kinds:
            kind = DocumentKind(kind_text)
        else:
            ctx.err(_line(d, "kind"), "kind", f"文件类型“{kind_text}”不在词表中；可选：{'、'.join(ctx.vocab.kinds)}")
    issuer = _str_list(ctx, d, "issuer")
    if not issuer:
        ctx.err(_line(d, "issuer"), "issuer", "缺少必填字段“issuer”（发文机关）")
    issuer_editorial = _bool(ctx, d, "issuer_editorial")
    source_file = _str(ctx, d, "source_file", required=True, what="document")
    date = _date_text(ctx, d, "date")
    comment_deadline = _date_text(ctx, d, "comment_deadline")
    period = _period(ctx, d)
    _todos(ctx, d)
    if not did or not title:
        return None
    basis = IssuerBasis.EDITOR if issuer_editorial else IssuerBasis.PRINTED
    inh = _Inherited(did, (d.get("short_title") or title,), level, region, kind, issuer, basis)
    parts: list[Part] = []
    pv = d.get("parts")
    if not isinstance(pv, list) or not pv:
        ctx.err(_line(d, "parts"), "parts", "文件至少要有一个部分（parts）")
    for p in pv if isinstance(pv, list) else []:
        pp = _part(ctx, p, inh)
        if pp:
            parts.append(pp)
    return Document(
        id=did, title=title, short_title=_str(ctx, d, "short_title") or title, issuer=issuer,
        doc_number=_str(ctx, d, "doc_number"), date=date, level=level, region=region, kind=kind,
        period=period, source_file=source_file, date_wording=_str(ctx, d, "date_wording"),
        comment_deadline=comment_deadline, issuer_editorial=issuer_editorial, preface=_str(ctx, d, "preface"),
        notes=_str_list(ctx, d, "notes"), contacts=_contacts(ctx, d, region), parts=tuple(parts),
        tables=_tables(ctx, d), file=ctx.file,
    )


def load_file(path: Path, *, vocab: Vocabulary, errors: list[ContentError],
              seen_ids: dict[str, str]) -> Document | None:
    """Load one content file; problems are appended to ``errors``."""
    name = path.name
    ctx = _Ctx(name, vocab, errors, seen_ids)
    try:
        raw = read_content_bytes(path)  # regular files only, size-limited, never blocks on a FIFO
    except ReadRefused as exc:
        ctx.err(exc.line, "", exc.message)
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        ctx.err(line, "", "文件不是 UTF-8 编码；请另存为 UTF-8（记事本：另存为 → 编码选 UTF-8）")
        return None
    bad = bad_characters(text)
    for line, col, what in bad:
        ctx.err(line, "", f"第 {col} 列有 {what}；请删除它（内容中不能有控制字符或双向文字控制符）")
    if bad:
        return None
    try:
        data = parse_yaml(text)
    except DuplicateKeyError as exc:
        ctx.err(exc.line, exc.key, f"字段“{exc.key}”在同一处出现了两次")
        return None
    except ReadRefused as exc:
        ctx.err(exc.line, "", exc.message)
        return None
    except yaml.YAMLError as exc:
        line, message = describe_yaml_error(text, exc)
        ctx.err(line, "", message)
        return None
    if data is None:
        ctx.err(1, "", "文件是空的；一个内容文件应描述一份文件")
        return None
    # Ids registered by a file that turns out unusable must not block a corrected copy.
    snapshot = dict(seen_ids)
    doc = _document(ctx, data)
    if doc is None:
        seen_ids.clear()
        seen_ids.update(snapshot)
    return doc


def content_files(content_dir: Path) -> list[Path]:
    """The document files of a content directory: ``*.yaml`` not starting with ``_``."""
    return sorted(p for p in content_dir.glob("*.y*ml") if not p.name.startswith("_"))


def load_handbook(content_dir: Path | None = None) -> Handbook:
    """Load every document of ``content_dir`` (default: the bundled content).

    Raises:
        ContentLoadError: the directory does not exist or cannot be listed.
    """
    cdir = content_dir or CONTENT_DIR
    if not cdir.is_dir():
        raise ContentLoadError(f"{cdir}：找不到内容目录；请重新安装本软件或指定正确的目录")
    vocab = load_vocabulary()
    errors: list[ContentError] = []
    seen = IdRegistry()
    docs: list[Document] = []
    for path in content_files(cdir):
        doc = load_file(path, vocab=vocab, errors=errors, seen_ids=seen)
        if doc is not None:
            docs.append(doc)
    docs = withhold_duplicates(docs, seen, errors)
    content_date, order = _manifest(cdir, errors)
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    docs.sort(key=lambda d: (rank.get(d.id, len(rank)), d.id))
    return Handbook(documents=tuple(docs), errors=tuple(errors), content_date=content_date)


def _manifest(cdir: Path, errors: list[ContentError]) -> tuple[str, list[str]]:
    """The content date and the reading order of documents from ``_manifest.yaml`` (both optional)."""
    manifest = cdir / "_manifest.yaml"
    if not manifest.exists():
        return "", []
    try:
        text = read_content_bytes(manifest).decode("utf-8")
        guard_yaml(text)
        data = yaml.safe_load(text) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.append(ContentError(manifest.name, 0, "", f"无法读取清单文件：{exc}"))
        return "", []
    if not isinstance(data, dict):
        errors.append(ContentError(manifest.name, 1, "", "清单文件应含 content_date 和 documents"))
        return "", []
    order = data.get("documents") or []
    if not isinstance(order, list) or not all(isinstance(x, str) for x in order):
        errors.append(ContentError(manifest.name, 0, "documents", "“documents”应为文件编号列表"))
        order = []
    return str(data.get("content_date", "") or ""), [str(x) for x in order]
