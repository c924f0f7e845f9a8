/* Telling base64, base64url, quoted-printable and uuencode apart (mimeencode -a). */
#ifndef MC_CLI_DETECT_H
#define MC_CLI_DETECT_H

#include <stddef.h>

enum detected { DETECT_BASE64, DETECT_BASE64URL, DETECT_QP, DETECT_UU };

/*
 * From the first bytes of the input: uuencode if a line starts with
 * "begin" or "begin-base64" (optionally "-encoded") and an octal mode;
 * base64 if every byte is of the standard alphabet, '=' or white space,
 * with no blank between two characters and no '=' before a character;
 * base64url if '-' or '_' take the place of '+' and '/'; else
 * quoted-printable.  complete: buf is the whole input (then a count of
 * characters that leaves one over rules base64 out).
 */
enum detected detect_encoding(const char *buf, size_t len, int complete);

const char *detected_name(enum detected d);

#endif
