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

/* Bits of an 8-byte comparison result (0xff or 0 per byte), one per byte. */
static inline unsigned mask8(uint8x8_t m)
{
	static const uint8_t weights[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };
	return vaddv_u8(vand_u8(m, vld1_u8(weights)));
}

static size_t neon_encode_groups(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                 unsigned *col_io, const struct qp_group_args *a, size_t *written)
{
	static const uint8_t hex_digits[16] = { '0', '1', '2', '3', '4', '5', '6', '7',
	                                        '8', '9', 'A', 'B', 'C', 'D', 'E', 'F' };
	const uint8x16_t hex = vld1q_u8(hex_digits);
	unsigned col = *col_io;
	size_t i = 0, o = 0;

	while (n - i >= 10 && cap - o >= 32) {
		uint8x8_t v = vld1_u8(src + i);
		uint8x8_t printable = vand_u8(vcge_u8(v, vdup_n_u8(32)), vcle_u8(v, vdup_n_u8(126)));
		uint8x8_t plain = vorr_u8(vbic_u8(printable, vceq_u8(v, vdup_n_u8('='))),
		                          vceq_u8(v, vdup_n_u8('\t')));
		unsigned esc = mask8(vmvn_u8(plain));
		unsigned eol = mask8(vorr_u8(vceq_u8(v, vdup_n_u8('\n')), vceq_u8(v, vdup_n_u8('\r'))));
		unsigned len = qp_group_len(src + i, esc, eol, col, a);
		const uint8_t (*t)[16] = mc_qp_expand[esc];
		uint8x16_t A, B;

		/* plain stretches go back to the driver's longer runs */
		if (len == 0 || esc == 0)
			break;
		A = vcombine_u8(v, vqtbl1_u8(hex, vshr_n_u8(v, 4)));
		B = vcombine_u8(vqtbl1_u8(hex, vand_u8(v, vdup_n_u8(0x0f))), vdup_n_u8('='));
		vst1q_u8(dst + o, vorrq_u8(vqtbl1q_u8(A, vld1q_u8(t[0])), vqtbl1q_u8(B, vld1q_u8(t[1]))));
		if (len > 16)
			vst1q_u8(dst + o + 16, vorrq_u8(vqtbl1q_u8(A, vld1q_u8(t[2])), vqtbl1q_u8(B, vld1q_u8(t[3]))));
		o += len;
		col += len;
		i += 8;
	}
	*col_io = col;
	*written = o;
	return i;
}

const struct qp_kernels mc_qp_kernels_neon = {
	.copy_plain = neon_copy_plain,
	.encode_groups = neon_encode_groups,
};
