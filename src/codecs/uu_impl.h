/* Internal: the uuencode kernel interface (whole 45-byte lines). */
#ifndef MC_UU_IMPL_H
#define MC_UU_IMPL_H

#include <stddef.h>
#include <stdint.h>

struct uu_kernels {
	/*
	 * Encode whole 45-byte lines from src[0, len) (reading nothing past
	 * it), each to 'M', 60 characters and the line end.  Returns the
	 * bytes consumed (a multiple of 45); *written gets the output size.
	 */
	size_t (*encode_lines)(const uint8_t *src, size_t len, uint8_t *dst,
	                       const uint8_t eol[2], unsigned eol_len, size_t *written);

	/*
	 * Decode consecutive lines that are exactly 'M', 60 characters in
	 * ' '..'`' and LF or CRLF, into dst[0, cap).  Stops before anything
	 * else.  Returns the bytes consumed; *lines and *written are set.
	 */
	size_t (*decode_lines)(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
	                       size_t *lines, size_t *written);
};

extern const struct uu_kernels mc_uu_kernels_scalar;
#ifdef HAVE_SSSE3
extern const struct uu_kernels mc_uu_kernels_ssse3;
#endif
#ifdef HAVE_AVX2
extern const struct uu_kernels mc_uu_kernels_avx2;
#endif
#ifdef HAVE_AVX512
extern const struct uu_kernels mc_uu_kernels_avx512;
#endif
#ifdef HAVE_NEON
extern const struct uu_kernels mc_uu_kernels_neon;
#endif

/* Scalar pieces the SIMD kernels use for what they leave. */
static inline uint8_t uu_char(unsigned v)
{
	return v ? (uint8_t)(v + 32) : '`';
}

/* 1 if line is 'M', 60 characters in range and a line end; *e gets its length. */
static inline int uu_full_line(const uint8_t *p, size_t avail, unsigned *e)
{
	if (avail < 62 || p[0] != 'M')
		return 0;
	if (p[61] == '\n')
		*e = 1;
	else if (p[61] == '\r' && avail >= 63 && p[62] == '\n')
		*e = 2;
	else
		return 0;
	return 1;
}

/* 1 if the 60 characters at p are all in ' '..'`' (branch-free: one test for the lot). */
static inline int uu_chars60_ok(const uint8_t *p)
{
	uint8_t bad = 0;
	unsigned g;

	for (g = 0; g < 60; g++)
		bad |= (uint8_t)(p[g] - 0x20) > 0x40;
	return !bad;
}

/* The 45 bytes of the 60 characters at p (in range). */
static inline void uu_decode60(const uint8_t *p, uint8_t *dst)
{
	unsigned g;

	for (g = 0; g < 60; g += 4, dst += 3) {
		const uint32_t v = (uint32_t)((p[g] - 0x20) & 63) << 18 | (uint32_t)((p[g + 1] - 0x20) & 63) << 12 |
		                   (uint32_t)((p[g + 2] - 0x20) & 63) << 6 | ((p[g + 3] - 0x20) & 63);
		dst[0] = (uint8_t)(v >> 16);
		dst[1] = (uint8_t)(v >> 8);
		dst[2] = (uint8_t)v;
	}
}

size_t mc_uu_scalar_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                 const uint8_t eol[2], unsigned eol_len, size_t *written);
size_t mc_uu_scalar_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                 size_t *lines, size_t *written);

#endif
