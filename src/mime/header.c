/*
 * Header fields: Content-Type and Content-Disposition with their
 * parameters (RFC 2045 §5.1 quoting and comments, RFC 2231 continuations
 * and charsets), Content-Transfer-Encoding, and the part accessors.
 *
 * Every scanner here moves forward through a NUL-terminated copy of an
 * unfolded value and stops at its end, so hostile values (unbalanced
 * quotes or parentheses, thousands of semicolons) cost linear time.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "mime/mime_impl.h"

/* Parameters considered per header; more are a defect and ignored. */
#define MAX_PARAMS 64

int mbuf_append(struct mbuf *b, const void *data, size_t len)
{
	if (len > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 256;
		uint8_t *p;

		while (cap - b->len < len) {
			if (cap > SIZE_MAX / 2)
				return 0;
			cap *= 2;
		}
		if ((p = realloc(b->p, cap)) == NULL)
			return 0;
		b->p = p;
		b->cap = cap;
	}
	if (len != 0)
		memcpy(b->p + b->len, data, len);
	b->len += len;
	return 1;
}

void mbuf_free(struct mbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

int mime_ascii_ieq(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] == '\0' || lower(a[i]) != lower(b[i]))
			return 0;
	return b[n] == '\0';
}

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		if (n != 0)
			memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void params_free(struct mime_params *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].value);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

void mime_part_free(struct mc_mime_part *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nchildren; i++)
		mime_part_free(p->children[i]);
	free(p->children);
	mbuf_free(&p->hdr);
	free(p->fields);
	free(p->field_off);
	free(p->content_type);
	free(p->disposition);
	params_free(&p->params);
	params_free(&p->dparams);
	mbuf_free(&p->raw);
	free(p->segs);
	mbuf_free(&p->content);
	free(p);
}

/* ------------------------------------------------------------ charsets */

/* Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
int mime_valid_utf8(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = s[i];
		size_t len, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

static int is_name(const char *cs, const char *name)
{
	return mime_ascii_ieq(cs, strlen(cs), name);
}

char *mime_to_utf8(const char *charset, const char *in, size_t n)
{
	iconv_t cd;
	char *out, *src = (char *)(uintptr_t)in, *dst;
	size_t cap, left = n, room;

	if (is_name(charset, "utf-8") || is_name(charset, "utf8"))
		return mime_valid_utf8((const uint8_t *)in, n) ? dup_range(in, n) : NULL;
	if (is_name(charset, "us-ascii") || is_name(charset, "ascii")) {
		size_t i;
		for (i = 0; i < n; i++)
			if ((unsigned char)in[i] >= 0x80)
				return NULL;
		return dup_range(in, n);
	}
	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return NULL;
	cap = 4 * n + 8;
	out = malloc(cap);
	if (out == NULL) {
		iconv_close(cd);
		return NULL;
	}
	dst = out;
	room = cap - 1;
	if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 ||
	    iconv(cd, NULL, NULL, &dst, &room) == (size_t)-1) {
		free(out);
		out = NULL;
	} else {
		*dst = '\0';
	}
	iconv_close(cd);
	return out;
}

/* ------------------------------------------------------------- lexing */

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Skips blanks and (nested, quoted) comments. */
static size_t skip_cfws(const char *s, size_t i)
{
	for (;;) {
		while (is_blank(s[i]))
			i++;
		if (s[i] != '(')
			return i;
		{
			unsigned depth = 0;
			do {
				if (s[i] == '\\' && s[i + 1] != '\0')
					i++;
				else if (s[i] == '(')
					depth++;
				else if (s[i] == ')')
					depth--;
				i++;
			} while (depth > 0 && s[i] != '\0');
		}
	}
}

static int is_tspecial(char c)
{
	return c != '\0' && strchr("()<>@,;:\\\"/[]?=", c) != NULL;
}

/* A token: printable ASCII but tspecials and blanks; returns its end. */
static size_t token_end(const char *s, size_t i)
{
	while ((unsigned char)s[i] > 32 && (unsigned char)s[i] < 127 && !is_tspecial(s[i]))
		i++;
	return i;
}

/* The unfolded value of a field as a NUL-terminated string (line ends removed). */
static char *unfolded_value(const mc_mime_header *h)
{
	const char *v = h->raw + h->value_start;
	size_t n = h->value_end - h->value_start, i, o = 0;
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i] != '\r' && v[i] != '\n')
			d[o++] = v[i] == '\0' ? ' ' : v[i];
	d[o] = '\0';
	return d;
}

/* ---------------------------------------------------------- parameters */

struct raw_param {
	size_t name, name_len;   /* in the value string */
	char *value;             /* after unquoting */
	int section;             /* RFC 2231 section number, -1 for a plain parameter */
	int extended;            /* "*" at the end: charset'lang' and %XX */
	int used;
};

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %XX decoding in place. */
static void percent_decode(char *s)
{
	size_t i, o = 0;

	for (i = 0; s[i] != '\0'; i++) {
		int h, l;
		if (s[i] == '%' && (h = hexv(s[i + 1])) >= 0 && (l = hexv(s[i + 2])) >= 0) {
			s[o++] = (char)(h << 4 | l);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
}

/* Splits "name*N*" into its base length, section and extended flag. */
static void split_name(const char *s, size_t n, size_t *base, int *section, int *extended)
{
	const char *star = memchr(s, '*', n);

	*section = -1;
	*extended = 0;
	*base = n;
	if (star == NULL)
		return;
	*base = (size_t)(star - s);
	if ((size_t)(star - s) + 1 == n) { /* name* */
		*section = 0;
		*extended = 1;
		return;
	}
	{
		size_t i = *base + 1;
		int num = 0, digits = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 6) {
			num = num * 10 + (s[i] - '0');
			i++;
			digits++;
		}
		if (digits == 0 || (i < n && !(s[i] == '*' && i + 1 == n))) {
			*base = n; /* not RFC 2231 after all: a plain name with a star */
			return;
		}
		*section = num;
		*extended = i < n;
	}
}

/* Joins the sections of one RFC 2231 parameter; NULL on a gap. */
static char *join_sections(struct raw_param *rp, size_t n, const char *s, size_t k, int *bad,
                           int *dup)
{
	struct mbuf b = { 0 };
	char *charset = NULL, *out;
	int want = 0;
	size_t i;

	for (;;) {
		int found = 0;
		for (i = k; i < n; i++) {
			if (rp[i].section != want || rp[i].name_len != rp[k].name_len ||
			    strncmp(s + rp[i].name, s + rp[k].name, rp[k].name_len) != 0)
				continue;
			if (found) {
				*dup = 1;
				rp[i].used = 1;
				continue;
			}
			found = 1;
			rp[i].used = 1;
			{
				char *v = rp[i].value;
				if (rp[i].extended) {
					if (want == 0) {
						char *q1 = strchr(v, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
						if (q2 != NULL) {
							charset = dup_range(v, (size_t)(q1 - v));
							v = q2 + 1;
						} else {
							*bad = 1;
						}
					}
					percent_decode(v);
				}
				if (!mbuf_append(&b, v, strlen(v))) {
					free(charset);
					mbuf_free(&b);
					return NULL;
				}
			}
		}
		if (!found)
			break;
		want++;
	}
	if (charset != NULL && charset[0] != '\0') {
		out = mime_to_utf8(charset, (const char *)b.p, b.len);
		if (out == NULL) {
			*bad = 1; /* unknown charset: the bytes as they were */
			out = dup_range(b.p ? (const char *)b.p : "", b.len);
		}
	} else {
		out = dup_range(b.p ? (const char *)b.p : "", b.len);
	}
	free(charset);
	mbuf_free(&b);
	return out;
}

static int params_add(struct mime_params *ps, const char *name, size_t name_len, char *value)
{
	struct mime_param *v = realloc(ps->v, (ps->n + 1) * sizeof *v);
	size_t i;

	if (v == NULL)
		return 0;
	ps->v = v;
	if ((v[ps->n].name = dup_range(name, name_len)) == NULL)
		return 0;
	for (i = 0; i < name_len; i++)
		v[ps->n].name[i] = lower(v[ps->n].name[i]);
	v[ps->n].value = value;
	ps->n++;
	return 1;
}

static int params_has(const struct mime_params *ps, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (mime_ascii_ieq(name, n, ps->v[i].name))
			return 1;
	return 0;
}

/*
 * Parameters of s from i: "; name=value" pairs, tolerating missing or
 * doubled semicolons and values that are neither tokens nor quoted.  The
 * first occurrence of a name wins.  0 when out of memory.
 */
static int parse_params(const char *s, size_t i, struct mime_params *out, mime_note_fn note,
                        void *ctx)
{
	struct raw_param rp[MAX_PARAMS];
	size_t n = 0, k;
	int ok = 1;

	for (;;) {
		size_t name, name_end;
		i = skip_cfws(s, i);
		if (s[i] == '\0')
			break;
		if (s[i] == ';') {
			i++;
			continue;
		}
		name = i;
		while (s[i] != '\0' && s[i] != '=' && s[i] != ';' && !is_blank(s[i]) && s[i] != '(')
			i++;
		name_end = i;
		i = skip_cfws(s, i);
		if (name_end == name || s[i] != '=') {
			note(ctx, MC_MIME_BAD_PARAM, MC_MIME_WARNING);
			while (s[i] != '\0' && s[i] != ';')
				i++;
			continue;
		}
		i = skip_cfws(s, i + 1);
		if (n == MAX_PARAMS) {
			note(ctx, MC_MIME_BAD_PARAM, MC_MIME_WARNING);
			break;
		}
		rp[n].name = name;
		rp[n].name_len = name_end - name;
		rp[n].used = 0;
		if (s[i] == '"') {
			struct mbuf b = { 0 };
			i++;
			while (s[i] != '\0' && s[i] != '"') {
				if (s[i] == '\\' && s[i + 1] != '\0')
					i++;
				if (!mbuf_append(&b, s + i, 1))
					ok = 0;
				i++;
			}
			if (s[i] == '"')
				i++;
			else
				note(ctx, MC_MIME_BAD_PARAM, MC_MIME_WARNING);
			rp[n].value = dup_range(b.p ? (const char *)b.p : "", b.len);
			mbuf_free(&b);
		} else {
			size_t v = i;
			while (s[i] != '\0' && s[i] != ';' && !is_blank(s[i]))
				i++;
			rp[n].value = dup_range(s + v, i - v);
		}
		if (rp[n].value == NULL) {
			ok = 0;
			break;
		}
		{
			size_t base;
			split_name(s + name, rp[n].name_len, &base, &rp[n].section, &rp[n].extended);
			rp[n].name_len = base;
		}
		n++;
	}

	for (k = 0; k < n && ok; k++) {
		const char *name = s + rp[k].name;
		int bad = 0, dup = 0;
		char *value;

		if (rp[k].used)
			continue;
		if (params_has(out, name, rp[k].name_len)) {
			dup = 1;
			rp[k].used = 1;
		} else if (rp[k].section < 0) {
			rp[k].used = 1;
			value = rp[k].value;
			rp[k].value = NULL;
			ok = params_add(out, name, rp[k].name_len, value);
		} else {
			value = join_sections(rp, n, s, k, &bad, &dup);
			ok = value != NULL && params_add(out, name, rp[k].name_len, value);
		}
		if (bad)
			note(ctx, MC_MIME_BAD_PARAM, MC_MIME_WARNING);
		if (dup)
			note(ctx, MC_MIME_DUPLICATE_PARAM,
			     mime_ascii_ieq(name, rp[k].name_len, "boundary") ? MC_MIME_CRITICAL
			                                                       : MC_MIME_WARNING);
	}
	for (k = 0; k < n; k++)
		free(rp[k].value);
	return ok;
}

static const char *param_get(const struct mime_params *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].name, name) == 0)
			return ps->v[i].value;
	return NULL;
}

/* ------------------------------------------------------------- fields */

static const mc_mime_header *find_field(const struct mc_mime_part *p, const char *name,
                                        size_t *count)
{
	const mc_mime_header *first = NULL;
	size_t i;

	*count = 0;
	for (i = 0; i < p->nfields; i++)
		if (mime_ascii_ieq(p->fields[i].raw, p->fields[i].name_len, name)) {
			if (first == NULL)
				first = &p->fields[i];
			++*count;
		}
	return first;
}

/* "type/subtype" in lower case from s, or NULL when s is not one. */
static char *parse_type(const char *s, size_t *end)
{
	size_t i = skip_cfws(s, 0), t = i, te, st, se, k;
	char *d;

	te = token_end(s, t);
	i = skip_cfws(s, te);
	if (te == t || s[i] != '/')
		return NULL;
	st = skip_cfws(s, i + 1);
	se = token_end(s, st);
	if (se == st)
		return NULL;
	d = malloc(te - t + se - st + 2);
	if (d == NULL)
		return NULL;
	for (k = t; k < te; k++)
		d[k - t] = lower(s[k]);
	d[te - t] = '/';
	for (k = st; k < se; k++)
		d[te - t + 1 + k - st] = lower(s[k]);
	d[te - t + 1 + se - st] = '\0';
	*end = se;
	return d;
}

static mc_mime_encoding parse_encoding(const char *s)
{
	size_t i = skip_cfws(s, 0), e = token_end(s, i);
	const char *t = s + i;
	size_t n = e - i;

	if (n == 0 || mime_ascii_ieq(t, n, "7bit") || mime_ascii_ieq(t, n, "8bit") ||
	    mime_ascii_ieq(t, n, "binary"))
		return MC_MIME_IDENTITY;
	if (mime_ascii_ieq(t, n, "base64"))
		return MC_MIME_BASE64;
	if (mime_ascii_ieq(t, n, "quoted-printable"))
		return MC_MIME_QUOTED_PRINTABLE;
	if (mime_ascii_ieq(t, n, "x-uuencode") || mime_ascii_ieq(t, n, "uuencode") ||
	    mime_ascii_ieq(t, n, "x-uue") || mime_ascii_ieq(t, n, "uue"))
		return MC_MIME_UUENCODE;
	return MC_MIME_UNKNOWN_CTE;
}

int mime_parse_headers(struct mc_mime_part *part, mime_note_fn note, void *ctx)
{
	const mc_mime_header *h;
	size_t i, count;
	char *v;

	for (i = 0; i < part->nfields; i++)
		part->fields[i].raw = (const char *)part->hdr.p + part->field_off[i];

	/* Content-Type: the first one wins */
	h = find_field(part, "content-type", &count);
	if (count > 1)
		note(ctx, MC_MIME_DUPLICATE_HEADER, MC_MIME_CRITICAL);
	if (h != NULL) {
		size_t end = 0;
		if ((v = unfolded_value(h)) == NULL)
			return 0;
		part->content_type = parse_type(v, &end);
		if (part->content_type == NULL) {
			size_t t = skip_cfws(v, 0);
			/* a bare "text" is text/plain; anything else unparsable is a defect */
			if (!(mime_ascii_ieq(v + t, token_end(v, t) - t, "text") &&
			      v[skip_cfws(v, token_end(v, t))] == '\0'))
				note(ctx, MC_MIME_BAD_CONTENT_TYPE, MC_MIME_WARNING);
		} else if (!parse_params(v, end, &part->params, note, ctx)) {
			free(v);
			return 0;
		}
		free(v);
	}
	if (part->content_type == NULL) {
		part->content_type = dup_range(part->digest_parent ? "message/rfc822" : "text/plain",
		                               part->digest_parent ? 14 : 10);
		if (part->content_type == NULL)
			return 0;
	}

	h = find_field(part, "content-transfer-encoding", &count);
	if (count > 1)
		note(ctx, MC_MIME_DUPLICATE_HEADER, MC_MIME_CRITICAL);
	part->encoding = MC_MIME_IDENTITY;
	if (h != NULL) {
		if ((v = unfolded_value(h)) == NULL)
			return 0;
		part->encoding = parse_encoding(v);
		free(v);
	}

	h = find_field(part, "content-disposition", &count);
	if (count > 1)
		note(ctx, MC_MIME_DUPLICATE_HEADER, MC_MIME_WARNING);
	if (h != NULL) {
		size_t t, e, k;
		if ((v = unfolded_value(h)) == NULL)
			return 0;
		t = skip_cfws(v, 0);
		e = token_end(v, t);
		part->disposition = dup_range(v + t, e - t);
		if (part->disposition == NULL || !parse_params(v, e, &part->dparams, note, ctx)) {
			free(v);
			return 0;
		}
		for (k = 0; part->disposition[k] != '\0'; k++)
			part->disposition[k] = lower(part->disposition[k]);
		free(v);
	} else if ((part->disposition = dup_range("", 0)) == NULL) {
		return 0;
	}
	return 1;
}

/* ------------------------------------------------------------ accessors */

unsigned mc_mime_part_id(const mc_mime_part *p)
{
	return p->id;
}

unsigned mc_mime_part_depth(const mc_mime_part *p)
{
	return p->depth;
}

const mc_mime_part *mc_mime_part_parent(const mc_mime_part *p)
{
	return p->parent;
}

mc_mime_part_kind mc_mime_part_kind_of(const mc_mime_part *p)
{
	return p->kind;
}

mc_mime_encoding mc_mime_part_encoding(const mc_mime_part *p)
{
	return p->encoding;
}

size_t mc_mime_part_header_count(const mc_mime_part *p)
{
	return p->nfields;
}

const mc_mime_header *mc_mime_part_header(const mc_mime_part *p, size_t n)
{
	return n < p->nfields ? &p->fields[n] : NULL;
}

const mc_mime_header *mc_mime_part_find_header(const mc_mime_part *p, const char *name)
{
	size_t count;

	return name == NULL ? NULL : find_field(p, name, &count);
}

const char *mc_mime_part_header_block(const mc_mime_part *p, size_t *len)
{
	*len = p->hdr.len;
	return p->hdr.p ? (const char *)p->hdr.p : "";
}

const char *mc_mime_part_content_type(const mc_mime_part *p)
{
	return p->content_type ? p->content_type : "text/plain";
}

const char *mc_mime_part_param(const mc_mime_part *p, const char *name)
{
	return name == NULL ? NULL : param_get(&p->params, name);
}

const char *mc_mime_part_disposition(const mc_mime_part *p)
{
	return p->disposition ? p->disposition : "";
}

const char *mc_mime_part_disposition_param(const mc_mime_part *p, const char *name)
{
	return name == NULL ? NULL : param_get(&p->dparams, name);
}

const char *mc_mime_part_filename(const mc_mime_part *p)
{
	const char *f = param_get(&p->dparams, "filename");

	return f != NULL ? f : param_get(&p->params, "name");
}

const char *mc_mime_part_charset(const mc_mime_part *p)
{
	return param_get(&p->params, "charset");
}
