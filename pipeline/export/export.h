/*
 * export.h — contacts out: vCard 4.0 (or 3.0), CSV with Google Contacts'
 * headers, JSON. Writers append to a kith_strbuf; the CLI writes it out.
 */
#ifndef KITH_EXPORT_H
#define KITH_EXPORT_H

#include <stdint.h>

#include "common/strbuf.h"
#include "enrich/connection.h"
#include "contact/contact.h"

/* One vCard (BEGIN..END, CRLF, folded at 75 octets). version is 3 or 4. */
void kith_export_vcard(const kith_contact *c, const kith_connection *conn, int version,
                       kith_strbuf *out);

/* CSV: kith_export_csv_header once, then one row per contact. */
void kith_export_csv_header(kith_strbuf *out);
void kith_export_csv_row(const kith_contact *c, const kith_connection *conn, kith_strbuf *out);

/* One JSON object for a contact: fields, event, notes, interactions, status,
 * active/reciprocal/personal, missing. Also used by `kith show --json`. */
void kith_export_json(const kith_contact *c, const kith_connection *conn, int64_t now,
                      kith_strbuf *out);

#endif
