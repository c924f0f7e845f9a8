/*
 * The streaming MIME parser.
 *
 * A stack of levels, one per open part: the top one receives the bytes.
 * process() takes a buffer and consumes what it can decide; what it
 * cannot yet (a partial header line, a line end that a delimiter may
 * claim, a partial line that may be a delimiter) stays in the carry and
 * is looked at again with the next bytes.  The undecided tail is at most
 * one line of max_line bytes plus its line end, so memory stays bounded;
 * a longer line is decided as too long.
 *
 * Body bytes are never copied to be looked at: the scan jumps from line
 * end to line end (memchr) and checks only lines that start with "--".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <mimecodec/base64.h>
#include <mimecodec/qp.h>
#include <mimecodec/uu.h>

#include "mime/mime_impl.h"
#include "mime/scan.h"

#define HARD_MAX_DEPTH 1024
#define SCRATCH 65536
#define SLICE 60000 /* input given to a decoder at a time: its output fits SCRATCH */

enum state {
	S_HEADERS,  /* reading the header block */
	S_BODY,     /* a leaf's body */
	S_PREAMBLE, /* a multipart before its first delimiter */
	S_PARTS,    /* a multipart with a child open (the level above) */
	S_EPILOGUE, /* a multipart after its close delimiter, or given up on */
	S_MESSAGE   /* a message/rfc822 part: its message is the level above */
};

struct level {
	struct mc_mime_part *part;
	enum state state;
	char *boundary; /* multipart: its boundary parameter */
	size_t blen;
	int saw_delimiter, closed;
	int field_open, skip_line, first_line, noted_8bit, header_full;
	int opaque;     /* over a limit: bytes kept, not split or decoded */
	int noted_long_line;
	uint64_t line_start; /* body: offset of the current line, for the 998 check */
};

struct mc_mime_parser {
	mc_mime_config lim;
	mc_mime_callback cb;
	void *ctx;
	struct level *lv;
	size_t nlv;
	unsigned next_id;
	uint64_t offset;     /* input offset of the next byte process() sees */
	uint64_t decoded;
	int decoded_full;
	struct mbuf carry;
	uint8_t *scratch;
	mc_status status;
	int keep, finished;
	int bol;             /* the next byte starts a line */
	mime_find_fn find;   /* the body scanner for the configured path */
	struct mc_mime_part *root;

	/* the open leaf's decoder */
	mc_mime_encoding dec;
	int dec_failed;
	uint64_t body_start;
	union {
		mc_b64_decoder b64;
		mc_qp_decoder qp;
		mc_uu_decoder uu;
	} d;
};

static const char *const defect_names[MC_MIME_DEFECT_KINDS] = {
	"no-header-separator", "continuation-first", "header-8bit", "headers-truncated",
	"duplicate-header", "duplicate-param", "bad-content-type", "bad-param", "no-boundary",
	"bad-boundary", "boundary-prefix", "no-start-boundary", "no-close-boundary",
	"unknown-encoding", "multipart-encoding", "encoded-message", "body-encoding", "long-line",
	"limit-depth", "limit-parts", "limit-headers", "limit-header-bytes", "limit-line",
	"limit-decoded",
};

const char *mc_mime_defect_name(mc_mime_defect_kind kind)
{
	return (unsigned)kind < MC_MIME_DEFECT_KINDS ? defect_names[kind] : NULL;
}

void mc_mime_config_default(mc_mime_config *lim)
{
	lim->isa = MC_ISA_AUTO;
	lim->max_depth = 100;
	lim->max_parts = 10000;
	lim->max_headers = 1000;
	lim->max_header_bytes = 256 * 1024;
	lim->max_line = 64 * 1024;
	lim->max_decoded = (uint64_t)1 << 30;
}

/* ---------------------------------------------------------------- events */

static void emit(mc_mime_parser *P, mc_mime_event *ev)
{
	if (P->status == MC_OK && P->cb(P->ctx, ev) != 0)
		P->status = MC_ERR_ABORTED;
}

static void defect_at(mc_mime_parser *P, const struct mc_mime_part *part,
                      mc_mime_defect_kind kind, mc_mime_severity sev, uint64_t at)
{
	mc_mime_event ev = { .type = MC_MIME_DEFECT, .part = part, .offset = at };

	ev.defect.kind = kind;
	ev.defect.severity = sev;
	ev.defect.offset = at;
	ev.defect.part_id = part->id;
	emit(P, &ev);
}

static struct level *top(mc_mime_parser *P)
{
	return &P->lv[P->nlv - 1];
}

/* For the header parser: defects of the top part, at the current offset. */
static void note_top(void *ctx, mc_mime_defect_kind kind, mc_mime_severity sev)
{
	mc_mime_parser *P = ctx;

	defect_at(P, top(P)->part, kind, sev, P->offset);
}

static void emit_raw(mc_mime_parser *P, const struct mc_mime_part *part, mc_mime_raw_kind kind,
                     const uint8_t *data, size_t len, uint64_t at)
{
	mc_mime_event ev = { .type = MC_MIME_RAW, .part = part, .data = data, .len = len,
		             .offset = at, .raw_kind = kind };

	if (len != 0)
		emit(P, &ev);
}

static void emit_body(mc_mime_parser *P, const struct mc_mime_part *part, const uint8_t *data,
                      size_t len)
{
	mc_mime_event ev = { .type = MC_MIME_BODY, .part = part, .data = data };

	if (len == 0 || P->decoded_full)
		return;
	if (len > P->lim.max_decoded - P->decoded) {
		len = (size_t)(P->lim.max_decoded - P->decoded);
		P->decoded_full = 1;
		defect_at(P, part, MC_MIME_LIMIT_DECODED, MC_MIME_CRITICAL, P->body_start);
	}
	P->decoded += len;
	ev.len = len;
	if (len != 0)
		emit(P, &ev);
}

/* -------------------------------------------------------------- decoding */

static void decoder_start(mc_mime_parser *P, const struct level *L)
{
	mc_mime_encoding e = L->opaque ? MC_MIME_IDENTITY : L->part->encoding;

	P->dec = e;
	P->dec_failed = 0;
	P->body_start = P->offset;
	if (e == MC_MIME_BASE64) {
		mc_b64_config c = { .mode = MC_B64_MIME, .isa = P->lim.isa };
		mc_b64_decoder_init(&P->d.b64, &c);
	} else if (e == MC_MIME_QUOTED_PRINTABLE) {
		mc_qp_config c = { .mode = MC_QP_LENIENT, .eol = MC_EOL_AS_INPUT, .isa = P->lim.isa };
		mc_qp_decoder_init(&P->d.qp, &c);
	} else if (e == MC_MIME_UUENCODE) {
		mc_uu_config c = { .mode = MC_UU_LENIENT, .isa = P->lim.isa };
		mc_uu_decoder_init(&P->d.uu, &c);
	}
}

static void decode_failed(mc_mime_parser *P, const struct mc_mime_part *part, uint64_t at)
{
	P->dec_failed = 1;
	defect_at(P, part, MC_MIME_BODY_ENCODING, MC_MIME_WARNING, P->body_start + at);
}

/* Raw body bytes of the open leaf through its decoder. */
static void decode_some(mc_mime_parser *P, const struct mc_mime_part *part, const uint8_t *data,
                        size_t len)
{
	while (len > 0 && !P->dec_failed && P->status == MC_OK) {
		size_t n = len < SLICE ? len : SLICE, w = 0;
		mc_status st = MC_OK;

		switch (P->dec) {
		case MC_MIME_BASE64:
			st = mc_b64_decoder_update(&P->d.b64, (const char *)data, n, P->scratch, SCRATCH, &w);
			break;
		case MC_MIME_QUOTED_PRINTABLE:
			st = mc_qp_decoder_update(&P->d.qp, (const char *)data, n, P->scratch, SCRATCH, &w);
			break;
		case MC_MIME_UUENCODE:
			if (mc_uu_decoder_done(&P->d.uu))
				return; /* what follows "end" is not part of the file */
			st = mc_uu_decoder_update(&P->d.uu, (const char *)data, n, P->scratch, SCRATCH, &w);
			break;
		default:
			emit_body(P, part, data, n);
			break;
		}
		emit_body(P, part, P->scratch, w);
		if (st != MC_OK)
			decode_failed(P, part, P->dec == MC_MIME_UUENCODE ? P->d.uu.result.error_offset : 0);
		data += n;
		len -= n;
	}
}

static uint64_t first_of(const mc_defect *d, size_t n, int *any)
{
	uint64_t first = UINT64_MAX;
	size_t i;

	*any = 0;
	for (i = 0; i < n; i++)
		if (d[i].count != 0) {
			*any = 1;
			if (d[i].first < first)
				first = d[i].first;
		}
	return first;
}

static void decoder_finish(mc_mime_parser *P, const struct mc_mime_part *part)
{
	const mc_defect *defects = NULL;
	size_t ndefects = 0, w = 0;
	uint64_t error_at = 0, at;
	mc_status st = MC_OK;
	int any;
	union {
		mc_b64_result b64;
		mc_qp_result qp;
		mc_uu_result uu;
	} r;

	if (P->dec_failed)
		return;
	switch (P->dec) {
	case MC_MIME_BASE64:
		st = mc_b64_decoder_final(&P->d.b64, P->scratch, SCRATCH, &r.b64);
		w = r.b64.written;
		error_at = r.b64.error_offset;
		defects = &r.b64.defects.invalid_char;
		ndefects = sizeof r.b64.defects / sizeof(mc_defect);
		break;
	case MC_MIME_QUOTED_PRINTABLE:
		st = mc_qp_decoder_final(&P->d.qp, P->scratch, SCRATCH, &r.qp);
		w = r.qp.written;
		error_at = r.qp.error_offset;
		defects = &r.qp.defects.soft_break_padding;
		ndefects = sizeof r.qp.defects / sizeof(mc_defect);
		break;
	case MC_MIME_UUENCODE:
		st = mc_uu_decoder_final(&P->d.uu, P->scratch, SCRATCH, &w, &r.uu);
		error_at = r.uu.error_offset;
		defects = &r.uu.defects.bad_char;
		ndefects = sizeof r.uu.defects / sizeof(mc_defect);
		break;
	default:
		return; /* passed through as it came */
	}
	emit_body(P, part, P->scratch, w);
	at = first_of(defects, ndefects, &any);
	if (st != MC_OK) {
		any = 1;
		at = error_at;
	}
	if (any)
		defect_at(P, part, MC_MIME_BODY_ENCODING, MC_MIME_WARNING, P->body_start + at);
}

/* ---------------------------------------------------------------- levels */

static int push_part(mc_mime_parser *P, struct mc_mime_part *parent, unsigned depth,
                     int digest_parent)
{
	struct mc_mime_part *part = calloc(1, sizeof *part);
	struct level *L;

	if (part == NULL)
		return 0;
	part->id = P->next_id++;
	part->depth = depth;
	part->parent = parent;
	part->digest_parent = digest_parent;
	if (P->keep && parent != NULL) {
		if (parent->nchildren == parent->children_cap) {
			size_t cap = parent->children_cap ? 2 * parent->children_cap : 4;
			struct mc_mime_part **c = realloc(parent->children, cap * sizeof *c);
			if (c == NULL) {
				free(part);
				return 0;
			}
			parent->children = c;
			parent->children_cap = cap;
		}
		parent->children[parent->nchildren++] = part;
	}
	if (P->keep && parent == NULL)
		P->root = part;
	L = &P->lv[P->nlv++];
	memset(L, 0, sizeof *L);
	L->part = part;
	L->state = S_HEADERS;
	L->first_line = 1;
	P->bol = 1;
	return 1;
}

/* A new part in the multipart or message at level m, unless the part limit says no. */
static int open_child(mc_mime_parser *P, size_t m)
{
	struct level *M = &P->lv[m];

	if (P->next_id >= P->lim.max_parts) {
		defect_at(P, M->part, MC_MIME_LIMIT_PARTS, MC_MIME_CRITICAL, P->offset);
		M->state = S_EPILOGUE;
		M->opaque = 1;
		M->line_start = P->offset; /* the line rule counts from here again */
		P->bol = 1;
		return 1;
	}
	return push_part(P, M->part, M->part->depth + 1,
	                 strcmp(M->part->content_type, "multipart/digest") == 0);
}

static int is_multipart_open(const struct level *L)
{
	return L->boundary != NULL && (L->state == S_PREAMBLE || L->state == S_PARTS);
}

static void finish_headers(mc_mime_parser *P);

/* Closes the top level: flushes, checks, PART_END, pops. */
static void close_top(mc_mime_parser *P)
{
	struct level *L = top(P);
	struct mc_mime_part *part = L->part;
	mc_mime_event ev = { .type = MC_MIME_PART_END, .part = part, .offset = P->offset };

	if (L->state == S_HEADERS) {
		finish_headers(P); /* may open a message's part, which closes first */
		if (top(P) != L) {
			close_top(P);
			L = top(P);
		}
	}
	if (L->state == S_BODY)
		decoder_finish(P, part);
	if (L->boundary != NULL && !L->opaque) {
		if (!L->saw_delimiter) {
			defect_at(P, part, MC_MIME_NO_START_BOUNDARY, MC_MIME_WARNING, P->offset);
			part->no_parts = 1;
			part->kind = MC_MIME_LEAF;
		} else if (!L->closed) {
			defect_at(P, part, MC_MIME_NO_CLOSE_BOUNDARY, MC_MIME_WARNING, P->offset);
		}
	}
	emit(P, &ev);
	free(L->boundary);
	P->nlv--;
	if (!P->keep)
		mime_part_free(part);
}

/* --------------------------------------------------------------- headers */

static int is_prefix_either(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;

	return memcmp(a, b, n) == 0;
}

/* The header block of the top part is complete: what kind of part it is. */
static void finish_headers(mc_mime_parser *P)
{
	struct level *L = top(P);
	struct mc_mime_part *part = L->part;
	mc_mime_event ev = { .type = MC_MIME_PART_BEGIN, .part = part, .offset = P->offset };
	const char *ct;
	int identity;
	size_t i;

	if (!mime_parse_headers(part, note_top, P)) {
		P->status = MC_ERR_NO_MEMORY;
		return;
	}
	ct = part->content_type;
	identity = part->encoding == MC_MIME_IDENTITY;
	part->kind = MC_MIME_LEAF;
	if (L->opaque) {
		/* inside a subtree given up on: bytes only */
	} else if (strncmp(ct, "multipart/", 10) == 0) {
		const char *b = mc_mime_part_param(part, "boundary");
		size_t blen = b ? strlen(b) : 0;

		if (blen == 0) {
			defect_at(P, part, MC_MIME_NO_BOUNDARY, MC_MIME_CRITICAL, P->offset);
		} else if (part->depth >= P->lim.max_depth) {
			defect_at(P, part, MC_MIME_LIMIT_DEPTH, MC_MIME_CRITICAL, P->offset);
			L->opaque = 1;
		} else {
			if (blen > 70 || b[blen - 1] == ' ' || b[blen - 1] == '\t')
				defect_at(P, part, MC_MIME_BAD_BOUNDARY, MC_MIME_WARNING, P->offset);
			for (i = 0; i + 1 < P->nlv; i++)
				if (P->lv[i].boundary != NULL &&
				    is_prefix_either(b, blen, P->lv[i].boundary, P->lv[i].blen)) {
					defect_at(P, part, MC_MIME_BOUNDARY_PREFIX, MC_MIME_WARNING, P->offset);
					break;
				}
			if (!identity)
				defect_at(P, part, MC_MIME_MULTIPART_ENCODING, MC_MIME_WARNING, P->offset);
			if ((L->boundary = malloc(blen + 1)) == NULL) {
				P->status = MC_ERR_NO_MEMORY;
				return;
			}
			memcpy(L->boundary, b, blen);
			L->boundary[blen] = '\0';
			L->blen = blen;
			part->kind = MC_MIME_MULTIPART;
			part->encoding = MC_MIME_IDENTITY;
		}
	} else if (strcmp(ct, "message/rfc822") == 0 || strcmp(ct, "message/global") == 0) {
		if (part->encoding == MC_MIME_BASE64 || part->encoding == MC_MIME_QUOTED_PRINTABLE) {
			defect_at(P, part, MC_MIME_ENCODED_MESSAGE, MC_MIME_WARNING, P->offset);
		} else if (part->depth >= P->lim.max_depth) {
			defect_at(P, part, MC_MIME_LIMIT_DEPTH, MC_MIME_CRITICAL, P->offset);
			L->opaque = 1;
		} else {
			if (!identity)
				defect_at(P, part, MC_MIME_MULTIPART_ENCODING, MC_MIME_WARNING, P->offset);
			part->kind = MC_MIME_MESSAGE;
			part->encoding = MC_MIME_IDENTITY;
		}
	}
	if (part->kind == MC_MIME_LEAF && part->encoding == MC_MIME_UNKNOWN_CTE && !L->opaque)
		defect_at(P, part, MC_MIME_UNKNOWN_ENCODING, MC_MIME_WARNING, P->offset);
	emit(P, &ev);

	switch (part->kind) {
	case MC_MIME_MULTIPART:
		L->state = S_PREAMBLE;
		break;
	case MC_MIME_MESSAGE:
		L->state = S_MESSAGE;
		if (!open_child(P, P->nlv - 1))
			P->status = MC_ERR_NO_MEMORY;
		break;
	default:
		L->state = S_BODY;
		decoder_start(P, L);
		break;
	}
	top(P)->line_start = P->offset;
	P->bol = 1;
}

static int is_name_byte(uint8_t c)
{
	return c >= 33 && c <= 126 && c != ':';
}

/* Length of the line end at the end of line[0, n): 2 (CRLF), 1 (LF) or 0. */
static size_t eol_len(const uint8_t *line, size_t n)
{
	if (n >= 1 && line[n - 1] == '\n')
		return n >= 2 && line[n - 2] == '\r' ? 2 : 1;
	return 0;
}

static int add_field(mc_mime_parser *P, struct mc_mime_part *part, size_t off, size_t name_len,
                     size_t len)
{
	mc_mime_header *h;

	if (part->nfields == part->fields_cap) {
		size_t cap = part->fields_cap ? 2 * part->fields_cap : 16;
		mc_mime_header *f = realloc(part->fields, cap * sizeof *f);
		size_t *o = f ? realloc(part->field_off, cap * sizeof *o) : NULL;
		if (f != NULL)
			part->fields = f;
		if (o == NULL) {
			P->status = MC_ERR_NO_MEMORY;
			return 0;
		}
		part->field_off = o;
		part->fields_cap = cap;
	}
	h = &part->fields[part->nfields];
	part->field_off[part->nfields++] = off;
	h->raw = NULL;
	h->raw_len = len;
	h->name_len = name_len;
	h->value_start = name_len + 1;
	h->value_end = len - eol_len((const uint8_t *)part->hdr.p + off, len);
	return 1;
}

/*
 * One complete header line (with its line end, unless at the end of
 * input).  Returns 0 when the line is not consumed: it ends the block.
 */
static int header_line(mc_mime_parser *P, const uint8_t *line, size_t n)
{
	struct level *L = top(P);
	struct mc_mime_part *part = L->part;
	size_t content = n - eol_len(line, n), i;
	int first = L->first_line;

	L->first_line = 0;
	if (content == 0) { /* the empty line */
		emit_raw(P, part, MC_MIME_RAW_HEADER, line, n, P->offset);
		if (!L->header_full && !mbuf_append(&part->hdr, line, n))
			P->status = MC_ERR_NO_MEMORY;
		P->offset += n;
		finish_headers(P);
		return 1;
	}
	if (line[0] != ' ' && line[0] != '\t' && !(first && part->id == 0 && n >= 5 &&
	                                           memcmp(line, "From ", 5) == 0)) {
		for (i = 0; i < content && is_name_byte(line[i]); i++)
			;
		if (i == content || line[i] != ':') {
			defect_at(P, part, MC_MIME_NO_HEADER_SEPARATOR, MC_MIME_WARNING, P->offset);
			finish_headers(P);
			return 0;
		}
	}
	if (!L->noted_8bit)
		for (i = 0; i < content; i++)
			if (line[i] >= 0x80 || (line[i] < 32 && line[i] != '\t')) {
				defect_at(P, part, MC_MIME_HEADER_8BIT, MC_MIME_WARNING, P->offset + i);
				L->noted_8bit = 1;
				break;
			}
	emit_raw(P, part, MC_MIME_RAW_HEADER, line, n, P->offset);

	if (!L->header_full && (part->hdr.len + n > P->lim.max_header_bytes ||
	                        (line[0] != ' ' && line[0] != '\t' &&
	                         part->nfields >= P->lim.max_headers))) {
		defect_at(P, part,
		          part->nfields >= P->lim.max_headers ? MC_MIME_LIMIT_HEADERS
		                                             : MC_MIME_LIMIT_HEADER_BYTES,
		          MC_MIME_CRITICAL, P->offset);
		L->header_full = 1;
	}
	if (!L->header_full) {
		size_t off = part->hdr.len;
		if (!mbuf_append(&part->hdr, line, n)) {
			P->status = MC_ERR_NO_MEMORY;
			return 1;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			if (!L->field_open) {
				defect_at(P, part, MC_MIME_CONTINUATION_FIRST, MC_MIME_WARNING, P->offset);
			} else {
				mc_mime_header *h = &part->fields[part->nfields - 1];
				h->raw_len += n;
				h->value_end = h->raw_len - eol_len(line, n);
			}
		} else if (line[0] == 'F' && first && part->id == 0 && memcmp(line, "From ", 5) == 0) {
			L->field_open = 0; /* an mbox separator: kept, not a field */
		} else {
			for (i = 0; line[i] != ':'; i++)
				;
			L->field_open = add_field(P, part, off, i, n);
		}
	}
	P->offset += n;
	return 1;
}

/* ------------------------------------------------------------ delimiters */

/* Only blanks in s[0, n). */
static int blanks_only(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/*
 * The open multipart whose delimiter line[0, n) is, or -1; *close for a
 * close delimiter.  In a body, as RFC 2046 §5.1.1 asks, the boundary only
 * has to start the line after "--"; when several open boundaries do, the
 * longest wins, then the innermost.  In a header block (exact) only a
 * line of the boundary, "--" and blanks counts.
 */
static long match_delimiter(const mc_mime_parser *P, const uint8_t *line, size_t n, int *close,
                            int exact)
{
	size_t len = n - eol_len(line, n), k, best_len = 0;
	long best = -1;

	if (len < 3 || line[0] != '-' || line[1] != '-')
		return -1;
	line += 2;
	len -= 2;
	for (k = P->nlv; k-- > 0;) {
		const struct level *L = &P->lv[k];
		if (is_multipart_open(L) && L->blen <= len && L->blen > best_len &&
		    memcmp(line, L->boundary, L->blen) == 0) {
			best = (long)k;
			best_len = L->blen;
		}
	}
	if (best < 0)
		return -1;
	*close = len >= best_len + 2 && line[best_len] == '-' && line[best_len + 1] == '-';
	if (exact && !blanks_only(line + best_len + 2 * *close, len - best_len - 2 * *close))
		return -1;
	return best;
}

/* A delimiter of level m: raw[0, n) is its line end before, line and line end after. */
static void delimiter(mc_mime_parser *P, size_t m, int close, const uint8_t *raw, size_t n)
{
	struct level *M;

	while (P->nlv - 1 > m && P->status == MC_OK)
		close_top(P);
	M = &P->lv[m];
	emit_raw(P, M->part, MC_MIME_RAW_DELIMITER, raw, n, P->offset);
	P->offset += n;
	if (close) {
		M->closed = 1;
		M->state = S_EPILOGUE;
		M->line_start = P->offset;
		P->bol = 1;
	} else {
		M->saw_delimiter = 1;
		M->state = S_PARTS;
		if (!open_child(P, m))
			P->status = MC_ERR_NO_MEMORY;
	}
}

/* ------------------------------------------------------------------ body */

static mc_mime_raw_kind raw_kind_of(const struct level *L)
{
	return L->state == S_BODY ? MC_MIME_RAW_BODY
	     : L->state == S_PREAMBLE ? MC_MIME_RAW_PREAMBLE : MC_MIME_RAW_EPILOGUE;
}

/* Content of the top level (body, preamble, epilogue): data[0, n) at P->offset. */
static void content(mc_mime_parser *P, const uint8_t *data, size_t n)
{
	struct level *L = top(P);

	if (n == 0)
		return;
	emit_raw(P, L->part, raw_kind_of(L), data, n, P->offset);
	if (L->state == S_BODY)
		decode_some(P, L->part, data, n);
	P->offset += n;
}

static int any_multipart_open(const mc_mime_parser *P)
{
	size_t k;

	for (k = 0; k < P->nlv; k++)
		if (is_multipart_open(&P->lv[k]))
			return 1;
	return 0;
}

/* The 998-character rule, noted once per part, from a scan of buf at base. */
static void note_long_line(mc_mime_parser *P, struct level *L, const struct mime_scan *sc,
                           uint64_t base)
{
	if (sc->long_at != MIME_SCAN_NONE && !L->noted_long_line) {
		L->noted_long_line = 1;
		defect_at(P, L->part, MC_MIME_LONG_LINE, MC_MIME_WARNING, base + (uint64_t)sc->long_at);
	}
}

/*
 * Content bytes from buf[0, n) up to the next delimiter; returns the bytes
 * consumed (fewer than n when the rest is undecided: the line end before
 * a line that may be a delimiter, and that line while it is incomplete).
 */
static size_t body(mc_mime_parser *P, const uint8_t *buf, size_t n, int eof)
{
	struct level *L = top(P);
	const uint64_t base = P->offset;
	const int open = any_multipart_open(P);
	struct mime_scan sc = { (int64_t)L->line_start - (int64_t)base, MIME_SCAN_NONE };
	size_t from = 0, ls = n, keep;
	int first = P->bol, undecided = 0;

	for (;;) {
		const uint8_t *nl;
		size_t le;
		long m;
		int close;

		if (first) {
			first = 0;
			sc.line_start = 0;
			if (n < 2) {
				undecided = !eof && open;
				ls = 0;
				break;
			}
			ls = buf[0] == '-' && buf[1] == '-' ? 0 : P->find(buf, 0, n, &sc);
		} else {
			ls = P->find(buf, from, n, &sc);
		}
		if (ls >= n)
			break;
		from = ls;
		if (!open)
			continue;
		nl = memchr(buf + ls, '\n', n - ls);
		if (nl == NULL && !eof) {
			if (n - ls > P->lim.max_line)
				continue; /* too long to be a delimiter */
			undecided = 1;
			break;
		}
		le = nl ? (size_t)(nl - buf) + 1 : n;
		if (le - ls > P->lim.max_line || (m = match_delimiter(P, buf + ls, le - ls, &close, 0)) < 0)
			continue;
		note_long_line(P, L, &sc, base);
		keep = ls == 0 ? 0 : ls - eol_len(buf, ls);
		content(P, buf, keep);
		delimiter(P, (size_t)m, close, buf + keep, le - keep);
		return le;
	}
	note_long_line(P, L, &sc, base);
	L->line_start = (uint64_t)((int64_t)base + sc.line_start);
	if (eof || !open) {
		/* nothing can claim the rest */
		content(P, buf, n);
		P->bol = n > 0 && buf[n - 1] == '\n';
		return n;
	}
	if (!undecided && sc.line_start >= 0 && (size_t)sc.line_start + 2 > n) {
		/* a line starts too near the end to tell whether it is a delimiter */
		undecided = 1;
		ls = (size_t)sc.line_start;
	}
	if (undecided)
		keep = ls == 0 ? 0 : ls - eol_len(buf, ls);
	else if (buf[n - 1] == '\r')
		keep = n - 1; /* perhaps the start of the line end before a delimiter */
	else
		keep = n;
	content(P, buf, keep);
	if (keep != 0)
		P->bol = 0;
	return keep;
}

/* ------------------------------------------------------------- processing */

static size_t headers(mc_mime_parser *P, const uint8_t *buf, size_t n, int eof)
{
	struct level *L = top(P);
	const uint8_t *nl = memchr(buf, '\n', n);
	size_t len;
	long m;
	int close;

	if (nl == NULL && !eof) {
		if (n <= P->lim.max_line && !L->skip_line)
			return 0;
		/* a line longer than any header may be: through as raw bytes */
		if (!L->skip_line)
			defect_at(P, L->part, MC_MIME_LIMIT_LINE, MC_MIME_CRITICAL, P->offset);
		L->skip_line = 1;
		L->field_open = 0;
		emit_raw(P, L->part, MC_MIME_RAW_HEADER, buf, n, P->offset);
		P->offset += n;
		return n;
	}
	len = nl ? (size_t)(nl - buf) + 1 : n;
	if (L->skip_line || len > P->lim.max_line) {
		if (!L->skip_line)
			defect_at(P, L->part, MC_MIME_LIMIT_LINE, MC_MIME_CRITICAL, P->offset);
		L->skip_line = 0;
		L->field_open = 0;
		emit_raw(P, L->part, MC_MIME_RAW_HEADER, buf, len, P->offset);
		P->offset += len;
		return len;
	}
	if (len >= 3 && buf[0] == '-' && buf[1] == '-' &&
	    (m = match_delimiter(P, buf, len, &close, 1)) >= 0) {
		/* a part that ends inside its header block */
		finish_headers(P);
		delimiter(P, (size_t)m, close, buf, len);
		return len;
	}
	if (!header_line(P, buf, len))
		return 0; /* the block ended before this line: it is body */
	return len;
}

static size_t process(mc_mime_parser *P, const uint8_t *buf, size_t n, int eof)
{
	size_t i = 0;

	while (P->status == MC_OK && i < n) {
		struct level *L = top(P);
		size_t used;

		switch (L->state) {
		case S_HEADERS:
			used = headers(P, buf + i, n - i, eof);
			if (used == 0 && L == top(P) && L->state == S_HEADERS)
				return i;
			break;
		case S_BODY:
		case S_PREAMBLE:
		case S_EPILOGUE:
			used = body(P, buf + i, n - i, eof);
			if (used == 0 && L == top(P) && L->state != S_HEADERS)
				return i;
			break;
		default:
			/* a level with an open child is never the top */
			P->status = MC_ERR_STATE;
			return i;
		}
		i += used;
	}
	return i;
}

/* ------------------------------------------------------------------- API */

mc_status mime_config_check(const mc_mime_config *cfg)
{
	if (cfg == NULL)
		return mc_isa_env_status();
	if (cfg->max_depth > HARD_MAX_DEPTH || cfg->max_line < 80 || cfg->max_parts == 0 ||
	    (unsigned)cfg->isa >= MC_ISA_COUNT)
		return MC_ERR_INVALID_ARGUMENT;
	if (cfg->isa == MC_ISA_AUTO ? mc_isa_env_status() != MC_OK : !mc_isa_supported(cfg->isa))
		return MC_ERR_ISA_UNAVAILABLE;
	return MC_OK;
}

static mc_mime_parser *parser_new(const mc_mime_config *lim, mc_mime_callback cb, void *ctx,
                                  int keep)
{
	mc_mime_parser *P;

	if (cb == NULL || mime_config_check(lim) != MC_OK)
		return NULL;
	if ((P = calloc(1, sizeof *P)) == NULL)
		return NULL;
	if (lim != NULL)
		P->lim = *lim;
	else
		mc_mime_config_default(&P->lim);
	P->cb = cb;
	P->ctx = ctx;
	P->keep = keep;
	{
		mc_status st;
		if ((P->find = mime_find_for(P->lim.isa, &st)) == NULL) {
			free(P);
			return NULL;
		}
	}
	P->lv = calloc(P->lim.max_depth + 2, sizeof *P->lv);
	P->scratch = malloc(SCRATCH);
	if (P->lv == NULL || P->scratch == NULL || !push_part(P, NULL, 0, 0)) {
		free(P->lv);
		free(P->scratch);
		free(P);
		return NULL;
	}
	return P;
}

mc_mime_parser *mc_mime_parser_new(const mc_mime_config *lim, mc_mime_callback cb, void *ctx)
{
	return parser_new(lim, cb, ctx, 0);
}

mc_mime_parser *mime_parser_new_keep(const mc_mime_config *lim, mc_mime_callback cb, void *ctx)
{
	return parser_new(lim, cb, ctx, 1);
}

struct mc_mime_part *mime_parser_root(mc_mime_parser *P)
{
	struct mc_mime_part *r = P->root;

	P->root = NULL;
	return r;
}

/* Runs the carry; keeps what is still undecided. */
static void run_carry(mc_mime_parser *P, int eof)
{
	size_t used = process(P, P->carry.p, P->carry.len, eof);

	memmove(P->carry.p, P->carry.p + used, P->carry.len - used);
	P->carry.len -= used;
}

mc_status mc_mime_parser_feed(mc_mime_parser *P, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (P == NULL || (len != 0 && data == NULL))
		return MC_ERR_INVALID_ARGUMENT;
	if (P->finished)
		return P->status != MC_OK ? P->status : MC_ERR_STATE;
	while (len > 0 && P->status == MC_OK) {
		if (P->carry.len == 0) {
			size_t used = process(P, p, len, 0);
			p += used;
			len -= used;
			if (len > 0 && P->status == MC_OK) {
				/* undecided: at most a line, as process() guarantees */
				if (!mbuf_append(&P->carry, p, len))
					P->status = MC_ERR_NO_MEMORY;
				len = 0;
			}
		} else {
			size_t take = len < SLICE ? len : SLICE;
			if (!mbuf_append(&P->carry, p, take)) {
				P->status = MC_ERR_NO_MEMORY;
				break;
			}
			p += take;
			len -= take;
			run_carry(P, 0);
		}
	}
	return P->status;
}

mc_status mc_mime_parser_finish(mc_mime_parser *P)
{
	if (P == NULL)
		return MC_ERR_INVALID_ARGUMENT;
	if (P->finished)
		return P->status != MC_OK ? P->status : MC_ERR_STATE;
	P->finished = 1;
	while (P->carry.len > 0 && P->status == MC_OK) {
		size_t before = P->carry.len;
		run_carry(P, 1);
		if (P->carry.len == before)
			break;
	}
	while (P->nlv > 0 && P->status == MC_OK)
		close_top(P);
	return P->status;
}

void mc_mime_parser_free(mc_mime_parser *P)
{
	if (P == NULL)
		return;
	while (P->nlv > 0) {
		struct level *L = &P->lv[--P->nlv];
		free(L->boundary);
		if (!P->keep)
			mime_part_free(L->part);
	}
	if (P->keep)
		mime_part_free(P->root);
	mbuf_free(&P->carry);
	free(P->scratch);
	free(P->lv);
	free(P);
}
