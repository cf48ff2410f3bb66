"""Pinyin readings of titles, topics and names (index build only; pypinyin is not on the query path).

A reading is a list of syllables aligned one to one with the characters of the (normalised)
source string: a character without a reading (punctuation, digits, Latin letters) stands for
itself.  A query such as ``jbgs`` (initials) or ``zhangtao`` (full pinyin, starting at a syllable)
is matched against these readings by :func:`match_reading`, which also returns the characters of
the source that the query covers, so that ``jbgs`` highlights ``揭榜挂帅``.

Polyphones: a text is read with pypinyin's phrase dictionary (银行 = yin hang, 重点 = zhong dian)
and the handbook's own phrase table (``index/pinyin_phrases.yaml``: 揭榜挂帅, 行唐, 井陉 …), and
only that way: reading each character on its own would add wrong readings (银行 = yin xing, 长安区
= zhang an qu).  Only the surname of a person may be read every way it can be (曾 = zeng or ceng,
单 = shan or dan), because readers type names as they hear them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

READING_SEP = " "


PHRASES_FILE = Path(__file__).resolve().parent / "pinyin_phrases.yaml"


@lru_cache(maxsize=1)
def _pypinyin() -> Any:
    import pypinyin

    pypinyin.load_phrases_dict(phrase_table(), style="tone")
    return pypinyin


def phrase_table(path: Path = PHRASES_FILE) -> dict[str, list[list[str]]]:
    """The handbook's phrase readings (``phrase: pin yin``), for pypinyin's ``load_phrases_dict``."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    out: dict[str, list[list[str]]] = {}
    for phrase, reading in (data.get("phrases") or {}).items() if isinstance(data, dict) else ():
        syl = str(reading).split()
        if isinstance(phrase, str) and len(syl) == len(phrase):
            out[phrase] = [[x] for x in syl]
    return out


def _per_char(items: list[list[str]], source: str) -> list[str]:
    out = [(item[0] if item else "").lower() for item in items]
    if len(out) != len(source):  # pypinyin grouped something: fall back to one per character
        return [_char_reading(c) for c in source]
    return [o if o.isascii() and o else c for o, c in zip(out, source, strict=True)]


@lru_cache(maxsize=8192)
def _char_reading(ch: str) -> str:
    p = _pypinyin()
    r = p.pinyin(ch, style=p.Style.NORMAL, errors=lambda x: [[c] for c in x])
    return (r[0][0] if r and r[0] else ch).lower() or ch


@lru_cache(maxsize=8192)
def _char_heteronyms(ch: str) -> tuple[str, ...]:
    p = _pypinyin()
    r = p.pinyin(ch, style=p.Style.NORMAL, heteronym=True, errors=lambda x: [[c] for c in x])
    return tuple(dict.fromkeys(x.lower() for x in (r[0] if r else []) if x)) or (ch,)


@lru_cache(maxsize=65536)
def readings(source: str, *, name: bool = False) -> tuple[tuple[str, ...], ...]:
    """Every reading of ``source`` worth indexing, each aligned with its characters.

    Args:
        source: Normalised text (see :func:`index.normalize.normalize`).
        name: The text is a person's name; read the surname every way it can be read.
    """
    if not source:
        return ()
    p = _pypinyin()
    items = p.pinyin(source, style=p.Style.NORMAL, errors=lambda x: [[c] for c in x])
    main = _per_char(items, source)
    out: list[tuple[str, ...]] = [tuple(main)]
    if name and source:
        for alt in _char_heteronyms(source[0]):
            cand = (alt, *main[1:])
            if cand not in out:
                out.append(cand)
    return tuple(out[:4])


def reading_line(source: str, syllables: Iterable[str]) -> str:
    """One line of the stored reading table: the source, a tab and its syllables."""
    return source + "\t" + READING_SEP.join(syllables)


def reading_strings(syllables: tuple[str, ...]) -> tuple[str, str]:
    """Full pinyin and initials of a reading, as indexed (``zhangtao``, ``zt``)."""
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return full, initials


def match_reading(query: str, source: str, syllables: list[str]) -> tuple[int, int] | None:
    """Where ``query`` (lower-case ASCII letters) matches a reading of ``source``.

    Full pinyin must start at a syllable and may end inside one (typing ``zhangt`` already finds
    张涛); initials may start anywhere but need at least three letters.

    Returns:
        The half-open character span of ``source`` that the query covers, or ``None``.

    >>> match_reading("jbgs", "揭榜挂帅项目", ["jie", "bang", "gua", "shuai", "xiang", "mu"])
    (0, 4)
    >>> match_reading("zhangtao", "张涛", ["zhang", "tao"])
    (0, 2)
    >>> match_reading("angtao", "张涛", ["zhang", "tao"]) is None
    True
    """
    n = len(syllables)
    if n != len(source) or not query:
        return None
    starts = [0] * (n + 1)
    for i, s in enumerate(syllables):
        starts[i + 1] = starts[i] + len(s)
    full = "".join(syllables)
    pos = full.find(query)
    while pos >= 0:
        try:
            i = starts.index(pos)
        except ValueError:
            i = -1
        if i >= 0 and i < n:
            end = pos + len(query)
            j = i
            while j < n and starts[j] < end:
                j += 1
            return i, j
        pos = full.find(query, pos + 1)
    if len(query) >= 3:
        initials = "".join(s[0] if s else "?" for s in syllables)
        k = initials.find(query)
        if k >= 0:
            return k, k + len(query)
    return None
