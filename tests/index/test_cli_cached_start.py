"""A command-line search with a current compiled cache and index parses no content file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

import content.bundle
import content.layers
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
    monkeypatch.setattr(content.layers, "load_handbook", no_parse)  # the bundle loads through content.layers
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


def test_with_a_pack_installed_the_second_search_parses_nothing(pack_maker: object,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from pack_maker import doc_yaml

    maker = pack_maker
    root = maker.root("r", shipped=["lf-kjqs.yaml"], files={"data/n.yaml": doc_yaml(  # type: ignore[attr-defined]
        "sjz-new-2026", [("new-01", "新设科技型企业奖励", "对新认定的科技型企业给予10万元奖励。")])})
    maker.install(maker.build(root, pack_id="hebei", version=1))  # type: ignore[attr-defined]
    content.bundle.reset_for_tests()
    assert cli.run_search(_args(query="新设科技型企业")) == 0
    first = json.loads(capsys.readouterr().out)
    assert [h["id"] for h in first["hits"]][:1] == ["new-01"]  # the pack's content is searched
    content.bundle.reset_for_tests()

    def no_parse(*a: object, **k: object) -> None:
        raise AssertionError("the content was parsed")

    monkeypatch.setattr(content.loader, "load_handbook", no_parse)
    monkeypatch.setattr(content.layers, "load_handbook", no_parse)
    monkeypatch.setattr(content.layers, "merge_documents", no_parse)
    assert cli.run_search(_args(query="新设科技型企业")) == 0
    assert json.loads(capsys.readouterr().out) == first
