/*
 * Streaming encode and decode from a file descriptor to an output, for
 * every codec, in constant memory (one input chunk and its output).
 * Each returns one of the stream_status values, having printed what went
 * wrong (with the byte offset) and what was forgiven.
 */
#ifndef MC_CLI_STREAM_H
#define MC_CLI_STREAM_H

#include <mimecodec.h>

#include "cli/input.h"
#include "cli/output.h"
#include "cli/progress.h"

enum stream_status {
	STREAM_OK = 0,
	STREAM_BAD_DATA = 1, /* the input is not valid (as strict as asked) */
	STREAM_READ = 2,     /* the input could not be read */
	STREAM_WRITE = 3,    /* the output could not be written */
	STREAM_NO_INPUT = 4, /* the input could not be opened */
	STREAM_NO_OUTPUT = 5 /* the output could not be created */
};

/* How much a decoder forgives. */
enum strictness {
	DECODE_STRICT = 0,  /* any irregularity is an error (line breaks and blanks are fine) */
	DECODE_DEFAULT = 1, /* garbage is an error; harmless irregularities are warnings */
	DECODE_LENIENT = 2  /* everything forgiven and reported on stderr */
};

struct stream {
	struct input *in;
	const char *in_name;  /* for messages */
	struct output *out;
	struct progress *progress;
	uint64_t in_bytes;    /* read so far */
};

/* portable: LF becomes CRLF before encoding (mimencode -p). */
int stream_b64_encode(struct stream *s, const mc_b64_config *cfg, int portable);
/* cfg->mode is set from the strictness; portable: CRLF becomes LF after decoding. */
int stream_b64_decode(struct stream *s, mc_b64_config cfg, enum strictness how, int portable);
int stream_qp_encode(struct stream *s, const mc_qp_config *cfg);
int stream_qp_decode(struct stream *s, mc_qp_config cfg, enum strictness how);
int stream_uu_encode(struct stream *s, const mc_uu_config *cfg, unsigned mode, const char *name);
/* The first uuencoded file in the input, to the output (a filter). */
int stream_uu_decode(struct stream *s, mc_uu_config cfg, enum strictness how);

/* The next piece of input (counted for the progress line); 0 at the end, -1 on error (reported). */
ssize_t stream_next(struct stream *s, const char **data);
/* Writes to the output; -1 on error (reported). */
int stream_emit(struct stream *s, const void *buf, size_t len);

/* Prints each kind of forgiven irregularity with its count and first offset. */
void report_uu_defects(const char *in_name, const mc_uu_defects *d);

/* Prints what a uuencode decoder's final status means; STREAM_OK or STREAM_BAD_DATA. */
int report_uu_status(const char *in_name, mc_status st, const mc_uu_result *res);

/* What a filter command does: read in_path, write out_path, run a codec. */
struct stream_job {
	const char *in_path;   /* NULL or "-": standard input */
	const char *out_path;  /* NULL or "-": standard output; else a file made safely */
	enum progress_mode progress;
	int (*run)(struct stream *s, void *ctx);
	void *ctx;
};

/*
 * Opens the input and the output, runs the job with a progress line, and
 * commits the output only if it succeeded.  Returns its stream status
 * (opening failures: STREAM_NO_INPUT, STREAM_NO_OUTPUT), reported.
 */
int stream_command(const struct stream_job *job);

#endif
