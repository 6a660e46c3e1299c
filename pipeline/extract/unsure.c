/*
 * unsure.c — fields OCR was unsure of (see unsure.h): each field value is
 * cut into words, each word is found among the OCR words by its letters and
 * digits, and the lowest confidence of the words found decides.
 */
#include "extract/unsure.h"
#include "common/util.h"
#include "common/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Lower-cased letters and digits of s (other ASCII dropped, other bytes
 * kept); caller frees. */
static char *squeeze(const char *s)
{
    char *low = kith_text_lower(s);
    size_t j = 0;
    for (size_t i = 0; low[i]; i++) {
        unsigned char ch = (unsigned char)low[i];
        if (ch >= 0x80 || isalnum(ch))
            low[j++] = (char)ch;
    }
    low[j] = '\0';
    return low;
}

/* A label glued to a value ("tel+44"), or a value split over words: one
 * holds the other, both at least 3 characters long. */
static int overlaps(const char *a, const char *b)
{
    if (strlen(a) < 3 || strlen(b) < 3)
        return 0;
    return strstr(a, b) != NULL || strstr(b, a) != NULL;
}

/* The best confidence of the OCR words equal to w; when none is, of those
 * overlapping it; -1 when none does either. */
static float word_conf(char **const words, const float *confs, size_t n, const char *w)
{
    float exact = -1, near = -1;
    for (size_t i = 0; i < n; i++) {
        if (confs[i] < 0)
            continue;
        if (strcmp(words[i], w) == 0) {
            if (confs[i] > exact)
                exact = confs[i];
        } else if (overlaps(words[i], w) && confs[i] > near) {
            near = confs[i];
        }
    }
    return exact >= 0 ? exact : near;
}

/* The lowest confidence over the words of value, or -1 when no word of it
 * was found in the OCR. */
static float value_conf(char **const words, const float *confs, size_t n, const char *value)
{
    float low = -1;
    if (!value)
        return low;
    char *copy = kith_text_lower(value);
    char *save = NULL;
    for (char *tok = strtok_r(copy, " \t,;/|", &save); tok; tok = strtok_r(NULL, " \t,;/|", &save)) {
        char *w = squeeze(tok);
        if (*w) {
            float c = word_conf(words, confs, n, w);
            if (c >= 0 && (low < 0 || c < low))
                low = c;
        }
        free(w);
    }
    free(copy);
    return low;
}

static int below(float conf, float min_conf)
{
    return conf >= 0 && conf < min_conf;
}

unsigned kith_fields_unsure(const kith_fields *f, const kith_ocr_result *ocr, float min_conf,
                            unsigned skip)
{
    if (!f || !ocr)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < ocr->n_lines; i++)
        n += ocr->lines[i].n_words;
    char **words = kith_xcalloc(n ? n : 1, sizeof *words);
    float *confs = kith_xcalloc(n ? n : 1, sizeof *confs);
    size_t k = 0;
    for (size_t i = 0; i < ocr->n_lines; i++)
        for (size_t j = 0; j < ocr->lines[i].n_words; j++, k++) {
            words[k] = squeeze(ocr->lines[i].words[j].text ? ocr->lines[i].words[j].text : "");
            confs[k] = ocr->lines[i].words[j].conf;
        }

    unsigned out = 0;
    const struct {
        int field;
        const char *value;
    } one[] = {{KITH_FIELD_NAME, f->name},
               {KITH_FIELD_TITLE, f->title},
               {KITH_FIELD_COMPANY, f->company},
               {KITH_FIELD_ADDRESS, f->address}};
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        if (below(value_conf(words, confs, n, one[i].value), min_conf))
            out |= 1u << one[i].field;
    for (size_t i = 0; i < f->n_emails; i++)
        if (below(value_conf(words, confs, n, f->emails[i]), min_conf))
            out |= 1u << KITH_FIELD_EMAILS;
    for (size_t i = 0; i < f->n_phones; i++)
        if (below(value_conf(words, confs, n, f->phones[i].number), min_conf))
            out |= 1u << KITH_FIELD_PHONES;
    for (size_t i = 0; i < f->n_urls; i++)
        if (below(value_conf(words, confs, n, f->urls[i]), min_conf))
            out |= 1u << KITH_FIELD_URLS;

    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
    free(confs);
    return out & ~skip;
}
