/*
 * image.h — the image stage: a photo (or scan) of a business card in, a flat,
 * upright, evenly lit greyscale card image out, at the scale tesseract reads
 * best.
 *
 *   load (libvips, fail_on=error, EXIF orientation, shrink-on-load, pixel limit)
 *   → find the card's quadrilateral on a small copy
 *   → flatten: projective warp of the full-resolution image to the card's aspect
 *   → orient: 0/90/180/270 from text-line evidence
 *   → clean: residual deskew, background/light normalisation, dark cards inverted
 *
 * Thread safety: kith_image_normalize may run on several threads at once (libvips
 * is thread-safe; each call owns its images). Threads that call it must call
 * vips_thread_shutdown() before they exit.
 */
#ifndef KITH_IMAGE_H
#define KITH_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* An 8-bit greyscale image owned by the struct. */
typedef struct kith_image {
    int width;
    int height;
    uint8_t *pixels;   /* width*height bytes, row-major, no padding */
    uint8_t *plain;    /* the same card as plain luminance (no background
                          cleaning; inverted too when the card is dark), same
                          geometry as pixels, for a second reading when the
                          cleaned one reads poorly; NULL when not made */
    int dpi;           /* the resolution the card image corresponds to */

    /* What the stage did, for the card's metadata and for tests. */
    int card_found;         /* 1: a card edge was found; 0: whole image used */
    double corners[4][2];   /* card corners in the loaded (EXIF-rotated) photo:
                               top-left, top-right, bottom-right, bottom-left,
                               in the orientation the text reads upright */
    int source_width;       /* size of the photo after EXIF orientation */
    int source_height;
    int exif_orientation;   /* 1..8 as found in the file (1 when none) */
    int rotation;           /* 0/90/180/270 clockwise applied after flattening */
    double rotation_conf;   /* the text-shape evidence for it (leptonica's up/left
                               confidence; under KITH_ROTATION_SURE it is a guess) */
    int inverted;           /* 1: light text on a dark card was inverted */
    int read_plain;         /* 1: OCR kept its reading of the plain copy (see
                               kith_ocr_read_card); pixels and plain swapped */
    double skew_deg;        /* residual skew that was corrected */
    int page;               /* 0-based page of the file the card is on */
    int index;              /* 0-based position among the page's cards (reading order) */
    int n_cards;            /* how many cards were found on that page */
    double ms_load, ms_find, ms_warp, ms_orient, ms_clean; /* timings */
} kith_image;

typedef struct kith_image_opts {
    int64_t max_pixels;    /* refuse larger images (decompression bombs); 0 = 100 MP */
    int find_card;         /* 1: look for the card (default); 0: use the image as is */
    int orient;            /* 1: detect 90/180/270 (default) */
    int clean;             /* 1: light normalisation (default) */
    int target_xheight;    /* wanted body-text x-height in px; 0 = default */
} kith_image_opts;

/* Below this rotation_conf, 0 and 180 degrees (or 90 and 270) are a guess
 * that OCR should settle (kith_ocr_read_upright). */
#define KITH_ROTATION_SURE 8.0

/* Fills opts with the defaults. */
void kith_image_opts_default(kith_image_opts *opts);

/* Normalizes the image file at path. *out is freed with kith_image_free. */
int kith_image_normalize(const char *path, const kith_image_opts *opts, kith_image **out,
                         kith_err *err);

/* The same from an encoded image in memory (JPEG, PNG, …). */
int kith_image_normalize_buffer(const void *data, size_t len, const kith_image_opts *opts,
                                kith_image **out, kith_err *err);

/* Every card of page `page` (0-based) of the file at path: on a flatbed
 * page of several cards one image per card in reading order (top to bottom,
 * then left to right), each found, flattened and oriented on its own; a
 * photo of one card gives one image, exactly as kith_image_normalize would.
 * The multi-card search runs only when the picture's border is an even, light
 * bed and at least two card-sized regions stand out from it, so a photo of
 * one card costs a pass over the 640 px detection copy more, no more.
 * *cards gets an array of *n images; free with kith_image_list_free. */
int kith_image_normalize_all(const char *path, int page, const kith_image_opts *opts,
                             kith_image ***cards, int *n, kith_err *err);

/* The number of pages of the file (PDF, TIFF; 1 for other images). */
int kith_image_pages(const char *path, int *pages, kith_err *err);

/* Frees the n images of cards and the array. */
void kith_image_list_free(kith_image **cards, int n);

/* Wraps a copy of raw greyscale pixels as a kith_image (no processing). */
kith_image *kith_image_from_grey(const uint8_t *pixels, int width, int height);

/* Encodes the image as PNG; *data is freed with g_free(). */
int kith_image_encode_png(const kith_image *img, void **data, size_t *len, kith_err *err);

/* Writes the image to a file; the format follows the suffix (.png, .jpg). */
int kith_image_save(const kith_image *img, const char *path, kith_err *err);

/* Turns the card image over (180 degrees) in place, with its corners and
 * rotation, when OCR finds it reads better that way up. */
void kith_image_turn_over(kith_image *img);

void kith_image_free(kith_image *img);

#endif
