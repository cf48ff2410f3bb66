"""Curated views declared as data: 比一比 comparisons (``compare.yaml``) and home tiles (``home.yaml``).

Qt-free.  A comparison names measures by id; the reader shows their own wording, in full or as
an excerpt that is an exact, contiguous substring of the text (:func:`excerpt_span`).  Problems
in the files (unknown keys, missing fields) raise :class:`CuratedDataError` with file and entry.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ui.pages import link

HERE = Path(__file__).resolve().parent
COMPARE_FILE = HERE / "compare.yaml"
HOME_FILE = HERE / "home.yaml"


class CuratedDataError(Exception):
    """compare.yaml or home.yaml is malformed."""


@dataclass(frozen=True)
class Column:
    level: str
    region: str
    measures: tuple[str, ...]
    empty: str = ""


@dataclass(frozen=True)
class Comparison:
    id: str
    title: str
    question: str
    focus: tuple[str, ...]
    search: str
    columns: tuple[Column, ...]

    def measure_ids(self) -> tuple[str, ...]:
        return tuple(i for c in self.columns for i in c.measures)


@dataclass(frozen=True)
class Tile:
    title: str
    hint: str
    target: str  # "compare:gaoqi", "topic:人才", "search:创新券"

    @property
    def href(self) -> str:
        scheme, _, arg = self.target.partition(":")
        return link(scheme, arg)


def _read(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CuratedDataError(f"{path.name}: cannot read ({exc})") from exc


def _text(d: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    v = d.get(key, "")
    if v is None:
        v = ""
    if not isinstance(v, str) or (required and not v.strip()):
        raise CuratedDataError(f"{where}: '{key}' must be non-empty text")
    return v.strip()


def _texts(d: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """An optional phrase or list of phrases."""
    v = d.get(key)
    if v is None or v == "":
        return ()
    items = [v] if isinstance(v, str) else v
    if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
        raise CuratedDataError(f"{where}: '{key}' must be a phrase or a list of non-empty phrases")
    return tuple(x.strip() for x in items)


def load_comparisons(path: Path = COMPARE_FILE) -> tuple[Comparison, ...]:
    """Read the 比一比 comparisons."""
    data = _read(path) or {}
    out = []
    seen: set[str] = set()
    for i, c in enumerate(data.get("comparisons") or []):
        where = f"{path.name}: comparison {i + 1}"
        if not isinstance(c, dict):
            raise CuratedDataError(f"{where}: must be a mapping")
        cid = _text(c, "id", where)
        if cid in seen:
            raise CuratedDataError(f"{where}: duplicate id '{cid}'")
        seen.add(cid)
        cols = []
        for j, col in enumerate(c.get("columns") or []):
            cw = f"{where} ({cid}) column {j + 1}"
            if not isinstance(col, dict):
                raise CuratedDataError(f"{cw}: must be a mapping")
            ms = col.get("measures") or []
            if not isinstance(ms, list) or not all(isinstance(x, str) for x in ms):
                raise CuratedDataError(f"{cw}: 'measures' must be a list of measure ids")
            cols.append(Column(level=_text(col, "level", cw), region=_text(col, "region", cw),
                               measures=tuple(ms), empty=_text(col, "empty", cw, required=False)))
        if not cols:
            raise CuratedDataError(f"{where} ({cid}): needs at least one column")
        out.append(Comparison(id=cid, title=_text(c, "title", where), question=_text(c, "question", where, required=False),
                              focus=_texts(c, "focus", f"{where} ({cid})"),
                              search=_text(c, "search", where, required=False), columns=tuple(cols)))
    return tuple(out)


def load_tiles(path: Path = HOME_FILE) -> tuple[Tile, ...]:
    """Read the home page tiles."""
    data = _read(path) or {}
    out = []
    for i, t in enumerate(data.get("tiles") or []):
        where = f"{path.name}: tile {i + 1}"
        if not isinstance(t, dict):
            raise CuratedDataError(f"{where}: must be a mapping")
        target = _text(t, "target", where)
        if target.partition(":")[0] not in {"compare", "topic", "search", "item", "level"}:
            raise CuratedDataError(f"{where}: target '{target}' must start with compare:, topic:, search:, item: or level:")
        out.append(Tile(title=_text(t, "title", where), hint=_text(t, "hint", where, required=False), target=target))
    return tuple(out)


def comparisons_for(measure_id: str, comparisons: Sequence[Comparison]) -> tuple[Comparison, ...]:
    return tuple(c for c in comparisons if measure_id in c.measure_ids())


_SENTENCE = re.compile(r"[^。；;\n]*(?:[。；;\n]|$)")

#: An excerpt this close to the whole text is not worth the "摘录" mark: show it all.
FULL_TEXT_RATIO = 0.8


def excerpt_span(text: str, focus: Sequence[str]) -> tuple[int, int]:
    """Where a 比一比 cell's excerpt of ``text`` starts and ends.

    The excerpt runs from the first sentence that mentions a ``focus`` phrase to the end of the
    last one, so ``text[start:end]`` is exact, contiguous official wording (what lies between is
    kept, nothing is joined or reworded).  Without focus phrases, when none occurs, or when the
    excerpt would be nearly all of it, the span is the whole (stripped) text.

    >>> t = "一、总则。对新认定的高新技术企业给予10万元奖励；另有规定。"
    >>> s, e = excerpt_span(t, ["高新技术企业"])
    >>> t[s:e]
    '对新认定的高新技术企业给予10万元奖励；'
    """
    lead = len(text) - len(text.lstrip())
    whole = (lead, len(text.rstrip()))
    phrases = [f for f in focus if f]
    if not phrases:
        return whole
    hits = [m.span() for m in _SENTENCE.finditer(text) if m.group().strip() and any(f in m.group() for f in phrases)]
    if not hits:
        return whole
    start, end = hits[0][0], hits[-1][1]
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end -= len(text[start:end]) - len(text[start:end].rstrip())
    if end - start >= FULL_TEXT_RATIO * (whole[1] - whole[0]):
        return whole
    return start, end
