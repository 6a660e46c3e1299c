/*
 * qr_tool.c — test helper for qr_scan.sh, the end-to-end test of QR codes.
 *
 *   qr_tool draw OUT.png vcard|mecard|url|broken|hostile|none
 *       draws a business card whose printed "text" is unreadable scribble
 *       and which carries a QR code: vcard and mecard carry the contact
 *       qr_scan.sh expects; url is a web address; broken is the vCard code
 *       with a third scratched out; hostile carries a vCard whose name holds
 *       terminal escape sequences and whose company is a spreadsheet formula.
 *   qr_tool read FILE...
 *       prints, per file, one line: the fields of its contact QR code as a
 *       JSON object (kith_qr_read_file), or null.
 */
#include <qrencode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "image/image.h"
#include "qr/qr.h"

static const char vcard[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Björn;;Dr.;\r\n"
                            "FN:Dr. Björn Weiß\r\nORG:Käserei Zürich AG\r\n"
                            "TITLE:Leiter Qualität\r\nEMAIL:bjoern@kaeserei.example\r\n"
                            "TEL;TYPE=WORK,VOICE:+41 44 668 18 00\r\n"
                            "TEL;TYPE=CELL:+41 79 123 45 67\r\n"
                            "URL:https://kaeserei.example\r\n"
                            "ADR;TYPE=WORK:;;Bahnhofstrasse 1;Zürich;;8001;Schweiz\r\n"
                            "END:VCARD\r\n";
static const char mecard[] = "MECARD:N:Weiß,Björn;ORG:Käserei Zürich AG;TEL:+41446681800;"
                             "EMAIL:bjoern@kaeserei.example;;";
static const char url[] = "https://kaeserei.example/team/bjoern";
/* a hostile card (issue 15): terminal escapes in the name (set the window
 * title, clear the screen, paint red) and a spreadsheet formula as company */
static const char hostile[] = "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                              "FN:\033]0;pwned\007Eve \033[2J\033[31mMallory\r\n"
                              "ORG:=HYPERLINK(\"http://evil.example\",\"x\")\r\n"
                              "EMAIL:eve@evil.example\r\nEND:VCARD\r\n";

static void fill(uint8_t *px, int w, int h, int x0, int y0, int bw, int bh, uint8_t v)
{
    for (int y = y0; y < y0 + bh && y < h; y++)
        for (int x = x0; x < x0 + bw && x < w; x++)
            if (x >= 0 && y >= 0)
                px[(size_t)y * (size_t)w + (size_t)x] = v;
}

static int read_files(int n, char **paths)
{
    for (int i = 0; i < n; i++) {
        kith_fields *f = NULL;
        kith_err err;
        if (kith_qr_read_file(paths[i], &f, &err) < 0) {
            fprintf(stderr, "qr_tool: %s\n", err.msg);
            return 1;
        }
        if (!f) {
            puts("null");
            continue;
        }
        kith_strbuf sb = KITH_STRBUF_INIT;
        kith_fields_to_json(f, &sb);
        puts(kith_strbuf_str(&sb));
        kith_strbuf_release(&sb);
        kith_fields_free(f);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "read") == 0)
        return read_files(argc - 2, argv + 2);
    if (argc != 4 || strcmp(argv[1], "draw") != 0) {
        fprintf(stderr, "usage: qr_tool draw OUT.png vcard|mecard|url|broken|hostile|none\n"
                        "       qr_tool read FILE...\n");
        return 2;
    }
    const char *kind = argv[3];
    const char *payload = strcmp(kind, "mecard") == 0 ? mecard
                          : strcmp(kind, "url") == 0  ? url
                          : strcmp(kind, "none") == 0 ? NULL
                          : strcmp(kind, "hostile") == 0 ? hostile
                                                      : vcard;
    const int w = 1050, h = 600;
    uint8_t *px = kith_xmalloc((size_t)w * h);
    memset(px, 250, (size_t)w * h);

    /* "text" lines: rows of short dark marks no OCR can read */
    unsigned s = 99;
    for (int line = 0; line < 7; line++) {
        int y = 80 + line * 62;
        for (int x = 60; x < 620;) {
            s = s * 1103515245u + 12345u;
            int mw = 6 + (int)((s >> 16) % 14);
            fill(px, w, h, x, y + (int)((s >> 8) % 6), mw, 18 + (int)((s >> 4) % 10), 40);
            x += mw + 3 + (int)((s >> 20) % 9);
        }
    }
    if (payload) {
        QRcode *qr = QRcode_encodeData((int)strlen(payload), (const unsigned char *)payload, 0,
                                       QR_ECLEVEL_M);
        if (!qr) {
            fprintf(stderr, "qr_tool: cannot encode\n");
            return 1;
        }
        int scale = 4, x0 = 680, y0 = 150;
        fill(px, w, h, x0 - 4 * scale, y0 - 4 * scale, (qr->width + 8) * scale,
             (qr->width + 8) * scale, 255);
        for (int y = 0; y < qr->width; y++)
            for (int x = 0; x < qr->width; x++)
                if (qr->data[y * qr->width + x] & 1)
                    fill(px, w, h, x0 + x * scale, y0 + y * scale, scale, scale, 0);
        if (strcmp(kind, "broken") == 0) {
            int side = qr->width * scale;
            fill(px, w, h, x0 + side / 3, y0 + side / 4, side / 3, side / 2, 255);
        }
        QRcode_free(qr);
    }
    /* a thin border so the card stands out from a white page */
    fill(px, w, h, 0, 0, w, 3, 120);
    fill(px, w, h, 0, h - 3, w, 3, 120);
    fill(px, w, h, 0, 0, 3, h, 120);
    fill(px, w, h, w - 3, 0, 3, h, 120);

    kith_image *img = kith_image_from_grey(px, w, h);
    free(px);
    kith_err err;
    int rc = kith_image_save(img, argv[2], &err);
    kith_image_free(img);
    if (rc < 0) {
        fprintf(stderr, "qr_tool: %s\n", err.msg);
        return 1;
    }
    return 0;
}
