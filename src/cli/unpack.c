/*
 * mimeencode --extract and --list: a message is parsed as it streams in
 * (the push parser; no part is held in memory), attachments go straight
 * to their files.  Names are untrusted: RFC 2231 and RFC 2047 decoded
 * first, then reduced by safe_name() (F1-F8).  A part the message ends
 * inside (its multipart never closed) is not saved as if complete.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/message.h"
#include "cli/output.h"
#include "cli/safename.h"

enum { UN_EXIT_FAIL = 1, UN_EXIT_USAGE = 2 };

struct unpack {
	/* options */
	const char *dir;
	unsigned flags;
	int all, keep_partial, listing;
	/* state */
	const char *in_name;
	int finishing;        /* the parser is closing what the input left open */
	int open;             /* out holds the current part */
	unsigned part_id;
	int failed;
	unsigned saved;
	struct output out;
	/* a multipart's preamble, saved in case its boundary never comes (then
	   the parser makes it a leaf whose content is that preamble) */
	int cand_open;
	unsigned cand_id;
	struct output cand;
	/* --list */
	struct entry {
		unsigned id, depth;
		char *type, *name;
		const char *encoding;
		uint64_t size, preamble;
		int leaf;
	} *entries;
	size_t nentries, cap;
};

static const char *encoding_name(mc_mime_encoding e)
{
	switch (e) {
	case MC_MIME_BASE64:
		return "base64";
	case MC_MIME_QUOTED_PRINTABLE:
		return "quoted-printable";
	case MC_MIME_UUENCODE:
		return "x-uuencode";
	case MC_MIME_UNKNOWN_CTE:
		return "unknown";
	default:
		return "-";
	}
}

/* The part's file name, RFC 2047 words decoded (RFC 2231 already is); NULL if none. */
static char *part_name(const mc_mime_part *p)
{
	const char *raw = mc_mime_part_filename(p);
	size_t cap, w;
	char *s;

	if (raw == NULL || mc_mime_words_max_length(strlen(raw), &cap) != MC_OK ||
	    (s = malloc(cap)) == NULL)
		return NULL;
	if (mc_mime_decode_words(raw, strlen(raw), s, cap, &w, NULL) != MC_OK) {
		free(s);
		return strdup(raw);
	}
	return s;
}

static int is_inside_multipart(const mc_mime_part *p)
{
	for (p = mc_mime_part_parent(p); p != NULL; p = mc_mime_part_parent(p))
		if (mc_mime_part_kind_of(p) == MC_MIME_MULTIPART)
			return 1;
	return 0;
}

static int wanted(const struct unpack *u, const mc_mime_part *p, const char *name)
{
	const char *type = mc_mime_part_content_type(p);

	if (mc_mime_part_kind_of(p) != MC_MIME_LEAF)
		return 0;
	if (u->all || name != NULL || strcmp(mc_mime_part_disposition(p), "attachment") == 0)
		return 1;
	return strncmp(type, "text/", 5) != 0;
}

/* Opens where part p goes (u->out, or u->cand for a multipart's preamble).  0 or -1. */
static int open_part_file(struct unpack *u, const mc_mime_part *p, struct output *out)
{
	char clean[SAFE_NAME_MAX + 8], fallback[32];
	char *name = part_name(p);
	const char *use;
	int rc = 0;

	if (name != NULL && safe_name(name, clean, sizeof clean) == 0) {
		use = clean;
		if (strcmp(clean, name) != 0)
			cli_file_error(u->in_name, "part %u: saving '%s' for the unsafe name '%s'",
			               mc_mime_part_id(p), cli_quote(clean), cli_quote(name));
	} else {
		snprintf(fallback, sizeof fallback, "part%u", mc_mime_part_id(p));
		use = fallback;
	}
	if (output_untrusted(out, u->dir, use, 0666, u->flags & OUT_FORCE ? OUT_FORCE : OUT_UNIQUE) != 0) {
		cli_file_error(use, "%s", errno == EPERM ? "exists and is not a regular file; not touched"
		                                         : strerror(errno));
		u->failed = 1;
		rc = -1;
	}
	free(name);
	return rc;
}

static void begin_part(struct unpack *u, const mc_mime_part *p)
{
	char *name = part_name(p);
	int want = wanted(u, p, name);

	free(name);
	if (want && open_part_file(u, p, &u->out) == 0) {
		u->open = 1;
		u->part_id = mc_mime_part_id(p);
	}
}

static void preamble(struct unpack *u, const mc_mime_event *ev)
{
	const mc_mime_part *p = ev->part;
	char *name;

	if (!u->cand_open) {
		name = part_name(p);
		if (u->all || name != NULL) {
			if (open_part_file(u, p, &u->cand) == 0) {
				u->cand_open = 1;
				u->cand_id = mc_mime_part_id(p);
			}
		}
		free(name);
	}
	if (u->cand_open && u->cand_id == mc_mime_part_id(p) &&
	    output_write(&u->cand, ev->data, ev->len) != 0) {
		cli_file_error(output_shown(&u->cand), "write error: %s", strerror(errno));
		output_close(&u->cand);
		u->cand_open = 0;
		u->failed = 1;
	}
}

/* The multipart split after all (or ended): its preamble is no part. */
static void drop_candidate(struct unpack *u, const mc_mime_part *p)
{
	if (u->cand_open && u->cand_id == mc_mime_part_id(p)) {
		output_close(&u->cand);
		u->cand_open = 0;
	}
}

static void save(struct unpack *u, const mc_mime_part *p, struct output *out);

static void end_part(struct unpack *u, const mc_mime_part *p)
{
	if (u->cand_open && u->cand_id == mc_mime_part_id(p)) {
		if (mc_mime_part_kind_of(p) == MC_MIME_LEAF) {
			u->cand_open = 0;
			save(u, p, &u->cand);
		} else {
			drop_candidate(u, p);
		}
		return;
	}
	if (u->open && mc_mime_part_id(p) == u->part_id) {
		u->open = 0;
		save(u, p, &u->out);
		return;
	}
	/* a multipart that never split and had no preamble: an empty leaf */
	if (mc_mime_part_kind_of(p) == MC_MIME_LEAF &&
	    strncmp(mc_mime_part_content_type(p), "multipart/", 10) == 0) {
		char *name = part_name(p);
		if ((u->all || name != NULL) && open_part_file(u, p, &u->cand) == 0)
			save(u, p, &u->cand);
		free(name);
	}
}

/* Gives a finished part's file its name; one the message ends inside is kept only as NAME.partial. */
static void save(struct unpack *u, const mc_mime_part *p, struct output *out)
{
	if (u->finishing && is_inside_multipart(p)) {
		cli_file_error(u->in_name, "part %u: the message ends inside it", mc_mime_part_id(p));
		if (!u->keep_partial) {
			cli_file_error(output_shown(out), "not saved (--keep-partial saves it)");
			output_close(out);
			u->failed = 1;
			return;
		}
		if (output_add_suffix(out, ".partial") != 0) {
			output_close(out); /* never under the name of a complete file */
			u->failed = 1;
			return;
		}
		u->failed = 1;
	}
	if (output_commit(out) != 0) {
		cli_file_error(output_shown(out), "%s", strerror(errno));
		output_close(out);
		u->failed = 1;
		return;
	}
	u->saved++;
	printf("%s\n", cli_quote(output_shown(out)));
	output_close(out);
}

static int list_add(struct unpack *u, const mc_mime_part *p)
{
	struct entry *e;

	if (u->nentries == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 64;
		struct entry *n = realloc(u->entries, cap * sizeof *n);
		if (n == NULL)
			return -1;
		u->entries = n;
		u->cap = cap;
	}
	e = &u->entries[u->nentries++];
	e->id = mc_mime_part_id(p);
	e->depth = mc_mime_part_depth(p);
	e->type = strdup(mc_mime_part_content_type(p));
	e->name = part_name(p);
	e->encoding = encoding_name(mc_mime_part_encoding(p));
	e->leaf = mc_mime_part_kind_of(p) == MC_MIME_LEAF;
	e->size = e->preamble = 0;
	return 0;
}

/* The entry of part p (parts begin in id order, so it is near the end). */
static struct entry *list_find(struct unpack *u, const mc_mime_part *p)
{
	unsigned id = mc_mime_part_id(p);
	size_t i = u->nentries;

	while (i > 1 && u->entries[i - 1].id != id)
		i--;
	return &u->entries[i - 1];
}

static int on_event(void *ctx, const mc_mime_event *ev)
{
	struct unpack *u = ctx;

	switch (ev->type) {
	case MC_MIME_PART_BEGIN:
		if (u->listing)
			return list_add(u, ev->part);
		begin_part(u, ev->part);
		break;
	case MC_MIME_BODY:
		if (u->listing) {
			list_find(u, ev->part)->size += ev->len;
			break;
		}
		if (u->open && output_write(&u->out, ev->data, ev->len) != 0) {
			cli_file_error(output_shown(&u->out), "write error: %s", strerror(errno));
			output_close(&u->out);
			u->open = 0;
			u->failed = 1;
		}
		break;
	case MC_MIME_RAW:
		if (ev->raw_kind == MC_MIME_RAW_PREAMBLE) {
			if (u->listing)
				list_find(u, ev->part)->preamble += ev->len;
			else
				preamble(u, ev);
		} else if (ev->raw_kind == MC_MIME_RAW_DELIMITER && !u->listing) {
			drop_candidate(u, ev->part);
		}
		break;
	case MC_MIME_PART_END:
		if (!u->listing) {
			end_part(u, ev->part);
		} else if (mc_mime_part_kind_of(ev->part) == MC_MIME_LEAF) {
			struct entry *e = list_find(u, ev->part);
			if (!e->leaf) { /* a multipart that never split: a leaf of its preamble */
				e->leaf = 1;
				e->size = e->preamble;
			}
		}
		break;
	case MC_MIME_DEFECT:
		cli_file_error(u->in_name, "%s%s at byte offset %llu (part %u)",
		               ev->defect.severity == MC_MIME_CRITICAL ? "" : "warning: ",
		               mc_mime_defect_name(ev->defect.kind),
		               (unsigned long long)ev->defect.offset, ev->defect.part_id);
		break;
	default:
		break;
	}
	return 0;
}

static void print_list(const struct unpack *u)
{
	size_t i;

	printf("%-5s %-40s %-16s %12s  %s\n", "PART", "TYPE", "ENCODING", "SIZE", "NAME");
	for (i = 0; i < u->nentries; i++) {
		const struct entry *e = &u->entries[i];
		char size[24];
		int indent = (int)(e->depth > 16 ? 16 : e->depth) * 2;
		if (e->leaf)
			snprintf(size, sizeof size, "%llu", (unsigned long long)e->size);
		else
			strcpy(size, "-");
		printf("%-5u %*s%-*s %-16s %12s  %s\n", e->id, indent, "", 40 - indent,
		       cli_quote(e->type), e->encoding, size, e->name ? cli_quote(e->name) : "");
	}
}

static int run(int argc, char **argv, int listing)
{
	enum { OPT_MODE = 256, OPT_ALL, OPT_KEEP };
	static const struct option longopts[] = {
		{ "extract", no_argument, NULL, OPT_MODE },
		{ "list", no_argument, NULL, OPT_MODE },
		{ "directory", required_argument, NULL, 'C' },
		{ "force", no_argument, NULL, 'f' },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "keep-partial", no_argument, NULL, OPT_KEEP },
		{ NULL, 0, NULL, 0 },
	};
	struct unpack u = { .listing = listing };
	mc_mime_config cfg;
	mc_mime_parser *parser;
	char *buf;
	ssize_t n = 0;
	int opt, in, rc;
	mc_status st = MC_OK;

	while ((opt = getopt_long(argc, argv, "xC:f", longopts, NULL)) != -1) {
		switch (opt) {
		case 'x':
		case OPT_MODE:
			break;
		case 'C':
			u.dir = optarg;
			break;
		case 'f':
			u.flags |= OUT_FORCE;
			break;
		case OPT_ALL:
			u.all = 1;
			break;
		case OPT_KEEP:
			u.keep_partial = 1;
			break;
		default:
			message_usage(stderr);
			return UN_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		cli_error("extra operand '%s'", cli_quote(argv[optind + 1]));
		return UN_EXIT_USAGE;
	}
	if (cli_check_env() != 0)
		return UN_EXIT_USAGE;
	u.in_name = optind < argc ? argv[optind] : "-";
	if ((in = cli_open_input(u.in_name)) < 0) {
		cli_file_error(u.in_name, "%s", strerror(errno));
		return UN_EXIT_FAIL;
	}
	mc_mime_config_default(&cfg);
	cfg.max_decoded = UINT64_MAX; /* base64 and QP never decode to more than they read */
	parser = mc_mime_parser_new(&cfg, on_event, &u);
	buf = malloc(CLI_CHUNK);
	if (parser == NULL || buf == NULL) {
		cli_error("out of memory");
		rc = UN_EXIT_FAIL;
		goto done;
	}
	while (st == MC_OK && (n = cli_read_full(in, buf, CLI_CHUNK)) > 0)
		st = mc_mime_parser_feed(parser, buf, (size_t)n);
	if (n < 0) {
		cli_file_error(u.in_name, "read error: %s", strerror(errno));
		u.failed = 1;
	}
	u.finishing = 1;
	if (st == MC_OK)
		st = mc_mime_parser_finish(parser);
	if (st != MC_OK) {
		cli_file_error(u.in_name, "%s", mc_strerror(st));
		u.failed = 1;
	}
	if (u.open)
		output_close(&u.out);
	if (u.cand_open)
		output_close(&u.cand);
	if (listing)
		print_list(&u);
	else if (u.saved == 0 && !u.failed)
		cli_file_error(u.in_name, "no attachments (--all saves text parts too)");
	rc = u.failed ? UN_EXIT_FAIL : 0;
done:
	while (u.nentries > 0) {
		free(u.entries[--u.nentries].type);
		free(u.entries[u.nentries].name);
	}
	free(u.entries);
	free(buf);
	mc_mime_parser_free(parser);
	if (in != STDIN_FILENO)
		close(in);
	return rc;
}

int message_extract(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int message_list(int argc, char **argv)
{
	return run(argc, argv, 1);
}
