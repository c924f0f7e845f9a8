/* SSSE3 quoted-printable kernel: the AVX2 one with 16-byte vectors (SSE2 suffices to classify). */
#include "config.h"

#include "codecs/kernels/ssse3_inline.h"
#include "codecs/kernels/qp_group_sse.h"
#include "codecs/qp_plan.h"

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

static inline __attribute__((always_inline)) uint64_t ssse3_hex_digits(const uint8_t *src)
{
	uint64_t hex = 0;
	unsigned i;

	for (i = 0; i < QP_WINDOW; i += 16)
		hex |= (uint64_t)qp_sse_hex_digits(load16(src + i)) << i;
	return hex;
}

static size_t ssse3_squeeze(const uint8_t *src, uint64_t keep, uint8_t *dst)
{
	const uint64_t ends = group_ends(keep);
	size_t start = 0;
	unsigned i;

	for (i = 0; i < QP_WINDOW; i += 16) {
		__m128i x = qp_sse_unescape(load16(src + i), load16(src + i + 1), load16(src + i + 2));
		size_t mid = (size_t)(ends >> i & 0xff);
		qp_sse_pack16(x, (unsigned)(keep >> i) & 0xffff, dst + start, mid - start);
		start = (size_t)(ends >> (i + 8) & 0xff);
	}
	return start;
}

static size_t ssse3_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                   mc_eol eol, uint64_t *line_len, size_t *written,
                                   mc_defect *long_lines, uint64_t base)
{
	return qp_decode_windows(src, len, dst, cap, eol, line_len, written, long_lines, base,
	                         ssse3_classify, ssse3_hex_digits, ssse3_squeeze);
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
