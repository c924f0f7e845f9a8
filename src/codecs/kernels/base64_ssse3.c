/*
 * SSSE3 base64 kernels: the AVX2 scheme on 128-bit registers (12 bytes to
 * 16 characters, 16 characters to 12 bytes), with the same one-pass line
 * wrapping and the same closing-up of a line end in MIME decoding.
 * SSSE3 has no byte blend, so blends are and/andnot/or.
 */
#include "config.h"

#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/compact8.h"
#include "codecs/kernels/base64_simd.h"
#include "codecs/kernels/ssse3_inline.h"

/* 12 bytes at src (16 readable) to 16 characters. */
static inline __m128i encode12(const uint8_t *src, __m128i offsets)
{
	__m128i idx = split12(src), red;

	red = _mm_subs_epu8(idx, _mm_set1_epi8(51));
	red = _mm_sub_epi8(red, _mm_cmpgt_epi8(idx, _mm_set1_epi8(25)));
	return _mm_add_epi8(idx, _mm_shuffle_epi8(offsets, red));
}

static inline __m128i shift_up(__m128i v, unsigned e)
{
	return e == 1 ? _mm_slli_si128(v, 1) : _mm_slli_si128(v, 2);
}

/* Two lines of a width that is a multiple of 4 per step: see base64_avx2.c. */
static inline size_t encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                  const struct b64_enc_args *a, size_t *written,
                                  const size_t width, const unsigned e)
{
	const __m128i offsets = load16(b64_enc_offset[a->url]);
	const size_t bytes = width / 4 * 3, head = width / 16 * 16, t = width - head;
	const size_t second = width + e;
	const __m128i join = load16(b64_ramp + 32 - t);
	uint16_t eol;
	size_t i = 0, o = 0, k;

	memcpy(&eol, a->eol, 2);
	for (; len - i >= 2 * bytes + 4; i += 2 * bytes, o += 2 * second) {
		const uint8_t *in = src + i;
		uint8_t *out = dst + o;

		for (k = 0; k < head; k += 16)
			store16(out + k, encode12(in + k / 4 * 3, offsets));
		k = 0;
		if (t != 0) {
			__m128i v = encode12(in + head / 4 * 3, offsets);
			store16(out + head + e, v);
			store16(out + head, blend(v, shift_up(v, e), join));
			k = 16 - t;
		}
		memcpy(out + width, &eol, e);
		for (; k < width; k += 16) {
			size_t at = k + 16 <= width ? k : width - 16;
			store16(out + second + at, encode12(in + bytes + at / 4 * 3, offsets));
		}
		/* two bytes even for LF: what follows overwrites the second */
		memcpy(out + second + width, &eol, 2);
	}
	*written = o;
	return i;
}

static size_t ssse3_encode(const uint8_t *src, size_t len, uint8_t *dst,
                           const struct b64_enc_args *a, unsigned *col, size_t *written)
{
	const __m128i offsets = load16(b64_enc_offset[a->url]);
	const unsigned width = a->width, e = a->eol_len;
	size_t i = 0, o = 0;
	unsigned c = *col;

	if (width % 4 == 0 && width >= 16 && c == 0 && len >= width) {
		switch (width << 1 | (e == 2)) {
		case 76 << 1 | 1: return encode_lines(src, len, dst, a, written, 76, 2);
		case 76 << 1: return encode_lines(src, len, dst, a, written, 76, 1);
		case 64 << 1 | 1: return encode_lines(src, len, dst, a, written, 64, 2);
		case 64 << 1: return encode_lines(src, len, dst, a, written, 64, 1);
		default:
			return e == 2 ? encode_lines(src, len, dst, a, written, width, 2)
			              : encode_lines(src, len, dst, a, written, width, 1);
		}
	}
	if (width == 0) {
		for (; len - i >= 16 + 36; i += 48, o += 64) {
			store16(dst + o, encode12(src + i, offsets));
			store16(dst + o + 16, encode12(src + i + 12, offsets));
			store16(dst + o + 32, encode12(src + i + 24, offsets));
			store16(dst + o + 48, encode12(src + i + 36, offsets));
		}
		for (; len - i >= 16; i += 12, o += 16)
			store16(dst + o, encode12(src + i, offsets));
	} else {
		for (; len - i >= 16; i += 12) {
			__m128i v = encode12(src + i, offsets);
			unsigned room = width - c;

			if (room > 16) {
				store16(dst + o, v);
				o += 16;
				c += 16;
			} else {
				__m128i mask = load16(b64_ramp + 32 - room);
				store16(dst + o + e, v);
				store16(dst + o, blend(v, shift_up(v, e), mask));
				dst[o + room] = a->eol[0];
				if (e == 2)
					dst[o + room + 1] = a->eol[1];
				o += 16 + e;
				c = 16 - room;
			}
		}
	}
	*col = c;
	*written = o;
	return i;
}

static inline __m128i classify(__m128i v, __m128i lut_lo, __m128i lut_hi, __m128i *hi)
{
	__m128i lo = _mm_and_si128(v, _mm_set1_epi8(0x0f));

	*hi = _mm_and_si128(_mm_srli_epi32(v, 4), _mm_set1_epi8(0x0f));
	return _mm_and_si128(_mm_shuffle_epi8(lut_lo, lo), _mm_shuffle_epi8(lut_hi, *hi));
}

/* 16 valid characters to 12 bytes in the low part of the result. */
static inline __m128i pack(__m128i v, __m128i hi, __m128i roll, __m128i special)
{
	__m128i idx = _mm_andnot_si128(_mm_cmpeq_epi8(v, special), hi);

	return join_sextets(_mm_add_epi8(v, _mm_shuffle_epi8(roll, idx)));
}

/*
 * The 16 characters in v to 12 bytes at dst (16 written), valid or not;
 * returns zero bytes where a character is outside the alphabet.
 */
static inline __m128i decode16v(__m128i v, uint8_t *dst, __m128i valid_lo, __m128i valid_hi,
                                __m128i roll, __m128i special)
{
	__m128i hi = _mm_and_si128(_mm_srli_epi32(v, 4), _mm_set1_epi8(0x0f));

	store16(dst, pack(v, hi, roll, special));
	return _mm_and_si128(_mm_shuffle_epi8(valid_lo, v), _mm_shuffle_epi8(valid_hi, hi));
}

static inline __m128i decode16(const uint8_t *src, uint8_t *dst, __m128i valid_lo, __m128i valid_hi,
                               __m128i roll, __m128i special)
{
	return decode16v(load16(src), dst, valid_lo, valid_hi, roll, special);
}

/* MIME text in lines of one length, two lines per step: see base64_avx2.c. */
static inline size_t decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  int url, size_t *written, const size_t line_len,
                                  const unsigned e)
{
	const __m128i valid_lo = load16(b64_valid_lo[url]), valid_hi = load16(b64_valid_hi[url]);
	const __m128i roll = load16(b64_roll[url]);
	const __m128i special = _mm_set1_epi8((char)b64_special[url]);
	const size_t head = line_len / 16 * 16, t = line_len - head, second = line_len + e;
	const __m128i join = load16(b64_ramp + 32 - t);
	const size_t pair = 2 * second, out_len = line_len / 4 * 3;
	size_t s = 0, o = 0, k;

	while (len - s >= pair + 40 && cap - o >= 2 * out_len + 16) {
		__m128i all_valid = _mm_set1_epi8(1), v;
		const uint8_t *p = src + s;
		int eol_ok;

#define BLOCK(vec, out_at) \
	(all_valid = _mm_min_epu8(all_valid, decode16v(vec, dst + o + (out_at), valid_lo, valid_hi, roll, special)))

		for (k = 0; k < head; k += 16) {
			v = load16(p + k);
			BLOCK(v, k / 4 * 3);
		}
		k = 0;
		if (t != 0) {
			v = blend(load16(p + head), load16(p + head + e), join);
			BLOCK(v, head / 4 * 3);
			k = 16 - t;
		}
		for (; k < line_len; k += 16) {
			size_t at = k + 16 <= line_len ? k : line_len - 16;
			v = load16(p + second + at);
			BLOCK(v, out_len + at / 4 * 3);
		}
#undef BLOCK
		if (e == 2) {
			uint16_t x, y;
			memcpy(&x, p + line_len, 2);
			memcpy(&y, p + second + line_len, 2);
			eol_ok = x == y && x == (uint16_t)('\r' | '\n' << 8);
		} else {
			eol_ok = p[line_len] == '\n' && p[second + line_len] == '\n';
		}
		if (!all_nonzero(all_valid) || !eol_ok)
			break;
		s += pair;
		o += 2 * out_len;
	}
	*written = o;
	return s;
}

static size_t decode_mime_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                int url, int inside, size_t *written)
{
	size_t first, line_len;
	unsigned e;

	*written = 0;
	if (len < 1024 || !b64_learn_lines(src, len, 16, &first, &e, &line_len) || line_len % 4 != 0)
		return 0;
	if (first != line_len) {
		/* a stream cut inside a line: the rest of it plainly, then whole lines */
		size_t w, more, w2;
		if (!inside || first == 0 || first > line_len || first % 4 != 0 ||
		    mc_b64_scalar_decode_bulk(src, first, dst, cap, url, &w) != first)
			return 0;
		more = decode_mime_lines(src + first + e, len - first - e, dst + w, cap - w, url, 0, &w2);
		*written = w + w2;
		return more == 0 ? first : first + e + more;
	}
	switch (line_len << 1 | (e == 2)) {
	case 76 << 1 | 1: return decode_lines(src, len, dst, cap, url, written, 76, 2);
	case 76 << 1: return decode_lines(src, len, dst, cap, url, written, 76, 1);
	default:
		return e == 2 ? decode_lines(src, len, dst, cap, url, written, line_len, 2)
		              : decode_lines(src, len, dst, cap, url, written, line_len, 1);
	}
}

static size_t ssse3_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                           int skip_ws, size_t *written)
{
	const __m128i lut_lo = load16(b64_lut_lo[url]);
	const __m128i lut_hi = load16(b64_lut_hi[url]);
	const __m128i roll = load16(b64_roll[url]);
	const __m128i special = _mm_set1_epi8((char)b64_special[url]);
	const __m128i ws_by_lo = load16(b64_ws_by_lo);
	const __m128i valid_lo = load16(b64_valid_lo[url]), valid_hi = load16(b64_valid_hi[url]);
	const __m128i zero = _mm_setzero_si128();
	size_t i = 0, o = 0, w;

	if (skip_ws)
		i = decode_mime_lines(src, len, dst, cap, url, 1, &o);
	/*
	 * Clean text, 64 characters a step with one check after the stores
	 * (a block with a bad character is done again by the loops below)
	 */
	while (len - i >= 64 && cap - o >= 52) {
		__m128i valid = decode16(src + i, dst + o, valid_lo, valid_hi, roll, special);

		valid = _mm_min_epu8(valid, decode16(src + i + 16, dst + o + 12, valid_lo, valid_hi, roll, special));
		valid = _mm_min_epu8(valid, decode16(src + i + 32, dst + o + 24, valid_lo, valid_hi, roll, special));
		valid = _mm_min_epu8(valid, decode16(src + i + 48, dst + o + 36, valid_lo, valid_hi, roll, special));
		if (!all_nonzero(valid))
			break;
		i += 64;
		o += 48;
	}
	/* 40 bytes of slack: a block, a run of up to 8 more blanks, the reload */
	while (len - i >= 40 && cap - o >= 16) {
		__m128i v = load16(src + i), hi;
		__m128i bad = classify(v, lut_lo, lut_hi, &hi);
		size_t step = 16;

		if (!all_zero(bad)) {
			__m128i lo = _mm_and_si128(v, _mm_set1_epi8(0x0f));
			uint32_t m_ws, m_bad;
			unsigned k, g;

			if (!skip_ws)
				break;
			m_ws = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_shuffle_epi8(ws_by_lo, lo), v));
			m_bad = ~(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bad, zero)) & 0xffff;
			if ((m_bad & ~m_ws) != 0 || !b64_single_run(m_ws, &k, &g))
				break;
			while (k + g >= 16 && g < 23 && b64_is_ws(src[i + k + g]))
				g++;
			v = blend(v, load16(src + i + g), load16(b64_ramp + 32 - k));
			bad = classify(v, lut_lo, lut_hi, &hi);
			if (!all_zero(bad))
				break;
			step += g;
		}
		store16(dst + o, pack(v, hi, roll, special));
		i += step;
		o += 12;
	}
	i += mc_b64_scalar_decode_bulk(src + i, len - i, dst + o, cap - o, url, &w);
	o += w;
	*written = o;
	return i;
}

/* MIME mode's gathering: the blocks classified as above, the characters packed 8 at a time. */
static size_t ssse3_gather(const uint8_t *src, size_t len, uint8_t *buf, size_t room, int url,
                           size_t *n_io, uint64_t *strays)
{
	const __m128i lut_lo = load16(b64_lut_lo[url]), lut_hi = load16(b64_lut_hi[url]);
	const __m128i ws_by_lo = load16(b64_ws_by_lo), zero = _mm_setzero_si128();
	size_t i = 0, n = *n_io;
	uint64_t bad = 0;

	while (len - i >= 16 && room - n >= 16) {
		const __m128i v = load16(src + i), lo = _mm_and_si128(v, _mm_set1_epi8(0x0f));
		__m128i hi;
		const unsigned chars = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(classify(v, lut_lo, lut_hi, &hi), zero));
		const unsigned blanks = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_shuffle_epi8(ws_by_lo, lo), v));

		if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('='))) != 0)
			break;
		n += compact8_pack16(v, chars, buf + n);
		bad += bits_set(~(chars | blanks) & 0xffff);
		i += 16;
	}
	*n_io = n;
	*strays += bad;
	return i;
}

const struct b64_kernels mc_b64_kernels_ssse3 = {
	.wrap_min = 16,
	.encode = ssse3_encode,
	.decode = ssse3_decode,
	.gather = ssse3_gather,
};
