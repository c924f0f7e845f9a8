/*
 * uuencode: GNU sharutils' command line and output, byte for byte
 * (`uuencode [-m] [-e] [IN-FILE] NAME`), plus BSD's -o OUTPUT-FILE.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/stream.h"

enum { UU_EXIT_FAIL = 1, UU_EXIT_USAGE = 64 };

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [-m] [-e] [-o OUTPUT-FILE] [IN-FILE] NAME\n"
	        "Encode IN-FILE (or standard input) for mail, with a header that tells\n"
	        "uudecode to create NAME with IN-FILE's permissions.\n"
	        "\n"
	        "  -m, --base64            base64 (begin-base64 ... ====) instead of uuencode\n"
	        "  -e, --encode-file-name  write NAME in base64 (begin-encoded)\n"
	        "  -o, --output-file=FILE  write to FILE, which appears only when complete\n"
	        "      --crlf              CRLF line ends\n"
	        "      --progress, --no-progress  progress line on stderr (default: when a\n"
	        "                          terminal and the run is long)\n"
	        "      --help, --version\n"
	        "\n"
	        "Output is byte-identical to GNU sharutils uuencode.\n"
	        "Exit status: 0 success, 1 input or output error, 64 usage error.\n",
	        cli_prog);
}

struct uu_job {
	mc_uu_config cfg;
	const char *name;
	int from_file;
};

static int run(struct stream *s, void *ctx)
{
	const struct uu_job *j = ctx;
	struct stat st;
	unsigned mode = 0666 & ~(unsigned)cli_umask();

	/* sharutils: the file's permissions, or those a new file would get */
	if (j->from_file && fstat(input_fd(s->in), &st) == 0)
		mode = (unsigned)st.st_mode & 0777;
	return stream_uu_encode(s, &j->cfg, mode, j->name);
}

int cmd_uuencode(int argc, char **argv)
{
	enum { OPT_CRLF = 256, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "base64", no_argument, NULL, 'm' },
		{ "encode-file-name", no_argument, NULL, 'e' },
		{ "output-file", required_argument, NULL, 'o' },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	mc_uu_config cfg = { 0 };
	enum progress_mode pmode = PROGRESS_AUTO;
	const char *out_path = NULL, *in_path = NULL, *name;
	struct stream_job job = { 0 };
	struct uu_job uj;
	int opt;

	while ((opt = getopt_long(argc, argv, "meo:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			cfg.form = MC_UU_BASE64;
			break;
		case 'e':
			cfg.encode_name = 1;
			break;
		case 'o':
			out_path = optarg;
			break;
		case OPT_CRLF:
			cfg.eol = MC_EOL_CRLF;
			break;
		case OPT_PROGRESS:
			pmode = PROGRESS_ON;
			break;
		case OPT_NO_PROGRESS:
			pmode = PROGRESS_OFF;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("%s (mimecodec) %s\n", cli_prog, PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return UU_EXIT_USAGE;
		}
	}
	if (argc - optind < 1 || argc - optind > 2) {
		if (argc - optind < 1)
			cli_error("missing NAME");
		else
			cli_error("extra operand '%s'", cli_quote(argv[optind + 2]));
		usage(stderr);
		return UU_EXIT_USAGE;
	}
	if (argc - optind == 2)
		in_path = argv[optind++];
	name = argv[optind];
	if (name[0] == '\0' || strpbrk(name, "\r\n") != NULL) {
		cli_error("NAME must be non-empty and on one line");
		return UU_EXIT_USAGE;
	}
	if (cli_check_env() != 0)
		return UU_EXIT_USAGE;

	job.in_path = in_path != NULL && strcmp(in_path, "-") != 0 ? in_path : NULL;
	job.out_path = out_path;
	job.progress = pmode;
	job.run = run;
	job.ctx = &uj;
	uj.cfg = cfg;
	uj.name = name;
	uj.from_file = job.in_path != NULL;
	return stream_command(&job) == STREAM_OK ? 0 : UU_EXIT_FAIL;
}
