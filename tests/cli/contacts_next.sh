# contacts_next.sh — `kith next`: who to follow up with, in the documented
# order (cmd_next.c): at risk (lapsed or about to lapse), one step from
# connected, fresh from an event, no personal note, the rest; connected
# contacts far from the window's edge are not listed.
. "$(dirname "$0")/contacts_lib.sh"

NOW=2026-06-01
ago() { date -u -d "$NOW - $1 days" +%F; }

# L: lapsed 4 days ago (last counting interaction 94 days ago)
L=$(mk --name "Lena Lapsed" --email lena@l.example --at "$(ago 400)")
k log "$L" --kind email --dir in --at "$(ago 120)"
k log "$L" --kind meeting --dir both --at "$(ago 94)"
k note "$L" "collects maps"
# S: connected, lapses in 6 days (last counting interaction 85 days ago)
S=$(mk --name "Sam Soon" --email sam@s.example --at "$(ago 400)")
k log "$S" --kind email --dir in --at "$(ago 100)"
k log "$S" --kind call --dir both --at "$(ago 85)"
k note "$S" "sings in a choir"
# R: personal and active, never replied
R=$(mk --name "Rita Replyless" --email rita@r.example --at "$(ago 400)")
k log "$R" --kind email --dir out --at "$(ago 20)"
k log "$R" --kind email --dir out --at "$(ago 5)"
k note "$R" "training for a triathlon"
# P: active and reciprocal, no personal note
P=$(mk --name "Paul Plain" --email paul@p.example --at "$(ago 400)")
k log "$P" --kind call --dir both --at "$(ago 30)"
k log "$P" --kind email --dir in --at "$(ago 10)"
# F: met at an event 10 days ago, nothing since; G: 3 days ago, with a note
F=$(mk --name "Fiona Fresh" --email fiona@f.example --event "Summit" --at "$(ago 10)")
G=$(mk --name "Gus Green" --email gus@g.example --event "Expo" --at "$(ago 3)")
k note "$G" "knows everyone in Lisbon"
# N: an old card, no note; E: an old card with a note, nothing logged
N=$(mk --name "Nora Noteless" --email nora@n.example --at "$(ago 200)")
E=$(mk --name "Ed Else" --email ed@e.example --at "$(ago 300)")
k note "$E" "former rower"
# C: connected, comfortably inside the window: not listed
C=$(mk --name "Cleo Connected" --email cleo@c.example --at "$(ago 400)")
k log "$C" --kind email --dir in --at "$(ago 10)"
k log "$C" --kind meeting --dir both --at "$(ago 2)"
k note "$C" "has two greyhounds"

k --now "$NOW" next --json
expect_rc 0 "next --json"
expect_eq "$(jq_py '[x["id"] for x in j]')" "[$L, $S, $R, $P, $G, $F, $N, $E]" "ranking"
expect_eq "$(jq_py '[x["rank"] for x in j]')" "[1, 2, 3, 4, 5, 6, 7, 8]" "ranks"
expect_eq "$(jq_py 'j[0]["reason"]')" "lapsed: last meeting 94 days ago" "reason L"
expect_eq "$(jq_py 'j[1]["reason"]')" "connected, lapses in 6 days: last call 85 days ago" "reason S"
expect_eq "$(jq_py 'j[2]["reason"]')" "personal and active but never replied: not reciprocal" "reason R"
expect_eq "$(jq_py 'j[3]["reason"]')" "active and reciprocal, but no personal note yet" "reason P"
expect_eq "$(jq_py 'j[4]["reason"]')" "met at Expo 3 days ago, nothing since" "reason G"
expect_eq "$(jq_py 'j[5]["reason"]')" "met at Summit 10 days ago, nothing since; no personal note yet" "reason F"
expect_eq "$(jq_py 'j[6]["reason"]')" "no personal note yet" "reason N"
expect_eq "$(jq_py 'j[7]["reason"]')" "not yet active, reciprocal; nothing logged yet" "reason E"
expect_eq "$(jq_py '[j[0]["status"], j[0]["missing"], j[1]["status"], j[1]["missing"]]')" \
    '["lapsed", ["active"], "connected", []]' "status and missing in JSON"

# the text form, and --limit
k --now "$NOW" next --limit 3
expect_rc 0 "next --limit 3"
expect_eq "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" 3 "three lines"
expect_out " 1. #$L"
expect_out "Lena Lapsed"
expect_out "lapsed: last meeting 94 days ago"
expect_err "(5 more"
k next --limit 0; expect_rc 2 "--limit 0"
k next --limit many; expect_rc 2 "--limit many"

# time passes: a week later S has lapsed too, and Cleo is still fine
k --now "$(date -u -d "$NOW + 7 days" +%F)" next --json
expect_eq "$(jq_py '[x["id"] for x in j][:2]')" "[$S, $L]" "S lapsed yesterday ranks before L"
expect_eq "$(jq_py '[x["id"] for x in j if x["id"] == '"$C"']')" "[]" "connected contact not listed"

finish
