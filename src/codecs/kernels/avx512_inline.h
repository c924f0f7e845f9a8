/*
 * Private AVX-512 helpers shared by the kernels of several codecs (BW,
 * VBMI).  Only files compiled with the AVX-512 flags include this.
 */
#ifndef MC_AVX512_INLINE_H
#define MC_AVX512_INLINE_H

#include <immintrin.h>

/* 64 sextets (one per byte) as 16 dwords of 24 bits each, the first sextet highest. */
static inline __m512i sextets_to_dwords512(__m512i s)
{
	s = _mm512_maddubs_epi16(s, _mm512_set1_epi32(0x01400140));
	return _mm512_madd_epi16(s, _mm512_set1_epi32(0x00011000));
}

/* 64 sextets (one per byte, 4 per group) to the groups' 48 bytes, in the low lanes. */
static inline __m512i join_sextets512(__m512i s)
{
	/* the bytes of each dword's 24-bit value, big end first */
	const __m512i pack = _mm512_set_epi8(
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		60, 61, 62, 56, 57, 58, 52, 53, 54, 48, 49, 50, 44, 45, 46, 40,
		41, 42, 36, 37, 38, 32, 33, 34, 28, 29, 30, 24, 25, 26, 20, 21,
		22, 16, 17, 18, 12, 13, 14, 8, 9, 10, 4, 5, 6, 0, 1, 2);

	return _mm512_permutexvar_epi8(pack, sextets_to_dwords512(s));
}

#endif
