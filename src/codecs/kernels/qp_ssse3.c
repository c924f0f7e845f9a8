/*
 * SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2
 * suffices to classify), decoding a window a quarter at a time, a window
 * with no '=' first tried as plain text.
 */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_plan.h"
#include "codecs/qp_whole.h"

static inline uint64_t bits(__m128i v, char c, unsigned shift)
{
	return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))) << shift;
}

static inline __attribute__((always_inline)) void ssse3_classify(const uint8_t *src, struct qp_marks *m)
{
	unsigned i;

	m->special = m->cr = m->lf = m->blank = m->eq = 0;
	for (i = 0; i < QP_WINDOW; i += 16) {
		__m128i v = load16(src + i);
		m->special |= (uint64_t)qp_sse_special(v) << i;
		m->cr |= bits(v, '\r', i);
		m->lf |= bits(v, '\n', i);
		m->blank |= bits(v, ' ', i) | bits(v, '\t', i);
		m->eq |= bits(v, '=', i);
	}
}

/*
 * The decoder's byte constants, each a whole vector in memory, where the
 * instructions read them.
 */
#define ALL16(c) { (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c) }
enum { K_EQ, K_CR, K_LF, K_TAB, K_SPACE, K_TO_SIGNED, K_PAST_TILDE, K_COUNT };
static const uint8_t dec_consts[K_COUNT][16] __attribute__((aligned(16))) = {
	ALL16('='), ALL16('\r'), ALL16('\n'), ALL16('\t'), ALL16(' '), ALL16(0x60), ALL16(0xdf),
};
#define K(i) _mm_load_si128((const __m128i *)(const void *)dec_consts[i])

/* A window's marks as qp_whole.h asks, filled a quarter at a time. */
struct window_marks {
	uint64_t good, drop, ends, lower_esc;
};

/*
 * 16 bytes v of a window, given the two bytes before each (b1, b2) and
 * the two after (a1, a2): returns its output, the '=' of each escape
 * standing for its value, unpacked, and puts its marks in *m at bits
 * shift to shift + 15 (good: bytes that are none of the bad things).
 * The same as qp_avx2.c's decode_half.
 */
static inline __attribute__((always_inline)) __m128i
decode_quarter(__m128i v, __m128i b1, __m128i b2, __m128i a1, __m128i a2, int drop_cr, int lone_lf,
               int lower, unsigned shift, struct window_marks *m)
{
	const __m128i eq = _mm_cmpeq_epi8(v, K(K_EQ)), cr = _mm_cmpeq_epi8(v, K(K_CR));
	const __m128i lf = _mm_cmpeq_epi8(v, K(K_LF)), tab = _mm_cmpeq_epi8(v, K(K_TAB));
	const __m128i lf1 = _mm_cmpeq_epi8(a1, K(K_LF)), cr1 = _mm_cmpeq_epi8(a1, K(K_CR));
	const __m128i end1 = _mm_or_si128(lf1, cr1), line_end = _mm_or_si128(cr, lf);
	const __m128i soft =
		_mm_and_si128(eq, _mm_or_si128(lf1, _mm_and_si128(cr1, _mm_cmpeq_epi8(a2, K(K_LF)))));
	const __m128i printable = _mm_cmpgt_epi8(K(K_PAST_TILDE), _mm_add_epi8(v, K(K_TO_SIGNED)));
	const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(v, K(K_SPACE)), tab);
	__m128i hex1, hex2, bad, drop;
	const __m128i hi = qp_sse_hex(a1, &hex1), lo = qp_sse_hex(a2, &hex2);

	if (lower) {
		const __m128i lower1 = qp_sse_lower_hex(a1, hi, hex1), lower2 = qp_sse_lower_hex(a2, lo, hex2);

		m->lower_esc |= (uint64_t)(unsigned)_mm_movemask_epi8(
			_mm_and_si128(_mm_andnot_si128(soft, eq), _mm_or_si128(lower1, lower2))) << shift;
		hex1 = _mm_or_si128(hex1, lower1);
		hex2 = _mm_or_si128(hex2, lower2);
	}
	bad = _mm_or_si128(_mm_andnot_si128(_mm_or_si128(soft, _mm_and_si128(hex1, hex2)), eq),
	                   _mm_andnot_si128(lf1, cr));
	bad = _mm_or_si128(bad, _mm_and_si128(blank, end1));
	if (!lone_lf)
		bad = _mm_or_si128(bad, _mm_andnot_si128(_mm_or_si128(cr, eq), lf1));
	drop = _mm_or_si128(_mm_cmpeq_epi8(b1, K(K_EQ)),
	                    _mm_andnot_si128(_mm_cmpeq_epi8(b1, K(K_LF)), _mm_cmpeq_epi8(b2, K(K_EQ))));
	drop = _mm_or_si128(drop, soft);
	if (drop_cr)
		drop = _mm_or_si128(drop, cr);
	m->good |= (uint64_t)(unsigned)_mm_movemask_epi8(
		_mm_andnot_si128(bad, _mm_or_si128(_mm_or_si128(printable, tab), line_end))) << shift;
	m->drop |= (uint64_t)(unsigned)_mm_movemask_epi8(drop) << shift;
	m->ends |= (uint64_t)(unsigned)_mm_movemask_epi8(line_end) << shift;
	return qp_sse_put_values(v, eq, hi, lo);
}

static inline __attribute__((always_inline)) __m128i
quarter_at(const uint8_t *p, unsigned k, int drop_cr, int lone_lf, int lower, struct window_marks *m)
{
	const uint8_t *const q = p + 16 * k;

	return decode_quarter(load16(q), load16(q - 1), load16(q - 2), load16(q + 1), load16(q + 2),
	                      drop_cr, lone_lf, lower, 16 * k, m);
}

/*
 * The window function of qp_whole.h, a quarter at a time; the two bytes
 * before the window are its carry (62 and 63 of the one before), so
 * that nothing before src is read.
 */
static inline __attribute__((always_inline)) uint64_t
decode_window(const uint8_t *p, int drop_cr, int lone_lf, int lower, uint64_t carry, uint8_t *dst,
              struct qp_window *w)
{
	const __m128i v0 = load16(p), before = _mm_insert_epi16(_mm_setzero_si128(), (int)carry, 7);
	struct window_marks m = { 0, 0, 0, 0 };
	uint16_t last2;
	uint64_t keep, at;
	__m128i out0, out1, out2, out3;

	out0 = decode_quarter(v0, _mm_alignr_epi8(v0, before, 15), _mm_alignr_epi8(v0, before, 14),
	                      load16(p + 1), load16(p + 2), drop_cr, lone_lf, lower, 0, &m);
	out1 = quarter_at(p, 1, drop_cr, lone_lf, lower, &m);
	out2 = quarter_at(p, 2, drop_cr, lone_lf, lower, &m);
	out3 = quarter_at(p, 3, drop_cr, lone_lf, lower, &m);
	keep = ~m.drop;
	/* byte k: the bytes kept in the window's first 8k + 8 */
	at = group_ends(keep);
	qp_sse_pack16(out0, (unsigned)keep & 0xffff, dst, at & 0xff);
	qp_sse_pack16(out1, (unsigned)(keep >> 16) & 0xffff, dst + (at >> 8 & 0xff),
	              (at >> 16 & 0xff) - (at >> 8 & 0xff));
	qp_sse_pack16(out2, (unsigned)(keep >> 32) & 0xffff, dst + (at >> 24 & 0xff),
	              (at >> 32 & 0xff) - (at >> 24 & 0xff));
	qp_sse_pack16(out3, (unsigned)(keep >> 48) & 0xffff, dst + (at >> 40 & 0xff),
	              (at >> 48 & 0xff) - (at >> 40 & 0xff));
	w->n = (size_t)(at >> 56);
	w->ends = m.ends;
	memcpy(&last2, p + 62, 2);
	w->carry = last2;
	if (lower)
		w->lower_esc = m.lower_esc;
	return ~m.good;
}

/* decode_window(), a window with no '=' tried as plain first (qp_plain_first()) */
static inline __attribute__((always_inline)) uint64_t
decode_window_plain_first(const uint8_t *p, int drop_cr, int lone_lf, int lower, uint64_t carry,
                          uint8_t *dst, struct qp_window *w)
{
	const __m128i eq = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(load16(p), K(K_EQ)),
	                                             _mm_cmpeq_epi8(load16(p + 16), K(K_EQ))),
	                                _mm_or_si128(_mm_cmpeq_epi8(load16(p + 32), K(K_EQ)),
	                                             _mm_cmpeq_epi8(load16(p + 48), K(K_EQ))));

	return qp_plain_first(p, drop_cr, lone_lf, lower, carry, dst, w, _mm_movemask_epi8(eq) != 0,
	                      ssse3_classify, decode_window);
}

static size_t ssse3_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                   mc_eol eol, uint64_t *line_len, size_t *written,
                                   mc_qp_defects *defects, uint64_t base)
{
	return qp_decode_whole(src, len, dst, cap, eol, line_len, written, defects, base,
	                       decode_window_plain_first);
}

static size_t ssse3_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                                unsigned *col, unsigned width, int crlf)
{
	return qp_encode_text_windows(src, len, out, cap, col, width, crlf, ssse3_classify);
}

const struct qp_kernels mc_qp_kernels_ssse3 = {
	.classify = ssse3_classify,
	.encode_text = ssse3_encode_text,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
	.decode_windows = ssse3_decode_windows,
};
