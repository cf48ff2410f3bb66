"""Text normalisation shared by indexing, querying and highlighting.

Every string that is indexed and every query term goes through :func:`normalize`, so a query
matches whenever its normalised form is a substring of a field's normalised form:

* NFKC per character (full-width ``ＡＢ１２（）`` become ``AB12()``) and case folding;
* whitespace is dropped (Chinese has none; PDFs put some in the middle of numbers);
* brackets of every kind become round ones: a 文号 is printed 〔2019〕, typed (2019), [2019] or
  （2019） (see :data:`BRACKETS`);

Nothing else is rewritten, so any substring of a text, normalised, is a substring of the
normalised text.  Equivalent spellings a reader may type (``1000万`` for ``1000万元``, a phone
number without its area code) become query variants in :mod:`index.query`.

:func:`normalize_with_map` returns, for each normalised character, the index of the character it
came from, so that matches found in normalised text can be marked in the original text.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "FIELD_SEP",
    "gram_list",
    "is_cjk",
    "normalize",
    "normalize_with_map",
]

#: Separates the parts of a field (title, each topic, each contact …); never inside a gram.
FIELD_SEP = "\n"


#: Brackets that count as the same (a 文号 is printed with 〔〕 and typed with any of them).
BRACKETS = {"〔": "(", "〕": ")", "[": "(", "]": ")", "［": "(", "］": ")", "（": "(", "）": ")", "【": "(",
            "】": ")", "〖": "(", "〗": ")", "﹝": "(", "﹞": ")", "⦅": "(", "⦆": ")"}


class _FoldTable(dict[int, str | None]):
    """A lazily filled ``str.translate`` table: NFKC + casefold per character, whitespace removed."""

    def __missing__(self, cp: int) -> str | None:
        ch = chr(cp)
        if ch == FIELD_SEP:
            out: str | None = FIELD_SEP
        elif ch in BRACKETS:
            out = BRACKETS[ch]
        elif ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out = None
        else:
            folded = unicodedata.normalize("NFKC", ch).casefold()
            folded = "".join(c for c in folded if not c.isspace())
            out = folded or None
        self[cp] = out
        return out


_FOLD = _FoldTable()

def normalize(text: str) -> str:
    """The searchable form of ``text``: NFKC and case folding per character, no whitespace.

    The mapping works character by character, so the normal form of any substring of a text is a
    substring of the text's normal form (exact substring recall).  Amounts and phone numbers
    written differently in a query and a text are handled by query variants (see
    :mod:`index.query`), never by rewriting the indexed text.

    >>> normalize("单个项目最高不超过 1000 万元")
    '单个项目最高不超过1000万元'
    >>> normalize("电话：0311-85889143  邮箱：ZHUYH@HEBKJT.CN")
    '电话:0311-85889143邮箱:zhuyh@hebkjt.cn'
    >>> normalize("ＡＢＣ（１２３）")
    'abc(123)'
    >>> normalize("石政规〔2019〕1号") == normalize("石政规[2019]1号") == normalize("石政规（2019）1号")
    True
    """
    return text.translate(_FOLD)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map every normalised character back to the original.

    Returns:
        ``(normalized, origin)`` where ``origin[i]`` is the index in ``text`` of the character
        that produced ``normalized[i]``; ``origin`` has one extra element, ``len(text)``.  A
        half-open span ``[a, b)`` of ``normalized`` covers ``[origin[a], origin[b - 1] + 1)``.

    >>> normalize_with_map("１０００ 万元")
    ('1000万元', [0, 1, 2, 3, 5, 6, 7])
    """
    chars: list[str] = []
    origin: list[int] = []
    fold = _FOLD
    for i, ch in enumerate(text):
        out = fold[ord(ch)]
        if out:
            chars.append(out)
            origin.extend([i] * len(out))
    origin.append(len(text))
    return "".join(chars), origin


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the characters pinyin and bigram recall are about)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2EBEF or 0xF900 <= cp <= 0xFAFF


def gram_list(normalized: str) -> list[str]:
    """Distinct character unigrams and bigrams of a normalised string, sorted.

    Bigrams never span :data:`FIELD_SEP`.

    >>> gram_list("高企\\n科小")
    ['企', '小', '科', '科小', '高', '高企']
    """
    out: set[str] = set()
    for part in normalized.split(FIELD_SEP):
        if part:
            out.update(part)
            out.update(map(str.__add__, part, part[1:]))
    return sorted(out)
