"""Text out of a source file: plain text, Word (.docx, python-docx) or a text PDF (pdfplumber).

Each reader returns the document's lines in reading order.  The PDF reader already joins the lines
a paragraph was wrapped into (by their position on the page) and drops page numbers, so that a PDF
gives the same lines as the text it was printed from.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content.importer.layout import clean_line
from content.importer.numbering import ends_sentence, parse_marker


class SourceError(Exception):
    """The source file cannot be read; the message says why and what to do (Simplified Chinese)."""


SUPPORTED = (".txt", ".docx", ".pdf")


@dataclass(frozen=True)
class Extracted:
    """The lines of a source file and how they were read."""

    lines: list[str]
    kind: str  # "txt" | "docx" | "pdf"


def extract(path: Path) -> Extracted:
    """Read ``path`` by its extension.

    Raises:
        SourceError: unknown format, unreadable file, a scanned PDF without text.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SourceError(f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”；"
                           "可导入 .txt、.docx 和含文字的 .pdf（.doc 请先用 Word 另存为 .docx）")
    if not path.is_file():
        raise SourceError(f"{path}：找不到文件；请检查路径")
    try:
        if suffix == ".txt":
            return Extracted(read_text(path.read_bytes(), path.name).splitlines(), "txt")
        if suffix == ".docx":
            return Extracted(read_docx(path), "docx")
        return Extracted(read_pdf(path), "pdf")
    except OSError as exc:
        raise SourceError(f"{path.name}：无法读取（{exc.strerror or exc}）") from exc


def read_text(raw: bytes, name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030 (what Chinese Windows writes)."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{name}：无法识别文字编码；请另存为 UTF-8 文本后再导入")


def read_docx(path: Path) -> list[str]:
    """Paragraphs and table rows (``| a | b |``) of a Word document, in document order."""
    try:
        import docx
        from docx.document import Document as DocxDocument
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ModuleNotFoundError as exc:  # pragma: no cover - a build without python-docx
        raise SourceError("本版本未包含读取 .docx 的组件（python-docx）；请先把文件另存为 .txt") from exc
    try:
        document: DocxDocument = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a damaged file
        raise SourceError(f"{path.name}：不是有效的 .docx 文件（{type(exc).__name__}）；"
                           "请用 Word 打开后另存为 .docx 再导入") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines += block.text.split("\n")
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [c.text.replace("\n", " ").strip() for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    return lines


def read_pdf(path: Path) -> list[str]:
    """The paragraphs of a text PDF, re-flowed from its printed lines."""
    try:
        import pdfplumber
    except ModuleNotFoundError as exc:  # pragma: no cover - a build without pdfplumber
        raise SourceError("本版本未包含读取 PDF 的组件（pdfplumber）；请先把文件另存为 .txt") from exc
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises its own types for damaged or encrypted files
        raise SourceError(f"{path.name}：无法打开 PDF（{type(exc).__name__}）；文件可能已损坏或加密") from exc
    pages: list[list[dict[str, Any]]] = []
    with pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines(layout=False, strip=True, return_chars=False)
            # Text placed outside the page is not printed (Qt repeats a line cut by a page break there).
            pages.append([{**ln, "page_height": float(page.height)} for ln in lines
                          if ln["top"] >= 0 and ln["bottom"] <= page.height])
    if not any(pages):
        raise SourceError(f"{path.name}：PDF 中没有可提取的文字（可能是扫描件）；请先做文字识别（OCR）或提供 .docx/.txt")
    return reflow(pages)


# Below this many printed lines the widest line is taken as the right edge of the text block.
_FEW_LINES = 30
_PAGE_NUMBER = re.compile(r"^[-—－–\s第]*\d{1,4}[-—－–\s页]*$|^第\s*\d+\s*页\s*(共\s*\d+\s*页)?$")


def reflow(pages: list[list[dict[str, Any]]]) -> list[str]:
    """Join the printed lines of each paragraph; drop page numbers.

    A line continues on the next when it reaches the right edge of the text block, the next line
    starts at the left edge (no first-line indent) and there is no paragraph gap between them.
    """
    lines: list[dict[str, Any]] = []
    for page in pages:
        body = [ln for ln in page if ln["text"].strip()]
        height = max((ln.get("page_height", 0.0) for ln in body), default=0.0) or 842.0
        # A page number is alone in the bottom (or top) margin of its page.  Only one: a numbered
        # item ("06") printed just above the page number is text, not a second page number.
        if body and _PAGE_NUMBER.match(body[-1]["text"].strip()) and body[-1]["top"] >= 0.88 * height:
            body.pop()
        if body and _PAGE_NUMBER.match(body[0]["text"].strip()) and body[0]["bottom"] <= 0.06 * height:
            body.pop(0)
        for i, ln in enumerate(body):
            lines.append({**ln, "page_start": i == 0})
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    ends = sorted(ln["x1"] for ln in lines)
    # The right edge of the text block: a few lines may stick out of a long document, but in a short one
    # the 90th percentile can be a line that is not full (its last line would then run into the next).
    right = ends[int(len(ends) * 0.9)] if len(ends) >= _FEW_LINES else ends[-1]
    heights = sorted(ln["bottom"] - ln["top"] for ln in lines)
    size = heights[len(heights) // 2] or 10.0
    gaps = sorted(b["top"] - a["bottom"] for a, b in itertools.pairwise(lines)
                  if not b["page_start"] and b["top"] > a["bottom"])
    line_gap = gaps[len(gaps) // 4] if gaps else size * 0.3  # the usual space between two printed lines
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for ln in lines:
        text = ln["text"].strip()
        if prev is not None and _continues(prev, ln, out[-1], left=left, right=right, size=size,
                                           line_gap=line_gap):
            out[-1] = _join(out[-1], text)
        else:
            out.append(text)
        prev = ln
    return out


# What a line break cannot split: opening punctuation, one Chinese character or a Latin/digit run,
# closing punctuation.
_FIRST_CHUNK = re.compile(r"^[“‘（(《〔【「]*[\u4e00-\u9fff]?[^\s\u4e00-\u9fff“‘（(《〔【「]*")


def _continues(a: dict[str, Any], b: dict[str, Any], paragraph: str, *, left: float, right: float,
               size: float, line_gap: float) -> bool:
    # The line was full: the next line's first unbreakable chunk would not have fitted after it.
    text_b = b["text"].strip()
    per_char = (b["x1"] - b["x0"]) / max(len(text_b), 1)
    chunk = len(_FIRST_CHUNK.match(text_b).group(0) or text_b[:1])  # type: ignore[union-attr]
    full = right - a["x1"] < chunk * per_char + 0.6 * size
    flush = b["x0"] <= left + 0.5 * size
    close = b["page_start"] or (b["top"] - a["bottom"]) <= line_gap + 0.4 * size
    if not (full and flush and close):
        return False
    # A numbered item right after a finished sentence starts a new paragraph even without a gap.
    return not (parse_marker(clean_line(text_b)) is not None and ends_sentence(paragraph))


def _join(a: str, b: str) -> str:
    if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum():
        return f"{a} {b}"
    return a + b
