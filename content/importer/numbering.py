"""The numbering Chinese policy documents use, and what a paragraph looks like.

Ranks follow the usual hierarchy of official documents: 第X章 > 第X节 > 一、 > （一） > 1. / 第X条 /
01 > （1） > ①.  A paragraph that starts with such a number is a *marker* paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.normalize import squash

CN_NUM = "零〇一二三四五六七八九十百两"
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}

# Sentence ends; a paragraph ending with one of them is complete.
TERMINAL = "。；！？：!?;:…"
_CLOSERS = "”’」』"
_BRACKET_PAIRS = {"）": "（", ")": "(", "〕": "〔", "】": "【", "》": "《", "]": "["}
# Words a document title ends with.
DOC_TYPE_WORDS = ("通知", "意见", "方案", "办法", "措施", "细则", "规定", "计划", "摘编", "汇编", "决定",
                  "批复", "纲要", "指引", "明白卡", "政策", "条例", "规划", "实施意见")
CONTACT_LABEL = re.compile(r"^(联\s*系\s*电\s*话|电\s*话|电\s*子\s*邮\s*箱|邮\s*箱|联\s*系\s*人|传\s*真|地\s*址)\s*[：:]")
PHONE = re.compile(r"(?<![\d-])(?:0\d{2,3}[-－—]?)?[1-9]\d{6,7}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def cn_to_int(s: str) -> int:
    """Value of a Chinese numeral up to 999.

    >>> [cn_to_int(x) for x in ("一", "十", "十一", "二十三", "一百零五")]
    [1, 10, 11, 23, 105]
    """
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _CN_VALUE.get(ch, 0)
    return total + cur


@dataclass(frozen=True)
class Marker:
    """A number that starts a paragraph.

    Attributes:
        style: Which numbering (``cn_dun`` for 一、, ``num_paren`` for （1） …).
        rank: Depth in the usual hierarchy; smaller is higher.
        ordinal: The number's value (1 for 一、, （1）, 01 …).
        printed: The number as printed, without the separating 、/. (``（一）``, ``1``, ``01``).
        rest: The paragraph after the number.
    """

    style: str
    rank: int
    ordinal: int
    printed: str
    rest: str


_CN = f"[{CN_NUM}十百]+"
_PATTERNS: list[tuple[str, int, re.Pattern[str]]] = [
    ("zhang", 1, re.compile(rf"^(第({_CN}|\d+)(?:章|编|篇|部分))\s*(.*)$")),
    ("jie", 2, re.compile(rf"^(第({_CN}|\d+)节)\s*(.*)$")),
    ("tiao", 5, re.compile(rf"^(第({_CN}|\d+)条)\s*(.*)$")),
    ("jieduan", 5, re.compile(rf"^(第({_CN}|\d+)阶段)\s*[：:]?\s*(.*)$")),
    ("cn_dun", 3, re.compile(rf"^(({_CN}))\s*、\s*(.*)$")),
    ("cn_paren", 4, re.compile(rf"^([（(]\s*({_CN})\s*[）)])\s*(.*)$")),
    ("num_paren", 6, re.compile(r"^([（(]\s*(\d{1,3})\s*[）)])\s*(.*)$")),
    ("num_dot", 5, re.compile(r"^((\d{1,3}))\s*[.．、](?!\d)\s*(.*)$")),
    ("circled", 7, re.compile(r"^(([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]))\s*(.*)$")),
]
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# "01加快下达科技项目资金" (a card's item number glued to its heading) or "01" alone on its line.
_BARE_GLUED = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff“《])(.*)$")
_BARE_ALONE = re.compile(r"^(\d{1,2})$")
_NOT_AFTER_NUMBER = set("万亿元年月日个项家名岁倍号条次届期批人所台套")


def parse_marker(line: str) -> Marker | None:
    """The numbering that starts ``line``, or None.

    >>> parse_marker("（一）坚持创新核心。").printed
    '（一）'
    >>> m = parse_marker("1. 强化科技创新组织建设。")
    >>> (m.style, m.ordinal, m.rest)
    ('num_dot', 1, '强化科技创新组织建设。')
    >>> parse_marker("2022年度，地方财政科技支出") is None
    True
    >>> parse_marker("1.电话：85996768/唐鑫涛") is None
    True
    >>> parse_marker("01加快下达科技项目资金").style
    'num_bare'
    """
    s = line.strip()
    for style, rank, pat in _PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        rest = m.group(3).strip()
        if CONTACT_LABEL.match(rest):
            return None  # "1.电话：…" is a contact line, not an item
        num = m.group(2)
        ordinal = _CIRCLED.index(num) + 1 if style == "circled" else cn_to_int(num)
        printed = m.group(1).replace(" ", "")
        return Marker(style, rank, ordinal, printed, rest)
    m = _BARE_ALONE.match(s)
    if m:
        return Marker("num_bare", 5, int(m.group(1)), m.group(1), "")
    m = _BARE_GLUED.match(s)
    if m and m.group(2)[:1] not in _NOT_AFTER_NUMBER and is_heading_like(s):
        return Marker("num_bare", 5, int(m.group(1)), m.group(1), m.group(2).strip())
    return None


def ends_sentence(line: str) -> bool:
    """Whether a paragraph ends a sentence (terminal punctuation, or a balanced closing bracket).

    >>> ends_sentence("…予以拨付。"), ends_sentence("（冀科资规〔2022〕1 号）"), ends_sentence("激发全社会创新创业活")
    (True, True, False)
    """
    s = line.rstrip().rstrip(_CLOSERS)
    if not s:
        return False
    last = s[-1]
    if last in TERMINAL:
        return True
    opener = _BRACKET_PAIRS.get(last)
    if opener is None or last == "》":
        return False
    opened = s.count(opener) + s.count(_alt(opener))
    return opened > 0 and opened >= s.count(last) + s.count(_alt(last))


def _alt(ch: str) -> str:
    return {"（": "(", "(": "（", "）": ")", ")": "）"}.get(ch, ch)


def is_contact_line(line: str) -> bool:
    """A printed contact line: '电话：… 邮箱：…', '联系人：…', a lone phone number."""
    s = line.strip()
    if CONTACT_LABEL.match(s):
        return True
    if ("电话" in s or "邮箱" in s) and (PHONE.search(s) or EMAIL.search(s)) and "。" not in s:
        return True
    return bool(PHONE.fullmatch(s.replace(" ", "")))


def is_heading_like(line: str) -> bool:
    """Short and without a sentence end: a title, a heading, a cover line."""
    s = squash(line)
    return 0 < len(s) <= 40 and not ends_sentence(s) and not is_contact_line(line) and not s.startswith("|")


def title_only(rest: str) -> bool:
    """An item's text that is just a heading ('指导思想。', '加快下达科技项目资金')."""
    s = squash(rest).removesuffix("。")
    return 0 < len(s) <= 30 and not any(ch in s for ch in "。；！？")


def ends_with_doc_type(line: str) -> bool:
    """A line that ends with a document-type word (a title or a notice's heading)."""
    s = re.sub(r"[（(][^（()）]*[）)]$", "", squash(line))  # a period like （2022—2025年）
    return s.endswith(DOC_TYPE_WORDS)
