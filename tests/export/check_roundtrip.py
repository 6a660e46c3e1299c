#!/usr/bin/python3
"""check_roundtrip.py — reads back what kith exported for each case in
tests/export/cases/ and compares it with the values the case put in.

    check_roundtrip.py CASEDIR OUTDIR [ICALJS_CANON.json]

For every case NAME it checks
  - NAME.v4.vcf and NAME.v3.vcf: the raw form (CRLF, lines of at most 75
    octets, no UTF-8 character split by a fold, BEGIN/VERSION first) and
    the values as Python's vobject reads them, and as Mozilla's ical.js read
    them (ICALJS_CANON.json, written by icaljs_canon.mjs);
  - NAME.csv with Python's csv module (Google Contacts' headers);
  - NAME.json with Python's json module.
Prints one line per failed comparison and exits 1 if there was any.
"""
import csv
import io
import json
import os
import sys

import vobject

FAILURES = []


def check(what, got, want):
    if got != want:
        FAILURES.append(f"{what}: got {got!r}, want {want!r}")


def display_name(c):
    if c.get("name"):
        return c["name"]
    if c.get("given_name") or c.get("family_name"):
        return " ".join(x for x in (c.get("given_name"), c.get("family_name")) if x)
    if c.get("company"):
        return c["company"]
    if c.get("emails"):
        return c["emails"][0]
    return ""


def uri(s):
    """The percent-encoding kith applies to URI values (export.c)."""
    return "".join("%%%02X" % ord(ch) if ch in ',;\\ "' else ch for ch in s)


TYPES4 = {"work": ["voice", "work"], "mobile": ["cell"], "fax": ["fax"], "other": ["voice"]}


def expected_vcard(c, version):
    """The canonical values a correct reader must find."""
    tels = []
    for p in c.get("phones", []):
        ext = p.get("ext")
        if version == 4 and p.get("e164"):
            value = "tel:" + p["e164"] + (";ext=" + ext if ext else "")
        else:
            value = p["number"] + (" ext. " + ext if ext else "")
        tels.append({"types": TYPES4[p["kind"]], "value": value})
    notes = [n["text"] for n in c.get("notes", [])]
    want = {
        "version": "4.0" if version == 4 else "3.0",
        "fn": display_name(c),
        "n": [c.get("family_name") or "", c.get("given_name") or "", "",
              c.get("prefix") or "", c.get("credentials") or ""],
        "org": c.get("company"),
        "title": c.get("title"),
        "emails": c.get("emails", []),
        "tels": tels,
        "urls": [uri(u) for u in c.get("urls", [])],
        "adr": ["", "", c["address"], "", "", "", ""] if c.get("address") else None,
        "note": "\n".join(notes) if notes else None,
        "categories": [c["event"]] if c.get("event") else [],
        "status": c["expect_status"],
        "missing": c["expect_missing"] or None,
    }
    return want


def vobject_canon(text):
    card = vobject.readOne(text)
    canon = {"emails": [], "tels": [], "urls": [], "categories": []}

    def types_of(line):
        t = []
        for v in line.params.get("TYPE", []):
            t.extend(x.lower() for x in v.split(","))
        if "internet" in t:   # vCard 3.0 e-mail type, not a tel type
            t.remove("internet")
        return sorted(t)

    def text(v):
        return ",".join(v) if isinstance(v, list) else v

    for name, lines in card.contents.items():
        for line in lines:
            v = line.value
            if name == "version":
                canon["version"] = v
            elif name == "uid":
                canon["uid"] = v
            elif name == "fn":
                canon["fn"] = v
            elif name == "n":
                canon["n"] = [text(v.family), text(v.given), text(v.additional),
                              text(v.prefix), text(v.suffix)]
            elif name == "org":
                canon["org"] = v[0] if isinstance(v, list) else v
            elif name == "title":
                canon["title"] = v
            elif name == "email":
                canon["emails"].append(v)
            elif name == "tel":
                canon["tels"].append({"types": types_of(line), "value": v})
            elif name == "url":
                canon["urls"].append(v)
            elif name == "adr":
                canon["adr"] = [text(v.box), text(v.extended), text(v.street), text(v.city),
                                text(v.region), text(v.code), text(v.country)]
            elif name == "note":
                canon["note"] = v
            elif name == "categories":
                canon["categories"].extend(v if isinstance(v, list) else [v])
            elif name == "x-kith-status":
                canon["status"] = v
            elif name == "x-kith-missing":
                canon["missing"] = v
    return canon


def compare_canon(where, got, want):
    for key, value in want.items():
        if key == "tels":
            check(f"{where} TEL count", len(got.get("tels", [])), len(value))
            for i, (g, w) in enumerate(zip(got.get("tels", []), value)):
                check(f"{where} TEL {i + 1} value", g["value"], w["value"])
                # vCard 3.0 uses upper-case types; compare without case
                check(f"{where} TEL {i + 1} types", g["types"], w["types"])
        else:
            check(f"{where} {key}", got.get(key), value)
    if not got.get("uid", "").startswith("urn:uuid:"):
        FAILURES.append(f"{where}: UID is not a urn:uuid: {got.get('uid')!r}")


def check_raw(where, data):
    if not data.startswith(b"BEGIN:VCARD\r\nVERSION:"):
        FAILURES.append(f"{where}: does not start with BEGIN:VCARD, VERSION")
    if not data.endswith(b"END:VCARD\r\n"):
        FAILURES.append(f"{where}: does not end with END:VCARD and CRLF")
    lines = data.split(b"\r\n")[:-1]
    for i, line in enumerate(lines):
        if b"\n" in line or b"\r" in line:
            FAILURES.append(f"{where} line {i + 1}: bare CR or LF")
        if len(line) > 75:
            FAILURES.append(f"{where} line {i + 1}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            FAILURES.append(f"{where} line {i + 1}: a fold split a UTF-8 character")


CSV_HEADER_START = ["Name", "Given Name", "Additional Name", "Family Name", "Name Prefix",
                    "Name Suffix", "Notes", "Group Membership", "E-mail 1 - Type",
                    "E-mail 1 - Value"]


def check_csv(where, path, c):
    with open(path, encoding="utf-8", newline="") as fp:
        raw = fp.read()
    if not raw.endswith("\r\n"):
        FAILURES.append(f"{where}: rows do not end with CRLF")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    check(f"{where} rows", len(rows), 2)
    header, row = rows[0], rows[1]
    check(f"{where} header start", header[:len(CSV_HEADER_START)], CSV_HEADER_START)
    check(f"{where} columns", len(row), len(header))
    r = dict(zip(header, row))
    notes = "\n".join(n["text"] for n in c.get("notes", []))
    check(f"{where} Name", r["Name"], display_name(c))
    check(f"{where} Given Name", r["Given Name"], c.get("given_name") or "")
    check(f"{where} Family Name", r["Family Name"], c.get("family_name") or "")
    check(f"{where} Name Prefix", r["Name Prefix"], c.get("prefix") or "")
    check(f"{where} Name Suffix", r["Name Suffix"], c.get("credentials") or "")
    check(f"{where} Notes", r["Notes"], notes)
    groups = "* myContacts" + (" ::: " + c["event"] if c.get("event") else "")
    check(f"{where} Group Membership", r["Group Membership"], groups)
    check(f"{where} Organization", r["Organization 1 - Name"], c.get("company") or "")
    check(f"{where} Title", r["Organization 1 - Title"], c.get("title") or "")
    check(f"{where} Address", r["Address 1 - Formatted"], c.get("address") or "")
    def cells(values, n_cols):
        """Repeated columns: one value each, the rest joined into the last."""
        out = [values[i] if i < len(values) else "" for i in range(n_cols)]
        if len(values) > n_cols:
            out[-1] = " ::: ".join(values[n_cols - 1:])
        return out

    phones = [p["number"] + (" ext. " + p["ext"] if p.get("ext") else "")
              for p in c.get("phones", [])]
    for label, values, n in (("E-mail", c.get("emails", []), 3), ("Phone", phones, 4),
                             ("Website", c.get("urls", []), 2)):
        for i, want in enumerate(cells(values, n)):
            check(f"{where} {label} {i + 1}", r[f"{label} {i + 1} - Value"], want)
    check(f"{where} status", r["Custom Field 1 - Value"], c["expect_status"])
    check(f"{where} missing", r["Custom Field 2 - Value"], c["expect_missing"])


def check_json(where, path, c):
    with open(path, encoding="utf-8") as fp:
        j = json.load(fp)
    check(f"{where} id", j["id"], c["id"])
    for key in ("name", "given_name", "family_name", "title", "company", "address"):
        check(f"{where} {key}", j.get(key), c.get(key))
    check(f"{where} emails", j.get("emails", []), c.get("emails", []))
    check(f"{where} urls", j.get("urls", []), c.get("urls", []))
    check(f"{where} event", j.get("event"), c.get("event"))
    check(f"{where} notes", [(n["at"], n["text"]) for n in j["notes"]],
          [(n["at"], n["text"]) for n in c.get("notes", [])])
    check(f"{where} interactions",
          [(i["at"], i["kind"], i["dir"], i["note"]) for i in j["interactions"]],
          [(i["at"], i["kind"], i["dir"], i.get("note")) for i in c.get("interactions", [])])
    check(f"{where} cards", j["cards"], c.get("cards", []))
    check(f"{where} status", j["status"], c["expect_status"])
    want_missing = [m for m in c["expect_missing"].split(", ") if m]
    check(f"{where} missing", j["missing"], want_missing)
    for flag in ("active", "reciprocal", "personal"):
        check(f"{where} {flag}", j[flag], flag not in want_missing)


def main():
    case_dir, out_dir = sys.argv[1], sys.argv[2]
    icaljs = {}
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as fp:
            icaljs = json.load(fp)
    names = sorted(f[:-5] for f in os.listdir(case_dir) if f.endswith(".json"))
    if not names:
        FAILURES.append("no cases")
    for name in names:
        with open(os.path.join(case_dir, name + ".json"), encoding="utf-8") as fp:
            c = json.load(fp)
        for version in (4, 3):
            fname = f"{name}.v{version}.vcf"
            with open(os.path.join(out_dir, fname), "rb") as fp:
                data = fp.read()
            check_raw(fname, data)
            want = expected_vcard(c, version)
            compare_canon(f"{fname} (vobject)", vobject_canon(data.decode("utf-8")), want)
            if len(sys.argv) > 3:
                if fname not in icaljs:
                    FAILURES.append(f"{fname}: not read by ical.js")
                else:
                    compare_canon(f"{fname} (ical.js)", icaljs[fname], want)
        check_csv(f"{name}.csv", os.path.join(out_dir, name + ".csv"), c)
        check_json(f"{name}.json", os.path.join(out_dir, name + ".json"), c)
    for f in FAILURES:
        print("FAIL", f)
    print(f"{len(names)} cases, {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
