/* SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2 suffices). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_impl.h"

static inline uint32_t special_mask(__m128i v)
{
	__m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(31)),
	                                  _mm_cmplt_epi8(v, _mm_set1_epi8(127)));
	__m128i plain = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')), printable),
	                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));

	return ~(uint32_t)_mm_movemask_epi8(plain) & 0xffff;
}

static size_t ssse3_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                          size_t cap)
{
	size_t i = 0;

	/* whole vectors while they can be read and written; the run is cut at n */
	while (i < n && avail - i >= 16 && cap - i >= 16) {
		__m128i v = load16(src + i);
		uint32_t m = special_mask(v);

		store16(dst + i, v);
		if (m != 0) {
			i += (size_t)__builtin_ctz(m);
			return i < n ? i : n;
		}
		i += 16;
	}
	if (i >= n)
		return n;
	return i + mc_qp_scalar_copy_plain(src + i, n - i, avail - i, dst + i, cap - i);
}

const struct qp_kernels mc_qp_kernels_ssse3 = {
	.copy_plain = ssse3_copy_plain,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
};
