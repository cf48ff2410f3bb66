"""A full disk or USB stick while printing: the good old PDF stays, the user is told plainly (issue 15.1).

Two ways to fill the disk, both with the real ``main.py`` in a child process:

* ``RLIMIT_FSIZE``: the child may not write more than N bytes to any file; writes past that fail
  with EFBIG, exactly what a nearly full medium does to QPdfWriter (works without root);
* a real 1 MiB tmpfs (only as root, where ``mount`` works), already mostly filled.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.attack]


def _good_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def run_limited(args: list[str], *, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # runs in the child before exec
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=env, preexec_fn=limit)


def assert_kept(r: subprocess.CompletedProcess[str], out: Path, old: bytes) -> None:
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    lines = [x for x in r.stderr.splitlines() if "propagateSizeHints" not in x]
    assert len(lines) == 1, r.stderr
    assert "磁盘空间不足" in lines[0] and "原有文件保持不变" in lines[0], lines[0]
    assert "页" not in r.stdout  # no "11 页" success line
    assert out.read_bytes() == old, "the good old PDF was replaced"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".kjzc-")], "temporary file left"


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="POSIX file size limits")
@pytest.mark.parametrize("verb", [["cards"], ["cards", "--layout", "contact"], ["export-pdf", "--doc", "changan-mingbaika"]])
def test_pdf_cut_short_by_a_full_medium_keeps_the_old_file(tmp_path: Path, verb: list[str]) -> None:
    out = tmp_path / "明白卡.pdf"
    old = _good_pdf()
    out.write_bytes(old)
    r = run_limited([*verb, "--out", str(out)], fsize=40_000)
    assert_kept(r, out, old)


@contextlib.contextmanager
def small_tmpfs(tmp_path: Path, size_kib: int) -> Iterator[Path]:
    mnt = tmp_path / f"usb-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mnt)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()})")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None,
                    reason="mounting a tmpfs needs root")
def test_cards_on_a_real_full_tmpfs_keep_the_old_file(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path, 1024) as usb:
        out = usb / "明白卡.pdf"
        old = _good_pdf()
        out.write_bytes(old)
        (usb / "filler").write_bytes(b"\0" * 980 * 1024)  # what is left is less than the cards need
        r = run_limited(["cards", "--out", str(out)])
        assert_kept(r, out, old)
        # Once there is room again the same command works and the new file opens with every page.
        (usb / "filler").unlink()
        r = run_limited(["cards", "--layout", "list", "--out", str(out)])
        assert r.returncode == 0, r.stderr
        from content.safe_io import verify_pdf

        assert verify_pdf(out) >= 1
