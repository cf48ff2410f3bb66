"""A command-line search with a current compiled cache and index parses no content file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import content.bundle
import content.loader
from index import cli


def _args(**kw: object) -> argparse.Namespace:
    base = dict(query="揭榜挂帅", level=None, region=None, topic=None, doc=None, status=None, limit=5, json=True,
                content_dir=None)
    base.update(kw)
    return argparse.Namespace(**base)


def test_second_search_parses_nothing(_isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    content.bundle.reset_for_tests()
    assert cli.run_search(_args()) == 0  # parses, caches, builds the index
    first = json.loads(capsys.readouterr().out)
    content.bundle.reset_for_tests()

    def no_parse(*a: object, **k: object) -> None:
        raise AssertionError("the content was parsed")

    monkeypatch.setattr(content.loader, "load_handbook", no_parse)
    monkeypatch.setattr(content.bundle, "load_handbook", no_parse)
    assert cli.run_search(_args()) == 0
    second = json.loads(capsys.readouterr().out)
    assert second == first
    assert [h["status"] for h in second["hits"]] == [h["status"] for h in first["hits"]]


def test_without_a_cache_the_content_is_loaded(_isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from content import compiled

    content.bundle.reset_for_tests()
    monkeypatch.setenv(compiled.DISABLE_ENV, "1")
    assert cli.run_search(_args()) == 0
    assert json.loads(capsys.readouterr().out)["total"] > 0
    assert not (_isolated_data_dir / "cache").exists()
