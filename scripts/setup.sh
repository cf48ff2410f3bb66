#!/usr/bin/env bash
# Installs what this machine lacks to run (and, with --dev, to test) the app.
# Harmless to run twice: apt-get only for missing packages, pip only into .venv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

dev=0
gui=0
for arg in "$@"; do
  case "$arg" in
    --dev) dev=1 ;;
    --gui) gui=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# System libraries Qt needs offscreen, a Chinese font, and the PDF/QR tools the tests use.
pkgs=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-wqy-microhei)
if [ "$dev" = 1 ]; then
  pkgs+=(poppler-utils zbar-tools)
fi
if [ "$gui" = 1 ]; then
  pkgs+=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
         libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
fi
py="${PYTHON:-python3}"
# A bare Debian/Ubuntu may lack Python itself or its venv module.
if ! command -v "$py" >/dev/null 2>&1 || ! "$py" -c "import venv, ensurepip" >/dev/null 2>&1; then
  pkgs+=(python3 python3-venv python3-pip)
fi
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "setup.sh: please install as root: apt-get install ${missing[*]}" >&2; sudo="skip"; fi
    fi
    if [ "$sudo" != "skip" ]; then
      echo "setup.sh: installing system packages: ${missing[*]}"
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv || {
    echo "setup.sh: python3 -m venv failed; on Debian install python3-venv" >&2; exit 1; }
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$dev"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  if [ "$dev" = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[dev]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
