/*
 * AVX-512 quoted-printable kernel (F, BW, VL, VBMI, VBMI2): byte classes
 * straight into 64-bit masks, one 64-byte window per register; decoding
 * squeezes the dropped bytes out with VPCOMPRESSB and takes the escapes'
 * digits from a 128-byte table (VPERMI2B).  Encoding shares the AVX2
 * kernel's plan (qp_plan.h) with these byte classes.
 */
#include "config.h"

#include <immintrin.h>
#include <string.h>

#include "codecs/kernels/avx2_inline.h"

/* the runs between events, in two 32-byte moves */
#define QP_COPY64(dst, src) \
	(store32((dst), load32(src)), store32((dst) + 32, load32((src) + 32)))

#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_plan.h"

/* Each ASCII byte's value as an upper-case hex digit, 0x80 if it is not one. */
static const uint8_t hex_value[128] __attribute__((aligned(64))) = {
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

static inline __m512i load64(const uint8_t *p)
{
	return _mm512_loadu_si512((const void *)p);
}

static inline uint64_t where(__m512i v, char c)
{
	return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
}

/* ' ' to '~' */
static inline uint64_t printable(__m512i v)
{
	return _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(' ')), _mm512_set1_epi8(0x5f));
}

static inline __attribute__((always_inline)) void avx512_classify(const uint8_t *src, struct qp_marks *m)
{
	const __m512i v = load64(src);
	const uint64_t eq = where(v, '='), tab = where(v, '\t');

	m->special = ~((printable(v) & ~eq) | tab);
	m->cr = where(v, '\r');
	m->lf = where(v, '\n');
	m->blank = where(v, ' ') | tab;
	m->eq = eq;
}

/*
 * Decodes the window at p (p[-2, 66) readable) to dst[0, 64) as if it
 * were all plain text, escapes, soft breaks and line ends, reading it at
 * offsets -2 to +2 so that an escape or soft break is seen from every
 * byte it covers, in this window or the next, with nothing carried over.
 * Returns nonzero if it was not (then dst holds nothing that counts);
 * sets *n to the bytes written, *ends to its CR and LF marks, *lf to its
 * LF marks and *esc to the escapes' '='.
 */
static inline __attribute__((always_inline)) uint64_t
decode_window(const uint8_t *p, int drop_cr, int lone_lf, uint8_t *dst, size_t *n, uint64_t *ends,
              uint64_t *lf_marks, uint64_t *esc_marks)
{
	const __m512i v = load64(p), next1 = load64(p + 1), next2 = load64(p + 2);
	const __m512i before1 = load64(p - 1), before2 = load64(p - 2);
	const __m512i low = _mm512_load_si512((const void *)hex_value);
	const __m512i high = _mm512_load_si512((const void *)(hex_value + 64));
	const __m512i bit7 = _mm512_set1_epi8((char)0x80);
	const uint64_t eq = where(v, '='), cr = where(v, '\r'), lf = where(v, '\n'), tab = where(v, '\t');
	const uint64_t cr1 = where(next1, '\r'), lf1 = where(next1, '\n');
	const uint64_t soft = eq & (lf1 | (cr1 & where(next2, '\n')));
	const uint64_t esc = eq & ~soft;
	/* the '=' of a soft break, and the digits or line end after an '=' ("=\n" takes one) */
	uint64_t drop = soft | where(before1, '=') | (where(before2, '=') & ~where(before1, '\n'));
	uint64_t good, bad;
	__m512i hi, lo, val;

	if (drop_cr)
		drop |= cr;
	/* a CR only before an LF; an LF alone only where allowed, or in a soft break */
	good = printable(v) | tab | (cr & lf1) | (lone_lf ? lf : lf & (where(before1, '\r') | drop));
	/* and no blank before a line end: the walk removes and records it */
	bad = ~good | ((where(v, ' ') | tab) & (cr1 | lf1));
	/* the digits' values, bit 7 set where a byte is not one (the table's 0x80, or not ASCII) */
	hi = _mm512_ternarylogic_epi32(_mm512_permutex2var_epi8(low, next1, high), next1, bit7, 0xf8);
	lo = _mm512_ternarylogic_epi32(_mm512_permutex2var_epi8(low, next2, high), next2, bit7, 0xf8);
	bad |= _mm512_mask_test_epi8_mask(esc, _mm512_or_si512(hi, lo), bit7);
	/* (hi << 4 & 0xf0) | (lo & 0x0f), in place of each escape's '=' */
	val = _mm512_ternarylogic_epi32(_mm512_slli_epi16(hi, 4), lo, _mm512_set1_epi8((char)0xf0), 0xe4);
	_mm512_storeu_si512((void *)dst,
	                    _mm512_maskz_compress_epi8(~drop, _mm512_mask_mov_epi8(v, esc, val)));
	*n = (size_t)__builtin_popcountll(~drop);
	*ends = cr | lf;
	*lf_marks = lf;
	*esc_marks = esc;
	return bad;
}

static inline int is_blank(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/*
 * Whole windows while each is plain text, =XX escapes in upper case, soft
 * breaks and line ends as they are to be written, with no blank before a
 * line end and no line over 76 characters; then back to the walk at a
 * point where it is as if it had done it all: past the last escape or
 * soft break (whose bytes may run into the window it stopped at), before
 * a CR whose LF is there, before blanks that may be trailing.
 */
static inline __attribute__((always_inline)) size_t
decode_windows_eol(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, uint64_t *line_len,
                   size_t *written, const int drop_cr, const int lone_lf)
{
	/* where the open line started, relative to src (before it, if the line did) */
	int64_t line_start = -(int64_t)*line_len;
	/* the first window is read from a copy: the two bytes before src may not be ours */
	uint8_t first[2 + QP_WINDOW + 2 + QP_WINDOW] = { 'x', 'x' };
	size_t i = 0, o = 0, cover;

	*written = 0;
	if (len < QP_WINDOW + 2 || cap < QP_WINDOW)
		return 0;
	memcpy(first + 2, src, QP_WINDOW + 2);
	while (len - i >= QP_WINDOW + 2 && cap - o >= QP_WINDOW) {
		uint64_t ends, lf, esc, bad;
		int64_t line_end, last_start;
		size_t n;

		bad = decode_window(i == 0 ? first + 2 : src + i, drop_cr, lone_lf, dst + o, &n, &ends, &lf,
		                    &esc);
		/* the line running into the window, and the one running out (with an escape's digits) */
		line_end = (int64_t)i + (ends ? __builtin_ctzll(ends) : QP_WINDOW);
		last_start = lf ? (int64_t)(i + QP_WINDOW) - __builtin_clzll(lf) : line_start;
		if (bad != 0 || line_end - line_start > 76 ||
		    (int64_t)(i + QP_WINDOW) + (int64_t)(2 * (esc >> 63) + (esc >> 62 & 1)) - last_start > 76)
			break;
		o += n;
		line_start = last_start;
		i += QP_WINDOW;
	}
	if (i == 0)
		return 0;
	cover = src[i - 1] == '=' ? 1 + (src[i] != '\n') : src[i - 2] == '=' && src[i - 1] != '\n';
	if (cover != 0) {
		i += cover;
		if (src[i - 1] == '\n')
			line_start = (int64_t)i;
	} else if (src[i - 1] == '\r') {
		/* its LF is in the window stopped at: the walk takes both */
		i--;
		o -= !drop_cr;
	} else {
		/* the byte loop holds blanks until it sees the byte after them */
		while (i > 0 && is_blank(src[i - 1])) {
			i--;
			o--;
		}
	}
	*line_len = (uint64_t)((int64_t)i - line_start);
	*written = o;
	return i;
}

static size_t avx512_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                    mc_eol eol, uint64_t *line_len, size_t *written)
{
	if (eol == MC_EOL_LF)
		return decode_windows_eol(src, len, dst, cap, line_len, written, 1, 1);
	if (eol == MC_EOL_CRLF)
		return decode_windows_eol(src, len, dst, cap, line_len, written, 0, 0);
	return decode_windows_eol(src, len, dst, cap, line_len, written, 0, 1);
}

static size_t avx512_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                                 unsigned *col, unsigned width, int crlf)
{
	return qp_encode_text_windows(src, len, out, cap, col, width, crlf, avx512_classify);
}

const struct qp_kernels mc_qp_kernels_avx512 = {
	.classify = avx512_classify,
	.encode_text = avx512_encode_text,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
	.decode_windows = avx512_decode_windows,
};
