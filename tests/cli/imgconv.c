/*
 * imgconv.c — kith-imgconv, a test tool (not a test): rewrites a card image
 * in another format so the format tests make their inputs at test time.
 *
 *   kith-imgconv IN OUT [DPI]
 *
 * OUT's suffix picks the format: .png, .webp (lossless), .tif (deflate),
 * .heic (libheif through libvips, high quality) or .pdf. The PDF is written
 * by hand, as a scanner writes one: a single page of the image's size at DPI
 * (default 300) showing IN's JPEG bytes unchanged (DCTDecode), so IN must be
 * a JPEG for it. Exit status 0 on success, 1 with a message on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

static int fail(const char *what)
{
    fprintf(stderr, "kith-imgconv: %s\n", what);
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Reads the whole file; caller frees. NULL on failure. */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* A one-page PDF showing the w x h JPEG in jpg at dpi. */
static int write_pdf(const char *out, const unsigned char *jpg, size_t len, int w, int h,
                     int bands, double dpi)
{
    FILE *f = fopen(out, "wb");
    if (!f)
        return fail("cannot write the PDF");
    double pw = w * 72.0 / dpi, ph = h * 72.0 / dpi;
    char content[128];
    int clen = snprintf(content, sizeof content, "q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q\n", pw, ph);
    long off[6];
    fputs("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", f);
    off[1] = ftell(f);
    fputs("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", f);
    off[2] = ftell(f);
    fputs("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n", f);
    off[3] = ftell(f);
    fprintf(f, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
               "/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>\nendobj\n",
            pw, ph);
    off[4] = ftell(f);
    fprintf(f, "4 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
               "/ColorSpace /%s /BitsPerComponent 8 /Filter /DCTDecode /Length %zu >>\n"
               "stream\n",
            w, h, bands == 1 ? "DeviceGray" : "DeviceRGB", len);
    fwrite(jpg, 1, len, f);
    fputs("\nendstream\nendobj\n", f);
    off[5] = ftell(f);
    fprintf(f, "5 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", clen, content);
    long xref = ftell(f);
    fputs("xref\n0 6\n0000000000 65535 f \n", f);
    for (int i = 1; i <= 5; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    if (fclose(f) != 0)
        return fail("cannot write the PDF");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: kith-imgconv IN OUT [DPI]\n");
        return 2;
    }
    const char *in = argv[1], *out = argv[2];
    double dpi = argc == 4 ? atof(argv[3]) : 300;
    if (dpi <= 0)
        return fail("bad DPI");
    if (VIPS_INIT(argv[0]))
        return fail("cannot start libvips");
    VipsImage *im = vips_image_new_from_file(in, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!im)
        return fail(vips_error_buffer());
    int rc;
    if (ends_with(out, ".pdf")) {
        size_t len = 0;
        unsigned char *jpg = read_all(in, &len);
        if (!jpg || len < 4 || jpg[0] != 0xff || jpg[1] != 0xd8)
            rc = fail("a PDF needs a JPEG input");
        else
            rc = write_pdf(out, jpg, len, im->Xsize, im->Ysize, im->Bands, dpi);
        free(jpg);
    } else if (ends_with(out, ".webp")) {
        rc = vips_webpsave(im, out, "lossless", TRUE, "effort", 0, NULL)
            ? fail(vips_error_buffer()) : 0;
    } else if (ends_with(out, ".tif")) {
        rc = vips_tiffsave(im, out, "compression", VIPS_FOREIGN_TIFF_COMPRESSION_DEFLATE, NULL)
            ? fail(vips_error_buffer()) : 0;
    } else if (ends_with(out, ".heic")) {
        rc = vips_heifsave(im, out, "Q", 90, "effort", 0, NULL) ? fail(vips_error_buffer()) : 0;
    } else if (ends_with(out, ".png")) {
        rc = vips_pngsave(im, out, NULL) ? fail(vips_error_buffer()) : 0;
    } else {
        rc = fail("unknown output format (png, webp, tif, heic, pdf)");
    }
    g_object_unref(im);
    vips_shutdown();
    return rc;
}
