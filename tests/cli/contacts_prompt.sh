# contacts_prompt.sh — the note prompt through a real pseudo-terminal:
# `kith review` asks "What do you know about <given name> beyond the card?",
# a line becomes a note, Enter skips (the contact stays in the queue), `q`
# stops, end of input stops; and it never prompts when stdin is not a tty.
. "$(dirname "$0")/contacts_lib.sh"
DRIVE="$PY $(dirname "$0")/drive_pty.py"

a=$(mk --name "Margaret O'Connell" --title "Director of Partnerships" --company "Bluefin Analytics" \
       --email m@bluefin.example --event "Web Summit" --at 2026-01-10)
b=$(mk --name "Jan Novak" --company "Nordwind GmbH" --email jan@nordwind.example --at 2026-01-11)
c=$(mk --company "Acme Widgets" --email info@acme.example --at 2026-01-12)
d=$(mk --name "Zoe Quinn" --email zoe@q.example --at 2026-01-13)
k note "$d" "already known"

notes_of() {   # the notes of contact $1, joined with '|'
    k show "$1" --json
    jq_py '"|".join(n["text"] for n in j["notes"])'
}

# the queue is newest first and leaves out Zoe, who has a note: c, b, a.
# c has no name: "them". Answer c, skip b (Enter), stop at a (q).
transcript=$($DRIVE \
    "What do you know about them beyond the card?" "Their CTO spoke about drones" \
    "What do you know about Jan beyond the card?" "" \
    "What do you know about Margaret beyond the card?" "q" \
    -- "$KITH" --db "$DB" --now 2026-01-20 review)
rc=$?
expect_eq "$rc" 0 "review exit status (transcript: $transcript)"
case "$transcript" in
*"Director of Partnerships at Bluefin Analytics"*"met at Web Summit (2026-01-10)"*) ;;
*) fail "the prompt shows title, company and event: $transcript" ;;
esac
case "$transcript" in *"1 note saved; 2 contacts still without one"*) ;;
*) fail "summary after q: $transcript" ;; esac
expect_eq "$(notes_of "$c")" "Their CTO spoke about drones" "answered contact has the note"
expect_eq "$(notes_of "$b")" "" "skipped contact has no note"
expect_eq "$(notes_of "$a")" "" "contact after q has no note"
expect_eq "$(notes_of "$d")" "already known" "Zoe unchanged"
k --now 2026-01-20 show "$c" --json
expect_eq "$(jq_py '[j["personal"], j["notes"][0]["at"]]')" '[true, "2026-01-20"]' "note dated --now"

# skipped contacts stay in the queue: the next review starts with Jan; end
# of input (Ctrl-D) stops asking
transcript=$($DRIVE \
    "What do you know about Jan beyond the card?" "Sails a Folkboat" \
    "What do you know about Margaret beyond the card?" "<EOF>" \
    -- "$KITH" --db "$DB" review)
rc=$?
expect_eq "$rc" 0 "second review (transcript: $transcript)"
expect_eq "$(notes_of "$b")" "Sails a Folkboat" "second review saves Jan's note"
expect_eq "$(notes_of "$a")" "" "EOF saves nothing"
case "$transcript" in *"about them"*) fail "contact with a note asked again: $transcript" ;; esac

# not a terminal: no prompt, nothing read, nothing saved; the queue is printed
OUT=$(printf 'Loves jazz\n' | "$KITH" --db "$DB" review 2>"$TMP/err")
rc=$?
expect_eq "$rc" 0 "review without a terminal"
expect_no_out "What do you know"
expect_out "Margaret O'Connell"
expect_eq "$(notes_of "$a")" "" "nothing saved without a terminal"
# stdin a terminal but stdout a pipe: still no prompt (drive it with no answers)
transcript=$($DRIVE -- sh -c "\"$KITH\" --db \"$DB\" review | cat")
case "$transcript" in *"What do you know"*) fail "prompted with stdout in a pipe: $transcript" ;; esac
expect_eq "$(notes_of "$a")" "" "nothing saved with stdout in a pipe"

# colour only on a terminal (and not with NO_COLOR); plain in a pipe
esc=$(printf '\033[')
transcript=$($DRIVE -- "$KITH" --db "$DB" list)
case "$transcript" in *"$esc"*) ;; *) fail "no colour on a terminal: $transcript" ;; esac
transcript=$($DRIVE -- env NO_COLOR=1 "$KITH" --db "$DB" list)
case "$transcript" in *"$esc"*) fail "colour despite NO_COLOR: $transcript" ;; esac
k list
case "$OUT" in *"$esc"*) fail "colour in a pipe: $OUT" ;; esac
expect_out "Margaret O'Connell"

# once everyone has a note, review says so
k note "$a" "rows on the Avon"
k review
expect_rc 0 "empty queue"
expect_err "every contact has a personal note"

finish
