#!/usr/bin/env python3
"""line_classifier.py — issue 12's question: would a small learned classifier
over line features pick the name, title and company lines better than the
extraction rules?

It trains three one-against-the-rest logistic regressions (name, title,
company) on the OCR lines of development sets and compares, on report sets,
the line each classifier ranks first with what `kith scan` decided. Nothing
here ships: the answer decides whether weights go into models/ at all.

Input: kith-bench folders (DIR with card_NNNN.json truth, and the
bench-photo.db / bench-flat.db and .jsonl that kith-bench leaves).

    python3 tests/bench/line_classifier.py --models models \\
        --train DIR [DIR ...] --test DIR [DIR ...]

Labels: an OCR line is the name (title, company) when its letters, folded,
equal the truth's. A field whose truth matches no single line (split over two
lines, or misread) cannot be picked by either side by line; such cards count
for the rules only as the rules did. Scores: a field is right when the
chosen text, folded, equals the truth (the rules: kith's output).
"""
import argparse
import json
import math
import os
import random
import sqlite3
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s.lower() if c.isalnum())


def lexicon(models, name):
    out = set()
    with open(os.path.join(models, name + ".txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            out.add(fold(line.split("|")[0]))
    return out


class Lex:
    def __init__(self, models):
        self.given = lexicon(models, "given_names")
        self.title = lexicon(models, "title_words")
        self.cword = lexicon(models, "company_words")
        self.suffix = lexicon(models, "company_suffixes")
        self.addr = lexicon(models, "address_words")
        self.dept = lexicon(models, "department_words")


FIELDS = ("name", "title", "company")


def features(line, card, lex):
    """Features of one OCR line in its card (all in 0..1 or small counts)."""
    words = line["text"].split()
    fw = [fold(w) for w in words]
    b = line.get("box") or [0, 0, 0, 0]
    h = max(1, b[3] - b[1])
    text = line["text"]
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    hosts = card["hosts"]
    locals_ = card["locals"]
    in_host = any(len(w) >= 3 and any(w in hst for hst in hosts) for w in fw)
    in_local = any(len(w) >= 3 and any(w in lp for lp in locals_) for w in fw)
    f = [
        1.0,
        h / card["max_h"],
        1.0 if h >= 0.92 * card["max_h"] else 0.0,
        b[1] / card["height"],
        b[0] / card["width"],
        line["index"] / max(1, card["n"] - 1),
        min(len(words), 8) / 8,
        upper,
        1.0 if any(c.isdigit() for c in text) else 0.0,
        1.0 if "@" in text or "www" in text.lower() or ".com" in text.lower() else 0.0,
        1.0 if fw and fw[0] in lex.given else 0.0,
        sum(w in lex.title for w in fw) / max(1, len(fw)),
        1.0 if any(w in lex.cword for w in fw) else 0.0,
        1.0 if fw and fw[-1] in lex.suffix else 0.0,
        1.0 if any(w in lex.addr for w in fw) else 0.0,
        1.0 if any(w in lex.dept for w in fw) else 0.0,
        1.0 if in_host else 0.0,
        1.0 if in_local else 0.0,
        (line.get("conf") or 0) / 100.0,
    ]
    return f


def cards_of(folder, kind):
    """(truth, kith output, lines with card context) per card of one run."""
    db = os.path.join(folder, "bench-%s.db" % kind)
    out_path = os.path.join(folder, "bench-%s.jsonl" % kind)
    if not os.path.exists(db) or not os.path.exists(out_path):
        return []
    outs = {}
    with open(out_path, encoding="utf-8") as f:
        for line in f:
            try:
                o = json.loads(line)
            except ValueError:
                continue
            outs[os.path.basename(o.get("source", ""))] = o
    con = sqlite3.connect(db)
    result = []
    for src, oj in con.execute("select source_path, ocr_json from cards"):
        base = os.path.basename(src)
        stem = base.split(".")[0]
        tpath = os.path.join(folder, stem + ".json")
        if not os.path.exists(tpath) or not oj:
            continue
        with open(tpath, encoding="utf-8") as f:
            truth = json.load(f)
        ocr = json.loads(oj)
        lines = [l for l in ocr.get("lines", []) if l.get("text", "").strip()]
        if not lines:
            continue
        out = outs.get(base, {})
        emails = out.get("emails", []) or []
        urls = out.get("urls", []) or []
        hosts = [fold(e.split("@")[-1].split(".")[0]) for e in emails]
        hosts += [fold(u.replace("www.", "").split("//")[-1].split(".")[0]) for u in urls]
        locals_ = [fold(e.split("@")[0]) for e in emails]
        hs = [max(1, (l.get("box") or [0, 0, 0, 1])[3] - (l.get("box") or [0, 0, 0, 1])[1])
              for l in lines]
        card = {"max_h": max(hs), "width": max(1, ocr.get("width") or 1),
                "height": max(1, ocr.get("height") or 1), "n": len(lines),
                "hosts": [h for h in hosts if h], "locals": [l for l in locals_ if l]}
        for i, l in enumerate(lines):
            l["index"] = i
        result.append((truth, out, lines, card))
    con.close()
    return result


def label(line, truth, field):
    t = fold(truth.get(field))
    return 1 if t and fold(line["text"]) == t else 0


def train(xs, ys, epochs=60, rate=0.1, l2=1e-3):
    random.seed(1)
    w = [0.0] * len(xs[0])
    idx = list(range(len(xs)))
    pos = sum(ys)
    wpos = (len(ys) - pos) / max(1, pos)  # balance the classes
    for _ in range(epochs):
        random.shuffle(idx)
        for i in idx:
            z = sum(a * b for a, b in zip(w, xs[i]))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            g = (p - ys[i]) * (wpos if ys[i] else 1.0)
            for k in range(len(w)):
                w[k] -= rate * (g * xs[i][k] + l2 * w[k])
    return w


def score(w, x):
    return sum(a * b for a, b in zip(w, x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="models")
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--test", nargs="+", required=True)
    a = ap.parse_args()
    lex = Lex(a.models)
    data = {}
    for split in ("train", "test"):
        data[split] = []
        for folder in getattr(a, split):
            for kind in ("photo", "flat"):
                data[split] += [(folder, kind, c) for c in cards_of(folder, kind)]
    weights = {}
    for field in FIELDS:
        xs, ys = [], []
        for _, _, (truth, out, lines, card) in data["train"]:
            for l in lines:
                xs.append(features(l, card, lex))
                ys.append(label(l, truth, field))
        weights[field] = train(xs, ys)
    print("trained on %d cards (%s)" % (len(data["train"]), ", ".join(a.train)))
    print()
    print("Where one line holds the field exactly (\"line exists\"), the two are compared on")
    print("those cards alone (\"rules | line\", \"learned | line\"): that is the choice of line,")
    print("which is what a classifier would replace; the rules also mend and reorder names.")
    print()
    print("%-8s %-22s %7s %8s %8s %13s %14s" % ("field", "test set", "cards", "rules", "learned",
                                               "rules | line", "learned | line"))
    for field in FIELDS:
        groups = {}
        for folder, kind, (truth, out, lines, card) in data["test"]:
            t = fold(truth.get(field))
            g = groups.setdefault((os.path.basename(folder.rstrip("/")), kind), [0, 0, 0, 0, 0, 0])
            g[0] += 1
            rules_ok = fold(out.get(field)) == t
            best = max(lines, key=lambda l: score(weights[field], features(l, card, lex)))
            s = score(weights[field], features(best, card, lex))
            pick = best["text"] if s > 0 else ""
            learned_ok = fold(pick) == t
            g[1] += rules_ok
            g[2] += learned_ok
            exists = any(fold(l["text"]) == t for l in lines) if t else True
            g[3] += exists
            if exists:
                g[4] += rules_ok
                g[5] += learned_ok
        for (folder, kind), g in sorted(groups.items()):
            print("%-8s %-22s %7d %7.1f%% %7.1f%% %12.1f%% %13.1f%%" % (
                field, folder + " " + kind, g[0], 100.0 * g[1] / g[0], 100.0 * g[2] / g[0],
                100.0 * g[4] / max(1, g[3]), 100.0 * g[5] / max(1, g[3])))
    print()
    print("weights (bias, height, tallest, y, x, order, words, capitals, digits, contact,")
    print("         given name, title words, company word, legal form, address word,")
    print("         department word, in a host, in an email's local part, confidence):")
    for field in FIELDS:
        print("  %-8s %s" % (field, " ".join("%.2f" % v for v in weights[field])))


if __name__ == "__main__":
    main()
