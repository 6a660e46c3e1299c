/*
 * ocr_internal.h — what ocr.c lends the rest of the OCR stage (upright.c)
 * without making it part of libkith's interface.
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

#endif
