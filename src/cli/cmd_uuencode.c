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
	struct progress progress;
	struct output out;
	struct stream s = { 0 };
	struct stat st;
	unsigned mode;
	int opt, rc, fd;

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
	if (cli_check_isa() != 0)
		return UU_EXIT_USAGE;

	s.in_name = in_path != NULL ? in_path : "-";
	fd = cli_open_input(in_path);
	if (fd < 0 || fstat(fd, &st) != 0) {
		cli_file_error(s.in_name, "%s", strerror(errno));
		return UU_EXIT_FAIL;
	}
	/* sharutils: the file's permissions, or those a new file would get */
	mode = in_path != NULL && strcmp(in_path, "-") != 0 ? (unsigned)st.st_mode & 0777
	                                                    : 0666 & ~(unsigned)cli_umask();
	if (out_path == NULL)
		output_stdout(&out);
	else if (output_user_path(&out, out_path, 0666) != 0) {
		cli_file_error(out_path, "%s", strerror(errno));
		if (fd != STDIN_FILENO)
			close(fd);
		return UU_EXIT_FAIL;
	}
	if ((s.in = input_open(fd)) == NULL) {
		cli_error("out of memory");
		output_close(&out);
		return UU_EXIT_FAIL;
	}
	s.out = &out;
	s.progress = &progress;
	s.in_bytes = 0;
	progress_start(&progress, pmode, input_size(s.in));
	rc = stream_uu_encode(&s, &cfg, mode, name);
	progress_end(&progress);
	if (rc == STREAM_OK && output_commit(&out) != 0) {
		cli_file_error(output_shown(&out), "%s", strerror(errno));
		rc = STREAM_WRITE;
	}
	output_close(&out);
	input_close(s.in);
	return rc == STREAM_OK ? 0 : UU_EXIT_FAIL;
}
