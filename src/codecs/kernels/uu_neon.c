/*
 * NEON uuencode kernels: 48 bytes to 64 values with the structure load
 * (reading 3 bytes past the line, so only while they exist), 16-character
 * blocks for decoding, as in base64_neon.c.
 */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "codecs/uu_impl.h"

static inline uint8x16_t to_uu(uint8x16_t v)
{
	return vaddq_u8(vandq_u8(vsubq_u8(v, vdupq_n_u8(1)), vdupq_n_u8(63)), vdupq_n_u8(33));
}

static size_t neon_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	const uint8x16_t six = vdupq_n_u8(0x3f);
	size_t i = 0, o = 0;

	for (; len - i >= 48; i += 45) {
		uint8x16x3_t in = vld3q_u8(src + i);
		uint8x16x4_t out;
		uint8_t tmp[64];

		out.val[0] = to_uu(vshrq_n_u8(in.val[0], 2));
		out.val[1] = to_uu(vandq_u8(vorrq_u8(vshlq_n_u8(in.val[0], 4), vshrq_n_u8(in.val[1], 4)), six));
		out.val[2] = to_uu(vandq_u8(vorrq_u8(vshlq_n_u8(in.val[1], 2), vshrq_n_u8(in.val[2], 6)), six));
		out.val[3] = to_uu(vandq_u8(in.val[2], six));
		vst4q_u8(tmp, out);
		dst[o] = 'M';
		memcpy(dst + o + 1, tmp, 60);
		memcpy(dst + o + 61, eol, eol_len);
		o += 61 + eol_len;
	}
	*written = o;
	return i;
}

/* 16 values to 12 bytes in the low part of the result. */
static inline uint8x16_t pack16(uint8x16_t x)
{
	static const uint8_t gather[16] = { 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12,
	                                    0xff, 0xff, 0xff, 0xff };
	uint16x8_t pairs = vreinterpretq_u16_u8(x);
	uint32x4_t quads;

	pairs = vorrq_u16(vshlq_n_u16(vandq_u16(pairs, vdupq_n_u16(0xff)), 6), vshrq_n_u16(pairs, 8));
	quads = vreinterpretq_u32_u16(pairs);
	quads = vorrq_u32(vshlq_n_u32(vandq_u32(quads, vdupq_n_u32(0xffff)), 12),
	                  vshrq_n_u32(quads, 16));
	return vqtbl1q_u8(vreinterpretq_u8_u32(quads), vld1q_u8(gather));
}

static inline uint8x16_t from_uu(uint8x16_t c, uint8x16_t *bad)
{
	uint8x16_t v = vsubq_u8(c, vdupq_n_u8(0x20));

	*bad = vorrq_u8(*bad, vcgtq_u8(v, vdupq_n_u8(0x40)));
	return vandq_u8(v, vdupq_n_u8(63));
}

static size_t neon_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0;
	unsigned e;

	while (cap - o >= 33 + 16 && uu_full_line(src + i, len - i, &e)) {
		const uint8_t *p = src + i + 1;
		uint8x16_t bad = vdupq_n_u8(0);
		uint8x16_t a = from_uu(vld1q_u8(p), &bad), b = from_uu(vld1q_u8(p + 16), &bad);
		uint8x16_t c = from_uu(vld1q_u8(p + 32), &bad), d = from_uu(vld1q_u8(p + 44), &bad);

		if (vmaxvq_u8(bad) != 0)
			break;
		vst1q_u8(dst + o, pack16(a));
		vst1q_u8(dst + o + 12, pack16(b));
		vst1q_u8(dst + o + 24, pack16(c));
		vst1q_u8(dst + o + 33, pack16(d));
		i += 61 + e;
		o += 45;
		n++;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_neon = {
	.encode_lines = neon_encode_lines,
	.decode_lines = neon_decode_lines,
};
