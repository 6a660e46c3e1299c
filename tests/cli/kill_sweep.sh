#!/bin/bash
# kill_sweep.sh [N] — kill -9 a batch at N spread-out points, then rerun it:
# the database must end with the same contacts and cards as an uninterrupted
# run (nothing lost, nothing doubled) and pass PRAGMA integrity_check.
#
# The batch is `kith scan --jobs 2` of 10 sample cards. The reference run
# gives the batch's length T; kill point k of N falls at k/(N+1) of T (with
# a little jitter), so the points sweep the whole batch: opening, the first
# migration, hashing, OCR, stored transactions, the end. ctest runs 5 points;
# `./dev stress` runs 100 (KITH_KILL_POINTS, or the first argument).
set -u
: "${KITH:?KITH is not set (run through ctest)}"
SRC=${KITH_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
N=${1:-${KITH_KILL_POINTS:-5}}
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-kill.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS
export KITH_NOW=2026-06-01   # the same "now" in every run
mkdir -p "$TMP/cards"
cp $(ls "$SRC"/fixtures/samples/*.jpg | head -10) "$TMP/cards/"

# the contacts and cards of a database, as comparable text
dump() {
    "$PY" - "$1" <<'PYEOF'
import sqlite3, sys, os
db = sqlite3.connect(sys.argv[1])
def emails(cid):
    return ",".join(sorted(r[0] for r in db.execute(
        "select email_key from contact_emails where contact_id = ?", (cid,))))
contacts = sorted("%s|%s|%s|%s" % (n, c, t, emails(i)) for i, n, c, t in
                  db.execute("select id, name, company, title from contacts"))
cards = sorted("%s|%s|%s" % (s, os.path.basename(p), n) for s, p, n in db.execute(
    "select sha256, source_path, name from cards join contacts on contacts.id = contact_id"))
print("contacts %d cards %d" % (len(contacts), len(cards)))
for line in contacts + cards:
    print(line)
PYEOF
}

start=$(date +%s.%N)
"$KITH" --db "$TMP/ref.db" scan --jobs 2 --no-prompt "$TMP/cards" >/dev/null 2>&1
T=$("$PY" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
dump "$TMP/ref.db" >"$TMP/ref.txt"
ref_head=$(head -1 "$TMP/ref.txt")
echo "# reference: $ref_head in ${T%.*}.${T#*.} s; $N kill points"

lost=0 doubled=0 bad=0 killed=0
for k in $(seq 1 "$N"); do
    db=$TMP/k$k.db
    at=$("$PY" -c "import random, sys; k, n, t = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]); random.seed(k); print('%.3f' % (t * (k + random.uniform(-0.4, 0.4)) / (n + 1)))" "$k" "$N" "$T")
    "$KITH" --db "$db" scan --jobs 2 --no-prompt "$TMP/cards" >/dev/null 2>&1 &
    pid=$!
    sleep "$at"
    if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
    wait "$pid" 2>/dev/null
    "$KITH" --db "$db" scan --jobs 2 --no-prompt "$TMP/cards" >/dev/null 2>&1
    ic=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
    dump "$db" >"$TMP/k.txt"
    got_head=$(head -1 "$TMP/k.txt")
    if [ "$ic" != ok ]; then
        bad=$((bad + 1))
        echo "FAIL [kill_sweep]: point $k (${at} s): integrity_check says $ic" >&2
    fi
    if ! cmp -s "$TMP/ref.txt" "$TMP/k.txt"; then
        nc=$(awk 'NR==1{print $2}' "$TMP/k.txt") rc=$(awk 'NR==1{print $2}' "$TMP/ref.txt")
        if [ "$nc" -lt "$rc" ]; then lost=$((lost + 1)); else doubled=$((doubled + 1)); fi
        echo "FAIL [kill_sweep]: point $k (${at} s): $got_head, want $ref_head:" >&2
        diff "$TMP/ref.txt" "$TMP/k.txt" | head -10 >&2
    fi
done
echo "kill_sweep: $N points ($killed killed mid-run): $lost lost, $doubled doubled or different, $bad damaged"
[ $((lost + doubled + bad)) -eq 0 ]
