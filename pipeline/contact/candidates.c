/*
 * candidates.c — freeing and reading a card's candidates (see candidates.h).
 */
#include "contact/candidates.h"

#include <stdlib.h>
#include <string.h>

void kith_candidates_release(kith_candidates *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_emails; i++)
        free(c->emails[i].ids);
    free(c->emails);
    for (size_t i = 0; i < c->n_phones; i++) {
        for (size_t j = 0; j < c->phones[i].n; j++) {
            free(c->phones[i].v[j].phone.number);
            free(c->phones[i].v[j].phone.e164);
            free(c->phones[i].v[j].phone.ext);
        }
        free(c->phones[i].v);
    }
    free(c->phones);
    for (size_t i = 0; i < c->n_known; i++)
        kith_fields_free(c->known[i].fields);
    free(c->known);
    memset(c, 0, sizeof *c);
}

const kith_fields *kith_candidates_fields(const kith_candidates *c, int64_t id)
{
    for (size_t i = 0; i < c->n_known; i++)
        if (c->known[i].id == id)
            return c->known[i].fields;
    return NULL;
}
