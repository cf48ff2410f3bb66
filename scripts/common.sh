# Shared by scripts/setup.sh, start.sh and test.sh (sourced, not run).  Needs $here (the project root).
#
# Who the work is for: the user who ran the script, also when it was run with sudo — then .venv,
# the caches and the app belong to SUDO_USER, and only apt-get runs as root.

die() {  # die MESSAGE [EXIT_CODE]
  echo "$(basename "$0"): $1" >&2
  exit "${2:-1}"
}

# The user this is for: SUDO_USER under sudo (if it is an ordinary user), else whoever runs it.
if [ "$(id -u)" = 0 ] && [ -n "${SUDO_USER:-}" ] && [ "${SUDO_USER}" != root ] && id -u "$SUDO_USER" >/dev/null 2>&1; then
  KJZC_USER="$SUDO_USER"
else
  KJZC_USER="$(id -un)"
fi

as_user() {  # as_user CMD ARG...: run as $KJZC_USER (drops root when run with sudo; environment kept)
  if [ "$(id -un)" = "$KJZC_USER" ]; then
    "$@"
  else
    runuser -u "$KJZC_USER" -- env HOME="$(getent passwd "$KJZC_USER" | cut -d: -f6)" "$@"
  fi
}

# The log of the noisy steps (apt-get, pip), written as that user; the terminal shows one line a step.
init_log() {
  [ -z "${KJZC_LOG:-}" ] || return 0
  KJZC_LOG="$here/build/setup.log"
  if ! as_user sh -c 'mkdir -p "$1/build" && touch "$2"' sh "$here" "$KJZC_LOG" 2>/dev/null; then
    KJZC_LOG="${TMPDIR:-/tmp}/kjzc-setup-$(id -u "$KJZC_USER").log"
  fi
  export KJZC_LOG
}

check_ownership() {  # refuse clearly when files the setup must write belong to someone else
  local bad=() p
  for p in "$here/.venv" "$here"/*.egg-info "$here/build" "$here/.pytest_cache" "$here/.mypy_cache" \
           "$here/.ruff_cache" "$here/.hypothesis"; do
    [ -e "$p" ] || continue
    if [ -n "$(find "$p" ! -user "$KJZC_USER" -print -quit 2>/dev/null)" ]; then bad+=("$p"); fi
  done
  if ! as_user test -w "$here"; then
    die "用户 $KJZC_USER 无法写入项目文件夹 $here。请把项目放到自己的文件夹里（例如 git clone 到主目录）后再运行。"
  fi
  if [ ${#bad[@]} -gt 0 ]; then
    {
      echo "$(basename "$0"): 这些文件不属于用户 $KJZC_USER（多半是以前用 sudo 运行过）："
      printf '    %s\n' "${bad[@]}"
      echo "请运行下面这一行把它们交还给 $KJZC_USER，然后以自己的身份（不加 sudo）重新运行本命令："
      echo
      echo "    sudo chown -R $KJZC_USER: ${bad[*]}"
      echo
    } >&2
    exit 1
  fi
}

quietly() {  # quietly LABEL CMD ARG...: the command's output goes to $KJZC_LOG; the terminal shows
  # one line (on a terminal: updated with the command's latest line), then 完成 or 失败 and the log's tail.
  local label=$1 rc=0 start=$SECONDS cols line
  shift
  init_log
  printf '\n==== %s: %s\n' "$(date '+%F %T')" "$*" >>"$KJZC_LOG"
  if [ -t 1 ]; then
    cols=$(( $(tput cols 2>/dev/null || echo 100) - ${#label} * 2 - 8 ))
    [ "$cols" -gt 20 ] || cols=20
    printf '%s …' "$label"
    set +e
    "$@" 2>&1 | while IFS= read -r line; do
      printf '%s\n' "$line" >>"$KJZC_LOG"
      line="${line//$'\r'/}"
      printf '\r\033[K%s … %s' "$label" "${line:0:$cols}"
    done
    rc=${PIPESTATUS[0]}
    set -e
    printf '\r\033[K%s … ' "$label"
  else
    printf '%s … ' "$label"
    "$@" >>"$KJZC_LOG" 2>&1 || rc=$?
  fi
  if [ "$rc" = 0 ]; then
    echo "完成（$((SECONDS - start)) 秒）"
  else
    echo "失败（退出码 $rc）；日志最后几行："
    tail -n 15 "$KJZC_LOG" | sed 's/^/    /'
    echo "完整日志：$KJZC_LOG"
  fi
  return "$rc"
}
