"""The content verbs of main.py end to end: check, list, show; bad input never shows a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_check_is_clean_on_the_bundled_content() -> None:
    r = run("check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert "内容检查通过" in r.stderr


def test_check_reports_file_line_messages_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad-doc\ntitle: 坏文件\nlevel: 省\n", encoding="utf-8")
    r = run("--content-dir", str(tmp_path), "check")
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    assert lines and all(line.startswith("bad.yaml:") for line in lines)
    assert any("层级“省”不在词表中" in line for line in lines)
    assert "Traceback" not in r.stderr


def test_check_compares_official_wording_with_the_kept_source(tmp_path: Path) -> None:
    """A phone number or amount that departs from the source text is a check error with file:line."""
    import shutil

    shutil.copytree(ROOT / "content" / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content" / "sources", tmp_path / "sources")
    assert run("--content-dir", str(tmp_path / "data"), "check").returncode == 0  # the copy is faithful
    card = tmp_path / "data" / "changan-mingbaika.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("85889143", "85889148"), encoding="utf-8")
    zb = tmp_path / "data" / "sjz-zhaibian-2023.yaml"
    zb_text = zb.read_text(encoding="utf-8")
    assert "最高不超过500万元" in zb_text
    zb.write_text(zb_text.replace("最高不超过500万元", "最高不超过800万元", 1), encoding="utf-8")
    r = run("--content-dir", str(tmp_path / "data"), "check")
    assert r.returncode == 1, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    phone = [x for x in lines if "85889148" in x]
    assert len(phone) == 4 and all(x.startswith(f"{card}:") and "[fidelity]" in x for x in phone), lines
    assert len({x.split(":")[1] for x in phone}) == 4  # each at its own measure's line
    assert any(x.startswith(f"{zb}:") and "[fidelity]" in x and "zb-01-0" in x for x in lines), lines
    assert "Traceback" not in r.stderr


def test_list_json_has_five_documents_and_every_measure(handbook) -> None:  # type: ignore[no-untyped-def]
    r = run("list", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    docs = data["documents"]
    assert len(docs) == 5
    measures = [m for d in docs for m in d["measures"]]
    assert len(measures) == len(handbook.measures()) > 140
    for d in docs:
        assert {"id", "title", "issuer", "doc_number", "date", "level", "region", "status", "measures"} <= d.keys()
    for m in measures:
        assert {"id", "number", "title", "text", "source", "topics", "beneficiaries", "contacts", "notes"} <= m.keys()
        assert m["text"] and m["topics"]
        for c in m["contacts"]:
            assert {"office", "person", "phone", "email"} <= c.keys()


def test_show_measure_json_has_path(handbook) -> None:  # type: ignore[no-untyped-def]
    m = handbook.measures()[0]
    r = run("show", m.id, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["id"] == m.id
    assert data["text"] == m.text
    assert data["path"][0] == m.path[0]
    assert data["path"][-1] == m.display_title


def test_show_document_and_part(handbook) -> None:  # type: ignore[no-untyped-def]
    doc = handbook.documents[0]
    r = run("show", doc.id, "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["id"] == doc.id
    part = doc.parts[0]
    r = run("show", part.id)
    assert r.returncode == 0
    assert part.title in r.stdout


@pytest.mark.parametrize("args", [("show", "no-such-id"), ("--content-dir", "/nonexistent/dir", "list"),
                                  ("bogus-verb",), ("list", "--bogus")])
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    r = run(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_output_closed_early_is_not_an_error() -> None:
    """`main.py list --json | head -c 10`: the reader leaves early; no traceback, exit 0."""
    p = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "list", "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    head = p.stdout.read(10)
    p.stdout.close()
    err = p.stderr.read().decode("utf-8")
    p.stderr.close()
    assert p.wait(timeout=60) == 0
    assert head.startswith(b"{")
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_window_without_a_screen_is_a_clear_message() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 2
    assert "DISPLAY" in r.stderr and "Traceback" not in r.stderr
