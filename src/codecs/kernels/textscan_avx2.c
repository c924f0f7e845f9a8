/* AVX2 text scan: two loads, four compares (the high bits come free with movemask). */
#include "config.h"

#include "codecs/kernels/avx2_inline.h"
#include "codecs/textscan.h"

static inline uint64_t bits(__m256i a, __m256i b)
{
	return (uint32_t)_mm256_movemask_epi8(a) | (uint64_t)(uint32_t)_mm256_movemask_epi8(b) << 32;
}

size_t mc_text_scan_avx2(mc_text_scan *s, const uint8_t *p, size_t n)
{
	const __m256i zero = _mm256_setzero_si256(), cr = _mm256_set1_epi8('\r'),
	              lf = _mm256_set1_epi8('\n');
	size_t i = 0;

	for (; n - i > 64; i += 64) {
		__m256i a = load32(p + i), b = load32(p + i + 32);
		text_scan_block(s, bits(a, b),
		                bits(_mm256_cmpeq_epi8(a, zero), _mm256_cmpeq_epi8(b, zero)),
		                bits(_mm256_cmpeq_epi8(a, cr), _mm256_cmpeq_epi8(b, cr)),
		                bits(_mm256_cmpeq_epi8(a, lf), _mm256_cmpeq_epi8(b, lf)), p[i + 64] == '\n');
	}
	return i;
}
