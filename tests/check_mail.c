/*
 * Message builder suite: rows W1-W5 of the reliability checklist, the
 * transfer-encoding choice, header encoding read back by our parser, and
 * parse(build(tree)) == tree for random trees with hostile content, with
 * LF and CRLF line ends, on every path.
 */
#include "testutil.h"

#include <sys/resource.h>

struct sink {
	char *buf;
	size_t len, cap;
	uint64_t total;
	int keep;
};

static int to_sink(void *ctx, const void *data, size_t len)
{
	struct sink *s = ctx;

	s->total += len;
	if (!s->keep)
		return 0;
	if (s->len + len + 1 > s->cap) {
		s->cap = 2 * (s->len + len + 1);
		s->buf = realloc(s->buf, s->cap);
		ck_assert_ptr_nonnull(s->buf);
	}
	memcpy(s->buf + s->len, data, len);
	s->len += len;
	s->buf[s->len] = '\0';
	return 0;
}

static mc_mail *new_mail(mc_eol eol, mc_isa isa)
{
	mc_mail_config cfg = { .eol = eol, .isa = isa };
	mc_mail *m;

	ck_assert_int_eq(mc_mail_new(&cfg, &m), MC_OK);
	return m;
}

static char *build(mc_mail *m, size_t *len)
{
	struct sink s = { NULL, 0, 0, 0, 1 };

	ck_assert_int_eq(mc_mail_write(m, to_sink, &s), MC_OK);
	*len = s.len;
	return s.buf;
}

static mc_mime_message *parse(const char *msg, size_t len)
{
	mc_mime_message *pm;

	ck_assert_int_eq(mc_mime_parse(msg, len, NULL, &pm), MC_OK);
	return pm;
}

/* The value of the first field called name, decoded to UTF-8. */
static char *field(const mc_mime_part *p, const char *name)
{
	const mc_mime_header *h = mc_mime_part_find_header(p, name);
	size_t cap, w;
	char *out;

	ck_assert_msg(h != NULL, "no %s field", name);
	mc_mime_words_max_length(h->value_end - h->value_start, &cap);
	out = malloc(cap);
	ck_assert_int_eq(mc_mime_header_value(h, out, cap, &w, NULL), MC_OK);
	return out;
}

/* Every line of msg at most max bytes (line end excluded). */
static void assert_lines_at_most(const char *msg, size_t len, size_t max)
{
	size_t i, start = 0;

	for (i = 0; i <= len; i++)
		if (i == len || msg[i] == '\n') {
			size_t end = i > start && msg[i - 1] == '\r' ? i - 1 : i;
			ck_assert_msg(end - start <= max, "a line of %zu bytes", end - start);
			start = i + 1;
		}
}

/* W1: CR, LF and invalid UTF-8 in values are refused; what is accepted reads back exactly. */
START_TEST(test_w1_header_injection)
{
	mc_mail *m = new_mail(MC_EOL_CRLF, MC_ISA_AUTO);
	mc_mail_part *p;
	static const char *const values[] = {
		"plain", "caf\xc3\xa9 au lait", "=?utf-8?q?looks_encoded?=", "tab\there",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xe3\x81\xae\xe4\xbb\xb6\xe5\x90\x8d",
	};
	char name[16], *msg, *v;
	size_t k, len;
	mc_mime_message *pm;

	ck_assert_int_eq(mc_mail_header(m, "Subject", "a\r\nBcc: victim@example.org"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_header(m, "Subject", "a\nb"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_header(m, "Subject", "a\rb"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_header(m, "Subject", "bad \xc3\x28 utf-8"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_address(m, "To", "x\r\nBcc: y", "a@example.org"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_address(m, "To", NULL, "a@example.org>, <evil@example.org"),
	                 MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_address(m, "To", NULL, "a@b@example.org"), MC_ERR_BAD_FIELD);
	for (k = 0; k < sizeof values / sizeof values[0]; k++) {
		snprintf(name, sizeof name, "X-Test-%zu", k);
		ck_assert_int_eq(mc_mail_header(m, name, values[k]), MC_OK);
	}
	ck_assert_int_eq(mc_mail_address(m, "From", "Ren\xc3\xa9 \"the\" Builder", "r@example.fr"), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, NULL, "plain", "hi\n", 3, &p), MC_OK);
	msg = build(m, &len);
	pm = parse(msg, len);
	ck_assert_uint_eq(mc_mime_message_defect_count(pm), 0);
	for (k = 0; k < sizeof values / sizeof values[0]; k++) {
		snprintf(name, sizeof name, "X-Test-%zu", k);
		v = field(mc_mime_message_root(pm), name);
		ck_assert_msg(strcmp(v, values[k]) == 0, "%s read back as \"%s\"", name, v);
		free(v);
	}
	v = field(mc_mime_message_root(pm), "from");
	ck_assert_str_eq(v, "Ren\xc3\xa9 \"the\" Builder <r@example.fr>");
	free(v);
	/* exactly the fields given, and the generated ones */
	ck_assert_uint_eq(mc_mime_part_header_count(mc_mime_message_root(pm)),
	                  sizeof values / sizeof values[0] + 1 + 3 + 2);
	mc_mime_message_free(pm);
	free(msg);
	mc_mail_free(m);
}
END_TEST

/* W4: names with non-ASCII, controls, blanks or ':' are refused. */
START_TEST(test_w4_header_names)
{
	mc_mail *m = new_mail(MC_EOL_LF, MC_ISA_AUTO);
	static const char *const bad[] = { "", "Sub ject", "Sub:ject", "Caf\xc3\xa9", "X\x01",
		                           "X\x7f", "Subject\r\nBcc" };
	size_t k;

	for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
		ck_assert_msg(mc_mail_header(m, bad[k], "v") == MC_ERR_BAD_FIELD, "name %zu", k);
	ck_assert_int_eq(mc_mail_header(m, "X-Good_Name.1", "v"), MC_OK);
	mc_mail_free(m);
}
END_TEST

static mc_mime_encoding chosen_for(const char *type_subtype, const void *data, size_t len)
{
	mc_mail *m = new_mail(MC_EOL_LF, MC_ISA_AUTO);
	mc_mail_part *p;
	char *msg;
	size_t n;
	mc_mime_encoding e;

	if (strncmp(type_subtype, "text/", 5) == 0)
		ck_assert_int_eq(mc_mail_text(m, NULL, type_subtype + 5, data, len, &p), MC_OK);
	else
		ck_assert_int_eq(mc_mail_attach(m, NULL, data, len, "f", type_subtype, &p), MC_OK);
	msg = build(m, &n);
	assert_lines_at_most(msg, n, 998);
	e = mc_mail_part_chosen_encoding(p);
	free(msg);
	mc_mail_free(m);
	return e;
}

/* Randomness that repeats its first draw once: the first boundary comes back. */
static void repeating(void *ctx, uint8_t *buf, size_t len)
{
	unsigned *calls = ctx;
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + (*calls >= 2 ? *calls : 0));
	++*calls;
}

/*
 * W2: content that holds the boundary the builder would draw, as a line of
 * a part sent as it is: the builder draws again, and the message parses
 * into the parts it was given.
 */
START_TEST(test_w2_boundary_in_content)
{
	unsigned calls = 0;
	mc_mail_config cfg = { .eol = MC_EOL_LF, .random = repeating, .random_ctx = &calls };
	mc_mail *m;
	mc_mail_part *root, *p;
	char first[64], text[256], *msg, *b;
	size_t len;
	mc_mime_message *pm;
	const uint8_t *c;

	/* learn the first boundary this randomness gives */
	ck_assert_int_eq(mc_mail_new(&cfg, &m), MC_OK);
	ck_assert_int_eq(mc_mail_multipart(m, NULL, "mixed", &root), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, root, "plain", "x\n", 2, &p), MC_OK);
	msg = build(m, &len);
	b = strstr(msg, "boundary=\"");
	ck_assert_ptr_nonnull(b);
	memcpy(first, b + 10, 30);
	first[30] = '\0';
	free(msg);
	mc_mail_free(m);

	calls = 0;
	snprintf(text, sizeof text, "before\n--%s\nafter\n--%s--\n", first, first);
	ck_assert_int_eq(mc_mail_new(&cfg, &m), MC_OK);
	ck_assert_int_eq(mc_mail_multipart(m, NULL, "mixed", &root), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, root, "plain", text, strlen(text), &p), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, root, "plain", "second\n", 7, &p), MC_OK);
	msg = build(m, &len);
	ck_assert_int_eq(mc_mail_part_chosen_encoding(p), MC_MIME_IDENTITY);
	b = strstr(msg, "boundary=\"");
	ck_assert_ptr_nonnull(b);
	ck_assert_msg(strncmp(b + 10, first, 30) != 0, "the boundary in the content was used");
	pm = parse(msg, len);
	ck_assert_uint_eq(mc_mime_part_child_count(mc_mime_message_root(pm)), 2);
	c = mc_mime_part_content(mc_mime_part_child(mc_mime_message_root(pm), 0), &len);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_mem_eq(c, text, len);
	mc_mime_message_free(pm);
	free(msg);
	mc_mail_free(m);
}
END_TEST

/* W3: long lines and 8-bit data never go out as 7bit; the choice follows the content. */
START_TEST(test_w3_encoding_choice)
{
	char *longline = malloc(2001);
	static const char mostly[] = "caf\xc3\xa9 au lait, a line of text with one accent\n";
	static const char mostly_not[] = "\xce\xb1\xce\xb2\xce\xb3\xce\xb4\xce\xb5 \xce\xb6\xce\xb7\n";

	memset(longline, 'a', 2000);
	longline[2000] = '\0';
	ck_assert_int_eq(chosen_for("text/plain", "short ascii\nlines\n", 18), MC_MIME_IDENTITY);
	ck_assert_int_eq(chosen_for("text/plain", longline, 2000), MC_MIME_QUOTED_PRINTABLE);
	ck_assert_int_eq(chosen_for("text/plain", mostly, sizeof mostly - 1), MC_MIME_QUOTED_PRINTABLE);
	ck_assert_int_eq(chosen_for("text/plain", mostly_not, sizeof mostly_not - 1), MC_MIME_BASE64);
	ck_assert_int_eq(chosen_for("text/plain", "nul\0inside\n", 11), MC_MIME_BASE64);
	ck_assert_int_eq(chosen_for("text/plain", "bare\rcr\n", 8), MC_MIME_QUOTED_PRINTABLE);
	ck_assert_int_eq(chosen_for("text/plain", "ends in a CR\r", 13), MC_MIME_QUOTED_PRINTABLE);
	ck_assert_int_eq(chosen_for("application/octet-stream", "ascii\n", 6), MC_MIME_BASE64);
	free(longline);
}
END_TEST

static long zero_reader(void *ctx, void *buf, size_t cap)
{
	uint64_t *left = ctx;
	size_t n = *left < cap ? (size_t)*left : cap;

	memset(buf, 0xa5, n);
	*left -= n;
	return (long)n;
}

/* W5: a 64 MiB attachment from a reader streams out in constant memory. */
START_TEST(test_w5_streaming)
{
	mc_mail *m = new_mail(MC_EOL_CRLF, MC_ISA_AUTO);
	mc_mail_part *root, *p;
	uint64_t left = 64u << 20;
	struct sink s = { NULL, 0, 0, 0, 0 };
	struct rusage before, after;

	ck_assert_int_eq(mc_mail_multipart(m, NULL, "mixed", &root), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, root, "plain", "see attached\n", 13, &p), MC_OK);
	ck_assert_int_eq(mc_mail_attach_reader(m, root, zero_reader, &left, "big.bin", NULL, &p), MC_OK);
	getrusage(RUSAGE_SELF, &before);
	ck_assert_int_eq(mc_mail_write(m, to_sink, &s), MC_OK);
	getrusage(RUSAGE_SELF, &after);
	ck_assert_int_eq(mc_mail_part_chosen_encoding(p), MC_MIME_BASE64);
	ck_assert_uint_eq(left, 0);
	ck_assert_uint_gt(s.total, (64u << 20) / 3 * 4);
	ck_assert_msg(after.ru_maxrss - before.ru_maxrss < 8 * 1024, "peak grew by %ld KiB",
	              after.ru_maxrss - before.ru_maxrss);
	mc_mail_free(m);
}
END_TEST

/* ---------------------------------------------------------- round trip */

struct node {
	int kind;           /* 0 text, 1 attachment, 2 multipart, 3 message */
	char subtype[16];
	uint8_t *data;
	size_t len;
	char name[64];
	struct node *kids[4];
	size_t nkids;
};

static void random_content(uint64_t *seed, uint8_t **out, size_t *len, int text)
{
	static const char *const pieces[] = {
		"--=_", "--", "--=_abcdefghijklmnopqrstuvwxyzAB", "From me\n", ".\n", "   \n", "\t\t",
		"caf\xc3\xa9 ", "\n", "\r\n", "plain words here ", "=?utf-8?q?x?=", "=3D", "=\n",
	};
	size_t cap = 1 + rng_next(seed) % 3000, n = 0;
	uint8_t *d = malloc(cap + 2100);

	while (n < cap) {
		uint64_t r = rng_next(seed);
		if (!text && r % 4 == 0) { /* random bytes, NUL included */
			size_t k = r % 64;
			rng_fill(seed, d + n, k);
			n += k;
		} else if (r % 29 == 0) { /* a long line */
			memset(d + n, 'L', 1500);
			n += 1500;
		} else {
			const char *p = pieces[r % (sizeof pieces / sizeof pieces[0])];
			memcpy(d + n, p, strlen(p));
			n += strlen(p);
		}
	}
	*out = d;
	*len = n;
}

static struct node *random_tree(uint64_t *seed, unsigned depth)
{
	struct node *t = calloc(1, sizeof *t);
	uint64_t r = rng_next(seed);

	if (depth < 3 && r % 3 == 0) {
		static const char *const subs[] = { "mixed", "alternative", "related" };
		size_t k;
		t->kind = 2;
		strcpy(t->subtype, subs[r % 3]);
		t->nkids = 1 + (r >> 8) % 4;
		for (k = 0; k < t->nkids; k++)
			t->kids[k] = random_tree(seed, depth + 1);
	} else if (r % 3 == 1) {
		t->kind = 0;
		strcpy(t->subtype, (r >> 8) % 2 ? "plain" : "html");
		random_content(seed, &t->data, &t->len, 1);
	} else {
		t->kind = 1;
		strcpy(t->subtype, "octet-stream");
		random_content(seed, &t->data, &t->len, 0);
		snprintf(t->name, sizeof t->name, (r >> 9) % 2 ? "file-%u.bin" : "r\xc3\xa9sum\xc3\xa9 %u.bin",
		         (unsigned)(r >> 20) % 1000);
	}
	return t;
}

static void tree_free(struct node *t)
{
	size_t k;

	for (k = 0; k < t->nkids; k++)
		tree_free(t->kids[k]);
	free(t->data);
	free(t);
}

static void add_tree(mc_mail *m, mc_mail_part *parent, struct node *t)
{
	mc_mail_part *p;
	size_t k;

	switch (t->kind) {
	case 2:
		ck_assert_int_eq(mc_mail_multipart(m, parent, t->subtype, &p), MC_OK);
		for (k = 0; k < t->nkids; k++)
			add_tree(m, p, t->kids[k]);
		break;
	case 0:
		ck_assert_int_eq(mc_mail_text(m, parent, t->subtype, t->data, t->len, &p), MC_OK);
		break;
	default:
		ck_assert_int_eq(mc_mail_attach(m, parent, t->data, t->len, t->name,
		                                "application/octet-stream", &p), MC_OK);
		break;
	}
}

/* Text comes back in canonical form: each LF or CRLF as the message's line end. */
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

static void compare_tree(const struct node *t, const mc_mime_part *p, int crlf, const char *where)
{
	char type[64];
	size_t k, len;
	const uint8_t *c;

	snprintf(type, sizeof type, "%s/%s", t->kind == 2 ? "multipart" : t->kind == 0 ? "text" : "application",
	         t->subtype);
	ck_assert_msg(strcmp(mc_mime_part_content_type(p), type) == 0, "%s: %s, built %s", where,
	              mc_mime_part_content_type(p), type);
	if (t->kind == 2) {
		ck_assert_uint_eq(mc_mime_part_child_count(p), t->nkids);
		for (k = 0; k < t->nkids; k++)
			compare_tree(t->kids[k], mc_mime_part_child(p, k), crlf, where);
		return;
	}
	c = mc_mime_part_content(p, &len);
	if (t->kind == 1 || mc_mime_part_encoding(p) == MC_MIME_BASE64) {
		ck_assert_msg(len == t->len && memcmp(c, t->data, len) == 0, "%s: content differs", where);
	} else {
		uint8_t *want = malloc(2 * t->len + 1);
		size_t n = canonical(t->data, t->len, want, crlf);
		ck_assert_msg(len == n && memcmp(c, want, n) == 0, "%s: text differs (%zu, %zu)", where, len, n);
		free(want);
	}
	if (t->kind == 1)
		ck_assert_str_eq(mc_mime_part_filename(p), t->name);
}

START_TEST(test_round_trip)
{
	uint64_t seed = 99;
	int round;

	SKIP_UNSUPPORTED(_i);
	for (round = 0; round < 60; round++) {
		int crlf = round % 2;
		struct node *t = random_tree(&seed, 0);
		mc_mail *m = new_mail(crlf ? MC_EOL_CRLF : MC_EOL_LF, (mc_isa)_i);
		mc_mime_message *pm;
		size_t len;
		char *msg, where[32];

		ck_assert_int_eq(mc_mail_header(m, "Subject", "round trip \xe2\x9c\x93"), MC_OK);
		add_tree(m, NULL, t);
		msg = build(m, &len);
		assert_lines_at_most(msg, len, 998);
		pm = parse(msg, len);
		snprintf(where, sizeof where, "round %d", round);
		compare_tree(t, mc_mime_message_root(pm), crlf, where);
		{
			size_t i;
			for (i = 0; i < mc_mime_message_defect_count(pm); i++)
				ck_assert_msg(mc_mime_message_defect(pm, i)->kind == MC_MIME_BODY_ENCODING &&
				                  mc_mime_message_defect(pm, i)->severity == MC_MIME_WARNING,
				              "%s: defect %s", where,
				              mc_mime_defect_name(mc_mime_message_defect(pm, i)->kind));
		}
		mc_mime_message_free(pm);
		free(msg);
		mc_mail_free(m);
		tree_free(t);
	}
}
END_TEST

/* The text scan: every path counts as the byte loop does, whatever the pieces. */
START_TEST(test_text_scan)
{
	static const char *const pieces[] = { "\r\n", "\n", "\r", "\xc3\xa9", "abc", " ", "\0" };
	uint64_t seed = 12;
	uint8_t buf[5000];
	int round;

	SKIP_UNSUPPORTED(_i);
	for (round = 0; round < 200; round++) {
		size_t n = 0, cut, pos;
		mc_text_scan a, b;
		while (n < sizeof buf - 1100) {
			uint64_t r = rng_next(&seed);
			if (r % 50 == 0) { /* a line around the limit */
				size_t len = 990 + (r >> 8) % 20;
				memset(buf + n, 'x', len);
				n += len;
			} else {
				const char *p = pieces[r % 7];
				size_t len = r % 7 == 6 ? 1 : strlen(p);
				memcpy(buf + n, p, len);
				n += len;
			}
		}
		ck_assert_int_eq(mc_text_scan_init(&a, MC_ISA_SCALAR), MC_OK);
		ck_assert_int_eq(mc_text_scan_init(&b, (mc_isa)_i), MC_OK);
		mc_text_scan_update(&a, buf, n);
		cut = rng_next(&seed) % n;
		for (pos = 0; pos < n;) { /* the vector path in uneven pieces */
			size_t step = pos == 0 ? cut : 1 + rng_next(&seed) % 300;
			if (step > n - pos)
				step = n - pos;
			mc_text_scan_update(&b, buf + pos, step);
			pos += step;
		}
		mc_text_scan_final(&a);
		mc_text_scan_final(&b);
		ck_assert_uint_eq(a.bytes, n);
		ck_assert_uint_eq(b.bytes, a.bytes);
		ck_assert_uint_eq(b.high, a.high);
		ck_assert_uint_eq(b.nul, a.nul);
		ck_assert_uint_eq(b.bare_cr, a.bare_cr);
		ck_assert_uint_eq(b.long_lines, a.long_lines);
	}
	{ /* lines of 995-1002 bytes and a CRLF or LF, at every offset in a block */
		size_t len, off;
		for (len = 995; len <= 1002; len++)
			for (off = 0; off < 65; off++) {
				size_t n = 0;
				mc_text_scan a, b;
				memset(buf, 'y', off);
				n = off;
				buf[n++] = '\n';
				memset(buf + n, 'x', len);
				n += len;
				if (len % 2)
					buf[n++] = '\r';
				buf[n++] = '\n';
				memset(buf + n, 'z', 100);
				n += 100;
				mc_text_scan_init(&a, MC_ISA_SCALAR);
				mc_text_scan_init(&b, (mc_isa)_i);
				mc_text_scan_update(&a, buf, n);
				mc_text_scan_update(&b, buf, n);
				ck_assert_uint_eq(a.long_lines, len > 998);
				ck_assert_msg(b.long_lines == a.long_lines, "line of %zu at %zu", len, off);
			}
	}
	{
		mc_text_scan s;
		mc_text_scan_init(&s, (mc_isa)_i);
		mc_text_scan_update(&s, "a\rb\r\nc\xff\0\n", 9);
		mc_text_scan_final(&s);
		ck_assert_uint_eq(s.bare_cr, 1);
		ck_assert_uint_eq(s.high, 1);
		ck_assert_uint_eq(s.nul, 1);
		ck_assert_uint_eq(s.long_lines, 0);
	}
}
END_TEST

START_TEST(test_guess_type)
{
	ck_assert_str_eq(mc_mail_guess_type("a.pdf", NULL, 0), "application/pdf");
	ck_assert_str_eq(mc_mail_guess_type("noext", "%PDF-1.7", 8), "application/pdf");
	ck_assert_str_eq(mc_mail_guess_type("x.docx", "PK\x03\x04", 4),
	                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	ck_assert_str_eq(mc_mail_guess_type("x.zip", "PK\x03\x04", 4), "application/zip");
	ck_assert_str_eq(mc_mail_guess_type("photo", "\x89PNG\r\n\x1a\n", 8), "image/png");
	ck_assert_str_eq(mc_mail_guess_type("INVITE.ICS", NULL, 0), "text/calendar");
	ck_assert_str_eq(mc_mail_guess_type(NULL, "hello\n", 6), "text/plain");
	ck_assert_str_eq(mc_mail_guess_type(NULL, "\x00\x01\x02", 3), "application/octet-stream");
	ck_assert_str_eq(mc_mail_guess_type("data.json", "{}", 2), "application/json");
#ifdef HAVE_LIBMAGIC
	/* what only file(1)'s database knows */
	ck_assert_str_eq(mc_mail_guess_type(NULL, "#!/bin/sh\necho hi\n", 18), "text/x-shellscript");
#endif
}
END_TEST

START_TEST(test_api)
{
	mc_mail *m = new_mail(MC_EOL_LF, MC_ISA_AUTO);
	mc_mail_part *root, *p, *q;
	mc_mail_config bad = { .eol = MC_EOL_AS_INPUT };
	mc_mail *m2;
	struct sink s = { NULL, 0, 0, 0, 1 };

	ck_assert_int_eq(mc_mail_new(&bad, &m2), MC_ERR_INVALID_ARGUMENT);
	ck_assert_int_eq(mc_mail_write(m, to_sink, &s), MC_ERR_STATE); /* no body */
	ck_assert_int_eq(mc_mail_multipart(m, NULL, "mixed", &root), MC_OK);
	ck_assert_int_eq(mc_mail_write(m, to_sink, &s), MC_ERR_STATE); /* an empty multipart */
	ck_assert_int_eq(mc_mail_text(m, NULL, "plain", "x", 1, &p), MC_ERR_STATE); /* two bodies */
	ck_assert_int_eq(mc_mail_text(m, root, "plain", "x", 1, &p), MC_OK);
	ck_assert_int_eq(mc_mail_text(m, p, "plain", "x", 1, &q), MC_ERR_STATE); /* not a multipart */
	ck_assert_ptr_null(q);
	ck_assert_int_eq(mc_mail_part_header(p, "Content-Type", "text/evil"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_part_content_id(p, "a>b"), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_attach(m, root, "x", 1, "f", "not a type", &q), MC_ERR_BAD_FIELD);
	ck_assert_int_eq(mc_mail_attach_file(m, root, "/nonexistent/file", NULL, NULL, &q), MC_ERR_IO);
	mc_mail_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mail");
	TCase *tc = tcase_create("mail");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_w1_header_injection);
	tcase_add_test(tc, test_w4_header_names);
	tcase_add_test(tc, test_w2_boundary_in_content);
	tcase_add_test(tc, test_w3_encoding_choice);
	tcase_add_test(tc, test_w5_streaming);
	tcase_add_loop_test(tc, test_round_trip, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_text_scan, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_test(tc, test_guess_type);
	tcase_add_test(tc, test_api);
	suite_add_tcase(s, tc);
	report_skipped();
	return run_suite(s);
}
