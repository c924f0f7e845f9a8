/*
 * Internal: the base64 kernel interface.
 *
 * A kernel is a bulk loop over whole blocks; the scalar driver in
 * base64.c owns tails, stream state, padding, errors and defects.  One
 * table of kernels per path; kernels/<codec>_<isa>.c define theirs.
 */
#ifndef MC_BASE64_IMPL_H
#define MC_BASE64_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/base64.h>

struct b64_enc_args {
	int url;           /* 0 standard alphabet, 1 URL-safe */
	unsigned width;    /* line width; 0, or >= the kernel's wrap_min */
	unsigned eol_len;  /* 1 (LF) or 2 (CRLF) */
	uint8_t eol[2];
};

struct b64_kernels {
	/*
	 * Smallest line width encode() wraps itself; the driver feeds
	 * narrower widths line segment by line segment with width 0.
	 */
	unsigned wrap_min;

	/*
	 * Encode a multiple of 3 bytes from src[0, len), writing characters
	 * and, when a->width > 0, a line end after each a->width characters
	 * (*col characters are already on the current line; on return *col
	 * < a->width).  dst has room for everything produced.  Returns the
	 * bytes consumed; *written gets the bytes written.
	 */
	size_t (*encode)(const uint8_t *src, size_t len, uint8_t *dst,
	                 const struct b64_enc_args *a, unsigned *col, size_t *written);

	/*
	 * Decode from src[0, len) into dst[0, cap): whole quanta of alphabet
	 * characters and, if skip_ws, CR/LF/SP/TAB between them.  Stops
	 * before anything else, or whenever it prefers; the consumed input
	 * is empty or ends with an alphabet character.  Returns the bytes
	 * consumed; *written gets 3/4 of the characters decoded.
	 */
	size_t (*decode)(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
	                 int url, int skip_ws, size_t *written);

	/*
	 * MIME mode's gathering (decode_gathered() in base64.c), whole blocks
	 * of src[0, len) at a time, or NULL: appends the alphabet characters
	 * to buf (*n of them there, room for `room`), adds the bytes that are
	 * neither those nor blanks nor '=' to *strays, and stops before a
	 * block holding a '=' or when buf or src runs short.  Returns the
	 * bytes read.
	 */
	size_t (*gather)(const uint8_t *src, size_t len, uint8_t *buf, size_t room, int url,
	                 size_t *n, uint64_t *strays);
};

extern const struct b64_kernels mc_b64_kernels_scalar;
#ifdef HAVE_SSSE3
extern const struct b64_kernels mc_b64_kernels_ssse3;
#endif
#ifdef HAVE_AVX2
extern const struct b64_kernels mc_b64_kernels_avx2;
#endif
#if defined(HAVE_AVX512) && defined(HAVE_AVX2)
/* plain encoding and strict decoding; the rest it leaves to the AVX2 kernel */
extern const struct b64_kernels mc_b64_kernels_avx512;
#endif
#ifdef HAVE_NEON
extern const struct b64_kernels mc_b64_kernels_neon;
#endif

/* The 64 characters of each alphabet. */
extern const char mc_b64_alphabet_chars[2][65];

/* Character classes of the decoder: 0-63 values, then these. */
enum { B64_PAD = 64, B64_WS = 65, B64_BAD = 66 };
extern uint8_t mc_b64_class[2][256];

/* Fills the tables above and the scalar ones; run once before any use. */
void mc_b64_tables_init(void);

/* Scalar bulk loops, for the SIMD kernels' tails. */
size_t mc_b64_scalar_encode_bulk(const uint8_t *src, size_t len, uint8_t *dst, int url);
size_t mc_b64_scalar_decode_bulk(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                 int url, size_t *written);

#endif
