"""Parse what a reader types into search terms.  Pure Python; never raises.

Syntax (everything else is literal text):

* words separated by spaces (or sentence punctuation: ，。？！、；：) must all match (AND);
* ``"…"`` / ``“…”`` / ``「…」`` quote a phrase: it must occur exactly as typed (spaces ignored),
  without synonyms;
* ``-word`` (or ``NOT word``) excludes; ``OR`` between two words accepts either;
* ``AND``, brackets, ``*`` and other punctuation around words are ignored.

Each term carries its *variants*: other spellings that count as the same term — synonyms from the
lexicon, ``1000万`` for ``1000万元``, a phone number without its area code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.lexicon import Lexicon
from index.normalize import normalize

#: Longest query (in characters) that is looked at; the rest is ignored.
MAX_QUERY_CHARS = 256
#: Most terms (including excluded ones) taken from one query.
MAX_TERMS = 8

_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』", "„": "“"}
#: Sentence punctuation separates words like a space (a comma between digits does not: 1,000万).
_BREAKS = frozenset("，,。．？?！!；;：:、…～~")
_PHONE = re.compile(r"^(?:\(?0\d{2,3}\)?)?-?(\d{7,8})$")
_AMOUNT = re.compile(r"(?<=[万亿])元")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@dataclass(frozen=True)
class Term:
    """One search term.

    Attributes:
        typed: The term as typed (trimmed of surrounding punctuation).
        norm: Its normalised form (:func:`index.normalize.normalize`).
        variants: Normalised spellings that count as this term, ``norm`` first.
        quoted: Typed as a quoted phrase (exact, no synonyms).
        pinyin: Lower-case ASCII letters that may be pinyin (``jbgs``, ``zhangtao``), or ``""``.
    """

    typed: str
    norm: str
    variants: tuple[str, ...]
    quoted: bool = False
    pinyin: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: ``groups`` must all match; each group is one term or an OR of terms."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    loose: tuple[str, ...] = field(default=())  # normalised unquoted words (for splitting questions)

    @property
    def empty(self) -> bool:
        return not self.groups


def clean_query(text: object) -> str:
    """Coerce anything to a reasonable query string: no control characters, bounded length."""
    s = text if isinstance(text, str) else ("" if text is None else str(text))
    s = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in s[: MAX_QUERY_CHARS * 2]
        if unicodedata.category(c) not in ("Cs", "Co", "Cn", "Cf")
    )
    return s[:MAX_QUERY_CHARS].strip()


def _tokens(s: str) -> list[tuple[str, bool]]:
    """Split into (text, quoted) tokens; an unbalanced quote runs to the end."""
    out: list[tuple[str, bool]] = []
    i, n = 0, len(s)
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(("".join(buf), False))
            buf.clear()

    while i < n:
        c = s[i]
        if c in _QUOTES and (not buf or buf[-1] in "-"):
            close = _QUOTES[c]
            j = s.find(close, i + 1) if close != c else s.find(c, i + 1)
            if j < 0:
                j = n
            prefix = "".join(buf)
            buf.clear()
            out.append((prefix + "\x00" + s[i + 1 : j], True))
            i = j + 1
            continue
        if c.isspace() or (c in _BREAKS and not (c in ",，" and buf and buf[-1].isdigit() and i + 1 < n and s[i + 1].isdigit())):
            flush()
        else:
            buf.append(c)
        i += 1
    flush()
    return out


def _strip_punct(s: str) -> str:
    def edge(c: str) -> bool:
        cat = unicodedata.category(c)
        return cat[0] in "PSZC" and c not in "%%‰℃+#&@$￥¥"

    a, b = 0, len(s)
    while a < b and edge(s[a]):
        a += 1
    while b > a and edge(s[b - 1]):
        b -= 1
    return s[a:b]


def term_variants(norm: str, lexicon: Lexicon | None, *, quoted: bool = False) -> tuple[str, ...]:
    """Spellings that count as the normalised term ``norm``, itself first.

    >>> from index.lexicon import Lexicon
    >>> term_variants("高新技术企业", Lexicon(variants={"高新技术企业": ("高企",), "高企": ("高新技术企业",)}))
    ('高新技术企业',)
    >>> term_variants("1000万元", None)
    ('1000万元', '1000万')
    >>> term_variants("0311-85889143", None)
    ('0311-85889143', '85889143')
    """
    out = [norm]
    if not quoted and lexicon is not None:
        # An abbreviation of two characters is not searched for a full form that was typed: it
        # would be found inside other words (高企 in 提高企业, 科小 …), never as the abbreviation.
        out.extend(v for v in lexicon.variants.get(norm, ()) if not (len(v) <= 2 < len(norm)))
    extra: list[str] = []
    for v in out:
        w = _THOUSANDS.sub("", v)
        w = _AMOUNT.sub("", w)
        if w != v:
            extra.append(w)
    m = _PHONE.match(norm.replace(" ", ""))
    if m and m.group(1) != norm:
        extra.append(m.group(1))
    return tuple(dict.fromkeys(x for x in (*out, *extra) if x))


def _term(raw: str, lexicon: Lexicon | None, *, quoted: bool) -> Term | None:
    typed = raw.strip() if quoted else _strip_punct(raw)
    norm = normalize(typed)
    if quoted:
        norm = "".join(norm.split())
    if not norm or not any(c.isalnum() for c in norm):
        return None
    pinyin = norm if (not quoted and norm.isascii() and norm.isalpha() and len(norm) >= 2) else ""
    return Term(typed=typed, norm=norm, variants=term_variants(norm, lexicon, quoted=quoted), quoted=quoted,
                pinyin=pinyin)


def parse(text: object, lexicon: Lexicon | None = None) -> ParsedQuery:
    """Parse a query; any input gives a (possibly empty) :class:`ParsedQuery`.

    >>> q = parse('高企 -廊坊 "研发 费用"')
    >>> [[t.norm for t in g] for g in q.groups], [t.norm for t in q.excluded]
    ([['高企'], ['研发费用']], ['廊坊'])
    """
    s = clean_query(text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    loose: list[str] = []
    negate_next = False
    or_next = False
    count = 0
    for tok, quoted in _tokens(s):
        if count >= MAX_TERMS:
            break
        neg = negate_next
        negate_next = False
        if quoted:
            prefix, _, body = tok.partition("\x00")
            neg = neg or prefix.startswith("-")
            raw = body
        else:
            raw = tok
            if raw in ("AND", "&&", "+"):
                continue
            if raw in ("OR", "||", "|"):
                or_next = bool(groups)
                continue
            if raw == "NOT":
                negate_next = True
                continue
            # "-word" excludes; "-85889143" is more likely part of a phone number than an exclusion.
            if raw[0] in "-－" and len(raw) > 1 and not normalize(raw[1]).isdigit():
                neg = True
                raw = raw[1:]
        t = _term(raw, lexicon, quoted=quoted)
        if t is None:
            or_next = False
            continue
        count += 1
        if neg:
            excluded.append(t)
            or_next = False
            continue
        if not quoted:
            loose.append(t.norm)
        if or_next and groups:
            groups[-1].append(t)
        else:
            groups.append([t])
        or_next = False
    return ParsedQuery(text=s, groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded),
                       loose=tuple(loose))
