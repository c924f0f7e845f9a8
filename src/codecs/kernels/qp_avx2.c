/*
 * AVX2 quoted-printable kernel: the byte classes of a window as bit masks
 * (plain is 32-126 except '=', and tab), two vectors and five movemasks
 * each; text encoded by qp_plan.h's whole windows, dense escapes by the
 * shared 128-bit block code.
 */
#include "config.h"

#include "codecs/kernels/avx2_inline.h"

/* the runs between events, in two 32-byte moves */
#define QP_COPY64(dst, src) \
	(store32((dst), load32(src)), store32((dst) + 32, load32((src) + 32)))

#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_plan.h"

/* Bit i set where byte i is not plain. */
static inline uint32_t special_mask(__m256i v)
{
	/* signed compares: bytes >= 128 are negative, so below 32 too */
	__m256i printable = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(31)),
	                                     _mm256_cmpgt_epi8(_mm256_set1_epi8(127), v));
	__m256i plain = _mm256_or_si256(
		_mm256_andnot_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('=')), printable),
		_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t')));

	return ~(uint32_t)_mm256_movemask_epi8(plain);
}

static inline uint64_t bits_of(__m256i lo, __m256i hi)
{
	return (uint32_t)_mm256_movemask_epi8(lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(hi) << 32;
}

static inline __m256i equal(__m256i v, char c)
{
	return _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c));
}

/* 0xff where a byte is an upper-case hex digit. */
static inline __m256i hex_digit(__m256i v)
{
	__m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)),
	                                 _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v));
	__m256i upper = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
	                                 _mm256_cmpgt_epi8(_mm256_set1_epi8('F' + 1), v));

	return _mm256_or_si256(digit, upper);
}

static inline __attribute__((always_inline)) void avx2_classify(const uint8_t *src, struct qp_marks *m)
{
	__m256i a = load32(src), b = load32(src + 32);

	m->special = (uint64_t)special_mask(a) | (uint64_t)special_mask(b) << 32;
	m->cr = bits_of(equal(a, '\r'), equal(b, '\r'));
	m->lf = bits_of(equal(a, '\n'), equal(b, '\n'));
	m->blank = bits_of(_mm256_or_si256(equal(a, ' '), equal(a, '\t')),
	                   _mm256_or_si256(equal(b, ' '), equal(b, '\t')));
	m->eq = bits_of(equal(a, '='), equal(b, '='));
}

static inline __attribute__((always_inline)) uint64_t avx2_hex_digits(const uint8_t *src)
{
	return bits_of(hex_digit(load32(src)), hex_digit(load32(src + 32)));
}

/* v with each '=' replaced by the value of the hex digits in after1 and after2. */
static inline __m256i unescape(__m256i v, __m256i after1, __m256i after2)
{
	const __m256i nibble = _mm256_set1_epi8(15), nine = _mm256_set1_epi8(9), at = _mm256_set1_epi8('@');
	__m256i hi = _mm256_add_epi8(_mm256_and_si256(after1, nibble),
	                             _mm256_and_si256(_mm256_cmpgt_epi8(after1, at), nine));
	__m256i lo = _mm256_add_epi8(_mm256_and_si256(after2, nibble),
	                             _mm256_and_si256(_mm256_cmpgt_epi8(after2, at), nine));
	__m256i val = _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi16(hi, 4), _mm256_set1_epi8((char)0xf0)), lo);

	return _mm256_blendv_epi8(v, val, equal(v, '='));
}

static size_t avx2_squeeze(const uint8_t *src, uint64_t keep, uint8_t *dst)
{
	const uint64_t ends = group_ends(keep);
	size_t start = 0, mid;
	unsigned i;

	for (i = 0; i < QP_WINDOW; i += 32) {
		__m256i x = unescape(load32(src + i), load32(src + i + 1), load32(src + i + 2));
		mid = (size_t)(ends >> i & 0xff);
		qp_sse_pack16(_mm256_castsi256_si128(x), (unsigned)(keep >> i) & 0xffff, dst + start,
		              mid - start);
		start = (size_t)(ends >> (i + 8) & 0xff);
		mid = (size_t)(ends >> (i + 16) & 0xff);
		qp_sse_pack16(_mm256_extracti128_si256(x, 1), (unsigned)(keep >> (i + 16)) & 0xffff,
		              dst + start, mid - start);
		start = (size_t)(ends >> (i + 24) & 0xff);
	}
	return start;
}

static size_t avx2_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  mc_eol eol, uint64_t *line_len, size_t *written,
                                  mc_defect *long_lines, uint64_t base)
{
	return qp_decode_windows(src, len, dst, cap, eol, line_len, written, long_lines, base,
	                         avx2_classify, avx2_hex_digits, avx2_squeeze);
}

static inline __attribute__((always_inline)) void avx2_enc_marks(const uint8_t *q, uint64_t *cr_before,
                                                              struct enc_marks *e)
{
	struct qp_marks m;

	avx2_classify(q, &m);
	qp_enc_marks(&m, q, cr_before, e);
}

static size_t avx2_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                               unsigned *col, unsigned width, int crlf)
{
	return crlf ? qp_encode_wide(src, len, out, cap, col, width, 1, avx2_enc_marks)
	            : qp_encode_wide(src, len, out, cap, col, width, 0, avx2_enc_marks);
}

const struct qp_kernels mc_qp_kernels_avx2 = {
	.classify = avx2_classify,
	.encode_text = avx2_encode_text,
	.encode_groups = qp_sse_encode_groups,
	.decode_blocks = qp_sse_decode_blocks,
	.decode_windows = avx2_decode_windows,
};
