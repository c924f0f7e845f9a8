/*
 * AVX-512 uuencode kernels (F, BW, VBMI): a line at a time in one vector.
 *
 * Encoding lays the 45 bytes out so that the multishift leaves every
 * character in its final lane: 'M' in lane 0, character c in lane c + 1.
 * Lane 8q + j (q = 0..7) holds character 8q + j - 1, which belongs to
 * group 2q - 1 (j = 0, its last field), group 2q (j = 1..4) or group
 * 2q + 1 (j = 5..7), so each qword needs the bytes of those groups only:
 * the last byte of group 2q - 1, then groups 2q and 2q + 1 each stored
 * little end first, which makes every field 6 contiguous bits.  Each
 * value v becomes ((v - 1) & 63) + 33 (32 + v, a grave accent for 0), the
 * last step added only in lanes 1..60 of a vector that already holds 'M'
 * and the line end (arithmetic measured a little quicker than a permute
 * through a character table here).
 *
 * Decoding takes a run of lines with the same line end at a fixed
 * stride: the 60 characters from each line's second byte, their range
 * checked as a mask (while another line follows, by per-lane bounds
 * that check the line end and the next 'M' in the same compare), the
 * sextets joined as base64 decoding joins them (four lines at a time
 * stored as three whole vectors).
 */
#include "config.h"

#include <immintrin.h>
#include <string.h>

#include "codecs/kernels/avx512_inline.h"
#include "codecs/uu_impl.h"

#define LINE_IN 45
#define LINE_CHARS 60
#define CHARS_LANES 0x1ffffffffffffffeULL /* lanes 1..60 */

/* Qword q: byte 3(2q-1)+2, then bytes 3(2q)+2, +1, +0, then 3(2q+1)+2, +1, +0, then unused. */
static const uint8_t spread_line[64] __attribute__((aligned(64))) = {
	0,  2,  1,  0,  5,  4,  3,  0,  5,  8,  7,  6,  11, 10, 9,  0,
	11, 14, 13, 12, 17, 16, 15, 0,  17, 20, 19, 18, 23, 22, 21, 0,
	23, 26, 25, 24, 29, 28, 27, 0,  29, 32, 31, 30, 35, 34, 33, 0,
	35, 38, 37, 36, 41, 40, 39, 0,  41, 44, 43, 42, 47, 46, 45, 0,
};

/* The line of the 45 bytes in v: its characters written over frame's lanes 1..60. */
static inline __m512i encode_line(__m512i v, __m512i frame)
{
	const __m512i spread = _mm512_load_si512((const void *)spread_line);
	/* lane 8q + j: bit 0 (j = 0), 26, 20, 14, 8 (group 2q), 50, 44, 38 (group 2q + 1) */
	const __m512i fields = _mm512_set1_epi64(0x262c32080e141a00LL);

	v = _mm512_multishift_epi64_epi8(fields, _mm512_permutexvar_epi8(spread, v));
	v = _mm512_and_si512(_mm512_sub_epi8(v, _mm512_set1_epi8(1)), _mm512_set1_epi8(63));
	return _mm512_mask_add_epi8(frame, CHARS_LANES, v, _mm512_set1_epi8(33));
}

static size_t avx512_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                  const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	const unsigned step = LINE_CHARS + 1 + eol_len;
	__m512i frame = _mm512_set1_epi8('M');
	size_t i = 0, o = 0;

	frame = _mm512_mask_set1_epi8(frame, (__mmask64)1 << 61, (char)eol[0]);
	if (eol_len == 2)
		frame = _mm512_mask_set1_epi8(frame, (__mmask64)1 << 62, (char)eol[1]);
	/* whole loads and stores while another line follows: its store covers what lands past this one */
	for (; len - i >= 5 * LINE_IN; i += 4 * LINE_IN, o += 4 * step) {
		const __m512i a = _mm512_loadu_si512((const void *)(src + i)),
		              b = _mm512_loadu_si512((const void *)(src + i + LINE_IN)),
		              c = _mm512_loadu_si512((const void *)(src + i + 2 * LINE_IN)),
		              d = _mm512_loadu_si512((const void *)(src + i + 3 * LINE_IN));

		_mm512_storeu_si512((void *)(dst + o), encode_line(a, frame));
		_mm512_storeu_si512((void *)(dst + o + step), encode_line(b, frame));
		_mm512_storeu_si512((void *)(dst + o + 2 * step), encode_line(c, frame));
		_mm512_storeu_si512((void *)(dst + o + 3 * step), encode_line(d, frame));
	}
	for (; len - i >= 2 * LINE_IN; i += LINE_IN, o += step)
		_mm512_storeu_si512((void *)(dst + o), encode_line(_mm512_loadu_si512((const void *)(src + i)),
		                                                   frame));
	if (len - i >= LINE_IN) {
		const __m512i line = encode_line(_mm512_maskz_loadu_epi8((1ULL << LINE_IN) - 1, src + i), frame);

		_mm512_mask_storeu_epi8(dst + o, (__mmask64)(~0ULL >> (64 - step)), line);
		i += LINE_IN;
		o += step;
	}
	*written = o;
	return i;
}

/* 1 if the line at p (61 + e bytes) ends in the line end of e bytes. */
static inline int ends_line(const uint8_t *p, unsigned e)
{
	uint16_t two;

	memcpy(&two, p + 59 + e, 2);
	return e == 1 ? two >> 8 == '\n' : two == ('\r' | '\n' << 8);
}

/* 1 if the line at p starts with 'M' after the line end of e bytes ending the one before. */
static inline int follows_line(const uint8_t *p, unsigned e)
{
	uint32_t four;

	memcpy(&four, p - 3, 4);
	return e == 1 ? four >> 16 == ('\n' | 'M' << 8) : four >> 8 == ('\r' | '\n' << 8 | 'M' << 16);
}

/*
 * The 45 bytes of the 60 characters at p, to dst (stored whatever they
 * are); non-zero if a character is outside ' '..'`'.
 */
static inline __mmask64 decode_line(const uint8_t *p, uint8_t *dst)
{
	const __mmask64 chars = (1ULL << LINE_CHARS) - 1;
	__m512i v = _mm512_sub_epi8(_mm512_maskz_loadu_epi8(chars, p), _mm512_set1_epi8(0x20));
	const __mmask64 bad = _mm512_mask_cmpgt_epu8_mask(chars, v, _mm512_set1_epi8(0x40));

	v = _mm512_and_si512(v, _mm512_set1_epi8(63));
	_mm512_mask_storeu_epi8(dst, (1ULL << LINE_IN) - 1, join_sextets512(v));
	return bad;
}

/*
 * What a line's load from its second byte must hold with e-byte line
 * ends and another line after it, lane by lane: at least low and at most
 * span above it.  The characters, ' ' to '`'; then the line end and the
 * next line's 'M', exactly; then anything.  So the one compare that
 * checks the characters checks the frame too (the frame's own compares,
 * on scalar loads, cost 20%).
 */
struct frame {
	__m512i low, span;
};

static inline struct frame frame_of(const unsigned e)
{
	const __mmask64 chars = (1ULL << LINE_CHARS) - 1, framed = (e == 1 ? 3ULL : 7ULL) << LINE_CHARS;
	/* lanes 60..: the line end, then 'M' */
	const __m512i after = e == 1 ? _mm512_set1_epi64((long long)('\n' | 'M' << 8) << 32)
	                             : _mm512_set1_epi64((long long)('\r' | '\n' << 8 | 'M' << 16) << 32);
	struct frame f;

	f.low = _mm512_mask_mov_epi8(_mm512_set1_epi8(0x20), framed, after);
	f.span = _mm512_maskz_mov_epi8(~framed, _mm512_mask_mov_epi8(_mm512_set1_epi8((char)0xff), chars,
	                                                             _mm512_set1_epi8(0x40)));
	return f;
}

/*
 * A group of four lines, each with another after it (so its 64 bytes
 * are readable), goes out as three whole 64-byte stores, each joining the
 * bytes of two lines by one two-table permute of their dwords (which
 * also packs them, as join_sextets512's permute does), instead of four
 * 45-byte masked stores: 25 GB/s against 20.6 at 64 KiB on Emerald
 * Rapids.  The last store runs 12 bytes into the next line's room.
 */
#define GROUP_LINES 4
/*
 * Runs this long read a page ahead of the hardware prefetcher, which
 * stops at page ends: 32 MiB 7.2-7.7 -> 8.7-9.2 GB/s on Emerald Rapids;
 * at 1 MiB, in L2, prefetching cost 5%, from 2 to 8 MiB it was even.
 */
#define PREFETCH_FROM (4u << 20)
/* output byte m of a line: byte 2 - m % 3 of its dword m / 3 */
#define PACKED(m) (4 * ((m) / 3) + 2 - (m) % 3)
/* lane j of the 64 output bytes from byte 'from' of a line on, the next line's after its 45 */
#define SPAN(from, j) ((j) < LINE_IN - (from) ? PACKED((from) + (j)) \
	               : (j) - (LINE_IN - (from)) < LINE_IN ? 64 + PACKED((j) - (LINE_IN - (from))) : 0)
#define LANES8(from, j) SPAN(from, (j)), SPAN(from, (j) + 1), SPAN(from, (j) + 2), SPAN(from, (j) + 3), \
	SPAN(from, (j) + 4), SPAN(from, (j) + 5), SPAN(from, (j) + 6), SPAN(from, (j) + 7)
#define SPAN_ROW(from) { LANES8(from, 0), LANES8(from, 8), LANES8(from, 16), LANES8(from, 24), \
	                 LANES8(from, 32), LANES8(from, 40), LANES8(from, 48), LANES8(from, 56) }
/* the group's 180 bytes from line 0's byte 0, line 1's byte 19 and line 2's byte 38 */
static const uint8_t span_index[3][64] __attribute__((aligned(64))) = {
	SPAN_ROW(0), SPAN_ROW(64 - LINE_IN), SPAN_ROW(128 - 2 * LINE_IN)
};

/*
 * The values of the characters at p of a line with another after it,
 * joined into dwords (sextets_to_dwords512); sets bits of *bad where one
 * is out of range or the frame is not the line end and the next line's
 * 'M'.
 */
static inline __m512i framed_dwords(const uint8_t *p, const struct frame *f, __mmask64 *bad)
{
	__m512i v = _mm512_sub_epi8(_mm512_loadu_si512((const void *)p), f->low);

	*bad |= _mm512_cmpgt_epu8_mask(v, f->span);
	return sextets_to_dwords512(_mm512_and_si512(v, _mm512_set1_epi8(63)));
}

/* Two lines' dwords a and b as output bytes 'row' of a group. */
static inline __m512i span(__m512i a, __m512i b, int row)
{
	return _mm512_permutex2var_epi8(a, _mm512_load_si512((const void *)span_index[row]), b);
}

/*
 * Up to 'most' lines of e-byte line ends from src (the first one known
 * whole); returns how many were decoded.  The lines of a run end alike,
 * so each line's place is known before the previous line's end is read,
 * and a group's lines are checked at once, each with the line end and
 * the 'M' after it (a failed check, as at the end of the run, redoes
 * them one by one; what a bad line stored is past what is reported
 * written).
 */
static inline size_t decode_run(const uint8_t *src, size_t most, uint8_t *dst, const unsigned e)
{
	const size_t step = LINE_CHARS + 1 + e;
	const struct frame f = frame_of(e);
	const int prefetch = most * step >= PREFETCH_FROM;
	size_t k = 0;

	/* (a line after the group: its lines' loads and the last store run into it) */
	while (most - k > GROUP_LINES) {
		const uint8_t *p = src + k * step + 1;
		uint8_t *q = dst + k * LINE_IN;
		__mmask64 bad = 0;
		const __m512i l0 = framed_dwords(p, &f, &bad), l1 = framed_dwords(p + step, &f, &bad);
		const __m512i l2 = framed_dwords(p + 2 * step, &f, &bad), l3 = framed_dwords(p + 3 * step, &f, &bad);

		if (prefetch) {
			__builtin_prefetch(p + 2048);
			__builtin_prefetch(p + 2048 + 64);
			__builtin_prefetch(p + 2048 + 128);
			__builtin_prefetch(p + 2048 + 192);
		}
		_mm512_storeu_si512((void *)q, span(l0, l1, 0));
		_mm512_storeu_si512((void *)(q + 64), span(l1, l2, 1));
		_mm512_storeu_si512((void *)(q + 128), span(l2, l3, 2));
		if (bad != 0)
			break;
		k += GROUP_LINES;
	}
	while (k < most && (k == 0 || follows_line(src + k * step, e)) && ends_line(src + k * step, e) &&
	       decode_line(src + k * step + 1, dst + k * LINE_IN) == 0)
		k++;
	return k;
}

static size_t avx512_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0, k;
	unsigned e;

	while (cap - o >= LINE_IN && uu_full_line(src + i, len - i, &e)) {
		const size_t step = LINE_CHARS + 1 + e;
		const size_t room = (len - i) / step, space = (cap - o) / LINE_IN;
		const size_t most = room < space ? room : space;

		k = e == 1 ? decode_run(src + i, most, dst + o, 1)
		           : decode_run(src + i, most, dst + o, 2);
		if (k == 0) /* a character out of range */
			break;
		i += k * step;
		o += k * LINE_IN;
		n += k;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_avx512 = {
	.encode_lines = avx512_encode_lines,
	.decode_lines = avx512_decode_lines,
};
