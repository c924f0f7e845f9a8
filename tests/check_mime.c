/*
 * MIME parser suite: chunk invariance (every split of real messages, on
 * every path), the raw view and the tree's write-back equal to the input,
 * and rows M1-M16 of the reliability checklist.
 */
#include "testutil.h"

/* ------------------------------------------------------------- traces */

/*
 * What a parse produced, in a form that does not depend on how the input
 * was split: the part events in order, then per part its defects (sorted)
 * and all its raw and decoded bytes.
 */
struct part_bytes {
	char *raw, *body, *defects;
	size_t raw_len, body_len, defects_len;
};

struct trace {
	char *events;
	size_t events_len;
	struct part_bytes *parts;
	size_t nparts;
	char *all_raw;
	size_t all_raw_len;
	size_t max_depth;
	size_t begins;
};

static size_t pow2_above(size_t n)
{
	size_t c = 64;

	while (c <= n)
		c *= 2;
	return c;
}

/* Appends to a buffer whose capacity is the power of two above its length. */
static void grow_append(char **buf, size_t *len, const void *data, size_t n)
{
	if (*buf == NULL || pow2_above(*len + n) != pow2_above(*len)) {
		*buf = realloc(*buf, pow2_above(*len + n));
		ck_assert_ptr_nonnull(*buf);
	}
	memcpy(*buf + *len, data, n);
	*len += n;
}

static struct part_bytes *part_of(struct trace *t, unsigned id)
{
	if (id >= t->nparts) {
		t->parts = realloc(t->parts, (id + 1) * sizeof *t->parts);
		ck_assert_ptr_nonnull(t->parts);
		memset(t->parts + t->nparts, 0, (id + 1 - t->nparts) * sizeof *t->parts);
		t->nparts = id + 1;
	}
	return &t->parts[id];
}

static int on_event(void *ctx, const mc_mime_event *ev)
{
	struct trace *t = ctx;
	struct part_bytes *p = part_of(t, mc_mime_part_id(ev->part));
	char line[256];
	int n;

	switch (ev->type) {
	case MC_MIME_PART_BEGIN:
		n = snprintf(line, sizeof line, "begin %u depth %u kind %d enc %d %s\n",
		             mc_mime_part_id(ev->part), mc_mime_part_depth(ev->part),
		             (int)mc_mime_part_kind_of(ev->part), (int)mc_mime_part_encoding(ev->part),
		             mc_mime_part_content_type(ev->part));
		grow_append(&t->events, &t->events_len, line, (size_t)n);
		if (mc_mime_part_depth(ev->part) > t->max_depth)
			t->max_depth = mc_mime_part_depth(ev->part);
		t->begins++;
		break;
	case MC_MIME_PART_END:
		n = snprintf(line, sizeof line, "end %u kind %d\n", mc_mime_part_id(ev->part),
		             (int)mc_mime_part_kind_of(ev->part));
		grow_append(&t->events, &t->events_len, line, (size_t)n);
		break;
	case MC_MIME_RAW:
		grow_append(&p->raw, &p->raw_len, ev->data, ev->len);
		ck_assert_uint_eq(ev->offset, t->all_raw_len);
		grow_append(&t->all_raw, &t->all_raw_len, ev->data, ev->len);
		break;
	case MC_MIME_BODY:
		grow_append(&p->body, &p->body_len, ev->data, ev->len);
		break;
	case MC_MIME_DEFECT:
		n = snprintf(line, sizeof line, "%s %d %llu\n", mc_mime_defect_name(ev->defect.kind),
		             (int)ev->defect.severity, (unsigned long long)ev->defect.offset);
		grow_append(&p->defects, &p->defects_len, line, (size_t)n);
		break;
	}
	return 0;
}

static void trace_free(struct trace *t)
{
	size_t i;

	for (i = 0; i < t->nparts; i++) {
		free(t->parts[i].raw);
		free(t->parts[i].body);
		free(t->parts[i].defects);
	}
	free(t->parts);
	free(t->events);
	free(t->all_raw);
	memset(t, 0, sizeof *t);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The defects of a part, one per line, sorted. */
static char *sorted_defects(const struct part_bytes *p)
{
	char *copy, **lines, *out, *s;
	size_t n = 0, i, len = 0;

	if (p->defects_len == 0)
		return strdup("");
	copy = malloc(p->defects_len + 1);
	memcpy(copy, p->defects, p->defects_len);
	copy[p->defects_len] = '\0';
	lines = malloc(p->defects_len * sizeof *lines);
	for (s = strtok(copy, "\n"); s != NULL; s = strtok(NULL, "\n"))
		lines[n++] = s;
	qsort(lines, n, sizeof *lines, cmp_lines);
	out = malloc(p->defects_len + 1);
	for (i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);
		memcpy(out + len, lines[i], l);
		out[len + l] = '\n';
		len += l + 1;
	}
	out[len] = '\0';
	free(lines);
	free(copy);
	return out;
}

/* Parses msg fed in pieces ending at cuts[0..ncuts) (increasing), then the rest. */
static void parse_split(const char *msg, size_t len, const size_t *cuts, size_t ncuts,
                        const mc_mime_config *cfg, struct trace *t)
{
	mc_mime_parser *p = mc_mime_parser_new(cfg, on_event, t);
	size_t at = 0, k;

	ck_assert_ptr_nonnull(p);
	memset(t, 0, sizeof *t);
	for (k = 0; k <= ncuts; k++) {
		size_t end = k < ncuts ? cuts[k] : len;
		char *piece = exact_copy(msg + at, end - at);
		ck_assert_int_eq(mc_mime_parser_feed(p, piece, end - at), MC_OK);
		free(piece);
		at = end;
	}
	ck_assert_int_eq(mc_mime_parser_finish(p), MC_OK);
	mc_mime_parser_free(p);
	ck_assert_uint_eq(t->all_raw_len, len);
	ck_assert_msg(memcmp(t->all_raw, msg, len) == 0, "the raw events are not the input");
}

static void assert_same(const struct trace *a, const struct trace *b, const char *what)
{
	size_t i;

	ck_assert_msg(a->events_len == b->events_len &&
	                  memcmp(a->events, b->events, a->events_len) == 0,
	              "%s: part events differ", what);
	ck_assert_uint_eq(a->nparts, b->nparts);
	for (i = 0; i < a->nparts; i++) {
		const struct part_bytes *x = &a->parts[i], *y = &b->parts[i];
		char *dx = sorted_defects(x), *dy = sorted_defects(y);
		ck_assert_msg(strcmp(dx, dy) == 0, "%s: part %zu defects differ:\n%s---\n%s", what, i, dx, dy);
		ck_assert_msg(x->raw_len == y->raw_len &&
		                  (x->raw_len == 0 || memcmp(x->raw, y->raw, x->raw_len) == 0),
		              "%s: part %zu raw bytes differ", what, i);
		ck_assert_msg(x->body_len == y->body_len &&
		                  (x->body_len == 0 || memcmp(x->body, y->body, x->body_len) == 0),
		              "%s: part %zu decoded bytes differ (%zu, %zu)", what, i, x->body_len,
		              y->body_len);
		free(dx);
		free(dy);
	}
}

static char *read_data(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/mime/%s", top ? top : ".", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static const char *const data_files[] = {
	"cpython_msg_05.txt", "cpython_msg_37.txt", "cpython_msg_42.txt", "mailparser_mixed.eml",
	"mailparser_nested.eml", "mime4j_base64encoded-rfc822message.msg",
	"mime4j_missing-inner-boundary.msg", "mime4j_qp-body.msg", "stalwart_malformed_000.eml",
	"stalwart_malformed_005.eml",
};

/* ------------------------------------------------------- generated mail */

struct gen {
	uint64_t seed;
	char *buf;
	size_t len;
	int crlf;
};

static void put(struct gen *g, const char *s)
{
	grow_append(&g->buf, &g->len, s, strlen(s));
}

static void eol(struct gen *g)
{
	put(g, g->crlf ? "\r\n" : "\n");
}

static void gen_leaf(struct gen *g)
{
	static const char *const types[] = { "text/plain", "text/html", "application/pdf" };
	uint64_t r = rng_next(&g->seed);
	size_t n = r % 300, i;
	char line[160];

	snprintf(line, sizeof line, "Content-Type: %s; charset=utf-8", types[r % 3]);
	put(g, line);
	eol(g);
	switch ((r >> 8) % 4) {
	case 0: { /* base64 */
		uint8_t data[300];
		mc_b64_config c = { .line_width = 76, .eol = g->crlf ? MC_EOL_CRLF : MC_EOL_LF };
		size_t cap, w;
		char *enc;
		rng_fill(&g->seed, data, n);
		mc_b64_encoded_length(n, &c, &cap);
		enc = malloc(cap + 1);
		mc_b64_encode(data, n, enc, cap, &w, &c);
		put(g, "Content-Transfer-Encoding: base64");
		eol(g);
		eol(g);
		grow_append(&g->buf, &g->len, enc, w);
		free(enc);
		break;
	}
	case 1: /* quoted-printable with soft breaks */
		put(g, "Content-Transfer-Encoding: quoted-printable");
		eol(g);
		eol(g);
		for (i = 0; i < n / 20 + 1; i++) {
			put(g, "caf=C3=A9 and a long line that goes on and on until a soft break=");
			eol(g);
			put(g, "--not a boundary at all, only text");
			eol(g);
		}
		break;
	default: /* plain text, including boundary look-alikes and lines over 998 */
		eol(g);
		if ((r >> 20) % 3 == 0) {
			char long_line[1200];
			memset(long_line, 'x', sizeof long_line - 1);
			long_line[sizeof long_line - 1] = '\0';
			put(g, long_line);
			eol(g);
		}
		for (i = 0; i < n / 30 + 1; i++) {
			put(g, i % 3 == 0 ? "--b0-look-alike" : "plain text line");
			eol(g);
		}
		break;
	}
}

static void gen_part(struct gen *g, unsigned depth)
{
	uint64_t r = rng_next(&g->seed);
	char line[160];

	if (depth < 4 && r % 3 == 0) {
		unsigned k, n = 1 + (unsigned)(r >> 8) % 4;
		snprintf(line, sizeof line, "Content-Type: multipart/mixed; boundary=\"b%u-%llu\"", depth,
		         (unsigned long long)(r % 1000));
		put(g, line);
		eol(g);
		eol(g);
		put(g, "preamble");
		eol(g);
		for (k = 0; k < n; k++) {
			eol(g);
			snprintf(line, sizeof line, "--b%u-%llu", depth, (unsigned long long)(r % 1000));
			put(g, line);
			eol(g);
			gen_part(g, depth + 1);
		}
		eol(g);
		snprintf(line, sizeof line, "--b%u-%llu--", depth, (unsigned long long)(r % 1000));
		put(g, line);
		eol(g);
		put(g, "epilogue");
		eol(g);
	} else if (depth < 4 && r % 5 == 1) {
		put(g, "Content-Type: message/rfc822");
		eol(g);
		eol(g);
		put(g, "Subject: inner");
		eol(g);
		gen_part(g, depth + 1);
	} else {
		gen_leaf(g);
	}
}

static char *generate(uint64_t seed, size_t *len)
{
	struct gen g = { seed * 0x9e3779b97f4a7c15ULL + 1, NULL, 0, (int)(seed & 1) };

	put(&g, "From: a@example.org");
	eol(&g);
	gen_part(&g, 0);
	*len = g.len;
	return g.buf;
}

/* ----------------------------------------------------------- invariance */

static void check_invariance(const char *msg, size_t len, const mc_mime_config *cfg,
                             uint64_t *seed, int every_split, const char *what)
{
	struct trace one, other;
	size_t cut, cuts[64], k;

	parse_split(msg, len, NULL, 0, cfg, &one);
	if (cfg != NULL && cfg->isa != MC_ISA_SCALAR) {
		/* this path, in one piece, as the scalar path */
		mc_mime_config scalar = *cfg;
		scalar.isa = MC_ISA_SCALAR;
		parse_split(msg, len, NULL, 0, &scalar, &other);
		assert_same(&other, &one, what);
		trace_free(&other);
	}
	if (every_split)
		for (cut = 1; cut < len; cut++) {
			parse_split(msg, len, &cut, 1, cfg, &other);
			assert_same(&one, &other, what);
			trace_free(&other);
		}
	for (k = 0; k < 20; k++) {
		size_t n = 1 + rng_next(seed) % 63, i;
		for (i = 0; i < n; i++)
			cuts[i] = len ? rng_next(seed) % len : 0;
		for (i = 1; i < n; i++) { /* insertion sort */
			size_t v = cuts[i], j = i;
			while (j > 0 && cuts[j - 1] > v) {
				cuts[j] = cuts[j - 1];
				j--;
			}
			cuts[j] = v;
		}
		parse_split(msg, len, cuts, n, cfg, &other);
		assert_same(&one, &other, what);
		trace_free(&other);
	}
	trace_free(&one);
}

START_TEST(test_chunk_invariance_files)
{
	mc_mime_config cfg;
	uint64_t seed = 7;
	size_t k;

	SKIP_UNSUPPORTED(_i);
	mc_mime_config_default(&cfg);
	cfg.isa = (mc_isa)_i;
	for (k = 0; k < sizeof data_files / sizeof data_files[0]; k++) {
		size_t len;
		char *msg = read_data(data_files[k], &len);
		check_invariance(msg, len, &cfg, &seed, 1, data_files[k]);
		free(msg);
	}
}
END_TEST

START_TEST(test_chunk_invariance_generated)
{
	mc_mime_config cfg;
	uint64_t seed = 8, k;

	SKIP_UNSUPPORTED(_i);
	mc_mime_config_default(&cfg);
	cfg.isa = (mc_isa)_i;
	for (k = 0; k < 40; k++) {
		size_t len;
		char *msg = generate(k, &len);
		char what[32];
		snprintf(what, sizeof what, "generated %llu", (unsigned long long)k);
		check_invariance(msg, len, &cfg, &seed, len < 600, what);
		free(msg);
	}
}
END_TEST

/* A line over 998 bytes split anywhere is noted once, at the same place (found by fuzzing). */
START_TEST(test_long_line_split)
{
	static const char *const heads[] = { "Subject: x\n\n",
		                             "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n" };
	uint64_t seed = 9;
	size_t k;

	for (k = 0; k < 2; k++) {
		char msg[1400];
		size_t h = strlen(heads[k]);
		struct trace t;
		memcpy(msg, heads[k], h);
		memset(msg + h, 'x', 1200);
		memcpy(msg + h + 1200, "\nend\n", 5);
		check_invariance(msg, h + 1205, NULL, &seed, 1, heads[k]);
		parse_split(msg, h + 1205, NULL, 0, NULL, &t);
		ck_assert_ptr_nonnull(t.parts[k].defects);
		ck_assert_ptr_nonnull(strstr(t.parts[k].defects, "long-line"));
		trace_free(&t);
	}
}
END_TEST

/* Byte-at-a-time feeding equals one call (the smallest chunks of all). */
START_TEST(test_one_byte_feeding)
{
	size_t k;

	for (k = 0; k < sizeof data_files / sizeof data_files[0]; k++) {
		size_t len, i;
		char *msg = read_data(data_files[k], &len);
		size_t *cuts = malloc(len * sizeof *cuts);
		struct trace one, other;

		for (i = 0; i + 1 < len; i++)
			cuts[i] = i + 1;
		parse_split(msg, len, NULL, 0, NULL, &one);
		parse_split(msg, len, cuts, len ? len - 1 : 0, NULL, &other);
		assert_same(&one, &other, data_files[k]);
		trace_free(&one);
		trace_free(&other);
		free(cuts);
		free(msg);
	}
}
END_TEST

/* ----------------------------------------------------------------- tree */

struct collect {
	char *buf;
	size_t len;
};

static int collect(void *ctx, const void *data, size_t len)
{
	struct collect *c = ctx;

	grow_append(&c->buf, &c->len, data, len);
	return 0;
}

static mc_mime_message *parse_ok(const char *msg, size_t len, const mc_mime_config *cfg)
{
	mc_mime_message *m = NULL;
	struct collect c = { NULL, 0 };
	char *copy = exact_copy(msg, len);

	ck_assert_int_eq(mc_mime_parse(copy, len, cfg, &m), MC_OK);
	free(copy);
	ck_assert_int_eq(mc_mime_write(m, collect, &c), MC_OK);
	ck_assert_uint_eq(c.len, len);
	ck_assert_msg(len == 0 || memcmp(c.buf, msg, len) == 0, "write-back differs from the input");
	free(c.buf);
	return m;
}

static int has_defect(const mc_mime_message *m, mc_mime_defect_kind kind, mc_mime_severity sev)
{
	size_t i;

	for (i = 0; i < mc_mime_message_defect_count(m); i++)
		if (mc_mime_message_defect(m, i)->kind == kind &&
		    mc_mime_message_defect(m, i)->severity == sev)
			return 1;
	return 0;
}

START_TEST(test_tree_files)
{
	size_t k;

	for (k = 0; k < sizeof data_files / sizeof data_files[0]; k++) {
		size_t len;
		char *msg = read_data(data_files[k], &len);
		mc_mime_message_free(parse_ok(msg, len, NULL));
		free(msg);
	}
	for (k = 0; k < 40; k++) {
		size_t len;
		char *msg = generate(k, &len);
		mc_mime_message_free(parse_ok(msg, len, NULL));
		free(msg);
	}
}
END_TEST

static const mc_mime_part *child(const mc_mime_part *p, size_t n)
{
	const mc_mime_part *c = mc_mime_part_child(p, n);

	ck_assert_ptr_nonnull(c);
	return c;
}

static void assert_content(const mc_mime_part *p, const char *want)
{
	size_t len;
	const uint8_t *c = mc_mime_part_content(p, &len);

	ck_assert_msg(len == strlen(want) && memcmp(c, want, len) == 0,
	              "content is \"%.*s\", not \"%s\"", (int)len, (const char *)c, want);
}

START_TEST(test_structure)
{
	static const char msg[] =
		"From: a@example.org\r\n"
		"Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
		"\r\n"
		"preamble\r\n"
		"--outer\r\n"
		"Content-Type: text/plain; charset=\"utf-8\"\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"caf=C3=A9 =\r\n"
		"au lait\r\n"
		"--outer\r\n"
		"Content-Type: application/octet-stream; name=\"a.bin\"\r\n"
		"Content-Disposition: attachment; filename*=utf-8''%C3%A9t%C3%A9.bin\r\n"
		"Content-Transfer-Encoding: base64\r\n"
		"\r\n"
		"AAEC\r\n"
		"/w==\r\n"
		"--outer\r\n"
		"Content-Type: message/rfc822\r\n"
		"\r\n"
		"Subject: inner\r\n"
		"\r\n"
		"inner body\r\n"
		"--outer--\r\n"
		"epilogue\r\n";
	mc_mime_message *m = parse_ok(msg, sizeof msg - 1, NULL);
	const mc_mime_part *root = mc_mime_message_root(m), *text, *bin, *rfc;
	size_t len;
	const uint8_t *p;

	ck_assert_str_eq(mc_mime_part_content_type(root), "multipart/mixed");
	ck_assert_int_eq(mc_mime_part_kind_of(root), MC_MIME_MULTIPART);
	ck_assert_uint_eq(mc_mime_part_child_count(root), 3);
	ck_assert_uint_eq(mc_mime_message_part_count(m), 5);
	p = mc_mime_part_preamble(root, &len);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(p, "preamble", 8);
	p = mc_mime_part_epilogue(root, &len);
	ck_assert_uint_eq(len, 10);
	ck_assert_mem_eq(p, "epilogue\r\n", 10);

	text = child(root, 0);
	ck_assert_str_eq(mc_mime_part_charset(text), "utf-8");
	ck_assert_int_eq(mc_mime_part_encoding(text), MC_MIME_QUOTED_PRINTABLE);
	assert_content(text, "caf\xc3\xa9 au lait");

	bin = child(root, 1);
	ck_assert_str_eq(mc_mime_part_disposition(bin), "attachment");
	ck_assert_str_eq(mc_mime_part_filename(bin), "\xc3\xa9t\xc3\xa9.bin");
	ck_assert_str_eq(mc_mime_part_param(bin, "name"), "a.bin");
	p = mc_mime_part_content(bin, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(p, "\x00\x01\x02\xff", 4);

	rfc = child(root, 2);
	ck_assert_int_eq(mc_mime_part_kind_of(rfc), MC_MIME_MESSAGE);
	ck_assert_uint_eq(mc_mime_part_child_count(rfc), 1);
	assert_content(child(rfc, 0), "inner body");
	ck_assert_ptr_eq(mc_mime_part_parent(child(rfc, 0)), rfc);
	ck_assert_uint_eq(mc_mime_part_depth(child(rfc, 0)), 2);
	ck_assert_str_eq(mc_mime_part_content_type(child(rfc, 0)), "text/plain");
	ck_assert_uint_eq(mc_mime_message_defect_count(m), 0);
	mc_mime_message_free(m);
}
END_TEST

/* ------------------------------------------------------------ M1 - M16 */

/* M1: nesting far past the limit: opaque below it, a critical defect, exact write-back. */
START_TEST(test_m1_deep_nesting)
{
	const size_t levels = 100000;
	char *msg = NULL;
	size_t len = 0, i;
	mc_mime_message *m;
	const mc_mime_part *p;
	unsigned depth = 0;

	for (i = 0; i < levels; i++) {
		char line[96];
		int n = snprintf(line, sizeof line,
		                 i % 2 ? "Content-Type: message/rfc822\n\n"
		                       : "Content-Type: multipart/mixed; boundary=\"b%zu-\"\n\n--b%zu-\n",
		                 i, i);
		grow_append(&msg, &len, line, (size_t)n);
	}
	grow_append(&msg, &len, "deepest\n", 8);
	m = parse_ok(msg, len, NULL);
	ck_assert(has_defect(m, MC_MIME_LIMIT_DEPTH, MC_MIME_CRITICAL));
	for (p = mc_mime_message_root(m); mc_mime_part_child_count(p) > 0; p = child(p, 0))
		depth++;
	ck_assert_uint_eq(depth, 100);
	ck_assert_uint_le(mc_mime_message_part_count(m), 101);
	mc_mime_message_free(m);
	free(msg);
}
END_TEST

/* M2: a flood of tiny parts: the part limit, then the rest kept as bytes. */
START_TEST(test_m2_many_parts)
{
	char *msg = NULL;
	size_t len = 0, i;
	mc_mime_message *m;
	mc_mime_config cfg;

	grow_append(&msg, &len, "Content-Type: multipart/mixed; boundary=x\n\n", 43);
	for (i = 0; i < 100000; i++)
		grow_append(&msg, &len, "--x\n\na\n", 7);
	grow_append(&msg, &len, "--x--\n", 6);
	m = parse_ok(msg, len, NULL);
	ck_assert_uint_eq(mc_mime_message_part_count(m), 10000);
	ck_assert(has_defect(m, MC_MIME_LIMIT_PARTS, MC_MIME_CRITICAL));
	mc_mime_message_free(m);

	mc_mime_config_default(&cfg);
	cfg.max_parts = 200000;
	m = parse_ok(msg, len, &cfg);
	ck_assert_uint_eq(mc_mime_part_child_count(mc_mime_message_root(m)), 100000);
	ck_assert_uint_eq(mc_mime_message_defect_count(m), 0);
	assert_content(child(mc_mime_message_root(m), 99999), "a");
	mc_mime_message_free(m);
	free(msg);
}
END_TEST

/* M3: thousands of fields, and one field folded over thousands of lines. */
START_TEST(test_m3_many_headers)
{
	char *msg = NULL;
	size_t len = 0, i;
	mc_mime_message *m;
	mc_mime_config cfg;

	for (i = 0; i < 10000; i++)
		grow_append(&msg, &len, "X-A: b\n", 7);
	grow_append(&msg, &len, "\nbody\n", 6);
	m = parse_ok(msg, len, NULL);
	ck_assert_uint_eq(mc_mime_part_header_count(mc_mime_message_root(m)), 1000);
	ck_assert(has_defect(m, MC_MIME_LIMIT_HEADERS, MC_MIME_CRITICAL));
	assert_content(mc_mime_message_root(m), "body\n");
	mc_mime_message_free(m);
	free(msg);

	msg = NULL;
	len = 0;
	grow_append(&msg, &len, "Subject: a\n", 11);
	for (i = 0; i < 100000; i++)
		grow_append(&msg, &len, " folded\n", 8);
	grow_append(&msg, &len, "\nbody\n", 6);
	mc_mime_config_default(&cfg);
	cfg.max_header_bytes = 10000;
	m = parse_ok(msg, len, &cfg);
	ck_assert(has_defect(m, MC_MIME_LIMIT_HEADER_BYTES, MC_MIME_CRITICAL));
	assert_content(mc_mime_message_root(m), "body\n");
	mc_mime_message_free(m);
	free(msg);
}
END_TEST

/* M4: a 4 MB header line with no line end, fed in pieces: bounded, then the body. */
START_TEST(test_m4_huge_line)
{
	const size_t n = 4u << 20;
	char *msg = malloc(n + 64);
	struct trace t;
	size_t cuts[64], k, len;

	memcpy(msg, "Subject: ", 9);
	memset(msg + 9, 'x', n);
	memcpy(msg + 9 + n, "\nContent-Type: text/plain\n\nbody\n", 32);
	len = 9 + n + 32;
	for (k = 0; k < 64; k++)
		cuts[k] = (k + 1) * (len / 65);
	parse_split(msg, len, cuts, 64, NULL, &t);
	ck_assert_ptr_nonnull(strstr(t.parts[0].defects, "limit-line 1"));
	ck_assert_uint_eq(t.parts[0].body_len, 5);
	ck_assert_mem_eq(t.parts[0].body, "body\n", 5);
	trace_free(&t);
	free(msg);
}
END_TEST

/* M5: two boundaries, or a plain one and an RFC 2231 one: the first, flagged critical. */
START_TEST(test_m5_conflicting_boundary)
{
	static const char *const msgs[] = {
		"Content-Type: multipart/mixed; boundary=one; boundary=two\n\n--one\n\nA\n--two\n\nB\n--one--\n",
		"Content-Type: multipart/mixed; boundary=one; boundary*0=tw; boundary*1=o\n\n--one\n\nA\n--two\n\nB\n--one--\n",
	};
	size_t k;

	for (k = 0; k < 2; k++) {
		mc_mime_message *m = parse_ok(msgs[k], strlen(msgs[k]), NULL);
		const mc_mime_part *root = mc_mime_message_root(m);
		ck_assert(has_defect(m, MC_MIME_DUPLICATE_PARAM, MC_MIME_CRITICAL));
		ck_assert_str_eq(mc_mime_part_param(root, "boundary"), "one");
		ck_assert_uint_eq(mc_mime_part_child_count(root), 1);
		assert_content(child(root, 0), "A\n--two\n\nB");
		mc_mime_message_free(m);
	}
}
END_TEST

/* M6: duplicate Content-Type and Content-Transfer-Encoding: the first, flagged critical. */
START_TEST(test_m6_duplicate_headers)
{
	static const char msg[] = "Content-Type: text/plain\nContent-Type: application/zip\n"
	                          "Content-Transfer-Encoding: base64\n"
	                          "Content-Transfer-Encoding: quoted-printable\n\nYWJj\n";
	mc_mime_message *m = parse_ok(msg, sizeof msg - 1, NULL);
	const mc_mime_part *root = mc_mime_message_root(m);

	ck_assert(has_defect(m, MC_MIME_DUPLICATE_HEADER, MC_MIME_CRITICAL));
	ck_assert_str_eq(mc_mime_part_content_type(root), "text/plain");
	ck_assert_int_eq(mc_mime_part_encoding(root), MC_MIME_BASE64);
	assert_content(root, "abc");
	mc_mime_message_free(m);
}
END_TEST

/* M7: missing, empty, long, blank-ended boundaries, and one that is a prefix of its parent's. */
START_TEST(test_m7_bad_boundaries)
{
	static const struct {
		const char *msg;
		mc_mime_defect_kind kind;
		mc_mime_severity sev;
		mc_mime_part_kind root_kind;
	} cases[] = {
		{ "Content-Type: multipart/mixed\n\n--x\n\nA\n--x--\n", MC_MIME_NO_BOUNDARY,
		  MC_MIME_CRITICAL, MC_MIME_LEAF },
		{ "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\nA\n", MC_MIME_NO_BOUNDARY,
		  MC_MIME_CRITICAL, MC_MIME_LEAF },
		{ "Content-Type: multipart/mixed; boundary=\"0123456789012345678901234567890123456789"
		  "0123456789012345678901234567890\"\n\n--01234567890123456789012345678901234567890123456"
		  "789012345678901234567890\n\nA\n", MC_MIME_BAD_BOUNDARY, MC_MIME_WARNING,
		  MC_MIME_MULTIPART },
		{ "Content-Type: multipart/mixed; boundary=\"ab \"\n\n--ab \n\nA\n--ab --\n",
		  MC_MIME_BAD_BOUNDARY, MC_MIME_WARNING, MC_MIME_MULTIPART },
		{ "Content-Type: multipart/mixed; boundary=abc\n\n--abc\nContent-Type: multipart/mixed; "
		  "boundary=ab\n\n--ab\n\nA\n--ab--\n--abc--\n", MC_MIME_BOUNDARY_PREFIX, MC_MIME_WARNING,
		  MC_MIME_MULTIPART },
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		mc_mime_message *m = parse_ok(cases[k].msg, strlen(cases[k].msg), NULL);
		ck_assert_msg(has_defect(m, cases[k].kind, cases[k].sev), "case %zu", k);
		ck_assert_int_eq(mc_mime_part_kind_of(mc_mime_message_root(m)), cases[k].root_kind);
		mc_mime_message_free(m);
	}
}
END_TEST

/* M8: no line end before the first delimiter, look-alikes, a missing close delimiter. */
START_TEST(test_m8_truncated)
{
	static const char msg[] = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n-- b is "
	                          "body\n- -b\n--b\n\nsecond\n--b-";
	mc_mime_message *m = parse_ok(msg, sizeof msg - 1, NULL);
	const mc_mime_part *root = mc_mime_message_root(m);
	size_t len;

	ck_assert(has_defect(m, MC_MIME_NO_CLOSE_BOUNDARY, MC_MIME_WARNING));
	ck_assert_uint_eq(mc_mime_part_child_count(root), 3);
	assert_content(child(root, 0), "-- b is body\n- -b");
	assert_content(child(root, 1), "second");
	assert_content(child(root, 2), "");
	ck_assert_ptr_nonnull(mc_mime_part_preamble(root, &len));
	ck_assert_uint_eq(len, 0);
	mc_mime_message_free(m);
}
END_TEST

/* M9: an unknown transfer encoding passes through; base64 on a multipart is flagged. */
START_TEST(test_m9_odd_encodings)
{
	static const char a[] = "Content-Transfer-Encoding: x-gzip64\n\nH4sI\n";
	static const char b[] = "Content-Type: multipart/mixed; boundary=q\n"
	                        "Content-Transfer-Encoding: base64\n\n--q\n\nA\n--q--\n";
	mc_mime_message *m = parse_ok(a, sizeof a - 1, NULL);

	ck_assert(has_defect(m, MC_MIME_UNKNOWN_ENCODING, MC_MIME_WARNING));
	ck_assert_int_eq(mc_mime_part_encoding(mc_mime_message_root(m)), MC_MIME_UNKNOWN_CTE);
	assert_content(mc_mime_message_root(m), "H4sI\n");
	mc_mime_message_free(m);
	m = parse_ok(b, sizeof b - 1, NULL);
	ck_assert(has_defect(m, MC_MIME_MULTIPART_ENCODING, MC_MIME_WARNING));
	assert_content(child(mc_mime_message_root(m), 0), "A");
	mc_mime_message_free(m);
}
END_TEST

/* M10: base64 and QP bodies with defects: decoded leniently, flagged, raw bytes kept. */
START_TEST(test_m10_body_defects)
{
	static const char a[] = "Content-Transfer-Encoding: base64\n\nYW*Jj\nZA\n";
	static const char b[] = "Content-Transfer-Encoding: quoted-printable\n\na=4g b=\n";
	mc_mime_message *m = parse_ok(a, sizeof a - 1, NULL);
	size_t i;

	assert_content(mc_mime_message_root(m), "abcd");
	ck_assert(has_defect(m, MC_MIME_BODY_ENCODING, MC_MIME_WARNING));
	for (i = 0; i < mc_mime_message_defect_count(m); i++)
		if (mc_mime_message_defect(m, i)->kind == MC_MIME_BODY_ENCODING)
			ck_assert_uint_eq(mc_mime_message_defect(m, i)->offset, 37); /* the '*' */
	mc_mime_message_free(m);
	m = parse_ok(b, sizeof b - 1, NULL);
	assert_content(mc_mime_message_root(m), "a=4g b");
	ck_assert(has_defect(m, MC_MIME_BODY_ENCODING, MC_MIME_WARNING));
	mc_mime_message_free(m);
}
END_TEST

/* M13: an unbalanced quote or comment in a parameter ends; M12: long runs stay linear. */
START_TEST(test_m12_m13_hostile_params)
{
	static const char *const values[] = {
		"text/plain; name=\"unterminated", "text/plain; (comment (nested; x=y",
		"text/plain; ;;;; ; =; x", "text/plain; a*0*=us-ascii'en'%4", "text/plain; name*=bogus''x",
	};
	size_t k;

	for (k = 0; k < sizeof values / sizeof values[0]; k++) {
		char msg[256];
		int n = snprintf(msg, sizeof msg, "Content-Type: %s\n\nbody\n", values[k]);
		mc_mime_message *m = parse_ok(msg, (size_t)n, NULL);
		assert_content(mc_mime_message_root(m), "body\n");
		mc_mime_message_free(m);
	}
	{
		const size_t n = 1u << 20;
		char *msg = malloc(n + 64);
		mc_mime_message *m;
		size_t len;
		memcpy(msg, "Content-Type: text/plain; a=", 28);
		memset(msg + 28, '(', n);
		for (k = 0; k < n; k += 7)
			msg[28 + k] = ';';
		memcpy(msg + 28 + n, "\n\nbody\n", 7);
		len = 28 + n + 7;
		m = parse_ok(msg, len, NULL);
		assert_content(mc_mime_message_root(m), "body\n");
		mc_mime_message_free(m);
		free(msg);
	}
}
END_TEST

/* M14: NUL, 8-bit and control bytes in headers: kept as they are, flagged. */
START_TEST(test_m14_8bit_headers)
{
	static const char msg[] = "Subject: caf\xc3\xa9 \x01 x\0y\nX: \xff\n\nbody\n";
	mc_mime_message *m = parse_ok(msg, sizeof msg - 1, NULL);
	const mc_mime_header *h = mc_mime_part_find_header(mc_mime_message_root(m), "subject");
	size_t len;
	const char *block = mc_mime_part_header_block(mc_mime_message_root(m), &len);

	ck_assert(has_defect(m, MC_MIME_HEADER_8BIT, MC_MIME_WARNING));
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(h->raw_len, 21);
	ck_assert_mem_eq(h->raw, "Subject: caf\xc3\xa9 \x01 x\0y\n", 21);
	ck_assert_uint_eq(len, 27);
	ck_assert_mem_eq(block, msg, 27);
	mc_mime_message_free(m);
}
END_TEST

/* M15: nested messages of base64 past the decoded-bytes limit. */
START_TEST(test_m15_decoded_bomb)
{
	char *msg = NULL;
	size_t len = 0, i;
	mc_mime_config cfg;
	mc_mime_message *m;
	uint64_t total = 0;
	const mc_mime_part *p;

	for (i = 0; i < 20; i++)
		grow_append(&msg, &len, "Content-Type: message/rfc822\n\n", 30);
	grow_append(&msg, &len, "Content-Transfer-Encoding: base64\n\n", 35);
	for (i = 0; i < 20000; i++)
		grow_append(&msg, &len, "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n",
		            77);
	mc_mime_config_default(&cfg);
	cfg.max_decoded = 100000;
	m = parse_ok(msg, len, &cfg);
	ck_assert(has_defect(m, MC_MIME_LIMIT_DECODED, MC_MIME_CRITICAL));
	for (p = mc_mime_message_root(m); mc_mime_part_child_count(p) > 0; p = child(p, 0))
		;
	mc_mime_part_content(p, &len);
	total = len;
	ck_assert_uint_eq(total, 100000);
	mc_mime_message_free(m);
	free(msg);
}
END_TEST

/*
 * M16: every scanner at the very end of an exact-size buffer: the input
 * cut after each byte of constructs that need lookahead (ASan sees any
 * read past the end).
 */
START_TEST(test_m16_cut_everywhere)
{
	static const char msg[] =
		"Content-Type: multipart/mixed; boundary*0*=utf-8''%41%42; boundary*1=\"\\\"q\" (c\\)\n"
		"Content-Disposition: attachment; filename=\"a\\\\b\"\n"
		"Content-Transfer-Encoding: quoted-printable\n\n"
		"pre\n--AB\"q\nContent-Transfer-Encoding: base64\n\nYW=\n--AB\"q--\n";
	size_t cut;

	for (cut = 0; cut <= sizeof msg - 1; cut++)
		mc_mime_message_free(parse_ok(msg, cut, NULL));
}
END_TEST

/* RFC 2047: B and Q, charsets, joined words, what is kept and flagged. */
START_TEST(test_encoded_words)
{
	static const struct {
		const char *in, *out;
		unsigned flags;
	} cases[] = {
		{ "=?utf-8?q?caf=C3=A9?=", "caf\xc3\xa9", 0 },
		{ "=?ISO-8859-1?B?Y2Fm6Q==?=", "caf\xc3\xa9", 0 },
		{ "Re: =?utf-8?q?a_b?= c", "Re: a b c", 0 },
		{ "=?utf-8?q?a?= \t =?utf-8?q?b?=", "ab", 0 },
		{ "=?utf-8?q?=C3?= =?UTF-8?q?=A9?=", "\xc3\xa9", 0 },
		{ "=?iso-8859-1?q?=E9?= =?utf-8?q?=C3=A9?=", "\xc3\xa9\xc3\xa9", 0 },
		{ "=?utf-8*en?q?hi?=", "hi", 0 },
		{ "=?x-no-such-charset?q?a?=", "=?x-no-such-charset?q?a?=", MC_MIME_WORDS_CHARSET },
		{ "=?utf-8?b?*?*?= x", "=?utf-8?b?*?*?= x", MC_MIME_WORDS_BAD },
		{ "=?utf-8?q?=C3?=", "=?utf-8?q?=C3?=", MC_MIME_WORDS_CHARSET },
		{ "caf\xc3\xa9", "caf\xc3\xa9", MC_MIME_WORDS_8BIT },
		{ "=?utf-8?q?unterminated", "=?utf-8?q?unterminated", 0 },
		{ "=??q?x?= =?utf-8?x?y?=", "=??q?x?= =?utf-8?x?y?=", 0 },
		{ "", "", 0 },
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t len = strlen(cases[k].in), cap, w;
		char *in = exact_copy(cases[k].in, len), *out;
		unsigned flags;

		ck_assert_int_eq(mc_mime_words_max_length(len, &cap), MC_OK);
		out = malloc(cap);
		ck_assert_int_eq(mc_mime_decode_words(in, len, out, cap, &w, &flags), MC_OK);
		ck_assert_msg(w == strlen(cases[k].out) && strcmp(out, cases[k].out) == 0,
		              "case %zu: \"%s\"", k, out);
		ck_assert_msg(flags == cases[k].flags, "case %zu: flags %u", k, flags);
		ck_assert_int_eq(mc_mime_decode_words(in, len, out, cap - 1, &w, &flags),
		                 MC_ERR_BUFFER_TOO_SMALL);
		free(out);
		free(in);
	}
}
END_TEST

START_TEST(test_header_value)
{
	static const char msg[] = "Subject:  =?utf-8?q?caf=C3=A9?=\r\n =?utf-8?q?_au_lait?= \r\n\r\n";
	mc_mime_message *m = parse_ok(msg, sizeof msg - 1, NULL);
	const mc_mime_header *h = mc_mime_part_header(mc_mime_message_root(m), 0);
	char out[256];
	size_t w;

	ck_assert_uint_eq(h->name_len, 7);
	ck_assert_int_eq(mc_mime_header_value(h, out, sizeof out, &w, NULL), MC_OK);
	ck_assert_str_eq(out, "caf\xc3\xa9 au lait");
	mc_mime_message_free(m);
	/* folded right after the name: the fold's blank is not part of the value */
	m = parse_ok("Subject:\r\n =?utf-8?q?x?= \r\n\r\n", 27, NULL);
	h = mc_mime_part_header(mc_mime_message_root(m), 0);
	ck_assert_int_eq(mc_mime_header_value(h, out, sizeof out, &w, NULL), MC_OK);
	ck_assert_str_eq(out, "x");
	mc_mime_message_free(m);
}
END_TEST

/* M12: 100000 encoded words in a row decode in one pass. */
START_TEST(test_m12_many_words)
{
	const size_t n = 100000;
	char *in = malloc(n * 16 + 1), *out;
	size_t len = 0, k, cap, w;

	for (k = 0; k < n; k++) {
		memcpy(in + len, "=?utf-8?q?ab?= ", 15);
		len += 15;
	}
	mc_mime_words_max_length(len, &cap);
	out = malloc(cap);
	ck_assert_int_eq(mc_mime_decode_words(in, len, out, cap, &w, NULL), MC_OK);
	ck_assert_uint_eq(w, 2 * n + 1); /* the last blank is not between two words */
	free(out);
	free(in);
}
END_TEST

struct addrs {
	char text[1024];
	size_t len;
};

static int count_addr(void *ctx, const mc_mime_address *a)
{
	(void)a;
	((struct addrs *)ctx)->len++;
	return 0;
}

static int add_addr(void *ctx, const mc_mime_address *a)
{
	struct addrs *x = ctx;
	int n = snprintf(x->text + x->len, sizeof x->text - x->len, "[%s|%s|%s|%s]", a->name, a->local,
	                 a->domain, a->group ? a->group : "-");

	x->len += (size_t)n;
	return 0;
}

/* M11: addresses parsed strictly; the CVE inputs are errors, never a guessed address. */
START_TEST(test_m11_addresses)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "alice@example.org", "[|alice|example.org|-]" },
		{ "Alice Liddell <alice@example.org>, bob@example.com (Bob)",
		  "[Alice Liddell|alice|example.org|-][|bob|example.com|-]" },
		{ "\"Liddell, Alice\" <\"a b\"@[192.0.2.1]>", "[Liddell, Alice|a b|[192.0.2.1]|-]" },
		{ "John Q. Public <jqp@example.net>", "[John Q. Public|jqp|example.net|-]" },
		{ "=?utf-8?q?Ren=C3=A9?= <r@example.fr>", "[Ren\xc3\xa9|r|example.fr|-]" },
		{ "friends: a@x.org, B <b@y.org>;, c@z.org",
		  "[|a|x.org|friends][B|b|y.org|friends][|c|z.org|-]" },
		{ "undisclosed-recipients:;", "" },
		{ " first.last @ example.org ", "[|first.last|example.org|-]" },
	};
	static const struct {
		const char *in;
		size_t at;
	} bad[] = {
		{ "alice@example.org(<bob@example.com>", 17 }, /* CVE-2023-27043 */
		{ "alice@example.org@evil.example", 17 },
		{ "a@b, ", 5 },
		{ "", 0 },
		{ "Alice <alice@example.org", 24 },
		{ "\"unterminated <a@b>", 0 },
		{ "a@[1.2.3.4", 2 },
		{ "a..b@example.org", 2 },
		{ "no-at-sign", 10 },
		{ "a@b,,c@d", 4 },
	};
	size_t k, at;

	for (k = 0; k < sizeof good / sizeof good[0]; k++) {
		struct addrs x = { "", 0 };
		char *in = exact_copy(good[k].in, strlen(good[k].in));
		ck_assert_int_eq(mc_mime_parse_addresses(in, strlen(good[k].in), add_addr, &x, &at), MC_OK);
		ck_assert_msg(strcmp(x.text, good[k].out) == 0, "good %zu: %s", k, x.text);
		free(in);
	}
	for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		struct addrs x = { "", 0 };
		char *in = exact_copy(bad[k].in, strlen(bad[k].in));
		ck_assert_int_eq(mc_mime_parse_addresses(in, strlen(bad[k].in), add_addr, &x, &at),
		                 MC_ERR_BAD_ADDRESS);
		ck_assert_msg(at == bad[k].at, "bad %zu: offset %zu", k, at);
		free(in);
	}
}
END_TEST

/* M12: a long address list and a deep comment take one pass. */
START_TEST(test_m12_long_lists)
{
	const size_t n = 100000;
	char *in = malloc(n * 12 + 4);
	size_t len = 0, k, at;
	struct addrs x = { "", 0 };

	for (k = 0; k < n; k++) {
		memcpy(in + len, "a@b.example,", 12);
		len += 12;
	}
	len--;
	ck_assert_int_eq(mc_mime_parse_addresses(in, len, count_addr, &x, &at), MC_OK);
	ck_assert_uint_eq(x.len, n);
	memset(in, '(', len);
	ck_assert_int_eq(mc_mime_parse_addresses(in, len, count_addr, &x, &at), MC_ERR_BAD_ADDRESS);
	free(in);
}
END_TEST

START_TEST(test_api)
{
	mc_mime_config cfg;
	mc_mime_message *m;

	mc_mime_config_default(&cfg);
	cfg.max_depth = 2000;
	ck_assert_int_eq(mc_mime_parse("x", 1, &cfg, &m), MC_ERR_INVALID_ARGUMENT);
	ck_assert_ptr_null(mc_mime_parser_new(&cfg, on_event, NULL));
	mc_mime_config_default(&cfg);
	cfg.isa = MC_ISA_COUNT;
	ck_assert_int_eq(mc_mime_parse("x", 1, &cfg, &m), MC_ERR_INVALID_ARGUMENT);
	ck_assert_int_eq(mc_mime_parse(NULL, 1, NULL, &m), MC_ERR_INVALID_ARGUMENT);
	ck_assert_ptr_null(mc_mime_parser_new(NULL, NULL, NULL));
	ck_assert_str_eq(mc_mime_defect_name(MC_MIME_LIMIT_DECODED), "limit-decoded");
	ck_assert_ptr_null(mc_mime_defect_name(MC_MIME_DEFECT_KINDS));
	m = parse_ok("", 0, NULL);
	ck_assert_str_eq(mc_mime_part_content_type(mc_mime_message_root(m)), "text/plain");
	mc_mime_message_free(m);
}
END_TEST

static TCase *tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return tc;
}

int main(void)
{
	Suite *s = suite_create("mime");
	TCase *tc = tcase(s, "invariance");

	tcase_add_loop_test(tc, test_chunk_invariance_files, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_chunk_invariance_generated, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_test(tc, test_one_byte_feeding);
	tcase_add_test(tc, test_long_line_split);
	tc = tcase(s, "tree");
	tcase_add_test(tc, test_tree_files);
	tcase_add_test(tc, test_structure);
	tcase_add_test(tc, test_api);
	tc = tcase(s, "limits");
	tcase_add_test(tc, test_m1_deep_nesting);
	tcase_add_test(tc, test_m2_many_parts);
	tcase_add_test(tc, test_m3_many_headers);
	tcase_add_test(tc, test_m4_huge_line);
	tcase_add_test(tc, test_m15_decoded_bomb);
	tc = tcase(s, "rows");
	tcase_add_test(tc, test_m5_conflicting_boundary);
	tcase_add_test(tc, test_m6_duplicate_headers);
	tcase_add_test(tc, test_m7_bad_boundaries);
	tcase_add_test(tc, test_m8_truncated);
	tcase_add_test(tc, test_m9_odd_encodings);
	tcase_add_test(tc, test_m10_body_defects);
	tcase_add_test(tc, test_m12_m13_hostile_params);
	tcase_add_test(tc, test_m14_8bit_headers);
	tcase_add_test(tc, test_m16_cut_everywhere);
	tcase_add_test(tc, test_encoded_words);
	tcase_add_test(tc, test_header_value);
	tcase_add_test(tc, test_m12_many_words);
	tcase_add_test(tc, test_m11_addresses);
	tcase_add_test(tc, test_m12_long_lists);
	report_skipped();
	return run_suite(s);
}
