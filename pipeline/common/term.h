/*
 * term.h — text from outside (a card, a note, a file name, an edit) made safe
 * to show on a terminal.
 *
 * Card text is data: it must never reach a terminal as control sequences. The
 * one rule, used by every human-readable output of the CLI:
 *   - C0 controls, DEL and ESC are shown visibly as \xHH (so ESC ] 0 ; … BEL
 *     becomes the text "\x1b]0;…\x07"); C1 controls (U+0080–U+009F) and the
 *     bidirectional overrides (U+202A–U+202E, U+2066–U+2069, U+200E/F) as
 *     \uHHHH;
 *   - invalid UTF-8 (stray bytes, overlongs, surrogates) becomes U+FFFD;
 *   - newline, carriage return, tab, U+2028 and U+2029 fold to one space on a
 *     one-line field (KITH_TERM_MULTILINE keeps newlines).
 * Everything else — valid printable UTF-8 — passes unchanged, so ordinary
 * names and accents look as they are. JSON output is not made "safe" this way:
 * it stays exact, escaped per JSON (json.h).
 */
#ifndef KITH_TERM_H
#define KITH_TERM_H

#include <stddef.h>

#include "common/strbuf.h"

enum { KITH_TERM_ONELINE = 0, KITH_TERM_MULTILINE = 1 };

/* Appends the first len bytes of s to sb, made safe as above. */
void kith_term_add(kith_strbuf *sb, const char *s, size_t len, int flags);

/* Appends the NUL-terminated s (NULL appends nothing) as one safe line. */
void kith_term_adds(kith_strbuf *sb, const char *s);

/* Returns a safe one-line copy of s (NULL gives ""); caller frees. */
char *kith_term_safe(const char *s);

#endif
