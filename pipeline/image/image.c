/*
 * image.c — the image stage's entry points: load a photo safely with libvips,
 * find the card on a small copy, warp the card out of a larger decode, then
 * clean and orient it (find.c, warp.c, clean.c do the work).
 *
 * Speed comes from decoding once and as little as possible: a JPEG is decoded
 * with libjpeg's shrink-on-load (1/2, 1/4, 1/8) to about DECODE_SIZE px, the
 * detection copy is box-shrunk from that decode, and the warp reads the same
 * decode (only when the card turns out to be small in a big photo is it
 * decoded again with less shrink, so the card keeps at least 1/MAX_UPSCALE
 * of its output size). EXIF orientation is applied to the small copy only; for
 * the warp it is folded into the coordinate map, so the big decode is never
 * rotated (and libvips never has to read out of order). The pixel limit is
 * checked on the header, before anything is decoded.
 */
#include "image/image.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <vips/vips.h>

#include "common/init.h"
#include "common/util.h"
#include "image/image_internal.h"

#define DEFAULT_MAX_PIXELS 100000000LL
#define DEFAULT_XHEIGHT 24
#define DETECT_SIZE 640       /* longest long side of the detection copy */
#define SQUARE_LOOKING 1.2     /* a card outline this near square is rectified (find.c's MIN_RATIO) */
#define HALF_DETECT_MIN 400     /* a detection copy this long is also tried at half size */
#define PAGE_DETECT_SIZE 1800 /* the cards of a page are segmented on a copy this long */
#define DECODE_SIZE 1500      /* JPEG shrink-on-load keeps at least this long side */
#define XHEIGHT_INCHES 0.055  /* x-height of 8 pt body text, typical on cards */
#define MAX_UPSCALE 2.0       /* decode shrink may leave the card this much too small */
#define MIN_SIDE 32           /* fewer pixels than this on a side cannot hold a card */
#define PDF_DPI 300.0         /* a PDF page is rendered at scanner resolution, not 72 dpi */

/* Card sizes: long side / short side, and the long side in inches. */
static const struct {
    double ratio, long_in;
} card_sizes[] = {
    { 3.5 / 2.0, 3.5 },         /* US 3.5 × 2 in */
    { 91.0 / 55.0, 91 / 25.4 }, /* Japan 91 × 55 mm */
    { 85.0 / 55.0, 85 / 25.4 }, /* ISO/EU 85 × 55 mm */
};

void kith_image_opts_default(kith_image_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->max_pixels = DEFAULT_MAX_PIXELS;
    opts->find_card = 1;
    opts->orient = 1;
    opts->clean = 1;
    opts->target_xheight = DEFAULT_XHEIGHT;
}

/* Where the image comes from: a file, or bytes in memory. */
typedef struct {
    const char *path;
    const void *buf;
    size_t len;
    int page;   /* 0-based page of a PDF or multi-page TIFF */
} source;

/* Converts any libvips image to 3-band 8-bit sRGB without alpha; unrefs in.
 * Returns NULL (vips error set) on failure. */
static VipsImage *to_rgb8(VipsImage *in)
{
    VipsImage *cur = in, *t = NULL;
    if (vips_image_hasalpha(cur)) {
        VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
        int r = vips_flatten(cur, &t, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        g_object_unref(cur);
        if (r)
            return NULL;
        cur = t;
    }
    if (cur->Bands != 3 || cur->BandFmt != VIPS_FORMAT_UCHAR ||
        cur->Type != VIPS_INTERPRETATION_sRGB) {
        if (cur->Bands < 3 && cur->BandFmt == VIPS_FORMAT_UCHAR) {
            VipsImage *in3[3] = { cur, cur, cur };
            int r = vips_bandjoin(in3, &t, 3, NULL);
            g_object_unref(cur);
            if (r)
                return NULL;
            cur = t;
        } else {
            int r = vips_colourspace(cur, &t, VIPS_INTERPRETATION_sRGB, NULL);
            g_object_unref(cur);
            if (r)
                return NULL;
            cur = t;
        }
    }
    if (cur->BandFmt != VIPS_FORMAT_UCHAR) {
        int r = vips_cast_uchar(cur, &t, NULL);
        g_object_unref(cur);
        if (r)
            return NULL;
        cur = t;
    }
    if (cur->Bands > 3) {
        int r = vips_extract_band(cur, &t, 0, "n", 3, NULL);
        g_object_unref(cur);
        if (r)
            return NULL;
        cur = t;
    }
    return cur;
}

/* Decodes a libvips image into a new raster; unrefs im. */
static int to_raster(VipsImage *im, kith_raster *out, kith_err *err)
{
    VipsImage *rgb = to_rgb8(im);
    if (!rgb)
        return kith_error_vips(err, "image decode");
    size_t size = 0;
    void *mem = vips_image_write_to_memory(rgb, &size);
    if (!mem) {
        g_object_unref(rgb);
        return kith_error_vips(err, "image decode");
    }
    out->w = rgb->Xsize;
    out->h = rgb->Ysize;
    out->bands = 3;
    /* no copy: GLib >= 2.46 allocates with the system malloc, so free()
     * releases what g_malloc returned */
    out->px = mem;
    g_object_unref(rgb);
    return 0;
}

/* PDF (poppler or pdfium): a page is rendered at PDF_DPI. */
static int is_pdf(const char *loader)
{
    return loader && strstr(loader, "Pdf") != NULL;
}

/* Loaders whose files hold several pages, each selected with "page". */
static int is_paged(const char *loader)
{
    return is_pdf(loader) || (loader && strstr(loader, "Tiff") != NULL);
}

/* Opens src with its loader's options: a PDF page at PDF_DPI, the page
 * src->page of a PDF or TIFF; `access` is random for the header,
 * sequential for the decode. */
static VipsImage *open_any(const source *src, const char *loader, VipsAccess access)
{
    if (is_paged(loader)) {
        double dpi = is_pdf(loader) ? PDF_DPI : 0;
        if (src->path)
            return dpi > 0
                ? vips_image_new_from_file(src->path, "fail_on", VIPS_FAIL_ON_ERROR, "access",
                                           access, "page", src->page, "dpi", dpi, NULL)
                : vips_image_new_from_file(src->path, "fail_on", VIPS_FAIL_ON_ERROR, "access",
                                           access, "page", src->page, NULL);
        return dpi > 0
            ? vips_image_new_from_buffer(src->buf, src->len, "", "fail_on", VIPS_FAIL_ON_ERROR,
                                         "access", access, "page", src->page, "dpi", dpi, NULL)
            : vips_image_new_from_buffer(src->buf, src->len, "", "fail_on", VIPS_FAIL_ON_ERROR,
                                         "access", access, "page", src->page, NULL);
    }
    return src->path
        ? vips_image_new_from_file(src->path, "fail_on", VIPS_FAIL_ON_ERROR, "access", access,
                                   NULL)
        : vips_image_new_from_buffer(src->buf, src->len, "", "fail_on", VIPS_FAIL_ON_ERROR,
                                     "access", access, NULL);
}

/* Opens the header only (no pixels decoded), refusing non-images. */
static VipsImage *open_header(const source *src, const char **loader, kith_err *err)
{
    if (src->path) {
        struct stat st;
        if (stat(src->path, &st) < 0) {
            kith_error(err, "cannot open %s: %s", src->path, strerror(errno));
            return NULL;
        }
        if (st.st_size == 0) {
            kith_error(err, "not an image (empty file)");
            return NULL;
        }
        *loader = vips_foreign_find_load(src->path);
    } else {
        if (src->len == 0) {
            kith_error(err, "not an image (empty file)");
            return NULL;
        }
        *loader = vips_foreign_find_load_buffer(src->buf, src->len);
    }
    if (!*loader) {
        vips_error_clear();
        kith_error(err, "not an image");
        return NULL;
    }
    VipsImage *hdr = open_any(src, *loader, VIPS_ACCESS_RANDOM);
    if (!hdr) {
        /* a format only a blocked loader knows (common/init.c: BMP, ICO,
         * SVG through ImageMagick, slides, scientific formats) */
        if (strstr(vips_error_buffer(), "is blocked")) {
            vips_error_clear();
            kith_error(err, "not an image format kith reads (JPEG, PNG, WebP, TIFF, GIF, HEIC "
                            "or PDF)");
        } else {
            kith_error_vips(err, "image header");
        }
    }
    return hdr;
}

static int is_jpeg(const char *loader)
{
    return loader && strstr(loader, "Jpeg") != NULL;
}

/* Decodes the stored (not EXIF-rotated) pixels; a JPEG shrunk on load by
 * `shrink` (1, 2, 4, 8), anything else at full size. */
static int load_pixels(const source *src, const char *loader, int shrink, kith_raster *out,
                       kith_err *err)
{
    VipsImage *t = NULL;
    int r;
    if (is_jpeg(loader))
        r = src->path
            ? vips_jpegload(src->path, &t, "shrink", shrink, "fail_on", VIPS_FAIL_ON_ERROR,
                            "access", VIPS_ACCESS_SEQUENTIAL, NULL)
            : vips_jpegload_buffer((void *)src->buf, src->len, &t, "shrink", shrink, "fail_on",
                                   VIPS_FAIL_ON_ERROR, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    else
        r = (t = open_any(src, loader, VIPS_ACCESS_SEQUENTIAL)) ? 0 : -1;
    if (r)
        return kith_error_vips(err, "image decode");
    return to_raster(t, out, err);
}

/* The detection copy (new raster): big box-shrunk by a whole factor
 * (*factor) to about DETECT_SIZE on its long side and turned upright by the
 * EXIF orientation. Its pixel x covers big's pixels [x * f, x * f + f). */
static kith_raster small_copy(const kith_raster *big, int orientation, int size, int *factor)
{
    int longest = big->w > big->h ? big->w : big->h;
    /* at most DETECT_SIZE: a 2000 px decode gives 500 px. A 667 px copy
     * (f = 3) found 3 more cards on kith-gen seed 7 cards 1-60 but none more
     * on 360 other photos, cost 6 ms, and its corners moved enough to cost
     * 4 points of all-fields-right on seed 404: not worth it */
    int f = (longest + size - 1) / size;
    if (f < 1)
        f = 1;
    int sw = big->w / f, sh = big->h / f;
    if (sw < 1)
        sw = 1;
    if (sh < 1)
        sh = 1;
    uint8_t *shr = kith_xmalloc((size_t)sw * sh * 3);
    int *acc = kith_xmalloc((size_t)sw * 3 * sizeof *acc);
    for (int y = 0; y < sh; y++) {
        memset(acc, 0, (size_t)sw * 3 * sizeof *acc);
        for (int dy = 0; dy < f; dy++) {
            /* clamped: a side shorter than f (a 61712x1 image, found by
             * fuzz_image) was read past its end */
            int yy = y * f + dy < big->h ? y * f + dy : big->h - 1;
            const uint8_t *row = big->px + (size_t)yy * big->w * 3;
            for (int x = 0; x < sw; x++)
                for (int dx = 0; dx < f; dx++) {
                    int xx = x * f + dx < big->w ? x * f + dx : big->w - 1;
                    for (int c = 0; c < 3; c++)
                        acc[x * 3 + c] += row[xx * 3 + c];
                }
        }
        for (int i = 0; i < sw * 3; i++)
            shr[(size_t)y * sw * 3 + i] = (uint8_t)(acc[i] / (f * f));
    }
    free(acc);
    *factor = f;
    int turned = orientation >= 5;
    kith_raster s = { turned ? sh : sw, turned ? sw : sh, 3, NULL };
    s.px = kith_xmalloc((size_t)sw * sh * 3);
    for (int y = 0; y < s.h; y++)
        for (int x = 0; x < s.w; x++) {
            double rx, ry;
            kith_orient_to_raw(orientation, sw, sh, x + 0.5, y + 0.5, &rx, &ry);
            int ix = (int)rx, iy = (int)ry;
            if (ix >= sw)
                ix = sw - 1;
            if (iy >= sh)
                iy = sh - 1;
            memcpy(s.px + ((size_t)y * s.w + x) * 3, shr + ((size_t)iy * sw + ix) * 3, 3);
        }
    free(shr);
    return s;
}

/* The quad to read when no card was found: the whole photo, or, when its
 * text lines are turned by tilt degrees, the smallest rectangle along them
 * that holds the photo (corners outside it; fill_outside paints those parts),
 * so OCR gets level lines. */
static void whole_photo(int w, int h, double tilt, double quad[4][2])
{
    double t = tilt * M_PI / 180, c = cos(t), s = sin(t);
    double a = (w * fabs(c) + h * fabs(s)) / 2, b = (w * fabs(s) + h * fabs(c)) / 2;
    double cx = w / 2.0, cy = h / 2.0;
    static const int su[4] = { -1, 1, 1, -1 }, sv[4] = { -1, -1, 1, 1 };
    for (int k = 0; k < 4; k++) {
        quad[k][0] = cx + su[k] * a * c - sv[k] * b * s;
        quad[k][1] = cy + su[k] * a * s + sv[k] * b * c;
    }
}

/* Paints the pixels of flat (the warp of the rectangle quad) that lie outside
 * the w x h photo with the mean colour of those inside, so that the warp's
 * repeated edge pixels make no streaks for OCR to read. */
static void fill_outside(kith_raster *flat, const double quad[4][2], int w, int h)
{
    size_t n = (size_t)flat->w * flat->h;
    uint8_t *out = kith_xcalloc(n, 1);
    double sum[3] = { 0, 0, 0 };
    size_t in = 0;
    for (int j = 0; j < flat->h; j++)
        for (int i = 0; i < flat->w; i++) {
            double u = (i + 0.5) / flat->w, v = (j + 0.5) / flat->h;
            double x = quad[0][0] + u * (quad[1][0] - quad[0][0]) + v * (quad[3][0] - quad[0][0]);
            double y = quad[0][1] + u * (quad[1][1] - quad[0][1]) + v * (quad[3][1] - quad[0][1]);
            size_t p = (size_t)j * flat->w + i;
            if (x < 0 || y < 0 || x >= w || y >= h) {
                out[p] = 1;
                continue;
            }
            for (int c = 0; c < 3 && c < flat->bands; c++)
                sum[c] += flat->px[p * flat->bands + c];
            in++;
        }
    for (size_t p = 0; in && p < n; p++)
        if (out[p])
            for (int c = 0; c < 3 && c < flat->bands; c++)
                flat->px[p * flat->bands + c] = (uint8_t)(sum[c] / in);
    free(out);
}

static double dist2(const double *a, const double *b)
{
    return hypot(a[0] - b[0], a[1] - b[1]);
}

/* The output of one card: its corners in display coordinates and the size
 * it is warped to. */
typedef struct card_geom {
    double quad[4][2];
    int found;
    int ow, oh, out_long;
    double long_in, longer;
    double tilt;    /* no card found: the text lines' angle (whole_photo) */
    double pp[2];   /* the picture's centre, for the card's true ratio */
} card_geom;

/* s box-shrunk by two (a new raster of as many bands). */
static kith_raster half_copy(const kith_raster *s)
{
    kith_raster h = { s->w / 2, s->h / 2, s->bands, NULL };
    h.px = kith_xmalloc((size_t)h.w * h.h * h.bands);
    for (int y = 0; y < h.h; y++)
        for (int x = 0; x < h.w; x++)
            for (int c = 0; c < h.bands; c++) {
                const uint8_t *p = s->px + ((size_t)(2 * y) * s->w + 2 * x) * s->bands + c;
                size_t down = (size_t)s->w * s->bands;
                h.px[((size_t)y * h.w + x) * h.bands + c] =
                    (uint8_t)((p[0] + p[s->bands] + p[down] + p[down + s->bands] + 2) / 4);
            }
    return h;
}

/* The card on the detection copy; when none is found there and the copy is
 * big enough, on a copy of half its size. A blurred photo (a webcam's 640 x
 * 480, a shaken phone) has card edges that ramp over 3-4 px, which the
 * finder takes for shadows and grain; at half the size they are steps
 * again. Only tried when the full size finds nothing, so a sharp photo's
 * corners keep the full size's precision. */
static int find_card_two_scales(const kith_raster *small, double quad[4][2])
{
    if (kith_find_card(small, quad, NULL))
        return 1;
    if ((small->w > small->h ? small->w : small->h) < HALF_DETECT_MIN)
        return 0;
    kith_raster half = half_copy(small);
    int found = kith_find_card(&half, quad, NULL);
    free(half.px);
    for (int k = 0; k < 4 && found; k++) {
        quad[k][0] *= 2;
        quad[k][1] *= 2;
    }
    return found;
}

/* Looks for the card on the small copy (box-shrunk by f from big, upright by
 * the EXIF orientation) and fills g->quad in display coordinates; the whole
 * picture when none is found. */
static void find_on_small(const kith_raster *small, int f, const kith_raster *big, int turned,
                          int disp_w, int disp_h, card_geom *g)
{
    g->found = find_card_two_scales(small, g->quad);
    g->pp[0] = disp_w / 2.0;
    g->pp[1] = disp_h / 2.0;
    g->tilt = g->found ? 0 : kith_text_angle(small);
    /* no edge: the rectangle around the printed content, when that is well
     * inside the picture (a white card on a white scanner bed) */
    int content = !g->found && kith_content_quad(small, g->tilt, g->quad);
    /* scale by the factor, not by the sizes: the box shrink drops the
     * last big->w % f columns (a 3000 px decode gives 600 px at f = 5
     * but 2998 px gives 599, and 6000 / 599 puts far corners 6 px out) */
    int big_dw = turned ? big->h : big->w, big_dh = turned ? big->w : big->h;
    double sx = (double)f * disp_w / big_dw, sy = (double)f * disp_h / big_dh;
    for (int k = 0; k < 4 && (g->found || content); k++) {
        g->quad[k][0] *= sx;
        g->quad[k][1] *= sy;
    }
    if (!g->found && !content)
        whole_photo(disp_w, disp_h, g->tilt, g->quad);
}

/* The output size: the card's true aspect at the wanted text scale. */
static void card_size(const kith_image_opts *opts, card_geom *g)
{
    double (*quad)[2] = g->quad;
    double horiz = (dist2(quad[0], quad[1]) + dist2(quad[2], quad[3])) / 2;
    double vert = (dist2(quad[1], quad[2]) + dist2(quad[3], quad[0])) / 2;
    /* a card seen at a strong angle is foreshortened into a near square:
     * then its own shape, not the outline's. (Taking the rectified shape
     * for every card cost kith-gen seed 7 two cards of 60 whose outline
     * snapped to the right size anyway.) */
    double app = horiz > vert ? horiz / (vert > 0 ? vert : 1) : vert / (horiz > 0 ? horiz : 1);
    double wh = g->found && g->pp[0] > 0 && app < SQUARE_LOOKING
                    ? kith_quad_ratio(quad, g->pp[0], g->pp[1])
                    : 0;
    int landscape = wh > 0 ? wh >= 1 : horiz >= vert;
    double longer = landscape ? horiz : vert, shorter = landscape ? vert : horiz;
    double ratio = shorter > 0 ? longer / shorter : 1.75, long_in = 3.5;
    if (wh > 0)
        ratio = wh >= 1 ? wh : 1 / wh;
    if (g->found) {
        int best = 0;
        for (int k = 1; k < 3; k++)
            if (fabs(log(ratio / card_sizes[k].ratio)) < fabs(log(ratio / card_sizes[best].ratio)))
                best = k;
        if (fabs(log(ratio / card_sizes[best].ratio)) < 0.12) {
            ratio = card_sizes[best].ratio;
            long_in = card_sizes[best].long_in;
        }
    }
    if (ratio > 4)
        ratio = 4;
    double dpi = opts->target_xheight / XHEIGHT_INCHES;
    int out_long = (int)lround(long_in * dpi);
    int out_short = (int)lround(out_long / ratio);
    if (out_short < 16)
        out_short = 16;
    g->ow = landscape ? out_long : out_short;
    g->oh = landscape ? out_short : out_long;
    g->out_long = out_long;
    g->long_in = long_in;
    g->longer = longer;
}

/* Warps the card g out of big (the stored pixels of a raw_w × raw_h picture
 * with EXIF orientation `orientation`, decoded at any scale), then cleans and
 * orients it; *out gets the card (caller frees with kith_image_free), with
 * its warp, clean and orient timings. */
static int flatten_card(const kith_raster *big, int raw_w, int raw_h, int orientation,
                        const card_geom *g, const kith_image_opts *opts, kith_image **out,
                        kith_err *err)
{
    double t2 = kith_monotonic();
    int ow = g->ow, oh = g->oh;
    double from[4][2] = { { 0, 0 }, { ow, 0 }, { ow, oh }, { 0, oh } }, to[4][2], hom[9];
    for (int k = 0; k < 4; k++) {
        double rx, ry;
        kith_orient_to_raw(orientation, raw_w, raw_h, g->quad[k][0], g->quad[k][1], &rx, &ry);
        to[k][0] = rx * big->w / raw_w;
        to[k][1] = ry * big->h / raw_h;
    }
    if (kith_homography(from, to, hom) < 0)
        return kith_error(err, "cannot flatten the card: degenerate corners");
    kith_raster flat = kith_warp(big, hom, ow, oh);
    if (!g->found) {
        int turned = orientation >= 5;
        fill_outside(&flat, g->quad, turned ? raw_h : raw_w, turned ? raw_w : raw_h);
    }
    double t3 = kith_monotonic();

    /* grey against the local background (also inverts dark cards) */
    int dark = 0;
    kith_raster grey, plain = { 0, 0, 1, NULL }, lum = kith_luma(&flat);
    if (opts->clean) {
        grey = kith_text_grey(&flat, &dark);
        /* the plain copy for a second reading, dark text on light too */
        for (size_t i = 0; dark && i < (size_t)ow * oh; i++)
            lum.px[i] = (uint8_t)(255 - lum.px[i]);
        plain = lum;
    } else {
        grey = lum;
    }
    free(flat.px);
    double t4 = kith_monotonic();

    int rotation = 0;
    double conf = KITH_ROTATION_SURE;
    if (opts->orient) {
        rotation = kith_detect_rotation(&grey, &conf);
        if (rotation) {
            kith_raster r = kith_rotate_grey(&grey, rotation);
            free(grey.px);
            grey = r;
            if (plain.px) {
                r = kith_rotate_grey(&plain, rotation);
                free(plain.px);
                plain = r;
            }
        }
    }
    double t5 = kith_monotonic();
    double skew = opts->clean ? kith_deskew(&grey) : 0;
    if (plain.px && skew != 0)
        kith_rotate_small(&plain, skew);
    double t6 = kith_monotonic();

    kith_image *img = kith_xcalloc(1, sizeof *img);
    img->width = grey.w;
    img->height = grey.h;
    img->pixels = grey.px;
    img->plain = plain.px;
    img->dpi = (int)lround(g->out_long / g->long_in);
    img->card_found = g->found;
    /* corners of the upright card: turning the image clockwise by `rotation`
     * makes the corner that was k steps anticlockwise the new top-left */
    int steps = rotation / 90;
    for (int k = 0; k < 4; k++) {
        img->corners[k][0] = g->quad[(k + 4 - steps) % 4][0];
        img->corners[k][1] = g->quad[(k + 4 - steps) % 4][1];
    }
    img->exif_orientation = orientation;
    img->rotation = rotation;
    img->rotation_conf = conf;
    img->inverted = dark;
    img->skew_deg = skew;
    img->n_cards = 1;
    img->ms_warp = (t3 - t2) * 1000;
    img->ms_clean = (t4 - t3 + t6 - t5) * 1000;
    img->ms_orient = (t5 - t4) * 1000;
    *out = img;
    return 0;
}

/* Each card of a page of several (regions found on the small copy, which is
 * box-shrunk by f from the first decode): the stored pixels are decoded at
 * full size, each card is cut out with its neighbours painted over in the
 * bed's colour and then found, flattened and oriented on its own. */
static int normalize_regions(const source *src, const char *loader, const kith_raster *first,
                             int f, int raw_w, int raw_h, int orientation,
                             const kith_card_regions *reg, const kith_image_opts *opts,
                             kith_image ***cards, int *n, kith_err *err)
{
    int turned = orientation >= 5;
    int disp_w = turned ? raw_h : raw_w, disp_h = turned ? raw_w : raw_h;
    int first_dw = turned ? first->h : first->w, first_dh = turned ? first->w : first->h;
    double sx = (double)f * disp_w / first_dw, sy = (double)f * disp_h / first_dh;
    kith_raster full = { 0, 0, 0, NULL };
    const kith_raster *big = first;
    if (first->w != raw_w) {
        if (load_pixels(src, loader, 1, &full, err) < 0)
            return -1;
        big = &full;
    }
    kith_image **out = kith_xcalloc((size_t)reg->n, sizeof *out);
    int rc = 0;
    for (int k = 0; k < reg->n && rc == 0; k++) {
        double t0 = kith_monotonic();
        int x0, y0;
        kith_raster crop = kith_card_crop(big, orientation, raw_w, raw_h, reg, k, sx, sy, &x0, &y0);
        int cf = 1;
        kith_raster small = small_copy(&crop, 1, DETECT_SIZE, &cf);
        card_geom g;
        find_on_small(&small, cf, &crop, 0, crop.w, crop.h, &g);
        free(small.px);
        /* the finder's quad must be this region's card, not a smudge in it */
        if (!kith_card_quad_agrees(reg, k, sx, sy, x0, y0, g.found ? g.quad : NULL)) {
            for (int c = 0; c < 4; c++) {
                g.quad[c][0] = reg->rect[k][c][0] * sx - x0;
                g.quad[c][1] = reg->rect[k][c][1] * sy - y0;
            }
            g.found = 1;
        }
        card_size(opts, &g);
        double t1 = kith_monotonic();
        rc = flatten_card(&crop, crop.w, crop.h, 1, &g, opts, &out[k], err);
        free(crop.px);
        if (rc < 0)
            break;
        kith_image *img = out[k];
        for (int c = 0; c < 4; c++) {
            img->corners[c][0] += x0;
            img->corners[c][1] += y0;
        }
        img->source_width = disp_w;
        img->source_height = disp_h;
        img->exif_orientation = orientation;
        img->index = k;
        img->n_cards = reg->n;
        img->ms_find = (t1 - t0) * 1000;
    }
    free(full.px);
    if (rc < 0) {
        kith_image_list_free(out, reg->n);
        return -1;
    }
    *cards = out;
    *n = reg->n;
    return 0;
}

/* Loads the picture, finds its card (or, when all is set and the picture is
 * a flatbed page of several, each card) and makes each flat, upright and
 * clean. *cards gets *n images; the caller frees with kith_image_list_free. */
static int normalize(const source *src, const kith_image_opts *opts_in, int all,
                     kith_image ***cards, int *n, kith_err *err)
{
    kith_image_opts opts;
    if (opts_in)
        opts = *opts_in;
    else
        kith_image_opts_default(&opts);
    if (opts.max_pixels <= 0)
        opts.max_pixels = DEFAULT_MAX_PIXELS;
    if (opts.target_xheight <= 0)
        opts.target_xheight = DEFAULT_XHEIGHT;
    *cards = NULL;
    *n = 0;
    if (kith_library_init(err) < 0)
        return -1;

    double t0 = kith_monotonic();
    const char *loader = NULL;
    VipsImage *hdr = open_header(src, &loader, err);
    if (!hdr)
        return -1;
    int raw_w = hdr->Xsize, raw_h = hdr->Ysize;
    int orientation = vips_image_get_orientation(hdr);
    g_object_unref(hdr);
    if ((int64_t)raw_w * raw_h > opts.max_pixels)
        return kith_error(err, "image too large: %dx%d pixels (limit %lld)", raw_w, raw_h,
                          (long long)opts.max_pixels);
    if (raw_w < MIN_SIDE || raw_h < MIN_SIDE)
        return kith_error(err, "image too small: %dx%d pixels (a card needs at least %d a side)",
                          raw_w, raw_h, MIN_SIDE);
    if (orientation < 1 || orientation > 8)
        orientation = 1;
    int turned = orientation >= 5;
    int disp_w = turned ? raw_h : raw_w, disp_h = turned ? raw_w : raw_h;

    /* one decode, as small as leaves ~DECODE_SIZE px on the long side */
    int shrink = 1;
    if (is_jpeg(loader))
        while (shrink < 8 && (raw_w > raw_h ? raw_w : raw_h) / (2 * shrink) >= DECODE_SIZE &&
               (raw_w < raw_h ? raw_w : raw_h) >= 2 * shrink)
            shrink *= 2;
    /* (the short side must survive the shrink: a 61712x1 JPEG shrunk to
     * height 0 made libvips abort the whole process, found by fuzz_image) */
    kith_raster big = { 0, 0, 0, NULL };
    if (load_pixels(src, loader, shrink, &big, err) < 0)
        return -1;
    double t1 = kith_monotonic();

    /* find, on a small upright copy */
    card_geom g;
    memset(&g, 0, sizeof g);
    if (opts.find_card) {
        int f = 1;
        kith_raster small = small_copy(&big, orientation, DETECT_SIZE, &f);
        /* a page of several cards on a scanner bed: each on its own */
        kith_card_regions reg;
        memset(&reg, 0, sizeof reg);
        /* is it a page of several? asked of the detection copy: a photo
         * whose border is not an even, light bed stops after one pass */
        int page = all && kith_find_card_regions(&small, &reg) >= 2;
        if (page) {
            /* a page: the cards again on a copy three times as fine, where
             * the gaps between cards that nearly touch stay open */
            kith_card_regions_free(&reg);
            int ff = 1;
            kith_raster fine = small_copy(&big, orientation, PAGE_DETECT_SIZE, &ff);
            page = kith_find_card_regions(&fine, &reg) >= 2;
            free(fine.px);
            if (page)
                f = ff;
        }
        if (page) {
            free(small.px);
            int rc = normalize_regions(src, loader, &big, f, raw_w, raw_h, orientation, &reg,
                                       &opts, cards, n, err);
            kith_card_regions_free(&reg);
            free(big.px);
            for (int k = 0; rc == 0 && k < *n; k++)
                (*cards)[k]->ms_load = (t1 - t0) * 1000;
            return rc;
        }
        kith_card_regions_free(&reg);
        find_on_small(&small, f, &big, turned, disp_w, disp_h, &g);
        free(small.px);
    } else {
        double whole[4][2] = { { 0, 0 }, { disp_w, 0 }, { disp_w, disp_h }, { 0, disp_h } };
        memcpy(g.quad, whole, sizeof g.quad);
    }
    double t2 = kith_monotonic();
    card_size(&opts, &g);

    /* a small card in a big photo: decode again with less shrink */
    if (shrink > 1 && g.longer / shrink < g.out_long / MAX_UPSCALE) {
        while (shrink > 1 && g.longer / shrink < g.out_long / MAX_UPSCALE)
            shrink /= 2;
        free(big.px);
        if (load_pixels(src, loader, shrink, &big, err) < 0)
            return -1;
    }
    kith_image *img = NULL;
    int rc = flatten_card(&big, raw_w, raw_h, orientation, &g, &opts, &img, err);
    free(big.px);
    if (rc < 0)
        return -1;
    img->source_width = disp_w;
    img->source_height = disp_h;
    img->ms_load = (t1 - t0) * 1000;
    img->ms_find = (t2 - t1) * 1000;
    *cards = kith_xmalloc(sizeof **cards);
    (*cards)[0] = img;
    *n = 1;
    return 0;
}

/* The one card of a picture (the common case). */
static int normalize_one(const source *src, const kith_image_opts *opts, kith_image **out,
                         kith_err *err)
{
    kith_image **cards = NULL;
    int n = 0;
    *out = NULL;
    if (normalize(src, opts, 0, &cards, &n, err) < 0)
        return -1;
    *out = cards[0];
    free(cards);
    return 0;
}

int kith_image_normalize(const char *path, const kith_image_opts *opts, kith_image **out,
                         kith_err *err)
{
    source src = { path, NULL, 0, 0 };
    return normalize_one(&src, opts, out, err);
}

int kith_image_normalize_buffer(const void *data, size_t len, const kith_image_opts *opts,
                                kith_image **out, kith_err *err)
{
    source src = { NULL, data, len, 0 };
    return normalize_one(&src, opts, out, err);
}

int kith_image_normalize_all(const char *path, int page, const kith_image_opts *opts,
                             kith_image ***cards, int *n, kith_err *err)
{
    source src = { path, NULL, 0, page };
    if (normalize(&src, opts, 1, cards, n, err) < 0)
        return -1;
    for (int k = 0; k < *n; k++)
        (*cards)[k]->page = page;
    return 0;
}

kith_image *kith_image_from_grey(const uint8_t *pixels, int width, int height)
{
    kith_image *img = kith_xcalloc(1, sizeof *img);
    size_t n = (size_t)width * height;
    img->width = width;
    img->height = height;
    img->pixels = kith_xmalloc(n ? n : 1);
    if (n)
        memcpy(img->pixels, pixels, n);
    img->dpi = 300;
    img->rotation_conf = KITH_ROTATION_SURE;  /* taken as given */
    img->exif_orientation = 1;
    img->source_width = width;
    img->source_height = height;
    double c[4][2] = { { 0, 0 }, { width, 0 }, { width, height }, { 0, height } };
    memcpy(img->corners, c, sizeof c);
    return img;
}

/* A libvips view of the pixels (not a copy: img must outlive it). */
static VipsImage *vips_view(const kith_image *img, kith_err *err)
{
    if (kith_library_init(err) < 0)
        return NULL;
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0) {
        kith_error(err, "empty image");
        return NULL;
    }
    VipsImage *im = vips_image_new_from_memory(img->pixels, (size_t)img->width * img->height,
                                               img->width, img->height, 1, VIPS_FORMAT_UCHAR);
    if (!im) {
        kith_error_vips(err, "cannot wrap image");
        return NULL;
    }
    im->Type = VIPS_INTERPRETATION_B_W;
    return im;
}

int kith_image_encode_png(const kith_image *img, void **data, size_t *len, kith_err *err)
{
    *data = NULL;
    *len = 0;
    VipsImage *im = vips_view(img, err);
    if (!im)
        return -1;
    int r = vips_pngsave_buffer(im, data, len, "compression", 1, NULL);
    g_object_unref(im);
    if (r)
        return kith_error_vips(err, "cannot encode png");
    return 0;
}

int kith_image_save(const kith_image *img, const char *path, kith_err *err)
{
    VipsImage *im = vips_view(img, err);
    if (!im)
        return -1;
    int r = vips_image_write_to_file(im, path, NULL);
    g_object_unref(im);
    if (r)
        return kith_error_vips(err, "cannot save image");
    return 0;
}

int kith_image_pages(const char *path, int *pages, kith_err *err)
{
    *pages = 0;
    if (kith_library_init(err) < 0)
        return -1;
    source src = { path, NULL, 0, 0 };
    const char *loader = NULL;
    VipsImage *hdr = open_header(&src, &loader, err);
    if (!hdr)
        return -1;
    *pages = is_paged(loader) ? vips_image_get_n_pages(hdr) : 1;
    g_object_unref(hdr);
    if (*pages < 1)
        *pages = 1;
    return 0;
}

void kith_image_turn_over(kith_image *img)
{
    size_t n = (size_t)img->width * img->height;
    for (size_t i = 0; i < n / 2; i++) {
        uint8_t t = img->pixels[i];
        img->pixels[i] = img->pixels[n - 1 - i];
        img->pixels[n - 1 - i] = t;
        if (img->plain) {
            t = img->plain[i];
            img->plain[i] = img->plain[n - 1 - i];
            img->plain[n - 1 - i] = t;
        }
    }
    double c[4][2];
    memcpy(c, img->corners, sizeof c);
    for (int k = 0; k < 4; k++) {
        img->corners[k][0] = c[(k + 2) % 4][0];
        img->corners[k][1] = c[(k + 2) % 4][1];
    }
    img->rotation = (img->rotation + 180) % 360;
}

void kith_image_list_free(kith_image **cards, int n)
{
    if (!cards)
        return;
    for (int k = 0; k < n; k++)
        kith_image_free(cards[k]);
    free(cards);
}

void kith_image_free(kith_image *img)
{
    if (!img)
        return;
    free(img->pixels);
    free(img->plain);
    free(img);
}
