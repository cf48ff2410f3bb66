"""Save dialogs start in the user's Documents folder (Windows: 文档), not the home folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths

from ui import documents

UI = Path(__file__).resolve().parents[2] / "ui"


def _location(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _loc: value))


def test_documents_folder_when_it_exists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    docs = tmp_path / "文档"
    docs.mkdir()
    _location(monkeypatch, str(docs))
    assert documents.documents_dir() == docs


@pytest.mark.parametrize("value", ["", "/no/such/Documents"])
def test_home_when_there_is_no_documents_folder(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    _location(monkeypatch, value)
    assert documents.documents_dir() == Path.home()


def test_no_save_dialog_starts_in_the_home_folder() -> None:
    calls = []
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"(?<!def )(?:getSaveFileName|ask_pdf_path)\((.{0,200}?)\)", text, re.S):
            calls.append((path.name, m.group(1)))
    assert len(calls) >= 3, calls  # handbook export, card dialog, calculator result
    for name, args in calls:
        assert "Path.home()" not in args, f"{name}: a save dialog starts in the home folder"
