/*
 * contact_find.c — lists of contacts: all of them or an event's, and those
 * a text (name, company, email, phone digits) finds.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "common/text.h"
#include "store/store_int.h"

/* --- lists of contacts -------------------------------------------------------- */

/* Collects the first column of every row of s (bound by the caller) into
 * *ids, skipping repeats; finalizes s. */
static int collect_ids(kith_store *st, sqlite3_stmt *s, int64_t **ids, size_t *n,
                       kith_err *err)
{
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        int seen = 0;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = (*ids)[i] == id;
        if (seen)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *ids = kith_xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = id;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return st_fail(st, err, "cannot list contacts");
    }
    return 0;
}

int kith_store_contact_ids(kith_store *st, const char *event, int64_t **ids, size_t *n,
                           kith_err *err)
{
    sqlite3_stmt *s;
    if (!event) {
        if (st_prepare(st, "SELECT id FROM contacts ORDER BY id", &s, err) < 0)
            return -1;
    } else {
        /* Collected at the event: the contact's first event, or any card of it. */
        if (st_prepare(st,
                       "SELECT c.id FROM contacts c JOIN events e ON e.name = ?1"
                       " WHERE c.event_id = e.id"
                       "    OR EXISTS (SELECT 1 FROM cards k"
                       "               WHERE k.contact_id = c.id AND k.event_id = e.id)"
                       " ORDER BY c.id",
                       &s, err) < 0)
            return -1;
        sqlite3_bind_text(s, 1, event, -1, SQLITE_TRANSIENT);
    }
    return collect_ids(st, s, ids, n, err);
}

/* Runs sql (one parameter, ?1 = text) into *ids / *n; *n is 0 when no
 * contact matched. Caller frees *ids. */
static int find_ids(kith_store *st, const char *sql, const char *text, int64_t **ids,
                    size_t *n, kith_err *err)
{
    sqlite3_stmt *s;
    if (st_prepare(st, sql, &s, err) < 0)
        return -1;
    sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
    return collect_ids(st, s, ids, n, err);
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int kith_store_contact_find(kith_store *st, const char *query, int64_t **ids, size_t *n,
                            kith_err *err)
{
    char *q = kith_trim(kith_xstrdup(query ? query : ""));
    char *folded = NULL;
    int rc = -1;

    *ids = NULL;
    *n = 0;
    if (!*q) {
        kith_error(err, "empty contact query");
        goto out;
    }
    if (all_digits(q) && strlen(q) < 19) {
        int64_t id = strtoll(q, NULL, 10);
        int ex = st_contact_exists(st, id, err);
        if (ex < 0)
            goto out;
        if (ex) {
            *ids = kith_xmalloc(sizeof **ids);
            (*ids)[0] = id;
            *n = 1;
            rc = 0;
            goto out;
        }
    }
    /* Exact (case-insensitive, kith_lower in store.c) on the name or its
     * parts, an email, the company. */
    static const char *const by_text[] = {
        "SELECT id FROM contacts WHERE kith_lower(name) = kith_lower(?1)"
        "   OR kith_lower(given_name) = kith_lower(?1)"
        "   OR kith_lower(family_name) = kith_lower(?1)"
        "   OR kith_lower(company) = kith_lower(?1)"
        " UNION SELECT contact_id FROM contact_emails WHERE email_key = kith_lower(?1)"
        " ORDER BY 1",
        /* Then inside the name, the company or an email. */
        "SELECT id FROM contacts WHERE instr(kith_lower(name), kith_lower(?1)) > 0"
        "   OR instr(kith_lower(company), kith_lower(?1)) > 0"
        " UNION SELECT contact_id FROM contact_emails"
        "   WHERE instr(email_key, kith_lower(?1)) > 0"
        " ORDER BY 1",
    };
    for (size_t i = 0; i < sizeof by_text / sizeof by_text[0]; i++) {
        if (find_ids(st, by_text[i], q, ids, n, err) < 0)
            goto out;
        if (*n > 0) {
            rc = 0;
            goto out;
        }
        free(*ids);
        *ids = NULL;
    }
    /* Typed without accents or punctuation: "muller" finds "Müller",
     * "oconnell" finds "O'Connell". */
    folded = kith_fold(q);
    if (!*folded) {
        rc = 0;
        goto out;
    }
    rc = find_ids(st,
                  "SELECT id FROM contacts WHERE instr(kith_fold(name), ?1) > 0"
                  "   OR instr(kith_fold(company), ?1) > 0"
                  " ORDER BY 1",
                  folded, ids, n, err);
out:
    free(folded);
    free(q);
    return rc;
}
