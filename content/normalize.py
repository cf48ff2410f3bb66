"""Layout normalisation and normalised forms of phone numbers and e-mails.

Layout normalisation may only touch layout: whitespace, PDF line breaks inside a sentence and the
card's ``**`` markup.  It never changes a character of the wording or a figure.
"""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs, CJK and full-width punctuation: no space belongs next to them in Chinese text.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_AROUND_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")
_RUNS = re.compile(r"[ \t\u00a0]+")
_ALL_SPACE = re.compile(r"\s+")


def normalize_layout(text: str) -> str:
    """Normalise layout only: trim lines, drop spaces next to Chinese characters, fold runs.

    Paragraphs (non-empty lines) are kept, one per line.

    >>> normalize_layout("单个项目最高不超过 1000 万元。 \\n\\n（冀科资规〔2022〕1 号）")
    '单个项目最高不超过1000万元。\\n（冀科资规〔2022〕1号）'
    """
    lines = []
    for raw in text.replace("**", "").splitlines():
        line = _SPACE_AROUND_CJK.sub("", raw)
        line = _RUNS.sub(" ", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


def squash(text: str) -> str:
    """The comparison form for fidelity checks: no whitespace, no ``**`` markup.

    >>> squash("A 类县达到 12 个\\n**办公室85678026**")
    'A类县达到12个办公室85678026'
    """
    return _ALL_SPACE.sub("", text.replace("**", ""))


def normalize_phone(printed: str, area_code: str = "") -> str:
    """Digits of a phone number, with ``area_code`` prefixed to a bare 7- or 8-digit local number.

    >>> normalize_phone("0311-85813876")
    '031185813876'
    >>> normalize_phone("85678026", "0311")
    '031185678026'
    >>> normalize_phone("")
    ''
    """
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", printed))
    if area_code and len(digits) in (7, 8) and not digits.startswith("0"):
        digits = area_code + digits
    return digits


def normalize_email(printed: str) -> str:
    """Lower-case, NFKC-folded address for matching (``SHITZ@HEBKJT.CN`` = ``shitz@hebkjt.cn``)."""
    return unicodedata.normalize("NFKC", printed).strip().lower()


def area_code_for(region: str) -> str:
    """The telephone area code for a region of the handbook, or ``""`` when not fixed."""
    if region.startswith("廊坊"):
        return "0316"
    if region in {"石家庄市", "长安区", "石家庄高新区", "河北省"} or region.startswith("石家庄"):
        return "0311"
    return ""
