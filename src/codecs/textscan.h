/*
 * Internal: the text scan behind mc_text_scan_update(): per 64-byte block,
 * from masks of the bytes with the high bit, NUL, CR and LF.
 */
#ifndef MC_TEXTSCAN_H
#define MC_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/common.h>

#include "codecs/util.h"

/* One byte, as the scalar path and the tails of the vector ones see it. */
static inline void text_scan_byte(mc_text_scan *s, uint8_t c)
{
	if (s->cr_open && c != '\n')
		s->bare_cr++;
	s->cr_open = 0;
	if (c == '\n') {
		if (s->line - (uint64_t)s->last_cr > 998)
			s->long_lines++;
		s->line = 0;
	} else {
		s->line++;
		s->high += c >> 7;
		s->nul += c == 0;
		s->cr_open = c == '\r';
	}
	s->last_cr = c == '\r';
	s->bytes++;
}

/*
 * A block of 64 bytes from its masks (bit i for byte i); next_lf: the
 * byte after the block is an LF.  Only the first LF of a block can end a
 * long line: the others are less than 64 bytes after another.
 */
static inline void text_scan_block(mc_text_scan *s, uint64_t high, uint64_t nul, uint64_t cr,
                                   uint64_t lf, int next_lf)
{
	uint64_t lf_after = lf >> 1 | (uint64_t)(next_lf != 0) << 63;

	if (s->cr_open && !(lf & 1))
		s->bare_cr++;
	s->bare_cr += bits_set(cr & ~lf_after);
	s->high += bits_set(high);
	s->nul += bits_set(nul);
	if (lf != 0) {
		unsigned first = (unsigned)__builtin_ctzll(lf), last = 63 - (unsigned)__builtin_clzll(lf);
		int cr_before = first > 0 ? (int)(cr >> (first - 1) & 1) : s->last_cr;
		if (s->line + first - (uint64_t)cr_before > 998)
			s->long_lines++;
		s->line = 63 - last;
	} else {
		s->line += 64;
	}
	s->cr_open = 0; /* every CR of the block was judged with the byte after it */
	s->last_cr = (int)(cr >> 63);
	s->bytes += 64;
}

/* Kernels: as many whole blocks as leave one byte after them; returns the bytes scanned. */
size_t mc_text_scan_sse2(mc_text_scan *s, const uint8_t *p, size_t n);
size_t mc_text_scan_avx2(mc_text_scan *s, const uint8_t *p, size_t n);
size_t mc_text_scan_neon(mc_text_scan *s, const uint8_t *p, size_t n);

#endif
