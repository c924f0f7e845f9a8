/*
 * mimeencode - base64 encode or decode a file, streaming, in constant
 * memory.  Encoding is byte-identical to coreutils `base64 -w COLS`;
 * decoding is MIME-lenient (CR, LF, space and tab are fine) and reports
 * anything else it had to skip with its byte offset.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mimecodec.h>

#include "cli/output.h"

#define CHUNK (256 * 1024)

enum { EXIT_BAD_DATA = 1, EXIT_USAGE = 2 };

static const char *prog = "mimeencode";

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [-u] [-w COLS] [-o FILE] [FILE]\n"
	        "Base64-encode FILE (or standard input) to standard output or FILE.\n"
	        "\n"
	        "  -u, --decode       decode instead (MIME rules: line ends and blanks are\n"
	        "                     skipped; any other stray byte is an error)\n"
	        "  -w, --wrap=COLS    wrap encoded lines after COLS characters (default 76);\n"
	        "                     0 disables wrapping\n"
	        "  -o, --output=FILE  write to FILE, which appears only when complete\n"
	        "      --help         show this help and exit\n"
	        "      --version      show the version and exit\n"
	        "\n"
	        "MIMECODEC_ISA=scalar|ssse3|avx2|neon forces a code path.\n"
	        "Exit status: 0 success, 1 invalid input or I/O error, 2 usage error.\n",
	        prog);
}

static int fail_errno(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	return EXIT_BAD_DATA;
}

static ssize_t read_full(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int encode_stream(int in, const char *in_name, struct output *out, unsigned width,
                         char *ibuf, char *obuf, size_t ocap)
{
	mc_b64_config cfg = { .line_width = width };
	mc_b64_encoder enc;
	size_t w;
	ssize_t n;
	mc_status st;

	if ((st = mc_b64_encoder_init(&enc, &cfg)) != MC_OK) {
		fprintf(stderr, "%s: %s\n", prog, mc_strerror(st));
		return EXIT_BAD_DATA;
	}
	while ((n = read_full(in, ibuf, CHUNK)) > 0) {
		if ((st = mc_b64_encoder_update(&enc, ibuf, (size_t)n, obuf, ocap, &w)) != MC_OK) {
			fprintf(stderr, "%s: %s\n", prog, mc_strerror(st));
			return EXIT_BAD_DATA;
		}
		if (output_write(out, obuf, w) != 0)
			return fail_errno("write error");
	}
	if (n < 0)
		return fail_errno(in_name);
	mc_b64_encoder_final(&enc, obuf, ocap, &w);
	if (output_write(out, obuf, w) != 0)
		return fail_errno("write error");
	return 0;
}

static void warn_defect(const char *in_name, const char *what, const mc_defect *d)
{
	if (d->count != 0)
		fprintf(stderr, "%s: %s: %s (%llu, first at byte offset %llu)\n", prog, in_name,
		        what, (unsigned long long)d->count, (unsigned long long)d->first);
}

static int decode_stream(int in, const char *in_name, struct output *out, char *ibuf,
                         char *obuf, size_t ocap)
{
	mc_b64_config cfg = { .mode = MC_B64_MIME };
	mc_b64_decoder dec;
	mc_b64_result res;
	size_t w;
	ssize_t n = 0;
	mc_status st;
	const mc_b64_defects *d = &res.defects;

	if ((st = mc_b64_decoder_init(&dec, &cfg)) != MC_OK) {
		fprintf(stderr, "%s: %s\n", prog, mc_strerror(st));
		return EXIT_BAD_DATA;
	}
	st = MC_OK;
	while (st == MC_OK && (n = read_full(in, ibuf, CHUNK)) > 0) {
		st = mc_b64_decoder_update(&dec, ibuf, (size_t)n, obuf, ocap, &w);
		if (output_write(out, obuf, w) != 0)
			return fail_errno("write error");
	}
	if (st == MC_OK && n < 0)
		return fail_errno(in_name);
	st = mc_b64_decoder_final(&dec, obuf, ocap, &res);
	if (st == MC_OK && output_write(out, obuf, res.written) != 0)
		return fail_errno("write error");
	if (st != MC_OK) {
		fprintf(stderr, "%s: %s: %s at byte offset %llu\n", prog, in_name,
		        mc_strerror(st), (unsigned long long)res.error_offset);
		return EXIT_BAD_DATA;
	}
	warn_defect(in_name, "invalid characters skipped", &d->invalid_char);
	warn_defect(in_name, "misplaced padding", &d->bad_padding);
	warn_defect(in_name, "data after padding ignored", &d->after_padding);
	warn_defect(in_name, "warning: missing padding", &d->missing_padding);
	warn_defect(in_name, "warning: non-zero trailing bits", &d->trailing_bits);
	if (d->invalid_char.count || d->bad_padding.count || d->after_padding.count)
		return EXIT_BAD_DATA;
	return 0;
}

static int parse_width(const char *s, unsigned *width)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > UINT_MAX)
		return -1;
	*width = (unsigned)v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "decode", no_argument, NULL, 'u' },
		{ "wrap", required_argument, NULL, 'w' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out_path = NULL, *in_name = "-";
	unsigned width = 76;
	int decode = 0, opt, in = STDIN_FILENO, rc;
	struct output out;
	char *ibuf, *obuf;
	size_t ocap;

	while ((opt = getopt_long(argc, argv, "uw:o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u':
			decode = 1;
			break;
		case 'w':
			if (parse_width(optarg, &width) != 0) {
				fprintf(stderr, "%s: invalid wrap size: '%s'\n", prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s (mimecodec) %s\n", prog, PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s: extra operand '%s'\n", prog, argv[optind + 1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (mc_isa_env_status() != MC_OK) {
		fprintf(stderr, "%s: MIMECODEC_ISA=%s: not a code path this machine supports\n",
		        prog, getenv("MIMECODEC_ISA"));
		return EXIT_USAGE;
	}
	if (optind < argc && strcmp(argv[optind], "-") != 0) {
		in_name = argv[optind];
		in = open(in_name, O_RDONLY);
		if (in < 0)
			return fail_errno(in_name);
	}

	/* worst case of one update: a wrapped encoding of CHUNK bytes */
	ocap = CHUNK / 3 * 4 + 8;
	ocap += (ocap / (width ? width : ocap) + 2) * 2;
	ibuf = malloc(CHUNK);
	obuf = malloc(ocap);
	if (ibuf == NULL || obuf == NULL)
		return fail_errno("memory");
	if (output_open(&out, out_path) != 0)
		return fail_errno(out_path);

	if (decode)
		rc = decode_stream(in, in_name, &out, ibuf, obuf, ocap);
	else
		rc = encode_stream(in, in_name, &out, width, ibuf, obuf, ocap);
	if (rc == 0 && output_commit(&out) != 0)
		rc = fail_errno(out_path);
	if (rc != 0)
		output_abort(&out);
	free(ibuf);
	free(obuf);
	return rc;
}
