/* SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2 suffices to classify). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_impl.h"

static inline uint64_t bits(__m128i v, char c, unsigned shift)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))) << shift;
}

static void ssse3_classify(const uint8_t *src, struct qp_marks *m)
{
	unsigned i;

	m->special = m->cr = m->lf = m->blank = m->eq = 0;
	for (i = 0; i < QP_WINDOW; i += 16) {
		__m128i v = load16(src + i);
		m->special |= (uint64_t)qp_sse_special(v) << i;
		m->cr |= bits(v, '\r', i);
		m->lf |= bits(v, '\n', i);
		m->blank |= bits(v, ' ', i) | bits(v, '\t', i);
		m->eq |= bits(v, '=', i);
	}
}

const struct qp_kernels mc_qp_kernels_ssse3 = {
	.classify = ssse3_classify,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
};
