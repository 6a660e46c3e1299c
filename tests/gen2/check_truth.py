#!/usr/bin/env python3
"""Checks kith-gen2 output: every card_NNNN.json against its image.

usage: check_truth.py DIR [--families a,b,..] [--scenes x,y,..]
Prints one line per problem and exits 1 when there is any."""
import json
import os
import re
import struct
import sys

KEYS = ["name", "given_name", "family_name", "prefix", "credentials", "title", "department",
        "company", "emails", "phones", "urls", "address", "_meta"]
META = ["generator", "family", "scene", "mode", "width", "height", "corners", "rotation",
        "upright_quadrant", "exif_orientation", "portrait", "dark", "seed"]


def jpeg_info(path):
    """(width, height, exif orientation) of a baseline/progressive JPEG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    i, orient, size = 2, 1, None
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError("bad marker at %d" % i)
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        seg = data[i + 4:i + 2 + length]
        if marker == 0xE1 and seg[:6] == b"Exif\0\0":
            tiff = seg[6:]
            end = "<" if tiff[:2] == b"II" else ">"
            off = struct.unpack(end + "I", tiff[4:8])[0]
            n = struct.unpack(end + "H", tiff[off:off + 2])[0]
            for k in range(n):
                e = tiff[off + 2 + 12 * k: off + 14 + 12 * k]
                tag = struct.unpack(end + "H", e[:2])[0]
                if tag == 0x0112:
                    orient = struct.unpack(end + "H", e[8:10])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", seg[1:5])
            size = (w, h)
            break
        i += 2 + length
    if size is None:
        raise ValueError("no frame header")
    return size[0], size[1], orient


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", head[16:24])


def check(dirname, path, problems, seen):
    def bad(msg):
        problems.append("%s: %s" % (os.path.basename(path), msg))

    with open(path, encoding="utf-8") as f:
        t = json.load(f)
    for k in t:
        if k not in KEYS:
            bad("unexpected key %s" % k)
    for k in KEYS:
        if k in t and t[k] in ("", [], None):
            bad("%s is present but empty" % k)
    for k in ("name", "given_name", "family_name", "company", "_meta"):
        if k not in t:
            bad("missing %s" % k)
    if "name" in t and t.get("name") != "%s %s" % (t.get("given_name"), t.get("family_name")):
        bad("name is not given + family: %r" % t.get("name"))
    if "name" in t and t["name"].isupper():
        bad("name in capitals")
    for e in t.get("emails", []):
        if not re.fullmatch(r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}", e):
            bad("odd e-mail %r" % e)
    for p in t.get("phones", []):
        if p.get("kind") not in ("work", "mobile", "fax"):
            bad("phone kind %r" % p.get("kind"))
        digits = re.sub(r"\D", "", p.get("number", ""))
        if len(digits) < 7:
            bad("short number %r" % p.get("number"))
        if "e164" in p:
            if not re.fullmatch(r"\+[1-9]\d{7,14}", p["e164"]):
                bad("bad e164 %r" % p["e164"])
            elif p["e164"][-6:] != digits[-6:]:
                bad("e164 %s does not end like %s" % (p["e164"], p["number"]))
    m = t.get("_meta", {})
    for k in META:
        if k not in m:
            bad("_meta lacks %s" % k)
    if problems and problems[-1].startswith(os.path.basename(path)):
        return
    if m["generator"] != "gen2":
        bad("generator %r" % m["generator"])
    seen["family"].add(m["family"])
    seen["scene"].add(m["scene"])
    base = path[:-5]
    w, h, orient = jpeg_info(base + ".jpg")
    if orient != m["exif_orientation"]:
        bad("EXIF orientation %d, truth says %d" % (orient, m["exif_orientation"]))
    if orient in (6, 8):
        w, h = h, w
    if (w, h) != (m["width"], m["height"]):
        bad("displayed size %dx%d, truth says %dx%d" % (w, h, m["width"], m["height"]))
    c = m["corners"]
    if len(c) != 4:
        bad("corners: %r" % c)
        return
    for x, y in c:
        if not (-0.5 <= x <= w + 0.5 and -0.5 <= y <= h + 0.5):
            bad("corner (%.1f, %.1f) outside %dx%d" % (x, y, w, h))
    import math
    rot = math.degrees(math.atan2(c[1][1] - c[0][1], c[1][0] - c[0][0])) % 360
    # corners are rounded to 0.1 px: allow for that on a short top edge
    tol = max(0.05, math.degrees(0.15 / max(1e-6, math.hypot(c[1][0] - c[0][0], c[1][1] - c[0][1]))))
    if min(abs(rot - m["rotation"]), 360 - abs(rot - m["rotation"])) > tol:
        bad("rotation %.2f, corners say %.2f" % (m["rotation"], rot))
    if m["upright_quadrant"] != (360 - round(m["rotation"] / 90) * 90 % 360) % 360:
        bad("upright_quadrant %r for rotation %r" % (m["upright_quadrant"], m["rotation"]))
    # the quad is convex and runs clockwise on screen (text reads left to right)
    cross = [(c[(k + 1) % 4][0] - c[k][0]) * (c[(k + 2) % 4][1] - c[(k + 1) % 4][1]) -
             (c[(k + 1) % 4][1] - c[k][1]) * (c[(k + 2) % 4][0] - c[(k + 1) % 4][0])
             for k in range(4)]
    if not all(v > 0 for v in cross):
        bad("corners not a clockwise convex quad: %r" % c)
    if m["mode"] not in ("photo", "flat", "scan"):
        bad("mode %r" % m["mode"])
    if (m["mode"] == "scan") != (m["scene"] == "scan"):
        bad("mode %s with scene %s" % (m["mode"], m["scene"]))
    if "flat" in m:
        fp = os.path.join(dirname, m["flat"])
        if not os.path.exists(fp):
            bad("flat file %s missing" % m["flat"])
        else:
            fw, fh = png_size(fp)
            long_side, short_side = max(fw, fh), min(fw, fh)
            if not (1300 <= long_side <= 1450 and 780 <= short_side <= 900):
                bad("flat card %dx%d is not about 400 dpi" % (fw, fh))
            if (fh > fw) != m["portrait"]:
                bad("flat %dx%d but portrait=%r" % (fw, fh, m["portrait"]))


def main():
    dirname = sys.argv[1]
    want = {"family": set(), "scene": set()}
    args = sys.argv[2:]
    while args:
        if args[0] == "--families":
            want["family"] = set(args[1].split(","))
        elif args[0] == "--scenes":
            want["scene"] = set(args[1].split(","))
        args = args[2:]
    problems, seen = [], {"family": set(), "scene": set()}
    files = sorted(f for f in os.listdir(dirname) if re.fullmatch(r"card_\d{4,}\.json", f))
    if not files:
        problems.append("no truth files in %s" % dirname)
    for f in files:
        try:
            check(dirname, os.path.join(dirname, f), problems, seen)
        except (ValueError, KeyError, OSError, json.JSONDecodeError) as e:
            problems.append("%s: %s" % (f, e))
    for k in want:
        missing = want[k] - seen[k]
        if missing:
            problems.append("no card of %s %s" % (k, ", ".join(sorted(missing))))
    for p in problems:
        print(p)
    print("%d truth files, %d problems" % (len(files), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
