/*
 * NEON body scanner: the AVX2 one with 16-byte vectors; the masks have 4
 * bits per byte (narrowing shift), so positions are bit index / 4.
 */
#include "config.h"

#include <arm_neon.h>

#include "mime/scan.h"

static inline uint64_t nibbles(uint8x16_t m)
{
	return vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(m), 4)), 0);
}

size_t mc_mime_find_neon(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s)
{
	const uint8x16_t nl = vdupq_n_u8('\n'), dash = vdupq_n_u8('-');
	size_t i = from;

	while (n - i >= 18 && i <= n) {
		uint64_t lf = nibbles(vceqq_u8(vld1q_u8(buf + i), nl)), hit;

		if (lf == 0) {
			i += 16;
			continue;
		}
		hit = lf & nibbles(vceqq_u8(vld1q_u8(buf + i + 1), dash)) &
		      nibbles(vceqq_u8(vld1q_u8(buf + i + 2), dash));
		if (hit != 0) {
			uint64_t before = lf & ((hit & -hit) - 1);
			int64_t e = (int64_t)(i + (size_t)__builtin_ctzll(hit) / 4);
			if (before != 0)
				mime_scan_line_end(s, (int64_t)(i + (size_t)__builtin_ctzll(before) / 4));
			mime_scan_line_end(s, e);
			return (size_t)e + 1;
		}
		mime_scan_line_end(s, (int64_t)(i + (size_t)__builtin_ctzll(lf) / 4));
		s->line_start = (int64_t)(i + (63 - (size_t)__builtin_clzll(lf)) / 4) + 1;
		i += 16;
	}
	return mc_mime_find_scalar(buf, i, n, s);
}
