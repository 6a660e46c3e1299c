#!/bin/bash
# export_cli.sh — `kith export` end to end: contacts put into a real database
# (kith-mkcontact, kith note, kith log), exported in every format and read
# back with Python's vobject, csv and json; the filters (--status, --event);
# -o writes a 0600 file atomically; bad usage fails cleanly.
set -u
: "${KITH:?KITH is not set (run through ctest)}"
MKCONTACT=${MKCONTACT:-$KITH_BINARY_DIR/kith-mkcontact}
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-export-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DB=$TMP/kith.db
NOW=2026-06-01
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS
FAILS=0

fail() {
    echo "FAIL [export_cli]: $*" >&2
    FAILS=$((FAILS + 1))
}

# k ARGS... → $OUT, $ERR, $RC
k() {
    OUT=$("$KITH" --db "$DB" --now "$NOW" "$@" 2>"$TMP/stderr" </dev/null)
    RC=$?
    ERR=$(cat "$TMP/stderr")
}

mk() {
    local line
    line=$("$MKCONTACT" "$DB" "$@") || { echo "kith-mkcontact failed: $*" >&2; exit 1; }
    echo "${line%% *}"
}

expect_eq() {
    [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"
}

NAME='Zoë Ångström, née Smith; 山田 🎉'
a=$(mk --name "$NAME" --given 'Zoë' --family 'Ångström; 山田' --title 'Head of Partnerships, EU; Asia' \
       --company 'Bluefin, Zürich; 株式会社' --email zoe@bluefin.example --phone '+41 44 668 18 00' \
       --url 'https://bluefin.example/zoë' --address 'Bahnhofstraße 12, 8001 Zürich' \
       --event 'Web Summit, Lisbon' --at 2026-03-02)
b=$(mk --name 'Margaret O'"'"'Connell' --company 'Bluefin Analytics Ltd.' --email m@bluefin.example \
       --event 'Web Summit, Lisbon' --at 2026-03-02)
c=$(mk --name 'Li Wei' --email li@example.cn --event 'Canton Fair' --at 2026-04-15)

# make a connected: personal, reciprocal, active
k note "$a" 'Restores old Vespas, loves ramen; 拉面
second line'
expect_eq "$RC" 0 "note (stderr: $ERR)"
k log "$a" --kind email --dir out --at 2026-05-10
expect_eq "$RC" 0 "log 1 (stderr: $ERR)"
k log "$a" --kind call --dir both --at 2026-05-20
expect_eq "$RC" 0 "log 2 (stderr: $ERR)"

# --- vCard 4.0 on stdout (the default) -----------------------------------
k export
expect_eq "$RC" 0 "export (stderr: $ERR)"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, vobject
cards = list(vobject.readComponents(sys.stdin.read()))
print(len(cards), cards[0].version.value)')" "3 4.0" "vCard count and version"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, vobject
c = list(vobject.readComponents(sys.stdin.read()))[0]
print(c.fn.value + "|" + c.n.value.family + "|" + c.org.value[0] + "|" + c.title.value + "|" +
      c.note.value + "|" + ",".join(c.categories.value) + "|" + c.contents["x-kith-status"][0].value)')" \
    "$NAME|Ångström; 山田|Bluefin, Zürich; 株式会社|Head of Partnerships, EU; Asia|Restores old Vespas, loves ramen; 拉面
second line|Web Summit, Lisbon|connected" "first vCard read back by vobject"
case "$OUT" in
*$'\r\nEND:VCARD\r\n'*) ;;
*) fail "vCard lines should end with CRLF" ;;
esac

# --- vCard 3.0 into a file: 0600, atomic ------------------------------------
k export --vcard-version 3.0 -o "$TMP/out.vcf"
expect_eq "$RC" 0 "export -o (stderr: $ERR)"
expect_eq "$OUT" "" "stdout with -o"
expect_eq "$(stat -c %a "$TMP/out.vcf")" 600 "mode of the exported file"
expect_eq "$(ls "$TMP" | grep -c 'tmp-')" 0 "temporary files left behind"
expect_eq "$("$PY" -c 'import sys, vobject
cards = list(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
print(len(cards), {c.version.value for c in cards})' "$TMP/out.vcf")" "3 {'3.0'}" "3.0 file"
# overwriting an existing file keeps 0600 even if it was wider
chmod 644 "$TMP/out.vcf"
k export --format json -o "$TMP/out.vcf"
expect_eq "$(stat -c %a "$TMP/out.vcf")" 600 "mode after overwrite"
# -o - is stdout
k export --format json -o -
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json; print(len(json.load(sys.stdin)))')" 3 "-o -"
# a file that cannot be written fails without leaving anything
k export -o "$TMP/no/such/dir/out.vcf"
expect_eq "$RC" 1 "export into a missing directory"
[ -n "$ERR" ] || fail "no error message for a missing directory"

# --- CSV ---------------------------------------------------------------------
k export --format csv
expect_eq "$RC" 0 "export csv (stderr: $ERR)"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, csv, io
rows = list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))
r = rows[0]
print(len(rows), r["Name"], r["Organization 1 - Name"], r["Group Membership"], r["Custom Field 1 - Value"], sep="|")')" \
    "3|$NAME|Bluefin, Zürich; 株式会社|* myContacts ::: Web Summit, Lisbon|connected" "CSV read back"

# --- JSON and NDJSON ---------------------------------------------------------
k export --format json
expect_eq "$RC" 0 "export json (stderr: $ERR)"
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json
j = json.load(sys.stdin)
print(len(j), j[0]["name"], j[0]["status"], ",".join(j[1]["missing"]), j[0]["notes"][0]["text"].count("\n"), sep="|")')" \
    "3|$NAME|connected|active,reciprocal,personal|1" "JSON array"
k export --format json --ndjson
expect_eq "$(printf '%s\n' "$OUT" | "$PY" -c 'import sys, json
lines = sys.stdin.read().splitlines()
print(len(lines), [json.loads(l)["id"] for l in lines] == sorted(json.loads(l)["id"] for l in lines))')" \
    "3 True" "NDJSON: one object per line"

# --- filters -----------------------------------------------------------------
k export --format json --status connected
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json; print([c["id"] for c in json.load(sys.stdin)])')" \
    "[$a]" "--status connected"
k export --format json --status unconnected --event 'Web Summit, Lisbon'
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json; print([c["id"] for c in json.load(sys.stdin)])')" \
    "[$b]" "--status unconnected --event"
k export --format json --event 'No Such Event'
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json; print(json.load(sys.stdin))')" "[]" "empty export"
# time alone lapses a connection: a year later a is lapsed
NOW=2027-06-01 k export --format json --status lapsed
expect_eq "$(printf '%s' "$OUT" | "$PY" -c 'import sys, json; print([c["id"] for c in json.load(sys.stdin)])')" \
    "[$a]" "--status lapsed a year later"

# --- usage errors ------------------------------------------------------------
for bad in "--format xml" "--vcard-version 2.1" "--status friendly" "--ndjson" "--bogus" "-o"; do
    # shellcheck disable=SC2086
    k export $bad
    expect_eq "$RC" 2 "export $bad"
done
k export --help
expect_eq "$RC" 0 "export --help"
case "$OUT" in *"--vcard-version"*) ;; *) fail "help text: $OUT" ;; esac

if [ "$FAILS" -gt 0 ]; then
    echo "export_cli: $FAILS failure(s)" >&2
    exit 1
fi
echo "export_cli: ok"
