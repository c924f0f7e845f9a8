/*
 * uudecode: sharutils' command line (`uudecode [-o FILE] [-c] [FILE...]`,
 * BSD's -p), safe by default.  The name in a begin line is untrusted:
 * reduced to a bare name (safe_name), never written through a symlink or
 * into a FIFO or device, never replacing a file without --force, its mode
 * without suid, sgid and sticky bits and with the umask applied, and the
 * file appears only when its end line was read.  Every begin ... end
 * block in each input is decoded.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/safename.h"
#include "cli/stream.h"

/* sharutils' exit codes */
enum { UD_EXIT_BAD_DATA = 2, UD_EXIT_NO_INPUT = 4, UD_EXIT_NO_OUTPUT = 8, UD_EXIT_USAGE = 64 };

struct ud_options {
	const char *out_path; /* -o */
	const char *dir;      /* -C */
	unsigned flags;       /* OUT_FORCE */
	int unsafe_paths;
	enum strictness how;
	enum progress_mode progress;
};

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [OPTION]... [FILE]...\n"
	        "Decode the uuencoded (or begin-base64) files in each FILE (or standard\n"
	        "input) into the files their begin lines name, safely.\n"
	        "\n"
	        "  -o, --output-file=FILE  write the (first) decoded file to FILE; - is stdout\n"
	        "  -p, --stdout            write everything decoded to standard output\n"
	        "  -C, --directory=DIR     create the files in DIR instead of here\n"
	        "  -f, --force             replace existing files (never writes through links)\n"
	        "      --unsafe-paths      keep directories in begin-line names (as written)\n"
	        "      --strict            any irregularity in the data is an error\n"
	        "  -c, --ignore-chmod      accepted for compatibility\n"
	        "      --progress, --no-progress  progress line on stderr\n"
	        "      --help, --version\n"
	        "\n"
	        "A name from the input loses its directories, a leading '.' or '-' and any\n"
	        "control bytes; the mode loses suid, sgid and sticky bits; a file appears\n"
	        "only once its end line was read.\n"
	        "Exit status: 0 success, 2 invalid or truncated input, 4 missing input,\n"
	        "8 an output could not be created, 64 usage error.\n",
	        cli_prog);
}

/* Opens where a block goes, once its begin line is known.  0 or an exit code. */
static int open_target(const struct ud_options *o, const char *in_name, const mc_uu_header *h,
                       int block, struct output *out)
{
	char clean[SAFE_NAME_MAX + 8];
	const char *dir = o->dir, *base;
	char *dir_buf = NULL;
	int rc = 0;

	if (o->out_path != NULL) {
		if (block > 0 && strcmp(o->out_path, "-") != 0) {
			cli_file_error(in_name, "a second file ('%s') in the input, and -o names one",
			               cli_quote(h->name));
			return UD_EXIT_BAD_DATA;
		}
		if (output_user_path(out, o->out_path, h->mode & 0777) == 0)
			return 0;
		cli_file_error(o->out_path, "%s", strerror(errno));
		return UD_EXIT_NO_OUTPUT;
	}
	if (strcmp(h->name, "-") == 0 || strcmp(h->name, "/dev/stdout") == 0) {
		output_stdout(out);
		return 0;
	}
	if (o->unsafe_paths) {
		const char *slash = strrchr(h->name, '/');
		base = slash != NULL ? slash + 1 : h->name;
		if (slash != NULL) {
			dir_buf = strndup(h->name, (size_t)(slash - h->name) + (slash == h->name));
			dir = dir_buf;
		}
		if (strcmp(base, "") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
			cli_file_error(in_name, "the name '%s' names no file", cli_quote(h->name));
			free(dir_buf);
			return UD_EXIT_NO_OUTPUT;
		}
	} else {
		if (safe_name(h->name, clean, sizeof clean) != 0) {
			cli_file_error(in_name, "the name '%s' names no file", cli_quote(h->name));
			return UD_EXIT_NO_OUTPUT;
		}
		if (strcmp(clean, h->name) != 0)
			cli_file_error(in_name, "writing '%s' for the unsafe name '%s'", cli_quote(clean),
			               cli_quote(h->name));
		base = clean;
	}
	if (output_untrusted(out, dir, base, h->mode & 0777, o->flags) != 0) {
		if (errno == EEXIST)
			cli_file_error(base, "exists; not replaced without --force");
		else if (errno == EPERM)
			cli_file_error(base, "exists and is not a regular file; not touched");
		else
			cli_file_error(base, "%s", strerror(errno));
		rc = UD_EXIT_NO_OUTPUT;
	}
	free(dir_buf);
	return rc;
}

/* End of one block (or of the input): reports, and keeps or drops its file.  0 or an exit code. */
static int finish_block(mc_uu_decoder *dec, struct stream *s, int *open, int blocks_before,
                        char *obuf, uint64_t *end_offset)
{
	mc_uu_result res;
	size_t w = 0;
	mc_status st = mc_uu_decoder_final(dec, obuf, MC_UU_DECODER_FINAL_MAX, &w, &res);

	*end_offset = res.end_offset;
	if (st == MC_ERR_NO_BEGIN && !*open) {
		if (blocks_before > 0)
			return 0;
		cli_file_error(s->in_name, "no begin line");
		return UD_EXIT_BAD_DATA;
	}
	if (*open && w > 0 && stream_emit(s, obuf, w) != 0) {
		output_close(s->out);
		*open = 0;
		return UD_EXIT_NO_OUTPUT;
	}
	report_uu_defects(s->in_name, &res.defects);
	if (report_uu_status(s->in_name, st, &res) != STREAM_OK) {
		if (*open && s->out->dirfd >= 0)
			cli_file_error(output_shown(s->out), "not written");
		if (*open)
			output_close(s->out);
		*open = 0;
		return UD_EXIT_BAD_DATA;
	}
	*open = 0;
	if (output_commit(s->out) != 0) {
		cli_file_error(output_shown(s->out), "%s", strerror(errno));
		output_close(s->out);
		return UD_EXIT_NO_OUTPUT;
	}
	output_close(s->out);
	return 0;
}

/* Decodes every block in one input (fd, which it closes).  0 or an exit code. */
static int decode_input(const struct ud_options *o, int fd, const char *in_name)
{
	mc_uu_config cfg = { .mode = o->how == DECODE_STRICT ? MC_UU_STRICT : MC_UU_LENIENT };
	size_t bound, w, pos = 0, len = 0;
	const char *chunk = NULL;
	char *obuf = NULL;
	struct progress progress;
	struct output out;
	struct stream s = { input_open(fd), in_name, &out, &progress, 0 };
	mc_uu_decoder dec;
	int blocks = 0, open = 0, rc = 0;
	uint64_t fed = 0, consumed; /* bytes given to, and used by, this block's decoder */
	mc_status st = MC_OK;

	mc_uu_decoder_bound(CLI_CHUNK, &bound);
	obuf = malloc(bound + MC_UU_DECODER_FINAL_MAX);
	if (s.in == NULL || obuf == NULL) {
		cli_error("out of memory");
		if (s.in == NULL && fd != STDIN_FILENO)
			close(fd);
		input_close(s.in);
		free(obuf);
		return UD_EXIT_NO_OUTPUT;
	}
	progress_start(&progress, o->progress, input_size(s.in),
	               o->out_path != NULL && strcmp(o->out_path, "-") == 0);
	mc_uu_decoder_init(&dec, &cfg);
	for (;;) {
		if (pos == len) {
			ssize_t n = stream_next(&s, &chunk);
			if (n < 0) {
				rc = UD_EXIT_NO_INPUT;
				break;
			}
			if (n == 0)
				break;
			len = (size_t)n;
			pos = 0;
		}
		st = mc_uu_decoder_update(&dec, chunk + pos, len - pos, obuf, bound, &w);
		fed += len - pos;
		if (!open && mc_uu_decoder_header(&dec) != NULL) {
			rc = open_target(o, in_name, mc_uu_decoder_header(&dec), blocks, &out);
			if (rc != 0)
				break;
			open = 1;
		}
		if (w > 0 && stream_emit(&s, obuf, w) != 0) {
			rc = UD_EXIT_NO_OUTPUT;
			break;
		}
		if (st != MC_OK)
			break;
		if (!mc_uu_decoder_done(&dec)) {
			pos = len;
			continue;
		}
		/* the end line: what follows it in this chunk may hold another block */
		rc = finish_block(&dec, &s, &open, blocks, obuf, &consumed);
		if (rc != 0)
			break;
		blocks++;
		pos = len - (size_t)(fed - consumed);
		fed = 0;
		mc_uu_decoder_init(&dec, &cfg);
	}
	if (rc == 0)
		rc = finish_block(&dec, &s, &open, blocks, obuf, &consumed);
	else if (open)
		output_close(&out);
	progress_end(&progress);
	input_close(s.in);
	free(obuf);
	return rc;
}

int cmd_uudecode(int argc, char **argv)
{
	enum { OPT_UNSAFE = 256, OPT_STRICT, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_HELP, OPT_VERSION };
	static const struct option longopts[] = {
		{ "output-file", required_argument, NULL, 'o' },
		{ "stdout", no_argument, NULL, 'p' },
		{ "directory", required_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'f' },
		{ "ignore-chmod", no_argument, NULL, 'c' },
		{ "unsafe-paths", no_argument, NULL, OPT_UNSAFE },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct ud_options o = { .how = DECODE_LENIENT };
	int opt, rc = 0, i;

	while ((opt = getopt_long(argc, argv, "o:pC:fc", longopts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			o.out_path = optarg;
			break;
		case 'p':
			o.out_path = "-";
			break;
		case 'C':
			o.dir = optarg;
			break;
		case 'f':
			o.flags |= OUT_FORCE;
			break;
		case 'c':
			break;
		case OPT_UNSAFE:
			o.unsafe_paths = 1;
			break;
		case OPT_STRICT:
			o.how = DECODE_STRICT;
			break;
		case OPT_PROGRESS:
			o.progress = PROGRESS_ON;
			break;
		case OPT_NO_PROGRESS:
			o.progress = PROGRESS_OFF;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("%s (mimecodec) %s\n", cli_prog, PACKAGE_VERSION);
			return 0;
		default:
			usage(stderr);
			return UD_EXIT_USAGE;
		}
	}
	if (cli_check_env() != 0)
		return UD_EXIT_USAGE;
	if (optind == argc)
		return decode_input(&o, STDIN_FILENO, "standard input");
	for (i = optind; i < argc; i++) {
		int in = cli_open_input(argv[i]), r;
		if (in < 0) {
			cli_file_error(argv[i], "%s", strerror(errno));
			r = UD_EXIT_NO_INPUT;
		} else {
			r = decode_input(&o, in, strcmp(argv[i], "-") == 0 ? "standard input" : argv[i]);
		}
		if (r > rc)
			rc = r;
	}
	return rc;
}
