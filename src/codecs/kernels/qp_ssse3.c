/*
 * SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2
 * suffices to classify), decoding a window a quarter at a time.
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

/*
 * 16 bytes v of a window, given the two bytes before each (b1, b2) and
 * the two after (a1, a2): its output, the '=' of each escape standing for
 * its value, unpacked, and its marks as qp_whole.h asks (good: bytes
 * that are none of the bad things; drop; ends), in bits shift to shift +
 * 15.  The same as qp_avx2.c's decode_half.
 */
static inline __attribute__((always_inline)) __m128i
decode_quarter(__m128i v, __m128i b1, __m128i b2, __m128i a1, __m128i a2, int drop_cr, int lone_lf,
               unsigned shift, uint64_t *good, uint64_t *drop_io, uint64_t *ends)
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
	*good |= (uint64_t)(unsigned)_mm_movemask_epi8(
		_mm_andnot_si128(bad, _mm_or_si128(_mm_or_si128(printable, tab), line_end))) << shift;
	*drop_io |= (uint64_t)(unsigned)_mm_movemask_epi8(drop) << shift;
	*ends |= (uint64_t)(unsigned)_mm_movemask_epi8(line_end) << shift;
	return qp_sse_put_values(v, eq, hi, lo);
}

/*
 * The window function of qp_whole.h, a quarter at a time; the bytes
 * before the first come from the window before (*state: its last 16).
 */
static inline __attribute__((always_inline)) __m128i
quarter_at(const uint8_t *p, unsigned k, int drop_cr, int lone_lf, uint64_t *good, uint64_t *drop,
           uint64_t *ends)
{
	const uint8_t *const q = p + 16 * k;

	return decode_quarter(load16(q), load16(q - 1), load16(q - 2), load16(q + 1), load16(q + 2),
	                      drop_cr, lone_lf, 16 * k, good, drop, ends);
}

static inline __attribute__((always_inline)) uint64_t
decode_window(const uint8_t *p, int drop_cr, int lone_lf, void *state, uint8_t *dst, size_t *n,
              uint64_t *ends)
{
	__m128i *const before = state;
	const __m128i v0 = load16(p);
	uint64_t good = 0, drop = 0, keep, at;
	__m128i out0, out1, out2, out3;

	*ends = 0;
	out0 = decode_quarter(v0, _mm_alignr_epi8(v0, *before, 15), _mm_alignr_epi8(v0, *before, 14),
	                      load16(p + 1), load16(p + 2), drop_cr, lone_lf, 0, &good, &drop, ends);
	out1 = quarter_at(p, 1, drop_cr, lone_lf, &good, &drop, ends);
	out2 = quarter_at(p, 2, drop_cr, lone_lf, &good, &drop, ends);
	out3 = quarter_at(p, 3, drop_cr, lone_lf, &good, &drop, ends);
	*before = load16(p + 48);
	keep = ~drop;
	/* byte k: the bytes kept in the window's first 8k + 8 */
	at = group_ends(keep);
	qp_sse_pack16(out0, (unsigned)keep & 0xffff, dst, at & 0xff);
	qp_sse_pack16(out1, (unsigned)(keep >> 16) & 0xffff, dst + (at >> 8 & 0xff),
	              (at >> 16 & 0xff) - (at >> 8 & 0xff));
	qp_sse_pack16(out2, (unsigned)(keep >> 32) & 0xffff, dst + (at >> 24 & 0xff),
	              (at >> 32 & 0xff) - (at >> 24 & 0xff));
	qp_sse_pack16(out3, (unsigned)(keep >> 48) & 0xffff, dst + (at >> 40 & 0xff),
	              (at >> 48 & 0xff) - (at >> 40 & 0xff));
	*n = (size_t)(at >> 56);
	return ~good;
}

static size_t ssse3_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                   mc_eol eol, uint64_t *line_len, size_t *written,
                                   mc_defect *long_lines, uint64_t base)
{
	/* what comes before src counts as plain: the walk stops only there */
	__m128i before = _mm_set1_epi8('A');

	return qp_decode_whole(src, len, dst, cap, eol, line_len, written, long_lines, base, &before,
	                       decode_window);
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
