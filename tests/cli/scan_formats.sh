# scan_formats.sh — the inputs people have scan like JPEG (issue 13): a
# generated card photo rewritten as PNG, WebP, TIFF and HEIC, and a generated
# flatbed scan as a one-page 300 dpi PDF, each give the same fields as the JPEG
# they were made from. The files are made here, at test time (kith-imgconv).
# Then the bad inputs: a decompression bomb (PNG and PDF) is refused from its
# header and a 1x1 image is refused, each failing only its own card.
. "$(dirname "$0")/scan_lib.sh"

CONV=${KITH_BINARY_DIR:?KITH_BINARY_DIR must name the build directory}/kith-imgconv
[ -x "$CONV" ] || fail "no $CONV (cmake --build BUILD --target kith_imgconv)"
: "${KITH_GEN:?KITH_GEN must name the fixture generator}"

# seed 5 card 1: a photo with no EXIF tag (a PDF page would not apply one)
"$KITH_GEN" --seed 5 --count 1 --width 1600 --height 1200 --out "$T/photo" >/dev/null
"$KITH_GEN" --seed 5 --count 1 --mode scan --out "$T/scan" >/dev/null
mkdir -p "$T/in"
cp "$T/photo/card_0001.jpg" "$T/in/photo.jpg"
cp "$T/scan/card_0001.jpg" "$T/in/scan.jpg"
for ext in png webp tif heic; do
    "$CONV" "$T/in/photo.jpg" "$T/in/photo.$ext" || fail "kith-imgconv could not write $ext"
done
"$CONV" "$T/in/scan.jpg" "$T/in/scan.pdf" 300 || fail "kith-imgconv could not write the PDF"

# one database per file, so no card is merged into another's contact
for f in "$T"/in/*; do
    b=$(basename "$f")
    "$KITH" --db "$T/$b.db" scan --json --no-prompt "$f" >"$T/$b.out" 2>"$T/$b.err" ||
        fail "scanning $b failed: $(cat "$T/$b.err")"
done

python3 - "$T" <<'EOF' || fail "a format did not scan like its JPEG"
import json, os, sys
t = sys.argv[1]
def fields(name):
    with open(os.path.join(t, name + ".out"), encoding="utf-8") as f:
        lines = [json.loads(l) for l in f]
    assert len(lines) == 1, (name, lines)
    o = lines[0]
    assert "error" not in o, (name, o)
    return {k: v for k, v in o.items() if k not in ("source", "contact_id", "confidence")}
for jpeg, truth, others in (("photo.jpg", "photo", ["photo.png", "photo.webp", "photo.tif",
                                                    "photo.heic"]),
                            ("scan.jpg", "scan", ["scan.pdf"])):
    ref = fields(jpeg)
    with open(os.path.join(t, truth, "card_0001.json"), encoding="utf-8") as f:
        want = json.load(f)
    # the reference reads its card, so "same as the JPEG" means read, not empty
    assert ref.get("name") == want["name"], (jpeg, ref.get("name"), want["name"])
    assert ref.get("emails") == want["emails"], (jpeg, ref.get("emails"), want["emails"])
    for other in others:
        got = fields(other)
        diff = {k: (ref.get(k), got.get(k)) for k in set(ref) | set(got) if ref.get(k) != got.get(k)}
        assert not diff, (other, "differs from", jpeg, diff)
        print("# %s scans like %s (%d fields)" % (other, jpeg, len(ref)))
EOF

# (the bad batch below is a folder, so its PDF and PNGs are collected by suffix)

# bad inputs in one batch with a good card: each fails alone, with its reason
mkdir -p "$T/bad"
cp "$T/in/photo.jpg" "$T/bad/good.jpg"
python3 - "$T/bad" <<'EOF'
import struct, sys, zlib
d = sys.argv[1]
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
def png(w, h, idat):
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
# 60000 x 60000 RGB declared (3.6 gigapixels), a few bytes of data: only the
# header can be read, so a refusal that names the size came from the header
open(d + "/bomb.png", "wb").write(png(60000, 60000, zlib.compress(b"\0" * 64)))
open(d + "/tiny.png", "wb").write(png(1, 1, zlib.compress(b"\0\xff\xff\xff")))
# a PDF page 200 x 200 inches: 60000 x 60000 pixels at 300 dpi
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"]
out = b"%PDF-1.4\n"
offs = []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
open(d + "/bomb.pdf", "wb").write(out)
EOF
rc=0
kith scan --json --no-prompt --jobs 2 "$T/bad" >"$T/bad.out" 2>"$T/bad.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a batch with bad images should exit 1, not $rc"
json_check "$T/bad.out" '
by = {o["source"].rsplit("/", 1)[1]: o for o in lines}
assert sorted(by) == ["bomb.pdf", "bomb.png", "good.jpg", "tiny.png"], sorted(by)
assert "error" not in by["good.jpg"] and by["good.jpg"]["contact_id"] > 0, by["good.jpg"]
assert "image too large: 60000x60000" in by["bomb.png"].get("error", ""), by["bomb.png"]
assert "image too large: 60000x60000" in by["bomb.pdf"].get("error", ""), by["bomb.pdf"]
assert "image too small: 1x1" in by["tiny.png"].get("error", ""), by["tiny.png"]
'
note "ok"
