/* Internal helpers shared by the codecs. */
#ifndef MC_CODECS_UTIL_H
#define MC_CODECS_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/common.h>

#include "cpu/cpu.h"

/* a + b and a * b into *r; 0 when the result does not fit in size_t. */
static inline int add_ok(size_t a, size_t b, size_t *r)
{
	*r = a + b;
	return *r >= a;
}

static inline int mul_ok(size_t a, size_t b, size_t *r)
{
	if (b != 0 && a > SIZE_MAX / b)
		return 0;
	*r = a * b;
	return 1;
}

/*
 * Bits set in x: POPCNT where the build has it.  The SSE2, SSSE3 and
 * AVX2 builds do not, and there gcc makes __builtin_popcount a call into
 * libgcc.
 */
static inline unsigned bits_set(uint64_t x)
{
#ifdef __POPCNT__
	return (unsigned)__builtin_popcountll(x);
#else
	x = x - (x >> 1 & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + (x >> 2 & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((x * 0x0101010101010101ULL) >> 56);
#endif
}

/* Counts count occurrences of a defect starting at at. */
static inline void note_defect(mc_defect *def, uint64_t at, uint64_t count)
{
	if (def->count == 0)
		def->first = at;
	def->count += count;
}

/*
 * The kernels for a requested path from a codec's table (indexed by
 * mc_isa, NULL where not built); NULL and *status set when unavailable.
 */
static inline const void *pick_kernels(const void *const table[MC_ISA_COUNT], mc_isa requested,
                                       mc_status *status)
{
	mc_isa isa = mc_isa_resolve(requested, status);

	if (*status != MC_OK)
		return NULL;
	if (table[isa] == NULL) {
		*status = MC_ERR_ISA_UNAVAILABLE;
		return NULL;
	}
	return table[isa];
}

#endif
