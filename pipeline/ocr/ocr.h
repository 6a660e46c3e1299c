/*
 * ocr.h — the OCR stage: a normalized card image in, words with boxes and
 * confidences grouped into lines out (tesseract C API).
 *
 * A kith_ocr handle wraps one TessBaseAPI and is NOT shareable between threads:
 * create one per worker thread, and reuse it for every card that worker reads.
 * Programs should start with OMP_THREAD_LIMIT=1 in their environment, without
 * which OpenMP makes batches slower; libgomp reads it only when it is loaded,
 * so it cannot be set from here (the kith binary re-executes itself with it).
 */
#ifndef KITH_OCR_H
#define KITH_OCR_H

#include <stddef.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "image/image.h"

typedef struct kith_box {
    int x0, y0, x1, y1; /* pixels in the card image; all 0 when unknown */
} kith_box;

typedef struct kith_word {
    char *text;  /* UTF-8, owned */
    kith_box box;
    float conf;  /* 0..100, tesseract's word confidence; -1 when unknown */
} kith_word;

typedef struct kith_line {
    char *text;          /* the words joined with single spaces, owned */
    kith_box box;
    float conf;          /* mean word confidence; -1 when unknown */
    int block;           /* tesseract block number (lines in one block group) */
    float height;        /* text height (x-height-ish: median word box height) */
    kith_word *words;
    size_t n_words;
} kith_line;

typedef struct kith_ocr_result {
    kith_line *lines;    /* in reading order */
    size_t n_lines;
    int width, height;   /* of the image read; 0 for text input */
    double ms;           /* recognition time */
} kith_ocr_result;

typedef struct kith_ocr kith_ocr;

/* tesseract's own binarization (its thresholding_method variable): one Otsu
 * threshold for the whole image, Otsu per tile, or Sauvola's local threshold. */
typedef enum kith_ocr_threshold {
    KITH_OCR_THRESHOLD_OTSU = 0,
    KITH_OCR_THRESHOLD_ADAPTIVE = 1,
    KITH_OCR_THRESHOLD_SAUVOLA = 2
} kith_ocr_threshold;

typedef struct kith_ocr_opts {
    const char *tessdata;  /* NULL: tesseract's default */
    const char *lang;      /* NULL: "eng" */
    int psm;               /* page segmentation mode; 0: sparse text (11) */
    kith_ocr_threshold threshold; /* how tesseract binarizes; 0: Otsu */
    int faint;             /* 1: read faint text the first reading left out
                              again, contrast stretched (ocr/faint.c) */
} kith_ocr_opts;

/* Parses "otsu", "adaptive" or "sauvola" (models/settings.conf ocr.threshold);
 * -1 for anything else. */
int kith_ocr_threshold_parse(const char *name, kith_ocr_threshold *out);

/* Creates a handle; free with kith_ocr_free. */
int kith_ocr_new(const kith_ocr_opts *opts, kith_ocr **out, kith_err *err);
void kith_ocr_free(kith_ocr *ocr);

/*
 * The accent pass: a second model (the CLI uses "Latin", from
 * tesseract-ocr-script-latn) re-reads the few tallest lines that are words —
 * names, companies — to recover the accents Debian's `eng` drops; its reading
 * is taken only where it differs by accents (see ocr.c). That model is large
 * (~240 MB in memory), so one is shared by every worker's handle; its own
 * lock serialises the calls.
 */
typedef struct kith_ocr_accent kith_ocr_accent;

/* Loads the model; free with kith_ocr_accent_free after every handle using it. */
int kith_ocr_accent_new(const char *tessdata, const char *lang, kith_ocr_accent **out,
                        kith_err *err);
void kith_ocr_accent_free(kith_ocr_accent *acc);

/* Makes ocr run the accent pass with acc (borrowed); NULL turns it off. */
void kith_ocr_set_accent(kith_ocr *ocr, kith_ocr_accent *acc);

/* Reads the image. *out is freed with kith_ocr_result_free. */
int kith_ocr_read(kith_ocr *ocr, const kith_image *img, kith_ocr_result **out, kith_err *err);

/* Reads the image like kith_ocr_read, and when the image stage was unsure
 * which way up the card is (img->rotation_conf < KITH_ROTATION_SURE) and the
 * reading is not clearly good, or the reading is weak, reads its two longest
 * lines turned over too; when those read clearly
 * better, turns img over (kith_image_turn_over) and reads it again. *out is
 * freed with kith_ocr_result_free. See upright.c. */
int kith_ocr_read_upright(kith_ocr *ocr, kith_image *img, kith_ocr_result **out,
                          kith_err *err);

/* What the pipeline reads a card with: kith_ocr_read_upright, then, when
 * that reading is poor and the image stage kept a plain copy of the card
 * (img->plain), a reading of the plain copy, kept when it read clearly more
 * text with confidence (img->pixels and img->plain are then swapped and
 * img->read_plain set). See plain.c. */
int kith_ocr_read_card(kith_ocr *ocr, kith_image *img, kith_ocr_result **out, kith_err *err);

/* Builds a result from plain text (one line per text line, no boxes): what
 * `kith parse` feeds to extraction. Never fails; free with kith_ocr_result_free. */
kith_ocr_result *kith_ocr_result_from_text(const char *text);

/* Reads back what kith_ocr_result_json wrote (the OCR stored with each card):
 * lines of words with boxes and confidences, so extraction can be run again
 * on a real reading (`kith parse --ocr-json`, the extraction test cases).
 * *out is freed with kith_ocr_result_free. */
int kith_ocr_result_from_json(const char *text, kith_ocr_result **out, kith_err *err);

/* Plain text, one line per line (for storage and for the baseline). */
void kith_ocr_result_text(const kith_ocr_result *res, kith_strbuf *out);

/* JSON with lines, words, boxes and confidences (stored with the card). */
void kith_ocr_result_json(const kith_ocr_result *res, kith_strbuf *out);

void kith_ocr_result_free(kith_ocr_result *res);

#endif
