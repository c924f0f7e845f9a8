/*
 * NEON quoted-printable kernel: byte classes 16 at a time, turned into
 * bit masks by weighting and adding across lanes (NEON has no movemask);
 * dense escapes with table lookups, as the x86 kernels do with shuffles.
 */
#include "config.h"

#include <arm_neon.h>

#include "codecs/qp_plan.h"

/* 0xff where a byte is plain (32-126 except '=', and tab). */
static inline uint8x16_t plain16(uint8x16_t v)
{
	uint8x16_t printable = vandq_u8(vcgeq_u8(v, vdupq_n_u8(32)), vcleq_u8(v, vdupq_n_u8(126)));

	return vorrq_u8(vbicq_u8(printable, vceqq_u8(v, vdupq_n_u8('='))), vceqq_u8(v, vdupq_n_u8('\t')));
}

static inline uint8x8_t plain8(uint8x8_t v)
{
	uint8x8_t printable = vand_u8(vcge_u8(v, vdup_n_u8(32)), vcle_u8(v, vdup_n_u8(126)));

	return vorr_u8(vbic_u8(printable, vceq_u8(v, vdup_n_u8('='))), vceq_u8(v, vdup_n_u8('\t')));
}

/* Bits of an 8-byte comparison result (0xff or 0 per byte), one per byte. */
static inline unsigned mask8(uint8x8_t m)
{
	static const uint8_t weights[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };
	return vaddv_u8(vand_u8(m, vld1_u8(weights)));
}

/*
 * Writes a block's output (g0, g1: its bytes 0-15 and 16-31) from byte
 * split on at dst, after the soft break there.
 */
static inline void neon_soft_break(uint8x16_t g0, uint8x16_t g1, unsigned split, uint8_t *dst,
                                   const struct qp_group_args *a)
{
	const uint8x16_t from = vld1q_u8(qp_slide + 16 + split), from_hi = vld1q_u8(qp_slide + split);
	uint8_t *rest = dst + (a->crlf ? 3 : 2);

	memcpy(dst, qp_softs[a->crlf != 0], 4);
	vst1q_u8(rest, vorrq_u8(vqtbl1q_u8(g0, from), vqtbl1q_u8(g1, from_hi)));
	vst1q_u8(rest + 16, vqtbl1q_u8(g1, from));
}

static size_t neon_encode_groups(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                 unsigned *col_io, const struct qp_group_args *a, size_t *written)
{
	static const uint8_t hex_digits[16] = { '0', '1', '2', '3', '4', '5', '6', '7',
	                                        '8', '9', 'A', 'B', 'C', 'D', 'E', 'F' };
	const uint8x16_t hex = vld1q_u8(hex_digits);
	unsigned col = *col_io;
	size_t i = 0, o = 0;

	/* (a block writes 32 bytes; with a soft break 24 + 3 + 32) */
	while (n - i >= 10 && cap - o >= 64) {
		uint8x8_t v = vld1_u8(src + i);
		unsigned esc = mask8(vmvn_u8(plain8(v))), split;
		unsigned eol = mask8(vorr_u8(vceq_u8(v, vdup_n_u8('\n')), vceq_u8(v, vdup_n_u8('\r'))));
		unsigned len = qp_group_len(src + i, esc, eol, col, a, &split);
		const uint8_t (*t)[16] = mc_qp_expand[esc];
		uint8x16_t A, B, g0, g1;

		/* plain stretches go back to the driver's longer runs */
		if (len == 0 || esc == 0)
			break;
		A = vcombine_u8(v, vqtbl1_u8(hex, vshr_n_u8(v, 4)));
		B = vcombine_u8(vqtbl1_u8(hex, vand_u8(v, vdup_n_u8(0x0f))), vdup_n_u8('='));
		g0 = vorrq_u8(vqtbl1q_u8(A, vld1q_u8(t[0])), vqtbl1q_u8(B, vld1q_u8(t[1])));
		g1 = vorrq_u8(vqtbl1q_u8(A, vld1q_u8(t[2])), vqtbl1q_u8(B, vld1q_u8(t[3])));
		vst1q_u8(dst + o, g0);
		vst1q_u8(dst + o + 16, g1);
		if (split < len)
			neon_soft_break(g0, g1, split, dst + o + split, a);
		qp_group_done(len, split, a, &o, &col);
		i += 8;
	}
	*col_io = col;
	*written = o;
	return i;
}

/* Bits of a 16-byte comparison result, one per byte. */
static inline unsigned mask16(uint8x16_t m)
{
	static const uint8_t weights[16] = { 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 };
	uint8x16_t t = vandq_u8(m, vld1q_u8(weights));

	return vaddv_u8(vget_low_u8(t)) | (unsigned)vaddv_u8(vget_high_u8(t)) << 8;
}

static inline uint8x16_t hex_values(uint8x16_t c, uint8x16_t *bad)
{
	uint8x16_t digit = vandq_u8(vcgeq_u8(c, vdupq_n_u8('0')), vcleq_u8(c, vdupq_n_u8('9')));
	uint8x16_t upper = vandq_u8(vcgeq_u8(c, vdupq_n_u8('A')), vcleq_u8(c, vdupq_n_u8('F')));

	*bad = vmvnq_u8(vorrq_u8(digit, upper));
	return vaddq_u8(vandq_u8(c, vdupq_n_u8(15)), vandq_u8(upper, vdupq_n_u8(9)));
}

/* Blocks of 16 bytes with =XX escapes: see qp_group_sse.h. */
static size_t neon_decode_blocks(const uint8_t *src, size_t n, uint8_t *dst, size_t cap,
                                 uint64_t *line_len_io, size_t *written)
{
	uint64_t line_len = *line_len_io;
	size_t i = 0, o = 0;

	while (n - i >= 18 && cap - o >= 16 && qp_line_fits(line_len, 18)) {
		uint8x16_t v = vld1q_u8(src + i), b1, b2;
		uint8x16_t h1 = hex_values(vld1q_u8(src + i + 1), &b1);
		uint8x16_t h2 = hex_values(vld1q_u8(src + i + 2), &b2);
		uint8x16_t is_eq = vceqq_u8(v, vdupq_n_u8('='));
		uint8x16_t plain = plain16(v);
		unsigned eq = mask16(is_eq), bad_hex = mask16(vorrq_u8(b1, b2)) & eq;
		unsigned cover = (eq << 1) | (eq << 2), keep = ~cover & 0xffff;
		unsigned step = (cover & 0x20000) ? 18 : (cover & 0x10000) ? 17 : 16, n0;
		uint8x16_t out;

		if (eq == 0 || bad_hex != 0 || (~mask16(plain) & 0xffff & ~eq) != 0 ||
		    (!(cover & 0x8000) && (src[i + 15] == ' ' || src[i + 15] == '\t')))
			break;
		out = vbslq_u8(is_eq, vorrq_u8(vshlq_n_u8(h1, 4), h2), v);
		vst1_u8(dst + o, vqtbl1_u8(out, vld1_u8(mc_compact8[keep & 0xff])));
		n0 = (unsigned)__builtin_popcount(keep & 0xff);
		vst1_u8(dst + o + n0, vqtbl1_u8(vextq_u8(out, out, 8), vld1_u8(mc_compact8[keep >> 8])));
		o += n0 + (unsigned)__builtin_popcount(keep >> 8);
		line_len += step;
		i += step;
	}
	*line_len_io = line_len;
	*written = o;
	return i;
}

static inline __attribute__((always_inline)) void neon_classify(const uint8_t *src, struct qp_marks *m)
{
	unsigned i;

	m->special = m->cr = m->lf = m->blank = m->eq = 0;
	for (i = 0; i < QP_WINDOW; i += 16) {
		uint8x16_t v = vld1q_u8(src + i);
		m->special |= (uint64_t)mask16(vmvnq_u8(plain16(v))) << i;
		m->cr |= (uint64_t)mask16(vceqq_u8(v, vdupq_n_u8('\r'))) << i;
		m->lf |= (uint64_t)mask16(vceqq_u8(v, vdupq_n_u8('\n'))) << i;
		m->blank |= (uint64_t)mask16(vorrq_u8(vceqq_u8(v, vdupq_n_u8(' ')), vceqq_u8(v, vdupq_n_u8('\t')))) << i;
		m->eq |= (uint64_t)mask16(vceqq_u8(v, vdupq_n_u8('='))) << i;
	}
}

/* 16 bytes with each '=' replaced by the value of the hex digits after it, packed by keep. */
static inline void unescape_pack16(const uint8_t *src, unsigned keep, uint8_t *dst, size_t n0)
{
	uint8x16_t v = vld1q_u8(src), bad;
	uint8x16_t hi = hex_values(vld1q_u8(src + 1), &bad), lo = hex_values(vld1q_u8(src + 2), &bad);
	uint8x16_t x = vbslq_u8(vceqq_u8(v, vdupq_n_u8('=')), vorrq_u8(vshlq_n_u8(hi, 4), lo), v);
	uint8x8_t idx_lo = vld1_u8(mc_compact8[keep & 0xff]);
	uint8x8_t idx_hi = vadd_u8(vld1_u8(mc_compact8[keep >> 8]), vdup_n_u8(8));
	uint8x16_t packed = vqtbl1q_u8(x, vcombine_u8(idx_lo, idx_hi));

	vst1_u8(dst, vget_low_u8(packed));
	vst1_u8(dst + n0, vget_high_u8(packed));
}

static size_t neon_squeeze(const uint8_t *src, uint64_t keep, uint8_t *dst)
{
	const uint64_t ends = group_ends(keep);
	size_t start = 0;
	unsigned i;

	for (i = 0; i < QP_WINDOW; i += 16) {
		size_t mid = (size_t)(ends >> i & 0xff);
		unescape_pack16(src + i, (unsigned)(keep >> i) & 0xffff, dst + start, mid - start);
		start = (size_t)(ends >> (i + 8) & 0xff);
	}
	return start;
}

static inline __attribute__((always_inline)) uint64_t neon_hex_digits(const uint8_t *src)
{
	uint64_t hex = 0;
	unsigned i;

	for (i = 0; i < QP_WINDOW; i += 16) {
		uint8x16_t bad;
		hex_values(vld1q_u8(src + i), &bad);
		hex |= (uint64_t)(~mask16(bad) & 0xffff) << i;
	}
	return hex;
}

static size_t neon_decode_windows(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                  mc_eol eol, uint64_t *line_len, size_t *written,
                                  mc_qp_defects *defects, uint64_t base)
{
	return qp_decode_windows(src, len, dst, cap, eol, line_len, written, defects, base,
	                         neon_classify, neon_hex_digits, neon_squeeze);
}

static size_t neon_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                               unsigned *col, unsigned width, int crlf)
{
	return qp_encode_text_windows(src, len, out, cap, col, width, crlf, neon_classify);
}

const struct qp_kernels mc_qp_kernels_neon = {
	.classify = neon_classify,
	.encode_text = neon_encode_text,
	.encode_groups = neon_encode_groups,
	.decode_blocks = neon_decode_blocks,
	.decode_windows = neon_decode_windows,
};
