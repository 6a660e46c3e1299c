# watch_folder.sh — `kith watch DIR`: files already there and files dropped in
# (copied, written under a partial name then renamed, written in pieces) are
# ingested exactly once; hidden and partial names are ignored; a broken file is
# reported and remembered; a second watcher on the same database refuses;
# SIGTERM stops it with exit 0; a restart ingests nothing again.
. "$(dirname "$0")/scan_lib.sh"

photos 6 "$T/src" 23
src=("$T"/src/*.jpg)
drop=$T/drop
mkdir -p "$drop"
cp "${src[0]}" "$drop/already-there.jpg"
cards() { sql "select count(*) from cards" 2>/dev/null || echo 0; }
has_cards() { [ "$(cards)" -ge "$1" ]; }
logged() { grep -c -- "$1" "$T/watch.log" 2>/dev/null || true; }
has_line() { [ "$(logged "$1")" -ge 1 ]; }

start_watch() {
    "$KITH" --db "$DB" watch --jobs 2 --settle-ms 800 "$drop" >>"$T/watch.log" 2>>"$T/watch.err" &
    WATCH=$!
    BG_PIDS+=("$WATCH")
}
stop_watch() {
    kill -TERM "$WATCH"
    local rc=0
    wait "$WATCH" || rc=$?
    [ "$rc" -eq 0 ] || fail "watch stopped by SIGTERM should exit 0, not $rc: $(cat "$T/watch.err")"
}

start_watch
wait_for 60 has_cards 1 || fail "the file already there was not ingested: $(cat "$T/watch.err")"

# a second watcher on the same database refuses
rc=0
kith watch "$drop" >/dev/null 2>"$T/second.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a second watch should exit 1, not $rc"
grep -q "already running" "$T/second.err" || fail "second watch: $(cat "$T/second.err")"
kith list --json >/dev/null || fail "kith list while watch runs"

# 1: plain copy
cp "${src[1]}" "$drop/copied.jpg"
# 2: written under a partial name, then renamed
cp "${src[2]}" "$drop/renamed.jpg.part"
sleep 0.5
mv "$drop/renamed.jpg.part" "$drop/renamed.jpg"
# 3: written in pieces (open, write, close several times) with short pauses
size=$(stat -c %s "${src[3]}")
step=$((size / 4 + 1))
for i in 0 1 2 3; do
    dd if="${src[3]}" of="$drop/pieces.jpg" bs="$step" skip="$i" seek="$i" count=1 \
        conv=notrunc status=none
    sleep 0.1
done
# 4: a download in progress and a hidden file: never read
cp "${src[4]}" "$drop/download.jpg.crdownload"
cp "${src[4]}" "$drop/.hidden.jpg"
# 5: broken files
echo "not an image" >"$drop/broken.jpg"
head -c 2000 "${src[5]}" >"$drop/truncated.jpg"
# 6: the same photo again under another name
cp "${src[1]}" "$drop/copied-again.jpg"

wait_for 60 has_cards 4 || fail "only $(cards) cards after the drops: $(cat "$T/watch.log")"
wait_for 30 has_line "truncated.jpg" || fail "the truncated file was not reported"
wait_for 30 has_line "broken.jpg" || fail "the broken file was not reported"
wait_for 30 has_line "copied-again.jpg" || fail "the second copy was not reported"
sleep 1
stop_watch
cat "$T/watch.log"

[ "$(cards)" -eq 4 ] || fail "$(cards) cards stored, want 4 (already-there, copied, renamed, pieces)"
for name in already-there copied renamed pieces; do
    [ "$(sql "select count(*) from cards where source_path like '%/$name.jpg'")" -eq 1 ] ||
        fail "$name.jpg not stored exactly once"
done
[ "$(logged ' failed .*broken.jpg')" -eq 1 ] || fail "broken.jpg not reported once as failed"
[ "$(logged ' failed .*truncated.jpg')" -eq 1 ] || fail "truncated.jpg not reported once"
[ "$(logged 'skipped .*copied-again.jpg')" -eq 1 ] || fail "the copy not reported as skipped"
[ "$(logged 'hidden\|crdownload\|\.part')" -eq 0 ] || fail "a hidden or partial file was read"
[ "$(sql "select count(*) from failed_files")" -eq 2 ] || fail "failures not recorded"
n_lines=$(wc -l <"$T/watch.log")
[ "$n_lines" -eq 7 ] || fail "$n_lines log lines, want one per file (7)"

# restart: nothing is ingested again; what failed is not retried
: >"$T/watch.log"
start_watch
wait_for 60 has_line "truncated.jpg" || fail "restart did not look at the folder"
wait_for 30 has_line "copied-again.jpg" || fail "restart did not finish the folder"
stop_watch
[ "$(cards)" -eq 4 ] || fail "restart ingested again: $(cards) cards"
[ "$(logged '^[^ ]* new ')" -eq 0 ] || fail "restart made new contacts"
[ "$(logged 'failed before')" -eq 2 ] || fail "restart did not remember the failures"
note "ok"
