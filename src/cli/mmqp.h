/*
 * The quoted-printable dialect of metamail's mimencode -q, reproduced
 * byte for byte for the `mimencode` name (see cli-anchors §2.3): LF line
 * ends, a soft break once a line holds 73 characters (so an escape may
 * take it to 76), "=" LF before a line end that follows a blank, CR as
 * =0D, "." and "From " at the start of a line escaped, and "=" LF after
 * a last line without its line end.  Behaviour the reference outputs do
 * not show (a "From " after a soft break) follows the protective choice.
 */
#ifndef MC_CLI_MMQP_H
#define MC_CLI_MMQP_H

#include <stddef.h>

struct mmqp {
	unsigned col;
	int last_blank;   /* the last character on the line is a literal blank */
	int line_start;
	size_t ncarry;    /* bytes held to see whether "From " follows */
	unsigned char carry[4];
};

void mmqp_init(struct mmqp *q);

/* Most output of one call for len input bytes. */
size_t mmqp_bound(size_t len);

/* Encodes src; final: no more input after it.  Returns the bytes written to out. */
size_t mmqp_encode(struct mmqp *q, const unsigned char *src, size_t len, int final, char *out);

#endif
