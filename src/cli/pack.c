/*
 * mimeencode --pack: a complete MIME message from files and pipes (what
 * mpack does).  Regular files are scanned and then encoded (7bit,
 * quoted-printable or base64 as their content needs); pipes and other
 * files that cannot be read twice are streamed once, in base64, so an
 * attachment read from a pipe is never lost (mpack sends it empty).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/message.h"
#include "cli/output.h"

enum { PK_EXIT_FAIL = 1, PK_EXIT_USAGE = 2, MAX_INPUTS = 1000 };

void message_usage(FILE *f)
{
	fprintf(f,
	        "Usage: %s --pack [OPTION]... [[--type=TYPE] [--name=NAME] FILE]...\n"
	        "  or:  %s --extract [-C DIR] [-f] [--all] [--keep-partial] [MESSAGE]\n"
	        "  or:  %s --list [MESSAGE]\n"
	        "\n"
	        "--pack writes a MIME message with FILEs attached (- is standard input;\n"
	        "pipes work) to standard output or -o FILE:\n"
	        "  -s, --subject=TEXT  --from=ADDR  --to=ADDR  --cc=ADDR  (ADDR: a@b or\n"
	        "                      \"Name <a@b>\"; --to and --cc may repeat)\n"
	        "      --body=FILE     a text body first (- reads standard input)\n"
	        "      --type=TYPE     content type of the next FILE (default: detected)\n"
	        "      --name=NAME     file name the next FILE is sent as\n"
	        "      --inline        attachments shown inline\n"
	        "      --crlf          CRLF line ends (for SMTP)\n"
	        "--extract saves every attachment of MESSAGE (or standard input) in DIR:\n"
	        "names are reduced to safe bare names, existing files are never replaced\n"
	        "(NAME.1, NAME.2, ... instead; -f replaces), text parts without a name are\n"
	        "skipped unless --all, and a part the message ends inside is not saved\n"
	        "unless --keep-partial (as NAME.partial).\n"
	        "--list shows the part tree: number, type, encoding, decoded size, name.\n",
	        cli_prog, cli_prog, cli_prog);
}

struct input {
	const char *path, *type, *name;
	int fd;          /* for pipes: streamed once */
};

static long read_fd(void *ctx, void *buf, size_t cap)
{
	ssize_t n = cli_read_full(*(int *)ctx, buf, cap);

	return n < 0 ? -1 : (long)n;
}

/* "Name <a@b>" or "a@b" -> display (or NULL) and address, in place. */
static void split_address(char *s, const char **display, const char **address)
{
	char *lt = strrchr(s, '<'), *end = s + strlen(s);

	*display = NULL;
	*address = s;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (lt == NULL || end == s || end[-1] != '>')
		return;
	end[-1] = '\0';
	*address = lt + 1;
	*lt = '\0';
	while (lt > s && (lt[-1] == ' ' || lt[-1] == '\t'))
		*--lt = '\0';
	if (s[0] == '"' && lt - s >= 2 && lt[-1] == '"') {
		lt[-1] = '\0';
		s++;
	}
	if (*s != '\0')
		*display = s;
}

static int add_address(mc_mail *m, const char *field, const char *arg)
{
	char *copy = strdup(arg);
	const char *display, *address;
	mc_status st;

	if (copy == NULL)
		return -1;
	split_address(copy, &display, &address);
	st = mc_mail_address(m, field, display, address);
	if (st != MC_OK)
		cli_error("--%s '%s': %s", field, cli_quote(arg), mc_strerror(st));
	free(copy);
	return st == MC_OK ? 0 : -1;
}

/* Maps a text body (a file, or standard input spooled to an unnamed file). */
static const void *map_body(const char *path, size_t *len)
{
	int fd = -1;
	struct stat st;
	void *p;

	if (strcmp(path, "-") == 0) {
		char buf[65536];
		ssize_t n;
		fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (fd < 0)
			return NULL;
		while ((n = cli_read_full(STDIN_FILENO, buf, sizeof buf)) > 0)
			if (cli_write_all(fd, buf, (size_t)n) != 0)
				n = -1;
		if (n < 0) {
			close(fd);
			return NULL;
		}
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	*len = (size_t)st.st_size;
	if (*len == 0) {
		close(fd);
		return "";
	}
	p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static int attach(mc_mail *m, mc_mail_part *parent, struct input *in, int inline_parts)
{
	struct stat st;
	mc_mail_part *part;
	mc_status st_;
	const char *name = in->name;

	if (name == NULL && strcmp(in->path, "-") != 0) {
		const char *slash = strrchr(in->path, '/');
		name = slash != NULL ? slash + 1 : in->path;
	}
	if (strcmp(in->path, "-") != 0 && stat(in->path, &st) == 0 && S_ISREG(st.st_mode)) {
		st_ = mc_mail_attach_file(m, parent, in->path, name, in->type, &part);
	} else {
		in->fd = cli_open_input(in->path);
		if (in->fd < 0) {
			cli_file_error(in->path, "%s", strerror(errno));
			return -1;
		}
		st_ = mc_mail_attach_reader(m, parent, read_fd, &in->fd, name, in->type, &part);
	}
	if (st_ == MC_OK && inline_parts)
		st_ = mc_mail_part_disposition(part, "inline");
	if (st_ != MC_OK) {
		cli_file_error(in->path, "%s", mc_strerror(st_));
		return -1;
	}
	return 0;
}

int message_pack(int argc, char **argv)
{
	enum { OPT_PACK = 256, OPT_FROM, OPT_TO, OPT_CC, OPT_BODY, OPT_TYPE, OPT_NAME, OPT_INLINE,
	       OPT_CRLF };
	static const struct option longopts[] = {
		{ "pack", no_argument, NULL, OPT_PACK },
		{ "subject", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "cc", required_argument, NULL, OPT_CC },
		{ "body", required_argument, NULL, OPT_BODY },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "inline", no_argument, NULL, OPT_INLINE },
		{ "crlf", no_argument, NULL, OPT_CRLF },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	static struct input inputs[MAX_INPUTS];
	mc_mail_config cfg = { 0 };
	const char *out_path = NULL, *body_path = NULL, *type = NULL, *name = NULL;
	const void *body = NULL;
	size_t body_len = 0, ninputs = 0, i;
	int opt, inline_parts = 0, rc = PK_EXIT_FAIL;
	mc_mail *m = NULL;
	mc_mail_part *root = NULL;
	struct output out;
	mc_status st;

	/* the line end is fixed when the message is made, before any header */
	for (i = 1; i < (size_t)argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--crlf") == 0)
			cfg.eol = MC_EOL_CRLF;
	if ((st = mc_mail_new(&cfg, &m)) != MC_OK) {
		cli_error("%s", mc_strerror(st));
		return PK_EXIT_FAIL;
	}
	/* '-' first: operands come back in order, so --type applies to the next FILE */
	while ((opt = getopt_long(argc, argv, "-s:o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 1:
			if (ninputs == MAX_INPUTS) {
				cli_error("more than %d files", MAX_INPUTS);
				goto done;
			}
			inputs[ninputs].path = optarg;
			inputs[ninputs].type = type;
			inputs[ninputs].name = name;
			inputs[ninputs].fd = -1;
			ninputs++;
			type = name = NULL;
			break;
		case OPT_PACK:
			break;
		case 's':
			if ((st = mc_mail_header(m, "Subject", optarg)) != MC_OK) {
				cli_error("--subject: %s", mc_strerror(st));
				goto done;
			}
			break;
		case OPT_FROM:
		case OPT_TO:
		case OPT_CC:
			if (add_address(m, opt == OPT_FROM ? "From" : opt == OPT_TO ? "To" : "Cc",
			                optarg) != 0)
				goto done;
			break;
		case OPT_BODY:
			body_path = optarg;
			break;
		case OPT_TYPE:
			type = optarg;
			break;
		case OPT_NAME:
			name = optarg;
			break;
		case OPT_INLINE:
			inline_parts = 1;
			break;
		case OPT_CRLF:
			break;
		case 'o':
			out_path = optarg;
			break;
		default:
			message_usage(stderr);
			rc = PK_EXIT_USAGE;
			goto done;
		}
	}
	if (body_path == NULL && ninputs == 0) {
		cli_error("nothing to send: give --body or a FILE");
		rc = PK_EXIT_USAGE;
		goto done;
	}
	if (body_path != NULL && (body = map_body(body_path, &body_len)) == NULL) {
		cli_file_error(body_path, "%s", strerror(errno));
		goto done;
	}
	if (ninputs > 0 && (st = mc_mail_multipart(m, NULL, "mixed", &root)) != MC_OK)
		goto lib_error;
	if (body != NULL && (st = mc_mail_text(m, root, "plain", body, body_len, NULL)) != MC_OK)
		goto lib_error;
	for (i = 0; i < ninputs; i++)
		if (attach(m, root, &inputs[i], inline_parts) != 0)
			goto done;
	if (out_path == NULL)
		output_stdout(&out);
	else if (output_user_path(&out, out_path, 0666) != 0) {
		cli_file_error(out_path, "%s", strerror(errno));
		goto done;
	}
	st = mc_mail_write_fd(m, out.fd);
	if (st != MC_OK) {
		output_close(&out);
		goto lib_error;
	}
	if (output_commit(&out) != 0)
		cli_file_error(output_shown(&out), "%s", strerror(errno));
	else
		rc = 0;
	output_close(&out);
	goto done;
lib_error:
	cli_error("%s%s%s", mc_strerror(st), st == MC_ERR_IO ? ": " : "",
	          st == MC_ERR_IO ? strerror(errno) : "");
done:
	for (i = 0; i < ninputs; i++)
		if (inputs[i].fd > STDIN_FILENO)
			close(inputs[i].fd);
	if (body != NULL && body_len > 0)
		munmap((void *)body, body_len);
	mc_mail_free(m);
	return rc;
}
