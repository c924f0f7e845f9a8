/*
 * The input of a command, read ahead by a second thread: reading (a copy
 * from the page cache or a pipe) then overlaps the codec's work instead of
 * taking turns with it.  A few fixed buffers; constant memory.
 */
#ifndef MC_CLI_INPUT_H
#define MC_CLI_INPUT_H

#include <stdint.h>
#include <sys/types.h>

struct input;

/* Starts reading fd (which the input then owns, unless it is standard input).  NULL: out of memory. */
struct input *input_open(int fd);

/*
 * The next piece, at most CLI_CHUNK bytes, valid until the next call:
 * its length, 0 at the end, -1 on a read error (errno).
 */
ssize_t input_next(struct input *in, const char **data);

/* The piece input_next() gave last comes again. */
void input_unget(struct input *in);

/* Size of the file if it is a regular one, else 0 (for the progress line). */
uint64_t input_size(const struct input *in);

/* The descriptor, for fstat. */
int input_fd(const struct input *in);

/* Stops the reader and releases everything. */
void input_close(struct input *in);

#endif
