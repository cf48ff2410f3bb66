"""Curated views declared as data: 比一比 comparisons and home tiles (``content/curated/*.yaml``).

Editorial data, not official wording.  A comparison names measures by id; the reader shows their own
wording, in full or as an excerpt that is an exact, contiguous substring of the text
(:func:`excerpt_span`).  Problems are :class:`ContentError` values with file and line, collected like
every other content problem; cross-references (measure ids, comparison ids, topics) are checked by
the content bundle.  Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content.model import ContentError

CURATED_DIR = Path(__file__).resolve().parent / "curated"
COMPARE_FILE = CURATED_DIR / "compare.yaml"
HOME_FILE = CURATED_DIR / "home.yaml"
TILE_SCHEMES = ("compare", "topic", "search", "item", "level", "profile")


@dataclass(frozen=True)
class Column:
    level: str
    region: str
    measures: tuple[str, ...]
    empty: str = ""
    line: int = 0


@dataclass(frozen=True)
class Comparison:
    id: str
    title: str
    question: str
    focus: tuple[str, ...]
    search: str
    columns: tuple[Column, ...]
    file: str = ""
    line: int = 0

    def measure_ids(self) -> tuple[str, ...]:
        return tuple(i for c in self.columns for i in c.measures)


@dataclass(frozen=True)
class Tile:
    title: str
    hint: str
    target: str  # "compare:gaoqi", "topic:人才", "search:创新券", "profile:"
    file: str = ""
    line: int = 0

    @property
    def scheme(self) -> str:
        return self.target.partition(":")[0]

    @property
    def arg(self) -> str:
        return self.target.partition(":")[2]


class _Reader:
    def __init__(self, path: Path, errors: list[ContentError]) -> None:
        self.file = path.name
        self.errors = errors

    def err(self, line: int, fld: str, msg: str) -> None:
        self.errors.append(ContentError(self.file, line, fld, msg))

    def text(self, d: Any, key: str, *, required: bool = True) -> str:
        v = d.get(key, "")
        if v is None:
            v = ""
        if not isinstance(v, str) or (required and not v.strip()):
            self.err(d.lines.get(key, d.line), key, f"“{key}”应为非空文字")
            return ""
        return v.strip()

    def texts(self, d: Any, key: str) -> tuple[str, ...]:
        v = d.get(key)
        if v is None or v == "":
            return ()
        items = [v] if isinstance(v, str) else v
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            self.err(d.lines.get(key, d.line), key, f"“{key}”应为一个短语或短语列表")
            return ()
        return tuple(x.strip() for x in items)


def _parse(path: Path, errors: list[ContentError], key: str) -> Any:
    import yaml

    from content.loader import DuplicateKeyError, LDict, LList, parse_yaml
    from content.safe_read import ReadRefused, describe_yaml_error, read_content_bytes

    if not path.exists():
        return LList()  # optional: a content folder without 比一比 pages or tiles
    text = ""
    try:
        text = read_content_bytes(path).decode("utf-8-sig")
        data = parse_yaml(text)
    except ReadRefused as exc:
        errors.append(ContentError(path.name, exc.line, "", exc.message))
        return None
    except UnicodeDecodeError:
        errors.append(ContentError(path.name, 0, "", "文件不是 UTF-8 编码；请另存为 UTF-8（记事本：另存为 → 编码选 UTF-8）"))
        return None
    except OSError as exc:
        errors.append(ContentError(path.name, 0, "", f"无法读取（{exc.strerror or exc}）"))
        return None
    except DuplicateKeyError as exc:
        errors.append(ContentError(path.name, exc.line, exc.key, f"字段“{exc.key}”在同一处出现了两次"))
        return None
    except yaml.YAMLError as exc:
        line, message = describe_yaml_error(text, exc)
        errors.append(ContentError(path.name, line, "", message))
        return None
    if data is None:
        return LList()
    items = data.get(key) if isinstance(data, LDict) else None
    if items is None:
        return LList()
    if not isinstance(items, LList):
        errors.append(ContentError(path.name, getattr(data, "line", 1), key, f"“{key}”应为列表"))
        return None
    return items


def load_comparisons(path: Path = COMPARE_FILE, errors: list[ContentError] | None = None) -> tuple[Comparison, ...]:
    """Read the 比一比 comparisons; problems are appended to ``errors`` (bad entries are skipped)."""
    from content.loader import LDict, LList

    errs: list[ContentError] = [] if errors is None else errors
    r = _Reader(path, errs)
    items = _parse(path, errs, "comparisons")
    out: list[Comparison] = []
    seen: set[str] = set()
    for i, c in enumerate(items or []):
        line = items.lines[i]
        if not isinstance(c, LDict):
            r.err(line, "comparisons", "每个比一比应含 id、title、columns")
            continue
        before = len(errs)
        cid = r.text(c, "id")
        if cid and cid in seen:
            r.err(c.lines.get("id", line), "id", f"比一比编号“{cid}”重复")
        seen.add(cid)
        cols: list[Column] = []
        raw_cols = c.get("columns")
        col_list: LList = raw_cols if isinstance(raw_cols, LList) else LList()
        for j, col in enumerate(col_list):
            cline = col_list.lines[j]
            if not isinstance(col, LDict):
                r.err(cline, "columns", "每一列应含 level、region、measures")
                continue
            ms = col.get("measures") or LList()
            if not isinstance(ms, list) or not all(isinstance(x, str) for x in ms):
                r.err(col.lines.get("measures", cline), "measures", "“measures”应为措施编号列表")
                continue
            cols.append(Column(level=r.text(col, "level"), region=r.text(col, "region"), measures=tuple(ms),
                               empty=r.text(col, "empty", required=False), line=col.lines.get("measures", cline)))
        if not cols:
            r.err(c.lines.get("columns", line), "columns", f"比一比“{cid}”至少要有一列")
        comp = Comparison(id=cid, title=r.text(c, "title"), question=r.text(c, "question", required=False),
                          focus=r.texts(c, "focus"), search=r.text(c, "search", required=False),
                          columns=tuple(cols), file=path.name, line=line)
        if len(errs) == before:
            out.append(comp)
    return tuple(out)


def load_tiles(path: Path = HOME_FILE, errors: list[ContentError] | None = None) -> tuple[Tile, ...]:
    """Read the home page tiles; problems are appended to ``errors`` (bad tiles are skipped)."""
    from content.loader import LDict

    errs: list[ContentError] = [] if errors is None else errors
    r = _Reader(path, errs)
    items = _parse(path, errs, "tiles")
    out: list[Tile] = []
    for i, t in enumerate(items or []):
        line = items.lines[i]
        if not isinstance(t, LDict):
            r.err(line, "tiles", "每个首页磁贴应含 title、target")
            continue
        before = len(errs)
        target = r.text(t, "target")
        if target and target.partition(":")[0] not in TILE_SCHEMES:
            r.err(t.lines.get("target", line), "target",
                  f"目标“{target}”应以 {'、'.join(s + ':' for s in TILE_SCHEMES)} 之一开头")
        tile = Tile(title=r.text(t, "title"), hint=r.text(t, "hint", required=False), target=target,
                    file=path.name, line=t.lines.get("target", line))
        if len(errs) == before:
            out.append(tile)
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
