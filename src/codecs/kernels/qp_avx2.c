/*
 * AVX2 quoted-printable kernel: the byte classes of a window as bit masks
 * (plain is 32-126 except '=', and tab), two vectors and five movemasks
 * each; dense escapes with the shared 128-bit block code.
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

static inline uint64_t bits_of(__m256i lo, __m256i hi)
{
	return (uint32_t)_mm256_movemask_epi8(lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

static inline __m256i equal(__m256i v, char c)
{
	return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
}

static void avx2_classify(const uint8_t *src, struct qp_marks *m)
{
	__m256i a = load32(src), b = load32(src + 32);

	m->special = (uint64_t)special_mask(a) | (uint64_t)special_mask(b) << 32;
	m->cr = bits_of(equal(a, '\r'), equal(b, '\r'));
	m->lf = bits_of(equal(a, '\n'), equal(b, '\n'));
	m->blank = bits_of(_mm256_or_si256(equal(a, ' '), equal(a, '\t')),
	                   _mm256_or_si256(equal(b, ' '), equal(b, '\t')));
	m->eq = bits_of(equal(a, '='), equal(b, '='));
}

const struct qp_kernels mc_qp_kernels_avx2 = {
	.classify = avx2_classify,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
};
