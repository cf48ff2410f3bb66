#!/usr/bin/env bash
# Sets up (first run) and runs the whole test suite: ruff, mypy, pytest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh" --dev
cd "$here"
echo "== ruff"
.venv/bin/python -m ruff check .
echo "== mypy"
.venv/bin/python -m mypy content index ui main.py
echo "== pytest"
exec .venv/bin/python -m pytest "$@"
