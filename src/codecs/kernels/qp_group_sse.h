/*
 * Quoted-printable encoding of 8-byte blocks with 128-bit shuffles, for
 * the SSSE3 and AVX2 kernels (only files built with -mssse3 or more
 * include this).  See tools/gen_qp_expand.py for the table.
 */
#ifndef MC_QP_GROUP_SSE_H
#define MC_QP_GROUP_SSE_H

#include <tmmintrin.h>

#include "codecs/qp_plan.h"

/* Bit i set where byte i of v is not plain. */
static inline unsigned qp_sse_special(__m128i v)
{
	__m128i printable = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(31)),
	                                  _mm_cmplt_epi8(v, _mm_set1_epi8(127)));
	__m128i plain = _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')), printable),
	                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));

	return ~(unsigned)_mm_movemask_epi8(plain) & 0xffff;
}

/*
 * Writes a block's output (g0, g1: its bytes 0-15 and 16-31) from byte
 * split on at dst, after the soft break there: the bytes before it are
 * already in place.
 */
static inline void qp_sse_soft_break(__m128i g0, __m128i g1, unsigned split, uint8_t *dst,
                                     const struct qp_group_args *a)
{
	const __m128i from = _mm_loadu_si128((const __m128i *)(const void *)(qp_slide + 16 + split));
	const __m128i from_hi = _mm_loadu_si128((const __m128i *)(const void *)(qp_slide + split));
	uint8_t *rest = dst + (a->crlf ? 3 : 2);

	memcpy(dst, qp_softs[a->crlf != 0], 4);
	_mm_storeu_si128((__m128i *)(void *)rest,
	                 _mm_or_si128(_mm_shuffle_epi8(g0, from), _mm_shuffle_epi8(g1, from_hi)));
	_mm_storeu_si128((__m128i *)(void *)(rest + 16), _mm_shuffle_epi8(g1, from));
}

/*
 * Blocks of 8 bytes with something to escape, spread to their tokens by
 * shuffles from the expansion table; a soft break inside a block is
 * written there (on lines of QP_GROUP_MIN_WIDTH or more).
 */
static inline size_t qp_sse_encode_groups(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                          unsigned *col_io, const struct qp_group_args *a,
                                          size_t *written)
{
	const __m128i hex = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
	                                  'A', 'B', 'C', 'D', 'E', 'F');
	const __m128i nibble = _mm_set1_epi8(0x0f), equals = _mm_set1_epi8('=');
	unsigned col = *col_io;
	size_t i = 0, o = 0;

	/* (a block writes 32 bytes; with a soft break 24 + 3 + 32) */
	while (n - i >= 10 && cap - o >= 64) {
		__m128i v = _mm_loadl_epi64((const __m128i *)(const void *)(src + i)), A, B, g0, g1;
		unsigned esc = qp_sse_special(v) & 0xff, split;
		unsigned eol = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))) & 0xff;
		unsigned len = qp_group_len(src + i, esc, eol, col, a, &split);
		const uint8_t (*t)[16] = mc_qp_expand[esc];

		/* plain stretches go back to the driver's longer runs */
		if (len == 0 || esc == 0)
			break;
		A = _mm_unpacklo_epi64(v, _mm_shuffle_epi8(hex, _mm_and_si128(_mm_srli_epi16(v, 4), nibble)));
		B = _mm_unpacklo_epi64(_mm_shuffle_epi8(hex, _mm_and_si128(v, nibble)), equals);
		g0 = _mm_or_si128(_mm_shuffle_epi8(A, _mm_loadu_si128((const __m128i *)(const void *)t[0])),
		                  _mm_shuffle_epi8(B, _mm_loadu_si128((const __m128i *)(const void *)t[1])));
		g1 = _mm_or_si128(_mm_shuffle_epi8(A, _mm_loadu_si128((const __m128i *)(const void *)t[2])),
		                  _mm_shuffle_epi8(B, _mm_loadu_si128((const __m128i *)(const void *)t[3])));
		_mm_storeu_si128((__m128i *)(void *)(dst + o), g0);
		_mm_storeu_si128((__m128i *)(void *)(dst + o + 16), g1);
		if (split < len)
			qp_sse_soft_break(g0, g1, split, dst + o + split, a);
		qp_group_done(len, split, a, &o, &col);
		i += 8;
	}
	*col_io = col;
	*written = o;
	return i;
}

/*
 * Each byte's value as a hex digit (low nibble, plus 9 for letters), and
 * in *is_hex 0xff where it is an upper-case one: where writing that value
 * back as a digit gives the byte again (every other byte gives another;
 * four instructions fewer than comparing with the digits' ranges).
 */
static inline __m128i qp_sse_hex(__m128i c, __m128i *is_hex)
{
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B',
	                                     'C', 'D', 'E', 'F');
	const __m128i value = _mm_add_epi8(_mm_and_si128(c, _mm_set1_epi8(15)),
	                                   _mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8('@')), _mm_set1_epi8(9)));

	*is_hex = _mm_cmpeq_epi8(_mm_shuffle_epi8(digits, value), c);
	return value;
}

/* 0xff where c, whose value qp_sse_hex() gave, is a hex digit in lower case. */
static inline __m128i qp_sse_lower_hex(__m128i c, __m128i value, __m128i is_hex)
{
	const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B',
	                                     'C', 'D', 'E', 'F');
	const __m128i lower = _mm_or_si128(_mm_shuffle_epi8(digits, value), _mm_set1_epi8(0x20));

	return _mm_andnot_si128(is_hex, _mm_cmpeq_epi8(lower, c));
}

/* v with each '=' (is_eq) replaced by the value of the hex digits whose values are hi and lo. */
static inline __m128i qp_sse_put_values(__m128i v, __m128i is_eq, __m128i hi, __m128i lo)
{
	__m128i val = _mm_or_si128(_mm_and_si128(_mm_slli_epi16(hi, 4), _mm_set1_epi8((char)0xf0)), lo);

	return _mm_or_si128(_mm_andnot_si128(is_eq, v), _mm_and_si128(is_eq, val));
}

/*
 * Writes the bytes of x marked in keep (16 bits), packed, to dst: those of
 * the first 8 to dst, those of the last 8 to dst + n0 (writes 8 bytes at each).
 */
static inline void qp_sse_pack16(__m128i x, unsigned keep, uint8_t *dst, size_t n0)
{
	__m128i lo = _mm_loadl_epi64((const __m128i *)(const void *)mc_compact8[keep & 0xff]);
	__m128i hi = _mm_add_epi8(_mm_loadl_epi64((const __m128i *)(const void *)mc_compact8[keep >> 8]),
	                          _mm_set1_epi8(8));
	__m128i packed = _mm_shuffle_epi8(x, _mm_unpacklo_epi64(lo, hi));

	_mm_storel_epi64((__m128i *)(void *)dst, packed);
	_mm_storel_epi64((__m128i *)(void *)(dst + n0), _mm_unpackhi_epi64(packed, packed));
}

/*
 * Decodes blocks of 16 bytes made of plain bytes and =XX escapes (the
 * last may end up to 2 bytes past the block, which are then consumed):
 * the value of the escape starting at each position is computed from the
 * input shifted by one and by two, put in place of its '=', and the two
 * digits are squeezed out with the compaction table, 8 bytes at a time.
 */
static inline size_t qp_sse_decode_blocks(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                          uint64_t *line_len_io, size_t *written)
{
	uint64_t line_len = *line_len_io;
	size_t i = 0, o = 0;

	while (n - i >= 18 && cap - o >= 16 && qp_line_fits(line_len, 18)) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(src + i)), x1, x2;
		__m128i h1 = qp_sse_hex(_mm_loadu_si128((const __m128i *)(const void *)(src + i + 1)), &x1);
		__m128i h2 = qp_sse_hex(_mm_loadu_si128((const __m128i *)(const void *)(src + i + 2)), &x2);
		__m128i is_eq = _mm_cmpeq_epi8(v, _mm_set1_epi8('='));
		unsigned eq = (unsigned)_mm_movemask_epi8(is_eq);
		unsigned bad_hex = ~(unsigned)_mm_movemask_epi8(_mm_and_si128(x1, x2)) & eq;
		unsigned cover = (eq << 1) | (eq << 2), keep = ~cover & 0xffff;
		/* an escape at 14 or 15 ends past the block: its digits are consumed too */
		unsigned step = (cover & 0x20000) ? 18 : (cover & 0x10000) ? 17 : 16;

		if (eq == 0 || bad_hex != 0 || (qp_sse_special(v) & ~eq) != 0 ||
		    (!(cover & 0x8000) && (src[i + 15] == ' ' || src[i + 15] == '\t')))
			break;
		qp_sse_pack16(qp_sse_put_values(v, is_eq, h1, h2), keep, dst + o, popcount64(keep & 0xff));
		o += popcount64(keep);
		line_len += step;
		i += step;
	}
	*line_len_io = line_len;
	*written = o;
	return i;
}

#endif
