/*
 * quoted-printable suite: the encoder's rules, rows Q1-Q10 of the
 * reliability checklist, the classic tools' outputs decoded, round trips
 * and streaming with splits at every position.
 */
#include "testutil.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

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

static char *qp_encode_exact(const void *src, size_t len, const mc_qp_config *cfg, size_t *outlen)
{
	size_t cap, w;
	char *out;
	void *in = exact_copy(src, len);

	ck_assert_int_eq(mc_qp_encoded_max_length(len, cfg, &cap), MC_OK);
	out = malloc(cap);
	ck_assert_int_eq(mc_qp_encode(in, len, out, cap, &w, cfg), MC_OK);
	free(in);
	*outlen = w;
	return out;
}

static uint8_t *qp_decode_exact(const char *src, size_t len, const mc_qp_config *cfg,
                                mc_status *st, mc_qp_result *res)
{
	size_t cap;
	char *in = exact_copy(src, len);
	uint8_t *out;

	mc_qp_decoded_max_length(len, cfg, &cap);
	out = malloc(cap ? cap : 1);
	*st = mc_qp_decode(in, len, out, cap, res, cfg);
	free(in);
	return out;
}

/* Every line at most width characters; no blank before a line end. */
static void check_lines(const char *s, size_t n, unsigned width)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			size_t end = i > start && s[i - 1] == '\r' ? i - 1 : i;
			ck_assert_msg(end - start <= width, "line of %zu characters", end - start);
			if (end > start)
				ck_assert_msg(s[end - 1] != ' ' && s[end - 1] != '\t', "blank at line end");
			start = i + 1;
		}
	}
}

/* ---------------------------------------------------------------- encoder */

START_TEST(test_encoder_rules)
{
	static const struct {
		const char *in;
		unsigned flags;
		const char *out;
	} cases[] = {
		{ "", 0, "" },
		{ "abc", 0, "abc" },
		{ "a=b", 0, "a=3Db" },
		{ "caf\xc3\xa9", 0, "caf=C3=A9" },
		{ "a \n", 0, "a=20\n" },
		{ "a\t\r\n", 0, "a=09\n" },
		{ "a ", 0, "a=20" },
		{ "a b\n", 0, "a b\n" },
		{ "a\rb", 0, "a=0Db" },
		{ "a\r\nb\nc", 0, "a\nb\nc" },
		{ "a\r\nb", MC_QP_BINARY, "a=0D=0Ab" },
		{ "From me\nFrom", MC_QP_PROTECT_FROM, "=46rom me\nFrom" },
		{ "xFrom me", MC_QP_PROTECT_FROM, "xFrom me" },
		{ ".\n..\n.", MC_QP_PROTECT_DOT, "=2E\n..\n=2E" },
		{ "\x7f\x00", 0, "=7F=00" },
	};
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		mc_qp_config cfg = { .isa = (mc_isa)_i, .flags = cases[k].flags };
		size_t len = strlen(cases[k].in) + (k == sizeof cases / sizeof cases[0] - 1), olen;
		char *out = qp_encode_exact(cases[k].in, len, &cfg, &olen);

		if (olen != strlen(cases[k].out) || memcmp(out, cases[k].out, olen) != 0)
			ck_abort_msg("case %zu: got '%.*s'", k, (int)olen, out);
		free(out);
	}
}
END_TEST

/* Q9: lines never over the width, =XX never split, a 76-character line kept whole. */
START_TEST(test_encoder_line_lengths)
{
	uint64_t seed = 3;
	uint8_t buf[3000];
	unsigned widths[] = { 0, 4, 5, 6, 10, 40, 70, 75, 76 };
	size_t w, len;
	char line76[77];

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, buf, sizeof buf);
	for (w = 0; w < sizeof widths / sizeof widths[0]; w++)
		for (len = 0; len < sizeof buf; len += 1 + len / 3) {
			mc_qp_config cfg = { .isa = (mc_isa)_i, .line_width = widths[w], .flags = MC_QP_BINARY, .eol = (int)(len & 1) };
			mc_qp_config strict = cfg;
			size_t olen;
			char *out = qp_encode_exact(buf, len, &cfg, &olen);
			mc_qp_result res;
			mc_status st;
			uint8_t *back;

			check_lines(out, olen, widths[w] ? widths[w] : 76);
			back = qp_decode_exact(out, olen, &strict, &st, &res);
			ck_assert_int_eq(st, MC_OK);
			ck_assert_uint_eq(res.written, len);
			ck_assert_mem_eq(back, buf, len);
			free(back);
			free(out);
		}
	memset(line76, 'x', 76);
	line76[76] = '\n';
	{
		mc_qp_config cfg = { .isa = (mc_isa)_i };
		size_t olen;
		char *out = qp_encode_exact(line76, 77, &cfg, &olen);
		ck_assert_uint_eq(olen, 77);
		free(out);
	}
}
END_TEST

/* Text round trips: LF text with LF out, CRLF text with CRLF out. */
START_TEST(test_text_round_trip)
{
	uint64_t seed = 8;
	char text[4000];
	size_t i, n = 0;
	int crlf;

	SKIP_UNSUPPORTED(_i);
	for (crlf = 0; crlf < 2; crlf++) {
		n = 0;
		while (n < sizeof text - 4) {
			uint64_t r = rng_next(&seed);
			if (r % 23 == 0) {
				if (crlf)
					text[n++] = '\r';
				text[n++] = '\n';
			} else {
				static const char pool[] = "abc xyz\t=.,;From 0123\x80\xff";
				text[n++] = pool[r % (sizeof pool - 1)];
			}
		}
		for (i = 0; i < 3; i++) {
			mc_qp_config cfg = { .isa = (mc_isa)_i, .eol = crlf, .flags = i == 1 ? MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT : 0,
			                     .line_width = i == 2 ? 20 : 0 };
			size_t olen;
			char *out = qp_encode_exact(text, n, &cfg, &olen);
			mc_qp_result res;
			mc_status st;
			uint8_t *back = qp_decode_exact(out, olen, &cfg, &st, &res);

			check_lines(out, olen, cfg.line_width ? cfg.line_width : 76);
			ck_assert_int_eq(st, MC_OK);
			ck_assert_uint_eq(res.written, n);
			ck_assert_mem_eq(back, text, n);
			free(back);
			free(out);
		}
	}
}
END_TEST

/* ---------------------------------------------------------------- decoder */

struct qcase {
	const char *in;
	mc_qp_mode mode;
	mc_status st;
	const char *out;
	int defect; /* index into mc_qp_defects, -1 none */
	unsigned long long at; /* error offset, or the defect's first offset */
};

enum { D_PAD, D_TRAIL, D_BAD, D_LOWER, D_LONG, D_RAW };

static const struct qcase qcases[] = {
	/* Q1 */
	{ "ab=\r\ncd", MC_QP_STRICT, MC_OK, "abcd", -1, 0 },
	{ "ab=\ncd", MC_QP_STRICT, MC_OK, "abcd", -1, 0 },
	/* Q2: transport padding */
	{ "ab= \t\ncd", MC_QP_LENIENT, MC_OK, "abcd", D_PAD, 3 },
	{ "ab= \r\ncd", MC_QP_LENIENT, MC_OK, "abcd", D_PAD, 3 },
	{ "ab= \t\ncd", MC_QP_STRICT, MC_ERR_TRAILING_SPACE, "ab", -1, 3 },
	/* Q3: trailing blanks on a hard line */
	{ "ab  \ncd", MC_QP_LENIENT, MC_OK, "ab\ncd", D_TRAIL, 2 },
	{ "ab \r\ncd", MC_QP_LENIENT, MC_OK, "ab\ncd", D_TRAIL, 2 },
	{ "ab ", MC_QP_LENIENT, MC_OK, "ab", D_TRAIL, 2 },
	{ "ab  \ncd", MC_QP_STRICT, MC_ERR_TRAILING_SPACE, "ab", -1, 2 },
	{ "a b\n", MC_QP_STRICT, MC_OK, "a b\n", -1, 0 },
	/* Q4: malformed escapes pass through */
	{ "a=G1b", MC_QP_LENIENT, MC_OK, "a=G1b", D_BAD, 1 },
	{ "a=4", MC_QP_LENIENT, MC_OK, "a=4", D_BAD, 1 },
	{ "ab=", MC_QP_LENIENT, MC_OK, "ab=", D_BAD, 2 },
	{ "a=4 b", MC_QP_LENIENT, MC_OK, "a=4 b", D_BAD, 1 },
	{ "a= b", MC_QP_LENIENT, MC_OK, "a= b", D_BAD, 1 },
	{ "a=G1b", MC_QP_STRICT, MC_ERR_BAD_ESCAPE, "a", -1, 1 },
	{ "ab=", MC_QP_STRICT, MC_ERR_BAD_ESCAPE, "ab", -1, 2 },
	/* Q5: lower-case hex */
	{ "=4a=4A", MC_QP_LENIENT, MC_OK, "JJ", D_LOWER, 0 },
	{ "=4a", MC_QP_STRICT, MC_ERR_BAD_ESCAPE, "", -1, 0 },
	/* Q7: stray bytes kept */
	{ "a\rb", MC_QP_LENIENT, MC_OK, "a\rb", D_RAW, 1 },
	{ "a\x80" "b", MC_QP_LENIENT, MC_OK, "a\x80" "b", D_RAW, 1 },
	{ "a\rb", MC_QP_STRICT, MC_ERR_INVALID_CHAR, "a", -1, 1 },
	{ "a\r", MC_QP_LENIENT, MC_OK, "a\r", D_RAW, 1 },
	{ "a \rb", MC_QP_LENIENT, MC_OK, "a \rb", D_RAW, 2 },
	/* mixed line ends are both line breaks */
	{ "a\r\nb\nc", MC_QP_STRICT, MC_OK, "a\nb\nc", -1, 0 },
	{ "=41=42=\r\n=43\r\n", MC_QP_STRICT, MC_OK, "ABC\n", -1, 0 },
};

static const mc_defect *qdefect(const mc_qp_defects *d, int k)
{
	const mc_defect *all[] = { &d->soft_break_padding, &d->trailing_space, &d->bad_escape,
	                           &d->lowercase_hex, &d->long_line, &d->raw_byte };
	return all[k];
}

START_TEST(test_q_rows)
{
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof qcases / sizeof qcases[0]; k++) {
		const struct qcase *c = &qcases[k];
		mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = c->mode };
		mc_qp_result res;
		mc_status st;
		uint8_t *out = qp_decode_exact(c->in, strlen(c->in), &cfg, &st, &res);

		if (st != c->st)
			ck_abort_msg("case %zu '%s': status %d, expected %d", k, c->in, st, c->st);
		if (st != MC_OK)
			ck_assert_uint_eq(res.error_offset, c->at);
		if (res.written != strlen(c->out) || memcmp(out, c->out, res.written) != 0)
			ck_abort_msg("case %zu '%s': output '%.*s'", k, c->in, (int)res.written, out);
		if (c->defect >= 0) {
			const mc_defect *d = qdefect(&res.defects, c->defect);
			if (d->count == 0 || d->first != c->at)
				ck_abort_msg("case %zu '%s': defect %d count %llu first %llu", k, c->in, c->defect,
				             (unsigned long long)d->count, (unsigned long long)d->first);
		} else if (st == MC_OK) {
			mc_qp_defects none;
			memset(&none, 0, sizeof none);
			ck_assert_mem_eq(&res.defects, &none, sizeof none);
		}
		free(out);
	}
}
END_TEST

/* Q6: long lines are accepted and counted, or an error in strict mode. */
START_TEST(test_long_lines)
{
	char line[200];
	mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = MC_QP_LENIENT };
	mc_qp_result res;
	mc_status st;
	uint8_t *out;

	SKIP_UNSUPPORTED(_i);
	memset(line, 'a', sizeof line);
	line[100] = '\n';
	out = qp_decode_exact(line, sizeof line, &cfg, &st, &res);
	ck_assert_int_eq(st, MC_OK);
	ck_assert_uint_eq(res.defects.long_line.count, 2);
	ck_assert_uint_eq(res.defects.long_line.first, 76);
	free(out);
	cfg.mode = MC_QP_STRICT;
	out = qp_decode_exact(line, 76, &cfg, &st, &res);
	ck_assert_int_eq(st, MC_OK);
	free(out);
	out = qp_decode_exact(line, 77, &cfg, &st, &res);
	ck_assert_int_eq(st, MC_ERR_LINE_TOO_LONG);
	ck_assert_uint_eq(res.error_offset, 76);
	free(out);
}
END_TEST

/* Blank runs longer than what is held are data, the same way in every split. */
START_TEST(test_long_blank_runs)
{
	size_t n = MC_QP_BLANKS_MAX * 2 + 10, cap;
	char *in;
	mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = MC_QP_LENIENT };
	mc_qp_result res;
	mc_status st;
	uint8_t *out;

	SKIP_UNSUPPORTED(_i);
	in = malloc(n + 2);
	in[0] = 'a';
	memset(in + 1, ' ', n);
	in[n + 1] = '\n';
	out = qp_decode_exact(in, n + 2, &cfg, &st, &res);
	ck_assert_int_eq(st, MC_OK);
	mc_qp_decoded_max_length(n + 2, &cfg, &cap);
	ck_assert_uint_le(res.written, cap);
	ck_assert_uint_eq(res.defects.trailing_space.count, 1);
	free(out);
	free(in);
}
END_TEST

/* The classic tools' outputs, decoded (lenient, LF line ends). */
START_TEST(test_classic_outputs)
{
	static const struct {
		const char *input, *variant;
		int eol, exact, strict_ok;
	} cases[] = {
		{ "text_lf.txt", "py_quopri", 0, 1, 1 },
		{ "text_crlf.txt", "py_quopri", 1, 1, 1 },
		{ "text_nofinalnl.txt", "py_quopri", 0, 1, 1 },
		/* Python leaves CR raw in binary input: kept in lenient mode, rejected in strict */
		{ "allbytes.bin", "py_quopri", 0, 1, 0 },
		{ "rand1000.bin", "py_quopri", 0, 1, 0 },
		/* qprint writes CRLF and a soft break at the very end */
		{ "text_lf.txt", "qprint_e", 0, 1, 1 },
		{ "text_crlf.txt", "qprint_e", 1, 1, 1 },
		{ "text_nofinalnl.txt", "qprint_e", 0, 1, 1 },
		/* qprint -e reads CR and LF in binary input as line breaks: not reversible */
		{ "allbytes.bin", "qprint_e", 0, 0, 1 },
		{ "allbytes.bin", "qprint_eb", 0, 1, 1 },
		{ "rand1000.bin", "qprint_eb", 0, 1, 1 },
		/* mimencode -q: CR as =0D, blanks before the line end as "=" LF then LF */
		{ "text_lf.txt", "mimencode_q", 0, 1, 1 },
		{ "text_crlf.txt", "mimencode_q", 0, 1, 1 },
		{ "allbytes.bin", "mimencode_q", 0, 1, 1 },
	};
	const char *top = getenv("top_srcdir");
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char path[4096];
		size_t inlen, enclen;
		char *in, *enc;
		mc_qp_config cfg = { .isa = (mc_isa)_i, .eol = cases[k].eol, .mode = MC_QP_LENIENT };
		mc_qp_result res;
		mc_status st;
		uint8_t *out;

		snprintf(path, sizeof path, "%s/tests/data/golden/inputs/%s", top ? top : ".", cases[k].input);
		in = slurp(path, &inlen);
		snprintf(path, sizeof path, "%s/tests/data/golden/out/%s.%s", top ? top : ".",
		         cases[k].input, cases[k].variant);
		enc = slurp(path, &enclen);
		out = qp_decode_exact(enc, enclen, &cfg, &st, &res);
		ck_assert_int_eq(st, MC_OK);
		if (cases[k].exact != (res.written == inlen && memcmp(out, in, inlen) == 0))
			ck_abort_msg("%s: exact round trip expected %d", path, cases[k].exact);
		free(out);
		cfg.mode = MC_QP_STRICT;
		out = qp_decode_exact(enc, enclen, &cfg, &st, &res);
		ck_assert_msg((st == MC_OK) == cases[k].strict_ok, "%s: strict status %d", path, st);
		free(out);
		free(in);
		free(enc);
	}
}
END_TEST

/* Every byte value at every offset of a vector: every path as scalar, both ways. */
START_TEST(test_every_byte_every_offset)
{
	char text[200];
	size_t pos, k;
	int c, mode;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof text; k++)
		text[k] = "The quick brown fox =41 jumps\r\nover"[k % 36];
	for (mode = 0; mode < 2; mode++)
		for (c = 0; c < 256; c++)
			for (pos = 0; pos < 70; pos += 1 + (size_t)(c % 3)) {
				mc_qp_config cfg = { .mode = mode, .flags = mode ? MC_QP_BINARY : 0 };
				mc_qp_config ref = cfg;
				char saved = text[pos];
				mc_qp_result r1, r2;
				mc_status s1, s2;
				size_t l1, l2;
				uint8_t *d1, *d2;
				char *e1, *e2;

				text[pos] = (char)c;
				cfg.isa = (mc_isa)_i;
				ref.isa = MC_ISA_SCALAR;
				d1 = qp_decode_exact(text, sizeof text, &ref, &s1, &r1);
				d2 = qp_decode_exact(text, sizeof text, &cfg, &s2, &r2);
				ck_assert_int_eq(s1, s2);
				ck_assert_uint_eq(r1.written, r2.written);
				ck_assert_uint_eq(r1.error_offset, r2.error_offset);
				ck_assert_mem_eq(&r1.defects, &r2.defects, sizeof r1.defects);
				ck_assert_mem_eq(d1, d2, r1.written);
				e1 = qp_encode_exact(text, sizeof text, &ref, &l1);
				e2 = qp_encode_exact(text, sizeof text, &cfg, &l2);
				ck_assert_uint_eq(l1, l2);
				ck_assert_mem_eq(e1, e2, l1);
				text[pos] = saved;
				free(d1);
				free(d2);
				free(e1);
				free(e2);
			}
}
END_TEST

/* ---------------------------------------------------------------- streaming */

/* Q8: every split point; chunks of every size 1-100 and random ones. */
START_TEST(test_stream_decoder)
{
	static const char *const inputs[] = {
		"ab=\r\ncd=4", "a=4a=G1 \t\r\n= \r\nx=\r", "trailing  \t \r\n=41=\n=42\r\n\r\n",
		"From me\r\n.\r\n  \n", "=", "a\r", "=\r",
	};
	size_t k, step;
	int mode;

	SKIP_UNSUPPORTED(_i);
	for (mode = 0; mode < 2; mode++)
		for (k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
			const char *in = inputs[k];
			size_t len = strlen(in);
			mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = mode, .eol = (int)(k & 1) };
			mc_qp_result one;
			mc_status s1;
			uint8_t *o1 = qp_decode_exact(in, len, &cfg, &s1, &one);

			for (step = 1; step <= len + 1; step++) {
				mc_qp_decoder dec;
				mc_qp_result res;
				uint8_t out[4096];
				size_t pos, total = 0, w, bound;
				mc_status st = MC_OK;

				ck_assert_int_eq(mc_qp_decoder_init(&dec, &cfg), MC_OK);
				for (pos = 0; pos < len && st == MC_OK; pos += step) {
					size_t chunk = step < len - pos ? step : len - pos;
					char *piece = exact_copy(in + pos, chunk);
					mc_qp_decoder_bound(chunk, &dec, &bound);
					st = mc_qp_decoder_update(&dec, piece, chunk, out + total, bound, &w);
					total += w;
					free(piece);
				}
				st = mc_qp_decoder_final(&dec, out + total, MC_QP_DECODER_FINAL_MAX, &res);
				total += res.written;
				if (st != s1 || total != one.written || memcmp(out, o1, total) != 0 ||
				    (st != MC_OK && res.error_offset != one.error_offset) ||
				    memcmp(&res.defects, &one.defects, sizeof res.defects) != 0)
					ck_abort_msg("input %zu mode %d step %zu: status %d/%d written %zu/%zu", k,
					             mode, step, st, s1, total, one.written);
			}
			free(o1);
		}
}
END_TEST

START_TEST(test_stream_encoder)
{
	uint64_t seed = 44;
	char text[1500];
	size_t n, step, i;
	unsigned flags[] = { 0, MC_QP_BINARY, MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT };

	SKIP_UNSUPPORTED(_i);
	for (n = 0; n < sizeof text; n++) {
		static const char pool[] = "From .\r\n \t=abcdefgh\xe9\x01";
		text[n] = pool[rng_next(&seed) % (sizeof pool - 1)];
	}
	for (i = 0; i < 3; i++) {
		mc_qp_config cfg = { .isa = (mc_isa)_i, .flags = flags[i], .eol = (int)(i & 1), .line_width = i == 2 ? 9 : 0 };
		size_t olen;
		char *ref = qp_encode_exact(text, sizeof text, &cfg, &olen);

		for (step = 1; step <= 110; step++) {
			mc_qp_encoder enc;
			size_t pos = 0, total = 0, w, bound;
			char *out = malloc(olen + 4096);

			ck_assert_int_eq(mc_qp_encoder_init(&enc, &cfg), MC_OK);
			while (pos < sizeof text) {
				size_t chunk = step <= 100 ? step : 1 + rng_next(&seed) % 150;
				if (chunk > sizeof text - pos)
					chunk = sizeof text - pos;
				ck_assert_int_eq(mc_qp_encoder_bound(&enc, chunk, &bound), MC_OK);
				ck_assert_int_eq(mc_qp_encoder_update(&enc, text + pos, chunk, out + total, bound, &w), MC_OK);
				total += w;
				pos += chunk;
			}
			ck_assert_int_eq(mc_qp_encoder_final(&enc, out + total, MC_QP_ENCODER_FINAL_MAX, &w), MC_OK);
			total += w;
			ck_assert_uint_eq(total, olen);
			ck_assert_mem_eq(out, ref, olen);
			free(out);
		}
		free(ref);
	}
}
END_TEST

/*
 * Text that hits every rule of both directions: words, blank runs short
 * and longer than a window, CRLF, LF, lone CR, 8-bit and control bytes,
 * '=' with and without hex digits (upper and lower case), soft breaks with
 * and without padding, "From " and "." at line starts, lines far over 76.
 */
static size_t tricky_text(uint64_t *seed, char *buf, size_t cap)
{
	static const char *const pieces[] = {
		"word", "quoted-printable", " ", "\t", "\r\n", "\n", "\r", "\xc3\xa9", "\x01", "=",
		"=41", "=4a", "=G1", "=\r\n", "=\n", "= \t\r\n", "From ", ".", "\xff", "  \r\n",
	};
	size_t n = 0;

	while (n + 100 < cap) {
		uint64_t r = rng_next(seed);
		size_t k = r % 40, reps = 1, len;
		const char *p;

		if (k >= 20) { /* mostly plain text */
			p = "the mail with attachment for encoding ";
			reps = 1 + (r >> 8) % 3;
		} else {
			p = pieces[k];
			if (k <= 3 && (r >> 8) % 16 == 0)
				reps = 1 + (r >> 12) % 90; /* long words and blank runs */
		}
		len = strlen(p);
		while (reps-- > 0 && n + len < cap) {
			memcpy(buf + n, p, len);
			n += len;
		}
	}
	return n;
}

/* One call and one byte per call decode src alike: bytes, status, offset, defects. */
static void check_decoders_agree(const char *src, size_t len, const mc_qp_config *cfg,
                                 const char *label)
{
	mc_qp_decoder dec;
	mc_qp_result one, res = { 0 };
	mc_status s1, st = MC_OK;
	uint8_t *o1 = qp_decode_exact(src, len, cfg, &s1, &one);
	uint8_t *o2 = malloc(2 * len + MC_QP_DECODER_FINAL_MAX);
	size_t pos, total = 0, w, bound;

	ck_assert_int_eq(mc_qp_decoder_init(&dec, cfg), MC_OK);
	for (pos = 0; pos < len && st == MC_OK; pos++) {
		mc_qp_decoder_bound(1, &dec, &bound);
		st = mc_qp_decoder_update(&dec, src + pos, 1, o2 + total, bound, &w);
		total += w;
	}
	if (st == MC_OK) {
		st = mc_qp_decoder_final(&dec, o2 + total, MC_QP_DECODER_FINAL_MAX, &res);
		total += res.written;
	} else {
		mc_qp_decoder_final(&dec, o2 + total, MC_QP_DECODER_FINAL_MAX, &res);
	}
	ck_assert_msg(st == s1, "%s: status %d, one call %d", label, st, s1);
	/* on an error too: the bytes before it */
	ck_assert_msg(total == one.written && memcmp(o2, o1, total) == 0, "%s: decoders differ", label);
	ck_assert_msg(st == MC_OK || res.error_offset == one.error_offset,
	              "%s: error offset %llu, one call %llu", label,
	              (unsigned long long)res.error_offset, (unsigned long long)one.error_offset);
	ck_assert_msg(st != MC_OK || memcmp(&res.defects, &one.defects, sizeof res.defects) == 0,
	              "%s: defects differ", label);
	free(o1);
	free(o2);
}

/* One call and one byte per call encode src alike; returns the encoding. */
static char *check_encoders_agree(const char *src, size_t n, const mc_qp_config *cfg,
                                  size_t *olen, const char *label)
{
	char *ref = qp_encode_exact(src, n, cfg, olen), *out = malloc(*olen + 64);
	size_t total = 0, w, bound, pos;
	mc_qp_encoder enc;

	ck_assert_int_eq(mc_qp_encoder_init(&enc, cfg), MC_OK);
	for (pos = 0; pos < n; pos++) {
		mc_qp_encoder_bound(&enc, 1, &bound);
		ck_assert_int_eq(mc_qp_encoder_update(&enc, src + pos, 1, out + total, bound, &w), MC_OK);
		total += w;
	}
	ck_assert_int_eq(mc_qp_encoder_final(&enc, out + total, MC_QP_ENCODER_FINAL_MAX, &w), MC_OK);
	total += w;
	ck_assert_msg(total == *olen && memcmp(out, ref, *olen) == 0, "%s: encoders differ", label);
	free(out);
	return ref;
}

/*
 * The drivers' whole-window paths (one call, long input) give what the
 * byte-at-a-time paths give (one byte per call), in every setting: on
 * random tricky text, and with each construct placed at every column
 * around the 76-character limit and the window edges.
 */
/*
 * Escapes in lower case decoded leniently (recorded once each, the first
 * at its '='): on text where every escape is in lower case, and where a
 * 64-byte window ends with an escape whose digits make its line 77
 * characters long, before a window the bulk paths refuse (a kernel that
 * took the first window would have to give it back to the walk).  Each
 * against the byte loop, one byte a call.
 */
START_TEST(test_lowercase_escapes_windows)
{
	mc_qp_config cfg = { .isa = (mc_isa)_i, .eol = MC_EOL_CRLF, .mode = MC_QP_LENIENT };
	char buf[1024], label[64];
	size_t n, k, extra;

	SKIP_UNSUPPORTED(_i);
	for (n = 0; n + 8 < 800;) {
		memcpy(buf + n, n % 3 ? "caf=c3=a9 " : "=3d=4a=c3 ", 10);
		n += 10;
		if (n % 70 < 10) {
			memcpy(buf + n, "\r\n", 2);
			n += 2;
		}
	}
	check_decoders_agree(buf, n, &cfg, "lower case text");
	{
		mc_qp_result res;
		mc_status st;
		uint8_t *out = qp_decode_exact(buf, n, &cfg, &st, &res);
		ck_assert_int_eq(st, MC_OK);
		ck_assert_uint_ne(res.defects.lowercase_hex.count, 0);
		ck_assert_uint_eq(res.defects.lowercase_hex.first, 0);
		free(out);
	}
	/* soft breaks "=\n" before letters that are hex digits in lower case: no escapes */
	for (n = 0; n + 21 < sizeof buf; n += 21)
		memcpy(buf + n, "caf=c3=a9 x=\ndeaf y\r\n", 21);
	check_decoders_agree(buf, n, &cfg, "soft breaks before lower case letters");
	for (extra = 0; extra < 3; extra++) {
		/* a line end at 52 - extra, then a line of 75 + extra characters to the end of byte 127 */
		const size_t lf = 52 - extra;
		for (k = 0; k < lf - 1; k++)
			buf[k] = 'a';
		memcpy(buf + lf - 1, "\r\n", 2);
		for (k = lf + 1; k < 127; k++)
			buf[k] = 'b';
		memcpy(buf + 74, "=c3", 3);
		/* an escape at 127 (or 126) whose digits run into the next window, which is bad */
		memcpy(buf + 127 - (extra == 2), "=41", 3);
		memcpy(buf + 130 - (extra == 2), "bbbbbbbbbb\x01" "bbbb\r\n", 17);
		for (n = 147 - (extra == 2); n + 62 < sizeof buf; n += 62)
			memcpy(buf + n, "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\r\n", 62);
		snprintf(label, sizeof label, "given back, %u more", (unsigned)extra);
		check_decoders_agree(buf, n, &cfg, label);
	}
}
END_TEST

START_TEST(test_windows_equal_bytes)
{
	static const char *const constructs[] = {
		"=41", "=\r\n", "=\n", "\r\n", "\n", "\r", " \r\n", "\t\n", "=4a", "==41", "= \r\n",
		"\xe9", "\xe9\r\n", "From x", ".\r\n", "  ", "=", " =\n", " =41", "  =ZZ",
		/* a CR after '=' that no LF follows: not a soft break */
		"=\rx", "=\r=41", "=\r\r\n",
		/* a line end, then dense escapes (AVX-512: a CRLF across windows, then the driver) */
		"\r\n\xe9\xe9\xe9\xe9\xe9\xe9", "\r\n\x01=\x02=\x03\t\r\n",
		/* UTF-8 pairs (AVX-512: one token for two escapes, unless a soft break parts them) */
		"caf\xc3\xa9 caf\xc3\xa9", "\xc3\xa9\r\n\xc3\xa9 \xc3\xa9",
		/* after '=', bytes 128 above digits and line ends (a table lookup without bit 7 takes them for those) */
		"=\xb4\xc1", "=4\xc1", "=\x8d\x8a", "=\r\x8a", "=\x8a",
	};
	uint64_t seed = 2026;
	static char text[6000];
	char label[64];
	int round;
	size_t k, col;

	SKIP_UNSUPPORTED(_i);
	for (round = 0; round < 48; round++) {
		size_t n = tricky_text(&seed, text, 200 + rng_next(&seed) % (sizeof text - 200));
		unsigned flags = (unsigned)round % 4 == 1 ? MC_QP_BINARY
		               : (unsigned)round % 4 == 2 ? MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT : 0;
		mc_qp_config cfg = { .isa = (mc_isa)_i, .flags = flags, .eol = round % 3 == 0,
		                     .line_width = round % 5 == 4 ? 9 + (unsigned)round : 0,
		                     .mode = round % 2 };
		size_t olen;
		char *enc;

		snprintf(label, sizeof label, "round %d", round);
		enc = check_encoders_agree(text, n, &cfg, &olen, label);
		if (round % 3 == 2)
			cfg.eol = MC_EOL_AS_INPUT;
		check_decoders_agree(text, n, &cfg, label);
		check_decoders_agree(enc, olen, &cfg, label);
		free(enc);
	}
	/* a line that just fits, its line end at every place in a window (found by fuzzing) */
	for (k = 0; k < 6; k++)
		for (col = 0; col < 130; col++) {
			unsigned width = k < 3 ? 76 : 40;
			size_t line = width - 1 + k % 3, olen;
			mc_qp_config cfg = { .isa = (mc_isa)_i, .line_width = width, .eol = (int)(col & 1) };
			char *enc;

			memset(text, 'p', col);
			text[col] = '\n';
			memset(text + col + 1, 'x', line);
			text[col + 1 + line] = '\n';
			memset(text + col + 2 + line, 'z', 300);
			snprintf(label, sizeof label, "line of %zu after %zu", line, col);
			enc = check_encoders_agree(text, col + 302 + line, &cfg, &olen, label);
			free(enc);
		}
	/*
	 * Decoding: an escape ending a line of 75 to 78 characters, the line
	 * at every place in a window (so that its digits, or its '=', start
	 * the next one), plain lines after it; or, from k = 8, a control
	 * byte early in the next line, which stops the windows right after
	 * the escape's (its line is then checked after their loop)
	 */
	for (k = 0; k < 16; k++)
		for (col = 0; col < 130; col++) {
			size_t line = 75 + k % 4, at = col + 1, z;
			mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = (int)(k / 4 % 2),
			                     .eol = (int)(col & 1) };

			memset(text, 'p', col);
			text[col] = '\n';
			memset(text + at, 'x', line - 3);
			memcpy(text + at + line - 3, "=41\n", 4);
			at += line + 1;
			for (z = 0; z < 6; z++, at += 61) {
				memset(text + at, 'z', 60);
				text[at + 60] = '\n';
			}
			if (k >= 8)
				text[at - 6 * 61 + 2] = '\x01';
			snprintf(label, sizeof label, "escape ending a line of %zu after %zu%s", line, col,
			         k >= 8 ? ", a control byte after" : "");
			check_decoders_agree(text, at, &cfg, label);
		}
	/* each construct at each column, with and without protection (a different bulk path) */
	for (k = 0; k < 2 * sizeof constructs / sizeof constructs[0]; k++)
		for (col = 0; col < 150; col++) {
			const char *construct = constructs[k / 2];
			size_t len = strlen(construct), olen;
			mc_qp_config cfg = { .isa = (mc_isa)_i, .mode = (int)(col & 1), .eol = (int)(k / 2 & 1),
			                     .flags = k & 1 ? MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT : 0 };
			char *enc;

			memset(text, 'x', col);
			memcpy(text + col, construct, len);
			memset(text + col + len, 'y', 500);
			snprintf(label, sizeof label, "construct %zu at %zu", k, col);
			enc = check_encoders_agree(text, col + len + 500, &cfg, &olen, label);
			/* (a bare LF with CRLF to be written is the drivers' to mend, at a window's start too) */
			for (cfg.eol = MC_EOL_LF; cfg.eol <= MC_EOL_AS_INPUT; cfg.eol++)
				check_decoders_agree(text, col + len + 500, &cfg, label);
			free(enc);
		}
}
END_TEST

/*
 * Dense escapes (random bytes, non-Latin text; the AVX-512 kernel takes
 * them 21 bytes a step) with each construct at each column: line ends,
 * blanks before them, "From " and "." where a soft break or a line end
 * puts them at a line start; text and binary, LF and CRLF, and widths
 * around the 64 columns that kernel needs and the 25 the blocks of 8 need.
 */
START_TEST(test_dense_equal_bytes)
{
	static const char *const constructs[] = {
		"From x", ".\n", "\n", "\r\n", "\r", " \n", "\t\r\n", "=", " ", "F", "\r\r\n", "\n\n",
		"x\n.\n", "\nFrom ", " \r\n", "\xe9\n",
	};
	/* (and around QP_GROUP_MIN_WIDTH, where a block starts taking its soft break) */
	static const unsigned widths[] = { 76, 64, 63, 70, 24, 25, 26, 40 };
	static char text[1200];
	char label[80];
	uint64_t seed = 77;
	size_t k, col, i;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof constructs / sizeof constructs[0]; k++)
		for (col = 0; col < 100; col++) {
			const char *construct = constructs[k];
			size_t len = strlen(construct), n = col + len + 260, olen;
			unsigned v = (unsigned)(k * 100 + col);
			mc_qp_config cfg = { .isa = (mc_isa)_i, .eol = (int)(v & 1),
			                     .line_width = widths[v / 2 % 8],
			                     .flags = (v / 8 % 2 ? MC_QP_PROTECT_FROM | MC_QP_PROTECT_DOT : 0) |
			                              (v / 16 % 3 == 0 ? MC_QP_BINARY : 0) };
			char *enc;

			/*
			 * Escapes with a plain byte now and then, or only escapes (a
			 * soft break every 25 bytes at width 76: the construct meets
			 * one at every place); no line ends but the construct's.
			 */
			for (i = 0; i < n; i++) {
				unsigned r = (unsigned)(rng_next(&seed) % 8);
				text[i] = (char)(v % 3 == 0 ? 0xe9
				                 : r < 5 ? 0x80 + r * 20 : r == 5 ? '=' : r == 6 ? 'F' : ' ');
			}
			memcpy(text + col, construct, len);
			snprintf(label, sizeof label, "dense, construct %zu at %zu, width %u", k, col,
			         cfg.line_width);
			enc = check_encoders_agree(text, n, &cfg, &olen, label);
			free(enc);
		}
}
END_TEST

/* ---------------------------------------------------------------- "Q" words */

START_TEST(test_q_words)
{
	static const char plain[] = "Caf\xc3\xa9 = 100% _ok?";
	char enc[64];
	uint8_t dec[64];
	size_t n, w;
	mc_qp_result res;

	ck_assert_int_eq(mc_qp_q_encoded_length(plain, strlen(plain), &n), MC_OK);
	ck_assert_int_eq(mc_qp_q_encode(plain, strlen(plain), enc, n, &w), MC_OK);
	ck_assert_uint_eq(w, n);
	ck_assert_mem_eq(enc, "Caf=C3=A9_=3D_100=25_=5Fok=3F", w);
	ck_assert_int_eq(mc_qp_q_decode(enc, w, dec, sizeof dec, &res, MC_QP_STRICT), MC_OK);
	ck_assert_uint_eq(res.written, strlen(plain));
	ck_assert_mem_eq(dec, plain, res.written);
	/* Q10: a decoded line break is data, never a header break; malformed escapes */
	ck_assert_int_eq(mc_qp_q_decode("a=0D=0Ab", 8, dec, sizeof dec, &res, MC_QP_STRICT), MC_OK);
	ck_assert_mem_eq(dec, "a\r\nb", 4);
	ck_assert_int_eq(mc_qp_q_decode("a=Zb", 4, dec, sizeof dec, &res, MC_QP_STRICT), MC_ERR_BAD_ESCAPE);
	ck_assert_uint_eq(res.error_offset, 1);
	ck_assert_int_eq(mc_qp_q_decode("a=Zb c", 6, dec, sizeof dec, &res, MC_QP_LENIENT), MC_OK);
	ck_assert_uint_eq(res.defects.bad_escape.count, 1);
	ck_assert_uint_eq(res.defects.raw_byte.count, 1);
	ck_assert_mem_eq(dec, "a=Zb c", 6);
}
END_TEST

/* Q10: a megabyte-sized word decodes in bounded memory (the caller's). */
START_TEST(test_q_word_huge)
{
	size_t n = 1 << 20, i;
	char *in = malloc(n);
	uint8_t *out = malloc(n);
	mc_qp_result res;

	for (i = 0; i + 3 <= n; i += 3)
		memcpy(in + i, "=41", 3);
	ck_assert_int_eq(mc_qp_q_decode(in, i, out, n, &res, MC_QP_STRICT), MC_OK);
	ck_assert_uint_eq(res.written, i / 3);
	free(in);
	free(out);
}
END_TEST

START_TEST(test_api)
{
	mc_qp_config cfg = { .line_width = 3 };
	mc_qp_encoder enc;
	size_t n;

	ck_assert_int_eq(mc_qp_encoder_init(&enc, &cfg), MC_ERR_INVALID_ARGUMENT);
	cfg.line_width = 77;
	ck_assert_int_eq(mc_qp_encoded_max_length(10, &cfg, &n), MC_ERR_INVALID_ARGUMENT);
	cfg.line_width = 0;
	ck_assert_int_eq(mc_qp_encoded_max_length(SIZE_MAX / 2, &cfg, &n), MC_ERR_OVERFLOW);
	cfg.isa = MC_ISA_SSE41;
	ck_assert_int_eq(mc_qp_encoder_init(&enc, &cfg), MC_ERR_ISA_UNAVAILABLE);
	cfg.isa = MC_ISA_AUTO;
	cfg.eol = MC_EOL_AS_INPUT; /* a decoder setting */
	ck_assert_int_eq(mc_qp_encoder_init(&enc, &cfg), MC_ERR_INVALID_ARGUMENT);
	{
		mc_qp_result res;
		uint8_t out[32];
		cfg.mode = MC_QP_LENIENT;
		ck_assert_int_eq(mc_qp_decode("a \r\nb\nc=\r\nd", 11, out, sizeof out, &res, &cfg), MC_OK);
		ck_assert_uint_eq(res.written, 7);
		ck_assert_mem_eq(out, "a\r\nb\ncd", 7);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("qp");
	TCase *tc = tcase_create("qp");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_encoder_rules, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_encoder_line_lengths, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_text_round_trip, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_q_rows, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_long_lines, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_long_blank_runs, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_classic_outputs, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_stream_decoder, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_every_byte_every_offset, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_stream_encoder, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_windows_equal_bytes, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_lowercase_escapes_windows, MC_ISA_SCALAR, MC_ISA_COUNT);
	tcase_add_loop_test(tc, test_dense_equal_bytes, MC_ISA_SCALAR, MC_ISA_COUNT);
	report_skipped();
	tcase_add_test(tc, test_q_words);
	tcase_add_test(tc, test_q_word_huge);
	tcase_add_test(tc, test_api);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
