#!/usr/bin/env bash
# Sets up (first run) and starts 科技政策一点通.  Extra arguments go to main.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh" --gui
cd "$here"
exec .venv/bin/python main.py "$@"
