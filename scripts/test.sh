#!/usr/bin/env bash
# README command 2: sets up what is missing (scripts/setup.sh; nothing, and no network, once done),
# then runs the whole test suite: ruff, mypy, pytest.  Extra arguments go to pytest.
# Run it as yourself; under sudo, the tests (and .venv) still run as the user who ran sudo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
. "$here/scripts/common.sh"
cd "$here"
echo "== ruff"
as_user .venv/bin/python -m ruff check .
echo "== mypy"
as_user .venv/bin/python -m mypy content index ui main.py
echo "== pytest"
as_user .venv/bin/python -m pytest "$@"
