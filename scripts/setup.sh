#!/usr/bin/env bash
# Installs what this machine lacks to run AND to test the app — one set for both README commands
# (scripts/start.sh, scripts/test.sh), so switching between them never installs anything again:
#   1. Debian packages (APT_PACKAGES below) with apt-get, as root or through sudo;
#   2. the Python packages of pyproject.toml (with the dev extra) into .venv, with pip.
# When nothing changed it returns at once and never touches the network (one stamp in .venv; if the
# stamp is stale but .venv already satisfies pyproject.toml, pip is not run either).
# Under sudo, .venv is made by and belongs to the user who ran sudo (SUDO_USER), never root.
#
# Usage: bash scripts/setup.sh [--print-apt]
#   --print-apt   print the apt-get command for what is missing (nothing if nothing is) and exit
# Environment: PYTHON (interpreter for a new .venv; default: python3 if it is 3.11 or newer, else
#   python3.11), PIP_CERT / PIP_INDEX_URL / https_proxy (passed to pip as usual), KJZC_SETUP_LOG.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# shellcheck source=scripts/common.sh
. "$here/scripts/common.sh"

# ------------------------------------------------------------------------------------------------
# Debian packages, ONE list for both README commands (add new ones here, one group a line).
APT_PACKAGES=(
  # Qt offscreen
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3
  # Qt on screen (xcb)
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxkbcommon-x11-0
  # a Chinese font
  fonts-wqy-microhei
  # tests: PDF text and pictures (pdftotext, pdffonts, pdftoppm), QR codes (zbarimg)
  poppler-utils zbar-tools
  # tests: the real window on an X server of any screen size (xvfb-run; tests/ui/test_xvfb_screens.py)
  xvfb xauth
)
# ------------------------------------------------------------------------------------------------

print_apt=0
for arg in "$@"; do
  case "$arg" in
    --print-apt) print_apt=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "未知选项 $arg（见 bash scripts/setup.sh --help）" 2 ;;
  esac
done

# Python: 3.11 or newer (Debian 12: python3; Ubuntu 22.04: python3.11 from its archive).
py_ok() { command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for c in python3 python3.13 python3.12 python3.11; do
    if py_ok "$c"; then py="$c"; break; fi
  done
fi
py_pkgs=()
if [ -z "$py" ]; then
  if command -v python3 >/dev/null 2>&1; then py=python3.11; else py=python3; fi  # python3 too old: Ubuntu 22.04
  py_pkgs=("$py" "$py-venv")
elif ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  case "$py" in python3.*) py_pkgs=("$py-venv") ;; *) py_pkgs=(python3-venv) ;; esac
fi

# ------------------------------------------------------------------------------------------------
# 1. Debian packages
missing=()
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  wanted=("${APT_PACKAGES[@]}" "${py_pkgs[@]}")
  installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null || true)"
  for p in "${wanted[@]}"; do
    grep -q "^$p ii" <<<"$installed" || missing+=("$p")
  done
elif [ ${#py_pkgs[@]} -gt 0 ]; then
  die "没有找到 Python 3.11 或更新的版本（含 venv 模块）。请先安装，或用 PYTHON=/路径/python3.11 指定。"
fi
apt_line="sudo apt-get install --no-install-recommends ${missing[*]:-}"
if [ "$print_apt" = 1 ]; then
  [ ${#missing[@]} -eq 0 ] || echo "$apt_line"
  exit 0
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1 || ! sudo -v 2>/dev/null; then
      {
        echo "本机缺少 ${#missing[@]} 个系统软件包，当前用户无法安装（需要 root 或 sudo 权限）。"
        echo "请让管理员运行下面这一行（两条 README 命令共用这一份清单），然后再运行本命令："
        echo
        echo "    $apt_line"
        echo
      } >&2
      exit 1
    fi
    sudo_cmd=(sudo)
  fi
  apt_env=(env DEBIAN_FRONTEND=noninteractive)
  quietly "安装系统软件包（${#missing[@]} 个）：更新软件源" "${sudo_cmd[@]}" "${apt_env[@]}" apt-get update \
    || die "apt-get update 失败（网络或软件源问题），详见 $KJZC_LOG"
  quietly "安装系统软件包（${#missing[@]} 个）" "${sudo_cmd[@]}" "${apt_env[@]}" apt-get install -y \
    --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" \
    || die "apt-get install 失败，详见 $KJZC_LOG"
fi

# ------------------------------------------------------------------------------------------------
# 2. .venv, belonging to the user this is for (the one who ran sudo, if it was sudo)
check_ownership
venv_py="$here/.venv/bin/python"
stamp="$here/.venv/.kjzc-setup"
# The stamp: what pyproject.toml said and which Python .venv has, when .venv last satisfied it.
stamp_key() { echo "$(sha1sum < pyproject.toml | cut -c1-16) $(readlink -f "$venv_py" 2>/dev/null)"; }
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_key)" ] && [ -x "$venv_py" ]; then
  exit 0                                   # the fast path: nothing changed, no pip, no network
fi
if ! "$venv_py" -c '' >/dev/null 2>&1; then
  rm -rf "$here/.venv" 2>/dev/null || true
  quietly "创建 Python 虚拟环境 .venv（$("$py" -c 'import sys; print(sys.version.split()[0])')）" \
    as_user "$py" -m venv "$here/.venv" \
    || die "“$py -m venv”失败；Debian/Ubuntu 上请安装 python3-venv，详见 $KJZC_LOG"
fi
init_log
if ! as_user "$venv_py" scripts/venv_state.py "$here" dev >>"$KJZC_LOG" 2>&1; then
  quietly "安装 Python 软件包（首次运行需下载约 140 MB）" \
    as_user "$venv_py" -m pip install --progress-bar off --disable-pip-version-check -e ".[dev]" \
    || die "pip 安装失败。无网络时请在能上网时再运行一次；在 HTTPS 代理后请设置 https_proxy 和 PIP_CERT（见 README）。详见 $KJZC_LOG"
fi
stamp_key | as_user tee "$stamp" >/dev/null
