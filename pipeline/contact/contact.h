/*
 * contact.h — a contact as kith keeps it: the fields its cards gave (and the
 * user edited), where it was collected, its card images, and what the user
 * logged: personal notes and interactions. The store loads and saves it
 * (store/store.h); enrich derives its status (enrich/connection.h).
 */
#ifndef KITH_CONTACT_H
#define KITH_CONTACT_H

#include <stddef.h>
#include <stdint.h>

#include "contact/fields.h"
#include "contact/interaction.h"

typedef struct kith_note {
    int64_t id;
    int64_t at;
    char *text;
} kith_note;

typedef struct kith_contact {
    int64_t id;
    kith_fields *fields;
    unsigned user_edited;      /* bit set of KITH_FIELD_* the user edited */
    char *event;               /* first event the contact was collected at, or NULL */
    int64_t event_at;          /* when it was collected (first card) */
    int64_t created_at;
    char **card_images;        /* "card:<id>" references of stored card images */
    int64_t *card_ids;
    size_t n_cards;
    kith_note *notes;
    size_t n_notes;
    kith_interaction *interactions;  /* oldest first */
    size_t n_interactions;
} kith_contact;

/* Frees c and everything it holds; NULL is fine. */
void kith_contact_free(kith_contact *c);

#endif
