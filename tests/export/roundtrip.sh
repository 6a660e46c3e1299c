#!/bin/bash
# roundtrip.sh — exports every contact in tests/export/cases/ as vCard 4.0,
# vCard 3.0, CSV and JSON (export_cases), then has real parsers read them
# back: Mozilla's ical.js (node) and Python's vobject, csv and json
# (check_roundtrip.py compares with the values the cases put in).
#
# ical.js is looked for, in order, at $KITH_ICALJS (the module file),
# <build>/npm/node_modules (where ./dev test installs tests/export/package.json),
# tests/export/node_modules (`npm install` in tests/export) and the cache
# ${XDG_CACHE_HOME:-~/.cache}/kith-tests, where it is installed with npm (the
# version pinned in package.json) when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
helper="${KITH_BINARY_DIR:?}/tests/export/export_cases"
python=/usr/bin/python3
[ -x "$python" ] || python=python3

fail() { echo "roundtrip: $*" >&2; exit 1; }

[ -x "$helper" ] || fail "missing $helper (build the export_cases target)"
command -v node >/dev/null || fail "node is not installed (needed for ical.js)"
"$python" -c 'import vobject' 2>/dev/null || fail "python3-vobject is not installed"

version="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["dependencies"]["ical.js"])' \
           "$here/package.json")"
icaljs="${KITH_ICALJS:-}"
if [ -z "$icaljs" ]; then
    for dir in "${KITH_BINARY_DIR:-/nonexistent}/npm/node_modules" "$here/node_modules" \
               "${XDG_CACHE_HOME:-$HOME/.cache}/kith-tests/node_modules"; do
        if [ -f "$dir/ical.js/dist/ical.js" ]; then
            icaljs="$dir/ical.js/dist/ical.js"
            break
        fi
    done
fi
if [ -z "$icaljs" ]; then
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/kith-tests"
    mkdir -p "$cache"
    npm install --silent --no-audit --no-fund --prefix "$cache" "ical.js@$version" >&2 ||
        fail "cannot install ical.js@$version with npm (run 'npm install' in $here)"
    icaljs="$cache/node_modules/ical.js/dist/ical.js"
fi
got="$(node -e 'const p=require("path"); console.log(JSON.parse(require("fs").readFileSync(p.resolve(process.argv[1], "../../package.json"))).version)' \
       "$icaljs")"
[ "$got" = "$version" ] || echo "roundtrip: note: ical.js $got, package.json pins $version" >&2

out="$(mktemp -d "${TMPDIR:-/tmp}/kith-export-rt.XXXXXX")"
trap 'rm -rf "$out"' EXIT

"$helper" "$out" "$here"/cases/*.json
node "$here/icaljs_canon.mjs" "$icaljs" "$out"/*.vcf > "$out/icaljs.json"
"$python" "$here/check_roundtrip.py" "$here/cases" "$out" "$out/icaljs.json"
