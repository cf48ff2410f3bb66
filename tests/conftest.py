"""Shared test set-up: offscreen Qt, an isolated per-user data directory, the loaded handbook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own per-user data directory; nothing touches the real one."""
    d = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("KJZC_DATA_DIR", str(d))
    return d


@pytest.fixture(scope="session")
def handbook():  # type: ignore[no-untyped-def]
    from content.loader import load_handbook

    return load_handbook()


@pytest.fixture(scope="session")
def bundle(handbook):  # type: ignore[no-untyped-def]
    """The session handbook as a content bundle (statuses for today, no verification recorded)."""
    from content.bundle import bundle_for

    return bundle_for(handbook)


@pytest.fixture
def pack_maker(tmp_path: Path, _isolated_data_dir: Path):  # type: ignore[no-untyped-def]
    """Signed content packs made in ``tmp_path`` and installed into the test's data folder
    (the signing key is trusted there); see tests/pack_maker.py."""
    tests_dir = str(Path(__file__).resolve().parent)
    if tests_dir not in sys.path:
        sys.path.insert(0, tests_dir)
    from pack_maker import PackMaker

    return PackMaker(tmp_path / "packs", _isolated_data_dir)
