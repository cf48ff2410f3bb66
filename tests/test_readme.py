"""The README's "What happens when…" table names the tests that back each row: they must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _rows() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## What happens when…", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "`tests/" in line]


def test_every_row_names_tests_that_exist() -> None:
    rows = _rows()
    assert len(rows) >= 7  # disk full, damaged index, bad content, read-only install and data folder, network, settings
    for row in rows:
        for ref in re.findall(r"`(tests/[^`\s]+)`", row):
            path, _, name = ref.partition("::")
            f = ROOT / path
            assert f.is_file(), f"{ref}: no such test file"
            if name:
                assert re.search(rf"^(async )?def {re.escape(name)}\(", f.read_text(encoding="utf-8"), re.M), \
                    f"{ref}: no such test"
