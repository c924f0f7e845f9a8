/* NEON text scan: 16 bytes at a time, bit masks by weighting and adding across lanes. */
#include "config.h"

#include <arm_neon.h>

#include "codecs/textscan.h"

static inline uint64_t mask16(uint8x16_t m)
{
	static const uint8_t w[16] = { 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 };
	uint8x16_t t = vandq_u8(m, vld1q_u8(w));

	return vaddv_u8(vget_low_u8(t)) | (uint64_t)vaddv_u8(vget_high_u8(t)) << 8;
}

size_t mc_text_scan_neon(mc_text_scan *s, const uint8_t *p, size_t n)
{
	size_t i = 0;

	for (; n - i > 64; i += 64) {
		uint64_t high = 0, nul = 0, cr = 0, lf = 0;
		unsigned k;
		for (k = 0; k < 4; k++) {
			uint8x16_t v = vld1q_u8(p + i + 16 * k);
			high |= mask16(vcltq_s8(vreinterpretq_s8_u8(v), vdupq_n_s8(0))) << (16 * k);
			nul |= mask16(vceqq_u8(v, vdupq_n_u8(0))) << (16 * k);
			cr |= mask16(vceqq_u8(v, vdupq_n_u8('\r'))) << (16 * k);
			lf |= mask16(vceqq_u8(v, vdupq_n_u8('\n'))) << (16 * k);
		}
		text_scan_block(s, high, nul, cr, lf, p[i + 64] == '\n');
	}
	return i;
}
