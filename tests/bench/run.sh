#!/bin/sh
# run.sh — builds kith, kith-gen and kith-bench, then runs the benchmark.
#
#   tests/bench/run.sh [--count 200] [--seed 7] [--jobs 2] [other kith-bench options]
#
# The build directory is $KITH_BUILD_DIR, else build/ at the top of the source
# tree. Everything after the script name goes to kith-bench (see README.md).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${KITH_BUILD_DIR:-$root/build}
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" >/dev/null
fi
cmake --build "$build" --target kith_cli kith_gen kith_bench -j2 >/dev/null
exec "$build/kith-bench" --kith "$build/kith" --gen "$build/kith-gen" "$@"
