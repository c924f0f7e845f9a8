/*
 * Builder properties on trees made from arbitrary input:
 *  - a subject is accepted exactly when it is UTF-8 without CR or LF, and
 *    then reads back (RFC 2047 decoded) as it was given;
 *  - parse(build(tree)) has the tree's structure, content types and file
 *    names, and each leaf's content (text in canonical form);
 *  - no line of the message is longer than 998 bytes;
 *  - every path builds the same message (with the same randomness).
 * First byte: bit 0 CRLF; the rest is read as a tree (see take_tree).
 */
#include "fuzz_util.h"

/* UTF-8 by the book: no overlongs, no surrogates, nothing past U+10FFFF. */
static int utf8_ok(const char *str)
{
	const uint8_t *s = (const uint8_t *)str;

	while (*s) {
		uint32_t cp;
		int n, k;
		if (*s < 0x80) {
			s++;
			continue;
		}
		n = *s >= 0xf0 ? 3 : *s >= 0xe0 ? 2 : *s >= 0xc0 ? 1 : -1;
		if (n < 0 || *s > 0xf4)
			return 0;
		cp = *s & (0x3f >> n);
		for (k = 1; k <= n; k++) {
			if ((s[k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		s += n + 1;
	}
	return 1;
}

struct in {
	const uint8_t *p;
	size_t n, i;
};

static unsigned take(struct in *in)
{
	return in->i < in->n ? in->p[in->i++] : 0;
}

struct node {
	int kind; /* 0 text, 1 attachment, 2 multipart */
	const uint8_t *data;
	size_t len;
	char name[32];
	struct node *kids[4];
	size_t nkids;
};

static struct node *take_tree(struct in *in, unsigned depth)
{
	struct node *t = calloc(1, sizeof *t);
	unsigned op = take(in);

	FUZZ_CHECK(t != NULL);
	if (depth < 3 && op % 3 == 2) {
		size_t k;
		t->kind = 2;
		t->nkids = 1 + (op >> 2) % 4;
		for (k = 0; k < t->nkids; k++)
			t->kids[k] = take_tree(in, depth + 1);
		return t;
	}
	t->kind = op % 3 == 1;
	t->len = take(in) | (size_t)take(in) << 8;
	if (t->len > in->n - in->i)
		t->len = in->n - in->i;
	t->data = in->p + in->i;
	in->i += t->len;
	snprintf(t->name, sizeof t->name, op & 8 ? "f%u.bin" : "\xc3\xa9t\xc3\xa9 %u.dat", op);
	return t;
}

static void tree_free(struct node *t)
{
	size_t k;

	for (k = 0; k < t->nkids; k++)
		tree_free(t->kids[k]);
	free(t);
}

static void add(mc_mail *m, mc_mail_part *parent, const struct node *t)
{
	mc_mail_part *p;
	size_t k;

	if (t->kind == 2) {
		FUZZ_CHECK(mc_mail_multipart(m, parent, "mixed", &p) == MC_OK);
		for (k = 0; k < t->nkids; k++)
			add(m, p, t->kids[k]);
	} else if (t->kind == 0) {
		FUZZ_CHECK(mc_mail_text(m, parent, "plain", t->data, t->len, &p) == MC_OK);
	} else {
		FUZZ_CHECK(mc_mail_attach(m, parent, t->data, t->len, t->name, "application/octet-stream",
		                          &p) == MC_OK);
	}
}

static size_t canonical(const uint8_t *d, size_t n, uint8_t *out, int crlf)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')
			continue;
		if (d[i] == '\n' && crlf)
			out[o++] = '\r';
		out[o++] = d[i];
	}
	return o;
}

static void compare(const struct node *t, const mc_mime_part *p, int crlf)
{
	size_t k, len;
	const uint8_t *c;

	if (t->kind == 2) {
		FUZZ_CHECK(strcmp(mc_mime_part_content_type(p), "multipart/mixed") == 0);
		FUZZ_CHECK(mc_mime_part_child_count(p) == t->nkids);
		for (k = 0; k < t->nkids; k++)
			compare(t->kids[k], mc_mime_part_child(p, k), crlf);
		return;
	}
	c = mc_mime_part_content(p, &len);
	if (t->kind == 1 || mc_mime_part_encoding(p) == MC_MIME_BASE64) {
		FUZZ_CHECK(len == t->len && (len == 0 || memcmp(c, t->data, len) == 0));
	} else {
		uint8_t *want = malloc(2 * t->len + 1);
		size_t n = canonical(t->data, t->len, want, crlf);
		FUZZ_CHECK(len == n && (n == 0 || memcmp(c, want, n) == 0));
		free(want);
	}
	if (t->kind == 1)
		FUZZ_CHECK(strcmp(mc_mime_part_filename(p), t->name) == 0);
	else
		FUZZ_CHECK(strcmp(mc_mime_part_content_type(p), "text/plain") == 0);
}

struct out {
	uint8_t *p;
	size_t len, cap;
};

static int collect(void *ctx, const void *data, size_t len)
{
	struct out *o = ctx;

	if (o->len + len > o->cap) {
		o->cap = 2 * (o->len + len);
		o->p = realloc(o->p, o->cap);
		FUZZ_CHECK(o->p != NULL);
	}
	memcpy(o->p + o->len, data, len);
	o->len += len;
	return 0;
}

static void fixed_random(void *ctx, uint8_t *buf, size_t len)
{
	unsigned *n = ctx;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 131 + *n);
	++*n;
}

static void build(const struct node *t, const char *subject, int crlf, mc_isa isa, struct out *o)
{
	unsigned calls = 0;
	mc_mail_config cfg = { .eol = crlf ? MC_EOL_CRLF : MC_EOL_LF, .isa = isa,
		               .random = fixed_random, .random_ctx = &calls };
	mc_mail *m;

	FUZZ_CHECK(mc_mail_new(&cfg, &m) == MC_OK);
	if (subject != NULL)
		FUZZ_CHECK(mc_mail_header(m, "Subject", subject) == MC_OK);
	/* fixed, as the generated ones hold the time, which may tick between builds */
	FUZZ_CHECK(mc_mail_header(m, "Date", "Mon, 30 Nov 2026 00:00:00 +0000") == MC_OK);
	FUZZ_CHECK(mc_mail_header(m, "Message-ID", "<fuzz@example.org>") == MC_OK);
	add(m, NULL, t);
	memset(o, 0, sizeof *o);
	FUZZ_CHECK(mc_mail_write(m, collect, o) == MC_OK);
	mc_mail_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size, 1 };
	int crlf = size > 0 && (data[0] & 1);
	size_t slen = size > 1 ? data[1] % 64 : 0, k, start = 0;
	char subject[65];
	struct node *t;
	struct out o, other;
	mc_mime_message *pm;
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths);
	int ok_subject = 1;

	if (size < 2 || size > 65536)
		return 0;
	in.i = 2;
	if (slen > size - 2)
		slen = size - 2;
	memcpy(subject, data + 2, slen);
	subject[slen] = '\0';
	slen = strlen(subject);
	in.i += slen;
	for (k = 0; k < slen; k++)
		ok_subject &= subject[k] != '\r' && subject[k] != '\n';
	{
		mc_mail *m;
		FUZZ_CHECK(mc_mail_new(NULL, &m) == MC_OK);
		FUZZ_CHECK((mc_mail_header(m, "Subject", subject) == MC_OK) ==
		           (ok_subject && utf8_ok(subject)));
		ok_subject = mc_mail_header(m, "Subject", subject) == MC_OK;
		mc_mail_free(m);
	}
	t = take_tree(&in, 0);
	build(t, ok_subject ? subject : NULL, crlf, MC_ISA_SCALAR, &o);
	for (k = 0; k <= o.len; k++)
		if (k == o.len || o.p[k] == '\n') {
			FUZZ_CHECK(k - start <= 999); /* 998 and a CR */
			start = k + 1;
		}
	FUZZ_CHECK(mc_mime_parse(o.p, o.len, NULL, &pm) == MC_OK);
	compare(t, mc_mime_message_root(pm), crlf);
	if (ok_subject) {
		const mc_mime_header *h = mc_mime_part_find_header(mc_mime_message_root(pm), "subject");
		char out[1024];
		size_t w;
		FUZZ_CHECK(h != NULL);
		FUZZ_CHECK(mc_mime_header_value(h, out, sizeof out, &w, NULL) == MC_OK);
		/* leading and trailing blanks are not part of a field's value */
		{
			const char *s = subject;
			size_t n = strlen(s);
			while (*s == ' ' || *s == '\t')
				s++, n--;
			while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			FUZZ_CHECK(w == n && memcmp(out, s, n) == 0);
		}
	}
	mc_mime_message_free(pm);
	for (k = 1; k < npaths; k++) {
		build(t, ok_subject ? subject : NULL, crlf, paths[k], &other);
		FUZZ_CHECK(other.len == o.len && memcmp(other.p, o.p, o.len) == 0);
		free(other.p);
	}
	free(o.p);
	tree_free(t);
	return 0;
}
