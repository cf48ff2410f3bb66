"""From extracted lines to paragraphs: leave out boilerplate, re-join lines broken inside a sentence.

Only layout changes here: whitespace, a list bullet the text conversion added, the ``**`` bold markup
and line breaks.  Every line left out is returned so that the draft can list it for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.importer.numbering import (
    ends_sentence,
    ends_with_doc_type,
    is_contact_line,
    is_heading_like,
    parse_marker,
)
from content.normalize import normalize_layout, squash

# Lines that are layout only (table rules, an empty header row of a converted table).
_RULE = re.compile(r"^\|?[\s|:-]*\|[\s|:-]*$|^-{3,}$")
_BULLET = re.compile(r"^[-•·▪]\s+")
# Boilerplate a download site adds around a document; the card's spaced block labels (政/策/内/容).
_BOILERPLATE = [
    re.compile(p) for p in (
        r"下载文档前请自行甄别", r"仅部分预览", r"如文档侵犯您的权益", r"人工客服工作时间",
        r"^相关文档$", r"^最新文档$", r"^([^\s/]/){2,}[^\s/]$",
    )
]
_TOC_HEAD = re.compile(r"^目\s*录$")
_TOC_ENTRY = re.compile(r"^.+?(?:\t|\s{2,}|…{2,}|\.{4,}|·{4,})\s*\d{1,3}$")
# A TOC entry whose leader was lost (a PDF): a numbered heading ending with its page number.
_TOC_NUMBERED = re.compile(r"^(第.{1,4}[章节部分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]).*\D\s*\d{1,3}$")
# A signature line (an issuer's name, a date) stands on its own.
_SIGNATURE = re.compile(r"^\d{4}年\d{1,2}月(\d{1,2}日)?$|^[\u4e00-\u9fff]{2,20}(局|厅|委员会|办公室|办公厅|人民政府|管委会)$")
# A paragraph is a full printed line (and so may continue on the next) from this many characters on.
FULL_LINE = 20


@dataclass
class Paragraphs:
    """The document as paragraphs, and what was left out (for the editor to confirm)."""

    paragraphs: list[str]
    omitted: list[str] = field(default_factory=list)
    # Indices of paragraphs printed right after a line that was left out (a preface must not span it).
    breaks: set[int] = field(default_factory=set)


def clean_line(raw: str) -> str:
    """One extracted line with layout-only marks removed (bullets, ``**``, surrounding spaces).

    >>> clean_line("- 1.电话：85996768/唐鑫涛  ")
    '1.电话：85996768/唐鑫涛'
    >>> clean_line("（**办公室85678026**）")
    '（办公室85678026）'
    """
    s = raw.replace("**", "").strip()
    s = _BULLET.sub("", s)
    return s.strip()


def paragraphs(lines: list[str]) -> Paragraphs:
    """Clean lines, leave out boilerplate and the table of contents, join broken sentences."""
    out = Paragraphs([])
    kept: list[tuple[str, bool]] = []  # (line, follows a line left out)
    in_toc = False
    gap = False
    for raw in lines:
        line = clean_line(raw.replace("\t", "\t"))
        if not line or _RULE.match(line):
            continue
        if _TOC_HEAD.match(line):
            in_toc = gap = True
            out.omitted.append(tidy(line))
            continue
        if in_toc and (_TOC_ENTRY.match(raw.strip()) or _TOC_ENTRY.match(line) or _TOC_NUMBERED.match(line)):
            out.omitted.append(tidy(line))
            continue
        in_toc = False
        if any(p.search(line) for p in _BOILERPLATE):
            out.omitted.append(tidy(line))
            gap = True
            continue
        kept.append((line, gap))
        gap = False
    for line, after_gap in kept:
        if out.paragraphs and not after_gap and should_join(out.paragraphs[-1], line):
            out.paragraphs[-1] = join(out.paragraphs[-1], line)
        else:
            if after_gap and out.paragraphs:
                out.breaks.add(len(out.paragraphs))
            out.paragraphs.append(line)
    return out


def should_join(a: str, b: str) -> bool:
    """Whether ``b`` continues the sentence ``a`` (a line broken at a page or column end).

    >>> should_join("新资源共享，完善创业培育服务，激发全社会创新创业活", "力，推动大众创业")
    True
    >>> should_join("一、指导思想", "深入贯彻落实习近平新时代中国特色社会主义思想")
    False
    >>> should_join("2. 委托、合作、集中研发费用的加计扣除：", "（1）企业委托境内的外部机构")
    False
    """
    if ends_sentence(a) or parse_marker(b) is not None:
        return False
    if parse_marker(a) is not None and is_heading_like(a) and not any(ch in a for ch in "，,、（(《“"):
        return False  # a numbered heading ("05举办…活动”") is a line of its own
    if a.startswith("|") or b.startswith("|") or is_contact_line(a) or is_contact_line(b):
        return False
    sa = squash(a)
    if len(sa) < FULL_LINE or _SIGNATURE.match(squash(b)):
        return False
    if sa.count("《") > sa.count("》"):
        return True  # inside a cited title
    return not ends_with_doc_type(a)


def join(a: str, b: str) -> str:
    """Join two pieces of one sentence; a space only between two Latin words."""
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return f"{a} {b}"
    return a + b


def tidy(text: str) -> str:
    """The layout normalisation of the handbook (spaces next to Chinese dropped, runs folded)."""
    return normalize_layout(text)
