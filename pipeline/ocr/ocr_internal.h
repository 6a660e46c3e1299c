/*
 * ocr_internal.h — what ocr.c lends the rest of the OCR stage (upright.c,
 * faint.c and plain.c) without making it part of libkith's interface.
 */
#ifndef KITH_OCR_INTERNAL_H
#define KITH_OCR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ocr/ocr.h"

/* Reads each rectangle of pixels (img's size and resolution, maybe other
 * pixels than img's own) as one text line and returns the mean word
 * confidence (0..100) weighted by word length; 0 when nothing was read. */
double kith_ocr_lines_conf(kith_ocr *ocr, const uint8_t *pixels, const kith_image *img,
                           const kith_box *rects, size_t n);

/* Mean word confidence of a result (0..100), weighted by word length; 0
 * when it has no words. */
double kith_ocr_mean_conf(const kith_ocr_result *res);

/* Sets a line's text (its words joined by single spaces; the old text is
 * not freed), its mean confidence and its height (median word height). */
void kith_ocr_line_finish(kith_line *l);

/* Reads w x h grey pixels (row-major, no padding) as one block of text
 * (tesseract's single-block segmentation) and returns its lines with boxes
 * in those pixels' coordinates; NULL when tesseract could not read them.
 * Caller frees with kith_ocr_result_free. */
kith_ocr_result *kith_ocr_read_block(kith_ocr *ocr, const uint8_t *pixels, int w, int h, int dpi);

/* The faint-text pass (faint.c): reads again, contrast stretched, the parts
 * of img with printed marks but no words in res, and appends the lines it
 * reads with confidence to res. */
void kith_ocr_faint_pass(kith_ocr *ocr, const kith_image *img, kith_ocr_result *res);

#endif
