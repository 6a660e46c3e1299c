# scan_crash.sh — crash safety for real: kill -9 a batch after a few cards
# are stored, run the same command again, and every card is in the database
# exactly once, none half-written. Then the same with SIGINT: the batch stops
# cleanly after the cards in hand (exit 1, "stopped"), and a rerun finishes;
# `kith list` and `kith note` work while a batch writes.
. "$(dirname "$0")/scan_lib.sh"

# big enough that a fast machine cannot finish before the kill
photos 24 "$T/cards" 11 2400x1800
n_files=$(ls "$T"/cards/*.jpg | wc -l)

stored() { sql "select count(*) from cards" 2>/dev/null || echo 0; }
at_least() { [ "$(stored)" -ge "$1" ]; }

# --- kill -9 ---------------------------------------------------------------
"$KITH" --db "$DB" scan --json --no-prompt --jobs 2 "$T/cards" >"$T/run1.json" 2>/dev/null &
pid=$!
BG_PIDS+=("$pid")
wait_for 60 at_least 3 || fail "no cards stored within 60 s"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
before=$(stored)
note "killed after $before of $n_files cards"
[ "$before" -lt "$n_files" ] || fail "the batch finished before it could be killed"

check_db() {
    [ "$(sql "pragma integrity_check")" = "ok" ] || fail "integrity_check: not ok"
    [ -z "$(sql "pragma foreign_key_check")" ] || fail "foreign keys broken"
    # no half-written card: each has its contact, hash, image and OCR text,
    # and each contact has a card
    local bad
    bad=$(sql "select count(*) from cards where contact_id not in (select id from contacts)
               or length(sha256) != 64 or image_png is null or ocr_text is null")
    [ "$bad" -eq 0 ] || fail "$bad half-written cards"
    bad=$(sql "select count(*) from contacts where id not in (select contact_id from cards)")
    [ "$bad" -eq 0 ] || fail "$bad contacts without a card"
}
check_db

kith scan --json --no-prompt --jobs 2 "$T/cards" >"$T/run2.json" || fail "rerun failed"
check_db
[ "$(stored)" -eq "$n_files" ] || fail "$(stored) cards for $n_files files"
[ "$(sql "select count(distinct sha256) from cards")" -eq "$n_files" ] || fail "a card twice"
json_check "$T/run2.json" '
assert len(lines) == '"$n_files"'
dups = sum(1 for o in lines if o.get("duplicate"))
assert dups >= '"$before"', "the cards stored before the kill are duplicates now: %d" % dups
assert all("error" not in o for o in lines), lines
'

# --- SIGINT: finish the cards in hand, then stop --------------------------
rm -f "$DB" "$DB"-wal "$DB"-shm
"$KITH" --db "$DB" scan --json --no-prompt --jobs 2 "$T/cards" >"$T/run3.json" 2>"$T/run3.err" &
pid=$!
BG_PIDS+=("$pid")
wait_for 60 at_least 2 || fail "no cards stored within 60 s"
# the other commands keep working while a batch writes
kith list --json >/dev/null || fail "kith list while a batch runs"
kith note "$(sql "select min(id) from contacts")" "met at the booth" ||
    fail "kith note while a batch runs"
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 1 ] || fail "a stopped batch should exit 1, not $rc"
grep -q "stopped" "$T/run3.err" || fail "no 'stopped' message: $(cat "$T/run3.err")"
lines=$(wc -l <"$T/run3.json")
[ "$lines" -eq "$(stored)" ] || fail "$lines result lines but $(stored) cards stored"
[ "$lines" -lt "$n_files" ] || fail "SIGINT did not stop the batch"
check_db
kith scan --json --no-prompt --jobs 2 "$T/cards" >/dev/null || fail "rerun after SIGINT"
[ "$(stored)" -eq "$n_files" ] || fail "$(stored) cards for $n_files files after SIGINT"
check_db
note "ok"
