"""Where save dialogs start: the user's Documents folder (文档), as Windows users expect."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_dir() -> Path:
    """The user's Documents folder (Windows: 文档; Linux: XDG_DOCUMENTS_DIR), else the home folder.

    The folder is never created: a missing Documents (a bare Linux account) falls back to home.
    """
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(location) if location else Path.home()
    return path if path.is_dir() else Path.home()
