/*
 * backs.c — pairing the backs of cards with their fronts (see backs.h).
 */
#include "enrich/backs.h"

int kith_is_back(const kith_fields *f)
{
    return !f || (!f->name && f->n_emails == 0 && f->n_phones == 0);
}

void kith_pair_backs(const kith_side *cards, size_t n, int duplex, int *front_of)
{
    for (size_t i = 0; i < n; i++) {
        front_of[i] = -1;
        if (duplex) {
            if (cards[i].page % 2 == 0)
                continue;
            for (size_t j = 0; j < i; j++)
                if (cards[j].page == cards[i].page - 1 && cards[j].index == cards[i].index)
                    front_of[i] = (int)j;
            continue;
        }
        if (i == 0 || !kith_is_back(cards[i].fields))
            continue;
        const kith_side *prev = &cards[i - 1];
        if (front_of[i - 1] < 0 && !kith_is_back(prev->fields) &&
            (prev->page == cards[i].page || prev->page == cards[i].page - 1))
            front_of[i] = (int)(i - 1);
    }
}
