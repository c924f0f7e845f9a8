/*
 * AVX-512 base64 kernel (F, BW, VBMI): 48 bytes to 64 characters with a
 * byte permute, a multishift that pulls the four 6-bit fields of each
 * 3-byte group into bytes, and a permute through the alphabet; 64
 * characters to 48 bytes with a permute through a 128-entry value table
 * (VPERMI2B), two multiply-adds and a permute that packs the groups.
 * Lines of 64, 72 and 76 characters are written in the same pass, and
 * MIME text in lines of one width of 64 or more is read in it; other
 * widths, and the rest of MIME decoding, run the AVX2 kernel's loops.
 */
#include "config.h"

#include <immintrin.h>
#include <string.h>

#include "codecs/base64_impl.h"
#include "codecs/kernels/avx512_inline.h"

/* Dword k: bytes 3k+1, 3k, 3k+2, 3k+1 of the input (a group's bits, big end in the middle). */
static const uint8_t spread_groups[64] __attribute__((aligned(64))) = {
	1,  0,  2,  1,  4,  3,  5,  4,  7,  6,  8,  7,  10, 9,  11, 10, 13, 12, 14, 13, 16, 15,
	17, 16, 19, 18, 20, 19, 22, 21, 23, 22, 25, 24, 26, 25, 28, 27, 29, 28, 31, 30, 32, 31,
	34, 33, 35, 34, 37, 36, 38, 37, 40, 39, 41, 40, 43, 42, 44, 43, 46, 45, 47, 46,
};

/* 0, 1, ..., 63 */
static const uint8_t lane_index[64] __attribute__((aligned(64))) = {
	0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
	22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
	44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
};

#define BLOCK_IN 48
#define BLOCK_OUT 64
#define LOW48 0x0000ffffffffffffULL

/* The characters of the (up to) 48 bytes in v. */
static inline __m512i encode_block(__m512i v, __m512i alphabet)
{
	const __m512i spread = _mm512_load_si512((const void *)spread_groups);
	/* per byte of each dword, the bit where its field starts: 10, 4, 22, 16 (then +32) */
	const __m512i fields = _mm512_set1_epi64(0x3036242a1016040aLL);

	v = _mm512_multishift_epi64_epi8(fields, _mm512_permutexvar_epi8(spread, v));
	return _mm512_permutexvar_epi8(v, alphabet);
}

/*
 * Lines of whole groups whose last block's characters and line end fit
 * 16 bytes (76 characters: 64 + 12 + CRLF; 64 and 72 too): a line at a
 * time, its full blocks stored whole and the last with the line end in
 * one 16-byte store.  Loads and stores run past the line while another
 * line follows (its output writes over what lands there).
 */
static int lines_fit(const struct b64_enc_args *a)
{
	return a->width % 4 == 0 && a->width % BLOCK_OUT + a->eol_len <= 16;
}

static size_t encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                           const struct b64_enc_args *a, __m512i alphabet, size_t *written)
{
	const unsigned width = a->width, line_in = width / 4 * 3, full = line_in / BLOCK_IN;
	const unsigned tail_at = full * BLOCK_OUT, tail = width - tail_at;
	/* the line end, in the lanes after the last block's characters */
	const __m128i eol = a->eol_len == 2 ? _mm_set1_epi16((short)(a->eol[0] | a->eol[1] << 8))
	                                    : _mm_set1_epi8((char)a->eol[0]);
	const __mmask16 eol_lanes = (__mmask16)(((1u << a->eol_len) - 1) << tail);
	const size_t step = width + a->eol_len;
	size_t i = 0, o = 0;

	for (; len - i >= 2 * line_in + BLOCK_OUT; i += line_in, o += step) {
		unsigned k;
		__m128i last;

		for (k = 0; k < full; k++)
			_mm512_storeu_si512((void *)(dst + o + k * BLOCK_OUT),
			                    encode_block(_mm512_loadu_si512((const void *)(src + i + k * BLOCK_IN)),
			                                 alphabet));
		last = _mm512_castsi512_si128(
			encode_block(_mm512_loadu_si512((const void *)(src + i + full * BLOCK_IN)), alphabet));
		_mm_storeu_si128((__m128i *)(void *)(dst + o + tail_at), _mm_mask_mov_epi8(last, eol_lanes, eol));
	}
	*written = o;
	return i;
}

static size_t avx512_encode(const uint8_t *src, size_t len, uint8_t *dst,
                            const struct b64_enc_args *a, unsigned *col, size_t *written)
{
	const __m512i alphabet = _mm512_loadu_si512((const void *)mc_b64_alphabet_chars[a->url != 0]);
	size_t i = 0, o = 0, w;

	if (a->width != 0) {
		if (*col == 0 && lines_fit(a))
			i = encode_lines(src, len, dst, a, alphabet, &o);
	} else {
		for (; len - i >= BLOCK_IN; i += BLOCK_IN, o += BLOCK_OUT) {
			/* a page ahead of the hardware prefetcher (32 MiB: 13 -> 20 GB/s on Zen 5) */
			__builtin_prefetch(src + i + 2048);
			_mm512_storeu_si512((void *)(dst + o),
			                    encode_block(_mm512_maskz_loadu_epi8(LOW48, src + i), alphabet));
		}
	}
	/* the rest (and lines that split groups) */
	i += mc_b64_kernels_avx2.encode(src + i, len - i, dst + o, a, col, &w);
	*written = o + w;
	return i;
}

/* 64 values (6 bits each) to 48 bytes at dst. */
static inline void put_bytes(__m512i values, uint8_t *dst)
{
	_mm512_mask_storeu_epi8(dst, LOW48, join_sextets512(values));
}

/* The values table: each ASCII character's value, bit 7 set where it is not in the alphabet. */
struct values {
	__m512i low, high;
};

static inline struct values load_values(int url)
{
	const __m512i bit7 = _mm512_set1_epi8((char)0x80), sixty_four = _mm512_set1_epi8(64);
	const uint8_t *const cls = mc_b64_class[url != 0];
	__m512i low = _mm512_loadu_si512((const void *)cls), high = _mm512_loadu_si512((const void *)(cls + 64));
	struct values t = { _mm512_mask_mov_epi8(low, _mm512_cmpge_epu8_mask(low, sixty_four), bit7),
		            _mm512_mask_mov_epi8(high, _mm512_cmpge_epu8_mask(high, sixty_four), bit7) };
	return t;
}

/* Decodes the 64 characters in v to dst[0, 48); 0 if one of them is not in the alphabet. */
static inline int decode_block(__m512i v, const struct values *t, uint8_t *dst)
{
	const __m512i bit7 = _mm512_set1_epi8((char)0x80);
	const __m512i values = _mm512_permutex2var_epi8(t->low, v, t->high);

	/* (and bytes past ASCII, which the table's index does not see) */
	if (_mm512_test_epi8_mask(_mm512_or_si512(values, v), bit7) != 0)
		return 0;
	put_bytes(values, dst);
	return 1;
}

/* How far the two line ends that teach a text's lines are looked for. */
#define LEARN_SPAN 2048
/* The characters a window holding a line end decodes: whole groups, 64 less the line end. */
#define EOL_WINDOW 60

/* MIME's own line width, which has a loop of its own below. */
#define MIME_WIDTH 76

/*
 * A window's check of its line end: the bytes less expect, plus 127
 * (saturating), have bit 7 set where they are not the line end.
 */
struct eol_check {
	__m512i expect, plus;
};

static inline struct eol_check eol_check_at(size_t at, const size_t e)
{
	const __mmask64 lanes = (__mmask64)(e == 2 ? 3 : 1) << at;
	const __m512i bytes = _mm512_mask_set1_epi8(_mm512_set1_epi8('\n'), (__mmask64)(e == 2) << at, '\r');
	struct eol_check c = { _mm512_maskz_mov_epi8(lanes, bytes), _mm512_maskz_set1_epi8(lanes, 127) };

	return c;
}

/*
 * Window j (0-3) of a period of 76-column lines starting at w with its
 * line end r + 16j bytes on (from: the permute closing the values over
 * it; c: the check of its line end): decodes its 60 characters to dst
 * (64 bytes stored), folding into *seen its bytes and their values (bit
 * 7: past ASCII, not in the alphabet, or not the line end where one is
 * due).
 */
static inline __attribute__((always_inline)) void
period_window(const uint8_t *w, __m512i from, const struct eol_check *c, const struct values *t,
              uint8_t *dst, __m512i *seen)
{
	const __m512i v = _mm512_loadu_si512((const void *)w);
	const __m512i packed = _mm512_permutexvar_epi8(from, _mm512_permutex2var_epi8(t->low, v, t->high));

	_mm512_storeu_si512((void *)dst, join_sextets512(packed));
	*seen = _mm512_ternarylogic_epi32(*seen, packed, _mm512_adds_epu8(_mm512_sub_epi8(v, c->expect), c->plus),
	                                  0xfe);
}

/*
 * 76-column lines with line ends of e bytes, from a window whose line end
 * is r < 12 bytes on: then four lines are five windows, the first four
 * holding a line end at r, r + 16, r + 32 and r + 48 and the fifth none,
 * and the next four lines start the same way.  So the permutes are made
 * once and no window waits on the one before (21.3 -> 28.8 GB/s).  Stops
 * before a period that is not so; returns the bytes consumed.
 */
static inline __attribute__((always_inline)) size_t
decode_periods(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, const struct values *t,
               const size_t r, const size_t e, size_t *written)
{
	const size_t step = EOL_WINDOW + e, span = 4 * step + BLOCK_OUT, out = 4 * 45 + BLOCK_IN;
	const __m512i bit7 = _mm512_set1_epi8((char)0x80), lanes = _mm512_load_si512((const void *)lane_index);
	const __m512i skip = _mm512_set1_epi8((char)e);
	/* lanes 60-63, past the window's characters, repeat its last one (it holds no line end) */
	const __m512i tail = _mm512_mask_set1_epi8(lanes, (__mmask64)0xf << EOL_WINDOW, (char)(EOL_WINDOW - 1));
	const __m512i from0 = _mm512_mask_add_epi8(tail, (__mmask64)(~0ULL << r), tail, skip);
	const __m512i from1 = _mm512_mask_add_epi8(tail, (__mmask64)(~0ULL << (r + 16)), tail, skip);
	const __m512i from2 = _mm512_mask_add_epi8(tail, (__mmask64)(~0ULL << (r + 32)), tail, skip);
	const __m512i from3 = _mm512_mask_add_epi8(tail, (__mmask64)(~0ULL << (r + 48)), tail, skip);
	const struct eol_check c0 = eol_check_at(r, e), c1 = eol_check_at(r + 16, e),
	                       c2 = eol_check_at(r + 32, e), c3 = eol_check_at(r + 48, e);
	size_t i = 0, o = 0;

	while (len - i >= span && cap - o >= out + BLOCK_IN) {
		const uint8_t *const p = src + i;
		const __m512i v = _mm512_loadu_si512((const void *)(p + 4 * step));
		const __m512i values = _mm512_permutex2var_epi8(t->low, v, t->high);
		__m512i seen = _mm512_or_si512(values, v);

		period_window(p, from0, &c0, t, dst + o, &seen);
		period_window(p + step, from1, &c1, t, dst + o + 45, &seen);
		period_window(p + 2 * step, from2, &c2, t, dst + o + 90, &seen);
		period_window(p + 3 * step, from3, &c3, t, dst + o + 135, &seen);
		_mm512_storeu_si512((void *)(dst + o + 180), join_sextets512(values));
		if (_mm512_test_epi8_mask(seen, bit7) != 0)
			break;
		i += span;
		o += out;
	}
	*written = o;
	return i;
}

/*
 * MIME text in lines of one width of 64 characters or more, the usual
 * case: a window of 64 bytes then holds one line end at most, at a place
 * the line before tells.  The values of the characters after it move
 * back over it (one permute), and the window decodes its first 60
 * characters, or all 64 if it holds no line end.  The width and the
 * line end are learnt from the first two LFs; anything else (a line of
 * another length, a blank, padding) stops it before the window that
 * holds it, for the AVX2 loops.  76-column lines go by decode_periods()
 * where they can.
 */
static size_t decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                           const struct values *t, size_t *written)
{
	const __m512i bit7 = _mm512_set1_epi8((char)0x80), lanes = _mm512_load_si512((const void *)lane_index);
	const uint8_t *const lf1 = memchr(src, '\n', len < LEARN_SPAN ? len : LEARN_SPAN);
	const uint8_t *lf2;
	size_t i = 0, o = 0, eol_len, width, next, rest;
	uint16_t eol_word, eol_bits;
	__m512i skip;

	*written = 0;
	if (lf1 == NULL || (size_t)(lf1 - src) + 1 >= len)
		return 0;
	/* (both searches bounded: the kernel is called again after each stretch the walk takes) */
	rest = (size_t)(src + len - lf1 - 1);
	lf2 = memchr(lf1 + 1, '\n', rest < LEARN_SPAN ? rest : LEARN_SPAN);
	if (lf2 == NULL)
		return 0;
	eol_len = lf2[-1] == '\r' ? 2 : 1;
	width = (size_t)(lf2 - lf1) - eol_len;
	if (width < BLOCK_OUT || (size_t)(lf1 - src) + 1 < eol_len)
		return 0;
	eol_word = eol_len == 2 ? 0x0a0d : 0x000a;
	eol_bits = eol_len == 2 ? 0xffff : 0x00ff;
	skip = _mm512_set1_epi8((char)eol_len);
	/* bytes from src + i to the next line end */
	next = (size_t)(lf1 - src) + 1 - eol_len;
	while (len - i >= BLOCK_OUT + 2 && cap - o >= BLOCK_OUT) {
		__m512i v, values, packed;
		__mmask64 used = ~0ULL;
		uint16_t got;

		if (width == MIME_WIDTH && next < 12) {
			size_t w, k = eol_len == 2 ? decode_periods(src + i, len - i, dst + o, cap - o, t, next, 2, &w)
			                           : decode_periods(src + i, len - i, dst + o, cap - o, t, next, 1, &w);
			i += k;
			o += w;
			/* (periods end as they start: the next window is as this one was) */
			if (len - i < BLOCK_OUT + 2 || cap - o < BLOCK_OUT)
				break;
		}
		v = _mm512_loadu_si512((const void *)(src + i));
		values = _mm512_permutex2var_epi8(t->low, v, t->high);
		packed = values;

		if (next < BLOCK_OUT) {
			memcpy(&got, src + i + next, 2);
			if (((got ^ eol_word) & eol_bits) != 0)
				break;
			packed = _mm512_permutexvar_epi8(
				_mm512_mask_add_epi8(lanes, (__mmask64)(~0ULL << next), lanes, skip), values);
			used = (1ULL << EOL_WINDOW) - 1;
		}
		/* (bytes past ASCII anywhere in the window, which the table's index does not see) */
		if ((_mm512_mask_test_epi8_mask(used, packed, bit7) | _mm512_movepi8_mask(v)) != 0)
			break;
		_mm512_storeu_si512((void *)(dst + o), join_sextets512(packed));
		if (next < EOL_WINDOW) {
			i += EOL_WINDOW + eol_len;
			o += EOL_WINDOW / 4 * 3;
			next += width - EOL_WINDOW;
		} else if (next < BLOCK_OUT) {
			i += EOL_WINDOW;
			o += EOL_WINDOW / 4 * 3;
			next -= EOL_WINDOW;
		} else {
			i += BLOCK_OUT;
			o += BLOCK_IN;
			next -= BLOCK_OUT;
		}
	}
	*written = o;
	return i;
}

/* Strict decoding: blocks checked four at a time (see decode_groups). */
#define GROUP_BLOCKS 4
/*
 * With prefetch, a page ahead of the hardware prefetcher, which stops at
 * page ends: +17% at 1 MiB on Zen 5, but -16% at 64 KiB, where the loop
 * is tight and the data in L2.
 */
#define PREFETCH_FROM (256 * 1024)

/*
 * Groups of blocks from src + i, each group's bytes past ASCII and
 * values with bit 7 gathered by one OR a block and checked once, each
 * block stored whole (its 16 spare bytes land where the next one goes;
 * a bad group is left to the block loop after, past what counts as
 * written).  Input off a cache line's start (realign: src + d is the
 * first line that starts in it, and block i / 64 - 1 has been done)
 * comes in aligned loads, each block from the two it spans joined by a
 * permute, instead of one load across two lines; the last load of a
 * group then reaches d bytes past it.  Returns the new i.
 */
static inline __attribute__((always_inline)) size_t
decode_groups(const uint8_t *src, size_t len, size_t i, uint8_t *dst, size_t cap, size_t *o_io,
              const struct values *t, const size_t d, const int realign, const int prefetch)
{
	const __m512i bit7 = _mm512_set1_epi8((char)0x80);
	const __m512i from = _mm512_add_epi8(_mm512_load_si512((const void *)lane_index),
	                                     _mm512_set1_epi8((char)(BLOCK_OUT - d)));
	const size_t in = GROUP_BLOCKS * BLOCK_OUT + (realign ? d : 0);
	__m512i last_load = realign ? _mm512_load_si512((const void *)(src + i - BLOCK_OUT + d)) : bit7;
	size_t o = *o_io, k;

	for (; len - i >= in && cap - o >= GROUP_BLOCKS * BLOCK_IN + 16;
	     i += GROUP_BLOCKS * BLOCK_OUT, o += GROUP_BLOCKS * BLOCK_IN) {
		__m512i seen = _mm512_setzero_si512();

		if (prefetch)
			__builtin_prefetch(src + i + 2048);
#pragma GCC unroll 4
		for (k = 0; k < GROUP_BLOCKS; k++) {
			__m512i v, values;

			if (realign) {
				const __m512i next = _mm512_load_si512((const void *)(src + i + k * BLOCK_OUT + d));
				v = _mm512_permutex2var_epi8(last_load, from, next);
				last_load = next;
			} else {
				v = _mm512_loadu_si512((const void *)(src + i + k * BLOCK_OUT));
			}
			values = _mm512_permutex2var_epi8(t->low, v, t->high);
			seen = _mm512_ternarylogic_epi32(seen, values, v, 0xfe);
			_mm512_storeu_si512((void *)(dst + o + k * BLOCK_IN), join_sextets512(values));
		}
		if (_mm512_test_epi8_mask(seen, bit7) != 0)
			break;
	}
	*o_io = o;
	return i;
}

static inline __attribute__((always_inline)) size_t
decode_blocks(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, const struct values *t,
              size_t *written, const int prefetch)
{
	const size_t d = (size_t)(-(uintptr_t)src & 63);
	size_t i = 0, o = 0;

	if (d == 0) {
		i = decode_groups(src, len, 0, dst, cap, &o, t, 0, 0, prefetch);
	} else if (len >= BLOCK_OUT + d && cap >= BLOCK_IN &&
	           decode_block(_mm512_loadu_si512((const void *)src), t, dst)) {
		o = BLOCK_IN;
		i = decode_groups(src, len, BLOCK_OUT, dst, cap, &o, t, d, 1, prefetch);
	}
	for (; len - i >= BLOCK_OUT && cap - o >= BLOCK_IN; i += BLOCK_OUT, o += BLOCK_IN)
		if (!decode_block(_mm512_loadu_si512((const void *)(src + i)), t, dst + o))
			break;
	*written = o;
	return i;
}

static size_t avx512_decode(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int url,
                            int skip_ws, size_t *written)
{
	const struct values t = load_values(url);
	size_t i = 0, o = 0, w;

	if (skip_ws) {
		i = decode_lines(src, len, dst, cap, &t, &o);
	} else {
		i = len >= PREFETCH_FROM ? decode_blocks(src, len, dst, cap, &t, &o, 1)
		                         : decode_blocks(src, len, dst, cap, &t, &o, 0);
	}
	i += mc_b64_kernels_avx2.decode(src + i, len - i, dst + o, cap - o, url, skip_ws, &w);
	*written = o + w;
	return i;
}

/* MIME mode's gathering: each block's classes looked up in the driver's table, the characters packed by VPCOMPRESSB. */
static size_t avx512_gather(const uint8_t *src, size_t len, uint8_t *buf, size_t room, int url,
                            size_t *n_io, uint64_t *strays)
{
	/* the classes of ASCII (bytes past it are strays) */
	const __m512i cls_lo = _mm512_loadu_si512((const void *)mc_b64_class[url]);
	const __m512i cls_hi = _mm512_loadu_si512((const void *)(mc_b64_class[url] + 64));
	size_t i = 0, n = *n_io;
	uint64_t bad = 0;

	while (len - i >= 64 && room - n >= 64) {
		const __m512i v = _mm512_loadu_si512((const void *)(src + i));
		const __m512i c = _mm512_permutex2var_epi8(cls_lo, v, cls_hi);
		const uint64_t ascii = ~_mm512_movepi8_mask(v);
		const uint64_t chars = _mm512_cmplt_epu8_mask(c, _mm512_set1_epi8(B64_PAD)) & ascii;
		const uint64_t blanks = _mm512_cmpeq_epi8_mask(c, _mm512_set1_epi8(B64_WS)) & ascii;

		if ((_mm512_cmpeq_epi8_mask(c, _mm512_set1_epi8(B64_PAD)) & ascii) != 0)
			break;
		_mm512_storeu_si512((void *)(buf + n), _mm512_maskz_compress_epi8(chars, v));
		n += (size_t)__builtin_popcountll(chars);
		bad += (uint64_t)__builtin_popcountll(~(chars | blanks));
		i += 64;
	}
	*n_io = n;
	*strays += bad;
	return i;
}

const struct b64_kernels mc_b64_kernels_avx512 = {
	.wrap_min = 32, /* the AVX2 kernel's: it wraps the lines */
	.encode = avx512_encode,
	.decode = avx512_decode,
	.gather = avx512_gather,
};
