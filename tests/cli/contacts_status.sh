# contacts_status.sh — issue 5, "Done when": a new contact is unconnected with
# all three missing; a note makes it personal; an `in` email and a `both`
# meeting within 90 days make it connected; 200 days later it is lapsed; a
# broadcast plus a view alone leave a contact unconnected. Also the usage
# errors of `kith log`, and KITH_NOW.
. "$(dirname "$0")/contacts_lib.sh"

m=$(mk --name "Margaret O'Connell" --title "Director of Partnerships" \
       --company "Bluefin Analytics Ltd." --email m.oconnell@bluefin-analytics.co.uk \
       --event "Web Summit 2026" --at 2026-01-10)

# a new contact: unconnected, all three missing
expect_eq "$(status_of 2026-01-10 "$m")" "unconnected|active,reciprocal,personal" "new contact"
k --now 2026-01-10 show "$m" --json
expect_eq "$(jq_py '[j["active"], j["reciprocal"], j["personal"]]')" "[false, false, false]" "flags of a new contact"
expect_eq "$(jq_py 'j["event"]')" "Web Summit 2026" "event"
k --now 2026-01-10 show margaret
expect_rc 0
expect_out "status: unconnected (missing active, reciprocal, personal)"
expect_out "Bluefin Analytics Ltd."
expect_out "Web Summit 2026"
expect_out "no personal note (add one: kith note $m TEXT)"

# a note makes it personal
k --now 2026-01-12 note margaret "restores old Vespas; daughter at Bristol uni"
expect_rc 0 "note"
expect_out "unconnected (missing active, reciprocal)"
expect_eq "$(status_of 2026-01-12 "$m")" "unconnected|active,reciprocal" "after the note"
k --now 2026-01-12 show "$m"
expect_out "restores old Vespas"

# one `in` email: reciprocal, not yet active (one counting interaction)
k --now 2026-01-15 log margaret --kind email --dir in --at 2026-01-15 --note "asked about the pilot"
expect_rc 0 "log email"
expect_out "logged email (in) with #$m Margaret O'Connell on 2026-01-15"
expect_eq "$(status_of 2026-01-15 "$m")" "unconnected|active" "after one email in"

# and one `both` meeting within 90 days: connected
k --now 2026-02-01 log "$m" --kind meeting --dir both --at 2026-02-01
expect_rc 0 "log meeting"
expect_out "unconnected -> connected"
expect_eq "$(status_of 2026-02-10 "$m")" "connected|" "email in + meeting both"
k --now 2026-02-10 show "$m" --json
expect_eq "$(jq_py '[j["active"], j["reciprocal"], j["personal"], j["missing"]]')" \
    "[true, true, true, []]" "flags when connected"
k --now 2026-02-10 list --status connected
expect_out "Margaret O'Connell"

# the window edge: 90 days after the meeting still connected, 91 lapsed
expect_eq "$(status_of 2026-05-02 "$m")" "connected|" "90 days after the meeting"
expect_eq "$(status_of 2026-05-03 "$m")" "lapsed|active" "91 days after the meeting"

# a shorter window (KITH_WINDOW_DAYS) lapses it sooner
OUT=$(KITH_WINDOW_DAYS=30 "$KITH" --db "$DB" --now 2026-03-10 show "$m" --json)
expect_eq "$(jq_py 'j["status"]')" "lapsed" "37 days after the meeting with a 30-day window"
expect_eq "$(status_of 2026-03-10 "$m")" "connected|" "37 days after the meeting with the default window"

# 200 days later: lapsed, active missing — by --now and by KITH_NOW
expect_eq "$(status_of 2026-08-20 "$m")" "lapsed|active" "200 days later"
OUT=$(KITH_NOW=2026-08-20 "$KITH" --db "$DB" show "$m" --json)
expect_eq "$(jq_py 'j["status"]')" "lapsed" "KITH_NOW"
k --now 2026-08-20 list --status lapsed
expect_out "Margaret O'Connell"
expect_out "active"
k --now 2026-08-20 list --status connected
expect_rc 0
expect_eq "$OUT" "" "no connected contact 200 days later"
# and back to connected with a new call
k --now 2026-08-20 log "$m" --kind call --dir out
expect_out "lapsed -> connected"

# a broadcast plus a view alone: still unconnected, and they never count
b=$(mk --name "Tomás Ruiz" --company "Hexa Labs" --email tomas@hexa.example --event Meetup --at 2026-01-10)
c=$(mk --name "Ana Lima" --company "Lima & Co" --email ana@lima.example --event Meetup --at 2026-01-10)
k --now 2026-01-20 log --kind broadcast --event Meetup --at 2026-01-20 --note "January newsletter"
expect_rc 0 "broadcast to an event"
expect_out "logged broadcast (out) with #$b Tomás Ruiz"
expect_out "logged broadcast (out) with #$c Ana Lima"
expect_out "never counts towards a connection"
k --now 2026-01-21 log tomas --kind view
expect_rc 0 "log view without --dir"
k --now 2026-01-21 note tomas "ran the Lisbon marathon"
expect_eq "$(status_of 2026-01-22 "$b")" "unconnected|active,reciprocal" "broadcast + view + note"
k --now 2026-01-22 show "$b" --json
expect_eq "$(jq_py '[(x["kind"], x["dir"], x["counts"]) for x in j["interactions"]]')" \
    '[["broadcast", "out", false], ["view", "out", false]]' "interactions recorded"
k --now 2026-01-22 show "$b"
expect_out "(does not count)"
expect_out "0 counting interactions"
# a reply to the newsletter counts: reciprocal
k --now 2026-01-23 log tomas --kind email --dir in
expect_eq "$(status_of 2026-01-23 "$b")" "unconnected|active" "reply to a broadcast"
expect_eq "$(status_of 2026-01-23 "$c")" "unconnected|active,reciprocal,personal" "broadcast only"

# several contacts in one log; the same one twice is logged once
k --now 2026-01-24 log "$b" "$c" tomas --kind message --dir out
expect_rc 0 "log to several"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^logged')" 2 "log lines for two contacts"

# usage errors: exit 2, nothing logged
before=$(k --now 2026-01-24 show "$c" --json; jq_py 'len(j["interactions"])')
k log "$c" --kind lunch --dir out; expect_rc 2 "unknown kind"; expect_err "unknown kind 'lunch'"
k log "$c" --kind call; expect_rc 2 "counting kind without --dir"; expect_err "--dir is required"
k log "$c" --kind call --dir sideways; expect_rc 2 "bad --dir"
k log "$c" --kind call --dir out --at 2026-02-30; expect_rc 2 "bad --at"
k log "$c" --dir out; expect_rc 2 "no --kind"
k log --kind call --dir out; expect_rc 2 "no contact"
k log "$c" --kind call --dir out --bogus; expect_rc 2 "unknown option"
k log --kind broadcast --event Nowhere; expect_rc 1 "event without contacts"
k note "$c"; expect_rc 2 "note without text"
after=$(k --now 2026-01-24 show "$c" --json; jq_py 'len(j["interactions"])')
expect_eq "$after" "$before" "nothing logged by the failed commands"

# logging to several is all or nothing: when the third contact fails (a
# trigger stands in for a full disk or a dropped lock), the first two are
# not logged either; once the fault is gone the same command logs all three
d=$(mk --name "Dora Fehler" --email dora@fehler.example --at 2026-01-10)
n_logged() {
    k --now 2026-01-25 list --json
    jq_py 'sum(len(x["interactions"]) for x in j)'
}
sql() {
    "$PY" -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript(sys.argv[2])
db.close()' "$DB" "$1"
}
total=$(n_logged)
sql "CREATE TRIGGER fail_dora BEFORE INSERT ON interactions WHEN NEW.contact_id = $d
     BEGIN SELECT RAISE(ABORT, 'injected failure'); END;"
k --now 2026-01-25 log "$b" "$c" "$d" --kind call --dir both
expect_rc 1 "log to several with a failure part-way"
expect_err "injected failure"
expect_eq "$(n_logged)" "$total" "a failed log to several logs nobody"
sql "DROP TRIGGER fail_dora;"
k --now 2026-01-25 log "$b" "$c" "$d" --kind call --dir both
expect_rc 0 "log to several after the fault"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^logged')" 3 "three log lines"
expect_eq "$(n_logged)" "$((total + 3))" "all three logged"

finish
