# serve_open.sh — `kith serve` outside the browser: it opens the printed
# address with xdg-open only where a desktop is present, stops cleanly on
# SIGINT, and refuses a port already taken.
set -u
: "${KITH:?KITH is not set (run through ctest)}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-serve.XXXXXX")
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL [serve_open]: $*" >&2; FAILS=$((FAILS + 1)); }
unset KITH_DB KITH_NOW

# a fake xdg-open that records what it was asked to open, and its signal mask
mkdir -p "$TMP/bin"
# (python, not sh: a shell resets its signal mask when it starts)
cat > "$TMP/bin/xdg-open" <<'PY'
#!/usr/bin/python3
import os, sys
with open("/proc/self/status") as f:
    mask = [l for l in f if l.startswith("SigBlk")]
with open(os.environ["XDG_OPEN_LOG"] + ".mask", "w") as f:
    f.writelines(mask)
with open(os.environ["XDG_OPEN_LOG"], "a") as f:
    f.write(sys.argv[1] + "\n")
PY
chmod +x "$TMP/bin/xdg-open"
export XDG_OPEN_LOG=$TMP/opened

# start VAR=VALUE... [-- SERVE-OPTIONS...]: kith serve with that
# environment; sets PID and URL
start() {
    local envs=() opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    opts=("$@")
    : > "$TMP/out"
    env "${envs[@]}" "$KITH" --db "$TMP/kith.db" serve "${opts[@]}" > "$TMP/out" 2> "$TMP/err" </dev/null &
    PID=$!
    PIDS+=("$PID")
    URL=
    for _ in $(seq 100); do
        URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/?token=[0-9a-f]*' "$TMP/out")
        [ -n "$URL" ] && break
        sleep 0.1
    done
    [ -n "$URL" ] || fail "no address printed: $(cat "$TMP/out" "$TMP/err")"
}

# stops it with signal $1; it must exit 0 and say why
stop() {
    kill -s "$1" "$PID"
    local rc=0
    wait "$PID" || rc=$?
    [ "$rc" = 0 ] || fail "exit status $rc after SIG$1: $(cat "$TMP/err")"
    grep -q "kith: stopped ($2)" "$TMP/err" || fail "after SIG$1 stderr was: $(cat "$TMP/err")"
}

# a desktop: xdg-open gets the address with its token
start PATH="$TMP/bin:$PATH" DISPLAY=:99 WAYLAND_DISPLAY=
for _ in $(seq 50); do [ -s "$XDG_OPEN_LOG" ] && break; sleep 0.1; done
[ "$(cat "$XDG_OPEN_LOG" 2>/dev/null)" = "$URL" ] ||
    fail "xdg-open got '$(cat "$XDG_OPEN_LOG" 2>/dev/null)', want '$URL'"
# what kith blocks while it serves must not reach the browser
grep -q '^SigBlk:[[:space:]]*0*$' "$XDG_OPEN_LOG.mask" ||
    fail "xdg-open inherited blocked signals: $(cat "$XDG_OPEN_LOG.mask")"
PORT=${URL#http://127.0.0.1:}
PORT=${PORT%%/*}

# the port is taken now: a second server on it fails clearly
"$KITH" --db "$TMP/kith.db" serve --no-open --port "$PORT" > /dev/null 2> "$TMP/err2" </dev/null
rc=$?
[ "$rc" = 1 ] || fail "a taken port: exit status $rc"
grep -q "cannot listen on 127.0.0.1:$PORT" "$TMP/err2" || fail "a taken port: $(cat "$TMP/err2")"
stop INT interrupt

# no desktop (or --no-open): nothing is opened
rm -f "$XDG_OPEN_LOG"
start PATH="$TMP/bin:$PATH" DISPLAY= WAYLAND_DISPLAY=
sleep 0.5
[ ! -e "$XDG_OPEN_LOG" ] || fail "xdg-open ran without a desktop"
stop TERM terminated
start PATH="$TMP/bin:$PATH" DISPLAY=:99 -- --no-open
sleep 0.5
[ ! -e "$XDG_OPEN_LOG" ] || fail "xdg-open ran with --no-open"
stop TERM terminated

[ "$FAILS" = 0 ] || exit 1
echo "serve_open: ok"
