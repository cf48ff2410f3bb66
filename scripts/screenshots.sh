#!/usr/bin/env bash
# Re-take the README's screenshots of the window and of the printed output (docs/screenshots/).
# Run after a change that shows on screen or paper:  bash scripts/screenshots.sh
# Uses a temporary per-user data folder (KJZC_DATA_DIR), so it never reads or changes your own.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || { echo "先运行 bash scripts/setup.sh"; exit 2; }
command -v pdftoppm >/dev/null || { echo "需要 poppler-utils（pdftoppm）：bash scripts/setup.sh 会安装"; exit 2; }
OUT=docs/screenshots
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export KJZC_DATA_DIR="$TMP/data" QT_QPA_PLATFORM=offscreen
mkdir -p "$OUT" "$KJZC_DATA_DIR"
shot() { local name=$1; shift; "$PY" main.py screenshot --out "$OUT/$name.png" "$@"; echo "$OUT/$name.png"; }
page() {  # page PDF N NAME: page N of a PDF as a PNG at 80 dpi
  pdftoppm -png -r 80 -f "$2" -l "$2" -singlefile "$1" "$OUT/$3"; echo "$OUT/$3.png"; }

shot window-home
shot window-search --search 高新技术企业
shot window-measure --open hb12-10b
shot window-contacts --panel contacts
shot window-compare --panel compare --open jiebang
shot window-calculator --panel calculator --open zb-05-10
shot window-presentation --presentation --open zb-05-10
shot window-cards --panel cards
# three screens (issue 13.2/13.3/13.6): the normal window, 演示模式 (F11) and 展台模式 with a search active
for size in 1024x768 1366x768 1920x1080; do
  shot "screen-${size%%x*}" --size "$size" --search 揭榜挂帅
  shot "screen-${size%%x*}-f11" --size "$size" --search 揭榜挂帅 --presentation
  shot "screen-${size%%x*}-kiosk" --size "$size" --search 揭榜挂帅 --kiosk  # 展台模式 (issue 13.6)
done
shot window-kiosk --size 1366x768 --kiosk

"$PY" main.py cards --layout mingbai --out "$TMP/mingbai.pdf" >/dev/null
page "$TMP/mingbai.pdf" 1 cards-mingbai-cover
page "$TMP/mingbai.pdf" 2 cards-mingbai
"$PY" main.py cards --layout contact --out "$TMP/contact.pdf" >/dev/null
page "$TMP/contact.pdf" 1 cards-contact
"$PY" main.py cards --layout list --out "$TMP/list.pdf" >/dev/null
page "$TMP/list.pdf" 1 cards-list
"$PY" main.py export-pdf --out "$TMP/handbook.pdf" >/dev/null
page "$TMP/handbook.pdf" 2 handbook-toc
page "$TMP/handbook.pdf" 5 handbook-page

# 我的企业 at 1366×768 and its one-page 政策体检单 (README “我的企业 — 政策体检”; the 完整版 is --full)
cat > "$TMP/企业.yaml" <<'YAML'
企业名称: 石家庄某某智能装备有限公司
county: 长安区
high_tech: new
sme: "yes"
scale: above
industry: equipment
rd_increase: 200万
loan_interest: 30万
YAML
shot window-profile --panel profile --profile "$TMP/企业.yaml" --size 1366x768
"$PY" main.py match --profile "$TMP/企业.yaml" --pdf "$TMP/checkup.pdf" >/dev/null
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$TMP/checkup.pdf" "$OUT/checkup-page1"; echo "$OUT/checkup-page1.png"

# The real window on an X server (Xvfb through Qt's xcb plugin), driven like a user: type the pinyin
# gxjsqy, open the first hit, Ctrl+K for its calculator.  Needs xvfb, xdotool and imagemagick's import
# (not installed by setup.sh: `sudo apt-get install xdotool imagemagick`); skipped without them.
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null && command -v import >/dev/null; then
  (
    export QT_QPA_PLATFORM=xcb DISPLAY=:77
    Xvfb :77 -screen 0 1280x800x24 >/dev/null 2>&1 & xvfb=$!
    sleep 1
    "$PY" main.py >/dev/null 2>&1 & app=$!
    wid=""
    for _ in $(seq 1 60); do wid=$(xdotool search --name "科技政策一点通" 2>/dev/null | head -1); [ -n "$wid" ] && break; sleep 0.5; done
    sleep 2
    xdotool windowfocus --sync "$wid" 2>/dev/null || true
    xdotool key --window "$wid" ctrl+f; sleep 0.3
    xdotool type --delay 100 gxjsqy; sleep 2
    xdotool key Return; sleep 1.5
    xdotool key ctrl+k; sleep 2
    import -window root "$OUT/window-xvfb.png"
    kill "$app" "$xvfb" 2>/dev/null || true
  )
  echo "$OUT/window-xvfb.png"
else
  echo "（跳过真实窗口截图：需要 Xvfb、xdotool 和 imagemagick）"
fi
