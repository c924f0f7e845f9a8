/*
 * mimeencode: every codec of the library from the command line, as a
 * filter (FILE or standard input to standard output or -o FILE), plus
 * MIME messages: --pack builds one, --extract saves its attachments,
 * --list shows its parts.  With no options it is coreutils `base64`:
 * the same output for the same -w.
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
#include "cli/detect.h"
#include "cli/message.h"
#include "cli/stream.h"

enum { ME_EXIT_FAIL = 1, ME_EXIT_USAGE = 2 };

enum codec { CODEC_BASE64, CODEC_QP, CODEC_UU, CODEC_AUTO };

struct me_options {
	enum codec codec;
	int decode, url, portable, uu_base64, width_set;
	unsigned width;
	const char *uu_name;
	enum strictness how;
	enum progress_mode progress;
	mc_b64_config b64;
	mc_qp_config qp;
};

static void usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s [OPTION]... [FILE]\n"
	        "  or:  %s --pack|--extract|--list ...  (see --help-message)\n"
	        "Encode FILE (or standard input) to standard output, or decode it.\n"
	        "\n"
	        "  -b, --base64          base64 (the default)           --url  base64url alphabet\n"
	        "  -q, --qp              quoted-printable\n"
	        "      --uu[=NAME]       uuencode; NAME in the begin line (default: FILE's)\n"
	        "      --uu-base64[=NAME]  the begin-base64 form\n"
	        "  -u, -d, --decode      decode                      -a, --auto  detect the codec\n"
	        "      --strict          decode: any irregularity is an error\n"
	        "  -i, --ignore-garbage  decode: forgive everything, but report it\n"
	        "  -w, --wrap=COLS       line width: base64 76 (0: one line), QP 76 (4-76)\n"
	        "      --no-padding      base64 without '='\n"
	        "      --crlf, --lf      line ends written (encode; QP decode keeps the input's)\n"
	        "      --binary          QP: CR and LF are data, not line ends\n"
	        "      --protect         QP: escape \"From \" and a lone \".\" at line starts\n"
	        "      --qp-style=STYLE  QP like rfc (default), qprint or python\n"
	        "  -p, --portable        base64: LF to CRLF before encoding, back after decoding\n"
	        "  -o, --output=FILE     write to FILE, which appears only when complete\n"
	        "      --progress, --no-progress  progress line on stderr\n"
	        "      --help, --help-message, --version\n"
	        "\n"
	        "Names: uuencode, uudecode and mimencode run as those tools.\n"
	        "MIMECODEC_ISA=scalar|ssse3|avx2|avx512|neon forces a code path.\n"
	        "Exit status: 0 success, 1 invalid input or I/O error, 2 usage error.\n",
	        cli_prog, cli_prog);
}

static int qp_style(const char *s, struct me_options *o)
{
	if (strcmp(s, "rfc") == 0) {
		o->qp.line_width = 0;
		o->qp.eol = MC_EOL_LF;
	} else if (strcmp(s, "qprint") == 0) {
		o->qp.line_width = 71;
		o->qp.eol = MC_EOL_CRLF;
	} else if (strcmp(s, "python") == 0) {
		o->qp.line_width = 76;
		o->qp.flags |= MC_QP_PROTECT_DOT;
	} else {
		return -1;
	}
	return 0;
}

static int parse(int argc, char **argv, struct me_options *o, const char **out_path)
{
	enum { OPT_URL = 256, OPT_UU, OPT_UU_B64, OPT_STRICT, OPT_NO_PAD, OPT_CRLF, OPT_LF,
	       OPT_BINARY, OPT_PROTECT, OPT_STYLE, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_HELP,
	       OPT_HELP_MSG, OPT_VERSION };
	static const struct option longopts[] = {
		{ "base64", no_argument, NULL, 'b' },
		{ "url", no_argument, NULL, OPT_URL },
		{ "qp", no_argument, NULL, 'q' },
		{ "quoted-printable", no_argument, NULL, 'q' },
		{ "uu", optional_argument, NULL, OPT_UU },
		{ "uu-base64", optional_argument, NULL, OPT_UU_B64 },
		{ "decode", no_argument, NULL, 'u' },
		{ "auto", no_argument, NULL, 'a' },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "ignore-garbage", no_argument, NULL, 'i' },
		{ "wrap", required_argument, NULL, 'w' },
		{ "no-padding", no_argument, NULL, OPT_NO_PAD },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "lf", no_argument, NULL, OPT_LF },
		{ "binary", no_argument, NULL, OPT_BINARY },
		{ "protect", no_argument, NULL, OPT_PROTECT },
		{ "qp-style", required_argument, NULL, OPT_STYLE },
		{ "portable", no_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "help-message", no_argument, NULL, OPT_HELP_MSG },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int opt, eol_set = 0;

	while ((opt = getopt_long(argc, argv, "bqudaiw:po:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'b':
			o->codec = CODEC_BASE64;
			break;
		case OPT_URL:
			o->codec = CODEC_BASE64;
			o->url = 1;
			break;
		case 'q':
			o->codec = CODEC_QP;
			break;
		case OPT_UU:
		case OPT_UU_B64:
			o->codec = CODEC_UU;
			o->uu_base64 = opt == OPT_UU_B64;
			o->uu_name = optarg;
			break;
		case 'u':
		case 'd':
			o->decode = 1;
			break;
		case 'a':
			o->codec = CODEC_AUTO;
			o->decode = 1;
			break;
		case OPT_STRICT:
			o->how = DECODE_STRICT;
			break;
		case 'i':
			o->how = DECODE_LENIENT;
			break;
		case 'w':
			if (cli_parse_uint(optarg, 0, 1u << 30, &o->width) != 0) {
				cli_error("invalid wrap size: '%s'", cli_quote(optarg));
				return -1;
			}
			o->width_set = 1;
			break;
		case OPT_NO_PAD:
			o->b64.flags |= MC_B64_NO_PADDING;
			break;
		case OPT_CRLF:
		case OPT_LF:
			o->b64.eol = o->qp.eol = opt == OPT_CRLF ? MC_EOL_CRLF : MC_EOL_LF;
			eol_set = 1;
			break;
		case OPT_BINARY:
			o->qp.flags |= MC_QP_BINARY;
			break;
		case OPT_PROTECT:
			o->qp.flags |= MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT;
			break;
		case OPT_STYLE:
			if (qp_style(optarg, o) != 0) {
				cli_error("unknown --qp-style '%s' (rfc, qprint, python)", cli_quote(optarg));
				return -1;
			}
			break;
		case 'p':
			o->portable = 1;
			break;
		case 'o':
			*out_path = optarg;
			break;
		case OPT_PROGRESS:
			o->progress = PROGRESS_ON;
			break;
		case OPT_NO_PROGRESS:
			o->progress = PROGRESS_OFF;
			break;
		case OPT_HELP:
			usage(stdout);
			exit(0);
		case OPT_HELP_MSG:
			message_usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("%s (mimecodec) %s\n", cli_prog, PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (o->decode && o->codec == CODEC_QP && !eol_set)
		o->qp.eol = MC_EOL_AS_INPUT;
	if (o->width_set && o->codec == CODEC_QP && (o->width < 4 || o->width > 76)) {
		cli_error("quoted-printable lines are 4 to 76 characters wide");
		return -1;
	}
	if (argc - optind > 1) {
		cli_error("extra operand '%s'", cli_quote(argv[optind + 1]));
		usage(stderr);
		return -1;
	}
	return 0;
}

struct me_job {
	struct me_options *o;
	const char *in_path;
};

static int run_codec(struct stream *s, struct me_options *o, const char *in_path)
{
	struct stat st;
	const char *name;
	unsigned mode;

	switch (o->codec) {
	case CODEC_BASE64:
		o->b64.alphabet = o->url ? MC_B64_URL : MC_B64_STANDARD;
		if (o->decode)
			return stream_b64_decode(s, o->b64, o->how, o->portable);
		o->b64.line_width = o->width_set ? o->width : 76;
		return stream_b64_encode(s, &o->b64, o->portable);
	case CODEC_QP:
		if (o->width_set)
			o->qp.line_width = o->width;
		if (o->decode)
			return stream_qp_decode(s, o->qp, o->how);
		return stream_qp_encode(s, &o->qp);
	case CODEC_UU:
		if (o->decode) {
			mc_uu_config cfg = { 0 };
			return stream_uu_decode(s, cfg, o->how);
		} else {
			mc_uu_config cfg = { .form = o->uu_base64 ? MC_UU_BASE64 : MC_UU_CLASSIC,
				             .eol = o->b64.eol };
			const char *slash;
			name = o->uu_name;
			if (name == NULL) {
				slash = in_path != NULL ? strrchr(in_path, '/') : NULL;
				name = in_path == NULL ? "-" : slash != NULL ? slash + 1 : in_path;
			}
			mode = in_path != NULL && fstat(input_fd(s->in), &st) == 0 ? (unsigned)st.st_mode & 0777
			                                                  : 0666 & ~(unsigned)cli_umask();
			return stream_uu_encode(s, &cfg, mode, name);
		}
	default:
		break;
	}
	return STREAM_BAD_DATA;
}

/* -a: names the codec from the first piece, which the decoder then reads again. */
static int run_auto(struct stream *s, struct me_options *o, const char *in_path)
{
	const char *head;
	ssize_t n = stream_next(s, &head);
	enum detected d;

	if (n < 0)
		return STREAM_READ;
	d = detect_encoding(head, (size_t)n, n < CLI_CHUNK);
	input_unget(s->in);
	s->in_bytes = 0;
	o->codec = d == DETECT_QP ? CODEC_QP : d == DETECT_UU ? CODEC_UU : CODEC_BASE64;
	o->url = d == DETECT_BASE64URL;
	if (d == DETECT_QP && o->qp.eol == MC_EOL_LF)
		o->qp.eol = MC_EOL_AS_INPUT;
	cli_file_error(s->in_name, "decoding %s", detected_name(d));
	return run_codec(s, o, in_path);
}

static int run(struct stream *s, void *ctx)
{
	struct me_job *job = ctx;

	if (job->o->codec == CODEC_AUTO)
		return run_auto(s, job->o, job->in_path);
	return run_codec(s, job->o, job->in_path);
}

int cmd_mimeencode(int argc, char **argv)
{
	struct me_options o = { .how = DECODE_DEFAULT };
	const char *out_path = NULL;
	struct me_job mj = { &o, NULL };
	struct stream_job job = { 0 };
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--pack") == 0)
			return message_pack(argc, argv);
		if (strcmp(argv[i], "--extract") == 0 || strcmp(argv[i], "-x") == 0)
			return message_extract(argc, argv);
		if (strcmp(argv[i], "--list") == 0)
			return message_list(argc, argv);
	}
	if (parse(argc, argv, &o, &out_path) != 0)
		return ME_EXIT_USAGE;
	if (cli_check_env() != 0)
		return ME_EXIT_USAGE;
	mj.in_path = optind < argc && strcmp(argv[optind], "-") != 0 ? argv[optind] : NULL;
	job.in_path = mj.in_path;
	job.out_path = out_path;
	job.progress = o.progress;
	job.run = run;
	job.ctx = &mj;
	return stream_command(&job) == STREAM_OK ? 0 : ME_EXIT_FAIL;
}
