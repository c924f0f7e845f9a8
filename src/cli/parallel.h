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
 * Encodes a prefix of s's input that is a whole number of lines (none: a
 * small file, standard input, one CPU, too little memory), writes its
 * output and leaves the input at its end, where the caller's encoder
 * starts a line of its own.  Returns a stream status, having reported a
 * failure.
 */
int parallel_b64_encode(struct stream *s, const mc_b64_config *cfg);

#endif
