# scan_lib.sh — what the scan_*.sh and watch_*.sh end-to-end tests share:
# a scratch folder and database, card photos to scan, and small assertions.
# Sourced, not run. Needs $KITH (the binary), $KITH_GEN (the fixture
# generator), python3 and the sqlite3 command.
set -euo pipefail

: "${KITH:?KITH must name the kith binary}"
SRC=${KITH_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/kith-e2e.XXXXXX")
DB=$T/kith.db
BG_PIDS=()
cleanup() {
    for p in "${BG_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "# $*"; }

# (in the background run "$KITH" itself, so $! is its pid and signals reach it)
kith() { "$KITH" --db "$DB" "$@"; }

# sql QUERY — runs a query on the test database (read-only, waits for locks)
sql() { sqlite3 -readonly -cmd ".timeout 5000" "$DB" "$1"; }

# photos N DIR [SEED [WxH]] — N distinct card photos in DIR: the committed
# samples when there are enough (and no seed is asked for), else generated
# ones, small (1600×1200 unless asked) so the tests stay quick.
photos() {
    local n=$1 dir=$2 seed=${3:-} size=${4:-1600x1200}
    mkdir -p "$dir"
    local samples=("$SRC"/fixtures/samples/*.jpg)
    if [ -z "$seed" ] && [ -e "${samples[0]}" ] && [ "${#samples[@]}" -ge "$n" ]; then
        cp "${samples[@]:0:$n}" "$dir"/
        return
    fi
    : "${KITH_GEN:?KITH_GEN must name the fixture generator}"
    "$KITH_GEN" --count "$n" --seed "${seed:-7}" --width "${size%x*}" --height "${size#*x}" \
        --out "$dir" \
        >/dev/null
    rm -f "$dir"/*.json
    [ "$(ls "$dir"/*.jpg | wc -l)" -eq "$n" ] || fail "kith-gen made no $n photos in $dir"
}

# json_check FILE PYTHON — runs a python check with `lines` = the parsed JSON
# lines of FILE (every line must be a JSON object)
json_check() {
    local file=$1 code=$2
    python3 - "$file" <<EOF || fail "check on $file failed"
import json, sys
lines = []
for i, text in enumerate(open(sys.argv[1], encoding="utf-8")):
    try:
        obj = json.loads(text)
    except ValueError as e:
        sys.exit("line %d is not JSON: %r (%s)" % (i + 1, text, e))
    if not isinstance(obj, dict):
        sys.exit("line %d is not an object" % (i + 1))
    lines.append(obj)
$code
EOF
}

# wait_for SECONDS COMMAND... — retries the command every 0.2 s until it
# succeeds; fails the test after SECONDS
wait_for() {
    local limit=$1
    shift
    local end=$((SECONDS + limit))
    until "$@"; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.2
    done
}
