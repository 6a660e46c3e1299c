/*
 * repair.h — repairs across fields: a card prints a person's name and an
 * email address built from it, and OCR rarely breaks both the same way, so
 * each one can mend the other; the same goes for the company and the web
 * address (extraction's last step). Each repair lives next to the field it
 * mends: the name's in name.c, the company's in people.c.
 */
#ifndef KITH_EXTRACT_REPAIR_H
#define KITH_EXTRACT_REPAIR_H

#include "contact/fields.h"
#include "common/models.h"

/*
 * Repairs f in place:
 *  - a family name that lost its ß ("Weimann") gets it back when an email
 *    spells it "ss" (b.weissmann@);
 *  - a family name missing its last letter ("Brenna") gets it when an
 *    email has it (m.brennan@);
 *  - an email whose local part is one letter away from a form of the name
 *    ("j.dasiva" on Jörg da Silva's card: j.dasilva) takes that form, when
 *    OCR said it was unsure of the address: email_conf[i] (0..1) below 0.8.
 *    A confident reading, or one of unknown confidence (text given to
 *    `kith parse`), stays as read, so "jon.smith@" on John Smith's card is
 *    left alone.
 * email_conf has f->n_emails entries, or is NULL (all unknown); an address
 * dropped as a copy of another takes its entry with it.
 * Returns how many fields changed.
 */
int kith_repair_name_email(kith_fields *f, float *email_conf);

/* Repairs f->company in place: a dotted legal suffix of the
 * company_suffixes lexicon that lost its last dot ("K.K" → "K.K.", "S.A" →
 * "S.A."), or a suffix OCR misread ("pic" → "plc") when the lexicon has the
 * mended form and not the one read; and a word OCR split in two ("Silver
 * line") when the two joined appear in an email or web host
 * (silverline.com) and the second piece is lower case; and a logotype word
 * read one letter wrong ("ASHTE") when a host spells it one edit away and
 * goes on with a company word (ashtelgroup.com) and no host spells it as
 * read. Returns 1 when the company changed. */
int kith_repair_company(const kith_models *m, kith_fields *f);

/* A given name read with the wrong diacritic ("Zoė", "Renèe"): when the
 * given_names lexicon does not know it but knows exactly one spelling that
 * differs only in diacritics on letters that carry one ("Zoë", "Renée"),
 * that spelling is taken. A name read without any accent is left alone
 * ("Anais" is a name too). Returns 1 when the name changed. */
int kith_repair_given_accents(const kith_models *m, kith_fields *f);

/* "WeiBmann", "StrauB", "WeiRmann": a capital B or R inside a capitalised
 * word after ei, au, eu or ie is OCR's reading of ß — German writes ß after
 * those sounds, and names do not put a capital there. Returns text with
 * those words mended (caller frees), or NULL when there were none. */
char *kith_repair_eszett_words(const char *text);

/* The name folded for comparing with an address: lower case, accents off,
 * German umlauts and ß spelled out (ä → ae, ß → ss), only letters and
 * digits kept. Caller frees. */
char *kith_fold_spelled(const char *s);

#endif
