/*
 * AVX2 body scanner: 64 bytes a step, two loads; line ends and dashes as
 * 64-bit masks, the dashes shifted down by one and two bytes (with the two
 * bytes after the step) to find "\n--".  Only the first line end of a
 * step can end a long line (the others are less than 64 bytes after it).
 */
#include "config.h"

#include "codecs/kernels/avx2_inline.h"
#include "mime/scan.h"

static inline uint64_t mask64(__m256i a, __m256i b, __m256i c)
{
	return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, c)) |
	       (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, c)) << 32;
}

size_t mc_mime_find_avx2(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s)
{
	const __m256i nl = _mm256_set1_epi8('\n'), dash = _mm256_set1_epi8('-');
	size_t i = from;

	while (i <= n && n - i >= 66) {
		__m256i a = load32(buf + i), b = load32(buf + i + 32);
		uint64_t lf = mask64(a, b, nl);
		size_t ls;

		if (lf != 0 && (ls = mime_scan_step(buf, i, lf, mask64(a, b, dash), s)) != 0)
			return ls;
		i += 64;
	}
	return mc_mime_find_scalar(buf, i, n, s);
}
