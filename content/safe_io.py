"""Safe writes: every file the app writes goes through here.  Qt-free.

A write never leaves a half-written file where a good one was:

1. the data goes to a temporary file in the same folder (created with mode 0666, so the umask
   decides who may read it, as for any file the user makes);
2. it is flushed and ``fsync``-ed, then checked by a *verifier* (a PDF is reopened and its pages
   counted; a PNG must end with its ``IEND`` chunk);
3. only then is it renamed over the target (atomic on one file system), and the folder is synced.

Before anything is written the target is checked: a device, a FIFO, a folder or any other thing
that is not a regular file is never replaced; a symbolic link is refused for the app's own files
(settings, bookmarks, logs) and followed for a file the user names (``--out``), whose target must
then be a regular file itself.  When the disk is full or failing (``ENOSPC``, ``EDQUOT``, ``EIO``)
the old file stays as it was and the :class:`WriteError` says so in plain Chinese.

Typical use::

    from content.safe_io import write_text, replacing, verify_pdf

    write_text(data_dir / "history.json", json.dumps(items))        # small files
    with replacing(out, verify=verify_pdf) as tmp:                   # a writer that wants a path
        render_to(tmp)

See DEVELOPERS.md ("Writing files").
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: A verifier gets the finished temporary file and raises :class:`VerifyError` when it is not good.
Verifier = Callable[[Path], object]

#: Longest file name (bytes, UTF-8) most file systems accept (ext4, NTFS in UTF-16 units is 255 too).
NAME_MAX = 255
#: Errors meaning "the medium cannot take the data": the old file is kept and the user told so.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_IO = {errno.EIO, errno.EROFS}
#: The log file is rotated (``error.log`` → ``error.log.1``) past this size.
LOG_MAX_BYTES = 1024 * 1024


class WriteError(OSError):
    """A file could not be written; ``str()`` is a Chinese sentence saying what and what to do.

    Attributes:
        path: The file the caller wanted to write.
        kind: ``no_space``, ``io``, ``not_regular``, ``symlink``, ``no_folder``, ``name_too_long``,
            ``permission``, ``busy``, ``verify`` or ``other``.
    """

    def __init__(self, path: Path, kind: str, message: str, err: int = 0) -> None:
        super().__init__(err or None, message)
        self.path = path
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message


class VerifyError(Exception):
    """Raised by a verifier: the freshly written file is not what it should be."""


# --------------------------------------------------------------------------------------------
# What is at the target
# --------------------------------------------------------------------------------------------
def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备"
    if stat.S_ISFIFO(mode):
        return "管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISLNK(mode):
        return "符号链接"
    return "特殊文件"


def check_target(path: Path, *, follow_symlinks: bool) -> Path:
    """The file that will really be replaced, after checking it may be.

    Args:
        path: What the caller wants to write.
        follow_symlinks: Follow a link to its target (a file the user named) or refuse it (the
            app's own files).

    Returns:
        ``path``, or the link's target when following.

    Raises:
        WriteError: ``path`` is (or leads to) something other than a regular file, its folder is
            missing, or its name is too long.
    """
    name_bytes = len(os.fsencode(path.name))
    if name_bytes > NAME_MAX:
        raise WriteError(path, "name_too_long",
                         f"文件名太长（{name_bytes} 字节，最多 {NAME_MAX}）：{_short(path.name)}；请用短一些的文件名",
                         errno.ENAMETOOLONG)
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _error(path, exc, action="检查") from None
    real = path
    if st is not None and stat.S_ISLNK(st.st_mode):
        if not follow_symlinks:
            raise WriteError(path, "symlink",
                             f"{path} 是一个符号链接；为安全起见，程序不会通过它写入。请删除这个链接后重试",
                             errno.ELOOP)
        real = Path(os.path.realpath(path))
        try:
            st = real.stat()
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise _error(path, exc, action="检查") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteError(path, "not_regular", f"{path}：这是一个文件夹；请在文件夹名后加上文件名", errno.EISDIR)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteError(path, "not_regular",
                         f"{path} 是{_kind_of(st.st_mode)}，不是普通文件；程序不会替换它。请另选一个文件名",
                         errno.EEXIST)
    parent = real.parent
    if not parent.is_dir():
        raise WriteError(path, "no_folder", f"文件夹“{parent}”不存在；请先创建它或另选位置", errno.ENOENT)
    return real


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _error(path: Path, exc: OSError, *, action: str = "写入") -> WriteError:
    """A :class:`WriteError` with a plain message for ``exc`` (the old file is always kept)."""
    if isinstance(exc, WriteError):
        return exc
    code = exc.errno or 0
    kept = "原有文件保持不变。" if path.exists() else ""
    if code in _NO_SPACE:
        return WriteError(path, "no_space",
                          f"磁盘空间不足，未能{action} {path}。{kept}请清理磁盘或换一个位置（U 盘是否已满？）后重试", code)
    if code in _IO:
        what = "磁盘是只读的" if code == errno.EROFS else "磁盘读写出错"
        return WriteError(path, "io", f"{what}，未能{action} {path}。{kept}请换一个位置（或检查 U 盘是否已拔出）后重试", code)
    if code in (errno.EACCES, errno.EPERM):
        return WriteError(path, "permission", f"没有权限{action} {path}。{kept}请另选一个可写的文件夹", code)
    if code == errno.ENAMETOOLONG:
        return WriteError(path, "name_too_long", f"文件名或路径太长，未能{action} {path}。请用短一些的文件名", code)
    if code == errno.ENOENT:
        return WriteError(path, "no_folder", f"文件夹“{path.parent}”不存在；请先创建它或另选位置", code)
    if code in (errno.EBUSY, errno.ETXTBSY):
        return WriteError(path, "busy", f"{path} 正被其他程序使用，未能{action}。{kept}请关闭那个程序后重试", code)
    reason = exc.strerror or type(exc).__name__
    if sys.platform == "win32" and isinstance(exc, PermissionError):
        return WriteError(path, "busy", f"未能{action} {path}（{reason}）。{kept}文件是否正在其他程序中打开？", code)
    return WriteError(path, "other", f"未能{action} {path}（{reason}）。{kept}请换一个位置后重试", code)


def _umask_mode() -> int:
    """0666 with the process umask applied (what a newly created file gets)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644 if sys.platform != "win32" else 0o666


def _temp_path(real: Path) -> Path:
    return real.with_name(f".kjzc-{os.getpid()}-{os.urandom(4).hex()}.tmp")


def _create_temp(path: Path, real: Path) -> Path:
    tmp = _temp_path(real)
    try:
        # 0o666: the kernel applies the umask, as for any file the user creates.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _error(path, exc) from None
    os.close(fd)
    return tmp


def _finish(path: Path, real: Path, tmp: Path, verify: Verifier | None) -> None:
    """fsync ``tmp``, verify it, give it the old file's mode, rename it over ``real``."""
    try:
        fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
            with contextlib.suppress(OSError):
                old = real.stat()
                if stat.S_ISREG(old.st_mode) and hasattr(os, "fchmod"):
                    os.fchmod(fd, stat.S_IMODE(old.st_mode))  # keep the permissions the user gave
        finally:
            os.close(fd)
    except OSError as exc:
        raise _error(path, exc) from None
    if verify is not None:
        try:
            verify(tmp)
        except VerifyError as exc:
            check_room(tmp, path)  # a full disk is the usual reason: say so plainly
            kept = "原有文件保持不变。" if real.exists() else ""
            raise WriteError(path, "verify",
                             f"写入 {path} 后检查未通过（{exc}）。{kept}磁盘可能已满或出错；请换一个位置后重试") from None
        except OSError as exc:
            raise _error(path, exc) from None
    # The target may have been swapped for something else while we were writing.
    check_target(real, follow_symlinks=False)
    try:
        tmp.replace(real)
    except OSError as exc:
        raise _error(path, exc) from None
    _sync_dir(real.parent)


def _sync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replacing(path: Path | str, *, verify: Verifier | None = None,
              follow_symlinks: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` atomically.

    For writers that want a file name (``QPdfWriter``, ``QImage.save``, a library's ``save(path)``).
    If the block raises, or the verifier rejects the file, the temporary file is removed and
    ``path`` is left exactly as it was.

    Args:
        path: The file to create or replace.
        verify: Called with the finished temporary file; raises :class:`VerifyError` if it is bad.
        follow_symlinks: ``False`` for the app's own files (a link there is refused).

    Raises:
        WriteError: The target may not be replaced, the disk is full or failing, or the
            verifier rejected the result.
    """
    target = Path(path)
    real = check_target(target, follow_symlinks=follow_symlinks)
    tmp = _create_temp(target, real)
    try:
        yield tmp
        _finish(target, real, tmp, verify)
    except OSError as exc:
        raise _error(target, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def check_room(tmp: Path, path: Path, *, probe: int = 256 * 1024) -> None:
    """After a writer failed without saying why: raise the disk's error if ``tmp`` cannot grow.

    Libraries that write files themselves (``QPdfWriter``) report a full disk only as "could not
    write"; appending ``probe`` bytes to their temporary file tells the user the real reason.

    Raises:
        WriteError: The medium is full or failing (message about ``path``).
    """
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
        try:
            os.write(fd, b"\0" * probe)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _error(path, exc) from None


def write_bytes(path: Path | str, data: bytes, *, verify: Verifier | None = None,
                follow_symlinks: bool = False) -> None:
    """Replace ``path`` with ``data`` safely (see the module docstring).

    Raises:
        WriteError: see :func:`replacing`.
    """
    target = Path(path)
    with replacing(target, verify=verify, follow_symlinks=follow_symlinks) as tmp:
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
            try:
                view = memoryview(data)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
            finally:
                os.close(fd)
        except OSError as exc:
            raise _error(target, exc) from None


def write_text(path: Path | str, text: str, *, encoding: str = "utf-8", verify: Verifier | None = None,
               follow_symlinks: bool = False) -> None:
    """Replace ``path`` with ``text`` safely (UTF-8 by default).

    Raises:
        WriteError: see :func:`replacing`.
    """
    write_bytes(path, text.encode(encoding), verify=verify, follow_symlinks=follow_symlinks)


def append_text(path: Path | str, text: str, *, max_bytes: int = LOG_MAX_BYTES) -> None:
    """Append ``text`` to a log file: never through a link, never to a non-regular file.

    A log past ``max_bytes`` is renamed to ``<name>.1`` first (the older ``.1`` is dropped), so a
    log never fills the disk.  Appending is not atomic; a failed append loses only the new text.

    Raises:
        WriteError: The log cannot be written (the caller decides whether that matters).
    """
    target = Path(path)
    check_target(target, follow_symlinks=False)
    with contextlib.suppress(OSError):
        if target.stat().st_size > max_bytes:
            target.replace(target.with_name(target.name + ".1"))
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o666)
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteError(target, "not_regular", f"{target} 不是普通文件；程序不会写入它")
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except WriteError:
        raise
    except OSError as exc:
        raise _error(target, exc) from None
    finally:
        os.close(fd)


def move_aside(path: Path | str, *, reason: str = "unreadable", now: _dt.datetime | None = None) -> Path:
    """Rename ``path`` to a dated backup next to it and return the backup's path.

    Used for a file the app cannot read (bookmarks saved in another encoding …): it is kept for
    the user, never overwritten.  ``settings.ini`` becomes ``settings.ini.unreadable-20240501-093000``
    (``-2``, ``-3`` … when that name is taken).

    Raises:
        WriteError: The file cannot be renamed (the caller must then not overwrite it either).
    """
    src = Path(path)
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{src.name}.{reason}-{stamp}"
    for n in range(1, 1000):
        dest = src.with_name(base if n == 1 else f"{base}-{n}")
        if dest.exists() or dest.is_symlink():
            continue
        try:
            _rename_no_replace(src, dest)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _error(src, exc, action="备份") from None
        return dest
    raise WriteError(src, "other", f"未能为 {src} 找到备份文件名")


def _rename_no_replace(src: Path, dest: Path) -> None:
    """Rename without ever replacing ``dest`` (a hard link where the file system has them)."""
    if sys.platform != "win32":
        try:
            os.link(src, dest, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError:
            pass  # FAT, some network shares: no hard links; fall back to a checked rename
        else:
            src.unlink()
            return
    if dest.exists() or dest.is_symlink():
        raise FileExistsError(errno.EEXIST, "exists", str(dest))
    src.rename(dest)  # Windows: rename never replaces an existing file


# --------------------------------------------------------------------------------------------
# Verifiers
# --------------------------------------------------------------------------------------------
def verify_pdf(path: Path, *, pages: int | None = None) -> int:
    """Reopen a PDF and count its pages; raise :class:`VerifyError` if it is cut short or damaged.

    Args:
        path: The PDF file.
        pages: The number of pages it must have (``None``: at least one).

    Returns:
        The number of pages.
    """
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            f.seek(max(0, size - 1024))
            tail = f.read()
    except OSError as exc:
        raise VerifyError(f"无法重新打开：{exc.strerror}") from None
    if b"%%EOF" not in tail:
        raise VerifyError("PDF 文件不完整（缺少结尾）")
    # pypdf logs repairs it makes as warnings; a repaired file is a damaged file for us.
    log = logging.getLogger("pypdf")
    old_level, old_propagate = log.level, log.propagate
    log.setLevel(logging.CRITICAL)
    log.propagate = False
    try:
        reader = PdfReader(str(path), strict=True)
        count = len(reader.pages)
        _read_every_object(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise VerifyError(f"PDF 无法读取：{type(exc).__name__}") from None
    finally:
        log.setLevel(old_level)
        log.propagate = old_propagate
    if pages is not None and count != pages:
        raise VerifyError(f"应有 {pages} 页，实际只有 {count} 页")
    if count < 1:
        raise VerifyError("PDF 没有页面")
    return count


def _read_every_object(reader: Any) -> None:
    """Parse every object of the cross-reference table and inflate every stream."""
    from pypdf.generic import IndirectObject, StreamObject

    for gen, entries in reader.xref.items():
        for idnum in entries:
            obj = reader.get_object(IndirectObject(idnum, gen, reader))
            if isinstance(obj, StreamObject):
                obj.get_data()
    for idnum in reader.xref_objStm:
        reader.get_object(IndirectObject(idnum, 0, reader))


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def verify_png(path: Path) -> None:
    """Raise :class:`VerifyError` unless ``path`` starts like a PNG and ends with its IEND chunk."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
            f.seek(max(0, size - len(_PNG_END)))
            tail = f.read()
    except OSError as exc:
        raise VerifyError(f"无法重新打开：{exc.strerror}") from None
    if head != _PNG_SIGNATURE or tail != _PNG_END:
        raise VerifyError("PNG 文件不完整")
