/*
 * Internal: shuffles that keep the bytes of 8 marked in a mask, packed,
 * then 0x80 (PSHUFB and TBL write zero there).  Generated with the QP
 * tables by tools/gen_qp_expand.py; the QP and base64 kernels use it.
 */
#ifndef MC_COMPACT8_H
#define MC_COMPACT8_H

#include <stdint.h>

#include "codecs/util.h"

extern const uint8_t mc_compact8[256][8];

#ifdef __SSSE3__
#include <stddef.h>
#include <tmmintrin.h>

/* The bytes of x marked in keep (16 bits) to dst (16 bytes of room), packed by two shuffles; returns how many. */
static inline size_t compact8_pack16(__m128i x, unsigned keep, uint8_t *dst)
{
	const unsigned k0 = keep & 0xff, k1 = keep >> 8 & 0xff, n0 = bits_set(k0);
	const __m128i shuf = _mm_unpacklo_epi64(
		_mm_loadl_epi64((const __m128i *)(const void *)mc_compact8[k0]),
		_mm_add_epi8(_mm_loadl_epi64((const __m128i *)(const void *)mc_compact8[k1]), _mm_set1_epi8(8)));
	const __m128i packed = _mm_shuffle_epi8(x, shuf);

	_mm_storel_epi64((__m128i *)(void *)dst, packed);
	_mm_storel_epi64((__m128i *)(void *)(dst + n0), _mm_unpackhi_epi64(packed, packed));
	return n0 + bits_set(k1);
}
#endif

#endif
