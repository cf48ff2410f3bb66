"""Per-user data directory (settings, bookmarks, logs, a rebuilt index).  Qt-free.

The app writes nowhere else, so it works from a read-only installation folder.
``KJZC_DATA_DIR`` overrides the location (tests, portable installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "kejizhengce-yidiantong"


def user_data_dir() -> Path:
    """The per-user data directory, created on first use."""
    override = os.environ.get("KJZC_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR_NAME
    base.mkdir(parents=True, exist_ok=True)
    return base


def log_path() -> Path:
    """The log file for unexpected errors."""
    return user_data_dir() / "error.log"
