"""The offline guarantee and the read-only installation, end to end.

* Offline: start-up (``check``), a search, a calculation, a PDF export and an offscreen window run
  in child processes whose Python sockets are forbidden (a ``sitecustomize`` put first on
  PYTHONPATH replaces ``socket.socket.connect`` & co. with functions that log the attempt and raise).
  The log, not only the exit code, is checked: an app that swallowed the error still fails the test.
* Read-only: the app is copied to a temporary folder, made read-only (``chmod -R a-w``) and run with
  ``KJZC_DATA_DIR`` pointing elsewhere; afterwards no file inside the app folder was added, removed
  or changed (compared by a snapshot, because root ignores the permission bits).

A verb whose module does not exist yet is skipped with the reason, never passed silently.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.slow]

#: Which module each verb needs (mirrors main.VERBS).
VERB_MODULES = {
    "check": "content.cli",
    "search": "index.cli",
    "calc": "content.calc.cli",
    "export-pdf": "ui.printing.cli",
    "screenshot": "ui.app",
}
#: Modules whose import alone means the app has a way onto the network.
NETWORK_MODULES = ("PySide6.QtNetwork", "PySide6.QtWebEngineCore", "requests", "urllib3", "httpx", "aiohttp")

GUARD = textwrap.dedent(
    '''
    """Test guard (tests/e2e/test_offline.py): every network access is logged and refused."""
    import atexit
    import os
    import socket
    import sys

    _LOG = os.environ["KJZC_NET_LOG"]
    _INET = (socket.AF_INET, socket.AF_INET6)


    def _record(what):
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(what + "\\n")


    def _deny(what):
        _record(what)
        raise OSError(f"network access is forbidden in this test: {what}")


    def _guard_method(name):
        orig = getattr(socket.socket, name)

        def guarded(self, *args, **kwargs):
            if self.family in _INET:
                _deny(f"socket.{name}{args!r}")
            return orig(self, *args, **kwargs)

        setattr(socket.socket, name, guarded)


    for _name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
        _guard_method(_name)


    def _guard_function(name):
        def guarded(*args, **kwargs):
            _deny(f"socket.{name}{args!r}")

        setattr(socket, name, guarded)


    for _name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                  "gethostbyaddr"):
        _guard_function(_name)


    @atexit.register
    def _report_network_modules():
        for mod in os.environ.get("KJZC_NET_MODULES", "").split(","):
            if mod and mod in sys.modules:
                _record(f"imported {mod}")
    '''
)


def _module_exists(module: str, root: Path = ROOT) -> bool:
    p = root.joinpath(*module.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def require(verb: str) -> None:
    """Skip the calling test when the module behind ``verb`` has not been written yet."""
    module = VERB_MODULES[verb]
    if not _module_exists(module):
        pytest.skip(f"'{verb}' needs {module}, which does not exist yet")


def pdftotext(pdf: Path) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    r = subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=False)
    return r.stdout if r.returncode == 0 else None


def squeeze(text: str) -> str:
    return "".join(text.split())


# -------------------------------------------------------------------------------------------------
# Offline
# -------------------------------------------------------------------------------------------------
@pytest.fixture
def offline(tmp_path: Path) -> dict[str, Any]:
    """An environment for main.py with the network guard installed; ``log`` lists the attempts."""
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.pathsep.join([str(guard_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "KJZC_NET_LOG": str(log),
        "KJZC_NET_MODULES": ",".join(NETWORK_MODULES),
        "QT_QPA_PLATFORM": "offscreen",
    })
    return {"env": env, "log": log, "out": tmp_path}


def run_offline(offline: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=offline["out"], env=offline["env"],
                       capture_output=True, text=True, timeout=300, check=False)
    log: Path = offline["log"]
    attempts = log.read_text(encoding="utf-8") if log.exists() else ""
    assert attempts == "", f"main.py {' '.join(args)} tried to use the network:\n{attempts}"
    if r.returncode == 2 and "这个版本没有" in r.stderr:
        pytest.skip(f"'{args[0]}' is not available in this build yet")
    return r


def test_the_guard_really_forbids_sockets(offline: dict[str, Any]) -> None:
    """Without this the other tests could pass with a guard that does nothing."""
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError as e:\n" \
           "    print('refused:', e)\ntry:\n    socket.socket().connect(('127.0.0.1', 9))\nexcept OSError as e:\n" \
           "    print('refused:', e)\n"
    r = subprocess.run([sys.executable, "-c", code], env=offline["env"], capture_output=True, text=True,
                       timeout=60, check=False)
    assert r.stdout.count("refused: network access is forbidden") == 2, r.stdout + r.stderr
    assert offline["log"].read_text(encoding="utf-8").count("socket.") == 2


def test_startup_check_offline(offline: dict[str, Any]) -> None:
    require("check")
    r = run_offline(offline, "check")
    assert r.returncode == 0, r.stderr
    assert "内容检查通过" in r.stderr


def test_search_offline(offline: dict[str, Any], handbook: Any) -> None:
    require("search")
    r = run_offline(offline, "search", "揭榜挂帅", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    # Independent of the index: the measures whose own words contain the term.
    expected = {m.id for m in handbook.measures() if "揭榜挂帅" in m.title + m.text + "".join(m.topics)}
    assert expected, "the bundled content no longer mentions 揭榜挂帅"
    hit_ids = [h["id"] for h in data["hits"]]
    assert hit_ids, "no hits for 揭榜挂帅"
    assert hit_ids[0] in expected, (hit_ids[:5], sorted(expected))


def test_calculation_offline(offline: dict[str, Any]) -> None:
    require("calc")
    # 002 chapter 10: 间接经费 of intellectually intensive projects: 100万元以下的部分不超过30%，
    # 100万元至300万元部分不超过25% -> for 200万元: 100万×30% + 100万×25% = 55万元.
    r = run_offline(offline, "calc", "indirect-cost", "budget=2000000", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["calculator"] == "indirect-cost"
    assert Decimal(data["total"]) == Decimal("550000")
    assert data["lines"], data


def test_pdf_export_offline(offline: dict[str, Any], handbook: Any) -> None:
    require("export-pdf")
    doc = min(handbook.documents, key=lambda d: len(list(d.parts)))
    out = offline["out"] / "doc.pdf"
    r = run_offline(offline, "export-pdf", "--doc", doc.id, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    text = pdftotext(out)
    if text is not None:
        assert squeeze(doc.title)[:8] in squeeze(text)


def test_window_screenshot_offline(offline: dict[str, Any]) -> None:
    require("screenshot")
    out = offline["out"] / "window.png"
    r = run_offline(offline, "screenshot", "--out", str(out), "--search", "揭榜挂帅")
    assert r.returncode == 0, r.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000  # a rendered window, not an empty image


# -------------------------------------------------------------------------------------------------
# Read-only installation
# -------------------------------------------------------------------------------------------------
APP_PARTS = ("main.py", "content", "index", "ui")


def snapshot(folder: Path) -> dict[str, tuple[int, int, bool]]:
    """Every path under ``folder`` with its size, modification time and kind."""
    result = {}
    for p in sorted(folder.rglob("*")):
        st = p.lstat()
        result[str(p.relative_to(folder))] = (st.st_size, st.st_mtime_ns, stat.S_ISDIR(st.st_mode))
    return result


def set_writable(folder: Path, writable: bool) -> None:
    for p in [folder, *folder.rglob("*")]:
        mode = p.lstat().st_mode
        p.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@pytest.fixture(scope="module")
def readonly_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A copy of the app, byte-compiled as an installer would, then made read-only (``chmod -R a-w``)."""
    app = tmp_path_factory.mktemp("readonly") / "app"
    app.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")
    for part in APP_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, app / part, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, app / part)
    # Byte-code compiled at install time, so Python itself has no reason to write either.  (A module that
    # does not compile fails in the verb that imports it, with a clearer message than here.)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(app)], check=False, capture_output=True,
                   timeout=300)
    before = snapshot(app)
    set_writable(app, False)
    yield app, before
    set_writable(app, True)


READONLY_RUNS = {
    "check": lambda work, doc_id: ("check",),
    "search": lambda work, doc_id: ("search", "揭榜挂帅", "--json"),
    "calc": lambda work, doc_id: ("calc", "indirect-cost", "budget=2000000", "--json"),
    "export-pdf": lambda work, doc_id: ("export-pdf", "--doc", doc_id, "--out", str(work / "doc.pdf")),
    "screenshot": lambda work, doc_id: ("screenshot", "--out", str(work / "window.png"), "--search", "揭榜挂帅"),
}


@pytest.mark.parametrize("verb", list(READONLY_RUNS))
def test_read_only_folder_and_writes_only_to_the_data_dir(verb: str, readonly_app: Any, tmp_path: Path,
                                                         handbook: Any) -> None:
    app, before = readonly_app
    if not _module_exists(VERB_MODULES[verb], app):
        pytest.skip(f"'{verb}' needs {VERB_MODULES[verb]}, which does not exist yet")
    data_dir, work, home = tmp_path / "data", tmp_path / "work", tmp_path / "home"
    for d in (data_dir, work, home):
        d.mkdir()
    env = dict(os.environ)
    env.update({"KJZC_DATA_DIR": str(data_dir), "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local/share"),
                "QT_QPA_PLATFORM": "offscreen"})
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    doc = min(handbook.documents, key=lambda d: len(list(d.parts)))
    args = READONLY_RUNS[verb](work, doc.id)

    r = subprocess.run([sys.executable, str(app / "main.py"), *args], cwd=work, env=env, capture_output=True,
                       text=True, timeout=300, check=False)
    if r.returncode == 2 and "这个版本没有" in r.stderr:
        pytest.skip(f"'{verb}' is not available in this build yet")
    assert r.returncode == 0, f"main.py {' '.join(args)} failed from a read-only folder:\n{r.stderr}"
    assert "Traceback" not in r.stderr

    after = snapshot(app)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(k for k in set(before) & set(after) if before[k] != after[k] and not before[k][2])
    assert (added, removed, changed) == ([], [], []), f"main.py {verb} wrote inside its own folder"
    if verb == "search":
        assert any(data_dir.rglob("*")), "the search index should have been built in the data dir"
