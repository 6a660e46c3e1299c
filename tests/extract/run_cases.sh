#!/bin/bash
# run_cases.sh — the data-driven extraction tests: for every cases/NAME.txt
# (the OCR text of one card) runs `kith parse --json`, and for every
# cases/NAME.ocr.json (a real OCR reading as kith stores it with a card:
# words with boxes and confidences) `kith parse --json --ocr-json`, and
# compares the field object with cases/NAME.json: every member either side
# writes (a case that writes "prefix" or "from_qr" has it checked; a member
# kith writes that the case leaves out fails it), except the confidence;
# empty members count as absent; member order does not matter. Prints each
# failing case with a diff and fails if any case fails.
#
# Add a case by writing the two files; no C needed. A stored reading comes
# out of a database with
#   sqlite3 kith.db "select ocr_json from cards where id = N" > cases/NAME.ocr.json
set -u
shopt -s nullglob
: "${KITH:?KITH must point to the kith binary}"
# KITH_CASES_DIR runs another folder of cases (tests/extract/pending by hand)
cases_dir="${KITH_CASES_DIR:-${KITH_SOURCE_DIR:-$(dirname "$0")/../..}/tests/extract/cases}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

canon() {
    /usr/bin/python3 -c '
import json, sys
obj = json.load(open(sys.argv[1]))
out = {k: v for k, v in obj.items() if k != "confidence" and v not in (None, "", [])}
print(json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True))
' "$1"
}

pass=0
fail=0
for input in "$cases_dir"/*.txt "$cases_dir"/*.ocr.json; do
    case $input in
        *.ocr.json) name=$(basename "$input" .ocr.json); opts=(--json --ocr-json) ;;
        *) name=$(basename "$input" .txt); opts=(--json) ;;
    esac
    want="$cases_dir/$name.json"
    if [ ! -f "$want" ]; then
        echo "FAIL $name: no $name.json"
        fail=$((fail + 1))
        continue
    fi
    "$KITH" parse "${opts[@]}" <"$input" >"$tmp/out.json" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
        echo "FAIL $name: kith parse exited $rc"
        sed 's/^/    /' "$tmp/err" | head -40
        fail=$((fail + 1))
        continue
    fi
    canon "$want" >"$tmp/want" && canon "$tmp/out.json" >"$tmp/got"
    if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name"
        sed -n '3,$p' "$tmp/diff" | sed 's/^/    /'
        fail=$((fail + 1))
    fi
done
if [ -n "${KITH_CASES_DIR:-}" ]; then
    echo "extract cases in $cases_dir: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
fi
# usage errors exit 2; the readable listing names the fields
"$KITH" parse --no-such-option </dev/null >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then pass=$((pass + 1)); else echo "FAIL usage: exit $rc, want 2"; fail=$((fail + 1)); fi
listing=$("$KITH" parse <"$cases_dir/uk_full.txt")
if printf '%s\n' "$listing" | grep -q "^title: *Director of Partnerships$"; then
    pass=$((pass + 1))
else
    echo "FAIL listing: no title line in:"; printf '%s\n' "$listing" | sed 's/^/    /'
    fail=$((fail + 1))
fi
echo "extract cases: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
