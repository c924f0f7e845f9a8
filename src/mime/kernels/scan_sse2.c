/* SSE2 body scanner: the AVX2 one with four 16-byte loads a step (built with the SSSE3 kernels). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "mime/scan.h"

static inline uint64_t mask64(const uint8_t *p, __m128i c)
{
	uint64_t m = 0;
	unsigned k;

	for (k = 0; k < 4; k++)
		m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(load16(p + 16 * k), c)) << (16 * k);
	return m;
}

size_t mc_mime_find_sse2(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s)
{
	const __m128i nl = _mm_set1_epi8('\n'), dash = _mm_set1_epi8('-');
	size_t i = from;

	while (i <= n && n - i >= 66) {
		uint64_t lf = mask64(buf + i, nl);
		size_t ls;

		if (lf != 0 && (ls = mime_scan_step(buf, i, lf, mask64(buf + i, dash), s)) != 0)
			return ls;
		i += 64;
	}
	return mc_mime_find_scalar(buf, i, n, s);
}
