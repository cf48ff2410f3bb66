"""The command line's manners: its name, safe output in any code page, argparse in Chinese.  Qt-free.

* :func:`program_name` — what the program is called in usage lines and messages: the name it was
  started with (``kjzc`` when installed, ``python main.py`` from source).
* :func:`make_streams_safe` — stdout/stderr never raise on a character the console's code page
  lacks (a Chinese Windows console is GBK: ``›`` and ``−`` are not in it).
* :class:`ChineseArgumentParser` — argparse with Chinese messages, one-line errors (exit 2) and, in
  ``--help``, the values every option accepts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

DEFAULT_NAME = "python main.py"


def program_name(argv0: str | None = None, *, frozen: bool | None = None) -> str:
    """The name the program was started with, as a user would type it again.

    >>> program_name("/usr/bin/kjzc", frozen=True)
    'kjzc'
    >>> program_name(r"C:\\Program Files\\KejiZhengce-Yidiantong\\kjzc.exe", frozen=True)
    'kjzc'
    >>> program_name("/home/a/kjzc/main.py", frozen=False)
    'python main.py'
    >>> program_name("/usr/lib/python3/site-packages/pytest/__main__.py", frozen=False)
    'python main.py'
    """
    if argv0 is None:
        argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    name = argv0.replace("\\", "/").rsplit("/", 1)[-1]
    if frozen:
        stem = name[:-4] if name.lower().endswith(".exe") else name
        if stem.lower() == "kjzcw":  # the windowless twin on Windows: users type kjzc
            stem = "kjzc"
        return stem or "kjzc"
    if name.endswith(".py") and name != "__main__.py":
        return f"python {name}"
    if name.startswith("kjzc"):  # a console-script launcher
        return name
    return DEFAULT_NAME


# ------------------------------------------------------------------------------------------------
# Output that never fails on an unencodable character
# ------------------------------------------------------------------------------------------------
def make_streams_safe() -> None:
    """Make ``sys.stdout``/``sys.stderr`` safe in any code page.

    A pipe or a file gets UTF-8 (as the frozen app's ``-X utf8`` does): JSON and Chinese text stay
    intact whatever the console's code page.  A console keeps its encoding; a character it cannot
    show becomes ``?`` instead of an exception.  On Linux with a UTF-8 locale this changes nothing.
    """
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test harness, or None (a windowless program)
        encoding = (stream.encoding or "").lower().replace("-", "").replace("_", "")
        if encoding in ("utf8", "utf8sig"):
            continue
        try:
            interactive = stream.isatty()
        except (OSError, ValueError):
            interactive = False
        with contextlib.suppress(OSError, ValueError):
            if interactive:
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")


def silence_broken_pipe() -> None:
    """After the reader of stdout went away (``| head``): point stdout at the null device.

    Python's final flush then has nowhere to fail, on Linux (EPIPE) as on Windows (EINVAL).
    """
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def is_broken_pipe(exc: BaseException) -> bool:
    """Whether *exc* means "the reader closed the pipe".

    Windows reports a closed pipe as ``OSError(EINVAL)`` (errno 22) on write or flush, not as
    :class:`BrokenPipeError`.
    """
    if isinstance(exc, BrokenPipeError):
        return True
    return sys.platform == "win32" and isinstance(exc, OSError) and exc.errno == 22


# ------------------------------------------------------------------------------------------------
# argparse in Chinese
# ------------------------------------------------------------------------------------------------
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "“%(value)s”不是可选值（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的%(type)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "expected one argument": "后面需要一个值",
    "expected at most one argument": "后面最多一个值",
    "expected at least one argument": "后面至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "ignored explicit argument %r": "多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有“%(parser_name)s”这个命令（可用的命令：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unexpected option string: %s": "意外的选项：%s",
}
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def _zh(message: str) -> str:
    return _ZH.get(message, message)


def _zh_n(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "后面需要 %s 个值"
    return _zh(singular if n == 1 else plural)


def install_chinese_argparse() -> None:
    """Route argparse's own texts ("usage:", "options", its error messages) through Chinese.

    argparse looks its texts up through the module-level ``_``/``ngettext`` at call time; there is no
    other hook.  Only this program's process is affected (main.py calls it before parsing).
    """
    argparse._ = _zh  # type: ignore[attr-defined]
    argparse.ngettext = _zh_n  # type: ignore[attr-defined]


ValuesProvider = Callable[[], Iterable[str]]


def with_values(action: argparse.Action, values: ValuesProvider) -> argparse.Action:
    """Show the values *action* accepts in ``--help``, computed only when help is shown.

    For values that come from the content (levels, regions, documents …), whose list a parser
    built at every start should not load.
    """
    action.values_provider = values  # type: ignore[attr-defined]
    return action


def accepted_values(action: argparse.Action) -> list[str]:
    """The values *action* accepts, as listed in ``--help`` (empty: any value)."""
    provider: ValuesProvider | None = getattr(action, "values_provider", None)
    if provider is not None:
        try:
            return [str(v) for v in provider()]
        except Exception:  # help must show even when the content is broken
            return []
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return [str(c) for c in action.choices]
    return []


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Adds "可选：…" (the accepted values) to every option's help line."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        values = accepted_values(action)
        if values and "可选：" not in text:
            text = f"{text}（可选：{'、'.join(values)}）"
        if action.default not in (None, False, argparse.SUPPRESS) and action.option_strings \
                and "默认" not in text and not isinstance(action.default, bool):
            text = f"{text}（默认：{action.default}）"
        return text

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return action.dest.upper()


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese that exits with 2 and one line ``PROG: message`` on bad input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        for english, chinese in _TYPE_NAMES.items():
            message = message.replace(f"不是有效的{english}", f"不是有效的{chinese}")
        head, sep, values = message.partition("（可选：")
        if sep:  # argparse lists the choices as 'a', 'b': show them as a、b
            message = head + sep + re.sub(r"'([^']*)'", r"\1", values).replace(", ", "、")
        self.exit(2, f"{self.prog}: {message}（用法见 {self.prog} --help）\n")

    def _parse_optional(self, arg_string: str) -> Any:
        # "-廊坊" is a query (廊坊 excluded) and "-5万" one too: every option starts with an ASCII letter.
        word = arg_string.lstrip(self.prefix_chars)
        if arg_string[:1] in self.prefix_chars and word and not (word[0].isascii() and word[0].isalpha()):
            return None
        return super()._parse_optional(arg_string)


def cjk(text: str | None) -> bool:
    """Whether *text* has at least one Chinese character (used by the tests of the help texts)."""
    return bool(text) and any("\u4e00" <= ch <= "\u9fff" for ch in text or "")
