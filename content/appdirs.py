"""Per-user data directory (settings, bookmarks, logs, a rebuilt index).  Qt-free.

The app writes nowhere else, so it works from a read-only installation folder.
``KJZC_DATA_DIR`` overrides the location (tests, portable installs).

When that folder cannot be used (a read-only home, a file where the folder should be, no
permission) the app still starts: :func:`data_dir` falls back to a private folder in the system's
temporary directory and says what is wrong and where (:attr:`DataDir.problem`); the window shows
that in its banner and nothing the user sets is kept after the app closes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "kejizhengce-yidiantong"


@dataclass(frozen=True)
class DataDir:
    """Where the app writes this session.

    Attributes:
        path: The folder to use (the per-user one, or the temporary fallback).
        wanted: The per-user folder the app would normally use.
        problem: ``""`` when ``wanted`` is usable; otherwise a Chinese sentence saying what is
            wrong, where, and what it means for this session.
    """

    path: Path
    wanted: Path
    problem: str = ""

    @property
    def read_only(self) -> bool:
        return bool(self.problem)


_cache: dict[tuple[str, ...], DataDir] = {}


def default_location() -> Path:
    """The per-user data folder for this platform (or ``KJZC_DATA_DIR``), not created."""
    override = os.environ.get("KJZC_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR_NAME


def _why_unusable(folder: Path) -> str:
    """``""`` if ``folder`` exists (or can be made) and takes a file; else the reason in Chinese."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return "该位置已有一个同名文件（不是文件夹）"
    except PermissionError:
        return "没有权限创建该文件夹"
    except OSError as exc:
        return _reason(exc)
    if not folder.is_dir():
        return "该位置不是文件夹"
    probe = folder / f".kjzc-probe-{os.getpid()}-{os.urandom(3).hex()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except PermissionError:
        return "该文件夹不可写（没有写入权限）"
    except OSError as exc:
        return _reason(exc)
    with contextlib.suppress(OSError):
        probe.unlink()
    return ""


def _reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.EROFS:
        return "磁盘是只读的"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘已满"
    if exc.errno == errno.ENOTDIR:
        return "路径中有一段是文件而不是文件夹"
    return exc.strerror or type(exc).__name__


def _fallback_dir() -> Path | None:
    """A private folder of this user in the system's temporary directory, or None."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = folder.lstat()
    except OSError:
        return None
    # In a shared /tmp someone else could have made it first: use it only if it is ours and private.
    if not stat.S_ISDIR(st.st_mode):
        return None
    if hasattr(os, "getuid") and (st.st_uid != uid or st.st_mode & 0o077):
        return None
    return folder if not _why_unusable(folder) else None


def data_dir() -> DataDir:
    """The folder the app writes to this session, checked once per process and location."""
    wanted = default_location()
    key = (str(wanted), tempfile.gettempdir())
    cached = _cache.get(key)
    if cached is not None:
        return cached
    why = _why_unusable(wanted)
    if not why:
        result = DataDir(wanted, wanted)
    else:
        fallback = _fallback_dir()
        if fallback is not None:
            result = DataDir(fallback, wanted,
                             f"个人数据文件夹 {wanted} 无法使用（{why}）。本次以只读方式运行：收藏和设置不会长期保存，"
                             f"搜索索引临时建在 {fallback}。")
        else:
            result = DataDir(wanted, wanted,
                             f"个人数据文件夹 {wanted} 无法使用（{why}），临时文件夹也不可写。本次以只读方式运行："
                             "收藏和设置不会保存，搜索可能较慢。")
    _cache[key] = result
    return result


def user_data_dir() -> Path:
    """The folder to write to: the per-user data directory, or the read-only-mode fallback."""
    return data_dir().path


def log_path() -> Path:
    """The log file for unexpected errors."""
    return user_data_dir() / "error.log"


def write_log(text: str) -> Path | None:
    """Append ``text`` to the error log; the log's path, or None when it cannot be written.

    Never raises: it is called from the last line of defence, which must not fail itself.
    """
    try:
        from content.safe_io import append_text

        path = log_path()
        append_text(path, text if text.endswith("\n") else text + "\n")
        return path
    except Exception:  # a broken log must never break the error handler
        return None
