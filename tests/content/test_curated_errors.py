"""比一比 and home-tile files that cannot be read are reported in Chinese, with file and line."""

from __future__ import annotations

import re
from pathlib import Path

from content.curated import load_comparisons, load_tiles
from content.model import ContentError


def test_a_yaml_syntax_error_is_described_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "compare.yaml"
    path.write_text("comparisons:\n  - id: gaoqi\n    title: [高企, 认定\n    columns: []\n", encoding="utf-8")
    errors: list[ContentError] = []
    assert load_comparisons(path, errors) == ()
    assert len(errors) == 1 and errors[0].file == "compare.yaml" and errors[0].line == 3, errors
    assert errors[0].message.startswith("YAML 格式错误："), errors[0].message
    assert "请检查" in errors[0].message  # what to do, not only PyYAML's words


def test_a_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "home.yaml"
    path.write_bytes("tiles:\n  - {title: 高企, target: 'topic:人才'}\n".encode("gbk"))
    errors: list[ContentError] = []
    assert load_tiles(path, errors) == ()
    assert len(errors) == 1 and "UTF-8" in errors[0].message, errors
    assert not re.search(r"codec|decode|byte", errors[0].message), errors[0].message
