/*
 * NEON base64 kernels (AArch64): 48 bytes to 64 characters and back per
 * step, with the structure loads and stores (vld3/vst4, vld4/vst3) doing
 * the interleaving and 64-byte table lookups (vqtbl4) doing the mapping.
 * Line wrapping is done in the same pass for widths of 64 and more.
 * MIME text in lines of one length is decoded two lines per step with
 * 16-character blocks, as in base64_avx2.c.
 */
#include "config.h"

#include <arm_neon.h>
#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/kernels/base64_simd.h"

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

/* 16 characters (already translated, x) to 12 bytes in the low part of the result. */
static inline uint8x16_t pack16(uint8x16_t x)
{
	static const uint8_t gather[16] = { 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12,
	                                    0xff, 0xff, 0xff, 0xff };
	uint16x8_t pairs = vreinterpretq_u16_u8(x);
	uint32x4_t quads;

	/* (a, b) -> a << 6 | b in each 16-bit lane, then (ab, cd) -> ab << 12 | cd */
	pairs = vorrq_u16(vshlq_n_u16(vandq_u16(pairs, vdupq_n_u16(0xff)), 6), vshrq_n_u16(pairs, 8));
	quads = vreinterpretq_u32_u16(pairs);
	quads = vorrq_u32(vshlq_n_u32(vandq_u32(quads, vdupq_n_u32(0xffff)), 12),
	                  vshrq_n_u32(quads, 16));
	return vqtbl1q_u8(vreinterpretq_u8_u32(quads), vld1q_u8(gather));
}

/* MIME text in lines of one length, two lines per step: see base64_avx2.c. */
static inline size_t decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  uint8x16x4_t t_lo, uint8x16x4_t t_hi, size_t *written,
                                  const size_t line_len, const unsigned e)
{
	const size_t head = line_len / 16 * 16, t = line_len - head, second = line_len + e;
	const uint8x16_t join = vld1q_u8(b64_ramp + 32 - t);
	const size_t pair = 2 * second, out_len = line_len / 4 * 3;
	size_t s = 0, o = 0, k;

	while (len - s >= pair + 40 && cap - o >= 2 * out_len + 16) {
		uint8x16_t err = vdupq_n_u8(0), v;
		const uint8_t *p = src + s;
		int eol_ok;

#define BLOCK(vec, out_at) vst1q_u8(dst + o + (out_at), pack16(lookup(t_lo, t_hi, vec, &err)))
		for (k = 0; k < head; k += 16) {
			v = vld1q_u8(p + k);
			BLOCK(v, k / 4 * 3);
		}
		k = 0;
		if (t != 0) {
			v = vbslq_u8(join, vld1q_u8(p + head + e), vld1q_u8(p + head));
			BLOCK(v, head / 4 * 3);
			k = 16 - t;
		}
		for (; k < line_len; k += 16) {
			size_t at = k + 16 <= line_len ? k : line_len - 16;
			v = vld1q_u8(p + second + at);
			BLOCK(v, out_len + at / 4 * 3);
		}
#undef BLOCK
		if (e == 2)
			eol_ok = p[line_len] == '\r' && p[line_len + 1] == '\n' &&
			         p[second + line_len] == '\r' && p[second + line_len + 1] == '\n';
		else
			eol_ok = p[line_len] == '\n' && p[second + line_len] == '\n';
		if (vmaxvq_u8(err) >= 64 || !eol_ok)
			break;
		s += pair;
		o += 2 * out_len;
	}
	*written = o;
	return s;
}

static size_t neon_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                          int skip_ws, size_t *written)
{
	/* the class table holds the value of each alphabet byte, >= 64 for the rest */
	const uint8x16x4_t t_lo = load_table(mc_b64_class[url]);
	const uint8x16x4_t t_hi = load_table(mc_b64_class[url] + 64);
	size_t i = 0, o = 0, w, first, line_len;
	unsigned e;

	if (skip_ws && len >= 1024 && b64_learn_lines(src, len, 16, &first, &e, &line_len) &&
	    first == line_len && line_len % 4 == 0)
		i = e == 2 ? decode_lines(src, len, dst, cap, t_lo, t_hi, &o, line_len, 2)
		           : decode_lines(src, len, dst, cap, t_lo, t_hi, &o, line_len, 1);
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
