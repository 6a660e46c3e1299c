# scan_rescan.sh — scanning the same photos again creates no contact and no
# card: each is reported as a duplicate ("new": false, "duplicate": true),
# also under another name (a copy), and the exit status is 0.
. "$(dirname "$0")/scan_lib.sh"

photos 5 "$T/cards"
kith scan --json --no-prompt "$T/cards" >"$T/first.json" || fail "first scan failed"
contacts=$(sql "select count(*) from contacts")
cards=$(sql "select count(*) from cards")
[ "$cards" -eq 5 ] || fail "5 cards expected, found $cards"

files=("$T"/cards/*.jpg)
first=${files[0]}
cp "$first" "$T/cards/copy-of-first.jpg"
kith scan --json --no-prompt --jobs 2 "$T/cards" >"$T/second.json" ||
    fail "rescan should exit 0"
json_check "$T/second.json" '
first = {o["source"]: o for o in map(__import__("json").loads, open("'"$T"'/first.json"))}
assert len(lines) == 6, len(lines)
for o in lines:
    assert o["new"] is False and o["duplicate"] is True, o
    assert o["status"] == "unconnected", o
    assert "name" not in o, "a duplicate is not read again: %r" % o
    src = o["source"]
    if src.endswith("copy-of-first.jpg"):
        src = "'"$first"'"
    assert o["contact_id"] == first[src]["contact_id"], (o, first[src])
'
[ "$(sql "select count(*) from contacts")" -eq "$contacts" ] || fail "rescan added contacts"
[ "$(sql "select count(*) from cards")" -eq 5 ] || fail "rescan added cards"
note "ok"
