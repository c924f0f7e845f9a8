/*
 * Scalar base64 kernels: the oracle every SIMD path is tested against,
 * and quick on CPUs without SIMD.  Encoding maps 12 bits to two
 * characters with one table load; decoding maps each character to its
 * sextet already shifted into place, with bit 31 flagging a non-alphabet
 * character, so four loads and three ORs decode and validate a quantum.
 */
#include "config.h"

#include <string.h>

#include "codecs/base64_impl.h"

const char mc_b64_alphabet_chars[2][65] = {
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
};

uint8_t mc_b64_class[2][256];

static uint16_t enc12[2][4096];     /* two characters, in memory order */
static uint32_t dec32[2][4][256];   /* sextet << (18 - 6 * position) */

#define DEC_BAD 0x80000000u

void mc_b64_tables_init(void)
{
	int a, c, i;

	for (a = 0; a < 2; a++) {
		const char *chars = mc_b64_alphabet_chars[a];

		for (c = 0; c < 256; c++)
			mc_b64_class[a][c] = B64_BAD;
		mc_b64_class[a]['='] = B64_PAD;
		mc_b64_class[a]['\r'] = B64_WS;
		mc_b64_class[a]['\n'] = B64_WS;
		mc_b64_class[a][' '] = B64_WS;
		mc_b64_class[a]['\t'] = B64_WS;
		for (i = 0; i < 64; i++)
			mc_b64_class[a][(uint8_t)chars[i]] = (uint8_t)i;

		for (i = 0; i < 4096; i++) {
			uint8_t pair[2] = { (uint8_t)chars[i >> 6], (uint8_t)chars[i & 63] };
			memcpy(&enc12[a][i], pair, 2);
		}
		for (c = 0; c < 256; c++) {
			uint8_t v = mc_b64_class[a][c];
			for (i = 0; i < 4; i++)
				dec32[a][i][c] = v < 64 ? (uint32_t)v << (18 - 6 * i) : DEC_BAD;
		}
	}
}

static inline uint32_t load24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

size_t mc_b64_scalar_encode_bulk(const uint8_t *src, size_t len, uint8_t *dst, int url)
{
	const uint16_t *t = enc12[url];
	size_t i = 0;

	for (; len - i >= 12; i += 12, dst += 16) {
		uint32_t a = load24(src + i), b = load24(src + i + 3);
		uint32_t c = load24(src + i + 6), d = load24(src + i + 9);
		memcpy(dst + 0, &t[a >> 12], 2);
		memcpy(dst + 2, &t[a & 0xfff], 2);
		memcpy(dst + 4, &t[b >> 12], 2);
		memcpy(dst + 6, &t[b & 0xfff], 2);
		memcpy(dst + 8, &t[c >> 12], 2);
		memcpy(dst + 10, &t[c & 0xfff], 2);
		memcpy(dst + 12, &t[d >> 12], 2);
		memcpy(dst + 14, &t[d & 0xfff], 2);
	}
	for (; len - i >= 3; i += 3, dst += 4) {
		uint32_t a = load24(src + i);
		memcpy(dst + 0, &t[a >> 12], 2);
		memcpy(dst + 2, &t[a & 0xfff], 2);
	}
	return i;
}

static inline uint32_t dec_quantum(const uint32_t (*t)[256], const uint8_t *p)
{
	return t[0][p[0]] | t[1][p[1]] | t[2][p[2]] | t[3][p[3]];
}

/* Stores the low 48 bits of v as 6 big-endian bytes, writing 8. */
static inline void store48(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v << 16);
#else
	v <<= 16;
#endif
	memcpy(p, &v, 8);
}

size_t mc_b64_scalar_decode_bulk(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                 int url, size_t *written)
{
	const uint32_t (*t)[256] = dec32[url];
	size_t i = 0, o = 0;

	/* 16 characters to 12 bytes; the wide stores write 2 bytes more */
	for (; len - i >= 16 && cap - o >= 14; i += 16, o += 12) {
		uint32_t a = dec_quantum(t, src + i), b = dec_quantum(t, src + i + 4);
		uint32_t c = dec_quantum(t, src + i + 8), d = dec_quantum(t, src + i + 12);
		if ((a | b | c | d) & DEC_BAD)
			break;
		store48(dst + o, (uint64_t)a << 24 | b);
		store48(dst + o + 6, (uint64_t)c << 24 | d);
	}
	for (; len - i >= 4 && cap - o >= 3; i += 4, o += 3) {
		uint32_t a = dec_quantum(t, src + i);
		if (a & DEC_BAD)
			break;
		dst[o + 0] = (uint8_t)(a >> 16);
		dst[o + 1] = (uint8_t)(a >> 8);
		dst[o + 2] = (uint8_t)a;
	}
	*written = o;
	return i;
}

static size_t scalar_encode(const uint8_t *src, size_t len, uint8_t *dst,
                            const struct b64_enc_args *a, unsigned *col, size_t *written)
{
	size_t n = mc_b64_scalar_encode_bulk(src, len, dst, a->url);

	(void)col;
	*written = n / 3 * 4;
	return n;
}

/*
 * With skip_ws, a run of blanks between whole quanta (the line ends of
 * wrapped text whose width is a multiple of 4) is stepped over here.
 */
static size_t scalar_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                            int url, int skip_ws, size_t *written)
{
	size_t i = 0, o = 0, w, end;

	for (;;) {
		i += mc_b64_scalar_decode_bulk(src + i, len - i, dst + o, cap - o, url, &w);
		o += w;
		if (!skip_ws || i == len || mc_b64_class[url][src[i]] != B64_WS)
			break;
		for (end = i; end < len && mc_b64_class[url][src[end]] == B64_WS; end++)
			;
		/* the consumed input must end with an alphabet character */
		if (end == len || len - end < 4 || mc_b64_class[url][src[end]] >= 64 ||
		    mc_b64_class[url][src[end + 1]] >= 64 || mc_b64_class[url][src[end + 2]] >= 64 ||
		    mc_b64_class[url][src[end + 3]] >= 64 || cap - o < 3)
			break;
		i = end;
	}
	*written = o;
	return i;
}

const struct b64_kernels mc_b64_kernels_scalar = {
	.wrap_min = 0,
	.encode = scalar_encode,
	.decode = scalar_decode,
};
