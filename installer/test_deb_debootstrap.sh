#!/usr/bin/env bash
# Installs the .deb into a bare Debian 12 root (debootstrap --variant=minbase) and runs the app there:
# the CLI (--version, check, search), an offscreen screenshot, as an ordinary user, from the read-only
# /opt installation; then removes the package again.  Needs root (debootstrap, chroot, mount).
#
# Usage: bash installer/test_deb_debootstrap.sh [DEB] [ROOT_DIR]
#   DEB       default: the newest dist/kejizhengce-yidiantong_*.deb
#   ROOT_DIR  default: /tmp/deb12root (made once, reused; delete it for a fresh root)
# Environment: MIRROR (default: this machine's configured Debian mirror, from /etc/apt/sources.list*),
#              SHOT (where to copy the screenshot; default dist/deb12-screenshot.png),
#              XVFB=1 (also install xvfb in the root and start the real window on an X server, through
#              Qt's xcb plugin, until it reports the first frame: checks the xcb Depends).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls -t "$here"/dist/kejizhengce-yidiantong_*.deb 2>/dev/null | head -1)}"
rootfs="${2:-/tmp/deb12root}"
shot_out="${SHOT:-$here/dist/deb12-screenshot.png}"
[ -f "$deb" ] || { echo "test_deb_debootstrap.sh: no .deb (run installer/build_linux.sh first)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "test_deb_debootstrap.sh: needs root" >&2; exit 2; }

mirror="${MIRROR:-}"
if [ -z "$mirror" ]; then
  # deb822 files first (URIs: of an entry whose Suites has bookworm but is not the security suite).
  mirror="$(awk 'BEGIN{RS=""} /Suites:[^\n]*bookworm([ \n]|$)/ && !/debian-security/ {
              for (i = 1; i <= NF; i++) if ($i == "URIs:") { print $(i+1); exit } }' \
            /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)"
fi
if [ -z "$mirror" ]; then
  mirror="$(grep -hE '^deb +(\[[^]]*\] +)?[a-z]+://[^ ]+ +bookworm( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}' | head -1 || true)"
fi
[ -n "$mirror" ] || { echo "test_deb_debootstrap.sh: no Debian bookworm mirror configured; set MIRROR" >&2; exit 2; }

if ! command -v debootstrap >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
fi
if [ ! -x "$rootfs/usr/bin/apt-get" ]; then
  echo "== debootstrap --variant=minbase bookworm $rootfs $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror"
fi

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
for fs in proc sys dev dev/pts; do
  if ! mountpoint -q "$rootfs/$fs"; then
    case "$fs" in
      proc) mount -t proc proc "$rootfs/proc" ;;
      sys) mount -t sysfs sys "$rootfs/sys" ;;
      dev) mount --bind /dev "$rootfs/dev" ;;
      dev/pts) mount -t devpts devpts "$rootfs/dev/pts" ;;
    esac
    mounted+=("$rootfs/$fs")
  fi
done
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@"; }

echo "== install $(basename "$deb") with apt (pulls the declared Depends, nothing else)"
cp "$deb" "$rootfs/tmp/app.deb"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/app.deb
in_root dpkg -s kejizhengce-yidiantong | sed -n '1,3p'
in_root sh -c 'ls /usr/share/fonts 2>/dev/null || echo "(no fonts installed in the root)"'
in_root sh -c 'test -x /usr/bin/kjzc && test -f /usr/share/applications/kejizhengce-yidiantong.desktop && test -f /usr/share/icons/hicolor/256x256/apps/kejizhengce-yidiantong.png && echo "launcher, desktop entry and icon installed"'

echo "== run as an ordinary user"
in_root sh -c 'id clerk >/dev/null 2>&1 || useradd -m -s /bin/sh clerk'
in_root touch /tmp/before-run
run_user() {
  chroot --userspec=clerk:clerk "$rootfs" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/clerk \
    QT_QPA_PLATFORM=offscreen "$@"
}
run_user kjzc --version
run_user kjzc --help | grep '^用法：kjzc ' || { echo "kjzc --help does not call the program kjzc"; exit 1; }
run_user kjzc check
if run_user kjzc search 揭榜挂帅 --json --limit 3 > "$rootfs/tmp/search.json" 2> "$rootfs/tmp/search.err"; then
  head -c 400 "$rootfs/tmp/search.json"; echo
else
  echo "search: $(cat "$rootfs/tmp/search.err")"
fi
run_user kjzc screenshot --out /tmp/shot.png --search 揭榜挂帅
cp "$rootfs/tmp/shot.png" "$shot_out"
echo "screenshot copied to $shot_out"
if [ "${XVFB:-0}" = 1 ]; then
  echo "== real window on Xvfb (xcb)"
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth >/dev/null
  run_user sh -c 'QT_QPA_PLATFORM=xcb KJZC_STARTUP_PROBE=1 xvfb-run -a -s "-screen 0 1280x800x24" kjzc' \
    | grep KJZC_WINDOW_SHOWN || { echo "the window did not come up on Xvfb"; exit 1; }
fi
written="$(in_root find /opt/kejizhengce-yidiantong -newer /tmp/before-run | head -5)"
[ -z "$written" ] || { echo "the app wrote inside its installation folder:"; echo "$written"; exit 1; }
echo "nothing written inside /opt/kejizhengce-yidiantong; per-user data:"
in_root sh -c 'ls -A /home/clerk/.local/share/kejizhengce-yidiantong 2>/dev/null || true'

echo "== remove"
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq kejizhengce-yidiantong
in_root sh -c 'test ! -e /opt/kejizhengce-yidiantong && test ! -e /usr/bin/kjzc && echo "removed cleanly"'
