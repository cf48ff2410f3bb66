"""Every user setting, declared once, typed, with its default, its limits and a description.

The file is ``settings.ini`` in the per-user data directory (``content.appdirs.user_data_dir()``),
so the app never writes to the registry or to its installation folder.  The file keeps the format
``QSettings`` has always written (INI, UTF-8; lists as JSON text because QSettings' INI lists do not
survive a one-element round trip), but the app reads and writes it itself:

* reading: only a regular file, never through a symbolic link, at most :data:`MAX_FILE_BYTES`;
  every value is checked against the table below, and a bad one falls back to its default and is
  reported once (:attr:`Settings.problems`, shown in the window's banner);
* a file the app cannot read (saved as UTF-16 or GBK by an editor, garbled bookmarks) is moved
  aside to a dated backup (``settings.ini.unreadable-20240501-093000``) before anything is
  written, so bookmarks are never silently overwritten; what can be recovered from it is kept;
* writing: through :func:`content.safe_io.write_bytes` (temporary file, fsync, rename), merged
  with what another window of the app saved meanwhile.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

#: A settings file larger than this is not read (it is not one the app wrote).
MAX_FILE_BYTES = 1024 * 1024


class Setting(Generic[T]):
    """One typed setting: key, default, how it is stored and what counts as a valid value.

    ``decode`` turns the stored value into ``T`` and raises ``TypeError``/``ValueError`` for a
    value that is not valid; the setting then falls back to its default.
    """

    def __init__(self, key: str, default: T, *, decode: Callable[[Any], T], encode: Callable[[T], Any],
                 description: str = "", precious: bool = False) -> None:
        self.key = key
        self.default = default
        self.description = description or key
        #: The user's own data (bookmarks, history): unreadable means "back the file up first".
        self.precious = precious
        self._decode = decode
        self._encode = encode

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> T | Setting[T]:
        if obj is None:
            return self
        if self.key not in obj._decoded:
            obj._decoded[self.key] = self.read(obj)
        value = obj._decoded[self.key]
        return list(value) if isinstance(value, list) else value  # type: ignore[return-value]

    def __set__(self, obj: Settings, value: T) -> None:
        obj._decoded[self.key] = list(value) if isinstance(value, list) else value
        obj._set_raw(self.key, self._encode(value))

    def decode(self, raw: Any) -> T:
        return self._decode(raw)

    def read(self, obj: Settings) -> T:
        """The stored value, checked; the default (reported once) when it is not valid."""
        raw = obj._raw.get(self.key)
        if raw is None:
            return self._copy_default()
        try:
            return self._decode(raw)
        except (TypeError, ValueError):
            obj._report_bad(self, raw)
            return self._copy_default()

    def _copy_default(self) -> T:
        d = self.default
        return list(d) if isinstance(d, list) else d  # type: ignore[return-value]


def _float(lo: float, hi: float) -> Callable[[Any], float]:
    def decode(raw: Any) -> float:
        value = float(raw)
        if not math.isfinite(value) or not lo <= value <= hi:
            raise ValueError(f"out of range {lo}…{hi}")
        return value

    return decode


def _int(lo: int, hi: int) -> Callable[[Any], int]:
    def decode(raw: Any) -> int:
        value = int(raw)
        if not lo <= value <= hi:
            raise ValueError(f"out of range {lo}…{hi}")
        return value

    return decode


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no", ""}:
        return False
    raise ValueError("not a boolean")


def _str_list(raw: Any) -> list[str]:
    data = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise ValueError("not a list of text")
    return list(data)


def _bytes(raw: Any) -> bytes:
    if isinstance(raw, QByteArray):
        return bytes(raw.data())
    if isinstance(raw, bytes | bytearray):
        return bytes(raw)
    raise ValueError("not bytes")


def _text(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def decode(raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError("not text")
        if choices and raw not in choices:
            raise ValueError(f"not one of {choices}")
        return raw

    return decode


def _pin_hash(raw: Any) -> str:
    from ui.kiosk_pin import is_pin_hash

    if not isinstance(raw, str) or (raw and not is_pin_hash(raw)):
        raise ValueError("not a PIN hash")
    return raw


def float_setting(key: str, default: float, *, lo: float = -math.inf, hi: float = math.inf,
                  description: str = "") -> Setting[float]:
    return Setting(key, default, decode=_float(lo, hi), encode=float, description=description)


def int_setting(key: str, default: int, *, lo: int = -(2**31), hi: int = 2**31 - 1,
                description: str = "") -> Setting[int]:
    return Setting(key, default, decode=_int(lo, hi), encode=int, description=description)


def bool_setting(key: str, default: bool, *, description: str = "") -> Setting[bool]:
    return Setting(key, default, decode=_bool, encode=bool, description=description)


def text_setting(key: str, default: str, *, choices: tuple[str, ...] = (), description: str = "") -> Setting[str]:
    return Setting(key, default, decode=_text(choices), encode=str, description=description)


def list_setting(key: str, *, description: str = "", precious: bool = False) -> Setting[list[str]]:
    return Setting(key, [], decode=_str_list, encode=lambda v: json.dumps(list(v), ensure_ascii=False),
                   description=description, precious=precious)


def bytes_setting(key: str, *, description: str = "") -> Setting[bytes]:
    return Setting(key, b"", decode=_bytes, encode=QByteArray, description=description)


# --------------------------------------------------------------------------------------------
# The file
# --------------------------------------------------------------------------------------------
def _decode_ini(raw: bytes) -> tuple[str, str]:
    """The text of a settings file and ``""``, or the text recovered and the encoding it was in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace"), "未知编码"


def _parse_ini(text: str) -> dict[str, Any]:
    """``{key: value}`` of INI text as ``QSettings`` reads it (a private copy; never the user's file)."""
    with tempfile.TemporaryDirectory(prefix="kjzc-ini-") as tmp:
        path = Path(tmp) / "settings.ini"
        path.write_text(text, encoding="utf-8")
        qs = QSettings(str(path), QSettings.Format.IniFormat)
        values = {key: qs.value(key) for key in qs.allKeys()}
        del qs
    return values


def _format_ini(values: dict[str, Any]) -> bytes:
    """INI bytes for ``values``, written by ``QSettings`` into a private temporary file."""
    with tempfile.TemporaryDirectory(prefix="kjzc-ini-") as tmp:
        path = Path(tmp) / "settings.ini"
        qs = QSettings(str(path), QSettings.Format.IniFormat)
        for key in sorted(values):
            qs.setValue(key, values[key])
        qs.sync()
        status = qs.status()
        del qs
        if status != QSettings.Status.NoError:
            raise OSError("QSettings could not format the settings")
        return path.read_bytes() if path.exists() else b""


def _read_file(path: Path) -> tuple[bytes | None, str]:
    """The file's bytes (None when absent or refused) and why it was refused ("" if not)."""
    import stat

    try:
        st = path.lstat()
    except FileNotFoundError:
        return None, ""
    except OSError as exc:
        return None, f"设置文件 {path} 无法读取（{exc.strerror}）"
    if stat.S_ISLNK(st.st_mode):
        return None, f"设置文件 {path} 是一个符号链接；为安全起见不读取也不写入它，本次使用默认设置。请删除这个链接"
    if not stat.S_ISREG(st.st_mode):
        return None, f"设置文件 {path} 不是普通文件；本次使用默认设置，设置不会保存"
    if st.st_size > MAX_FILE_BYTES:
        return b"", f"设置文件 {path} 过大（{st.st_size // 1024} KB），不是本程序写的"
    try:
        import os

        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            return f.read(MAX_FILE_BYTES + 1), ""
    except OSError as exc:
        return None, f"设置文件 {path} 无法读取（{exc.strerror}）"


def _newer(a: Path, b: Path) -> bool:
    """Whether ``a`` exists and ``b`` is missing or older."""
    try:
        ma = a.stat().st_mtime
    except OSError:
        return False
    try:
        return ma > b.stat().st_mtime
    except OSError:
        return True


class Settings:
    """The app's settings.  Read and assign attributes; :meth:`sync` writes the file.

    Args:
        path: The INI file; default ``settings.ini`` in the per-user data directory.

    Attributes:
        problems: What was wrong with the file or its values, each reported once (Chinese).
        backup: Where an unreadable file was moved to, or None.
    """

    zoom = float_setting("reader/zoom", 1.0, lo=0.5, hi=4.0, description="阅读区文字大小")
    presentation_zoom = float_setting("presentation/zoom", 1.5, lo=0.7, hi=3.0,
                                      description="演示模式（F11）的文字大小，起始 150%；演示时放大缩小即改它")
    bookmarks = list_setting("reader/bookmarks", description="收藏", precious=True)
    recent = list_setting("reader/recent", description="最近浏览", precious=True)
    geometry = bytes_setting("window/geometry", description="窗口位置和大小")
    window_state = bytes_setting("window/state", description="工具栏和停靠窗口布局")
    window_normal = text_setting("window/normal_geometry", "",
                                 description="窗口未最大化时的位置和大小（x,y,宽,高）；Qt 的 geometry 换了屏幕宽度就不用")
    window_maximized = bool_setting("window/maximized", False, description="上次退出时窗口是否最大化")
    splitter_state = bytes_setting("window/splitter", description="左右分栏宽度")
    nav_tab = int_setting("window/nav_tab", 0, lo=0, hi=20, description="左侧当前标签页")
    calculator_visible = bool_setting("window/calculator_visible", False, description="是否显示计算器")
    card_header = text_setting("cards/header", "", description="明白卡抬头")
    card_layout = text_setting("cards/layout", "mingbai", choices=("mingbai", "contact", "list"),
                               description="明白卡版式")
    kiosk_idle_minutes = float_setting("kiosk/idle_minutes", 3.0, lo=0.5, hi=120.0,
                                       description="展台模式：无人操作多少分钟后回到首页并清空")
    kiosk_pin_hash = Setting("kiosk/pin_hash", "", decode=_pin_hash, encode=str,
                             description="展台模式工作人员 PIN（只存加盐散列）")
    verify_offices = list_setting("verify/offices", description="在本机记录效力核实的单位（最近的在前）", precious=True)

    RECENT_MAX = 10

    def __init__(self, path: Path | None = None) -> None:
        seed: Path | None = None
        if path is None:
            from content.appdirs import data_dir

            where = data_dir()
            path = where.path / "settings.ini"
            if where.read_only and where.path != where.wanted:
                seed = where.wanted / "settings.ini"  # read-only mode: start from the user's own settings
        self.path = path
        self.problems: list[str] = []
        self.backup: Path | None = None
        self._raw: dict[str, Any] = {}
        self._decoded: dict[str, Any] = {}
        self._changed: dict[str, Any] = {}
        self._reported: set[str] = set()
        self._writable = True
        self._load()
        if seed is not None and _newer(seed, path):
            self._seed_from(seed)
        for s in self.table():
            s.__get__(self, type(self))  # check every stored value now: problems are known at start

    @classmethod
    def table(cls) -> list[Setting[Any]]:
        """Every declared setting."""
        return [v for v in vars(cls).values() if isinstance(v, Setting)]

    # -- reading ---------------------------------------------------------------------------------
    def _load(self) -> None:
        raw, refused = _read_file(self.path)
        if refused and raw is None:
            self._writable = False
            self.problems.append(refused)
            return
        if raw is None:
            return
        text, encoding = _decode_ini(raw) if not refused else ("", "")
        try:
            self._raw = _parse_ini(text) if text else {}
        except OSError:
            self._raw = {}
        unreadable = [s for s in self.table() if s.precious and s.key in self._raw and not self._valid(s)]
        if refused or encoding or unreadable:
            why = refused or (f"不是 UTF-8 编码（像是 {encoding}）" if encoding else
                              "、".join(s.description for s in unreadable) + "无法读取")
            self._back_up(why)

    def _seed_from(self, seed: Path) -> None:
        """Read-only mode: take bookmarks and the rest from the settings the user cannot write now."""
        raw, refused = _read_file(seed)
        if raw is None or refused:
            return
        text, encoding = _decode_ini(raw)
        if encoding:
            return
        try:
            self._raw = _parse_ini(text)
        except OSError:
            return
        self._changed.update(self._raw)

    def _valid(self, s: Setting[Any]) -> bool:
        try:
            s.decode(self._raw[s.key])
        except (TypeError, ValueError):
            return False
        return True

    def _back_up(self, why: str) -> None:
        """Move the file aside before anything overwrites it, and say where it went."""
        from content.safe_io import WriteError, move_aside

        try:
            self.backup = move_aside(self.path)
        except WriteError as exc:
            self._writable = False
            self.problems.append(f"设置文件 {self.path} {why}，也无法备份（{exc}）；本次不会保存设置，以免覆盖它")
            return
        self.problems.append(f"设置文件 {self.path} {why}；原文件已备份为 {self.backup}，能读出的设置已保留")
        # Everything readable is written back at the next sync, in UTF-8.
        bad = {s.key for s in self.table() if s.key in self._raw and not self._valid(s)}
        self._changed.update({k: v for k, v in self._raw.items() if k not in bad})

    def _report_bad(self, s: Setting[Any], raw: Any) -> None:
        if s.key in self._reported:
            return
        self._reported.add(s.key)
        shown = str(raw) if not isinstance(raw, QByteArray | bytes) else "二进制数据"
        if len(shown) > 40:
            shown = shown[:39] + "…"
        self.problems.append(f"设置“{s.description}”（{s.key}）的值“{shown}”无效，已改用默认值")
        # Not precious: write the default back so the bad value is not read again.
        if not s.precious:
            self._changed[s.key] = s._encode(s._copy_default())

    # -- writing ---------------------------------------------------------------------------------
    def _set_raw(self, key: str, value: Any) -> None:
        self._raw[key] = value
        self._changed[key] = value

    def sync(self) -> None:
        """Write the changed settings, merged into what is in the file now.

        A file that cannot be written (read-only folder, full disk) is reported once in
        :attr:`problems` and the app goes on with the values in memory.
        """
        if not self._changed or not self._writable:
            return
        from content.safe_io import WriteError, write_bytes

        on_disk: dict[str, Any] = {}
        raw, refused = _read_file(self.path)
        if raw and not refused:
            text, encoding = _decode_ini(raw)
            if not encoding:
                try:
                    on_disk = _parse_ini(text)
                except OSError:
                    on_disk = {}
        merged = {**on_disk, **self._changed}
        try:
            write_bytes(self.path, _format_ini(merged))
        except (WriteError, OSError) as exc:
            message = f"设置未能保存：{exc}"
            if message not in self.problems:
                self.problems.append(message)
            return
        self._changed.clear()

    # -- small helpers over the list settings ----------------------------------------------------
    def toggle_bookmark(self, item_id: str) -> bool:
        """Add or remove a bookmark; returns True when ``item_id`` is now bookmarked."""
        marks = self.bookmarks
        if item_id in marks:
            marks.remove(item_id)
            now = False
        else:
            marks.append(item_id)
            now = True
        self.bookmarks = marks
        self.sync()
        return now

    def add_recent(self, item_id: str) -> None:
        items = [x for x in self.recent if x != item_id]
        items.insert(0, item_id)
        self.recent = items[: self.RECENT_MAX]
