/*
 * AVX2 base64 kernels (Muła and Lemire's scheme).
 *
 * Encode: 24 input bytes per step, split into sextets with one
 * multiply-high and one multiply-low, mapped to ASCII with a 16-entry
 * offset table.  Decode: 32 characters per step, validated with two nibble
 * lookups, translated with one more, packed with two multiply-adds.
 *
 * MIME lines are handled in the same pass.  Text in lines of one length
 * (a multiple of 4) goes two lines per step with a fixed schedule and no
 * data-dependent branch: the first line's whole blocks, one block holding
 * the end of the first line and the start of the second, closed up (or
 * opened up, encoding) over the line end with a blend of two loads or two
 * stores, then the rest of the second line with its last block overlapping
 * the one before.  Other widths, and blocks the schedule does not expect,
 * fall back to general loops.
 */
#include "config.h"

#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/compact8.h"
#include "codecs/kernels/avx2_inline.h"
#include "codecs/kernels/base64_simd.h"

/* ---------------------------------------------------------------- encode */

static inline __m256i to_ascii(__m256i idx, __m256i offsets)
{
	__m256i red = _mm256_subs_epu8(idx, _mm256_set1_epi8(51));

	red = _mm256_sub_epi8(red, _mm256_cmpgt_epi8(idx, _mm256_set1_epi8(25)));
	return _mm256_add_epi8(idx, _mm256_shuffle_epi8(offsets, red));
}

/* v shifted up by e (1 or 2) bytes across the whole register. */
static inline __m256i shift_up(__m256i v, unsigned e)
{
	__m256i lo = _mm256_permute2x128_si256(v, v, 0x08);
	return e == 1 ? _mm256_alignr_epi8(v, lo, 15) : _mm256_alignr_epi8(v, lo, 14);
}

static inline __m256i ramp_mask(size_t k)
{
	return load32(b64_ramp + 32 - k);
}

/*
 * Any width: every vector is stored twice, shifted by the line end and
 * then unshifted with the part past the line end taken from the shifted
 * copy, and the line end is written over the seam.  When the line does
 * not end inside the vector the seam is just past it, where the next
 * vector lands.
 */
static inline size_t encode_wrapped(const uint8_t *src, size_t len, uint8_t *dst,
                                    const struct b64_enc_args *a, unsigned *col,
                                    size_t *written, const unsigned e)
{
	const __m256i offsets = load128x2(b64_enc_offset[a->url]);
	const unsigned width = a->width;
	size_t i = 0, o = 0;
	unsigned c = *col;

	/* 8 more input bytes must follow, whose output covers the seam */
	for (; len - i >= 32 + 8; i += 24) {
		__m256i v = to_ascii(split24(src + i), offsets);
		unsigned room = width - c, cut = room < 32 ? room : 32, ends = room <= 32;
		uint16_t tail = (uint16_t)_mm256_extract_epi16(v, 15);

		store32(dst + o, _mm256_blendv_epi8(v, shift_up(v, e), ramp_mask(cut)));
		if (e == 2)
			memcpy(dst + o + 32, &tail, 2);
		else
			dst[o + 32] = (uint8_t)(tail >> 8);
		dst[o + cut] = a->eol[0];
		if (e == 2)
			dst[o + cut + 1] = a->eol[1];
		o += 32 + (ends ? e : 0);
		c = ends ? 32 - room : c + 32;
	}
	*col = c;
	*written = o;
	return i;
}

/* Widths that are a multiple of 4, two lines per step (see the top). */
static inline size_t encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                  const struct b64_enc_args *a, size_t *written,
                                  const size_t width, const unsigned e)
{
	const __m256i offsets = load128x2(b64_enc_offset[a->url]);
	const size_t bytes = width / 4 * 3, head = width / 32 * 32, t = width - head;
	const size_t second = width + e;
	const __m256i join = ramp_mask(t);
	uint16_t eol;
	size_t i = 0, o = 0, k;

	*written = 0;
	if (len < 2 * bytes + 8)
		return 0;
	memcpy(&eol, a->eol, 2);
	/* the first vector cannot load from 4 bytes before the input */
	store32(dst, to_ascii(split24(src), offsets));
	for (; len - i >= 2 * bytes + 8; i += 2 * bytes, o += 2 * second) {
		const uint8_t *in = src + i;
		uint8_t *out = dst + o;

		/* a page ahead of the hardware prefetcher, which stops at page ends */
		__builtin_prefetch(in + 2048);
		__builtin_prefetch(in + 2048 + 64);

		for (k = i == 0 ? 32 : 0; k < head; k += 32)
			store32(out + k, to_ascii(split24_behind(in + k / 4 * 3), offsets));
		k = 0;
		if (t != 0) {
			__m256i v = to_ascii(split24_behind(in + head / 4 * 3), offsets);
			store32(out + head + e, v);
			store32(out + head, _mm256_blendv_epi8(v, shift_up(v, e), join));
			k = 32 - t;
		}
		memcpy(out + width, &eol, e);
		for (; k < width; k += 32) {
			size_t at = k + 32 <= width ? k : width - 32;
			store32(out + second + at, to_ascii(split24_behind(in + bytes + at / 4 * 3), offsets));
		}
		/* two bytes even for LF: what follows overwrites the second */
		memcpy(out + second + width, &eol, 2);
	}
	*written = o;
	return i;
}

static size_t avx2_encode(const uint8_t *src, size_t len, uint8_t *dst,
                          const struct b64_enc_args *a, unsigned *col, size_t *written)
{
	const __m256i offsets = load128x2(b64_enc_offset[a->url]);
	size_t i = 0, o = 0;

	if (a->width != 0 && a->width % 4 == 0 && *col == 0 && len >= a->width) {
		/* constant widths let the compiler unroll the common cases */
		switch (a->width << 1 | (a->eol_len == 2)) {
		case 76 << 1 | 1: return encode_lines(src, len, dst, a, written, 76, 2);
		case 76 << 1: return encode_lines(src, len, dst, a, written, 76, 1);
		case 64 << 1 | 1: return encode_lines(src, len, dst, a, written, 64, 2);
		case 64 << 1: return encode_lines(src, len, dst, a, written, 64, 1);
		default:
			return a->eol_len == 2 ? encode_lines(src, len, dst, a, written, a->width, 2)
			                       : encode_lines(src, len, dst, a, written, a->width, 1);
		}
	}
	if (a->width != 0)
		return a->eol_len == 2 ? encode_wrapped(src, len, dst, a, col, written, 2)
		                       : encode_wrapped(src, len, dst, a, col, written, 1);
	if (len >= 32) {
		store32(dst, to_ascii(split24(src), offsets));
		i = 24;
		o = 32;
	}
	for (; len - i >= 28 + 24; i += 48, o += 64) {
		__builtin_prefetch(src + i + 2048);
		store32(dst + o, to_ascii(split24_behind(src + i), offsets));
		store32(dst + o + 32, to_ascii(split24_behind(src + i + 24), offsets));
	}
	for (; len - i >= 32; i += 24, o += 32)
		store32(dst + o, to_ascii(split24(src + i), offsets));
	*written = o;
	return i;
}

/* ---------------------------------------------------------------- decode */

struct dec_luts {
	__m256i lo, hi, roll, special, ws_by_lo, valid_lo, valid_hi;
};

static inline struct dec_luts dec_luts(int url)
{
	struct dec_luts l = {
		load128x2(b64_lut_lo[url]), load128x2(b64_lut_hi[url]), load128x2(b64_roll[url]),
		_mm256_set1_epi8((char)b64_special[url]), load128x2(b64_ws_by_lo),
		load128x2(b64_valid_lo[url]), load128x2(b64_valid_hi[url]),
	};
	return l;
}

/* Non-zero bytes where v is outside the alphabet; *hi gets the high nibbles. */
static inline __m256i classify(__m256i v, const struct dec_luts *l, __m256i *hi)
{
	__m256i lo = _mm256_and_si256(v, _mm256_set1_epi8(0x0f));

	*hi = _mm256_and_si256(_mm256_srli_epi32(v, 4), _mm256_set1_epi8(0x0f));
	return _mm256_and_si256(_mm256_shuffle_epi8(l->lo, lo), _mm256_shuffle_epi8(l->hi, *hi));
}

/* Zero bytes where v is outside the alphabet (one AND fewer than classify). */
static inline __m256i valid(__m256i v, __m256i hi, const struct dec_luts *l)
{
	return _mm256_and_si256(_mm256_shuffle_epi8(l->valid_lo, v), _mm256_shuffle_epi8(l->valid_hi, hi));
}

static inline int all_nonzero(__m256i v)
{
	__m256i zero = _mm256_cmpeq_epi8(v, _mm256_setzero_si256());

	return _mm256_testz_si256(zero, zero);
}

static inline __m256i high_nibbles(__m256i v)
{
	return _mm256_and_si256(_mm256_srli_epi32(v, 4), _mm256_set1_epi8(0x0f));
}

/* 32 valid characters to 24 bytes in the low part of the result. */
static inline __m256i pack(__m256i v, __m256i hi, const struct dec_luts *l)
{
	__m256i idx = _mm256_andnot_si256(_mm256_cmpeq_epi8(v, l->special), hi);

	return join_sextets(_mm256_add_epi8(v, _mm256_shuffle_epi8(l->roll, idx)));
}

/* Lines of one length, a multiple of 4, two per step (see the top). */
static inline size_t decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  const struct dec_luts *luts, size_t *written,
                                  const size_t line_len, const unsigned e)
{
	/* a copy of our own: the stores through dst could alias the caller's */
	const struct dec_luts own = *luts, *const l = &own;
	const size_t head = line_len / 32 * 32, t = line_len - head, second = line_len + e;
	const __m256i join = ramp_mask(t);
	const size_t pair = 2 * second, out_len = line_len / 4 * 3;
	size_t s = 0, o = 0, k;

	while (len - s >= pair + 72 && cap - o >= 2 * out_len + 32) {
		__m256i all_valid = _mm256_set1_epi8(1), hi, v;
		const uint8_t *p = src + s;
		int eol_ok;

		__builtin_prefetch(p + 2048);
		__builtin_prefetch(p + 2048 + 64);
		__builtin_prefetch(p + 2048 + 128);

#define BLOCK(vec, out_at)                                                                 \
	do {                                                                               \
		hi = high_nibbles(vec);                                                    \
		all_valid = _mm256_min_epu8(all_valid, valid(vec, hi, l));                 \
		store32(dst + o + (out_at), pack(vec, hi, l));                             \
	} while (0)

		for (k = 0; k < head; k += 32) {
			v = load32(p + k);
			BLOCK(v, k / 4 * 3);
		}
		k = 0;
		if (t != 0) {
			v = _mm256_blendv_epi8(load32(p + head), load32(p + head + e), join);
			BLOCK(v, head / 4 * 3);
			k = 32 - t;
		}
		for (; k < line_len; k += 32) {
			size_t at = k + 32 <= line_len ? k : line_len - 32;
			v = load32(p + second + at);
			BLOCK(v, out_len + at / 4 * 3);
		}
#undef BLOCK
		if (e == 2) {
			uint16_t a, b;
			memcpy(&a, p + line_len, 2);
			memcpy(&b, p + second + line_len, 2);
			eol_ok = a == b && a == (uint16_t)('\r' | '\n' << 8);
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
                                const struct dec_luts *l, int url, int inside, size_t *written)
{
	size_t first, line_len;
	unsigned e;

	*written = 0;
	if (len < 1024 || !b64_learn_lines(src, len, 32, &first, &e, &line_len) || line_len % 4 != 0)
		return 0;
	if (first != line_len) {
		/* a stream cut inside a line: the rest of it plainly, then whole lines */
		size_t w, more, w2;
		if (!inside || first == 0 || first > line_len || first % 4 != 0 ||
		    mc_b64_scalar_decode_bulk(src, first, dst, cap, url, &w) != first)
			return 0;
		more = decode_mime_lines(src + first + e, len - first - e, dst + w, cap - w, l, url, 0, &w2);
		*written = w + w2;
		return more == 0 ? first : first + e + more;
	}
	switch (line_len << 1 | (e == 2)) {
	case 76 << 1 | 1: return decode_lines(src, len, dst, cap, l, written, 76, 2);
	case 76 << 1: return decode_lines(src, len, dst, cap, l, written, 76, 1);
	case 64 << 1 | 1: return decode_lines(src, len, dst, cap, l, written, 64, 2);
	case 64 << 1: return decode_lines(src, len, dst, cap, l, written, 64, 1);
	default:
		return e == 2 ? decode_lines(src, len, dst, cap, l, written, line_len, 2)
		              : decode_lines(src, len, dst, cap, l, written, line_len, 1);
	}
}

static size_t avx2_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                          int skip_ws, size_t *written)
{
	const struct dec_luts luts = dec_luts(url), *l = &luts;
	size_t i = 0, o = 0, w;

	if (skip_ws)
		i = decode_mime_lines(src, len, dst, cap, l, url, 1, &o);
	/* clean text: two blocks a step */
	while (len - i >= 64 && cap - o >= 56) {
		__m256i v0 = load32(src + i), v1 = load32(src + i + 32);
		__m256i h0 = high_nibbles(v0), h1 = high_nibbles(v1);

		__builtin_prefetch(src + i + 2048);
		store32(dst + o, pack(v0, h0, l));
		store32(dst + o + 24, pack(v1, h1, l));
		/* checked after the stores: a bad block is done again below */
		if (!all_nonzero(_mm256_min_epu8(valid(v0, h0, l), valid(v1, h1, l))))
			break;
		i += 64;
		o += 48;
	}
	/*
	 * General loop: a block whose only non-alphabet bytes are one run of
	 * blanks is closed up with a second load and a blend.  72 bytes of
	 * slack: a block, a run of up to 8 more blanks, the reload.
	 */
	while (len - i >= 72 && cap - o >= 32) {
		__m256i v = load32(src + i), hi;
		__m256i bad = classify(v, l, &hi);
		size_t step = 32;

		if (!_mm256_testz_si256(bad, bad)) {
			__m256i lo = _mm256_and_si256(v, _mm256_set1_epi8(0x0f));
			uint32_t m_ws, m_bad;
			unsigned k, g;

			if (!skip_ws)
				break;
			m_ws = (uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(_mm256_shuffle_epi8(l->ws_by_lo, lo), v));
			m_bad = ~(uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(bad, _mm256_setzero_si256()));
			if ((m_bad & ~m_ws) != 0 || !b64_single_run(m_ws, &k, &g))
				break;
			while (k + g >= 32 && g < 39 && b64_is_ws(src[i + k + g]))
				g++;
			v = _mm256_blendv_epi8(v, load32(src + i + g), ramp_mask(k));
			bad = classify(v, l, &hi);
			if (!_mm256_testz_si256(bad, bad))
				break;
			step += g;
		}
		store32(dst + o, pack(v, hi, l));
		i += step;
		o += 24;
	}
	i += mc_b64_scalar_decode_bulk(src + i, len - i, dst + o, cap - o, url, &w);
	o += w;
	*written = o;
	return i;
}

/* MIME mode's gathering: the blocks classified as above, the characters packed 8 at a time. */
static size_t avx2_gather(const uint8_t *src, size_t len, uint8_t *buf, size_t room, int url,
                          size_t *n_io, uint64_t *strays)
{
	const struct dec_luts luts = dec_luts(url), *l = &luts;
	size_t i = 0, n = *n_io;
	uint64_t bad = 0;

	while (len - i >= 32 && room - n >= 32) {
		const __m256i v = load32(src + i);
		__m256i hi, lo = _mm256_and_si256(v, _mm256_set1_epi8(0x0f));
		const uint32_t chars = (uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(classify(v, l, &hi), _mm256_setzero_si256()));
		const uint32_t blanks = (uint32_t)_mm256_movemask_epi8(
			_mm256_cmpeq_epi8(_mm256_shuffle_epi8(l->ws_by_lo, lo), v));

		if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('='))) != 0)
			break;
		n += compact8_pack16(_mm256_castsi256_si128(v), chars & 0xffff, buf + n);
		n += compact8_pack16(_mm256_extracti128_si256(v, 1), chars >> 16, buf + n);
		bad += bits_set(~(chars | blanks));
		i += 32;
	}
	*n_io = n;
	*strays += bad;
	return i;
}

const struct b64_kernels mc_b64_kernels_avx2 = {
	.wrap_min = 32,
	.encode = avx2_encode,
	.decode = avx2_decode,
	.gather = avx2_gather,
};
