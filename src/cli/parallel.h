/*
 * Base64 encoding of a large regular file on every CPU.  The encoding of
 * whole lines does not depend on what came before, so a prefix of whole
 * lines is cut into pieces that each thread reads with pread() into its
 * own buffer, encodes and writes in its turn.  Reading in the thread that
 * encodes keeps the data in that core's cache; the page cache is copied
 * by two cores at once.
 */
#ifndef MC_CLI_PARALLEL_H
#define MC_CLI_PARALLEL_H

#include <stdint.h>

#include <mimecodec.h>

#include "cli/stream.h"

/*
 * Encodes the first *done bytes of s's input (a multiple of the bytes of
 * a line, possibly 0: a small file, standard input, one CPU, too little
 * memory) and writes their output; the caller encodes the rest from
 * there.  Returns a stream status, having reported a failure.
 */
int parallel_b64_encode(struct stream *s, const mc_b64_config *cfg, uint64_t *done);

#endif
