# contacts_lib.sh — sourced by the contacts_*.sh end-to-end tests: a fresh
# database in a temporary directory, and small assertions.
#
#   k ARGS...        runs kith on the test database; stdout in $OUT, stderr in
#                    $ERR, exit status in $RC (never stops the script)
#   mk ARGS...       adds a card with kith-mkcontact; prints the contact id
#   jq_py EXPR       evaluates a python expression on the JSON in $OUT (as j)
#   expect_rc N / expect_out TEXT / expect_err TEXT / expect_eq GOT WANT MSG
set -u
: "${KITH:?KITH is not set (run through ctest)}"
MKCONTACT=${MKCONTACT:-$KITH_BINARY_DIR/kith-mkcontact}
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-contacts.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/kith.db
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS NO_COLOR
FAILS=0
TEST_NAME=$(basename "$0" .sh)

fail() {
    echo "FAIL [$TEST_NAME]: $*" >&2
    FAILS=$((FAILS + 1))
}

k() {
    OUT=$("$KITH" --db "$DB" "$@" 2>"$TMP/stderr" </dev/null)
    RC=$?
    ERR=$(cat "$TMP/stderr")
}

mk() {
    local line
    line=$("$MKCONTACT" "$DB" "$@") || { echo "kith-mkcontact failed: $*" >&2; exit 1; }
    echo "${line%% *}"
}

# mk, but prints "ID OUTCOME"
mk_outcome() {
    "$MKCONTACT" "$DB" "$@" || { echo "kith-mkcontact failed: $*" >&2; exit 1; }
}

jq_py() {
    printf '%s' "$OUT" | "$PY" -c 'import json,sys
j = json.load(sys.stdin)
r = eval(sys.argv[1])
print(json.dumps(r) if not isinstance(r, str) else r)' "$1"
}

expect_eq() {
    if [ "$1" != "$2" ]; then
        fail "$3: got '$1', want '$2'"
    fi
}

expect_rc() {
    expect_eq "$RC" "$1" "${2:-exit status} (stderr: $ERR)"
}

expect_out() {
    case "$OUT" in
    *"$1"*) ;;
    *) fail "${2:-stdout} should contain '$1'; it was:
$OUT" ;;
    esac
}

expect_no_out() {
    case "$OUT" in
    *"$1"*) fail "${2:-stdout} should not contain '$1'; it was:
$OUT" ;;
    esac
}

expect_err() {
    case "$ERR" in
    *"$1"*) ;;
    *) fail "${2:-stderr} should contain '$1'; it was:
$ERR" ;;
    esac
}

# status NOW CONTACT → "status|missing,..." from show --json
status_of() {
    k --now "$1" show "$2" --json
    [ "$RC" = 0 ] || { fail "show $2 failed ($RC): $ERR"; echo "?"; return; }
    jq_py 'j["status"] + "|" + ",".join(j["missing"])'
}

finish() {
    if [ "$FAILS" -gt 0 ]; then
        echo "$TEST_NAME: $FAILS failure(s)" >&2
        exit 1
    fi
    echo "$TEST_NAME: ok"
    exit 0
}
