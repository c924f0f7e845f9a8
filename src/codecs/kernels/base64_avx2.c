/*
 * AVX2 base64 kernels (Muła and Lemire's scheme).
 *
 * Encode: 24 input bytes per step, spread over the two 128-bit lanes,
 * split into sextets with one multiply-high and one multiply-low, mapped
 * to ASCII with a 16-entry offset table.  Line breaks are inserted in the
 * same pass: a vector that crosses the line end is stored twice, shifted
 * and unshifted, and the line end written over the seam.
 *
 * Decode: 32 characters per step, validated with two nibble lookups,
 * translated with one more, packed with two multiply-adds.  In MIME mode
 * a block whose only non-alphabet bytes are one run of whitespace (the
 * line end of wrapped text) is closed up with a second load and a blend.
 */
#include "config.h"

#include <immintrin.h>
#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/kernels/base64_simd.h"

static inline __m256i load128x2(const uint8_t *t)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* 24 bytes at src (32 readable) to 32 characters. */
static inline __m256i encode24(const uint8_t *src, __m256i offsets)
{
	const __m256i spread = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0);
	const __m256i split = _mm256_setr_epi8(
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
	__m256i in = _mm256_loadu_si256((const __m256i *)(const void *)src);
	__m256i t0, t1, idx, red;

	in = _mm256_permutevar8x32_epi32(in, spread);
	in = _mm256_shuffle_epi8(in, split);
	t0 = _mm256_mulhi_epu16(_mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00)),
	                        _mm256_set1_epi32(0x04000040));
	t1 = _mm256_mullo_epi16(_mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0)),
	                        _mm256_set1_epi32(0x01000010));
	idx = _mm256_or_si256(t0, t1);
	red = _mm256_subs_epu8(idx, _mm256_set1_epi8(51));
	red = _mm256_sub_epi8(red, _mm256_cmpgt_epi8(idx, _mm256_set1_epi8(25)));
	return _mm256_add_epi8(idx, _mm256_shuffle_epi8(offsets, red));
}

/*
 * The same from a load starting 4 bytes before src (src[-4, 28) readable),
 * which puts each lane's 12 bytes in place without a lane-crossing
 * permute.
 */
static inline __m256i encode24_behind(const uint8_t *src, __m256i offsets)
{
	const __m256i split = _mm256_setr_epi8(
		5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14,
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
	__m256i in = _mm256_shuffle_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(src - 4)),
	                                 split);
	__m256i t0, t1, idx, red;

	t0 = _mm256_mulhi_epu16(_mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00)),
	                        _mm256_set1_epi32(0x04000040));
	t1 = _mm256_mullo_epi16(_mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0)),
	                        _mm256_set1_epi32(0x01000010));
	idx = _mm256_or_si256(t0, t1);
	red = _mm256_subs_epu8(idx, _mm256_set1_epi8(51));
	red = _mm256_sub_epi8(red, _mm256_cmpgt_epi8(idx, _mm256_set1_epi8(25)));
	return _mm256_add_epi8(idx, _mm256_shuffle_epi8(offsets, red));
}

/* v shifted up by e (1 or 2) bytes across the whole register. */
static inline __m256i shift_up(__m256i v, unsigned e)
{
	__m256i lo = _mm256_permute2x128_si256(v, v, 0x08);
	return e == 1 ? _mm256_alignr_epi8(v, lo, 15) : _mm256_alignr_epi8(v, lo, 14);
}

/*
 * Wrapped encoding without a data-dependent branch: every vector is stored
 * twice, shifted by the line end (e bytes) and then unshifted with the
 * part past the line end taken from the shifted copy, and the line end is
 * written over the seam.  When the line does not end inside the vector the
 * seam is at 32, just past it, where the next vector overwrites it.
 */
static inline size_t encode_wrapped(const uint8_t *src, size_t len, uint8_t *dst,
                                    const struct b64_enc_args *a, unsigned *col,
                                    size_t *written, const unsigned e)
{
	const __m256i offsets = load128x2((const uint8_t *)b64_enc_offset[a->url]);
	const unsigned width = a->width;
	size_t i = 0, o = 0;
	unsigned c = *col;

	/* 8 more input bytes must follow, whose output covers the seam */
	for (; len - i >= 32 + 8; i += 24) {
		__m256i v = encode24(src + i, offsets);
		unsigned room = width - c, cut = room < 32 ? room : 32, ends = room <= 32;
		__m256i mask = _mm256_loadu_si256((const __m256i *)(const void *)(b64_ramp + 32 - cut));

		uint16_t tail = (uint16_t)_mm256_extract_epi16(v, 15);

		_mm256_storeu_si256((__m256i *)(void *)(dst + o), _mm256_blendv_epi8(v, shift_up(v, e), mask));
		if (e == 2) {
			memcpy(dst + o + 32, &tail, 2);
		} else {
			dst[o + 32] = (uint8_t)(tail >> 8);
		}
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

/*
 * Whole lines of a width that is a multiple of 4, two lines per step (the
 * decoder's scheme in reverse): the first line's whole blocks, then one
 * vector holding its last t characters and the first 32 - t of the second
 * line, stored shifted and unshifted around the line end, then the rest
 * of the second line, its last vector overlapping so that it ends at the
 * line end.  No data-dependent branch.
 */
static inline size_t encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                  const struct b64_enc_args *a, size_t *written,
                                  const size_t width, const unsigned e)
{
	const __m256i offsets = load128x2((const uint8_t *)b64_enc_offset[a->url]);
	const size_t bytes = width / 4 * 3, head = width / 32 * 32, t = width - head;
	const size_t second = width + e;
	const __m256i join = _mm256_loadu_si256((const __m256i *)(const void *)(b64_ramp + 32 - t));
	uint16_t eol;
	size_t i = 0, o = 0, k;

	memcpy(&eol, a->eol, 2);
	if (len < 2 * bytes + 8) {
		*written = 0;
		return 0;
	}
	/* the first vector cannot load from 4 bytes before the input */
	_mm256_storeu_si256((__m256i *)(void *)dst, encode24(src, offsets));
	for (; len - i >= 2 * bytes + 8; i += 2 * bytes, o += 2 * second) {
		const uint8_t *in = src + i;
		uint8_t *out = dst + o;

		for (k = i == 0 ? 32 : 0; k < head; k += 32)
			_mm256_storeu_si256((__m256i *)(void *)(out + k),
			                    encode24_behind(in + k / 4 * 3, offsets));
		k = 0;
		if (t != 0) {
			__m256i v = encode24_behind(in + head / 4 * 3, offsets);
			_mm256_storeu_si256((__m256i *)(void *)(out + head + e), v);
			_mm256_storeu_si256((__m256i *)(void *)(out + head),
			                    _mm256_blendv_epi8(v, shift_up(v, e), join));
			k = 32 - t;
		}
		memcpy(out + width, &eol, e);
		for (; k < width; k += 32) {
			size_t at = k + 32 <= width ? k : width - 32;
			_mm256_storeu_si256((__m256i *)(void *)(out + second + at),
			                    encode24_behind(in + bytes + at / 4 * 3, offsets));
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
	const __m256i offsets = load128x2((const uint8_t *)b64_enc_offset[a->url]);
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
		_mm256_storeu_si256((__m256i *)(void *)dst, encode24(src, offsets));
		i = 24;
		o = 32;
	}
	for (; len - i >= 28 + 24; i += 48, o += 64) {
		_mm256_storeu_si256((__m256i *)(void *)(dst + o), encode24_behind(src + i, offsets));
		_mm256_storeu_si256((__m256i *)(void *)(dst + o + 32), encode24_behind(src + i + 24, offsets));
	}
	for (; len - i >= 32; i += 24, o += 32)
		_mm256_storeu_si256((__m256i *)(void *)(dst + o), encode24(src + i, offsets));
	*written = o;
	return i;
}

/* Non-zero bytes where v is outside the alphabet. */
static inline __m256i classify(__m256i v, __m256i lut_lo, __m256i lut_hi, __m256i *hi)
{
	__m256i lo = _mm256_and_si256(v, _mm256_set1_epi8(0x0f));

	*hi = _mm256_and_si256(_mm256_srli_epi32(v, 4), _mm256_set1_epi8(0x0f));
	return _mm256_and_si256(_mm256_shuffle_epi8(lut_lo, lo), _mm256_shuffle_epi8(lut_hi, *hi));
}

/* 32 valid characters to 24 bytes in the low part of the result. */
static inline __m256i pack(__m256i v, __m256i hi, __m256i roll, __m256i special)
{
	const __m256i gather = _mm256_setr_epi8(
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
	__m256i idx = _mm256_andnot_si256(_mm256_cmpeq_epi8(v, special), hi);
	__m256i s = _mm256_add_epi8(v, _mm256_shuffle_epi8(roll, idx));

	s = _mm256_maddubs_epi16(s, _mm256_set1_epi32(0x01400140));
	s = _mm256_madd_epi16(s, _mm256_set1_epi32(0x00011000));
	s = _mm256_shuffle_epi8(s, gather);
	return _mm256_permutevar8x32_epi32(s, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
}

/*
 * MIME text in lines of one length, a multiple of 4 characters, two lines
 * per step.  The first line is decoded in whole blocks from its start;
 * its last t characters and the first 32 - t of the second line share a
 * block closed up over the line end with a blend (t is the same for every
 * pair, so nothing depends on the data); the rest of the second line is
 * decoded in blocks, the last one overlapping so that it ends at the line
 * end.  Both line ends are checked and every block validated; anything
 * unexpected leaves the loop, at the start of the pair, for the general
 * one.
 */
static inline size_t decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  int url, size_t *written, const size_t line_len,
                                  const unsigned e)
{
	const __m256i lut_lo = load128x2(b64_lut_lo[url]);
	const __m256i lut_hi = load128x2(b64_lut_hi[url]);
	const __m256i roll = load128x2((const uint8_t *)b64_roll[url]);
	const __m256i special = _mm256_set1_epi8((char)b64_special[url]);
	const size_t head = line_len / 32 * 32, t = line_len - head, second = line_len + e;
	const __m256i join = _mm256_loadu_si256((const __m256i *)(const void *)(b64_ramp + 32 - t));
	const size_t pair = 2 * second, out_len = line_len / 4 * 3;
	size_t s = 0, o = 0, k;

	while (len - s >= pair + 72 && cap - o >= 2 * out_len + 32) {
		__m256i all_bad = _mm256_setzero_si256(), hi, v;
		const uint8_t *p = src + s;
		int eol_ok;

#define BLOCK(vec, out_at)                                                                 \
	do {                                                                               \
		all_bad = _mm256_or_si256(all_bad, classify(vec, lut_lo, lut_hi, &hi));    \
		_mm256_storeu_si256((__m256i *)(void *)(dst + o + (out_at)),               \
		                    pack(vec, hi, roll, special));                         \
	} while (0)

		for (k = 0; k < head; k += 32) {
			v = _mm256_loadu_si256((const __m256i *)(const void *)(p + k));
			BLOCK(v, k / 4 * 3);
		}
		k = 0;
		if (t != 0) {
			v = _mm256_blendv_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(p + head)),
			                       _mm256_loadu_si256((const __m256i *)(const void *)(p + head + e)),
			                       join);
			BLOCK(v, head / 4 * 3);
			k = 32 - t;
		}
		for (; k < line_len; k += 32) {
			size_t at = k + 32 <= line_len ? k : line_len - 32;
			v = _mm256_loadu_si256((const __m256i *)(const void *)(p + second + at));
			BLOCK(v, out_len + at / 4 * 3);
		}
#undef BLOCK
		if (e == 2) {
			uint16_t a, b;
			memcpy(&a, p + line_len, 2);
			memcpy(&b, p + second + line_len, 2);
			eol_ok = (a & b) == (a | b) && a == (uint16_t)('\r' | '\n' << 8);
		} else {
			eol_ok = (p[line_len] & p[second + line_len]) == '\n' &&
			         (p[line_len] | p[second + line_len]) == '\n';
		}
		if (!_mm256_testz_si256(all_bad, all_bad) || !eol_ok)
			break;
		s += pair;
		o += 2 * out_len;
	}
	*written = o;
	return s;
}

static size_t decode_mime_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                int url, size_t *written)
{
	size_t first, line_len;
	unsigned e;

	*written = 0;
	if (len < 1024 || !b64_learn_lines(src, len, 32, &first, &e, &line_len) || first != line_len ||
	    line_len % 4 != 0)
		return 0;
	switch (line_len << 1 | (e == 2)) {
	case 76 << 1 | 1: return decode_lines(src, len, dst, cap, url, written, 76, 2);
	case 76 << 1: return decode_lines(src, len, dst, cap, url, written, 76, 1);
	case 64 << 1 | 1: return decode_lines(src, len, dst, cap, url, written, 64, 2);
	case 64 << 1: return decode_lines(src, len, dst, cap, url, written, 64, 1);
	default:
		return e == 2 ? decode_lines(src, len, dst, cap, url, written, line_len, 2)
		              : decode_lines(src, len, dst, cap, url, written, line_len, 1);
	}
}

static size_t avx2_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                          int skip_ws, size_t *written)
{
	const __m256i lut_lo = load128x2(b64_lut_lo[url]);
	const __m256i lut_hi = load128x2(b64_lut_hi[url]);
	const __m256i roll = load128x2((const uint8_t *)b64_roll[url]);
	const __m256i special = _mm256_set1_epi8((char)b64_special[url]);
	const __m256i ws_by_lo = load128x2(b64_ws_by_lo);
	size_t i = 0, o = 0, w;

	if (skip_ws)
		i = decode_mime_lines(src, len, dst, cap, url, &o);
	/* clean text: two blocks a step */
	while (len - i >= 64 && cap - o >= 56) {
		__m256i h0, h1;
		__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(src + i));
		__m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(src + i + 32));
		__m256i b0 = classify(v0, lut_lo, lut_hi, &h0), b1 = classify(v1, lut_lo, lut_hi, &h1);
		if (!_mm256_testz_si256(_mm256_or_si256(b0, b1), _mm256_or_si256(b0, b1)))
			break;
		_mm256_storeu_si256((__m256i *)(void *)(dst + o), pack(v0, h0, roll, special));
		_mm256_storeu_si256((__m256i *)(void *)(dst + o + 24), pack(v1, h1, roll, special));
		i += 64;
		o += 48;
	}
	/* 72 bytes of slack: a block, a run of up to 8 more blanks, the reload */
	while (len - i >= 72 && cap - o >= 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(src + i)), hi;
		__m256i bad = classify(v, lut_lo, lut_hi, &hi);
		size_t step = 32;

		if (!_mm256_testz_si256(bad, bad)) {
			__m256i lo = _mm256_and_si256(v, _mm256_set1_epi8(0x0f));
			uint32_t m_ws, m_bad;
			unsigned k, g;

			if (!skip_ws)
				break;
			m_ws = (uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(_mm256_shuffle_epi8(ws_by_lo, lo), v));
			m_bad = ~(uint32_t)_mm256_movemask_epi8(
				_mm256_cmpeq_epi8(bad, _mm256_setzero_si256()));
			if ((m_bad & ~m_ws) != 0 || !b64_single_run(m_ws, &k, &g))
				break;
			while (k + g >= 32 && g < 39 && b64_is_ws(src[i + k + g]))
				g++;
			v = _mm256_blendv_epi8(v, _mm256_loadu_si256((const __m256i *)(const void *)(src + i + g)),
			                       _mm256_loadu_si256((const __m256i *)(const void *)(b64_ramp + 32 - k)));
			bad = classify(v, lut_lo, lut_hi, &hi);
			if (!_mm256_testz_si256(bad, bad))
				break;
			step += g;
		}
		_mm256_storeu_si256((__m256i *)(void *)(dst + o), pack(v, hi, roll, special));
		i += step;
		o += 24;
	}
	i += mc_b64_scalar_decode_bulk(src + i, len - i, dst + o, cap - o, url, &w);
	o += w;
	*written = o;
	return i;
}

const struct b64_kernels mc_b64_kernels_avx2 = {
	.wrap_min = 32,
	.encode = avx2_encode,
	.decode = avx2_decode,
};
