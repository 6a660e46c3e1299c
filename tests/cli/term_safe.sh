#!/bin/bash
# term_safe.sh — card text is data (issue 15, 1): a vCard QR code whose name
# holds ESC ] 0 ; … BEL ESC [ 2 J ESC [ 31 m, a note, an edited value and file
# names with escapes and newlines must reach no human-readable output as raw
# control characters — scan (lines, progress, summary, note prompt), watch,
# list, show, next, edit, review, note, log and error lines — while JSON
# output keeps the exact text.
set -u
: "${KITH:?KITH is not set (run through ctest)}"
QRTOOL=$KITH_BINARY_DIR/tests/qr/qr_tool
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-term.XXXXXX")
WATCH_PID=
trap '[ -n "$WATCH_PID" ] && kill -9 "$WATCH_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS NO_COLOR
DB=$TMP/kith.db
FAILS=0
fail() {
    echo "FAIL [term_safe]: $*" >&2
    FAILS=$((FAILS + 1))
}
ESC=$'\033'
BEL=$'\007'
# no raw ESC (other than kith's own colour, which only a terminal gets), BEL,
# or other C0 control but newline in FILE; WHAT names the output
check_clean() {
    local what=$1 file=$2
    "$PY" - "$file" "$what" <<'PYEOF' || FAILS=$((FAILS + 1))
import re, sys
data = open(sys.argv[1], "rb").read()
# kith's own sequences on a terminal: SGR colours, CR + erase line
own = re.compile(rb"\x1b\[(?:[0-9;]*m|K)")
rest = own.sub(b"", data)
bad = [hex(b) for b in set(rest) if (b < 0x20 and b not in (0x0a, 0x0d)) or b == 0x7f]
if bad or b"\x1b" in rest:
    sys.exit("FAIL [term_safe]: %s has raw control bytes %s:\n%r" % (sys.argv[2], bad, data[:600]))
PYEOF
}
# the hostile name shown visibly in FILE
check_visible() {
    grep -qF '\x1b]0;pwned\x07Eve \x1b[2J\x1b[31mMallory' "$2" ||
        fail "$1 does not show the name's escapes visibly: $(cat -v "$2" | head -5)"
}

mkdir -p "$TMP/cards"
"$QRTOOL" draw "$TMP/cards/hostile.png" hostile || { echo "qr_tool failed" >&2; exit 1; }
# a file name with an escape sequence and a newline
EVIL_NAME="$TMP/cards/bad${ESC}[2Jname
two.png"
cp "$TMP/cards/hostile.png" "$EVIL_NAME"

# scan: one line per input even with a newline in a name, nothing raw
"$KITH" --db "$DB" scan --no-prompt "$TMP/cards/hostile.png" "$EVIL_NAME" \
    "$TMP/cards/missing${ESC}]0;x${BEL}.png" >"$TMP/scan.out" 2>"$TMP/scan.err"
check_clean "scan stdout" "$TMP/scan.out"
check_clean "scan stderr" "$TMP/scan.err"
check_visible "scan" "$TMP/scan.out"
[ "$(wc -l <"$TMP/scan.out")" = 3 ] || fail "scan printed $(wc -l <"$TMP/scan.out") lines for 3 inputs"
grep -qF 'bad\x1b[2Jname two.png' "$TMP/scan.out" || fail "scan does not fold the file name: $(cat -v "$TMP/scan.out")"

# --json keeps the exact text, escaped per JSON
"$KITH" --db "$TMP/json.db" scan --json "$TMP/cards/hostile.png" >"$TMP/scan.json" 2>/dev/null
"$PY" - "$TMP/scan.json" <<'PYEOF' || FAILS=$((FAILS + 1))
import json, sys
o = json.loads(open(sys.argv[1], encoding="utf-8").readline())
want = "\x1b]0;pwned\x07Eve \x1b[2J\x1b[31mMallory"
if o.get("name") != want:
    sys.exit("FAIL [term_safe]: --json name is %r, want %r" % (o.get("name"), want))
PYEOF

# the contact commands
"$KITH" --db "$DB" note 1 "knows ${ESC}]0;title${BEL}
a second line" >"$TMP/note.out" 2>&1 || fail "note failed: $(cat -v "$TMP/note.out")"
"$KITH" --db "$DB" edit 1 --title "Boss${ESC}[5m
blink" >"$TMP/edit.out" 2>&1 || fail "edit failed: $(cat -v "$TMP/edit.out")"
"$KITH" --db "$DB" log 1 --kind call --dir both --note "rang ${ESC}[2J" >"$TMP/log.out" 2>&1 ||
    fail "log failed: $(cat -v "$TMP/log.out")"
for c in "list" "show 1" "next" "review" "show 1 --card-image $TMP/card.png"; do
    # shellcheck disable=SC2086
    "$KITH" --db "$DB" $c >"$TMP/c.out" 2>&1
    check_clean "$c" "$TMP/c.out"
done
for f in note edit log; do check_clean "$f" "$TMP/$f.out"; done
"$KITH" --db "$DB" show 1 >"$TMP/show.out" 2>&1
check_visible "show" "$TMP/show.out"
grep -qF 'knows \x1b]0;title\x07 a second line' "$TMP/show.out" ||
    fail "show does not fold the note onto one line: $(cat -v "$TMP/show.out")"
grep -qF 'Boss\x1b[5m blink' "$TMP/show.out" || fail "show does not show the edited title safely"
# show --json stays exact
"$KITH" --db "$DB" show 1 --json >"$TMP/show.json"
grep -qF '"title": "Boss\u001b[5m\nblink"' "$TMP/show.json" || fail "show --json changed the title: $(cat "$TMP/show.json")"

# error lines that quote what the user typed or a file name
"$KITH" --db "$DB" show "nobody${ESC}[2J" >"$TMP/err.out" 2>&1
check_clean "error line" "$TMP/err.out"
"$KITH" --db "$DB" scan --no-prompt "$TMP/nothing${ESC}[2J/" >"$TMP/err2.out" 2>&1
check_clean "scan error line" "$TMP/err2.out"

# on a terminal: progress, summary and the note prompt
"$PY" "$KITH_SOURCE_DIR/tests/cli/drive_pty.py" --timeout 30 "beyond the card?" "q" -- \
    "$KITH" --db "$TMP/tty.db" scan "$TMP/cards/hostile.png" >"$TMP/tty.out" 2>&1
check_clean "scan on a terminal" "$TMP/tty.out"
grep -q "beyond the card" "$TMP/tty.out" || fail "no note prompt on the terminal: $(cat -v "$TMP/tty.out")"

# watch
mkdir -p "$TMP/watch"
cp "$TMP/cards/hostile.png" "$TMP/watch/"
"$KITH" --db "$TMP/watch.db" watch "$TMP/watch" >"$TMP/watch.out" 2>"$TMP/watch.err" &
WATCH_PID=$!
for _ in $(seq 1 100); do
    [ -s "$TMP/watch.out" ] && break
    sleep 0.2
done
kill "$WATCH_PID" 2>/dev/null
wait "$WATCH_PID" 2>/dev/null
WATCH_PID=
check_clean "watch stdout" "$TMP/watch.out"
check_clean "watch stderr" "$TMP/watch.err"
check_visible "watch" "$TMP/watch.out"

if [ "$FAILS" -gt 0 ]; then
    echo "term_safe: $FAILS failure(s)" >&2
    exit 1
fi
echo "term_safe: ok"
