/*
 * image_internal.h — the pieces of the image stage, shared between its files
 * and its unit tests but not part of libkith's interface.
 *
 *   find.c   the card's quadrilateral on a small colour copy of the photo
 *   warp.c   homographies, EXIF orientation maps, the projective warp
 *   skew.c   the text lines' angle, for photos whose card was not found
 *   clean.c  colour → grey against the local background, deskew, orientation
 *   image.c  loading with libvips and the order of the steps
 *
 * Coordinates are continuous: pixel (x, y) covers [x, x+1) × [y, y+1), so its
 * centre is (x + 0.5, y + 0.5).
 */
#ifndef KITH_IMAGE_INTERNAL_H
#define KITH_IMAGE_INTERNAL_H

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

/* ---- skew.c ---- */

/* The angle in degrees (clockwise, y down; in [-45, 45)) by which the text
 * lines of an RGB (or grey) picture are turned from level, folding sideways
 * text in; 0 when level or unsure. */
double kith_text_angle(const kith_raster *rgb);

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

#endif
