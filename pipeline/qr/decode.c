/*
 * decode.c — QR codes found with zbar, on the card image or on the photo
 * file itself. zbar is asked for the raw bytes (ZBAR_CFG_BINARY): its own
 * guess of the text encoding turns UTF-8 umlauts into mojibake. We check the
 * bytes are UTF-8 ourselves (payload.c); a code that is not, or that holds
 * no contact, is ignored.
 */
#include "qr/qr.h"
#include "qr/qr_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>
#include <zbar.h>

#include "common/init.h"
#include "common/strbuf.h"
#include "common/util.h"

/* --- zbar ---------------------------------------------------------------- */

/* Scans 8-bit grey pixels for QR codes; *out gets the fields of the first
 * contact code. With test_inverted, zbar also tries light-on-dark codes. */
static int scan_grey(const uint8_t *pixels, int width, int height, int test_inverted,
                     kith_fields **out, kith_err *err)
{
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_t *zimg = zbar_image_create();
    if (!scanner || !zimg) {
        if (scanner)
            zbar_image_scanner_destroy(scanner);
        if (zimg)
            zbar_image_destroy(zimg);
        return kith_error(err, "cannot create the zbar scanner");
    }
    /* QR codes only, as raw bytes. */
    zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
    if (test_inverted)
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_TEST_INVERTED, 1);

    zbar_image_set_format(zimg, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zimg, (unsigned)width, (unsigned)height);
    zbar_image_set_data(zimg, pixels, (unsigned long)width * (unsigned long)height, NULL);

    int n = zbar_scan_image(scanner, zimg);
    int rc = 0;
    if (n < 0) {
        rc = kith_error(err, "zbar failed to scan the image");
    } else {
        for (const zbar_symbol_t *sym = zbar_image_first_symbol(zimg); sym && !*out;
             sym = zbar_symbol_next(sym)) {
            if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
                continue;
            const char *data = zbar_symbol_get_data(sym);
            unsigned int len = zbar_symbol_get_data_length(sym);
            kith_fields *f;
            if (data && kith_qr_parse_payload(data, len, &f) == 0)
                *out = f;
        }
    }
    zbar_image_destroy(zimg);
    zbar_image_scanner_destroy(scanner);
    return rc;
}

int kith_qr_read(const kith_image *img, kith_fields **out, kith_err *err)
{
    *out = NULL;
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return kith_error(err, "no image to look for QR codes in");
    /* the image stage turns light-on-dark cards around, and with them a
     * dark-on-light code printed on a white patch */
    return scan_grey(img->pixels, img->width, img->height, img->inverted, out, err);
}

/* Long side of the photo as kith_qr_read_file decodes it (JPEG shrink-on-load
 * keeps that cheap). On generated 12 MP photos, 1600 px lost a third of the
 * codes (modules under 2 px); 2000 px read them all. */
#define QR_PHOTO_SIZE 2000
#define QR_MAX_PIXELS ((int64_t)100 * 1000 * 1000)

int kith_qr_read_file(const char *path, kith_fields **out, kith_err *err)
{
    *out = NULL;
    if (kith_library_init(err) < 0)
        return -1;

    VipsImage *hdr = vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!hdr)
        return kith_error_vips(err, path);
    int64_t pixels = (int64_t)hdr->Xsize * hdr->Ysize;
    g_object_unref(hdr);
    if (pixels > QR_MAX_PIXELS)
        return kith_error(err, "%s: image too large to look for QR codes", path);

    VipsImage *thumb = NULL, *grey = NULL, *u8 = NULL;
    int rc = 0;
    /* upright (EXIF), never enlarged, grey 8-bit */
    if (vips_thumbnail(path, &thumb, QR_PHOTO_SIZE, "size", VIPS_SIZE_DOWN, "fail_on",
                       VIPS_FAIL_ON_ERROR, NULL) ||
        vips_colourspace(thumb, &grey, VIPS_INTERPRETATION_B_W, NULL) ||
        vips_cast_uchar(grey, &u8, NULL)) {
        rc = kith_error_vips(err, path);
    } else {
        VipsImage *band = NULL;
        if (u8->Bands > 1 && vips_extract_band(u8, &band, 0, NULL)) {
            rc = kith_error_vips(err, path);
        } else {
            VipsImage *src = band ? band : u8;
            size_t len = 0;
            uint8_t *px = vips_image_write_to_memory(src, &len);
            if (!px || len != (size_t)src->Xsize * (size_t)src->Ysize)
                rc = kith_error_vips(err, path);
            else
                rc = scan_grey(px, src->Xsize, src->Ysize, 1, out, err);
            g_free(px);
            if (band)
                g_object_unref(band);
        }
    }
    if (u8)
        g_object_unref(u8);
    if (grey)
        g_object_unref(grey);
    if (thumb)
        g_object_unref(thumb);
    return rc;
}
