/*
 * NEON quoted-printable kernel: 16 bytes classified at a time; the first
 * byte that is not plain is found from a 4-bit-per-byte mask (narrowing
 * shift), NEON having no movemask.
 */
#include "config.h"

#include <arm_neon.h>

#include "codecs/qp_impl.h"

static size_t neon_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                              size_t cap)
{
	size_t i = 0;

	/* whole vectors while they can be read and written; the run is cut at n */
	while (i < n && avail - i >= 16 && cap - i >= 16) {
		uint8x16_t v = vld1q_u8(src + i);
		uint8x16_t printable = vandq_u8(vcgeq_u8(v, vdupq_n_u8(32)), vcleq_u8(v, vdupq_n_u8(126)));
		uint8x16_t plain = vorrq_u8(vbicq_u8(printable, vceqq_u8(v, vdupq_n_u8('='))),
		                            vceqq_u8(v, vdupq_n_u8('\t')));
		uint64_t m = vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(plain), 4)), 0);

		vst1q_u8(dst + i, v);
		if (m != ~0ULL) {
			i += (size_t)__builtin_ctzll(~m) / 4;
			return i < n ? i : n;
		}
		i += 16;
	}
	if (i >= n)
		return n;
	return i + mc_qp_scalar_copy_plain(src + i, n - i, avail - i, dst + i, cap - i);
}

const struct qp_kernels mc_qp_kernels_neon = {
	.copy_plain = neon_copy_plain,
};
