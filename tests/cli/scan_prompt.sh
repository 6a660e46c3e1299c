# scan_prompt.sh — after `kith scan` on a terminal kith asks for a personal
# note for each new contact (through a real pseudo-terminal): an answer
# becomes a note, Enter skips. Never with --no-prompt, with --json, or when
# stdin is not a terminal; never for cards that were already scanned.
. "$(dirname "$0")/scan_lib.sh"
DRIVE="python3 $(dirname "$0")/drive_pty.py"

photos 2 "$T/cards" 31
transcript=$($DRIVE \
    "beyond the card?" "Restores old Vespas" \
    "beyond the card?" "" \
    -- "$KITH" --db "$DB" scan --event "Web Summit" "$T/cards") ||
    fail "scan on a terminal exited $?: $transcript"
case "$transcript" in
*card_0001.jpg*card_0002.jpg*"beyond the card?"*) ;;
*) fail "results first, then the questions: $transcript" ;;
esac
case "$transcript" in *"Web Summit"*) ;; *) fail "the prompt shows the event: $transcript" ;; esac
[ "$(sql "select count(*) from notes")" -eq 1 ] || fail "one note expected"
[ "$(sql "select text from notes")" = "Restores old Vespas" ] || fail "the note text"
[ "$(sql "select count(*) from contacts")" -eq 2 ] || fail "two contacts expected"

# no questions: --no-prompt, --json, a rescan (nothing new), stdin not a tty
photos 3 "$T/more" 32
for args in "--no-prompt $T/more/card_0001.jpg" "--json $T/more/card_0002.jpg" "$T/cards"; do
    # shellcheck disable=SC2086
    transcript=$($DRIVE -- "$KITH" --db "$DB" scan $args) || fail "scan $args exited $?"
    case "$transcript" in *"beyond the card"*) fail "scan $args asked: $transcript" ;; esac
done
out=$(kith scan "$T/more/card_0003.jpg" </dev/null 2>&1) || fail "scan from a pipe failed"
case "$out" in *"beyond the card"*) fail "asked with stdin not a terminal: $out" ;; esac
[ "$(sql "select count(*) from notes")" -eq 1 ] || fail "notes were added without asking"
note "ok"
