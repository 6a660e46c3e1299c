#!/bin/bash
# watch_drill.sh — issue 6's watch drill, as a measurement (not in ctest: it
# takes a minute): 50 files dropped into a watched folder while `kith watch`
# runs — 15 copied at once, 15 written slowly in pieces, 15 written under a
# partial name and renamed in, 5 broken (text, truncated JPEG, empty) — then
# the watcher is stopped and started again. Prints what it counted and exits
# non-zero unless exactly the 45 good files were ingested once, the 5 broken
# ones reported, and the restart ingested nothing.
#
#   tests/bench/watch_drill.sh [BUILD_DIR] [PHOTO_DIR]
#
# BUILD_DIR holds kith and kith-gen (default build/); PHOTO_DIR holds at least
# 45 card photos (default: 45 generated, seed 606, 2000x1500).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
KITH=$build/kith
T=$(mktemp -d "${TMPDIR:-/tmp}/kith-drill.XXXXXX")
trap 'kill "$WATCH" 2>/dev/null; rm -rf "$T"' EXIT
WATCH=
DB=$T/kith.db
drop=$T/drop
mkdir -p "$drop"

if [ -n "${2:-}" ]; then
    src=$2
else
    src=$T/src
    "$build/kith-gen" --seed 606 --count 45 --width 2000 --height 1500 --out "$src" >/dev/null ||
        { echo "watch_drill: kith-gen failed" >&2; exit 2; }
fi
mapfile -t photos < <(ls "$src"/*.jpg | head -45)
[ "${#photos[@]}" -eq 45 ] || { echo "watch_drill: need 45 photos in $src" >&2; exit 2; }

count() { sqlite3 "$DB" "select count(*) from cards" 2>/dev/null || echo 0; }
logged() { grep -c -- "$1" "$T/watch.log" 2>/dev/null || true; }
wait_for() { # SECONDS COMMAND...
    local end=$((SECONDS + $1)); shift
    until "$@"; do [ "$SECONDS" -ge "$end" ] && return 1; sleep 0.5; done
}
start() {
    "$KITH" --db "$DB" watch --jobs 2 "$drop" >>"$T/watch.log" 2>>"$T/watch.err" &
    WATCH=$!
    sleep 1
}
stop() {
    kill -TERM "$WATCH"
    wait "$WATCH"
    echo "watch exited $? on SIGTERM"
}

start
t0=$SECONDS
for i in $(seq 0 14); do                     # copied at once
    cp "${photos[$i]}" "$drop/copied-$i.jpg"
done
writers=()
for i in $(seq 15 29); do                    # written slowly, in 4 pieces
    (
        f=$drop/slow-$i.jpg
        size=$(stat -c %s "${photos[$i]}")
        piece=$(((size + 3) / 4))
        for k in 0 1 2 3; do
            dd if="${photos[$i]}" of="$f" bs="$piece" skip="$k" seek="$k" count=1 \
                conv=notrunc status=none
            sleep 0.4
        done
    ) &
    writers+=($!)
done
for i in $(seq 30 44); do                    # partial name, then renamed in
    cp "${photos[$i]}" "$drop/.incoming-$i.jpg.part"
    mv "$drop/.incoming-$i.jpg.part" "$drop/renamed-$i.jpg"
done
echo "not an image" >"$drop/broken-text.jpg"
head -c 20000 "${photos[0]}" >"$drop/broken-truncated.jpg"
: >"$drop/broken-empty.jpg"
printf '\xff\xd8\xff\xe0garbage' >"$drop/broken-header.jpg"
head -c 100 /dev/urandom >"$drop/broken-noise.png"
wait "${writers[@]}"
wait_for 300 bash -c "[ \$(grep -c -E ' (new|merged|failed|skipped) ' '$T/watch.log') -ge 50 ]"
echo "50 files dropped: handled in $((SECONDS - t0)) s"
stop
first_cards=$(count)
first_failed=$(logged ' failed ')

start
wait_for 120 bash -c "[ \$(grep -c -E ' (new|merged|failed|skipped) ' '$T/watch.log') -ge 100 ]"
stop
after_cards=$(count)
renew=$(($(logged ' new ') + $(logged ' merged ')))

echo "cards after the drop: $first_cards (want 45); broken reported: $first_failed (want 5)"
echo "cards after the restart: $after_cards (want 45); new or merged lines in all: $renew (want 45)"
ok=1
[ "$first_cards" -eq 45 ] || ok=0
[ "$first_failed" -eq 5 ] || ok=0
[ "$after_cards" -eq 45 ] || ok=0
[ "$renew" -eq 45 ] || ok=0
if [ "$ok" -eq 1 ]; then
    echo "watch drill: ok"
else
    echo "watch drill: FAILED; the watcher's log and stderr:"
    sed 's/^/  /' "$T/watch.log" "$T/watch.err" | tail -40
    exit 1
fi
