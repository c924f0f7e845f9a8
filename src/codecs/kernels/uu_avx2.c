/*
 * AVX2 uuencode kernels: a full line is 45 bytes and 60 characters, done
 * as two overlapping vectors (bytes 0-23 and 21-44, characters 0-31 and
 * 28-59).  A character is 32 + value with a grave accent for 0, that is
 * ((value - 1) & 63) + 33; decoding is (character - 32) & 63 after a range
 * check.
 */
#include "config.h"

#include <string.h>

#include "codecs/kernels/avx2_inline.h"
#include "codecs/uu_impl.h"

static inline __m256i to_uu(__m256i v)
{
	v = _mm256_and_si256(_mm256_sub_epi8(v, _mm256_set1_epi8(1)), _mm256_set1_epi8(63));
	return _mm256_add_epi8(v, _mm256_set1_epi8(33));
}

static size_t avx2_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	size_t i = 0, o = 0;

	/*
	 * The line end and the next line's 'M' go in one 4-byte store (the
	 * next vectors overwrite what lands past them).  The second vector
	 * loads src[i + 17, i + 49); 4 more bytes of output must follow.
	 */
	const uint32_t tail = eol_len == 2 ? (uint32_t)('\r' | '\n' << 8 | 'M' << 16)
	                                   : (uint32_t)(eol[0] | 'M' << 8);

	if (len >= 49)
		dst[0] = 'M';
	for (; len - i >= 49 + 45; i += 45) {
		uint8_t *out = dst + o;
		store32(out + 1, to_uu(i == 0 ? split24(src) : split24_behind(src + i)));
		store32(out + 29, to_uu(split24_behind(src + i + 21)));
		memcpy(out + 61, &tail, 4);
		o += 61 + eol_len;
	}
	if (len - i >= 49) {
		uint8_t *out = dst + o;
		store32(out + 1, to_uu(i == 0 ? split24(src) : split24_behind(src + i)));
		store32(out + 29, to_uu(split24_behind(src + i + 21)));
		memcpy(out + 61, eol, eol_len);
		o += 61 + eol_len;
		i += 45;
	}
	*written = o;
	return i;
}

/* Values of 32 characters; *bad non-zero where one is outside ' '..'`'. */
static inline __m256i from_uu(__m256i c, __m256i *bad)
{
	__m256i v = _mm256_sub_epi8(c, _mm256_set1_epi8(0x20));

	*bad = _mm256_or_si256(*bad, _mm256_subs_epu8(v, _mm256_set1_epi8(0x40)));
	return _mm256_and_si256(v, _mm256_set1_epi8(63));
}

static size_t avx2_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0;
	unsigned e;

	while (cap - o >= 21 + 32 && uu_full_line(src + i, len - i, &e)) {
		const uint8_t *p = src + i + 1;
		__m256i bad = _mm256_setzero_si256();
		__m256i a = from_uu(load32(p), &bad), b = from_uu(load32(p + 28), &bad);

		if (!_mm256_testz_si256(bad, bad))
			break;
		store32(dst + o, join_sextets(a));
		store32(dst + o + 21, join_sextets(b));
		i += 61 + e;
		o += 45;
		n++;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_avx2 = {
	.encode_lines = avx2_encode_lines,
	.decode_lines = avx2_decode_lines,
};
