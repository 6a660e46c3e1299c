/*
 * qr.h — the QR stage: vCard and MECARD QR codes printed on cards, decoded
 * with zbar (raw bytes, UTF-8 checked by us), turned into contact fields.
 * QR values are better than any OCR: they win for the fields they carry.
 */
#ifndef KITH_QR_H
#define KITH_QR_H

#include <stddef.h>

#include "common/error.h"
#include "contact/fields.h"
#include "image/image.h"

/* Looks for QR codes in the card image with zbar (~17 ms on a card; callers
 * reading many cards ask kith_qr_seen first). *out gets the fields of the
 * first vCard or MECARD code found, or NULL when there is none (a broken or
 * non-contact code is not an error). Fails only on internal errors. *out is
 * freed with kith_fields_free. */
int kith_qr_read(const kith_image *img, kith_fields **out, kith_err *err);

/* Whether the card image shows a QR code's finder patterns (two or more of
 * the squares in a code's corners), decoded or not: a test of a few ms for
 * whether kith_qr_read_file could find a code kith_qr_read missed. */
int kith_qr_seen(const kith_image *img);

/* The same on the photo file itself: upright (EXIF), grey, shrunk to at
 * most 2000 px on the long side, no card finding or cleaning, light-on-dark
 * codes included. For when kith_qr_read on the normalized card found
 * nothing: cleaning can wash a code out and a wrongly found card edge can
 * crop it away. Costs a second decode of the file (~150 ms CPU for a 12 MP
 * JPEG). Worker threads that call it must call vips_thread_shutdown() before
 * they exit, as for the image stage. *out is freed with kith_fields_free. */
int kith_qr_read_file(const char *path, kith_fields **out, kith_err *err);

/* Parses a vCard (2.1/3.0/4.0) or MECARD payload. Returns 0 and *out, or -1
 * when the bytes are not valid UTF-8 or not a contact. Caller frees *out. */
int kith_qr_parse_payload(const char *data, size_t len, kith_fields **out);

/* Puts the QR fields into dst: every field the QR code carries replaces the
 * OCR value and is marked in dst->from_qr. */
void kith_fields_merge_qr(kith_fields *dst, const kith_fields *qr);

#endif
