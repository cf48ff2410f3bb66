"""Reading content files defensively.  Qt-free.

A content file comes from an editor's PC, a USB stick or a content pack: it may be a link to
``/dev/zero``, a FIFO, 2 GB of garbage, a YAML "billion laughs" alias bomb, an alias that refers to
itself, or text with terminal escape sequences and right-to-left overrides that make a phone number
display backwards.  This module refuses each of them with a :class:`ReadRefused` (a
``yaml.MarkedYAMLError``, so code that already handles YAML errors handles these too) carrying the
line and a Chinese message; the loader reports it as a ``check`` error and skips the file.

The limits are data: ``content/limits.yaml``.

* Only regular files are read (opened non-blocking, checked with ``fstat``), at most
  ``max_file_bytes``.
* YAML anchors and aliases are refused (the editors' format does not use them); nesting is limited
  to ``max_yaml_depth``, the number of nodes to ``max_yaml_nodes`` and the time to parse one file to
  ``max_parse_seconds``, all checked on the parser's event stream before anything is built.
* Control characters (other than tab and line breaks) and bidirectional formatting characters are
  reported with line and column by :func:`bad_characters`.
"""

from __future__ import annotations

import os
import stat
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LIMITS_FILE = Path(__file__).resolve().parent / "limits.yaml"


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on one content file (see ``content/limits.yaml``)."""

    max_file_bytes: int = 8 * 1024 * 1024
    max_yaml_nodes: int = 500_000
    max_yaml_depth: int = 40
    max_parse_seconds: float = 10.0


@lru_cache(maxsize=4)
def load_limits(path: Path = LIMITS_FILE) -> ReadLimits:
    """The limits from ``path``; the built-in defaults for anything missing or unreadable."""
    default = ReadLimits()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return default
    if not isinstance(data, dict):
        return default
    values: dict[str, Any] = {}
    for name in ("max_file_bytes", "max_yaml_nodes", "max_yaml_depth", "max_parse_seconds"):
        raw = data.get(name)
        kind = float if name == "max_parse_seconds" else int
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 0:
            values[name] = kind(raw)
    return ReadLimits(**values)


class ReadRefused(yaml.MarkedYAMLError):
    """A content file (or its YAML) was refused: ``line`` (1-based, 0 = the whole file) and ``message``."""

    def __init__(self, message: str, line: int = 0) -> None:
        mark = yaml.Mark("", 0, max(line - 1, 0), 0, "", 0) if line else None
        super().__init__(problem=message, problem_mark=mark)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------------------------
# Bytes
# --------------------------------------------------------------------------------------------
def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "特殊文件"


def read_regular_file(path: Path, *, max_bytes: int, what: str = "内容文件") -> bytes:
    """The bytes of ``path`` if it is (or links to) a regular file of at most ``max_bytes``.

    Opening is non-blocking, so a FIFO never hangs the app; the type is checked on the open file
    (``fstat``), so a link swapped for ``/dev/zero`` after a check is still refused.

    Raises:
        ReadRefused: not a regular file, too large, or unreadable.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise ReadRefused(f"这是一个文件夹，不是{what}") from None
    except OSError as exc:
        raise ReadRefused(f"无法读取文件（{exc.strerror}）；请检查文件是否存在、是否可读") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadRefused(f"这是{_kind(st.st_mode)}，不是普通文件；{what}只能是普通的文本文件")
        if st.st_size > max_bytes:
            raise ReadRefused(f"文件过大（{_size(st.st_size)}，上限 {_size(max_bytes)}）；{what}不会这么大，请检查是否放错了文件")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # it grew while being read
                raise ReadRefused(f"文件过大（超过 {_size(max_bytes)}）；请检查是否放错了文件")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadRefused(f"无法读取文件（{exc.strerror}）") from None
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def read_content_bytes(path: Path, limits: ReadLimits | None = None) -> bytes:
    """The bytes of a content file, within ``limits`` (default: ``content/limits.yaml``)."""
    return read_regular_file(path, max_bytes=(limits or load_limits()).max_file_bytes)


# --------------------------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------------------------
#: Bidirectional formatting characters: embeddings, overrides, isolates and marks.  Chinese policy
#: text never needs them, and they can make "0311-85889143" display as something else.
_BIDI = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM",
}
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def _is_bad(ch: str) -> bool:
    if ch in _BIDI:
        return True
    return ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"


def describe_char(ch: str) -> str:
    """``U+001B（控制字符 ESC）`` and the like, for messages."""
    code = f"U+{ord(ch):04X}"
    if ch in _BIDI:
        return f"{code}（双向文字控制符 {_BIDI[ch]}，可使文字或号码倒序显示）"
    name = {"\x1b": "ESC", "\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x7f": "DEL", "\x0c": "FF",
            "\x0b": "VT"}.get(ch, "")
    return f"{code}（控制字符{' ' + name if name else ''}）"


def bad_characters(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, description)`` of every control or bidi character in ``text`` (1-based).

    >>> bad_characters("电话：0311\\u202e-85889143\\n第二行\\x1b[31m")
    [(1, 8, 'U+202E（双向文字控制符 RLO，可使文字或号码倒序显示）'), (2, 4, 'U+001B（控制字符 ESC）')]
    """
    if text.isprintable():  # the common case, in C: nothing to look for
        return []
    out: list[tuple[int, int, str]] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.isprintable():
            continue
        for col, ch in enumerate(line, start=1):
            if _is_bad(ch):
                out.append((lineno, col, describe_char(ch)))
    return out


def visible(text: str) -> str:
    r"""``text`` with control and bidi characters shown as ``\u202e``-style escapes (for terminals).

    >>> visible("a\x1b[2Jb\u202ec")
    'a\\x1b[2Jb\\u202ec'
    """
    if text.isprintable() or not any(_is_bad(ch) for ch in text):
        return text
    return "".join(
        (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}") if _is_bad(ch) else ch for ch in text
    )


# --------------------------------------------------------------------------------------------
# YAML
# --------------------------------------------------------------------------------------------
def _line_of(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 0


def guard_yaml(text: str, limits: ReadLimits | None = None) -> None:
    """Refuse YAML that uses anchors or aliases, nests too deep, has too many nodes or parses too long.

    Runs on the parser's event stream (libyaml when present), so nothing is built and an alias
    bomb costs no memory.  Syntax errors are left to the caller's parse.

    Raises:
        ReadRefused: with the line of the first offending node.
    """
    lim = limits or load_limits()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = nodes = 0
    start = time.monotonic()
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                raise ReadRefused(f"使用了 YAML 别名“*{event.anchor}”；内容文件不使用锚点和别名，请把内容直接写出",
                                  _line_of(event))
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                raise ReadRefused(f"使用了 YAML 锚点“&{event.anchor}”；内容文件不使用锚点和别名，请删除它",
                                  _line_of(event))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > lim.max_yaml_depth:
                    raise ReadRefused(f"列表和映射嵌套太深（超过 {lim.max_yaml_depth} 层）", _line_of(event))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > lim.max_yaml_nodes:
                    raise ReadRefused(f"文件中的条目太多（超过 {lim.max_yaml_nodes} 个）", _line_of(event))
                if nodes % 1024 == 0 and time.monotonic() - start > lim.max_parse_seconds:
                    raise ReadRefused(f"读取时间过长（超过 {lim.max_parse_seconds:g} 秒）", _line_of(event))
    except ReadRefused:
        raise
    except yaml.YAMLError:
        return  # a syntax error: the real parse reports it, with describe_yaml_error's help


#: PyYAML's problems in words an editor understands (the English original is kept in brackets).
_PROBLEMS = (
    ("exceeded maximum nesting depth", "列表和映射嵌套太深"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合？）"),
    ("found character that cannot start any token", "这里有不能出现在开头的字符（例如制表符 Tab，请改用空格缩进）"),
    ("mapping values are not allowed", "一行里有两个“: ”；文字中含“: ”时请给整段文字加上引号"),
    ("could not find expected ':'", "缺少冒号“:”（注意要用英文冒号加空格，不能用中文冒号“：”）"),
    ("did not find expected key", "缩进不对，或上一项的引号没有闭合"),
    ("did not find expected '-' indicator", "列表项缩进不对（各项应以“- ”开头并对齐）"),
    ("did not find expected ',' or ']'", "方括号“[”没有闭合"),
    ("did not find expected ',' or '}'", "花括号“{”没有闭合"),
    ("found a tab character", "这里有制表符 Tab；请改用空格缩进"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面跟了无效字符；请写成“\\\\”或改用单引号"),
)


def describe_yaml_error(text: str, exc: yaml.YAMLError) -> tuple[int, str]:
    """The line where an editor should look, and a Chinese message, for a YAML syntax error.

    PyYAML reports where it *noticed* the problem.  For a quotation mark that is never closed that
    is wherever the next quotation mark happens to be — often many lines later.  The scalar the
    unclosed quote started is found and its first line reported instead.
    """
    mark = getattr(exc, "problem_mark", None)
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    context = str(getattr(exc, "context", None) or "")
    line = mark.line + 1 if mark is not None else 0
    words = next((zh for en, zh in _PROBLEMS if problem.startswith(en)), "")
    ctx_mark = getattr(exc, "context_mark", None)
    if "quoted scalar" in context and ctx_mark is not None:
        return ctx_mark.line + 1, f"YAML 格式错误：引号没有闭合（从第 {ctx_mark.line + 1} 行开始，一直到文件结尾都没有找到配对的引号）"
    if ctx_mark is not None and any(c in context for c in ("simple key", "flow sequence", "flow mapping")):
        # A key without its colon, an unclosed [ or {: the mark of what was left open is the line.
        shown = f"{words}（{problem}）" if words else problem
        return ctx_mark.line + 1, f"YAML 格式错误：{shown}；请检查本行"
    opened = _unclosed_quote_before(text, mark.index if mark is not None else -1, line)
    if opened:
        return opened, (f"YAML 格式错误：第 {opened} 行的引号没有闭合（引号里的文字一直延续到第 {line} 行）；"
                        "请在该行末尾补上引号")
    shown = f"{words}（{problem}）" if words else problem
    return line, f"YAML 格式错误：{shown}；请检查本行及上一行的缩进、冒号和引号"


def _unclosed_quote_before(text: str, index: int, line: int) -> int:
    """The first line of a quoted scalar that spans lines and ends just before ``index``, or 0.

    Content files write every quoted text on one line, so a quoted scalar running over several
    lines right before a syntax error is a quotation mark left open.
    """
    if index < 0:
        return 0
    last: yaml.ScalarToken | None = None
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):  # the pure-Python scanner keeps token styles
            if tok.start_mark.index >= index:
                break
            if isinstance(tok, yaml.ScalarToken):
                last = tok
    except yaml.YAMLError:
        pass
    if (last is not None and last.style in ('"', "'") and last.end_mark.line > last.start_mark.line
            and last.end_mark.line + 1 >= line - 1):
        return int(last.start_mark.line) + 1
    return 0
