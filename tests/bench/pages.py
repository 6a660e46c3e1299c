#!/usr/bin/env python3
"""pages.py — kith-bench for several cards per scan (issue 14): the same
generated cards read on A4 flatbed pages of 8 and read alone, each on its own
small scan, and the fields compared with the truth.

    tests/bench/pages.py --kith build/kith --gen build/kith-gen [--pages N]
                         [--seed S] [--work DIR] [--jobs J]

kith-gen --mode page --alone writes the pages and, for every card on them,
the same card alone on the scanner bed. Both sets are scanned with `kith scan
--json`; a card on a page is matched to its truth by where the image stage
found it (the corners stored with the card, within 10% of its diagonal of the
truth's centre). Prints cards found, each field's share right and the share
of cards with every field right, for the pages and for the cards alone.

The field rules are simple on purpose (tests/bench/score.c has the full
ones): text fields equal after case folding and collapsing blanks, the
address also ignoring punctuation, emails and web sites as sets (web sites
without scheme, www. and trailing slash), phones as sets of their digits.
"""
import argparse
import glob
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

FIELDS = ["name", "title", "company", "emails", "phones", "urls", "address"]


def norm_text(s):
    return " ".join((s or "").casefold().split())


def norm_address(s):
    return norm_text(re.sub(r"[,.\-]", " ", s or ""))


def norm_url(u):
    u = u.casefold().strip()
    u = re.sub(r"^https?://", "", u)
    u = re.sub(r"^www\.", "", u)
    return u.rstrip("/")


def value(obj, field):
    v = obj.get(field)
    if field in ("name", "title", "company"):
        return norm_text(v)
    if field == "address":
        return norm_address(v)
    if field == "emails":
        return sorted(e.casefold() for e in (v or []))
    if field == "urls":
        return sorted(norm_url(u) for u in (v or []))
    if field == "phones":
        return sorted(re.sub(r"\D", "", p.get("number", "")) for p in (v or []))
    return v


def score(truth, got, tally):
    """Adds one card's outcome to tally (got None: the card was not found)."""
    tally["cards"] += 1
    if got is None:
        return
    tally["found"] += 1
    right = 0
    for f in FIELDS:
        ok = value(truth, f) == value(got, f)
        tally[f] += ok
        right += ok
    tally["all"] += right == len(FIELDS)


def new_tally():
    t = {"cards": 0, "found": 0, "all": 0}
    for f in FIELDS:
        t[f] = 0
    return t


def centre(corners):
    return (sum(c[0] for c in corners) / 4, sum(c[1] for c in corners) / 4)


def scan(kith, db, files, jobs):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    subprocess.run([kith, "--db", db, "scan", "--json", "--no-prompt", "--jobs", str(jobs)]
                   + files, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    con = sqlite3.connect(db)
    rows = con.execute("select source_path, page, card_index, image_meta, fields_json "
                       "from cards").fetchall()
    con.close()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kith", default="build/kith")
    ap.add_argument("--gen", default="build/kith-gen")
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--seed", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="kith-pages-bench.")
    gen = os.path.join(work, "gen")
    subprocess.run([a.gen, "--mode", "page", "--alone", "--seed", str(a.seed), "--count",
                    str(a.pages), "--out", gen], check=True, stdout=subprocess.DEVNULL)

    # the cards on pages
    page_files = sorted(glob.glob(os.path.join(gen, "page_*.jpg")))
    rows = scan(a.kith, os.path.join(work, "pages.db"), page_files, a.jobs)
    on_pages = new_tally()
    for pf in page_files:
        truth = json.load(open(pf[:-4] + ".json", encoding="utf-8"))
        got = [(json.loads(r[3]), json.loads(r[4])) for r in rows if r[0] == pf]
        used = set()
        for card in truth["pages"][0]["cards"]:
            corners = card["_meta"]["corners"]
            tc = centre(corners)
            diag = math.dist(corners[0], corners[2])
            best, best_d = None, 0.1 * diag
            for k, (meta, fields) in enumerate(got):
                d = math.dist(tc, centre(meta["corners"]))
                if k not in used and d < best_d:
                    best, best_d = k, d
            if best is not None:
                used.add(best)
            score(card, got[best][1] if best is not None else None, on_pages)

    # the same cards alone
    alone_files = sorted(glob.glob(os.path.join(gen, "alone", "*.jpg")))
    rows = scan(a.kith, os.path.join(work, "alone.db"), alone_files, a.jobs)
    by_file = {r[0]: json.loads(r[4]) for r in rows}
    alone = new_tally()
    for f in alone_files:
        truth = json.load(open(f[:-4] + ".json", encoding="utf-8"))
        score(truth, by_file.get(f), alone)

    print("%d pages of 8 cards (kith-gen --mode page --alone --seed %d), work in %s"
          % (a.pages, a.seed, work))
    print("%-10s %8s" % ("", "found") + "".join(" %8s" % f for f in FIELDS) + " %9s" % "all")
    for label, t in (("on pages", on_pages), ("alone", alone)):
        n = max(t["cards"], 1)
        print("%-10s %3d/%-4d" % (label, t["found"], t["cards"])
              + "".join(" %7.1f%%" % (100.0 * t[f] / n) for f in FIELDS)
              + " %8.1f%%" % (100.0 * t["all"] / n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
