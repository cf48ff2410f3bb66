#!/usr/bin/env bash
# README command 1: sets up what is missing (scripts/setup.sh; nothing, and no network, once done),
# then starts 科技政策一点通.  Extra arguments go to main.py, e.g. `bash scripts/start.sh search 揭榜挂帅`.
# Run it as yourself; under sudo, the app (and .venv) still run as the user who ran sudo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/setup.sh"
. "$here/scripts/common.sh"
cd "$here"
as_user "$here/.venv/bin/python" main.py "$@"
