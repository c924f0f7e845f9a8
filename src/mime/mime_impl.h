/* Internal: the MIME layer's shared structures. */
#ifndef MC_MIME_IMPL_H
#define MC_MIME_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <mimecodec/mime.h>

/* A growable byte buffer. */
struct mbuf {
	uint8_t *p;
	size_t len, cap;
};

/* 0 when out of memory. */
int mbuf_append(struct mbuf *b, const void *data, size_t len);
void mbuf_free(struct mbuf *b);

/* A parameter after quoting and RFC 2231: lower-case name, value as UTF-8 when known. */
struct mime_param {
	char *name;
	char *value;
};

struct mime_params {
	struct mime_param *v;
	size_t n;
};

/* A piece of a part's raw bytes in a tree: bytes of raw, or a child (child >= 0). */
struct mime_seg {
	long child;
	size_t off, len;
};

struct mc_mime_part {
	unsigned id, depth;
	mc_mime_part_kind kind;
	mc_mime_encoding encoding;
	struct mc_mime_part *parent;

	/* the header block as parsed (up to the header limits) and its fields */
	struct mbuf hdr;
	mc_mime_header *fields;
	size_t *field_off; /* where each field starts in hdr (hdr moves while it grows) */
	size_t nfields, fields_cap;

	char *content_type;  /* "type/subtype", lower case */
	struct mime_params params;
	char *disposition;   /* lower case, "" when absent */
	struct mime_params dparams;
	int digest_parent;   /* defaults to message/rfc822 */
	int no_parts;        /* a multipart whose boundary never came: a leaf of its preamble */

	/* tree only */
	int registered;
	struct mc_mime_part **children;
	size_t nchildren, children_cap;
	struct mbuf raw;
	struct mime_seg *segs;
	size_t nsegs, segs_cap;
	struct mbuf content;
	size_t preamble_off, preamble_len, epilogue_off, epilogue_len;
	int has_preamble, has_epilogue;
};

void mime_part_free(struct mc_mime_part *p);

/*
 * Header block helpers (header.c).  Parses the fields of part->hdr and
 * fills content_type, params, disposition, dparams, encoding; reports
 * defects through note(ctx, kind, severity).
 */
typedef void (*mime_note_fn)(void *ctx, mc_mime_defect_kind kind, mc_mime_severity sev);
int mime_parse_headers(struct mc_mime_part *part, mime_note_fn note, void *ctx);

/* ASCII case-insensitive comparison of a[0, n) with the NUL-terminated b. */
int mime_ascii_ieq(const char *a, size_t n, const char *b);

/* Well-formed UTF-8 (no overlongs, surrogates, or code points past U+10FFFF). */
int mime_valid_utf8(const uint8_t *s, size_t n);

/* Converts in[0, n) from charset to a new NUL-terminated UTF-8 string; NULL if unknown. */
char *mime_to_utf8(const char *charset, const char *in, size_t n);

/* MC_OK, or why cfg (NULL: the defaults) cannot be used. */
mc_status mime_config_check(const mc_mime_config *cfg);

/* The parser in tree mode: parts are kept and linked into the tree. */
mc_mime_parser *mime_parser_new_keep(const mc_mime_config *lim, mc_mime_callback cb, void *ctx);
struct mc_mime_part *mime_parser_root(mc_mime_parser *p);

#endif
