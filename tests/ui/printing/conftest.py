"""Fixtures of the printing tests: PDF tools (skipped when missing) and the 明白卡 source text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from printing_helpers import MINGBAI_SOURCE, TOOLS, Pdf


@pytest.fixture
def pdf(tmp_path: Path) -> Pdf:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (poppler-utils, zbar-tools)")
    return Pdf(tmp_path)


@pytest.fixture(scope="session")
def mingbai_source() -> str:
    return MINGBAI_SOURCE.read_text(encoding="utf-8")
