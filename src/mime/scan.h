/*
 * Internal: the MIME body scanner.  One pass finds the lines that start
 * with "--" (the only ones that can be delimiters) and checks the
 * 998-character line rule (RFC 5322 §2.1.1) on the way; a kernel per path.
 */
#ifndef MC_MIME_SCAN_H
#define MC_MIME_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/common.h>

#define MIME_SCAN_NONE INT64_MIN

struct mime_scan {
	int64_t line_start; /* where the current line starts, relative to buf (may be < 0) */
	int64_t long_at;    /* MIME_SCAN_NONE, or where the first line over 998 bytes has its
	                       999th byte, relative to buf (may be < 0) */
};

/*
 * The first ls in [from, n) with buf[ls - 1] == '\n' (ls - 1 >= from)
 * and buf[ls] == buf[ls + 1] == '-' (ls + 2 <= n), or n.  Every '\n' it
 * passes (up to the one before ls) is checked against the line rule and
 * moves line_start past it.
 */
typedef size_t (*mime_find_fn)(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s);

/* What every kernel does for one '\n' at e. */
static inline void mime_scan_line_end(struct mime_scan *s, int64_t e)
{
	if (s->long_at == MIME_SCAN_NONE && e - s->line_start > 998)
		s->long_at = s->line_start + 998;
	s->line_start = e + 1;
}

/*
 * One 64-byte step of a vector kernel at buf + i, from its masks of line
 * ends and dashes (bit k for byte i + k; buf[i + 64], buf[i + 65]
 * readable): the line start of "\n--" if there is one, else 0.
 */
static inline size_t mime_scan_step(const uint8_t *buf, size_t i, uint64_t lf, uint64_t dashes,
                                    struct mime_scan *s)
{
	if (dashes != 0 || buf[i + 64] == '-') {
		uint64_t d1 = dashes >> 1 | (uint64_t)(buf[i + 64] == '-') << 63;
		uint64_t d2 = d1 >> 1 | (uint64_t)(buf[i + 65] == '-') << 63;
		uint64_t hit = lf & d1 & d2;
		if (hit != 0) {
			/* the line ends up to the hit: only the first can end a long line */
			uint64_t before = lf & ((hit & -hit) - 1);
			int64_t e = (int64_t)(i + (size_t)__builtin_ctzll(hit));
			if (before != 0)
				mime_scan_line_end(s, (int64_t)(i + (size_t)__builtin_ctzll(before)));
			mime_scan_line_end(s, e);
			return (size_t)e + 1;
		}
	}
	mime_scan_line_end(s, (int64_t)(i + (size_t)__builtin_ctzll(lf)));
	s->line_start = (int64_t)(i + 63 - (size_t)__builtin_clzll(lf)) + 1;
	return 0;
}

/* The scalar kernel, also the tail of the vector ones. */
size_t mc_mime_find_scalar(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s);

#ifdef HAVE_SSSE3
size_t mc_mime_find_sse2(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s);
#endif
#ifdef HAVE_AVX2
size_t mc_mime_find_avx2(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s);
#endif
#ifdef HAVE_NEON
size_t mc_mime_find_neon(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s);
#endif

/* The kernel for a path; NULL and *status set when unavailable. */
mime_find_fn mime_find_for(mc_isa isa, mc_status *status);

#endif
