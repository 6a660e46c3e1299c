# scan_pages.sh — several cards per file (issue 14), made here by kith-gen
# --mode page: an A4 page of 8 cards (turned up to ±6°, one portrait, one
# dark) gives 8 contacts with the right names; a 2-page PDF of 4 cards a page
# gives 8; a duplex PDF of 3 cards gives 3 contacts, each with its back
# attached; each file scanned again adds nothing; a crash mid-page (kill -9,
# and the state it leaves: some of the page's cards stored, not others) and a
# rerun give the same contacts as an uninterrupted run.
. "$(dirname "$0")/scan_lib.sh"
: "${KITH_GEN:?KITH_GEN must name the fixture generator}"

contacts() { sql "select count(*) from contacts"; }
names() { sql "select name from contacts order by name"; }

# truth_names FILE — the names of the front cards in a page truth JSON
truth_names() {
    python3 -c '
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))
for p in t["pages"]:
    for c in p["cards"]:
        print(c["name"])' "$1" | LC_ALL=C sort
}

# --- an A4 page of 8 ------------------------------------------------------
"$KITH_GEN" --mode page --seed 31 --count 1 --out "$T/page" >/dev/null
kith scan --json --no-prompt --jobs 2 "$T/page/page_0001.jpg" >"$T/page.json" ||
    fail "scanning the page failed"
json_check "$T/page.json" '
assert len(lines) == 8, "%d results for 8 cards" % len(lines)
assert sorted(o["index"] for o in lines) == list(range(1, 9)), lines
assert all(o["page"] == 1 and o["new"] and "error" not in o for o in lines), lines
'
[ "$(contacts)" -eq 8 ] || fail "$(contacts) contacts from a page of 8"
diff <(truth_names "$T/page/page_0001.json") <(names | LC_ALL=C sort) ||
    fail "the page's names are not the truth's"
note "page of 8: 8 contacts, names right"

# --- a 2-page PDF, 4 cards a page ----------------------------------------------
"$KITH_GEN" --mode page --pdf --seed 32 --count 1 --out "$T/pdf" >/dev/null
DB=$T/pdf.db
kith scan --json --no-prompt --jobs 2 "$T/pdf/scan_0001.pdf" >"$T/pdf.json" ||
    fail "scanning the PDF failed"
json_check "$T/pdf.json" '
assert len(lines) == 8, "%d results for 8 cards" % len(lines)
assert sorted((o["page"], o["index"]) for o in lines) == \
    [(p, i) for p in (1, 2) for i in range(1, 5)], lines
'
[ "$(contacts)" -eq 8 ] || fail "$(contacts) contacts from 2 pages of 4"
diff <(truth_names "$T/pdf/scan_0001.json") <(names | LC_ALL=C sort) ||
    fail "the PDF's names are not the truth's"
names >"$T/pdf.names"
note "2-page PDF: 8 contacts"

# --- a duplex PDF of 3 cards -------------------------------------------------
"$KITH_GEN" --mode page --duplex --pages 3 --seed 33 --count 1 --out "$T/duplex" >/dev/null
DB=$T/duplex.db
kith scan --json --no-prompt --duplex "$T/duplex/scan_0001.pdf" >"$T/duplex.json" ||
    fail "scanning the duplex PDF failed"
json_check "$T/duplex.json" '
assert len(lines) == 6, "%d results for 3 fronts and 3 backs" % len(lines)
backs = [o for o in lines if o.get("back")]
assert [o["page"] for o in backs] == [2, 4, 6], backs
fronts = {o["page"]: o["contact_id"] for o in lines if not o.get("back")}
assert all(o["contact_id"] == fronts[o["back_of_page"]] for o in backs), lines
'
[ "$(contacts)" -eq 3 ] || fail "$(contacts) contacts from a duplex PDF of 3 cards"
[ "$(sql "select count(*) from cards where back_of is not null")" -eq 3 ] ||
    fail "not every back is attached"
[ "$(sql "select count(distinct contact_id) from cards group by contact_id having count(*) = 2" |
     wc -l)" -eq 3 ] || fail "a contact without its back"
diff <(truth_names "$T/duplex/scan_0001.json") <(names | LC_ALL=C sort) ||
    fail "the duplex PDF's names are not the truth's"
# kith show names each card by file, page and place
id=$(sql "select min(id) from contacts")
kith show "$id" | grep -q "scan_0001.pdf page 2 card 1, back" ||
    fail "kith show does not name the back: $(kith show "$id")"
note "duplex PDF: 3 contacts, each with its back"

# --- each file again adds nothing ------------------------------------------
for f in "$T/page/page_0001.jpg:$T/kith.db" "$T/pdf/scan_0001.pdf:$T/pdf.db" \
         "$T/duplex/scan_0001.pdf:$T/duplex.db"; do
    DB=${f#*:}
    before=$(contacts)
    cards=$(sql "select count(*) from cards")
    kith scan --json --no-prompt "${f%%:*}" >"$T/again.json" || fail "rescan of ${f%%:*}"
    json_check "$T/again.json" 'assert all(o.get("duplicate") for o in lines), lines'
    [ "$(contacts)" -eq "$before" ] || fail "a rescan of ${f%%:*} added contacts"
    [ "$(sql "select count(*) from cards")" -eq "$cards" ] || fail "a rescan added cards"
done
# a copy of the page under another name is the same page
DB=$T/kith.db
cp "$T/page/page_0001.jpg" "$T/copy-of-page.jpg"
kith scan --json --no-prompt "$T/copy-of-page.jpg" >"$T/again.json" || fail "scan of a copy"
json_check "$T/again.json" 'assert all(o.get("duplicate") for o in lines), lines'
[ "$(contacts)" -eq 8 ] || fail "a copy of the page added contacts"
note "rescans and copies add nothing"

# --- a crash mid-page ------------------------------------------------------
# the state a crash leaves: some cards of the page stored, whole, not others
DB=$T/crash.db
cp "$T/pdf.db" "$DB"
sqlite3 "$DB" "pragma foreign_keys = on; delete from cards where page = 1 and card_index >= 2;
               delete from contacts where id not in (select contact_id from cards);"
[ "$(contacts)" -eq 6 ] || fail "the half-done database should hold 6 contacts"
kith scan --json --no-prompt "$T/pdf/scan_0001.pdf" >"$T/resume.json" || fail "resume failed"
json_check "$T/resume.json" '
assert len(lines) == 8, lines
assert sum(1 for o in lines if o.get("duplicate")) == 6, lines
assert sum(1 for o in lines if o.get("new")) == 2, lines
'
diff "$T/pdf.names" <(names) || fail "the resumed run's contacts differ"
# and a real kill -9 while the PDF is read, then a rerun
DB=$T/kill.db
"$KITH" --db "$DB" scan --json --no-prompt --jobs 1 "$T/pdf/scan_0001.pdf" >/dev/null 2>&1 &
pid=$!
BG_PIDS+=("$pid")
sleep 2
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
note "killed with $(sql "select count(*) from cards" 2>/dev/null || echo 0) of 8 cards stored"
kith scan --json --no-prompt "$T/pdf/scan_0001.pdf" >/dev/null || fail "rerun after kill -9"
[ "$(sql "pragma integrity_check")" = "ok" ] || fail "integrity_check: not ok"
diff "$T/pdf.names" <(names) || fail "the contacts after kill -9 and a rerun differ"
note "ok"
