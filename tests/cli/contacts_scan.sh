# contacts_scan.sh — the contact side of `kith scan`, end to end with OCR:
# scanned contacts start unconnected with all three missing; on a terminal
# scan asks for a personal note per new contact (Enter skips, and never with
# --no-prompt); a user's edit survives a later card of the same person,
# which merges into the contact instead of creating a new one.
. "$(dirname "$0")/contacts_lib.sh"
DRIVE="$PY $(dirname "$0")/drive_pty.py"
SAMPLES=$KITH_SOURCE_DIR/fixtures/samples
[ -e "$SAMPLES/card_0001.jpg" ] && [ -e "$SAMPLES/card_0002.jpg" ] \
    || { echo "contacts_scan: no sample cards; skipped"; exit 77; }
mkdir -p "$TMP/cards" "$TMP/later"
cp "$SAMPLES/card_0001.jpg" "$SAMPLES/card_0002.jpg" "$TMP/cards/"

# scan on a terminal: a prompt per new contact; answer the first, skip the second
transcript=$($DRIVE --timeout 120 \
    "beyond the card?" "Met her at the robotics stand; two kids" \
    "beyond the card?" "" \
    -- "$KITH" --db "$DB" --now 2026-03-02 scan --event "Test Expo" "$TMP/cards")
rc=$?
expect_eq "$rc" 0 "scan on a terminal (transcript: $transcript)"
case "$transcript" in *"met at Test Expo"*) ;; *) fail "the prompt shows the event: $transcript" ;; esac
k --now 2026-03-02 list --json
expect_eq "$(jq_py 'len(j)')" 2 "two contacts scanned"
expect_eq "$(jq_py 'sorted([x["status"], x["missing"], [n["text"] for n in x["notes"]], x["event"]] for x in j)')" \
    '[["unconnected", ["active", "reciprocal"], ["Met her at the robotics stand; two kids"], "Test Expo"], ["unconnected", ["active", "reciprocal", "personal"], [], "Test Expo"]]' \
    "one contact with the note, the other still in the review queue"
k review
expect_eq "$(printf '%s\n' "$OUT" | grep -c .)" 1 "one contact left in the review queue"

# --no-prompt on a terminal, and a rescan of the same files: no prompt, no new contact
transcript=$($DRIVE --timeout 120 -- "$KITH" --db "$DB" scan --no-prompt "$TMP/cards")
case "$transcript" in *"beyond the card"*) fail "prompted despite --no-prompt: $transcript" ;; esac
k list --json
expect_eq "$(jq_py 'len(j)')" 2 "rescan created no contact"

# the user corrects a field; a second card of the same person (the same
# photo re-encoded, so another file with the same email on it) merges into
# the contact and keeps the correction
k show 1 --json
ocr_company=$(jq_py 'j.get("company") or ""')
ocr_email=$(jq_py '(j.get("emails") or [""])[0]')
[ -n "$ocr_email" ] || fail "OCR read no email from card_0001; cannot test the merge"
k edit 1 --company "Corrected Company Ltd"
expect_rc 0 "edit"
{ cat "$SAMPLES/card_0001.jpg"; printf 'another file'; } > "$TMP/later/card_0001_again.jpg"
OUT=$("$KITH" --db "$DB" scan --json --no-prompt "$TMP/later" 2>"$TMP/err")
expect_eq "$(jq_py '[j["contact_id"], j["new"]]')" "[1, false]" "second card merges into contact 1"
k show 1 --json
expect_eq "$(jq_py '[j["company"], len(j["cards"])]')" '["Corrected Company Ltd", 2]' \
    "edit kept (OCR read '$ocr_company'), both cards kept"
k list --json
expect_eq "$(jq_py 'len(j)')" 2 "still two contacts"

finish
