#!/usr/bin/env bash
# kith-gen2: the same command writes the same bytes, --first continues a set,
# every truth file is valid and agrees with its image, every family and every
# scene can be produced, bad options are refused.
set -euo pipefail
gen=${KITH_BINARY_DIR:?}/kith-gen2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# determinism and continuation (small photos keep it fast)
"$gen" --seed 7 --count 4 --out "$tmp/a" --mode mixed --flat-too --width 800 --height 600
"$gen" --seed 7 --count 4 --out "$tmp/b" --mode mixed --flat-too --width 800 --height 600
diff -r "$tmp/a" "$tmp/b" >/dev/null || fail "the same command wrote different files"
"$gen" --seed 7 --first 3 --count 2 --out "$tmp/c" --mode mixed --flat-too --width 800 --height 600
[ "$(ls "$tmp/c" | wc -l)" -eq 6 ] || fail "--first 3 --count 2 did not write cards 3 and 4"
for f in "$tmp"/c/*; do
  cmp -s "$f" "$tmp/a/$(basename "$f")" || fail "--first 3: $(basename "$f") differs from the full run"
done
[ -e "$tmp/a/card_0001.jpg" ] && [ ! -e "$tmp/a/card_0005.jpg" ] || fail "--count 4 wrote the wrong cards"
"$gen" --seed 8 --count 2 --out "$tmp/d" --mode mixed --width 800 --height 600
cmp -s "$tmp/a/card_0001.json" "$tmp/d/card_0001.json" && fail "another seed gave the same card"

# every family and every scene: mixed mode crosses families (24) with scenes
# (13), so 24 cards hold all of both; --family and --scene force one
families=$("$gen" --list | sed -n 's/^family //p')
scenes=$("$gen" --list | sed -n 's/^scene //p')
[ "$(echo "$families" | wc -l)" -ge 24 ] || fail "fewer than 24 families"
[ "$(echo "$scenes" | wc -l)" -ge 13 ] || fail "fewer than 13 scenes"
"$gen" --seed 3 --count 24 --out "$tmp/all" --mode mixed --width 480 --height 360
python3 "$here/check_truth.py" "$tmp/all" \
  --families "$(echo $families | tr ' ' ,)" --scenes "$(echo $scenes | tr ' ' ,)"
"$gen" --seed 3 --first 30 --count 2 --out "$tmp/forced" --family stacked --scene exif --flat-too \
  --width 480 --height 360
"$gen" --seed 3 --first 40 --count 2 --out "$tmp/forced" --family dark --mode flat --flat-too
python3 "$here/check_truth.py" "$tmp/forced" --families stacked,dark --scenes exif,flat
grep -L '"family": "stacked", "scene": "exif"' "$tmp"/forced/card_003?.json | grep -q . &&
  fail "--family stacked --scene exif not obeyed"
grep -q '"mode": "flat"' "$tmp/forced/card_0040.json" || fail "--mode flat not obeyed"
python3 "$here/check_truth.py" "$tmp/a"

# a default-size photo and a scan at their real sizes
"$gen" --seed 5 --first 1 --count 1 --out "$tmp/big" --scene scan
grep -q '"width": 2480, "height": 3508' "$tmp/big/card_0001.json" || fail "scan is not A4 at 300 dpi"
python3 "$here/check_truth.py" "$tmp/big"

# bad input is refused with a message
if "$gen" --seed x --count 1 --out "$tmp/e" 2>"$tmp/err"; then fail "--seed x accepted"; fi
grep -q "seed" "$tmp/err" || fail "no message for a bad seed"
if "$gen" --seed 1 --count 1 --out "$tmp/e" --family nosuch 2>"$tmp/err"; then fail "unknown family accepted"; fi
if "$gen" --seed 1 --count 1 --out "$tmp/e" --width 800 2>/dev/null; then fail "--width alone accepted"; fi
if KITH_GEN2_DATA="$tmp/nowhere" "$gen" --seed 1 --count 1 --out "$tmp/e" 2>"$tmp/err"; then
  fail "a missing word-list folder went unnoticed"
fi
grep -q "word list" "$tmp/err" || fail "no message for a missing word list"
echo "gen2: ok"
