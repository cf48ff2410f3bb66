"""Every user setting, declared once, typed, with its default — a thin wrapper around QSettings.

The file is ``settings.ini`` in the per-user data directory (``content.appdirs.user_data_dir()``),
so the app never writes to the registry or to its installation folder.  Lists are stored as
JSON text because QSettings' INI lists do not survive a one-element round trip.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Setting(Generic[T]):
    """One typed setting: key, default and how it is stored."""

    def __init__(self, key: str, default: T, *, decode: Callable[[Any], T], encode: Callable[[T], Any]) -> None:
        self.key = key
        self.default = default
        self._decode = decode
        self._encode = encode

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> T | Setting[T]:
        if obj is None:
            return self
        raw = obj.qsettings.value(self.key)
        if raw is None:
            return self._copy_default()
        try:
            return self._decode(raw)
        except (TypeError, ValueError):  # a hand-edited or old file: fall back to the default
            return self._copy_default()

    def __set__(self, obj: Settings, value: T) -> None:
        obj.qsettings.setValue(self.key, self._encode(value))

    def _copy_default(self) -> T:
        d = self.default
        return list(d) if isinstance(d, list) else d  # type: ignore[return-value]


def _float(raw: Any) -> float:
    return float(raw)


def _int(raw: Any) -> int:
    return int(raw)


def _bool(raw: Any) -> bool:
    if isinstance(raw, str):
        return raw.strip().lower() in {"true", "1", "yes"}
    return bool(raw)


def _str_list(raw: Any) -> list[str]:
    data = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(data, list):
        raise ValueError("not a list")
    return [str(x) for x in data]


def _bytes(raw: Any) -> bytes:
    if isinstance(raw, QByteArray):
        return bytes(raw.data())
    if isinstance(raw, bytes | bytearray):
        return bytes(raw)
    raise ValueError("not bytes")


def float_setting(key: str, default: float) -> Setting[float]:
    return Setting(key, default, decode=_float, encode=float)


def int_setting(key: str, default: int) -> Setting[int]:
    return Setting(key, default, decode=_int, encode=int)


def bool_setting(key: str, default: bool) -> Setting[bool]:
    return Setting(key, default, decode=_bool, encode=bool)


def list_setting(key: str) -> Setting[list[str]]:
    return Setting(key, [], decode=_str_list, encode=lambda v: json.dumps(list(v), ensure_ascii=False))


def bytes_setting(key: str) -> Setting[bytes]:
    return Setting(key, b"", decode=_bytes, encode=QByteArray)


class Settings:
    """The app's settings.  Read and assign attributes; :meth:`sync` writes the file.

    Args:
        path: The INI file; default ``settings.ini`` in the per-user data directory.
    """

    zoom = float_setting("reader/zoom", 1.0)
    bookmarks = list_setting("reader/bookmarks")
    recent = list_setting("reader/recent")
    geometry = bytes_setting("window/geometry")
    window_state = bytes_setting("window/state")
    splitter_state = bytes_setting("window/splitter")
    nav_tab = int_setting("window/nav_tab", 0)
    calculator_visible = bool_setting("window/calculator_visible", False)

    RECENT_MAX = 10

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from content.appdirs import user_data_dir

            path = user_data_dir() / "settings.ini"
        self.path = path
        self.qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self.qsettings.sync()

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
