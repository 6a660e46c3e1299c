#!/bin/bash
# make_seeds.sh KIND DIR — writes the seed inputs of a fuzz target into DIR
# (made at test time: no binary files in the repository).
#   image   tiny images made with kith-mkimg: PNG 8/16-bit and 1x1, JPEG,
#           CMYK JPEG, GIF, TIFF 8/16-bit, WebP, HEIC
#   ocr     the OCR readings of tests/extract/cases (*.ocr.json)
#   store   an empty file, and small kith databases (512-byte pages) with a
#           contact, a card, notes and interactions, made with kith-mkcontact
set -eu
kind=$1 dir=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
case "$kind" in
image)
    : "${KITH_BINARY_DIR:?KITH_BINARY_DIR names the build folder}"
    mk=$KITH_BINARY_DIR/kith-mkimg
    "$mk" "$dir/grey.png" 24 16 --noise
    "$mk" "$dir/grey16.png" 8 8 --depth 16 --noise
    "$mk" "$dir/one.png" 1 1
    "$mk" "$dir/rgb.jpg" 16 12 --bands 3 --noise
    "$mk" "$dir/cmyk.jpg" 16 12 --bands 4 --noise
    for ext in gif tif webp heic; do
        "$mk" "$dir/seed.$ext" 16 12 --bands 3 --noise 2>/dev/null || true
    done
    "$mk" "$dir/grey16.tif" 8 8 --depth 16 --noise ;;
ocr)
    cp "$src"/tests/extract/cases/*.ocr.json "$dir"/ ;;
store)
    : "${KITH_BINARY_DIR:?KITH_BINARY_DIR names the build folder}"
    : >"$dir/empty.db"
    tmp=$(mktemp -d)
    db=$tmp/kith.db
    "$KITH_BINARY_DIR/kith-mkcontact" "$db" --name "Ada Lovelace" --company "Analytical" \
        --email ada@example.org --phone "+44 20 7946 0958" --event Expo >/dev/null
    "$KITH_BINARY_DIR/kith" --db "$db" note 1 "writes poetry" >/dev/null
    "$KITH_BINARY_DIR/kith" --db "$db" log 1 --kind call --dir both --at 2026-01-02 >/dev/null
    sqlite3 "$db" "PRAGMA journal_mode=DELETE; PRAGMA page_size=512; VACUUM;" >/dev/null
    cp "$db" "$dir/kith-v2.db"
    sqlite3 "$db" "DROP TABLE failed_files; PRAGMA user_version=1; VACUUM;" >/dev/null
    cp "$db" "$dir/kith-v1.db"
    rm -rf "$tmp" ;;
*)
    echo "usage: make_seeds.sh image|ocr|store DIR" >&2
    exit 2 ;;
esac
