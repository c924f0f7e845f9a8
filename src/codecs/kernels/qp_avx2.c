/*
 * AVX2 quoted-printable kernel: 32 bytes classified at a time (plain is
 * 32-126 except '=', and tab) and stored whole; the run ends at the first
 * byte that is not plain, found with a movemask.
 */
#include "config.h"

#include "codecs/kernels/avx2_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_impl.h"

/* Bit i set where byte i is not plain. */
static inline uint32_t special_mask(__m256i v)
{
	/* signed compares: bytes >= 128 are negative, so below 32 too */
	__m256i printable = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(31)),
	                                     _mm256_cmpgt_epi8(_mm256_set1_epi8(127), v));
	__m256i plain = _mm256_or_si256(
		_mm256_andnot_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('=')), printable),
		_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')));

	return ~(uint32_t)_mm256_movemask_epi8(plain);
}

static size_t avx2_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                          size_t cap)
{
	size_t i = 0;

	/* whole vectors while they can be read and written; the run is cut at n */
	while (i < n && avail - i >= 32 && cap - i >= 32) {
		__m256i v = load32(src + i);
		uint32_t m = special_mask(v);

		store32(dst + i, v);
		if (m != 0) {
			i += (size_t)__builtin_ctz(m);
			return i < n ? i : n;
		}
		i += 32;
	}
	if (i >= n)
		return n;
	return i + mc_qp_scalar_copy_plain(src + i, n - i, avail - i, dst + i, cap - i);
}

const struct qp_kernels mc_qp_kernels_avx2 = {
	.copy_plain = avx2_copy_plain,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
};
