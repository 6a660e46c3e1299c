/*
 * export.c — contacts out, in the formats other address books read.
 *
 *   vCard 4.0 (RFC 6350) or 3.0 (RFC 2426): one card per contact, CRLF line
 *     ends, text values escaped (\\ \, \n everywhere, \; inside the
 *     components of N, ADR and ORG), URIs percent-encoded where a reader
 *     could misread them, lines folded at 75 octets without splitting a
 *     UTF-8 character.
 *   CSV with the column headers of Google Contacts' "Google CSV" format,
 *     quoted per RFC 4180.
 *   JSON: one object per contact (also printed by `kith show --json`).
 *
 * Mapping decisions:
 *   - UID is urn:uuid:<uuid> derived from the contact id and its creation
 *     time (SHA-256, shaped as an RFC 9562 version-8 UUID): the same contact
 *     keeps its UID across exports and edits, so address books update it
 *     instead of adding a copy.
 *   - The address is one line in kith; it goes into the street component of
 *     ADR (the other components stay empty) rather than being split by guess.
 *   - NOTE holds the personal notes joined with newlines, oldest first.
 *   - CATEGORIES holds the event the card was collected at.
 *   - X-KITH-STATUS / X-KITH-MISSING carry the connection status.
 */
#include "export/export.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/json.h"
#include "common/util.h"

#define VCARD_LINE_MAX 75   /* octets per physical line, CRLF excluded */

/* --- vCard --------------------------------------------------------------- */

/* Is c the first byte of a UTF-8 character (not a continuation byte)? */
static int utf8_starts_char(unsigned char c)
{
    return (c & 0xc0) != 0x80;
}

/* Appends one logical content line to out, folded: no physical line longer
 * than 75 octets, continuation lines start with a single space, and a fold
 * never falls inside a UTF-8 character. */
static void vcard_put_folded(kith_strbuf *out, const char *line, size_t len)
{
    size_t pos = 0;
    size_t room = VCARD_LINE_MAX;
    while (len - pos > room) {
        size_t cut = pos + room;
        while (cut > pos && !utf8_starts_char((unsigned char)line[cut]))
            cut--;
        if (cut == pos)            /* cannot happen with valid UTF-8 */
            cut = pos + room;
        kith_strbuf_add(out, line + pos, cut - pos);
        kith_strbuf_adds(out, "\r\n ");
        pos = cut;
        room = VCARD_LINE_MAX - 1;
    }
    kith_strbuf_add(out, line + pos, len - pos);
    kith_strbuf_adds(out, "\r\n");
}

/* Appends s escaped as a vCard text value: backslash, comma and line breaks
 * (CRLF, LF or CR become \n) always; semicolons only in a component of a
 * compound property (N, ADR, ORG). RFC 6350 3.4 lets a semicolon stand
 * unescaped elsewhere, and some readers (ical.js) keep "\;" verbatim in
 * single-valued text, so leaving it plain is what every reader gets right. */
static void vcard_escape_x(kith_strbuf *sb, const char *s, int compound)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\': kith_strbuf_adds(sb, "\\\\"); break;
        case ',': kith_strbuf_adds(sb, "\\,"); break;
        case ';': kith_strbuf_adds(sb, compound ? "\\;" : ";"); break;
        case '\r':
            if (p[1] == '\n')
                p++;
            kith_strbuf_adds(sb, "\\n");
            break;
        case '\n': kith_strbuf_adds(sb, "\\n"); break;
        default: kith_strbuf_addc(sb, *p); break;
        }
    }
}

static void vcard_escape(kith_strbuf *sb, const char *s)
{
    vcard_escape_x(sb, s, 0);
}

static void vcard_escape_component(kith_strbuf *sb, const char *s)
{
    vcard_escape_x(sb, s, 1);
}

/* Appends a URI value. URIs are not backslash-escaped (RFC 6350 3.4), yet
 * vCard 3.0 readers such as vobject treat a URL as text and split it at
 * commas; so the characters that mean something to either kind of reader
 * (comma, semicolon, backslash, double quote) and spaces are percent-encoded
 * and control characters dropped. The URL stays equivalent for web servers. */
static void vcard_uri(kith_strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            continue;
        if (*p == ',' || *p == ';' || *p == '\\' || *p == ' ' || *p == '"')
            kith_strbuf_addf(sb, "%%%02X", *p);
        else
            kith_strbuf_addc(sb, (char)*p);
    }
}

/* A content line is built in `line`, then folded into out. */
static void vcard_end_line(kith_strbuf *out, kith_strbuf *line)
{
    vcard_put_folded(out, line->buf ? line->buf : "", line->len);
    kith_strbuf_reset(line);
}

static void vcard_text_prop(kith_strbuf *out, kith_strbuf *line, const char *name,
                            const char *value)
{
    if (!value || !*value)
        return;
    kith_strbuf_adds(line, name);
    kith_strbuf_addc(line, ':');
    vcard_escape(line, value);
    vcard_end_line(out, line);
}

/* Sets tmp to the texts of the contact's notes, one per line. */
static void join_notes(const kith_contact *c, kith_strbuf *tmp)
{
    kith_strbuf_reset(tmp);
    for (size_t i = 0; i < c->n_notes; i++) {
        if (!c->notes[i].text)
            continue;
        if (tmp->len)
            kith_strbuf_addc(tmp, '\n');
        kith_strbuf_adds(tmp, c->notes[i].text);
    }
}

/* The display name: the name on the card, else what else identifies it. */
static const char *display_name(const kith_fields *f, kith_strbuf *tmp)
{
    if (f->name && *f->name)
        return f->name;
    if (f->given_name || f->family_name) {
        kith_strbuf_reset(tmp);
        if (f->given_name)
            kith_strbuf_adds(tmp, f->given_name);
        if (f->given_name && f->family_name)
            kith_strbuf_addc(tmp, ' ');
        if (f->family_name)
            kith_strbuf_adds(tmp, f->family_name);
        return kith_strbuf_str(tmp);
    }
    if (f->company && *f->company)
        return f->company;
    if (f->n_emails)
        return f->emails[0];
    return "";
}

/* urn:uuid:… from the contact's id and creation time. */
static void contact_uuid(const kith_contact *c, char out[37])
{
    char seed[64];
    char hex[65];
    snprintf(seed, sizeof seed, "kith:%lld:%lld", (long long)c->id, (long long)c->created_at);
    kith_sha256_hex(seed, strlen(seed), hex);
    hex[12] = '8';                                  /* version 8: custom */
    static const char variant[] = "89ab";           /* variant 10xx */
    unsigned v = (unsigned)(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0');
    hex[16] = variant[v & 3];
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static void vcard_tel(kith_strbuf *out, kith_strbuf *line, const kith_phone *ph, int version)
{
    if (!ph->number && !ph->e164)
        return;
    static const char *const type4[] = {"work,voice", "cell", "fax", "voice"};
    static const char *const type3[] = {"WORK,VOICE", "CELL", "FAX", "VOICE"};
    unsigned k = (unsigned)ph->kind <= KITH_PHONE_OTHER ? (unsigned)ph->kind : KITH_PHONE_OTHER;
    if (version == 4 && ph->e164 && *ph->e164) {
        kith_strbuf_addf(line, "TEL;VALUE=uri;TYPE=%s:tel:", type4[k]);
        vcard_uri(line, ph->e164);
        if (ph->ext && *ph->ext) {
            kith_strbuf_adds(line, ";ext=");
            vcard_uri(line, ph->ext);
        }
    } else {
        if (version == 4)
            kith_strbuf_addf(line, "TEL;VALUE=text;TYPE=%s:", type4[k]);
        else
            kith_strbuf_addf(line, "TEL;TYPE=%s:", type3[k]);
        vcard_escape(line, ph->number ? ph->number : ph->e164);
        if (ph->ext && *ph->ext) {
            kith_strbuf_adds(line, " ext. ");
            vcard_escape(line, ph->ext);
        }
    }
    vcard_end_line(out, line);
}

void kith_export_vcard(const kith_contact *c, const kith_connection *conn, int version,
                       kith_strbuf *out)
{
    const kith_fields *f = c->fields;
    kith_strbuf line = KITH_STRBUF_INIT;
    kith_strbuf tmp = KITH_STRBUF_INIT;
    int v4 = version != 3;
    char uuid[37];

    kith_strbuf_adds(out, "BEGIN:VCARD\r\n");
    kith_strbuf_adds(out, v4 ? "VERSION:4.0\r\n" : "VERSION:3.0\r\n");
    kith_strbuf_adds(out, "PRODID:-//kith//kith 0.1//EN\r\n");
    contact_uuid(c, uuid);
    kith_strbuf_addf(out, "UID:urn:uuid:%s\r\n", uuid);

    kith_strbuf_adds(&line, "FN:");
    vcard_escape(&line, display_name(f, &tmp));
    vcard_end_line(out, &line);

    /* N: family;given;additional;prefixes;suffixes — always present (3.0
     * requires it). kith has no middle names; credentials are suffixes. */
    kith_strbuf_adds(&line, "N:");
    vcard_escape_component(&line, f->family_name);
    kith_strbuf_addc(&line, ';');
    vcard_escape_component(&line, f->given_name);
    kith_strbuf_adds(&line, ";;");
    vcard_escape_component(&line, f->prefix);
    kith_strbuf_addc(&line, ';');
    vcard_escape_component(&line, f->credentials);
    vcard_end_line(out, &line);

    if ((f->company && *f->company) || (f->department && *f->department)) {
        /* ORG:company;unit */
        kith_strbuf_adds(&line, "ORG:");
        vcard_escape_component(&line, f->company);
        if (f->department && *f->department) {
            kith_strbuf_addc(&line, ';');
            vcard_escape_component(&line, f->department);
        }
        vcard_end_line(out, &line);
    }
    vcard_text_prop(out, &line, "TITLE", f->title);

    for (size_t i = 0; i < f->n_emails; i++) {
        if (!f->emails[i] || !*f->emails[i])
            continue;
        kith_strbuf_adds(&line, v4 ? "EMAIL;TYPE=work:" : "EMAIL;TYPE=INTERNET,WORK:");
        vcard_escape(&line, f->emails[i]);
        vcard_end_line(out, &line);
    }
    for (size_t i = 0; i < f->n_phones; i++)
        vcard_tel(out, &line, &f->phones[i], v4 ? 4 : 3);
    for (size_t i = 0; i < f->n_urls; i++) {
        if (!f->urls[i] || !*f->urls[i])
            continue;
        kith_strbuf_adds(&line, v4 ? "URL;TYPE=work:" : "URL;TYPE=WORK:");
        vcard_uri(&line, f->urls[i]);
        vcard_end_line(out, &line);
    }
    if (f->address && *f->address) {
        /* post office box;extended;street;locality;region;code;country */
        kith_strbuf_adds(&line, v4 ? "ADR;TYPE=work:;;" : "ADR;TYPE=WORK:;;");
        vcard_escape_component(&line, f->address);
        kith_strbuf_adds(&line, ";;;;");
        vcard_end_line(out, &line);
    }

    if (c->n_notes) {
        join_notes(c, &tmp);
        vcard_text_prop(out, &line, "NOTE", kith_strbuf_str(&tmp));
    }
    vcard_text_prop(out, &line, "CATEGORIES", c->event);

    if (conn) {
        kith_strbuf_addf(out, "X-KITH-STATUS:%s\r\n", kith_status_name(conn->status));
        kith_strbuf_reset(&tmp);
        kith_connection_missing(conn, &tmp);
        vcard_text_prop(out, &line, "X-KITH-MISSING;VALUE=text", kith_strbuf_str(&tmp));
    }
    kith_strbuf_adds(out, "END:VCARD\r\n");
    kith_strbuf_release(&line);
    kith_strbuf_release(&tmp);
}

/* --- CSV ----------------------------------------------------------------- */

/* Fixed numbers of repeated columns; values beyond the last one are joined
 * into it with " ::: ", the separator Google Contacts uses for multiple
 * values in one cell. */
#define CSV_EMAILS 3
#define CSV_PHONES 4
#define CSV_URLS 2

void kith_export_csv_header(kith_strbuf *out)
{
    kith_strbuf_adds(out, "Name,Given Name,Additional Name,Family Name,Name Prefix,"
                          "Name Suffix,Notes,Group Membership");
    for (int i = 1; i <= CSV_EMAILS; i++)
        kith_strbuf_addf(out, ",E-mail %d - Type,E-mail %d - Value", i, i);
    for (int i = 1; i <= CSV_PHONES; i++)
        kith_strbuf_addf(out, ",Phone %d - Type,Phone %d - Value", i, i);
    kith_strbuf_adds(out, ",Address 1 - Type,Address 1 - Formatted,"
                          "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title,"
                          "Organization 1 - Department");
    for (int i = 1; i <= CSV_URLS; i++)
        kith_strbuf_addf(out, ",Website %d - Type,Website %d - Value", i, i);
    kith_strbuf_adds(out, ",Custom Field 1 - Type,Custom Field 1 - Value,"
                          "Custom Field 2 - Type,Custom Field 2 - Value\r\n");
}

/* Whether a phone cell is a plain number: digits, blanks, + - ( ) . / # and
 * the separators of several values (":::"), with no letters but the word
 * "ext" or a lone "x" before an extension ("+49 40 1234 5601 ext. 7"). */
static int csv_plain_phone(const char *s)
{
    for (const char *p = s; *p;) {
        if (strchr("0123456789 +-()./#:", *p)) {
            p++;
        } else if (strncasecmp(p, "ext", 3) == 0 && !isalpha((unsigned char)p[3])) {
            p += 3;
        } else if ((*p == 'x' || *p == 'X') && !isalpha((unsigned char)p[1])) {
            p++;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Whether a spreadsheet would take the cell for a formula (OWASP, "CSV
 * injection"): it starts with =, +, -, @, a tab or a carriage return. A
 * plain phone number (csv_plain_phone) is left alone: it names no function
 * and a quote would spoil the number. */
static int csv_formula_like(const char *s, int phone)
{
    if (s[0] == '\0' || !strchr("=+-@\t\r", s[0]))
        return 0;
    if (phone && csv_plain_phone(s))
        return 0;
    return 1;
}

/* Appends one CSV field (preceded by a comma unless first), quoted when it
 * holds a comma, a quote or a line break (RFC 4180); quotes are doubled. A
 * formula-like cell gets a leading single quote, so it stays text. */
static void csv_cell(kith_strbuf *out, int *first, const char *s, int phone)
{
    if (!*first)
        kith_strbuf_addc(out, ',');
    *first = 0;
    if (!s)
        return;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        kith_strbuf_addc(out, '"');
    if (csv_formula_like(s, phone))
        kith_strbuf_addc(out, '\'');
    if (!quote) {
        kith_strbuf_adds(out, s);
        return;
    }
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            kith_strbuf_addc(out, '"');
        kith_strbuf_addc(out, *p);
    }
    kith_strbuf_addc(out, '"');
}

static void csv_field(kith_strbuf *out, int *first, const char *s)
{
    csv_cell(out, first, s, 0);
}

/* The value of repeated column i of n for a list: item i, or for the last
 * column, the remaining items joined with " ::: ". */
static const char *csv_list_cell(char *const *items, size_t n_items, int i, int n_cols,
                                 kith_strbuf *tmp)
{
    if ((size_t)i >= n_items)
        return NULL;
    if (i < n_cols - 1 || n_items == (size_t)n_cols)
        return items[i];
    kith_strbuf_reset(tmp);
    for (size_t k = (size_t)i; k < n_items; k++) {
        if (k > (size_t)i)
            kith_strbuf_adds(tmp, " ::: ");
        kith_strbuf_adds(tmp, items[k] ? items[k] : "");
    }
    return kith_strbuf_str(tmp);
}

static const char *csv_phone_type(kith_phone_kind k)
{
    switch (k) {
    case KITH_PHONE_WORK: return "Work";
    case KITH_PHONE_MOBILE: return "Mobile";
    case KITH_PHONE_FAX: return "Work Fax";
    default: return "Other";
    }
}

static void csv_phone_value(const kith_phone *ph, kith_strbuf *tmp)
{
    kith_strbuf_adds(tmp, ph->number ? ph->number : (ph->e164 ? ph->e164 : ""));
    if (ph->ext && *ph->ext)
        kith_strbuf_addf(tmp, " ext. %s", ph->ext);
}

void kith_export_csv_row(const kith_contact *c, const kith_connection *conn, kith_strbuf *out)
{
    const kith_fields *f = c->fields;
    kith_strbuf tmp = KITH_STRBUF_INIT;
    int first = 1;

    csv_field(out, &first, display_name(f, &tmp));
    csv_field(out, &first, f->given_name);
    csv_field(out, &first, NULL);
    csv_field(out, &first, f->family_name);
    csv_field(out, &first, f->prefix);
    csv_field(out, &first, f->credentials);

    join_notes(c, &tmp);
    csv_field(out, &first, tmp.len ? kith_strbuf_str(&tmp) : NULL);

    kith_strbuf_reset(&tmp);
    kith_strbuf_adds(&tmp, "* myContacts");
    if (c->event && *c->event)
        kith_strbuf_addf(&tmp, " ::: %s", c->event);
    csv_field(out, &first, kith_strbuf_str(&tmp));

    for (int i = 0; i < CSV_EMAILS; i++) {
        const char *v = csv_list_cell(f->emails, f->n_emails, i, CSV_EMAILS, &tmp);
        csv_field(out, &first, v ? "Work" : NULL);
        csv_field(out, &first, v);
    }
    for (int i = 0; i < CSV_PHONES; i++) {
        if ((size_t)i >= f->n_phones) {
            csv_field(out, &first, NULL);
            csv_field(out, &first, NULL);
            continue;
        }
        kith_strbuf_reset(&tmp);
        size_t last = i == CSV_PHONES - 1 ? f->n_phones : (size_t)i + 1;
        for (size_t k = (size_t)i; k < last; k++) {
            if (k > (size_t)i)
                kith_strbuf_adds(&tmp, " ::: ");
            csv_phone_value(&f->phones[k], &tmp);
        }
        csv_field(out, &first, csv_phone_type(f->phones[i].kind));
        csv_cell(out, &first, kith_strbuf_str(&tmp), 1);
    }
    int has_adr = f->address && *f->address;
    csv_field(out, &first, has_adr ? "Work" : NULL);
    csv_field(out, &first, f->address);
    int has_org = (f->company && *f->company) || (f->title && *f->title) ||
                  (f->department && *f->department);
    csv_field(out, &first, has_org ? "Work" : NULL);
    csv_field(out, &first, f->company);
    csv_field(out, &first, f->title);
    csv_field(out, &first, f->department);
    for (int i = 0; i < CSV_URLS; i++) {
        const char *v = csv_list_cell(f->urls, f->n_urls, i, CSV_URLS, &tmp);
        csv_field(out, &first, v ? "Work" : NULL);
        csv_field(out, &first, v);
    }
    csv_field(out, &first, conn ? "kith status" : NULL);
    csv_field(out, &first, conn ? kith_status_name(conn->status) : NULL);
    kith_strbuf_reset(&tmp);
    if (conn)
        kith_connection_missing(conn, &tmp);
    csv_field(out, &first, tmp.len ? "kith missing" : NULL);
    csv_field(out, &first, tmp.len ? kith_strbuf_str(&tmp) : NULL);
    kith_strbuf_adds(out, "\r\n");
    kith_strbuf_release(&tmp);
}

/* --- JSON ---------------------------------------------------------------- */

static void json_member_date(kith_strbuf *sb, int *first, const char *key, int64_t t)
{
    kith_json_key(sb, first, key);
    if (t <= 0) {
        kith_strbuf_adds(sb, "null");
        return;
    }
    char day[11];
    kith_format_date(t, day);
    kith_json_str(sb, day);
}

/* The missing list as a JSON array, split from kith_connection_missing so
 * there is one wording of it. */
static void json_missing(kith_strbuf *sb, const kith_connection *conn)
{
    kith_strbuf m = KITH_STRBUF_INIT;
    kith_connection_missing(conn, &m);
    kith_strbuf_addc(sb, '[');
    const char *p = kith_strbuf_str(&m);
    int first = 1;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n == 0)
            break;
        char *item = kith_xstrndup(p, n);
        if (!first)
            kith_strbuf_adds(sb, ", ");
        first = 0;
        kith_json_str(sb, item);
        free(item);
        p += n;
    }
    kith_strbuf_addc(sb, ']');
    kith_strbuf_release(&m);
}

void kith_export_json(const kith_contact *c, const kith_connection *conn, int64_t now,
                      kith_strbuf *out)
{
    int first = 1;
    kith_strbuf_addc(out, '{');
    kith_json_member_int(out, &first, "id", (long long)c->id);
    kith_fields_json_members(c->fields, out, &first);
    kith_json_member_str(out, &first, "prefix", c->fields->prefix, 1);
    kith_json_member_str(out, &first, "credentials", c->fields->credentials, 1);
    kith_json_key(out, &first, "event");
    kith_json_str(out, c->event);
    json_member_date(out, &first, "event_at", c->event_at);
    json_member_date(out, &first, "created_at", c->created_at);

    kith_json_key(out, &first, "notes");
    kith_strbuf_addc(out, '[');
    for (size_t i = 0; i < c->n_notes; i++) {
        int f2 = 1;
        kith_strbuf_adds(out, i ? ", {" : "{");
        json_member_date(out, &f2, "at", c->notes[i].at);
        kith_json_key(out, &f2, "text");
        kith_json_str(out, c->notes[i].text ? c->notes[i].text : "");
        kith_strbuf_addc(out, '}');
    }
    kith_strbuf_addc(out, ']');

    kith_json_key(out, &first, "interactions");
    kith_strbuf_addc(out, '[');
    for (size_t i = 0; i < c->n_interactions; i++) {
        const kith_interaction *ix = &c->interactions[i];
        int f2 = 1;
        kith_strbuf_adds(out, i ? ", {" : "{");
        json_member_date(out, &f2, "at", ix->at);
        kith_json_member_str(out, &f2, "kind", kith_kind_name(ix->kind), 0);
        kith_json_member_str(out, &f2, "dir", kith_dir_name(ix->dir), 0);
        kith_json_member_bool(out, &f2, "counts", kith_kind_counts(ix->kind));
        kith_json_key(out, &f2, "note");
        kith_json_str(out, ix->note && *ix->note ? ix->note : NULL);
        kith_strbuf_addc(out, '}');
    }
    kith_strbuf_addc(out, ']');

    kith_json_key(out, &first, "cards");
    kith_strbuf_addc(out, '[');
    for (size_t i = 0; i < c->n_cards; i++)
        kith_strbuf_addf(out, "%s%lld", i ? ", " : "", (long long)c->card_ids[i]);
    kith_strbuf_addc(out, ']');

    if (conn) {
        kith_json_member_str(out, &first, "status", kith_status_name(conn->status), 0);
        kith_json_member_bool(out, &first, "active", conn->active);
        kith_json_member_bool(out, &first, "reciprocal", conn->reciprocal);
        kith_json_member_bool(out, &first, "personal", conn->personal);
        kith_json_key(out, &first, "missing");
        json_missing(out, conn);
        json_member_date(out, &first, "last_interaction", conn->last_counting);
        kith_json_key(out, &first, "days_since_last");
        if (conn->last_counting > 0 && now >= conn->last_counting)
            kith_strbuf_addf(out, "%lld", (long long)((now - conn->last_counting) / 86400));
        else
            kith_strbuf_adds(out, "null");
    }
    kith_strbuf_addc(out, '}');
}
