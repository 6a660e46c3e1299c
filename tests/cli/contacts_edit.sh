# contacts_edit.sh — finding contacts (id, name, email, company; ambiguous
# text lists the candidates and exits 2), `kith edit` (and a later card of the
# same person never overwriting an edit), `kith merge`, and `kith list` with
# its filters and JSON.
. "$(dirname "$0")/contacts_lib.sh"

a=$(mk --name "Margaret O'Connell" --company "Bluefln Analytics" --title "Directr" \
       --email m.oconnell@bluefin.example --phone "+44 20 7946 0958" --event "Web Summit" --at 2026-01-10)
b=$(mk --name "Peter Walsh" --company "Bluefin Analytics" --email p.walsh@bluefin.example \
       --event "Web Summit" --at 2026-01-10)
c=$(mk --name "Jan Novak" --company "Nordwind GmbH" --email jan@nordwind.example --event "Hannover Messe" --at 2026-02-01)

# CONTACT by id, name, email, company
for q in "$a" "margaret" "Margaret O'Connell" "m.oconnell@bluefin.example"; do
    k show "$q" --json
    expect_rc 0 "show '$q'"
    expect_eq "$(jq_py 'j["id"]')" "$a" "show '$q' finds Margaret"
done
k show nordwind --json
expect_eq "$(jq_py 'j["id"]')" "$c" "show by company"

# ambiguous: exit 2 with the candidates, and nothing is written
k show bluefin
expect_rc 2 "ambiguous show"
expect_err "matches 2 contacts"
expect_err "$a"
expect_err "Margaret O'Connell"
expect_err "Peter Walsh"
k log bluefin --kind call --dir both
expect_rc 2 "ambiguous log"
k note bluefin "likes sailing"
expect_rc 2 "ambiguous note"
k list --json
expect_eq "$(jq_py 'sum(len(x["interactions"]) + len(x["notes"]) for x in j)')" 0 \
    "ambiguous commands wrote nothing"
k show "Nobody Atall"
expect_rc 1 "no match"
expect_err "no contact matches"

# edit fixes OCR mistakes; several fields at once
k edit margaret --company "Bluefin Analytics Ltd." --title "Director of Partnerships"
expect_rc 0 "edit"
expect_out "company  Bluefln Analytics -> Bluefin Analytics Ltd."
expect_out "title    Directr -> Director of Partnerships"
k show "$a" --json
expect_eq "$(jq_py '[j["company"], j["title"]]')" '["Bluefin Analytics Ltd.", "Director of Partnerships"]' "edited fields"
k edit "$a" --phone "+44 20 7946 0000"
k show "$a" --json
expect_eq "$(jq_py '[p["number"] for p in j["phones"]]')" '["+44 20 7946 0000"]' "edited phone replaces the list"
k show "$a"
expect_out "edited"
# a name with a prefix and credentials is split as a card's name would be
k edit "$c" --name "Dr. Jan Novák, PhD"
expect_rc 0 "edit a name with prefix and credentials"
expect_out "name     Jan Novak -> Jan Novák"
k show "$c" --json
expect_eq "$(jq_py '[j["name"], j["given_name"], j["family_name"], j["prefix"], j["credentials"]]')" \
    '["Jan Nov\u00e1k", "Jan", "Nov\u00e1k", "Dr.", "PhD"]' "edited name split into its parts"
k edit "$c" --name "Jan van der Novak"
k show "$c" --json
expect_eq "$(jq_py '[j["given_name"], j["family_name"], j.get("prefix"), j.get("credentials")]')" \
    '["Jan", "van der Novak", null, null]' "particles stay with the family name; prefix cleared"
k edit "$c" --name "Jan Novak"
k edit "$a"; expect_rc 2 "edit with nothing to change"
k edit "$a" --company; expect_rc 2 "edit option without value"
k edit "$a" --colour red; expect_rc 2 "edit unknown option"

# a later card of the same person (same email) fills empty fields but keeps
# the user's edits
out=$(mk_outcome --name "Margaret O'Connell" --company "Bluefin Analytlcs" --title "Dlrector" \
       --email m.oconnell@bluefin.example --address "12 Harbour Road, Bristol BS1 5TY" --at 2026-03-01)
expect_eq "$out" "$a merged" "second card of Margaret"
k show "$a" --json
expect_eq "$(jq_py '[j["company"], j["title"], j["address"], len(j["cards"])]')" \
    '["Bluefin Analytics Ltd.", "Director of Partnerships", "12 Harbour Road, Bristol BS1 5TY", 2]' \
    "rescan keeps edits, fills the address, keeps both cards"

# merge: one contact keeps both cards, all notes and interactions
d=$(mk --name "Peter Walsh" --company "Walsh Consulting" --email peter@walsh.example --at 2026-03-05)
k note "$b" "coaches under-12 hurling"
k log peter@walsh.example --kind call --dir both --at 2026-03-06
k log peter@walsh.example --kind email --dir in --at 2026-03-07
k merge "$b" "$d"
expect_rc 0 "merge"
expect_out "merged #$d Peter Walsh into #$b Peter Walsh: 2 cards, 1 note, 2 interactions"
k --now 2026-03-08 show "$b" --json
expect_eq "$(jq_py '[len(j["cards"]), len(j["notes"]), len(j["interactions"]), j["status"]]')" \
    '[2, 1, 2, "connected"]' "merged contact"
k show "$d"
expect_rc 1 "the merged-away contact is gone"
k merge "$b" "$b"; expect_rc 1 "merge with itself"
k merge "$b"; expect_rc 2 "merge needs two"

# the stored card image comes back byte for byte; a card without one fails
printf '\211PNG\r\n\032\nnot really a picture' > "$TMP/card.png"
e=$(mk --name "Iris Image" --email iris@i.example --image "$TMP/card.png" --at 2026-03-05)
k show "$e" --card-image "$TMP/back.png"
expect_rc 0 "show --card-image"
cmp -s "$TMP/card.png" "$TMP/back.png" || fail "card image differs"
expect_err "card:"
k show "$c" --card-image "$TMP/none.png"
expect_rc 1 "a card without an image"
k merge "$a" "$e"   # keep the list below at three contacts

# list: table, filters, JSON
k --now 2026-03-08 list
expect_rc 0 "list"
expect_out "ID"
expect_out "STATUS"
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 5 "header + 3 contacts + total"
expect_out "3 contacts: 6 cards · 1 connected · 0 one step away · 2 without a personal note"
k --now 2026-03-08 list --event "Web Summit" --json
expect_eq "$(jq_py 'sorted(x["id"] for x in j)')" "[$a, $b]" "list --event"
k --now 2026-03-08 list --missing personal --json
expect_eq "$(jq_py 'sorted(x["id"] for x in j)')" "[$a, $c]" "list --missing personal"
k --now 2026-03-08 list --missing personal --missing reciprocal --status unconnected --json
expect_eq "$(jq_py 'sorted(x["id"] for x in j)')" "[$a, $c]" "filters combine"
k --now 2026-03-08 list --status connected --json
expect_eq "$(jq_py '[x["id"] for x in j]')" "[$b]" "list --status connected"
expect_eq "$(jq_py '[set(["active", "missing", "personal", "reciprocal", "status", "name"]) <= set(x) for x in j]')" "[true]" "JSON members"
k list --status friends; expect_rc 2 "bad --status"
k list --missing money; expect_rc 2 "bad --missing"
k list --event "Nothing Here" --json
expect_eq "$OUT" "[]" "empty JSON list"

# an empty list is not a failure: exit 0, nothing on stdout, a note on
# stderr, and the usage text says so
k list --event "Nothing Here"
expect_rc 0 "empty list (filtered)"
expect_eq "$OUT" "" "empty list prints no table"
expect_err "no contacts from that event"
k --now 2026-03-08 list --status lapsed
expect_rc 0 "empty list (no match)"
expect_err "no contacts match"
full_db=$DB
DB=$TMP/empty.db
k list
expect_rc 0 "empty list (new database)"
expect_eq "$OUT" "" "empty database prints no table"
expect_err "no contacts yet"
DB=$full_db
k help list
expect_rc 0 "help list"
expect_out "no contact matches"
expect_out "Exit status: 0"

# people who share an office stay apart: the same info@ and switchboard on
# two people's cards make two contacts; a later card with the switchboard and
# a name goes to that person; one with only the switchboard to nobody
DB=$TMP/office.db
anna=$(mk_outcome --name "Anna Berg" --company "Acme GmbH" --email info@acme.example \
       --email anna.berg@acme.example --phone "+49 30 1234560")
bob=$(mk_outcome --name "Bob Stone" --company "Acme GmbH" --email info@acme.example \
      --email bob.stone@acme.example --phone "+49 30 1234560")
expect_eq "${anna#* } ${bob#* }" "new new" "two colleagues sharing info@ and a switchboard"
anna=${anna%% *}
bob=${bob%% *}
out=$(mk_outcome --name "Carl Kim" --company "Acme GmbH" --email Sales@acme.example)
out2=$(mk_outcome --name "Dana Lee" --company "Acme GmbH" --email sales@acme.example)
expect_eq "${out#* } ${out2#* }" "new new" "two people sharing sales@"
out=$(mk_outcome --name "Bob Stone" --title "Head of Sales" --phone "030 1234560")
expect_eq "$out" "$bob merged" "the switchboard and Bob's name: Bob"
out=$(mk_outcome --company "Acme GmbH" --phone "+49 30 1234560")
expect_eq "${out#* }" "new" "only the switchboard: nobody in particular"
out=$(mk_outcome --name "Rnna Berg" --email Anna.Berg@acme.example)
expect_eq "$out" "$anna merged" "a personal address merges"
k list --json
expect_eq "$(jq_py 'len(j)')" 5 "five contacts in the office"
k show "$bob" --json
expect_eq "$(jq_py '[j["title"], len(j["cards"])]')" '["Head of Sales", 2]' "Bob's second card"

finish
