"""The command line speaks Chinese, calls itself by the name it was started with, and never fails on
the console's code page.  Every verb and option — also those added later — must have Chinese help,
and ``--help`` must list the values of every option that accepts only some.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import main
from content import console

ROOT = Path(__file__).resolve().parents[2]


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(found) == 1
    return found[0]


def _verbs() -> list[tuple[str, argparse.ArgumentParser]]:
    return sorted(_subparsers(main.build_parser()).choices.items())


def _user_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions
            if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction)]


def test_every_verb_is_in_the_verbs_table_and_has_chinese_help() -> None:
    sub = _subparsers(main.build_parser())
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert set(sub.choices) == set(main.VERBS), "build_parser() and VERBS must name the same verbs"
    for verb in sub.choices:
        assert console.cjk(helps.get(verb)), f"verb {verb!r} has no Chinese help"


@pytest.mark.parametrize(("verb", "parser"), _verbs(), ids=[v for v, _ in _verbs()])
def test_every_option_has_chinese_help_and_lists_its_values(verb: str, parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    flat = "".join(text.split())  # values may be wrapped across lines
    assert text.startswith("用法："), text[:40]
    for action in _user_actions(parser):
        name = "/".join(action.option_strings) or action.dest
        assert console.cjk(action.help), f"{verb} {name} has no Chinese help"
        for value in console.accepted_values(action):
            assert "".join(value.split()) in flat, f"{verb} --help does not list {value!r} for {name}"


def test_top_level_options_have_chinese_help() -> None:
    parser = main.build_parser()
    for action in _user_actions(parser):
        assert console.cjk(action.help), f"{action.option_strings} has no Chinese help"
    assert "显示本帮助并退出" in parser.format_help()


def test_values_from_the_content_are_listed() -> None:
    sub = _subparsers(main.build_parser())
    search_help = "".join(sub.choices["search"].format_help().split())
    from content.loader import load_handbook, load_vocabulary
    from content.validity import Status

    hb = load_handbook()
    vocab = load_vocabulary()
    for value in (*vocab.levels, *(s.value for s in Status), *(d.id for d in hb.documents),
                  *{m.region for m in hb.measures()}):
        assert value in search_help, value


@pytest.mark.parametrize(
    ("argv0", "frozen", "expected"),
    [
        ("/usr/bin/kjzc", True, "kjzc"),
        ("/opt/kejizhengce-yidiantong/kjzc", True, "kjzc"),
        ("C:\\Users\\a\\AppData\\Local\\Programs\\KejiZhengce-Yidiantong\\kjzc.exe", True, "kjzc"),
        ("C:\\Programs\\KejiZhengce-Yidiantong\\KJZCW.EXE", True, "kjzc"),
        ("main.py", False, "python main.py"),
        ("/home/a/src/main.py", False, "python main.py"),
        ("/venv/bin/kjzc", False, "kjzc"),
        ("", False, "python main.py"),
    ],
)
def test_program_name(argv0: str, frozen: bool, expected: str) -> None:
    assert console.program_name(argv0, frozen=frozen) == expected


def test_usage_and_messages_use_the_program_name(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/kjzc"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert main.build_parser().format_usage().startswith("用法：kjzc ")
    with pytest.raises(SystemExit) as exc:
        main.main(["cards", "--layout", "poster"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("kjzc cards: --layout “poster”不是可选值（可选：mingbai、contact、list）")
    assert err.count("\n") == 1 and "main.py" not in err


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, **env}
    full_env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, env=full_env,
                          timeout=120, check=False)


@pytest.mark.e2e
def test_help_from_source(tmp_path: Path) -> None:
    r = _run(["--help"], KJZC_DATA_DIR=str(tmp_path))
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0
    assert out.startswith("用法：python main.py ")
    assert "选项" in out and "命令" in out and "usage" not in out


@pytest.mark.e2e
def test_output_through_a_gbk_pipe_is_utf8_and_complete(tmp_path: Path) -> None:
    """A Chinese Windows pipe (cp936): › and − are not in GBK; the output is UTF-8 instead of an error."""
    r = _run(["search", "揭榜挂帅", "--limit", "2"], KJZC_DATA_DIR=str(tmp_path), PYTHONIOENCODING="gbk")
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    text = r.stdout.decode("utf-8")
    assert "›" in text and "揭榜挂帅" in text


class _Console(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_a_gbk_console_gets_question_marks_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _Console()
    stream = io.TextIOWrapper(raw, encoding="gbk")
    monkeypatch.setattr(sys, "stdout", stream)
    console.make_streams_safe()
    print("上一级 › 下一级 −5", file=sys.stdout)
    sys.stdout.flush()
    assert raw.getvalue().decode("gbk") == "上一级 ? 下一级 ?5\n"


def test_a_gbk_pipe_gets_utf8(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="gbk"))
    console.make_streams_safe()
    print("甲 › 乙", file=sys.stdout)
    sys.stdout.flush()
    assert raw.getvalue().decode("utf-8") == "甲 › 乙\n"


@pytest.mark.parametrize(
    ("platform", "exc", "expected"),
    [
        ("linux", BrokenPipeError(32, "Broken pipe"), True),
        ("win32", BrokenPipeError(32, "Broken pipe"), True),
        ("win32", OSError(22, "Invalid argument"), True),  # how Windows reports a closed pipe
        ("linux", OSError(22, "Invalid argument"), False),
        ("win32", ValueError("x"), False),
    ],
)
def test_closed_pipe_is_recognised(monkeypatch: pytest.MonkeyPatch, platform: str, exc: Exception,
                                   expected: bool) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert console.is_broken_pipe(exc) is expected


def test_a_closed_pipe_on_windows_is_no_internal_error(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def verb(args: Any) -> int:
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(main.VERBS, "list", verb)
    monkeypatch.setattr(console, "silence_broken_pipe", lambda: None)
    assert main.main(["list"]) == main.EXIT_OK
    assert "内部错误" not in capsys.readouterr().err


def test_messages_name_the_program_as_it_was_started() -> None:
    """Messages use program_name() (``kjzc`` when installed), never a literal "main.py"."""
    offenders = []
    for package in ("content", "index", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if "main.py" in code and ("print(" in code or "Error(" in code or "_err(" in code):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
