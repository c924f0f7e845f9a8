/*
 * A progress line on stderr for long runs: bytes done, percent and time
 * left when the total is known, rate.  Automatic mode shows it only when
 * stderr is a terminal (and the output is not written to that terminal)
 * and the run has lasted a second; --progress shows it always,
 * --no-progress never.  At most four updates a second.
 */
#ifndef MC_CLI_PROGRESS_H
#define MC_CLI_PROGRESS_H

#include <stdint.h>

enum progress_mode { PROGRESS_AUTO = 0, PROGRESS_ON, PROGRESS_OFF };

struct progress {
	enum progress_mode mode;
	int shown;        /* a line is on the screen */
	uint64_t total;   /* 0 when unknown */
	uint64_t done;
	double start, last;
};

/* total: input size if known (a regular file), else 0; to_stdout: the output goes to stdout. */
void progress_start(struct progress *p, enum progress_mode mode, uint64_t total, int to_stdout);
/* Called after each piece of input, with the bytes read so far in all. */
void progress_update(struct progress *p, uint64_t done);
/* Clears the line. */
void progress_end(struct progress *p);

/* Size of a regular file open on fd, else 0. */
uint64_t progress_input_size(int fd);

#endif
