/*
 * mimencode: metamail's name and command line, byte for byte in its
 * output: base64 in 72-column lines (-b, the default), its own
 * quoted-printable dialect (-q), decoding (-u), CRLF <-> LF (-p, base64
 * only), -o FILE, the last FILE wins, and only the letter after '-' is
 * looked at (so "-uq" means "-u").  Unlike metamail, invalid input is an
 * error (exit 1) with its byte offset, and -o FILE appears only complete.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/mmqp.h"
#include "cli/stream.h"

enum { MM_EXIT_BAD_DATA = 1, MM_EXIT_USAGE = 255 };

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [-u] [-q] [-b] [-p] [-o outputfile] [file name]\n"
	        "Encode FILE (or standard input) in base64 (-b, 72-column lines) or\n"
	        "quoted-printable (-q); -u decodes; -p maps LF to CRLF before base64\n"
	        "encoding and CRLF to LF after decoding.  As metamail's mimencode;\n"
	        "`mimeencode --help` lists everything this program can do.\n"
	        "Exit status: 0 success, 1 invalid input or I/O error, 255 usage error.\n",
	        cli_prog);
}

static int encode_mm_qp(struct stream *s)
{
	struct mmqp q;
	const char *in;
	char *out = malloc(mmqp_bound(CLI_CHUNK));
	ssize_t n;
	size_t w;
	int rc = STREAM_OK;

	if (out == NULL) {
		cli_error("out of memory");
		rc = STREAM_WRITE;
		goto done;
	}
	mmqp_init(&q);
	while ((n = stream_next(s, &in)) > 0) {
		w = mmqp_encode(&q, (const unsigned char *)in, (size_t)n, 0, out);
		if (stream_emit(s, out, w) != 0) {
			rc = STREAM_WRITE;
			goto done;
		}
	}
	if (n < 0) {
		rc = STREAM_READ;
		goto done;
	}
	w = mmqp_encode(&q, (const unsigned char *)"", 0, 1, out);
	if (stream_emit(s, out, w) != 0)
		rc = STREAM_WRITE;
done:
	free(out);
	return rc;
}

struct mm_options {
	int decode, qp, portable;
};

static int run(struct stream *s, void *ctx)
{
	const struct mm_options *o = ctx;

	if (o->qp && o->decode) {
		mc_qp_config cfg = { .eol = MC_EOL_AS_INPUT };
		return stream_qp_decode(s, cfg, DECODE_DEFAULT);
	}
	if (o->qp)
		return encode_mm_qp(s);
	if (o->decode) {
		mc_b64_config cfg = { 0 };
		return stream_b64_decode(s, cfg, DECODE_DEFAULT, o->portable);
	} else {
		mc_b64_config cfg = { .line_width = 72 };
		return stream_b64_encode(s, &cfg, o->portable);
	}
}

int cmd_mimencode(int argc, char **argv)
{
	const char *in_path = NULL, *out_path = NULL;
	struct mm_options o = { 0 };
	struct stream_job job = { 0 };
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "--version") == 0) {
			printf("%s (mimecodec) %s\n", cli_prog, PACKAGE_VERSION);
			return 0;
		}
		if (a[0] != '-' || a[1] == '\0') {
			in_path = a;
			continue;
		}
		switch (a[1]) {
		case 'u':
			o.decode = 1;
			break;
		case 'q':
			o.qp = 1;
			break;
		case 'b':
			o.qp = 0;
			break;
		case 'p':
			o.portable = 1;
			break;
		case 'o':
			if (++i == argc) {
				usage(stderr);
				return MM_EXIT_USAGE;
			}
			out_path = argv[i];
			break;
		default:
			usage(stderr);
			return MM_EXIT_USAGE;
		}
	}
	if (cli_check_env() != 0)
		return MM_EXIT_USAGE;
	job.in_path = in_path;
	job.out_path = out_path;
	job.progress = PROGRESS_AUTO;
	job.run = run;
	job.ctx = &o;
	rc = stream_command(&job);
	if (rc == STREAM_NO_INPUT || rc == STREAM_NO_OUTPUT)
		return MM_EXIT_USAGE; /* metamail: exit(-1) when a file cannot be opened */
	return rc == STREAM_OK ? 0 : MM_EXIT_BAD_DATA;
}
