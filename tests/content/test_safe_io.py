"""content.safe_io: temporary file, fsync, verify, rename; never replace what is not a regular file."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path

import pytest

from content import safe_io
from content.safe_io import (
    VerifyError,
    WriteError,
    append_text,
    move_aside,
    replacing,
    verify_pdf,
    verify_png,
    write_bytes,
    write_text,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and modes")


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


def _no_temp_left(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".kjzc-")]


def test_write_creates_and_replaces(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    write_text(f, "一")
    write_text(f, "二")
    assert f.read_text(encoding="utf-8") == "二"
    assert _no_temp_left(tmp_path)


@posix_only
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_file_respects_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        write_bytes(tmp_path / "x.pdf", b"data")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.pdf").stat().st_mode) == mode


@posix_only
def test_replacing_keeps_the_permissions_of_the_old_file(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("old", encoding="utf-8")
    f.chmod(0o664)
    write_text(f, "new")
    assert stat.S_IMODE(f.stat().st_mode) == 0o664


def test_a_failing_block_leaves_the_old_file(tmp_path: Path) -> None:
    f = tmp_path / "card.pdf"
    f.write_bytes(b"good old file")
    with pytest.raises(RuntimeError), replacing(f) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("painter crashed")
    assert f.read_bytes() == b"good old file"
    assert _no_temp_left(tmp_path)


def test_a_rejected_file_is_not_moved_into_place(tmp_path: Path) -> None:
    f = tmp_path / "card.pdf"
    f.write_bytes(b"good old file")

    def reject(_p: Path) -> None:
        raise VerifyError("只有 3 页")

    with pytest.raises(WriteError) as info, replacing(f, verify=reject) as tmp:
        tmp.write_bytes(b"bad")
    assert info.value.kind == "verify" and "原有文件保持不变" in str(info.value)
    assert f.read_bytes() == b"good old file"
    assert _no_temp_left(tmp_path)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_full_or_failing_disk_keeps_the_old_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             code: int) -> None:
    """A fake writer raising ENOSPC/EIO (the tmpfs variant is in tests/e2e/test_attack_disk.py)."""
    f = tmp_path / "settings.ini"
    f.write_bytes(b"[reader]\nbookmarks=\"[]\"\n")
    real_write = os.write

    def failing_write(fd: int, data: bytes) -> int:
        if len(data) > 3:
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(safe_io.os, "write", failing_write)
    with pytest.raises(WriteError) as info:
        write_bytes(f, b"x" * 10_000)
    monkeypatch.undo()
    msg = str(info.value)
    assert info.value.kind == ("io" if code == errno.EIO else "no_space")
    assert ("磁盘空间不足" if code != errno.EIO else "磁盘读写出错") in msg
    assert "原有文件保持不变" in msg and str(f) in msg
    assert f.read_bytes() == b"[reader]\nbookmarks=\"[]\"\n"
    assert _no_temp_left(tmp_path)


def test_fsync_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "b.json"
    f.write_text("old", encoding="utf-8")

    def failing_fsync(_fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safe_io.os, "fsync", failing_fsync)
    with pytest.raises(WriteError, match="磁盘读写出错"):
        write_text(f, "new")
    monkeypatch.undo()
    assert f.read_text(encoding="utf-8") == "old"


@posix_only
def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    dev = private_device(tmp_path)
    with pytest.raises(WriteError) as info:
        write_bytes(dev, b"x", follow_symlinks=True)
    assert info.value.kind == "not_regular" and "设备" in str(info.value)
    assert stat.S_ISCHR(dev.lstat().st_mode)


@posix_only
def test_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="管道"):
        write_bytes(fifo, b"x", follow_symlinks=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_folder_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(WriteError, match="文件夹"):
        write_bytes(tmp_path / "d", b"x")
    assert (tmp_path / "d").is_dir()


@posix_only
def test_the_apps_own_files_are_never_written_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "settings.ini"
    link.symlink_to(target)
    with pytest.raises(WriteError) as info:
        write_text(link, "[reader]\n")  # follow_symlinks=False is the default
    assert info.value.kind == "symlink"
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()


@posix_only
def test_a_user_named_link_is_followed_to_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "card.pdf"
    target.write_bytes(b"old")
    link = tmp_path / "card.pdf"
    link.symlink_to(target)
    write_bytes(link, b"new", follow_symlinks=True)
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert _no_temp_left(tmp_path / "real")


@posix_only
def test_a_user_named_link_to_a_device_is_refused(tmp_path: Path) -> None:
    dev = private_device(tmp_path)
    link = tmp_path / "out.pdf"
    link.symlink_to(dev)
    with pytest.raises(WriteError, match="设备"):
        write_bytes(link, b"x", follow_symlinks=True)
    assert stat.S_ISCHR(dev.lstat().st_mode)


def test_a_too_long_name_is_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as info:
        write_bytes(tmp_path / ("长" * 100 + ".pdf"), b"x")
    assert info.value.kind == "name_too_long" and "文件名太长" in str(info.value)


def test_a_missing_folder_is_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="不存在"):
        write_bytes(tmp_path / "no" / "x.pdf", b"x")


def test_move_aside_keeps_every_backup(tmp_path: Path) -> None:
    f = tmp_path / "settings.ini"
    when = dt.datetime(2024, 5, 1, 9, 30, 0)
    f.write_text("first", encoding="utf-8")
    first = move_aside(f, now=when)
    f.write_text("second", encoding="utf-8")
    second = move_aside(f, now=when)
    assert first.name == "settings.ini.unreadable-20240501-093000"
    assert second.name == "settings.ini.unreadable-20240501-093000-2"
    assert first.read_text(encoding="utf-8") == "first" and second.read_text(encoding="utf-8") == "second"
    assert not f.exists()


@posix_only
def test_append_text_refuses_a_link_and_rotates(tmp_path: Path) -> None:
    target = tmp_path / "victim"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "error.log").symlink_to(target)
    with pytest.raises(WriteError):
        append_text(tmp_path / "error.log", "boom")
    assert target.read_text(encoding="utf-8") == "keep"
    log = tmp_path / "other.log"
    append_text(log, "a" * 100, max_bytes=50)
    append_text(log, "b", max_bytes=50)
    assert log.read_text(encoding="utf-8") == "b"
    assert (tmp_path / "other.log.1").read_text(encoding="utf-8") == "a" * 100


def _small_pdf(pages: int) -> bytes:
    import io

    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_verify_pdf_counts_pages_and_rejects_a_cut_file(tmp_path: Path) -> None:
    data = _small_pdf(3)
    f = tmp_path / "a.pdf"
    f.write_bytes(data)
    assert verify_pdf(f) == 3
    assert verify_pdf(f, pages=3) == 3
    with pytest.raises(VerifyError, match="3 页"):
        verify_pdf(f, pages=11)
    for cut in (len(data) // 3, len(data) - 10):
        f.write_bytes(data[:cut])
        with pytest.raises(VerifyError):
            verify_pdf(f)
    f.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")  # a forged ending does not help
    with pytest.raises(VerifyError):
        verify_pdf(f)


def test_verify_png(tmp_path: Path) -> None:
    f = tmp_path / "a.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 20 + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    verify_png(f)
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 20)
    with pytest.raises(VerifyError):
        verify_png(f)


def test_pack_build_and_import_on_a_full_disk_keep_the_old_files(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The content-pack and import writers go through safe_io too: a full disk leaves the old file."""
    import shutil as sh

    from content.importer.pipeline import import_file
    from content.loader import CONTENT_DIR
    from content.packs.pack import PackError, build
    from content.packs.signing import keygen

    root = tmp_path / "root"
    sh.copytree(CONTENT_DIR, root / "data")
    sh.copytree(CONTENT_DIR.parent / "sources", root / "sources")
    keygen(tmp_path / "k.pem", "测试")
    out = tmp_path / "hebei.kjzcpack"
    out.write_bytes(b"the old pack")
    draft = tmp_path / "draft.yaml"
    draft.write_text("old draft", encoding="utf-8")
    src = tmp_path / "notice.txt"
    src.write_text("关于印发某某办法的通知\n一、总则\n第一条 为了测试。\n", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_io.os, "fsync", full)
    with pytest.raises(PackError, match="磁盘空间不足"):
        build(root=root, key_file=tmp_path / "k.pem", out=out, pack_id="hebei", version=1, publisher="测试")
    with pytest.raises(OSError, match="磁盘空间不足"):
        import_file(src, draft_path=draft, sources_dir=tmp_path / "kept")
    monkeypatch.undo()
    assert out.read_bytes() == b"the old pack"
    assert draft.read_text(encoding="utf-8") == "old draft"
    assert _no_temp_left(tmp_path)


@pytest.mark.parametrize("fails", ["private", "public"])
def test_keygen_on_a_full_disk_leaves_no_cut_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 fails: str) -> None:
    """A private key cut short (or one without its .pub) would block the next keygen ("已存在")."""
    from content.packs.signing import PackKeyError, keygen

    real = os.fsync
    calls: list[int] = []

    def full(fd: int) -> None:
        calls.append(fd)
        if fails == "private" or len(calls) > 1:  # the key's own fsync, or the .pub's (safe_io)
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    k = tmp_path / "keys" / "hebei.pem"
    with pytest.raises(PackKeyError, match="没有生成密钥") as err:
        keygen(k, "测试")
    assert "Traceback" not in str(err.value) and ("磁盘空间不足" in str(err.value) or "No space" in str(err.value))
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == []
    monkeypatch.undo()
    pub = keygen(k, "测试")  # the next try works
    assert k.stat().st_mode & 0o777 == 0o600 and pub.key_id
