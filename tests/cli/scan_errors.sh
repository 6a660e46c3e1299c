# scan_errors.sh — a truncated JPEG, a text file named .jpg and a missing file
# each give an error line ({"source", "error"}) and exit status 1, while the
# other cards of the same batch land; usage errors exit 2 and print nothing on
# stdout.
. "$(dirname "$0")/scan_lib.sh"

photos 3 "$T/good"
files=("$T"/good/*.jpg)
first=${files[0]}
mkdir -p "$T/batch"
cp "$T"/good/*.jpg "$T/batch/"
size=$(stat -c %s "$first")
head -c $((size / 3)) "$first" >"$T/batch/b-truncated.jpg"
echo "these are not the pixels you are looking for" >"$T/batch/c-text.jpg"

rc=0
kith scan --json --no-prompt --jobs 2 "$T/batch" "$T/batch/zz-missing.jpg" \
    >"$T/out.json" 2>"$T/err.txt" || rc=$?
[ "$rc" -eq 1 ] || fail "a batch with broken files should exit 1, not $rc"

json_check "$T/out.json" '
assert len(lines) == 6, "one line per input: %d" % len(lines)
bad = {o["source"].rsplit("/", 1)[1]: o for o in lines if "error" in o}
assert sorted(bad) == ["b-truncated.jpg", "c-text.jpg", "zz-missing.jpg"], sorted(bad)
for o in bad.values():
    assert set(o) == {"source", "error"}, o
    assert isinstance(o["error"], str) and o["error"], o
good = [o for o in lines if "error" not in o]
assert len(good) == 3
for o in good:
    assert o["status"] == "unconnected" and o["contact_id"] > 0, o
'
n=$(sql "select count(*) from cards")
[ "$n" -eq 3 ] || fail "3 cards should be stored, found $n"

# usage errors: exit 2, nothing on stdout
for args in "" "--jobs 0 $first" "--jobs x $first" "--bogus $first" "--event"; do
    rc=0
    # shellcheck disable=SC2086
    kith scan $args >"$T/u.out" 2>"$T/u.err" || rc=$?
    [ "$rc" -eq 2 ] || fail "'kith scan $args' should exit 2, not $rc"
    [ ! -s "$T/u.out" ] || fail "'kith scan $args' printed on stdout"
    [ -s "$T/u.err" ] || fail "'kith scan $args' gave no message"
done

# a folder with no images at all
mkdir -p "$T/empty"
rc=0
kith scan --no-prompt "$T/empty" >/dev/null 2>"$T/e.err" || rc=$?
[ "$rc" -eq 1 ] || fail "scanning an empty folder should exit 1, not $rc"
grep -q "no card images" "$T/e.err" || fail "no message for an empty folder"
note "ok"
