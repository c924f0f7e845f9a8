/*
 * Private AVX2 helpers shared by the kernels of several codecs.  Only
 * files compiled with -mavx2 include this.
 */
#ifndef MC_AVX2_INLINE_H
#define MC_AVX2_INLINE_H

#include <immintrin.h>
#include <stdint.h>

static inline __m256i load32(const void *p)
{
	return _mm256_loadu_si256((const __m256i *)p);
}

static inline void store32(void *p, __m256i v)
{
	_mm256_storeu_si256((__m256i *)p, v);
}

static inline __m256i load128x2(const void *t)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
}

/* Four 6-bit values per 3 bytes, in 32-bit groups laid out [b1 b0 b2 b1]. */
static inline __m256i sextets_of_groups(__m256i in)
{
	__m256i t0 = _mm256_mulhi_epu16(_mm256_and_si256(in, _mm256_set1_epi32(0x0fc0fc00)),
	                                _mm256_set1_epi32(0x04000040));
	__m256i t1 = _mm256_mullo_epi16(_mm256_and_si256(in, _mm256_set1_epi32(0x003f03f0)),
	                                _mm256_set1_epi32(0x01000010));
	return _mm256_or_si256(t0, t1);
}

/* The 32 sextets of 24 bytes at src (32 readable). */
static inline __m256i split24(const uint8_t *src)
{
	const __m256i spread = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0);
	const __m256i groups = _mm256_setr_epi8(
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
	__m256i in = _mm256_permutevar8x32_epi32(load32(src), spread);

	return sextets_of_groups(_mm256_shuffle_epi8(in, groups));
}

/*
 * The same from a load starting 4 bytes before src (src[-4, 28)
 * readable), which puts each lane's 12 bytes in place without a
 * lane-crossing permute.
 */
static inline __m256i split24_behind(const uint8_t *src)
{
	const __m256i groups = _mm256_setr_epi8(
		5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14,
		1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);

	return sextets_of_groups(_mm256_shuffle_epi8(load32(src - 4), groups));
}

/* 32 sextets (one per byte) to 24 bytes in the low part of the result. */
static inline __m256i join_sextets(__m256i s)
{
	const __m256i gather = _mm256_setr_epi8(
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
		2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);

	s = _mm256_maddubs_epi16(s, _mm256_set1_epi32(0x01400140));
	s = _mm256_madd_epi16(s, _mm256_set1_epi32(0x00011000));
	s = _mm256_shuffle_epi8(s, gather);
	return _mm256_permutevar8x32_epi32(s, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
}

#endif
