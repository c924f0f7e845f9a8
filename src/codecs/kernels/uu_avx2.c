/*
 * AVX2 uuencode kernels: a full line is 45 bytes and 60 characters, done
 * as two overlapping vectors (bytes 0-23 and 21-44, characters 0-31 and
 * 28-59; with another line after it, characters 32-59 and the frame
 * between the two lines, in both directions).  A character is 32 + value
 * with a grave accent for 0, that is ((value - 1) & 63) + 33; decoding is
 * (character - 32) & 63 after a range check.
 */
#include "config.h"

#include <string.h>

#include "codecs/kernels/avx2_inline.h"
#include "codecs/uu_impl.h"

static inline __m256i to_uu(__m256i v)
{
	v = _mm256_and_si256(_mm256_sub_epi8(v, _mm256_set1_epi8(1)), _mm256_set1_epi8(63));
	return _mm256_add_epi8(v, _mm256_set1_epi8(33));
}

static size_t avx2_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	size_t i = 0, o = 0;

	/*
	 * With another line after it, a line is two stores that do not
	 * overlap: characters 0-31, then characters 32-59 (from bytes 24-44,
	 * and three past the line, whose characters the line end and the next
	 * line's 'M' replace; the next line's store overwrites what lands past
	 * them).  The second loads src[i + 20, i + 52).  (A separate 4-byte
	 * store for the line end, overlapping the vectors, ran uuencoding 20%
	 * slower on Intel: three stores a line, one of them split.)
	 */
	const __m256i tail =
		_mm256_set1_epi32(eol_len == 2 ? '\r' | '\n' << 8 | 'M' << 16 : eol[0] | 'M' << 8);

	if (len >= 49)
		dst[0] = 'M';
	for (; len - i >= 49 + 45; i += 45) {
		uint8_t *out = dst + o;
		store32(out + 1, to_uu(i == 0 ? split24(src) : split24_behind(src + i)));
		store32(out + 33, _mm256_blend_epi32(to_uu(split24_behind(src + i + 24)), tail, 0x80));
		o += 61 + eol_len;
	}
	if (len - i >= 49) {
		uint8_t *out = dst + o;
		store32(out + 1, to_uu(i == 0 ? split24(src) : split24_behind(src + i)));
		store32(out + 29, to_uu(split24_behind(src + i + 21)));
		memcpy(out + 61, eol, eol_len);
		o += 61 + eol_len;
		i += 45;
	}
	*written = o;
	return i;
}

/* Values of 32 characters; *bad non-zero where one is outside ' '..'`'. */
static inline __m256i from_uu(__m256i c, __m256i *bad)
{
	__m256i v = _mm256_sub_epi8(c, _mm256_set1_epi8(0x20));

	*bad = _mm256_or_si256(*bad, _mm256_subs_epu8(v, _mm256_set1_epi8(0x40)));
	return _mm256_and_si256(v, _mm256_set1_epi8(63));
}

/* Lines checked at once in a run of lines alike. */
#define RUN_GROUP 4

/*
 * What the load of a line's characters 32-59 must hold with e-byte line
 * ends and another line after it, lane by lane: at least low and at most
 * span above it.  The characters, ' ' to '`'; then the line end and the
 * next line's 'M', exactly; then anything.  So the compare that checks
 * the characters checks the line's frame too.
 */
struct frame {
	__m256i low, span;
};

static inline struct frame frame_of(const unsigned e)
{
	const __m256i after = e == 1 ? _mm256_set1_epi32('\n' | 'M' << 8)
	                             : _mm256_set1_epi32('\r' | '\n' << 8 | 'M' << 16);
	/* (lanes 28..: the highest dword, the first argument) */
	const __m256i framed = e == 1 ? _mm256_set_epi32(0xffff, 0, 0, 0, 0, 0, 0, 0)
	                              : _mm256_set_epi32(0xffffff, 0, 0, 0, 0, 0, 0, 0);
	const __m256i chars = _mm256_set_epi32(0, -1, -1, -1, -1, -1, -1, -1);
	struct frame f;

	f.low = _mm256_blendv_epi8(_mm256_set1_epi8(0x20), after, framed);
	f.span = _mm256_andnot_si256(framed, _mm256_blendv_epi8(_mm256_set1_epi8((char)0xff),
	                                                        _mm256_set1_epi8(0x40), chars));
	return f;
}

static inline __m256i from_framed(__m256i c, const struct frame *f, __m256i *bad)
{
	__m256i v = _mm256_sub_epi8(c, f->low);

	*bad = _mm256_or_si256(*bad, _mm256_subs_epu8(v, f->span));
	return _mm256_and_si256(v, _mm256_set1_epi8(63));
}

/*
 * Up to 'most' lines of e-byte line ends from src (the first one known
 * whole; 8 bytes of room after the last); returns how many were
 * decoded.  RUN_GROUP lines at a check while another line follows, each
 * as characters 0-31 and 32-59, the second load taking the line's frame
 * with it; then (a failed check, the end of the run) line by line, as
 * characters 0-31 and 28-59.  What a bad line stored is past what is
 * reported written.
 */
static inline size_t decode_run(const uint8_t *src, size_t most, uint8_t *dst, const unsigned e)
{
	const size_t step = 61 + e;
	const struct frame f = frame_of(e);
	size_t k = 0, j;
	unsigned line_e;

	/* (a line after the group: the loads run into it, the stores into its room) */
	while (most - k > RUN_GROUP) {
		const uint8_t *p = src + k * step + 1;
		uint8_t *q = dst + k * 45;
		__m256i bad = _mm256_setzero_si256();

#pragma GCC unroll 8
		for (j = 0; j < RUN_GROUP; j++) {
			__m256i a = from_uu(load32(p + j * step), &bad);
			__m256i b = from_framed(load32(p + j * step + 32), &f, &bad);

			store32(q + j * 45, join_sextets(a));
			store32(q + j * 45 + 24, join_sextets(b));
		}
		if (!_mm256_testz_si256(bad, bad))
			break;
		k += RUN_GROUP;
	}
	for (; k < most && (k == 0 || (uu_full_line(src + k * step, step, &line_e) && line_e == e)); k++) {
		const uint8_t *p = src + k * step + 1;
		__m256i bad = _mm256_setzero_si256();
		__m256i a = from_uu(load32(p), &bad), b = from_uu(load32(p + 28), &bad);

		if (!_mm256_testz_si256(bad, bad))
			break;
		store32(dst + k * 45, join_sextets(a));
		store32(dst + k * 45 + 21, join_sextets(b));
	}
	return k;
}

static size_t avx2_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0, k;
	unsigned e;

	while (cap - o >= 45 + 8 && uu_full_line(src + i, len - i, &e)) {
		const size_t step = 61 + e, room = (len - i) / step, space = (cap - o - 8) / 45;
		const size_t most = room < space ? room : space;

		k = e == 1 ? decode_run(src + i, most, dst + o, 1) : decode_run(src + i, most, dst + o, 2);
		if (k == 0) /* a character out of range */
			break;
		i += k * step;
		o += k * 45;
		n += k;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_avx2 = {
	.encode_lines = avx2_encode_lines,
	.decode_lines = avx2_decode_lines,
};
