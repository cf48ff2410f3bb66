"""Import one source file: extract, segment, write the draft, keep the original, check fidelity."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content.fidelity import missing_lines, unfaithful_pieces
from content.importer import fields
from content.importer.draft import Draft, DraftPart
from content.importer.extract import Extracted, SourceError, extract
from content.importer.layout import paragraphs
from content.importer.segment import Converter, build_tree, split_document
from content.importer.topics import guess
from content.importer.writer import write_draft
from content.loader import Vocabulary, load_file, load_vocabulary
from content.model import ContentError, Document
from content.normalize import squash
from content.safe_io import write_bytes, write_text


@dataclass
class ImportResult:
    """What an import produced."""

    draft_path: Path
    source_path: Path
    document: Document | None
    measures: int
    todo: int
    omitted: list[str]
    unfaithful: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)


def doc_id_for(name: str) -> str:
    """A valid document id from a file name: lower-case ASCII, digits and '-' (else a hash).

    >>> doc_id_for("000_c0b84344fab0dd26.txt"), doc_id_for("科技政策.pdf")
    ('draft-000-c0b84344fab0dd26', 'draft-5426735a')
    """
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if len(slug) < 3:
        slug = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"draft-{slug[:40]}"


def build_draft(ex: Extracted, *, source_file: str, vocab: Vocabulary, origin: str = "") -> Draft:
    """The draft of a document from its extracted lines."""
    paras = paragraphs(ex.lines)
    layout = split_document(paras.paragraphs)
    conv = Converter(list(layout.preface))
    tree = build_tree(layout.body)
    parts = conv.parts(tree)
    md = fields.read_metadata(layout.preface, layout.body[0] if layout.body else "")
    issuer = md.issuer or ["（未识别发文机关）"]
    level, region, sure = fields.level_region(issuer[0])
    kind = "征求意见稿" if md.draft_for_comment else "正式文件"
    d = Draft(id=doc_id_for(source_file), title=md.title, issuer=issuer, doc_number=md.doc_number,
              date=md.date, level=level, region=region or "（未识别）", kind=kind, period=md.period,
              source_file=source_file, origin=origin, period_wording=md.period_wording, date_wording=md.date_wording)
    d.preface = _preface(conv.preface, paras.breaks, md.title)
    d.contacts = fields.preface_contacts(layout.preface)
    d.omitted = list(dict.fromkeys([*paras.omitted, *(fields.tidy(x) for x in layout.back)]))
    if layout.annex:
        d.parts = [*parts, _annex(layout.annex)]
    else:
        d.parts = parts
    if not d.parts:
        d.parts = [DraftPart(number="", title=d.title, intro=[fields.tidy(p) for p in layout.body] or ["（空）"],
                             todo=["未识别出编号结构（一、/（一）/1./第X条），全文放在本部分引言中；请手工拆分措施"])]
    _assign_ids(d)
    for m in d.all_measures():
        m.topics, m.beneficiaries = guess("\n".join(m.text), vocab)
        if m.level == level and m.region == d.region:
            m.level = m.region = ""
        if m.issuer == d.issuer:
            m.issuer = []
    d.todo = _document_todos(d, md, sure=sure)
    return d


def _preface(lines: list[str], breaks: set[int], title: str) -> list[str]:
    """The preface as one passage of the source: lines before a left-out line are dropped when the
    title covers them (a web copy prints the title, then the site's notices, then the document)."""
    cut = max((i for i in breaks if i < len(lines)), default=0)
    head = lines[:cut]
    if head and all(squash(x) in squash(title) or squash(title) in squash(x) for x in head):
        lines = lines[cut:]
    return [fields.tidy(p) for p in lines if fields.tidy(p)]


def _annex(lines: list[str]) -> DraftPart:
    title = lines[0]
    rest = lines[1:]
    if re.fullmatch(r"附\s*件\s*\d*\s*[:：]?", title.strip()) and rest:
        title, rest = title.strip() + rest[0], rest[1:]
    return DraftPart(number="", title=fields.tidy(title), intro=[fields.tidy(x) for x in rest if fields.tidy(x)] or ["（空）"],
                     todo=["附件的内容（多为表格）逐行放在引言中，未拆成措施或表格；请整理为 tables，或确认后保留"])


def _assign_ids(d: Draft) -> None:
    def walk(parts: list[DraftPart], prefix: str) -> None:
        for i, p in enumerate(parts, 1):
            p.id = f"{prefix}-{i}"
            for k, m in enumerate(p.measures, 1):
                m.id = f"{p.id}-{k:02d}"
            for k, t in enumerate(p.tables, 1):
                t.id = f"{p.id}-t{k}"
            walk(p.parts, p.id)

    walk(d.parts, d.id)


def _document_todos(d: Draft, md: fields.Metadata, *, sure: bool) -> list[str]:
    todos = [
        "编号（id）为自动生成；发布前可改为简短可读的编号，发布后不要再改",
        "各条措施的专题（topics）和适用对象（beneficiaries）为按关键词猜测（标有“# 猜测”），请逐条确认",
        "“# 金额”注释列出了各条文字中的金额和比例，请与原件逐一核对",
    ]
    if "title" in md.guessed:
        todos.append("未能确定文件标题，title 取自开头一行；请填写")
    if "issuer" in md.guessed:
        todos.append("原文未找到发文机关；请填写 issuer")
    elif not sure:
        todos.append("层级（level）和地区（region）无法从发文机关推断；请填写")
    else:
        todos.append(f"层级“{d.level}”、地区“{d.region}”按发文机关“{d.issuer[0]}”推断；请确认")
    if not md.date:
        todos.append("原文未找到成文日期；如有请填写 date（YYYY-MM-DD）")
    if d.kind == "正式文件":
        todos.append("文件类型（kind）暂记为“正式文件”；如为汇编、明白卡（宣传材料）或转载件请改（效力状态由软件按日期和核实记录计算，不必填写）")
    else:
        todos.append("征求意见稿：请在 comment_deadline 填写意见征集截止日期（YYYY-MM-DD）")
    if not (md.period[0] or md.period[1]):
        todos.append("原文标题未写实施期限；如文件规定了有效期，请填写 period")
    if d.omitted:
        todos.append(f"有 {len(d.omitted)} 行原文未收入正文，列在 omitted 中；请确认均可略去")
    return todos


# ----------------------------------------------------------------------------------------------
# Files
# ----------------------------------------------------------------------------------------------
def keep_source(src: Path, sources_dir: Path) -> Path:
    """Copy the original into ``sources_dir`` (byte for byte); an existing different file is not overwritten."""
    sources_dir.mkdir(parents=True, exist_ok=True)
    data = src.read_bytes()
    target = sources_dir / src.name
    n = 1
    while target.exists() and target.read_bytes() != data:
        target = sources_dir / f"{src.stem}-{n}{src.suffix}"
        n += 1
    if not target.exists():
        write_bytes(target, data)
    return target


def import_file(src: Path, *, draft_path: Path, sources_dir: Path, vocab: Vocabulary | None = None) -> ImportResult:
    """Import ``src``: keep the original in ``sources_dir``, write the draft, check it.

    Raises:
        SourceError: the source cannot be read.
        OSError: the draft or the original cannot be written (e.g. a read-only folder).
    """
    ex = extract(src)
    vocab = vocab or load_vocabulary()
    kept = keep_source(src, sources_dir)
    origin = f"{src.name}（{_dt.date.today().isoformat()} 导入，原件保存为 {kept.name}）"
    d = build_draft(ex, source_file=kept.name, vocab=vocab, origin=origin)
    text = write_draft(d)
    draft_path.parent.mkdir(parents=True, exist_ok=True)
    write_text(draft_path, text, follow_symlinks=True)  # the user named it: a link is followed
    return check_draft(draft_path, source_text="\n".join(ex.lines), vocab=vocab, source_path=kept)


def check_draft(draft_path: Path, *, source_text: str, vocab: Vocabulary, source_path: Path) -> ImportResult:
    """Load a draft with the handbook's loader and run the fidelity checks against its source."""
    errors: list[ContentError] = []
    doc = load_file(draft_path, vocab=vocab, errors=errors, seen_ids={})
    omitted: list[str] = []
    try:
        raw = yaml.safe_load(draft_path.read_text(encoding="utf-8")) or {}
        omitted = [str(x) for x in raw.get("omitted") or []] if isinstance(raw, dict) else []
    except yaml.YAMLError:
        pass
    todo = sum(1 for e in errors if e.field == "todo")
    res = ImportResult(draft_path=draft_path, source_path=source_path, document=doc,
                       measures=len(list(doc.all_measures())) if doc else 0, todo=todo, omitted=omitted,
                       errors=[e for e in errors if e.field != "todo"])
    if doc is not None:
        res.unfaithful = unfaithful_pieces(doc, source_text)
        res.missing = missing_lines(doc, source_text, omitted)
    return res


__all__ = ["ImportResult", "SourceError", "build_draft", "check_draft", "doc_id_for", "import_file", "keep_source"]
