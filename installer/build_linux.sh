#!/usr/bin/env bash
# Builds 科技政策一点通 for Linux from a clean clone:
#   dist/kjzc/                                   the one-folder bundle (PyInstaller, installer/kjzc.spec)
#   dist/kjzc-VERSION-linux-ARCH.tar.gz          the same, for distributions without dpkg
#   dist/kejizhengce-yidiantong_VERSION_ARCH.deb Debian / Ubuntu / 统信UOS / 麒麟 package
#
# Usage: bash installer/build_linux.sh [--no-setup] [--no-deb] [--no-smoke]
#   --no-setup  do not run scripts/setup.sh (system libraries, .venv) — for a prepared machine
#   --no-deb    stop after the bundle and the tarball
#   --no-smoke  do not run the frozen binary after building it
# Environment: PYTHON (for a new .venv), KJZC_FONT_FILE (see kjzc.spec), KJZC_ALLOW_CONTENT_ERRORS=1
# (build even when `main.py check` reports problems), GLIBC_FLOOR (default 2.35, Ubuntu 22.04: the
# build fails if a shipped binary needs a newer glibc).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

setup=1; deb=1; smoke=1
for arg in "$@"; do
  case "$arg" in
    --no-setup) setup=0 ;;
    --no-deb) deb=0 ;;
    --no-smoke) smoke=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "build_linux.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
die() { echo "build_linux.sh: $*" >&2; exit 1; }

PKG=kejizhengce-yidiantong
GLIBC_FLOOR="${GLIBC_FLOOR:-2.35}"   # Ubuntu 22.04; Debian 12 has 2.36, Ubuntu 24.04 2.39
APP_NAME="科技政策一点通"
BUILD="$root/build/installer"
DIST="$root/dist"
PY="$root/.venv/bin/python"

# ------------------------------------------------------------------------------------------------
step "environment"
if [ "$setup" = 1 ]; then
  bash scripts/setup.sh
fi
[ -x "$PY" ] || die ".venv is missing: run bash scripts/setup.sh (or drop --no-setup)"
if ! "$PY" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "installing PyInstaller into .venv"
  "$PY" -m pip install -q --disable-pip-version-check "pyinstaller>=6.10,<7"
fi
# Debian packages the build needs besides scripts/setup.sh's: objdump (PyInstaller uses it on Linux)
# and the shared libpython of .venv's Python, which PyInstaller bundles (Debian's python3.X package does
# not include it: "libpython3.X.so.1.0 was not found").
pyver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
need_pkgs=()
command -v objdump >/dev/null 2>&1 || need_pkgs+=(binutils)
if [ "$deb" = 1 ]; then command -v dpkg-deb >/dev/null 2>&1 || need_pkgs+=(dpkg); fi
libpython="$("$PY" -c 'import sysconfig as s; print(s.get_config_var("INSTSONAME") or "")')"
if [ -n "$libpython" ] && ! "$PY" - "$libpython" <<'PYEOF'
import ctypes.util, os, sys, sysconfig
name = sys.argv[1]
found = os.path.exists(os.path.join(sysconfig.get_config_var("LIBDIR") or "", name)) or ctypes.util.find_library(name.split(".so")[0][3:])
sys.exit(0 if found else 1)
PYEOF
then
  need_pkgs+=("libpython$pyver")
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "please install: ${need_pkgs[*]}"
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then
    sudo -v 2>/dev/null || die "missing Debian packages; run: sudo apt-get install --no-install-recommends ${need_pkgs[*]}"
    sudo_cmd=(sudo)
  fi
  echo "installing ${need_pkgs[*]}"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null \
    || die "apt-get install ${need_pkgs[*]} failed"
fi
VERSION="$("$PY" -c 'import main; print(main.__version__)')"
ARCH="$(dpkg --print-architecture 2>/dev/null || uname -m)"
echo "version $VERSION, architecture $ARCH, $("$PY" -m PyInstaller --version | sed 's/^/PyInstaller /')"

# ------------------------------------------------------------------------------------------------
step "content check"
export KJZC_DATA_DIR="$BUILD/userdata"      # nothing the build runs touches the builder's own data
rm -rf "$BUILD/userdata"; mkdir -p "$BUILD/userdata"
if ! "$PY" main.py check; then
  [ "${KJZC_ALLOW_CONTENT_ERRORS:-0}" = 1 ] || die "the content has problems (see above); fix them or set KJZC_ALLOW_CONTENT_ERRORS=1"
  echo "continuing despite content problems (KJZC_ALLOW_CONTENT_ERRORS=1)"
fi

# ------------------------------------------------------------------------------------------------
step "icons"
rm -rf "$BUILD/icons"
QT_QPA_PLATFORM=offscreen "$PY" installer/make_icons.py "$BUILD/icons"

# ------------------------------------------------------------------------------------------------
step "prebuilt search index"
rm -rf "$BUILD/prebuilt_index"
"$PY" installer/prebuild_index.py "$BUILD/prebuilt_index"

# ------------------------------------------------------------------------------------------------
step "bundle (PyInstaller)"
rm -rf "$DIST/kjzc"
KJZC_BUILD_DIR="$BUILD" "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$BUILD/pyinstaller" installer/kjzc.spec
BIN="$DIST/kjzc/kjzc"
[ -x "$BIN" ] || die "PyInstaller produced no $BIN"
# Tests never belong in the bundle.
if find "$DIST/kjzc" -path '*/tests/*' -o -name 'conftest*' | grep -q .; then die "tests ended up in the bundle"; fi

# ------------------------------------------------------------------------------------------------
if [ "$smoke" = 1 ]; then
  step "smoke test of the frozen binary"
  smoke_dir="$(mktemp -d)"
  trap 'rm -rf "$smoke_dir"' EXIT
  export KJZC_DATA_DIR="$smoke_dir/userdata" QT_QPA_PLATFORM=offscreen
  "$BIN" --version
  "$BIN" --help | grep '^用法：kjzc ' || die "--help does not call the program kjzc"
  "$BIN" check
  if [ -f index/cli.py ]; then
    "$BIN" search 揭榜挂帅 --json --limit 3 > "$smoke_dir/search.json"
    "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1],encoding="utf-8")); assert d["hits"], "no hits"; print("search 揭榜挂帅:", d["total"], "hits; first", d["hits"][0]["id"])' "$smoke_dir/search.json"
  else
    echo "(index/cli.py not there yet: search not checked)"
  fi
  # PDF import in the frozen app (pdfplumber, and pypdfium2's ctypes-loaded libpdfium): a PDF it wrote itself.
  QT_QPA_PLATFORM=offscreen "$BIN" export-pdf --doc changan-mingbaika --out "$smoke_dir/doc.pdf" >/dev/null
  set +e; "$BIN" import "$smoke_dir/doc.pdf" --out "$smoke_dir/draft.yaml" > "$smoke_dir/import.txt" 2>&1; rc=$?; set -e
  { [ "$rc" -le 1 ] && grep -q "^草稿：" "$smoke_dir/import.txt"; } || { cat "$smoke_dir/import.txt"; die "import of a PDF failed (exit $rc)"; }
  echo "import of a PDF: draft written ($(grep -c '' "$smoke_dir/draft.yaml") lines)"
  # 咨询登记 in the frozen app: the SQLite log (sqlite3 must stay in the bundle) and openpyxl.
  "$BIN" consult --xlsx "$smoke_dir/consult.xlsx" >/dev/null || die "consult --xlsx failed"
  "$PY" -c 'import sys,zipfile; assert "xl/workbook.xml" in zipfile.ZipFile(sys.argv[1]).namelist(); print("consult --xlsx: workbook written")' "$smoke_dir/consult.xlsx"
  if [ -f ui/app.py ]; then
    "$BIN" screenshot --out "$smoke_dir/window.png" --search 揭榜挂帅
    [ -s "$smoke_dir/window.png" ] || die "screenshot wrote nothing"
    echo "screenshot: $(wc -c < "$smoke_dir/window.png") bytes"
  else
    echo "(ui/app.py not there yet: screenshot not checked)"
  fi
  unset KJZC_DATA_DIR QT_QPA_PLATFORM
fi

# ------------------------------------------------------------------------------------------------
step "tarball"
TARBALL="$DIST/kjzc-$VERSION-linux-$ARCH.tar.gz"
tar -C "$DIST" -czf "$TARBALL" kjzc
echo "bundle: $(du -sh "$DIST/kjzc" | cut -f1) on disk, $(du -h "$TARBALL" | cut -f1) compressed ($TARBALL)"

[ "$deb" = 1 ] || exit 0

# ------------------------------------------------------------------------------------------------
step ".deb"
# Libraries the bundle takes from the system (SYSTEM_LIB in kjzc.spec), the offscreen set and the xcb
# set a real window needs.  No font: the bundle carries WenQuanYi Micro Hei.
DEB_DEPENDS="libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libfontconfig1, libfreetype6, libglib2.0-0 | libglib2.0-0t64, \
libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-glx0, libxcb-icccm4, libxcb-image0, \
libxcb-keysyms1, libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, \
libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libxext6, libxrender1, libcups2 | libcups2t64, libstdc++6, libgcc-s1, zlib1g, \
libexpat1 (>= 2.4.0)"
# The newest glibc symbol version any shipped binary needs.
glibc="$(find "$DIST/kjzc" -type f \( -name '*.so*' -o -name kjzc \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
[ -n "$glibc" ] || die "no GLIBC symbol version found in the bundle (objdump?)"
# The oldest supported system is Ubuntu 22.04 (glibc 2.35); the package must install there.  A newer
# build machine may ship a library needing more: name it, so it can be taken from the system instead
# (SYSTEM_LIB in kjzc.spec) — never raise the floor silently.
if [ "$(printf '%s\n%s\n' "$glibc" "$GLIBC_FLOOR" | sort -V | tail -1)" != "$GLIBC_FLOOR" ]; then
  find "$DIST/kjzc" -type f \( -name '*.so*' -o -name kjzc \) | while read -r f; do
    v="$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
    [ -n "$v" ] && [ "$(printf '%s\n%s\n' "$v" "$GLIBC_FLOOR" | sort -V | tail -1)" != "$GLIBC_FLOOR" ] && echo "  $f needs glibc $v" >&2
  done
  die "the bundle needs glibc $glibc, newer than the supported floor $GLIBC_FLOOR (Ubuntu 22.04); set GLIBC_FLOOR to accept"
fi
echo "newest glibc symbol used: $glibc (floor $GLIBC_FLOOR)"
DEB_DEPENDS="libc6 (>= $glibc), $DEB_DEPENDS"

stage="$BUILD/deb/${PKG}_${VERSION}_${ARCH}"
rm -rf "$BUILD/deb"
mkdir -p "$stage/DEBIAN" "$stage/opt/$PKG" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/usr/share/doc/$PKG" "$stage/usr/share/icons/hicolor/scalable/apps"
cp -a "$DIST/kjzc/." "$stage/opt/$PKG/"
ln -s "/opt/$PKG/kjzc" "$stage/usr/bin/kjzc"
for s in 16 24 32 48 64 128 256; do
  mkdir -p "$stage/usr/share/icons/hicolor/${s}x${s}/apps"
  cp "$BUILD/icons/kjzc-$s.png" "$stage/usr/share/icons/hicolor/${s}x${s}/apps/$PKG.png"
done
cp "$BUILD/icons/kjzc.svg" "$stage/usr/share/icons/hicolor/scalable/apps/$PKG.svg"
cat > "$stage/usr/share/applications/$PKG.desktop" <<EOF
[Desktop Entry]
Type=Application
Version=1.4
Name=$APP_NAME
Name[zh_CN]=$APP_NAME
GenericName=Science and technology policy handbook
GenericName[zh_CN]=科技政策手册
Comment=Offline, searchable handbook of Hebei science and technology policies
Comment[zh_CN]=离线查阅河北省、市、区县科技政策：检索、补助测算、明白卡打印
Exec=kjzc
TryExec=kjzc
Icon=$PKG
Terminal=false
Categories=Office;Qt;
Keywords=policy;subsidy;handbook;政策;科技;补助;高企;明白卡;
StartupNotify=true
StartupWMClass=kjzc
EOF
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: $APP_NAME ($PKG)"
  echo
  echo "Files: *"
  echo "License: MIT"
  echo
  cat installer/assets/THIRD-PARTY-LICENSES.txt
} > "$stage/usr/share/doc/$PKG/copyright"
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod go-w,a+r {} +
installed_kb="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
cat > "$stage/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: $APP_NAME project <kjzc@localhost>
Installed-Size: $installed_kb
Depends: $DEB_DEPENDS
Section: misc
Priority: optional
Description: $APP_NAME — offline science and technology policy handbook
 An offline, searchable handbook of the science and technology policies of
 Hebei province, Shijiazhuang and its districts, for science and technology
 bureaus: full-text search (Chinese substrings, pinyin, abbreviations), a
 subsidy calculator and printable contact cards (明白卡).
 .
 Never opens a network connection; writes only to the per-user data folder
 (~/.local/share/$PKG).  Start it from the application menu or run "kjzc".
EOF
DEB="$DIST/${PKG}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '1,12p'
echo "deb: $(du -h "$DEB" | cut -f1) ($DEB)"
