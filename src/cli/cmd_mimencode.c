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

int cmd_mimencode(int argc, char **argv)
{
	const char *in_path = NULL, *out_path = NULL;
	int decode = 0, qp = 0, portable = 0, i, rc, fd;
	struct progress progress;
	struct output out;
	struct stream s = { 0 };

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
			decode = 1;
			break;
		case 'q':
			qp = 1;
			break;
		case 'b':
			qp = 0;
			break;
		case 'p':
			portable = 1;
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
	if (cli_check_isa() != 0)
		return MM_EXIT_USAGE;

	s.in_name = in_path != NULL ? in_path : "-";
	fd = cli_open_input(in_path);
	if (fd < 0) {
		cli_file_error(s.in_name, "%s", strerror(errno));
		return MM_EXIT_USAGE;
	}
	if (out_path == NULL)
		output_stdout(&out);
	else if (output_user_path(&out, out_path, 0666) != 0) {
		cli_file_error(out_path, "%s", strerror(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		return MM_EXIT_USAGE;
	}
	if ((s.in = input_open(fd)) == NULL) {
		cli_error("out of memory");
		output_close(&out);
		return MM_EXIT_BAD_DATA;
	}
	s.out = &out;
	s.progress = &progress;
	s.in_bytes = 0;
	progress_start(&progress, PROGRESS_AUTO, input_size(s.in));

	if (qp && decode) {
		mc_qp_config cfg = { .eol = MC_EOL_AS_INPUT };
		rc = stream_qp_decode(&s, cfg, DECODE_DEFAULT);
	} else if (qp) {
		rc = encode_mm_qp(&s);
	} else if (decode) {
		mc_b64_config cfg = { 0 };
		rc = stream_b64_decode(&s, cfg, DECODE_DEFAULT, portable);
	} else {
		mc_b64_config cfg = { .line_width = 72 };
		rc = stream_b64_encode(&s, &cfg, portable);
	}
	progress_end(&progress);
	if (rc == STREAM_OK && output_commit(&out) != 0) {
		cli_file_error(output_shown(&out), "%s", strerror(errno));
		rc = STREAM_WRITE;
	}
	output_close(&out);
	input_close(s.in);
	return rc == STREAM_OK ? 0 : MM_EXIT_BAD_DATA;
}
