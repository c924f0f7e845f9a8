/* Helpers for the fuzz targets: checks that abort, and paths to compare. */
#ifndef MC_FUZZ_UTIL_H
#define MC_FUZZ_UTIL_H

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mimecodec.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                               \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                       \
		}                                                                      \
	} while (0)

/* The supported paths; scalar is always first. */
static inline size_t fuzz_paths(mc_isa *list)
{
	return mc_isa_list(list, MC_ISA_COUNT);
}

/* Chunk lengths taken from a seed byte: sizes 1..seed+1, cycling. */
static inline size_t fuzz_next_chunk(uint32_t *state, size_t remaining)
{
	size_t n;

	*state = *state * 1103515245u + 12345u;
	n = 1 + (*state >> 16) % 97;
	return n < remaining ? n : remaining;
}

#endif
