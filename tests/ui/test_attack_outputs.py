"""The card dialog, the calculator PDF and the screenshot verb write through content.safe_io (issue 15.1/15.2)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from content import safe_io
from content.model import Handbook

pytestmark = [pytest.mark.gui, pytest.mark.attack]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX special files")


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


def _dialog(qtbot, handbook: Handbook):  # type: ignore[no-untyped-def]
    from content.bundle import bundle_for
    from ui.printing import CardDialog

    d = CardDialog(bundle_for(handbook), preselected_ids=["hb12-01"])
    qtbot.addWidget(d)
    return d


def test_card_dialog_on_a_full_disk_keeps_the_old_pdf(qtbot, handbook: Handbook, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    out = tmp_path / "明白卡.pdf"
    out.write_bytes(b"%PDF-1.4 the good old card")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_io.os, "fsync", full)
    d = _dialog(qtbot, handbook)
    assert d.save_pdf(out) is None
    monkeypatch.setattr(safe_io.os, "fsync", os.fsync)
    assert out.read_bytes() == b"%PDF-1.4 the good old card"
    assert shown and "磁盘空间不足" in shown[0] and "原有文件保持不变" in shown[0]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kjzc-")]


@posix_only
def test_card_dialog_never_replaces_a_fifo(qtbot, handbook: Handbook, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    fifo = tmp_path / "cards.pdf"
    os.mkfifo(fifo)
    assert _dialog(qtbot, handbook).save_pdf(fifo) is None
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert shown and "不是普通文件" in shown[0]


def test_saved_card_pdf_is_readable_by_colleagues_when_the_umask_says_so(qtbot, handbook: Handbook,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path) -> None:
    """Before: every PDF was 0600 (mkstemp), whatever the umask."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "cards.pdf"
        assert _dialog(qtbot, handbook).save_pdf(out) is not None
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert safe_io.verify_pdf(out) >= 1


@posix_only
def test_calculator_pdf_never_replaces_a_device(qtbot, handbook: Handbook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.calculator_panel import CalculatorPanel

    panel = CalculatorPanel(handbook)
    qtbot.addWidget(panel)
    panel.show_calculator("indirect-cost")
    panel.set_input("budget", "100万")
    dev = private_device(tmp_path)
    with pytest.raises(OSError, match="设备"):
        panel.export_pdf(str(dev))
    assert stat.S_ISCHR(dev.lstat().st_mode)


def test_calculator_pdf_is_verified(qtbot, handbook: Handbook, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.calculator_panel import CalculatorPanel

    panel = CalculatorPanel(handbook)
    qtbot.addWidget(panel)
    panel.show_calculator("indirect-cost")
    panel.set_input("budget", "100万")
    out = tmp_path / "结果.pdf"
    out.write_bytes(b"old")
    panel.export_pdf(out)
    assert safe_io.verify_pdf(out) == 1
