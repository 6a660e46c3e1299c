# bench_smoke.sh — kith-bench runs end to end on two small generated photos
# and prints every row of its table (the numbers themselves are not judged
# here: the benchmark is for measuring, see README.md).
set -u
BENCH=$KITH_BINARY_DIR/kith-bench
[ -x "$BENCH" ] || { echo "bench_smoke: $BENCH not built"; exit 1; }
command -v tesseract >/dev/null || { echo "bench_smoke: no tesseract command; skipped"; exit 77; }
out=$("$BENCH" --count 2 --seed 3 --jobs 1 --width 1200 --height 900 \
    --kith "$KITH" --gen "$KITH_GEN" 2>/dev/null)
rc=$?
[ "$rc" -eq 0 ] || { echo "kith-bench exited with $rc"; printf '%s\n' "$out"; exit 1; }
printf '%s\n' "$out"
for row in "2 generated photos" name title company emails phones urls address \
    "all fields right" "wrong but filled" "failed cards" "cards per second" \
    "peak memory (MB)" "image stage (one core): median" "card found"; do
    printf '%s\n' "$out" | grep -qF "$row" || { echo "missing row: $row"; exit 1; }
done
# the details file is named and exists
details=$(printf '%s\n' "$out" | sed -n 's/^  misses per card: //p')
[ -f "$details" ] || { echo "no details file: $details"; exit 1; }
rm -rf "$(dirname "$details")"
echo "bench_smoke: ok"
