/*
 * Scalar quoted-printable kernel: the byte classes of 64 bytes, eight at
 * a time in a 64-bit word (SWAR), so the scalar path shares the drivers'
 * whole-window logic with the vector ones.
 */
#include "config.h"

#include <string.h>

#include "codecs/qp_plan.h"

#define HEX_DIGIT(n) ((n) < 10 ? '0' + (n) : 'A' + (n) - 10)
#define TOKEN(c) { '=', HEX_DIGIT((c) >> 4), HEX_DIGIT((c) & 15), 0 }
#define TOKENS4(c) TOKEN(c), TOKEN((c) + 1), TOKEN((c) + 2), TOKEN((c) + 3)
#define TOKENS16(c) TOKENS4(c), TOKENS4((c) + 4), TOKENS4((c) + 8), TOKENS4((c) + 12)
#define TOKENS64(c) TOKENS16(c), TOKENS16((c) + 16), TOKENS16((c) + 32), TOKENS16((c) + 48)

const uint8_t mc_qp_tokens[256][4] __attribute__((aligned(64))) = {
	TOKENS64(0), TOKENS64(64), TOKENS64(128), TOKENS64(192),
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 8 little-endian bytes. */
static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t x;

	memcpy(&x, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	return x;
}

/* 0x80 in each byte of x equal to c. */
static inline uint64_t bytes_equal(uint64_t x, uint8_t c)
{
	uint64_t t = x ^ (ONES * c);

	return ~(((t & ~HIGHS) + ~HIGHS) | t) & HIGHS;
}

/* The top bits of the 8 bytes, gathered into one bit per byte. */
static inline uint64_t gather(uint64_t highs)
{
	return ((highs >> 7) * 0x0102040810204080ULL) >> 56;
}

static inline __attribute__((always_inline)) void scalar_classify(const uint8_t *src, struct qp_marks *m)
{
	unsigned i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < QP_WINDOW; i += 8) {
		uint64_t x = load_le64(src + i), low = x & ~HIGHS;
		/* 32-126: bit 7 clear, low + 0x60 carries into bit 7, low + 1 does not */
		uint64_t printable = (low + ONES * 0x60) & ~(low + ONES) & ~x & HIGHS;
		uint64_t eq = bytes_equal(x, '='), tab = bytes_equal(x, '\t');
		uint64_t plain = (printable & ~eq) | tab;

		m->special |= gather(~plain & HIGHS) << i;
		m->cr |= gather(bytes_equal(x, '\r')) << i;
		m->lf |= gather(bytes_equal(x, '\n')) << i;
		m->blank |= gather(bytes_equal(x, ' ') | tab) << i;
		m->eq |= gather(eq) << i;
	}
}

static size_t scalar_encode_text(const uint8_t *src, size_t len, uint8_t **out, size_t cap,
                                 unsigned *col, unsigned width, int crlf)
{
	return qp_encode_text_windows(src, len, out, cap, col, width, crlf, scalar_classify);
}

const struct qp_kernels mc_qp_kernels_scalar = {
	.classify = scalar_classify,
	.encode_text = scalar_encode_text,
};
