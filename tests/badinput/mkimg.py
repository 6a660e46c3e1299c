#!/usr/bin/python3
"""mkimg.py — makes the odd images the reliability tests need, without
image libraries (PNG written by hand with zlib).

    mkimg.py png OUT W H [--depth 8|16] [--value V]   one flat grey PNG
"""
import struct
import sys
import zlib


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(path, w, h, depth=8, value=255):
    px = bytes([value & 0xFF]) * (w * depth // 8)
    row = b"\0" + px
    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", body))
        f.write(chunk(b"IEND", b""))


def main(argv):
    if len(argv) < 5 or argv[1] != "png":
        sys.exit(__doc__)
    opts = {"--depth": 8, "--value": 255}
    rest = argv[5:]
    for i in range(0, len(rest), 2):
        opts[rest[i]] = int(rest[i + 1])
    png(argv[2], int(argv[3]), int(argv[4]), opts["--depth"], opts["--value"])


if __name__ == "__main__":
    main(sys.argv)
