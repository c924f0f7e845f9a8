/*
 * AVX2 quoted-printable kernel: the byte classes of a window as bit masks
 * (plain is 32-126 except '=', and tab), two vectors and five movemasks
 * each; text encoded by qp_plan.h's whole windows, dense escapes by the
 * shared 128-bit block code.  Decoding takes qp_whole.h's windows, each
 * byte classified with the two before and after it in vectors (planning
 * each window from its masks instead ran at 3.7 GB/s against 5.3 on the
 * bench text), the dropped bytes squeezed out 8 at a time; a window
 * with no '=' is first tried as plain text (qp_plain_first()) and then
 * copied whole.
 */
#include "config.h"

#include "codecs/kernels/avx2_inline.h"

/* the runs between events, in two 32-byte moves */
#define QP_COPY64(dst, src) \
	(store32((dst), load32(src)), store32((dst) + 32, load32((src) + 32)))

#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_plan.h"
#include "codecs/qp_whole.h"

/*
 * The classes' byte constants.  The text encoder makes them once a call
 * and holds them in registers (each window made them anew, three
 * instructions each, when gcc saw that they were constants: the call to
 * the event steps in its loop clobbers every vector register).
 */
struct class_consts {
	__m256i below_space, del, eq, tab, cr, lf, space;
};

#define CLASS_CONSTS(f)                                                                         \
	{ f(_mm256_set1_epi8(31)), f(_mm256_set1_epi8(127)), f(_mm256_set1_epi8('=')),             \
	  f(_mm256_set1_epi8('\t')), f(_mm256_set1_epi8('\r')), f(_mm256_set1_epi8('\n')),        \
	  f(_mm256_set1_epi8(' ')) }
#define AS_IS(k) (k)

/* k, which the compiler may no longer make anew where it is used */
static inline __m256i opaque(__m256i k)
{
	__asm__("" : "+x"(k));
	return k;
}

/* Bit i set where byte i is not plain. */
static inline uint32_t special_mask(__m256i v, const struct class_consts *k)
{
	/* signed compares: bytes >= 128 are negative, so below 32 too */
	__m256i printable = _mm256_and_si256(_mm256_cmpgt_epi8(v, k->below_space), _mm256_cmpgt_epi8(k->del, v));
	__m256i plain = _mm256_or_si256(_mm256_andnot_si256(_mm256_cmpeq_epi8(v, k->eq), printable),
	                                _mm256_cmpeq_epi8(v, k->tab));

	return ~(uint32_t)_mm256_movemask_epi8(plain);
}

static inline uint64_t bits_of(__m256i lo, __m256i hi)
{
	return (uint32_t)_mm256_movemask_epi8(lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

static inline __attribute__((always_inline)) void classify_with(const uint8_t *src, struct qp_marks *m,
                                                                const struct class_consts *k)
{
	__m256i a = load32(src), b = load32(src + 32);

	m->special = (uint64_t)special_mask(a, k) | (uint64_t)special_mask(b, k) << 32;
	m->cr = bits_of(_mm256_cmpeq_epi8(a, k->cr), _mm256_cmpeq_epi8(b, k->cr));
	m->lf = bits_of(_mm256_cmpeq_epi8(a, k->lf), _mm256_cmpeq_epi8(b, k->lf));
	m->blank = bits_of(_mm256_or_si256(_mm256_cmpeq_epi8(a, k->space), _mm256_cmpeq_epi8(a, k->tab)),
	                   _mm256_or_si256(_mm256_cmpeq_epi8(b, k->space), _mm256_cmpeq_epi8(b, k->tab)));
	m->eq = bits_of(_mm256_cmpeq_epi8(a, k->eq), _mm256_cmpeq_epi8(b, k->eq));
}

static void avx2_classify(const uint8_t *src, struct qp_marks *m)
{
	const struct class_consts k = CLASS_CONSTS(AS_IS);

	classify_with(src, m, &k);
}

/*
 * The decoder's byte constants, each a whole vector in memory: the
 * instructions read them there (kept in registers, gcc ran out of them
 * and made each anew in every window, two instructions a constant).
 */
#define ALL32(c) { (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), \
	           (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c), (c) }
enum { K_EQ, K_CR, K_LF, K_TAB, K_SPACE, K_NIBBLE, K_AT, K_NINE, K_HIGH, K_TO_SIGNED, K_PAST_TILDE, K_CASE,
       K_BELOW_SPACE, K_DEL, K_COUNT };
static const uint8_t dec_consts[K_COUNT][32] __attribute__((aligned(32))) = {
	ALL32('='), ALL32('\r'), ALL32('\n'), ALL32('\t'), ALL32(' '), ALL32(15), ALL32('@'), ALL32(9),
	ALL32(0xf0), ALL32(0x60), ALL32(0xdf), ALL32(0x20), ALL32(31), ALL32(127),
};

/* The table, where gcc cannot see what it holds (else it makes the constants anew from immediates). */
static inline const uint8_t (*dec_table(void))[32]
{
	const uint8_t(*t)[32] = dec_consts;

	__asm__("" : "+r"(t));
	return t;
}
#define K(i) _mm256_load_si256((const __m256i *)(const void *)dec_table()[i])

/*
 * Each byte's value as a hex digit (low nibble, plus 9 for letters), and
 * 0xff where it is an upper-case one: where writing that value back as a
 * digit gives the byte again (every other byte gives another); when
 * lower, also where it is a lower-case one (then *is_lower too).
 */
static inline __attribute__((always_inline)) __m256i hex_value(__m256i v, int lower, __m256i *is_hex,
                                                               __m256i *is_lower)
{
	const __m256i digits = _mm256_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A',
	                                        'B', 'C', 'D', 'E', 'F', '0', '1', '2', '3', '4', '5',
	                                        '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F');
	const __m256i value = _mm256_add_epi8(_mm256_and_si256(v, K(K_NIBBLE)),
	                                      _mm256_and_si256(_mm256_cmpgt_epi8(v, K(K_AT)), K(K_NINE)));

	*is_hex = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(digits, value), v);
	if (lower) {
		/* a letter's value written back as a digit, with the case bit set */
		*is_lower = _mm256_cmpeq_epi8(_mm256_or_si256(_mm256_shuffle_epi8(digits, value), K(K_CASE)), v);
		*is_lower = _mm256_andnot_si256(*is_hex, *is_lower);
		*is_hex = _mm256_or_si256(*is_hex, *is_lower);
	}
	return value;
}

/* The marks of 32 bytes of a window, as qp_whole.h asks. */
struct half_marks {
	uint32_t good, drop, ends, lower_esc;
};

/*
 * 32 bytes v of a window, given the two bytes before each (b1, b2) and
 * the two after (a1, a2): writes its output, the '=' of each escape
 * standing for its value, unpacked, to *out and its marks to *m.
 */
static inline __attribute__((always_inline)) void
decode_half(__m256i v, __m256i b1, __m256i b2, __m256i a1, __m256i a2, int drop_cr, int lone_lf,
            int lower, __m256i *out, struct half_marks *m)
{
	const __m256i eq = _mm256_cmpeq_epi8(v, K(K_EQ)), cr = _mm256_cmpeq_epi8(v, K(K_CR));
	const __m256i lf = _mm256_cmpeq_epi8(v, K(K_LF)), tab = _mm256_cmpeq_epi8(v, K(K_TAB));
	const __m256i lf1 = _mm256_cmpeq_epi8(a1, K(K_LF)), cr1 = _mm256_cmpeq_epi8(a1, K(K_CR));
	const __m256i end1 = _mm256_or_si256(lf1, cr1), ends = _mm256_or_si256(cr, lf);
	const __m256i soft = _mm256_and_si256(
		eq, _mm256_or_si256(lf1, _mm256_and_si256(cr1, _mm256_cmpeq_epi8(a2, K(K_LF)))));
	/* ' ' to '~': signed, v + 0x60 from -128 to -34 */
	const __m256i printable = _mm256_cmpgt_epi8(K(K_PAST_TILDE), _mm256_add_epi8(v, K(K_TO_SIGNED)));
	const __m256i blank = _mm256_or_si256(_mm256_cmpeq_epi8(v, K(K_SPACE)), tab);
	__m256i hex1, hex2, lower1, lower2, bad, drop;
	const __m256i hi = hex_value(a1, lower, &hex1, &lower1), lo = hex_value(a2, lower, &hex2, &lower2);
	const __m256i value = _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi16(hi, 4), K(K_HIGH)), lo);

	/* an '=' neither an escape nor a soft break, a CR alone, a blank before a line end */
	bad = _mm256_or_si256(_mm256_andnot_si256(_mm256_or_si256(soft, _mm256_and_si256(hex1, hex2)), eq),
	                      _mm256_andnot_si256(lf1, cr));
	bad = _mm256_or_si256(bad, _mm256_and_si256(blank, end1));
	if (!lone_lf)
		bad = _mm256_or_si256(bad, _mm256_andnot_si256(_mm256_or_si256(cr, eq), lf1));
	/* the bytes one after an '=', two after one unless "=\n" */
	drop = _mm256_or_si256(_mm256_cmpeq_epi8(b1, K(K_EQ)),
	                       _mm256_andnot_si256(_mm256_cmpeq_epi8(b1, K(K_LF)),
	                                           _mm256_cmpeq_epi8(b2, K(K_EQ))));
	drop = _mm256_or_si256(drop, soft);
	if (drop_cr)
		drop = _mm256_or_si256(drop, cr);
	*out = _mm256_blendv_epi8(v, value, eq);
	m->good = (uint32_t)_mm256_movemask_epi8(
		_mm256_andnot_si256(bad, _mm256_or_si256(_mm256_or_si256(printable, tab), ends)));
	m->drop = (uint32_t)_mm256_movemask_epi8(drop);
	m->ends = (uint32_t)_mm256_movemask_epi8(ends);
	if (lower)
		m->lower_esc = (uint32_t)_mm256_movemask_epi8(
			_mm256_and_si256(_mm256_andnot_si256(soft, eq), _mm256_or_si256(lower1, lower2)));
}

static inline long long compact8_row(unsigned keep)
{
	long long row;

	memcpy(&row, mc_compact8[keep], 8);
	return row;
}

/*
 * The bytes of x not marked in drop to dst (32 bytes of room), packed;
 * returns how many.  (A half with nothing to drop is packed too: a
 * branch to store it whole made text that the predictor had not seen
 * decode at 2.9 GB/s instead of 4.2, for 6% on the same input again and
 * again.)
 */
static inline size_t pack32(__m256i x, uint32_t drop, uint8_t *dst)
{
	const uint32_t keep = ~drop;
	const __m256i shuf = _mm256_add_epi8(
		_mm256_setr_epi64x(compact8_row(keep & 0xff), compact8_row(keep >> 8 & 0xff),
		                   compact8_row(keep >> 16 & 0xff), compact8_row(keep >> 24)),
		_mm256_setr_epi64x(0, 0x0808080808080808LL, 0, 0x0808080808080808LL));
	const __m256i packed = _mm256_shuffle_epi8(x, shuf);
	const __m128i lo = _mm256_castsi256_si128(packed), hi = _mm256_extracti128_si256(packed, 1);

	/* (MOVHPS through the intrinsic that takes any alignment: _mm_storeh_pd's store is a double's) */
	_mm_storel_epi64((__m128i *)(void *)dst, lo);
	_mm_storeh_pi((__m64 *)(void *)(dst + __builtin_popcount(keep & 0xff)), _mm_castsi128_ps(lo));
	_mm_storel_epi64((__m128i *)(void *)(dst + __builtin_popcount(keep & 0xffff)), hi);
	_mm_storeh_pi((__m64 *)(void *)(dst + __builtin_popcount(keep & 0xffffff)), _mm_castsi128_ps(hi));
	return (size_t)__builtin_popcount(keep);
}

/*
 * The window function of qp_whole.h: two halves, each byte read with the
 * two before it and the two after; the two before the window are its
 * carry (bytes 62 and 63 of the one before), so that nothing before src
 * is read.
 */
static inline __attribute__((always_inline)) uint64_t
decode_window(const uint8_t *p, int drop_cr, int lone_lf, int lower, uint64_t carry, uint8_t *dst,
              struct qp_window *w)
{
	const __m256i v0 = load32(p), v1 = load32(p + 32);
	/* bytes -1 to 30, -2 to 29 of the window */
	const __m256i joint = _mm256_permute2x128_si256(
		_mm256_castsi128_si256(_mm_insert_epi16(_mm_setzero_si128(), (int)carry, 7)), v0, 0x20);
	uint16_t last2;
	struct half_marks m0, m1;
	__m256i out0, out1;
	size_t n0;

	decode_half(v0, _mm256_alignr_epi8(v0, joint, 15), _mm256_alignr_epi8(v0, joint, 14),
	            load32(p + 1), load32(p + 2), drop_cr, lone_lf, lower, &out0, &m0);
	decode_half(v1, load32(p + 31), load32(p + 30), load32(p + 33), load32(p + 34), drop_cr,
	            lone_lf, lower, &out1, &m1);
	n0 = pack32(out0, m0.drop, dst);
	w->n = n0 + pack32(out1, m1.drop, dst + n0);
	w->ends = m0.ends | (uint64_t)m1.ends << 32;
	memcpy(&last2, p + 62, 2);
	w->carry = last2;
	if (lower)
		w->lower_esc = m0.lower_esc | (uint64_t)m1.lower_esc << 32;
	return ~(m0.good | (uint64_t)m1.good << 32);
}

/* The classes of a window, as avx2_classify(), from the decoder's table. */
static inline __attribute__((always_inline)) void dec_classify(const uint8_t *p, struct qp_marks *m)
{
	const struct class_consts k = { K(K_BELOW_SPACE), K(K_DEL), K(K_EQ), K(K_TAB), K(K_CR), K(K_LF),
	                                K(K_SPACE) };

	classify_with(p, m, &k);
}

/* decode_window(), a window with no '=' tried as plain first (qp_plain_first()) */
static inline __attribute__((always_inline)) uint64_t
decode_window_plain_first(const uint8_t *p, int drop_cr, int lone_lf, int lower, uint64_t carry,
                          uint8_t *dst, struct qp_window *w)
{
	const __m256i eq = _mm256_or_si256(_mm256_cmpeq_epi8(load32(p), K(K_EQ)),
	                                   _mm256_cmpeq_epi8(load32(p + 32), K(K_EQ)));

	return qp_plain_first(p, drop_cr, lone_lf, lower, carry, dst, w, _mm256_movemask_epi8(eq) != 0,
	                      dec_classify, decode_window);
}

static size_t avx2_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  mc_eol eol, uint64_t *line_len, size_t *written,
                                  mc_qp_defects *defects, uint64_t base)
{
	return qp_decode_whole(src, len, dst, cap, eol, line_len, written, defects, base,
	                       decode_window_plain_first);
}

static inline __attribute__((always_inline)) void avx2_enc_marks(const uint8_t *q, uint64_t *cr_before,
                                                              struct enc_marks *e, const void *consts)
{
	struct qp_marks m;

	classify_with(q, &m, consts);
	qp_enc_marks(&m, q, cr_before, e);
}

static size_t avx2_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                               unsigned *col, unsigned width, int crlf)
{
	const struct class_consts k = CLASS_CONSTS(opaque);

	return crlf ? qp_encode_wide(src, len, out, cap, col, width, 1, avx2_enc_marks, &k)
	            : qp_encode_wide(src, len, out, cap, col, width, 0, avx2_enc_marks, &k);
}

const struct qp_kernels mc_qp_kernels_avx2 = {
	.classify = avx2_classify,
	.encode_text = avx2_encode_text,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
	.decode_windows = avx2_decode_windows,
};
