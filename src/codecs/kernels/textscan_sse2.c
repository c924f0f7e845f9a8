/* SSE2 text scan: the AVX2 one with four 16-byte loads (built with the SSSE3 kernels). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/textscan.h"

static inline uint64_t bits(__m128i a, __m128i b, __m128i c, __m128i d)
{
	return (uint64_t)(uint32_t)_mm_movemask_epi8(a) | (uint64_t)(uint32_t)_mm_movemask_epi8(b) << 16 |
	       (uint64_t)(uint32_t)_mm_movemask_epi8(c) << 32 | (uint64_t)(uint32_t)_mm_movemask_epi8(d) << 48;
}

size_t mc_text_scan_sse2(mc_text_scan *s, const uint8_t *p, size_t n)
{
	const __m128i zero = _mm_setzero_si128(), cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	size_t i = 0;

	for (; n - i > 64; i += 64) {
		__m128i a = load16(p + i), b = load16(p + i + 16), c = load16(p + i + 32),
		        d = load16(p + i + 48);
		text_scan_block(s, bits(a, b, c, d),
		                bits(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(b, zero), _mm_cmpeq_epi8(c, zero),
		                     _mm_cmpeq_epi8(d, zero)),
		                bits(_mm_cmpeq_epi8(a, cr), _mm_cmpeq_epi8(b, cr), _mm_cmpeq_epi8(c, cr),
		                     _mm_cmpeq_epi8(d, cr)),
		                bits(_mm_cmpeq_epi8(a, lf), _mm_cmpeq_epi8(b, lf), _mm_cmpeq_epi8(c, lf),
		                     _mm_cmpeq_epi8(d, lf)),
		                p[i + 64] == '\n');
	}
	return i;
}
