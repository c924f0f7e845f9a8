/*
 * The input of a command, in pieces of at most CLI_CHUNK bytes from one
 * fixed buffer (constant memory), with one piece of look-back for the
 * codec detection of mimeencode -a.
 */
#ifndef MC_CLI_INPUT_H
#define MC_CLI_INPUT_H

#include <stdint.h>
#include <sys/types.h>

struct input;

/* Reads fd (which the input then owns, unless it is standard input).  NULL: out of memory. */
struct input *input_open(int fd);

/*
 * The next piece, at most CLI_CHUNK bytes, valid until the next call:
 * its length, 0 at the end, -1 on a read error (errno).
 */
ssize_t input_next(struct input *in, const char **data);

/* Before the first input_next(): start reading at offset instead of 0. -1 on error (errno). */
int input_skip(struct input *in, uint64_t offset);

/* The piece input_next() gave last comes again. */
void input_unget(struct input *in);

/* Size of the file if it is a regular one, else 0 (for the progress line). */
uint64_t input_size(const struct input *in);

/* The descriptor, for fstat. */
int input_fd(const struct input *in);

/* Closes fd (unless standard input) and releases everything. */
void input_close(struct input *in);

#endif
