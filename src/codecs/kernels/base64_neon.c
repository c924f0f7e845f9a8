/*
 * NEON base64 kernels (AArch64): 48 bytes to 64 characters and back per
 * step, with the structure loads and stores (vld3/vst4, vld4/vst3) doing
 * the interleaving and 64-byte table lookups (vqtbl4) doing the mapping.
 * Line wrapping is done in the same pass for widths of 64 and more.
 * MIME decoding leaves blocks with whitespace to the scalar driver.
 */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "codecs/base64_impl.h"

static inline uint8x16x4_t load_table(const uint8_t *t)
{
	uint8x16x4_t r;

	r.val[0] = vld1q_u8(t);
	r.val[1] = vld1q_u8(t + 16);
	r.val[2] = vld1q_u8(t + 32);
	r.val[3] = vld1q_u8(t + 48);
	return r;
}

static inline uint8x16x4_t encode48(const uint8_t *src, uint8x16x4_t alphabet)
{
	const uint8x16_t six = vdupq_n_u8(0x3f);
	uint8x16x3_t in = vld3q_u8(src);
	uint8x16x4_t out;

	out.val[0] = vshrq_n_u8(in.val[0], 2);
	out.val[1] = vandq_u8(vorrq_u8(vshlq_n_u8(in.val[0], 4), vshrq_n_u8(in.val[1], 4)), six);
	out.val[2] = vandq_u8(vorrq_u8(vshlq_n_u8(in.val[1], 2), vshrq_n_u8(in.val[2], 6)), six);
	out.val[3] = vandq_u8(in.val[2], six);
	out.val[0] = vqtbl4q_u8(alphabet, out.val[0]);
	out.val[1] = vqtbl4q_u8(alphabet, out.val[1]);
	out.val[2] = vqtbl4q_u8(alphabet, out.val[2]);
	out.val[3] = vqtbl4q_u8(alphabet, out.val[3]);
	return out;
}

static size_t neon_encode(const uint8_t *src, size_t len, uint8_t *dst,
                          const struct b64_enc_args *a, unsigned *col, size_t *written)
{
	const uint8x16x4_t alphabet = load_table((const uint8_t *)mc_b64_alphabet_chars[a->url]);
	const unsigned width = a->width, e = a->eol_len;
	size_t i = 0, o = 0;
	unsigned c = *col;

	for (; len - i >= 48; i += 48) {
		uint8x16x4_t v = encode48(src + i, alphabet);
		unsigned room = width - c;

		if (width == 0 || room > 64) {
			vst4q_u8(dst + o, v);
			o += 64;
			c += 64;
		} else {
			uint8_t tmp[64];
			vst4q_u8(tmp, v);
			memcpy(dst + o, tmp, room);
			memcpy(dst + o + room, a->eol, e);
			memcpy(dst + o + room + e, tmp + room, 64 - room);
			o += 64 + e;
			c = 64 - room;
		}
	}
	*col = width == 0 ? 0 : c;
	*written = o;
	return i;
}

static inline uint8x16_t lookup(uint8x16x4_t t_lo, uint8x16x4_t t_hi, uint8x16_t c,
                                uint8x16_t *err)
{
	uint8x16_t x = vorrq_u8(vqtbl4q_u8(t_lo, c), vqtbl4q_u8(t_hi, vsubq_u8(c, vdupq_n_u8(64))));

	*err = vorrq_u8(*err, vorrq_u8(x, vandq_u8(c, vdupq_n_u8(0x80))));
	return x;
}

static size_t neon_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                          int skip_ws, size_t *written)
{
	/* the class table holds the value of each alphabet byte, >= 64 for the rest */
	const uint8x16x4_t t_lo = load_table(mc_b64_class[url]);
	const uint8x16x4_t t_hi = load_table(mc_b64_class[url] + 64);
	size_t i = 0, o = 0, w;

	(void)skip_ws;
	while (len - i >= 64 && cap - o >= 48) {
		uint8x16x4_t in = vld4q_u8(src + i);
		uint8x16_t err = vdupq_n_u8(0);
		uint8x16_t a = lookup(t_lo, t_hi, in.val[0], &err);
		uint8x16_t b = lookup(t_lo, t_hi, in.val[1], &err);
		uint8x16_t c = lookup(t_lo, t_hi, in.val[2], &err);
		uint8x16_t d = lookup(t_lo, t_hi, in.val[3], &err);
		uint8x16x3_t out;

		if (vmaxvq_u8(err) >= 64)
			break;
		out.val[0] = vorrq_u8(vshlq_n_u8(a, 2), vshrq_n_u8(b, 4));
		out.val[1] = vorrq_u8(vshlq_n_u8(b, 4), vshrq_n_u8(c, 2));
		out.val[2] = vorrq_u8(vshlq_n_u8(c, 6), d);
		vst3q_u8(dst + o, out);
		i += 64;
		o += 48;
	}
	i += mc_b64_scalar_decode_bulk(src + i, len - i, dst + o, cap - o, url, &w);
	o += w;
	*written = o;
	return i;
}

const struct b64_kernels mc_b64_kernels_neon = {
	.wrap_min = 64,
	.encode = neon_encode,
	.decode = neon_decode,
};
