# scan_contract.sh — `kith scan --json` on card photos prints exactly one
# contract line per photo, in input order, every new contact "unconnected";
# `kith list` shows them; --save-crops writes one normalized image per card;
# into a pipe nothing but the results is printed.
. "$(dirname "$0")/scan_lib.sh"

photos 12 "$T/cards"
kith scan --json --no-prompt --jobs 2 --save-crops "$T/crops" "$T/cards" \
    >"$T/out.json" 2>"$T/err.txt" || fail "scan exited $?: $(cat "$T/err.txt")"
[ ! -s "$T/err.txt" ] || fail "scan into a pipe wrote to stderr: $(cat "$T/err.txt")"
ls "$T"/cards/*.jpg | sort >"$T/inputs.txt"

json_check "$T/out.json" '
inputs = [l.strip() for l in open("'"$T"'/inputs.txt")]
assert [o["source"] for o in lines] == inputs, "one line per photo, in input order"
ids = set()
for o in lines:
    assert "error" not in o, o
    assert isinstance(o["contact_id"], int) and o["contact_id"] > 0, o
    assert o["status"] == "unconnected", o
    assert isinstance(o["new"], bool), o
    assert isinstance(o.get("confidence"), (int, float)), o
    for key in ("emails", "phones", "urls"):
        assert isinstance(o.get(key, []), list), o
    ids.add(o["contact_id"])
new = [o for o in lines if o["new"]]
assert len(new) == len(ids), "every contact made once: %d new, %d ids" % (len(new), len(ids))
assert len(ids) >= 10, "at least 10 of 12 distinct cards became contacts: %d" % len(ids)
open("'"$T"'/ids.txt", "w").write("\n".join(str(i) for i in sorted(ids)) + "\n")
'

kith list --json >"$T/list.json" || fail "list failed"
python3 - "$T/list.json" "$T/ids.txt" <<'PY' || fail "kith list does not show the scanned contacts"
import json, sys
text = open(sys.argv[1]).read()
try:
    doc = json.loads(text)
    items = doc if isinstance(doc, list) else doc.get("contacts", [])
except ValueError:
    items = [json.loads(l) for l in text.splitlines() if l.strip()]
listed = {c.get("id", c.get("contact_id")) for c in items}
want = {int(l) for l in open(sys.argv[2]) if l.strip()}
assert want <= listed, "missing from list: %s" % (want - listed)
for c in items:
    if c.get("id", c.get("contact_id")) in want:
        assert c["status"] == "unconnected", c
PY

n_crops=$(find "$T/crops" -name "*.png" 2>/dev/null | wc -l)
[ "$n_crops" -eq 12 ] || fail "--save-crops wrote $n_crops images, not 12"
for f in "$T"/cards/*.jpg; do
    b=$(basename "$f" .jpg)
    [ -s "$T/crops/$b.png" ] || fail "no crop for $f"
done

# readable output: one line per card
rm -f "$DB" "$DB"-wal "$DB"-shm
kith scan --no-prompt "$T"/cards/*.jpg >"$T/out.txt" 2>"$T/err.txt" || fail "text scan failed"
[ "$(wc -l <"$T/out.txt")" -eq 12 ] || fail "text scan printed $(wc -l <"$T/out.txt") lines"
grep -c '^new ' "$T/out.txt" >/dev/null || fail "no 'new' line: $(cat "$T/out.txt")"
note "ok"
