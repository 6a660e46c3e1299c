#!/bin/bash
# layers.sh — the include rule of README.md ("How the code is laid out"):
#   - the store includes no header of extract/, enrich/, qr/, ingest/,
#     export/ or cli/;
#   - no stage outside cli/ includes cli/;
#   - contact/ and common/ include nothing but themselves;
#   - no file under pipeline/ is over 900 lines.
# Prints each breach and fails if there is any.
set -u
root="${KITH_SOURCE_DIR:-$(dirname "$0")/..}"
cd "$root/pipeline" || exit 1
fail=0
breach() {
    echo "FAIL [layers]: $1"
    fail=1
}

out=$(grep -rnE '#include "(\.\./)?(extract|enrich|qr|ingest|export|cli)/' store)
[ -z "$out" ] || breach "the store includes a stage above it:
$out"

out=$(grep -rnE '#include "(\.\./)?cli/' --exclude-dir=cli .)
[ -z "$out" ] || breach "a stage includes cli/:
$out"

out=$(grep -rnE '#include "(\.\./)?(image|ocr|extract|qr|enrich|store|ingest|export|cli)/' \
    contact common)
[ -z "$out" ] || breach "the domain layer or common/ includes a stage:
$out"

out=$(grep -rnE '#include "(\.\./)?contact/' common)
[ -z "$out" ] || breach "common/ includes contact/:
$out"

while read -r n f; do
    [ "$f" = total ] && continue
    [ "$n" -le 900 ] || breach "$f has $n lines (900 at most)"
done < <(find . -name '*.[ch]' -exec wc -l {} +)

[ "$fail" -eq 0 ] && echo "layers: include rule and file sizes hold"
exit "$fail"
