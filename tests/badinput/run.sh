#!/bin/bash
# run.sh — the bad-input corpus (issue 15): makes each input of cases.tsv in
# a scratch folder, scans it with `kith scan --json`, and checks the exit
# status, the expected text (printf %b escapes allowed), that kith neither
# crashed nor tripped a sanitizer, that stdout is one JSON object per line,
# and that the database passes PRAGMA integrity_check.
set -u
: "${KITH:?KITH is not set (run through ctest)}"
: "${KITH_BINARY_DIR:?KITH_BINARY_DIR is not set}"
SRC=${KITH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
MKIMG=$KITH_BINARY_DIR/kith-mkimg
SAMPLE=$(ls "$SRC"/fixtures/samples/*.jpg | head -1)
export MKIMG SAMPLE
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-bad.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS
FAILS=0 ROWS=0
fail() {
    echo "FAIL [badinput] $*" >&2
    FAILS=$((FAILS + 1))
}

while IFS=$'\t' read -r name make path want_rc want_text; do
    case "$name" in ''|'#'*) continue ;; esac
    ROWS=$((ROWS + 1))
    dir=$TMP/$name
    mkdir -p "$dir"
    if ! (cd "$dir" && eval "$make") >"$dir.make.log" 2>&1; then
        fail "$name: could not make the input: $(cat "$dir.make.log")"
        continue
    fi
    in=$(cd "$dir" && eval "printf '%s' \"$path\"")
    (cd "$dir" && timeout -s KILL 120 "$KITH" --db "$TMP/$name.db" scan --json --no-prompt "$in" \
        >"$TMP/$name.out" 2>"$TMP/$name.err")
    rc=$?
    out=$(cat "$TMP/$name.out" "$TMP/$name.err")
    want=$(printf '%b' "$want_text")
    [ "$rc" -lt 128 ] || fail "$name: killed by signal $((rc - 128))"
    [ "$rc" = "$want_rc" ] || fail "$name: exit $rc, want $want_rc: $out"
    case "$out" in *"$want"*) ;; *) fail "$name: no '$want' in: $out" ;; esac
    if grep -qE 'Sanitizer|runtime error|LeakSanitizer' "$TMP/$name.err"; then
        fail "$name: sanitizer report: $(head -5 "$TMP/$name.err")"
    fi
    python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    assert isinstance(json.loads(line), dict)' "$TMP/$name.out" 2>/dev/null ||
        fail "$name: stdout is not one JSON object per line: $(head -c 300 "$TMP/$name.out")"
    if [ -s "$TMP/$name.db" ]; then
        ic=$(sqlite3 "$TMP/$name.db" "PRAGMA integrity_check" 2>&1)
        [ "$ic" = ok ] || fail "$name: integrity_check: $ic"
    fi
    echo "# $name: exit $rc"
done <"$SRC/tests/badinput/cases.tsv"

[ "$ROWS" -gt 20 ] || fail "only $ROWS rows read from cases.tsv"
if [ "$FAILS" -gt 0 ]; then
    echo "badinput: $FAILS failure(s) in $ROWS rows" >&2
    exit 1
fi
echo "badinput: $ROWS rows ok"
