/*
 * Private SSSE3 helpers shared by the kernels of several codecs.  Only
 * files compiled with -mssse3 include this.
 */
#ifndef MC_SSSE3_INLINE_H
#define MC_SSSE3_INLINE_H

#include <stdint.h>
#include <tmmintrin.h>

static inline __m128i load16(const void *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

static inline void store16(void *p, __m128i v)
{
	_mm_storeu_si128((__m128i *)p, v);
}

static inline __m128i blend(__m128i a, __m128i b, __m128i mask)
{
	return _mm_or_si128(_mm_andnot_si128(mask, a), _mm_and_si128(mask, b));
}

static inline int all_zero(__m128i v)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xffff;
}

static inline int all_nonzero(__m128i v)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0;
}

/* The 16 sextets of 12 bytes at src (16 readable). */
static inline __m128i split12(const uint8_t *src)
{
	const __m128i groups = _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
	__m128i in = _mm_shuffle_epi8(load16(src), groups);
	__m128i t0 = _mm_mulhi_epu16(_mm_and_si128(in, _mm_set1_epi32(0x0fc0fc00)),
	                             _mm_set1_epi32(0x04000040));
	__m128i t1 = _mm_mullo_epi16(_mm_and_si128(in, _mm_set1_epi32(0x003f03f0)),
	                             _mm_set1_epi32(0x01000010));
	return _mm_or_si128(t0, t1);
}

/* 16 sextets (one per byte) to 12 bytes in the low part of the result. */
static inline __m128i join_sextets(__m128i s)
{
	const __m128i gather = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);

	s = _mm_maddubs_epi16(s, _mm_set1_epi32(0x01400140));
	s = _mm_madd_epi16(s, _mm_set1_epi32(0x00011000));
	return _mm_shuffle_epi8(s, gather);
}

#endif
