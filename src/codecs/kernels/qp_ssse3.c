/* SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2 suffices). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_impl.h"

static size_t ssse3_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                          size_t cap)
{
	size_t i = 0;

	/* whole vectors while they can be read and written; the run is cut at n */
	while (i < n && avail - i >= 16 && cap - i >= 16) {
		__m128i v = load16(src + i);
		uint32_t m = qp_sse_special(v);

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
