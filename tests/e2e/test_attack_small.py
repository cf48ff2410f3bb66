"""The smaller failures of issue 15.9, end to end: one calm line, no hang, no traceback, nothing lost."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.attack]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX special files and limits")


def private_device(tmp_path: Path) -> Path:
    """A character device that is safe to break if the code under test regresses.

    As root, a private copy of /dev/null made with mknod (a regression would otherwise replace the
    machine's /dev/null); without root /dev/null itself, which a regression cannot replace.
    """
    if os.geteuid() != 0:
        return Path("/dev/null")
    dev = tmp_path / "private-null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here ({exc.strerror})")
    return dev


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a runaway read must fail the test, not take the machine's memory
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env=env,
                          preexec_fn=limit if os.name == "posix" else None)


def one_line_error(r: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert r.returncode == 2, r.stdout + r.stderr
    lines = [x for x in r.stderr.splitlines() if "propagateSizeHints" not in x]
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr and "内部错误" not in r.stderr
    for f in fragments:
        assert f in lines[0], lines[0]


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "urandom", "zero-link"])
def test_a_special_header_file_neither_hangs_nor_fills_memory(tmp_path: Path, kind: str) -> None:
    """Before: a FIFO hung for ever, /dev/urandom read until memory ran out."""
    header = tmp_path / "header.yaml"
    if kind == "fifo":
        os.mkfifo(header)
    else:
        header.symlink_to("/dev/urandom" if kind == "urandom" else "/dev/zero")
    try:
        r = run("cards", "--header-file", str(header), "--out", str(tmp_path / "x.pdf"), timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("cards --header-file hung")
    one_line_error(r, "不是普通文件")
    assert not (tmp_path / "x.pdf").exists()


def test_a_too_long_output_name_is_a_plain_message(tmp_path: Path) -> None:
    """Before: "internal error: OSError: [Errno 36] File name too long"."""
    r = run("cards", "--out", str(tmp_path / ("明白卡" * 40 + ".pdf")))
    one_line_error(r, "文件名太长")
    r = run("export-pdf", "--doc", "sjz-gxq-jingnan", "--out", str(tmp_path / ("手册" * 60 + ".pdf")))
    one_line_error(r, "文件名太长")


@posix_only
def test_a_device_named_as_output_is_never_replaced(tmp_path: Path) -> None:
    """Before (as root): the device became a regular file holding the PDF."""
    dev = private_device(tmp_path)
    link = tmp_path / "out.pdf"
    link.symlink_to(dev)
    for out in (str(dev), str(link)):
        r = run("cards", "--layout", "list", "--out", out)
        one_line_error(r, "设备")
        assert stat.S_ISCHR(dev.lstat().st_mode)


def test_an_unreadable_qr_image_is_reported(tmp_path: Path) -> None:
    """Before: the picture was silently left out of the cover."""
    (tmp_path / "qr.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not an image")
    (tmp_path / "header.yaml").write_text("office: 某区科技局\nqr_image: qr.png\n", encoding="utf-8")
    r = run("cards", "--ids", "hb12-01", "--header-file", str(tmp_path / "header.yaml"),
            "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 0, r.stderr
    assert "二维码图片" in r.stdout and "qr.png" in r.stdout and "空白" in r.stdout


@pytest.mark.parametrize("query", ["-廊坊", "-研发 费用", "--廊坊"])
def test_a_query_starting_with_a_minus_needs_no_double_dash(query: str) -> None:
    """Before: argparse took "-廊坊" for an unknown option."""
    r = run("search", query, "--json")
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr and "无法识别" not in r.stderr and "unrecognized" not in r.stderr
    json.loads(r.stdout)


def test_an_ascii_typo_is_still_an_option_error() -> None:
    r = run("search", "研发", "--limt", "3")
    assert r.returncode == 2 and "--limt" in r.stderr
