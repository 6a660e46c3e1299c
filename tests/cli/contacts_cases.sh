# contacts_cases.sh — data-driven tests of what the contact commands print.
#
# Each file in contacts_cases/*.case is a small session on a fresh database:
#
#     # a comment
#     $ mk --name "Lena Lapsed" --email lena@l.example --at 2025-01-01
#     $ kith log lena --kind call --dir both --at 2026-02-27
#     >>> kith --now 2026-06-01 next
#      1. #1     Lena Lapsed  lapsed: last call 94 days ago
#     >>>2 kith show nobody
#     kith: no contact matches 'nobody'
#
# "$ COMMAND" is a setup step that must succeed: shell, where `kith` runs the
# binary on the case's database and `mk` adds a card (tests/cli/mkcontact.c).
# ">>> COMMAND" runs a check: the command must exit 0 and print on stdout
# exactly the lines that follow, up to the next "$ " or ">>>" line (trailing
# blank lines ignored). ">>>N COMMAND" expects exit status N and compares
# stderr instead. Lines starting with "#" outside a check are comments.
# Add a case by writing a file; no C needed.
set -u
: "${KITH:?KITH is not set (run through ctest)}"
MKCONTACT=${MKCONTACT:-$KITH_BINARY_DIR/kith-mkcontact}
CASES=$(dirname "$0")/contacts_cases
TMP=$(mktemp -d "${TMPDIR:-/tmp}/kith-cases.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
unset KITH_NOW KITH_DB KITH_WINDOW_DAYS NO_COLOR

kith() { "$KITH" --db "$DB" "$@"; }
mk() { "$MKCONTACT" "$DB" "$@" >/dev/null; }

failures=0
n=0
for case_file in "$CASES"/*.case; do
    name=$(basename "$case_file" .case)
    DB=$TMP/$name.db
    n=$((n + 1))
    ok=1
    mode=setup cmd= want_rc=0 expected=
    lineno=0

    run_check() {
        local got rc
        expected=$(printf '%s\n' "$expected")   # trailing blank lines do not count
        if [ "$want_rc" = 0 ]; then
            got=$(eval "$cmd" 2>"$TMP/stderr" </dev/null)
            rc=$?
        else
            eval "$cmd" >/dev/null 2>"$TMP/stderr" </dev/null
            rc=$?
            got=$(cat "$TMP/stderr")
        fi
        if [ "$rc" != "$want_rc" ]; then
            echo "FAIL [$name:$check_line] '$cmd' exited $rc, want $want_rc" >&2
            sed 's/^/    /' "$TMP/stderr" >&2
            ok=0
        elif [ "$got" != "$expected" ]; then
            echo "FAIL [$name:$check_line] '$cmd' printed something else:" >&2
            diff <(printf '%s\n' "$expected") <(printf '%s\n' "$got") | sed 's/^/    /' >&2
            ok=0
        fi
    }

    while IFS= read -r line || [ -n "$line" ]; do
        lineno=$((lineno + 1))
        case "$line" in
        '>>>'*)
            [ "$mode" = check ] && run_check
            mode=check
            check_line=$lineno
            rest=${line#>>>}
            want_rc=0
            case "$rest" in [0-9]*) want_rc=${rest%% *}; rest=${rest#* } ;; esac
            cmd=${rest# }
            expected=
            first=1
            ;;
        '$ '*)
            [ "$mode" = check ] && run_check
            mode=setup
            if ! eval "${line#\$ }" >/dev/null 2>"$TMP/stderr" </dev/null; then
                echo "FAIL [$name:$lineno] setup '${line#\$ }' failed:" >&2
                sed 's/^/    /' "$TMP/stderr" >&2
                ok=0
            fi
            ;;
        *)
            if [ "$mode" = check ]; then
                if [ "$first" = 1 ]; then expected=$line; first=0
                else expected=$expected$'\n'$line; fi
            elif [ -n "$line" ] && [ "${line#\#}" = "$line" ]; then
                echo "FAIL [$name:$lineno] a setup line starts with '\$ ': $line" >&2
                ok=0
            fi
            ;;
        esac
    done < "$case_file"
    [ "$mode" = check ] && run_check
    if [ "$ok" = 1 ]; then echo "ok   $name"; else echo "FAIL $name"; failures=$((failures + 1)); fi
done
[ "$n" -gt 0 ] || { echo "no cases in $CASES" >&2; exit 1; }
echo "$((n - failures)) of $n cases passed"
[ "$failures" = 0 ]
