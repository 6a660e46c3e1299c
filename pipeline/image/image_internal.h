/*
 * image_internal.h — the pieces of the image stage, shared between its files
 * and its unit tests but not part of libkith's interface.
 *
 *   find.c   the card's quadrilateral on a small colour copy of the photo
 *   warp.c   homographies, EXIF orientation maps, the projective warp
 *   skew.c   the text lines' angle, for photos whose card was not found
 *   clean.c  colour → grey against the local background, deskew, orientation
 *   cards.c  the cards of a flatbed page of several, on the small copy
 *   image.c  loading with libvips and the order of the steps
 *
 * Coordinates are continuous: pixel (x, y) covers [x, x+1) × [y, y+1), so its
 * centre is (x + 0.5, y + 0.5).
 */
#ifndef KITH_IMAGE_INTERNAL_H
#define KITH_IMAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* An interleaved 8-bit raster of 1 or 3 bands; owns px (free with free()). */
typedef struct kith_raster {
    int w, h, bands;
    uint8_t *px;
} kith_raster;

/* ---- find.c ---- */

/* Looks for the card in an RGB raster (about 500-800 px on its long side).
 * On success returns 1 and the corners in raster coordinates, in clockwise
 * order starting with the one nearest the raster's top-left; returns 0 when no
 * convincing card edge was found. *score (may be NULL) receives the winning
 * quadrilateral's edge support in [0, 1]. */
int kith_find_card(const kith_raster *rgb, double quad[4][2], double *score);

/* The ratio of the sides (c[0]-c[1] to c[1]-c[2]) of the rectangle the
 * quad c (clockwise) is a picture of, for a camera whose principal point is
 * (cx, cy) and whose focal length the quad's own vanishing points give; 0
 * when the sides are too near parallel to tell (or the focal length comes
 * out implausible): then the quad's side lengths are as good. */
double kith_quad_ratio(const double (*c)[2], double cx, double cy);

/* ---- snap.c ---- */

/* Moves each side of the quad c (clockwise, in rgb's coordinates) that lies
 * on a line running on past the card's corners, with little colour step
 * across it, onto the nearby place with a strong step all along it (the
 * card's cut edge), and intersects the corners again; c is left as it was
 * when no side moves. edge is find.c's thin-edge map of rgb (one byte per
 * pixel, nonzero on an edge). */
void kith_snap_sides(const kith_raster *rgb, const uint8_t *edge, double c[4][2]);

/* ---- skew.c ---- */

/* The angle in degrees (clockwise, y down; in [-45, 45)) by which the text
 * lines of an RGB (or grey) picture are turned from level, folding sideways
 * text in; 0 when level or unsure. */
double kith_text_angle(const kith_raster *rgb);

/* ---- ink.c ---- */

/* The ink of an RGB (or grey) picture: 1 where a pixel's grey differs from
 * the mean of the (2r+1)^2 square around it by more than diff, 0 elsewhere
 * and within r of the border; *count (may be NULL) gets the ink pixels.
 * Caller frees. */
uint8_t *kith_ink_mask(const kith_raster *rgb, int r, double diff, size_t *count);

/* ---- content.c ---- */

/* Where no card edge was found: the rectangle, along text lines turned by
 * tilt_deg, around the printed content of an RGB (or grey) picture, with a
 * margin. Returns 1 and its corners (TL TR BR BL along the lines) in the
 * picture's coordinates, or 0 when the content fills most of the picture or
 * there is too little of it. */
int kith_content_quad(const kith_raster *rgb, double tilt_deg, double quad[4][2]);

/* ---- cards.c ---- */

enum { KITH_MAX_CARDS = 24 };

/* The cards found on the small copy of a flatbed page: label[y * w + x] is
 * 0 on the bed and k + 1 on card k. */
typedef struct kith_card_regions {
    int n;
    int w, h;
    int *label;                          /* w*h, owned (free with kith_card_regions_free) */
    int box[KITH_MAX_CARDS][4];          /* x0, y0, x1, y1 (exclusive) */
    double rect[KITH_MAX_CARDS][4][2];   /* minimum-area rectangle, TL TR BR BL */
    uint8_t bed[3];                      /* the bed's colour */
} kith_card_regions;

/* Looks on the small copy for a flatbed page of several cards: an even,
 * light border (the bed) with card-sized regions standing out from it,
 * touching ones split along the gap between them. Returns the number of
 * cards (in reading order), 0 when the picture is not such a page; r is set
 * either way and freed with kith_card_regions_free. */
int kith_find_card_regions(const kith_raster *small, kith_card_regions *r);
void kith_card_regions_free(kith_card_regions *r);

/* Cuts card k out of big (the full-size stored pixels of a raw_w × raw_h
 * picture with EXIF orientation `orientation`) as an upright RGB raster, its
 * neighbours painted over with the bed's colour; sx, sy are display pixels
 * per small-copy pixel. *x0, *y0 get the cut's origin in display
 * coordinates. The caller frees the raster's px. */
kith_raster kith_card_crop(const kith_raster *big, int orientation, int raw_w, int raw_h,
                           const kith_card_regions *r, int k, double sx, double sy, int *x0,
                           int *y0);

/* 1 when quad (corners in the cut of card k, NULL: none found) covers about
 * the same card as the region's rectangle. */
int kith_card_quad_agrees(const kith_card_regions *r, int k, double sx, double sy, int x0, int y0,
                          const double (*quad)[2]);

/* ---- warp.c ---- */

/* The homography h (row-major 3×3, h[8] = 1) taking the four points from[i]
 * to to[i]. Returns -1 when the points are degenerate. */
int kith_homography(const double from[4][2], const double to[4][2], double h[9]);

/* Maps a point of the displayed (EXIF-rotated) photo, whose stored pixels are
 * raw_w × raw_h, back to the stored pixels. */
void kith_orient_to_raw(int orientation, double raw_w, double raw_h, double x, double y,
                        double *rx, double *ry);

/* Warps src (1 or 3 bands) into a new out_w × out_h raster with the same
 * number of bands, bilinear; h maps output pixel centres to src coordinates.
 * Outside src the nearest edge pixel is repeated. */
kith_raster kith_warp(const kith_raster *src, const double h[9], int out_w, int out_h);

/* Rotates a one-band raster clockwise by 0/90/180/270 degrees (new raster). */
kith_raster kith_rotate_grey(const kith_raster *g, int degrees);

/* ---- clean.c ---- */

/* Plain luminance (Rec. 601 weights) of an RGB raster, or a copy of a grey
 * one; the caller frees its px. */
kith_raster kith_luma(const kith_raster *rgb);

/* Turns an RGB card into grey text on white: each pixel's distance from the
 * local background colour, so dark, colour and light-on-dark text all come out
 * dark on white. *dark is set when the card's background is dark. */
kith_raster kith_text_grey(const kith_raster *rgb, int *dark);

/* Finds the clockwise rotation (0/90/180/270) that makes the text of a
 * grey card upright; *confidence gets the evidence's strength. */
int kith_detect_rotation(const kith_raster *grey, double *confidence);

/* Measures and removes a small residual skew in place (|angle| <= 5 deg).
 * Returns the corrected angle in degrees (0 when none). */
double kith_deskew(kith_raster *grey);

/* Turns a grey raster in place by a small angle (degrees, as kith_deskew
 * returned it), bringing in white; unchanged if that fails. */
void kith_rotate_small(kith_raster *grey, double angle);

#endif
