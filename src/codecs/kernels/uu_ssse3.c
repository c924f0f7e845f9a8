/*
 * SSSE3 uuencode kernels: the AVX2 scheme with 16-character vectors (four
 * per line, the last overlapping: bytes 0, 12, 24, 33; characters 0, 16,
 * 32, 44).
 */
#include "config.h"

#include <string.h>

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/uu_impl.h"

static inline __m128i to_uu(__m128i v)
{
	v = _mm_and_si128(_mm_sub_epi8(v, _mm_set1_epi8(1)), _mm_set1_epi8(63));
	return _mm_add_epi8(v, _mm_set1_epi8(33));
}

static size_t ssse3_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                 const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	size_t i = 0, o = 0;

	/* the last vector loads src[i + 33, i + 49) */
	for (; len - i >= 49; i += 45) {
		uint8_t *out = dst + o;
		out[0] = 'M';
		store16(out + 1, to_uu(split12(src + i)));
		store16(out + 17, to_uu(split12(src + i + 12)));
		store16(out + 33, to_uu(split12(src + i + 24)));
		store16(out + 45, to_uu(split12(src + i + 33)));
		out[61] = eol[0];
		if (eol_len == 2)
			out[62] = eol[1];
		o += 61 + eol_len;
	}
	*written = o;
	return i;
}

static inline __m128i from_uu(__m128i c, __m128i *bad)
{
	__m128i v = _mm_sub_epi8(c, _mm_set1_epi8(0x20));

	*bad = _mm_or_si128(*bad, _mm_subs_epu8(v, _mm_set1_epi8(0x40)));
	return _mm_and_si128(v, _mm_set1_epi8(63));
}

static size_t ssse3_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                 size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0;
	unsigned e;

	while (cap - o >= 33 + 16 && uu_full_line(src + i, len - i, &e)) {
		const uint8_t *p = src + i + 1;
		__m128i bad = _mm_setzero_si128();
		__m128i a = from_uu(load16(p), &bad), b = from_uu(load16(p + 16), &bad);
		__m128i c = from_uu(load16(p + 32), &bad), d = from_uu(load16(p + 44), &bad);

		if (!all_zero(bad))
			break;
		store16(dst + o, join_sextets(a));
		store16(dst + o + 12, join_sextets(b));
		store16(dst + o + 24, join_sextets(c));
		store16(dst + o + 33, join_sextets(d));
		i += 61 + e;
		o += 45;
		n++;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_ssse3 = {
	.encode_lines = ssse3_encode_lines,
	.decode_lines = ssse3_decode_lines,
};
