/*
 * contact.c — freeing a contact (see contact.h).
 */
#include "contact/contact.h"

#include <stdlib.h>

void kith_contact_free(kith_contact *c)
{
    if (!c)
        return;
    kith_fields_free(c->fields);
    free(c->event);
    for (size_t i = 0; i < c->n_cards; i++)
        free(c->card_images[i]);
    free(c->card_images);
    free(c->card_ids);
    for (size_t i = 0; i < c->n_notes; i++)
        free(c->notes[i].text);
    free(c->notes);
    for (size_t i = 0; i < c->n_interactions; i++)
        free(c->interactions[i].note);
    free(c->interactions);
    free(c);
}
