/*
 * Plain-data tables shared by the SIMD base64 kernels (no intrinsics here,
 * so every ISA file can include it).  Index [url] selects the alphabet.
 */
#ifndef MC_BASE64_SIMD_H
#define MC_BASE64_SIMD_H

#include <stdint.h>
#include <string.h>

/*
 * Validation by nibbles: a byte c is outside the alphabet exactly when
 * lut_lo[c & 15] & lut_hi[c >> 4] is non-zero.  Each bit stands for one
 * set of allowed low nibbles shared by some high nibbles.
 */
static const uint8_t b64_lut_lo[2][16] = {
	{ 0x0b, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03,
	  0x03, 0x03, 0x07, 0x15, 0x17, 0x17, 0x17, 0x15 },
	{ 0x0b, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03,
	  0x03, 0x03, 0x07, 0x37, 0x37, 0x35, 0x37, 0x17 },
};
static const uint8_t b64_lut_hi[2][16] = {
	{ 0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x08, 0x10,
	  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01 },
	{ 0x01, 0x01, 0x02, 0x04, 0x08, 0x20, 0x08, 0x10,
	  0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01 },
};

/*
 * The same the other way round, for loops that only need to know whether
 * a block is clean: c is in the alphabet exactly when
 * b64_valid_lo[c & 15] & b64_valid_hi[c >> 4] is non-zero, so PSHUFB can
 * take c itself as the index (it reads the low nibble, and gives 0 for a
 * byte of 0x80 or more, as b64_valid_hi does for its high nibble), and
 * blocks are checked with an unsigned minimum.  An AND fewer per block
 * and fewer registers live: SSSE3 strict decoding 8.7 -> 11.0 GB/s on
 * Zen 5.  Bits: letters A-O and a-o, P-Z and p-z, digits, the symbols.
 */
#define B64_LO_1_9(x) x, x, x, x, x, x, x, x, x
static const uint8_t b64_valid_lo[2][16] = {
	{ 0x06, B64_LO_1_9(0x07), 0x03, 0x09, 0x01, 0x01, 0x01, 0x11 },
	{ 0x06, B64_LO_1_9(0x07), 0x03, 0x01, 0x01, 0x09, 0x01, 0x11 },
};
#undef B64_LO_1_9
static const uint8_t b64_valid_hi[2][16] = {
	{ 0, 0, 0x18, 0x04, 0x01, 0x02, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0 },
	{ 0, 0, 0x08, 0x04, 0x01, 0x12, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0 },
};

/*
 * Translation of a valid character to its value: add b64_roll[idx] where
 * idx is the high nibble, or 0 (no valid character has high nibble 0)
 * for the one character that shares its high nibble with letters or
 * digits but not their offset ('/' in the standard alphabet, '_' in the
 * URL one): idx = andnot(character == special, high nibble).
 */
static const int8_t b64_roll[2][16] = {
	{ 63 - '/', 0, 62 - '+', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a',
	  0, 0, 0, 0, 0, 0, 0, 0 },
	{ 63 - '_', 0, 62 - '-', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a',
	  0, 0, 0, 0, 0, 0, 0, 0 },
};
static const uint8_t b64_special[2] = { '/', '_' };

/*
 * Encoding: value v maps to v + b64_enc_offset[i], where i is 0 for
 * v < 26, 1 for v < 52, and v - 50 above (2-11 digits, 12 and 13 the two
 * symbols).
 */
static const int8_t b64_enc_offset[2][16] = {
	{ 'A', 'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
	  '0' - 52, '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 0, 0 },
	{ 'A', 'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
	  '0' - 52, '0' - 52, '0' - 52, '0' - 52, '-' - 62, '_' - 63, 0, 0 },
};

/* The four whitespace bytes, indexed by their low nibble (0 elsewhere). */
static const uint8_t b64_ws_by_lo[16] = {
	' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', '\n', 0, 0, '\r', 0, 0,
};

/* loadu(b64_ramp + 32 - k) gives a mask of 0xff for byte positions >= k. */
static const uint8_t b64_ramp[64] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static inline int b64_is_ws(uint8_t c)
{
	return c == '\r' || c == '\n' || c == ' ' || c == '\t';
}

/*
 * If mask (one bit per byte of a 32-byte block) is a single run of set
 * bits, stores its start and length and returns 1.
 */
static inline int b64_single_run(uint32_t mask, unsigned *start, unsigned *len)
{
	unsigned k = (unsigned)__builtin_ctz(mask);
	uint64_t run = (uint64_t)mask >> k;

	if ((run & (run + 1)) != 0)
		return 0;
	*start = k;
	/* (run + 1 is a power of two; a popcount would be a libgcc call without POPCNT) */
	*len = (unsigned)__builtin_ctzll(run + 1);
	return 1;
}

/*
 * Line structure of MIME text: where the first line end is (from the
 * start of src), its length e (1 LF, 2 CRLF) and the number of characters
 * on the line after it, which must end the same way.  0 if there is no
 * such structure with lines of at least min_len characters.
 */
static inline int b64_learn_lines(const uint8_t *src, size_t len, size_t min_len, size_t *first,
                                  unsigned *e, size_t *line_len)
{
	const uint8_t *p = memchr(src, '\n', len < 2048 ? len : 2048), *q;
	size_t g0, g1;
	unsigned e0;

	if (p == NULL)
		return 0;
	e0 = (p > src && p[-1] == '\r') ? 2 : 1;
	g0 = (size_t)(p - src) + 1 - e0;
	q = memchr(p + 1, '\n', len - g0 - e0 < 2048 ? len - g0 - e0 : 2048);
	if (q == NULL || (q[-1] == '\r') != (e0 == 2))
		return 0;
	g1 = (size_t)(q - src) + 1 - e0;
	if (g1 - g0 - e0 < min_len)
		return 0;
	*first = g0;
	*e = e0;
	*line_len = g1 - g0 - e0;
	return 1;
}

#endif
