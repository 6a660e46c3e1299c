/*
 * validate.h — what the CLI accepts as a typed email address or phone number
 * (kith edit). Card text is taken as read; a value typed to correct it must
 * at least look like what it claims to be.
 */
#ifndef KITH_CLI_VALIDATE_H
#define KITH_CLI_VALIDATE_H

/* One '@', a local part without blanks, quotes or brackets, a domain of
 * dot-separated labels (letters, digits, hyphens, or any non-ASCII letters)
 * with a top-level part of 2 or more letters; at most 254 bytes. */
int cli_valid_email(const char *s);

/* Digits, blanks and + - ( ) . / only ('+' first), 3 to 20 digits, and an
 * optional extension ("ext. 12", "x12", ";ext=12"). */
int cli_valid_phone(const char *s);

#endif
