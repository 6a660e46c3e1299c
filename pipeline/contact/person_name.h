/*
 * person_name.h — a person's name in its parts: the display name, given and
 * family name, prefix and credentials. Reading one off a card line is
 * extraction's job (extract/name.h); the store saves the parts.
 */
#ifndef KITH_CONTACT_PERSON_NAME_H
#define KITH_CONTACT_PERSON_NAME_H

typedef struct kith_name {
    char *name;         /* given + family, cased, without prefix/credentials */
    char *given;
    char *family;
    char *prefix;       /* "Dr." or NULL */
    char *credentials;  /* "PhD, MBA" or NULL */
    int given_known;    /* the first given name is in the given_names lexicon */
    int n_words;        /* words in name */
} kith_name;

/* Frees the parts and zeroes n (the struct itself is the caller's). */
void kith_name_release(kith_name *n);

#endif
