/*
 * uuencode suite: sharutils' golden outputs, rows U1-U10 of the
 * reliability checklist, round trips, streaming, and every path against
 * scalar (loop tests, _i is the mc_isa).
 */
#include "testutil.h"

#include <dirent.h>

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

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s ? s : ".";
}

/* Encode into an exact-size buffer. */
static char *uu_encode_exact(const void *src, size_t len, unsigned mode, const char *name,
                             const mc_uu_config *cfg, size_t *outlen)
{
	size_t need, w;
	char *out;
	void *in = exact_copy(src, len);

	ck_assert_int_eq(mc_uu_encoded_length(len, mode, strlen(name), cfg, &need), MC_OK);
	out = malloc(need ? need : 1);
	ck_assert_int_eq(mc_uu_encode(in, len, mode, name, strlen(name), out, need, &w, cfg), MC_OK);
	ck_assert_uint_eq(w, need);
	free(in);
	*outlen = w;
	return out;
}

struct uu_out {
	mc_status st;
	mc_uu_result res;
	mc_uu_header hdr;
	uint8_t *data;
};

static void uu_decode_exact(const char *src, size_t len, const mc_uu_config *cfg, struct uu_out *r)
{
	size_t cap;
	char *in = exact_copy(src, len);

	mc_b64_decoded_max_length(len, &cap);
	r->data = malloc(cap ? cap : 1);
	memset(&r->hdr, 0, sizeof r->hdr);
	r->st = mc_uu_decode(in, len, r->data, cap, &r->hdr, &r->res, cfg);
	free(in);
}

static void assert_same(const struct uu_out *a, const struct uu_out *b, const char *what)
{
	if (a->st != b->st || a->res.written != b->res.written ||
	    a->res.error_offset != b->res.error_offset || a->res.error_line != b->res.error_line ||
	    a->res.end_offset != b->res.end_offset ||
	    memcmp(&a->res.defects, &b->res.defects, sizeof a->res.defects) != 0 ||
	    memcmp(a->data, b->data, a->res.written) != 0 ||
	    memcmp(&a->hdr, &b->hdr, sizeof a->hdr) != 0)
		ck_abort_msg("%s: status %d/%d written %llu/%llu offset %llu/%llu line %llu/%llu", what,
		             a->st, b->st, (unsigned long long)a->res.written,
		             (unsigned long long)b->res.written, (unsigned long long)a->res.error_offset,
		             (unsigned long long)b->res.error_offset,
		             (unsigned long long)a->res.error_line, (unsigned long long)b->res.error_line);
}

/* Decode on path isa and on scalar; everything must agree.  Result is the isa's. */
static void decode_agrees(const char *src, size_t len, mc_uu_config cfg, mc_isa isa,
                          struct uu_out *out)
{
	struct uu_out ref;

	cfg.isa = MC_ISA_SCALAR;
	uu_decode_exact(src, len, &cfg, &ref);
	cfg.isa = isa;
	uu_decode_exact(src, len, &cfg, out);
	assert_same(&ref, out, mc_isa_name(isa));
	free(ref.data);
}

/* ---------------------------------------------------------------- golden */

START_TEST(test_golden_sharutils)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	int checked = 0;

	SKIP_UNSUPPORTED(_i);
	snprintf(dir, sizeof dir, "%s/tests/data/golden/inputs", srcdir());
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		static const char *const variants[2] = { "uuencode", "uuencode_m" };
		char path[8192];
		size_t inlen, k;
		char *in;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		in = slurp(path, &inlen);
		for (k = 0; k < 2; k++) {
			mc_uu_config cfg = { .form = (mc_uu_form)k, .isa = (mc_isa)_i };
			size_t glen, olen;
			char *golden, *out;
			struct uu_out back;

			snprintf(path, sizeof path, "%s/tests/data/golden/out/%s.%s", srcdir(), e->d_name,
			         variants[k]);
			golden = slurp(path, &glen);
			out = uu_encode_exact(in, inlen, 0644, e->d_name, &cfg, &olen);
			if (olen != glen || memcmp(out, golden, glen) != 0)
				ck_abort_msg("%s differs from sharutils", path);
			uu_decode_exact(golden, glen, &cfg, &back);
			ck_assert_int_eq(back.st, MC_OK);
			ck_assert_uint_eq(back.res.written, inlen);
			ck_assert_mem_eq(back.data, in, inlen);
			ck_assert_str_eq(back.hdr.name, e->d_name);
			ck_assert_uint_eq(back.hdr.mode, 0644);
			ck_assert_uint_eq(back.res.end_offset, glen);
			free(back.data);
			free(golden);
			free(out);
			checked++;
		}
		free(in);
	}
	closedir(d);
	ck_assert_int_ge(checked, 28);
}
END_TEST

/* ---------------------------------------------------------------- round trips */

START_TEST(test_round_trip_all_lengths)
{
	uint64_t seed = 31;
	uint8_t buf[2500];
	size_t len;
	int form, eol, mode;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, buf, sizeof buf);
	for (form = 0; form < 2; form++)
		for (eol = 0; eol < 2; eol++)
			for (mode = 0; mode < 2; mode++)
				for (len = 0; len < sizeof buf; len += len < 200 ? 1 : 89) {
					mc_uu_config cfg = { .form = form, .eol = eol, .mode = mode,
					                     .isa = (mc_isa)_i };
					mc_uu_config ref = cfg;
					size_t olen, rlen;
					char *out = uu_encode_exact(buf, len, 0600, "data.bin", &cfg, &olen), *r;
					struct uu_out back;

					ref.isa = MC_ISA_SCALAR;
					r = uu_encode_exact(buf, len, 0600, "data.bin", &ref, &rlen);
					ck_assert_uint_eq(olen, rlen);
					ck_assert_mem_eq(out, r, rlen);
					decode_agrees(out, olen, cfg, (mc_isa)_i, &back);
					ck_assert_int_eq(back.st, MC_OK);
					ck_assert_uint_eq(back.res.written, len);
					ck_assert_mem_eq(back.data, buf, len);
					ck_assert_uint_eq(back.res.end_offset, olen);
					free(back.data);
					free(out);
					free(r);
				}
}
END_TEST

START_TEST(test_encoded_names)
{
	mc_uu_config cfg = { .encode_name = 1, .isa = (mc_isa)_i };
	size_t olen;
	char *out;
	struct uu_out back;

	SKIP_UNSUPPORTED(_i);
	out = uu_encode_exact("hi", 2, 0644, "my file.txt", &cfg, &olen);
	ck_assert(strncmp(out, "begin-encoded 644 bXkgZmlsZS50eHQ=\n", 35) == 0);
	uu_decode_exact(out, olen, &cfg, &back);
	ck_assert_int_eq(back.st, MC_OK);
	ck_assert_str_eq(back.hdr.name, "my file.txt");
	ck_assert(back.hdr.name_was_encoded);
	free(back.data);
	free(out);
	cfg.form = MC_UU_BASE64;
	out = uu_encode_exact("hi", 2, 0644, "my file.txt", &cfg, &olen);
	ck_assert(strncmp(out, "begin-base64-encoded 644 bXkgZmlsZS50eHQ=\n", 42) == 0);
	free(out);
}
END_TEST

/* ---------------------------------------------------------------- U rows */

struct ucase {
	const char *in;
	size_t len; /* 0: strlen(in) */
	mc_uu_mode mode;
	mc_status st;
	unsigned long long offset, line; /* error position, when not MC_OK */
	const char *out;
	size_t outlen;
};

static const struct ucase ucases[] = {
	/* U4: the length character says 45 bytes, 4 characters follow */
	{ "begin 644 x\nM86)C\n`\nend\n", 0, MC_UU_LENIENT, MC_ERR_LINE_LENGTH, 12, 2, "", 0 },
	{ "begin 644 x\n#86)C\nM86)C\n`\nend\n", 0, MC_UU_STRICT, MC_ERR_LINE_LENGTH, 18, 3, "abc", 3 },
	/* U5: space and grave accent both mean 0; '~' is out of range */
	{ "begin 644 x\n#``` \n`\nend\n", 0, MC_UU_STRICT, MC_OK, 0, 0, "\0\0\0", 3 },
	{ "begin 644 x\n#    \n`\nend\n", 0, MC_UU_STRICT, MC_OK, 0, 0, "\0\0\0", 3 },
	{ "begin 644 x\n#86~C\n`\nend\n", 0, MC_UU_STRICT, MC_ERR_INVALID_CHAR, 15, 2, "", 0 },
	/* U6: no end line; no begin line */
	{ "begin 644 x\n#86)C\n", 0, MC_UU_STRICT, MC_ERR_TRUNCATED, 18, 3, "abc", 3 },
	{ "begin 644 x\n#86)C\n`\n", 0, MC_UU_STRICT, MC_ERR_TRUNCATED, 20, 4, "abc", 3 },
	{ "#86)C\n`\nend\n", 0, MC_UU_STRICT, MC_ERR_NO_BEGIN, 12, 4, "", 0 },
	/* U7: malformed begin lines, NUL bytes */
	{ "begin a\n\0", 9, MC_UU_STRICT, MC_ERR_BAD_HEADER, 0, 1, "", 0 },
	{ "begin 644\n#86)C\n", 0, MC_UU_STRICT, MC_ERR_BAD_HEADER, 0, 1, "", 0 },
	{ "begin 644 a\0b\n", 14, MC_UU_STRICT, MC_ERR_BAD_HEADER, 0, 1, "", 0 },
	{ "begin 99 x\n", 0, MC_UU_STRICT, MC_ERR_BAD_HEADER, 0, 1, "", 0 },
	{ "begin 644 x\n#86)C\0\n`\nend\n", 25, MC_UU_STRICT, MC_ERR_LINE_LENGTH, 12, 2, "", 0 },
	/* U8: text before and after */
	{ "From: a\nSubject: b\n\nbegin 644 x\n#86)C\n`\nend\n-- \nsig\n", 0, MC_UU_STRICT, MC_OK, 0, 0, "abc", 3 },
	/* U10: CRLF and blanks appended by relays */
	{ "begin 644 x\r\n#86)C  \r\n`\r\nend \r\n", 0, MC_UU_STRICT, MC_OK, 0, 0, "abc", 3 },
	/* end without the zero-length line; last line without LF */
	{ "begin 644 x\n#86)C\nend", 0, MC_UU_STRICT, MC_OK, 0, 0, "abc", 3 },
	/* U9: begin-base64, the terminator is not decoded */
	{ "begin-base64 644 x\nYWJj\n====\n", 0, MC_UU_STRICT, MC_OK, 0, 0, "abc", 3 },
	{ "begin-base64 644 x\nYW!j\n====\n", 0, MC_UU_STRICT, MC_ERR_INVALID_CHAR, 21, 2, "", 0 },
	{ "begin-base64 644 x\nYWJj\nYWJj\n", 0, MC_UU_STRICT, MC_ERR_TRUNCATED, 29, 4, "abcabc", 6 },
	{ "begin-base64 644 x\nYWI=\nYWJj\n====\n", 0, MC_UU_STRICT, MC_ERR_DATA_AFTER_PADDING, 24, 3, "ab", 2 },
	/* something else where the end line belongs */
	{ "begin 644 x\n#86)C\n`\n#86)C\nend\n", 0, MC_UU_STRICT, MC_ERR_NO_END, 20, 4, "abc", 3 },
};

START_TEST(test_u_rows)
{
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof ucases / sizeof ucases[0]; k++) {
		const struct ucase *c = &ucases[k];
		size_t len = c->len ? c->len : strlen(c->in);
		mc_uu_config cfg = { .mode = c->mode };
		struct uu_out r;

		decode_agrees(c->in, len, cfg, (mc_isa)_i, &r);
		if (r.st != c->st)
			ck_abort_msg("case %zu: status %d (%s), expected %d", k, r.st, mc_strerror(r.st), c->st);
		if (r.st != MC_OK && (r.res.error_offset != c->offset || r.res.error_line != c->line))
			ck_abort_msg("case %zu: error at offset %llu line %llu, expected %llu line %llu", k,
			             (unsigned long long)r.res.error_offset,
			             (unsigned long long)r.res.error_line, c->offset, c->line);
		ck_assert_uint_eq(r.res.written, c->outlen);
		ck_assert_mem_eq(r.data, c->out, c->outlen);
		free(r.data);
	}
}
END_TEST

/* U1, U2: mode and name come back exactly as written, for the caller to judge. */
START_TEST(test_untrusted_header)
{
	static const char in[] = "begin 6755 ../../etc/x y\n`\nend\n";
	mc_uu_config cfg = { .isa = (mc_isa)_i };
	struct uu_out r;
	size_t olen;
	char *out;

	SKIP_UNSUPPORTED(_i);
	uu_decode_exact(in, strlen(in), &cfg, &r);
	ck_assert_int_eq(r.st, MC_OK);
	ck_assert_uint_eq(r.hdr.mode, 06755);
	ck_assert_str_eq(r.hdr.name, "../../etc/x y");
	free(r.data);
	/* the encoder drops suid/sgid/sticky, as sharutils does */
	out = uu_encode_exact("", 0, 06755, "x", &cfg, &olen);
	ck_assert(strncmp(out, "begin 755 x\n", 12) == 0);
	free(out);
	/* names that would break the framing are refused */
	{
		char buf[64];
		ck_assert_int_eq(mc_uu_encode("", 0, 0644, "a\nb", 3, buf, sizeof buf, &olen, &cfg),
		                 MC_ERR_INVALID_ARGUMENT);
		ck_assert_int_eq(mc_uu_encode("", 0, 0644, "", 0, buf, sizeof buf, &olen, &cfg),
		                 MC_ERR_INVALID_ARGUMENT);
	}
}
END_TEST

/* U5, every path: all 256 byte values at every position of a full line. */
START_TEST(test_every_byte_in_body)
{
	uint64_t seed = 9;
	uint8_t plain[90];
	mc_uu_config ecfg = { 0 };
	size_t olen, pos;
	char *enc;
	int c, mode;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	enc = uu_encode_exact(plain, sizeof plain, 0644, "f", &ecfg, &olen);
	/* "begin 644 f\n" is 12 bytes; two full lines of 62 follow */
	for (mode = 0; mode < 2; mode++)
		for (c = 0; c < 256; c++)
			for (pos = 13; pos < 13 + 60; pos += (c & 7) + 1) {
				mc_uu_config cfg = { .mode = mode };
				char saved = enc[pos];
				struct uu_out r;
				int in_range = c >= 0x20 && c <= 0x60;

				enc[pos] = (char)c;
				decode_agrees(enc, olen, cfg, (mc_isa)_i, &r);
				enc[pos] = saved;
				if (c == '\n') {
					ck_assert_int_ne(r.st, MC_OK); /* splits the line */
				} else if (c == '\r') {
					/* a line end at the last position, a stray byte elsewhere */
				} else if (in_range) {
					ck_assert_int_eq(r.st, MC_OK);
				} else if (mode == MC_UU_STRICT) {
					ck_assert_int_eq(r.st, MC_ERR_INVALID_CHAR);
					ck_assert_uint_eq(r.res.error_offset, pos);
					ck_assert_uint_eq(r.res.error_line, 2);
				} else {
					ck_assert_int_eq(r.st, MC_OK);
					ck_assert_uint_eq(r.res.defects.bad_char.count, 1);
					ck_assert_uint_eq(r.res.defects.bad_char.first, pos);
				}
				free(r.data);
			}
	free(enc);
}
END_TEST

/*
 * Runs of full lines, as the SIMD kernels take them (some check several
 * lines at once): a damaged byte in every line of a run, at its 'M', its
 * characters and its line end, with LF, CRLF and mixed line ends.
 */
START_TEST(test_damaged_runs)
{
	enum { LINES = 13 };
	static const int bad[] = { '\r', '\n', 'a', 0x1f, 'L', '`', 0x80 };
	uint64_t seed = 77;
	uint8_t plain[LINES * 45 + 7];
	int eols, line, b, mode;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (eols = 0; eols < 3; eols++) {
		mc_uu_config ecfg = { .eol = eols == 1 ? MC_EOL_CRLF : MC_EOL_LF };
		size_t olen, len, starts[LINES], k, at;
		char *enc = uu_encode_exact(plain, sizeof plain, 0644, "f", &ecfg, &olen);
		char *text = malloc(olen + LINES);
		uint8_t *out;
		mc_uu_result res;
		mc_uu_header hdr;

		/* mixed: every third line ends in CRLF */
		for (k = 0, len = 0, at = 0; k < olen; k++) {
			if (enc[k] == '\n' && eols == 2 && at % 3 == 1)
				text[len++] = '\r';
			text[len++] = enc[k];
			if (enc[k] == '\n' && k + 1 < olen && enc[k + 1] == 'M' && at < LINES)
				starts[at++] = len;
		}
		ck_assert_uint_eq(at, LINES);
		/* undamaged, into a buffer of exactly the documented bound */
		{
			mc_uu_config cfg = { .isa = (mc_isa)_i };
			size_t cap;

			mc_b64_decoded_max_length(len, &cap);
			out = malloc(cap);
			ck_assert_int_eq(mc_uu_decode(text, len, out, cap, &hdr, &res, &cfg), MC_OK);
			ck_assert_uint_eq(res.written, sizeof plain);
			ck_assert_mem_eq(out, plain, sizeof plain);
			free(out);
		}
		for (mode = 0; mode < 2; mode++)
			for (line = 0; line < LINES; line++)
				for (b = 0; b < (int)(sizeof bad / sizeof bad[0]); b++) {
					static const size_t where[] = { 0, 1, 2, 31, 59, 60, 61, 62 };
					size_t w;

					for (w = 0; w < sizeof where / sizeof where[0]; w++) {
						mc_uu_config cfg = { .mode = mode };
						const size_t pos = starts[line] + where[w];
						const char saved = text[pos];
						struct uu_out r;

						text[pos] = (char)bad[b];
						decode_agrees(text, len, cfg, (mc_isa)_i, &r);
						text[pos] = saved;
						free(r.data);
					}
				}
		free(text);
		free(enc);
	}
}
END_TEST

/* Several files in one input: decode the second from the first one's end. */
/*
 * U8 at length: full lines with what a relay leaves after them (blanks,
 * '`' padding) before an LF or CRLF, 100 of them (the kernels refuse
 * them, the driver gathers them in bulk), with a character out of range
 * in line `bad` (none when past the end).  Each line's trailing bytes
 * are counted, the first at its offset; a stream of one byte a call (a
 * line at a time throughout) agrees; strict mode fails at the bad byte.
 */
START_TEST(test_relay_blanks)
{
	static const char *const tails[] = { "", " ", "\t", "`", "  ", " `", "\t \t" };
	uint64_t seed = 77;
	static uint8_t plain[45 * 100];
	size_t bad;
	int mode;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (mode = 0; mode < 2; mode++)
		for (bad = 0; bad <= 101; bad += 17) {
			mc_uu_config ecfg = { 0 }, cfg = { .mode = mode };
			size_t elen, n = 0, k, line = 0, extras = 0, first = 0, bad_at = 0;
			char *enc = uu_encode_exact(plain, sizeof plain, 0644, "r", &ecfg, &elen);
			char *buf = malloc(2 * elen);
			struct uu_out one, bytes;
			mc_uu_decoder dec;
			size_t w, total = 0, bound;

			for (k = 0; k < elen; k++) {
				if (enc[k] == '\n' && line >= 1 && line <= 100) {
					const char *t = tails[(line + bad) % 7];
					if (*t != '\0' && extras == 0)
						first = n;
					memcpy(buf + n, t, strlen(t));
					n += strlen(t);
					extras += strlen(t);
					if ((line + mode) % 3 == 0)
						buf[n++] = '\r';
				}
				if (line == bad && line >= 1 && enc[k - 1] == '\n')
					bad_at = n + 7; /* a character of the line */
				buf[n++] = enc[k];
				line += enc[k] == '\n';
			}
			if (bad_at != 0)
				buf[bad_at] = '\x7f';
			decode_agrees(buf, n, cfg, (mc_isa)_i, &one);
			if (bad_at != 0 && mode == MC_UU_STRICT) {
				ck_assert_int_eq(one.st, MC_ERR_INVALID_CHAR);
				ck_assert_uint_eq(one.res.error_offset, bad_at);
			} else {
				ck_assert_int_eq(one.st, MC_OK);
				ck_assert_uint_eq(one.res.written, sizeof plain);
				ck_assert(bad_at != 0 || memcmp(one.data, plain, sizeof plain) == 0);
				ck_assert_uint_eq(one.res.defects.trailing.count, extras);
				ck_assert_uint_eq(one.res.defects.trailing.first, first);
				ck_assert_uint_eq(one.res.defects.bad_char.count, bad_at != 0);
			}
			/* one byte a call */
			ck_assert_int_eq(mc_uu_decoder_bound(1, &bound), MC_OK);
			bytes.data = malloc(sizeof plain + bound + MC_UU_DECODER_FINAL_MAX);
			ck_assert_int_eq(mc_uu_decoder_init(&dec, &cfg), MC_OK);
			bytes.st = MC_OK;
			for (k = 0; k < n && bytes.st == MC_OK; k++) {
				bytes.st = mc_uu_decoder_update(&dec, buf + k, 1, bytes.data + total, bound, &w);
				total += w;
			}
			if (bytes.st == MC_OK)
				bytes.st = mc_uu_decoder_final(&dec, bytes.data + total, MC_UU_DECODER_FINAL_MAX, &w,
				                               &bytes.res);
			else
				mc_uu_decoder_final(&dec, bytes.data + total, MC_UU_DECODER_FINAL_MAX, &w, &bytes.res);
			ck_assert_int_eq(bytes.st, one.st);
			ck_assert_mem_eq(&bytes.res.defects, &one.res.defects, sizeof one.res.defects);
			ck_assert(one.st != MC_OK || bytes.res.written == one.res.written);
			ck_assert(one.st == MC_OK || bytes.res.error_offset == one.res.error_offset);
			free(bytes.data);
			free(one.data);
			free(buf);
			free(enc);
		}
}
END_TEST

START_TEST(test_two_blocks)
{
	static const char in[] = "begin 644 a\n#86)C\n`\nend\nbetween\nbegin 600 b\n\"9&4`\n`\nend\n";
	mc_uu_config cfg = { .isa = (mc_isa)_i };
	struct uu_out first, second;

	SKIP_UNSUPPORTED(_i);
	uu_decode_exact(in, strlen(in), &cfg, &first);
	ck_assert_int_eq(first.st, MC_OK);
	ck_assert_str_eq(first.hdr.name, "a");
	uu_decode_exact(in + first.res.end_offset, strlen(in) - first.res.end_offset, &cfg, &second);
	ck_assert_int_eq(second.st, MC_OK);
	ck_assert_str_eq(second.hdr.name, "b");
	ck_assert_uint_eq(second.res.written, 2);
	ck_assert_mem_eq(second.data, "de", 2);
	ck_assert_uint_eq(second.res.defects.skipped_lines.count, 1);
	free(first.data);
	free(second.data);
}
END_TEST

/* ---------------------------------------------------------------- streaming */

START_TEST(test_stream_chunks)
{
	uint64_t seed = 1234;
	uint8_t plain[400];
	size_t step;
	int form;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (form = 0; form < 2; form++) {
		mc_uu_config cfg = { .form = form, .eol = (mc_eol)form, .isa = (mc_isa)_i };
		size_t glen;
		char *golden = uu_encode_exact(plain, sizeof plain, 0644, "s", &cfg, &glen);
		struct uu_out one;

		uu_decode_exact(golden, glen, &cfg, &one);
		ck_assert_int_eq(one.st, MC_OK);
		for (step = 1; step <= 110; step++) {
			mc_uu_encoder enc;
			mc_uu_decoder dec;
			size_t pos, n = 0, w, bound, total = 0;
			char *out = malloc(glen + 256);
			uint8_t *back = malloc(sizeof plain + MC_UU_DECODER_FINAL_MAX + 4096);
			mc_uu_result res;

			/* encoder: chunks of step bytes, or random above 100 */
			ck_assert_int_eq(mc_uu_encoder_init(&enc, 0644, "s", 1, &cfg), MC_OK);
			for (pos = 0; pos < sizeof plain;) {
				size_t chunk = step <= 100 ? step : 1 + rng_next(&seed) % 150;
				if (chunk > sizeof plain - pos)
					chunk = sizeof plain - pos;
				ck_assert_int_eq(mc_uu_encoder_bound(&enc, chunk, &bound), MC_OK);
				ck_assert_int_eq(mc_uu_encoder_update(&enc, plain + pos, chunk, out + n, bound, &w), MC_OK);
				n += w;
				pos += chunk;
			}
			ck_assert_int_eq(mc_uu_encoder_bound(&enc, 0, &bound), MC_OK);
			ck_assert_int_eq(mc_uu_encoder_final(&enc, out + n, bound, &w), MC_OK);
			n += w;
			ck_assert_uint_eq(n, glen);
			ck_assert_mem_eq(out, golden, glen);

			/* decoder: the same chunking of the encoded text */
			ck_assert_int_eq(mc_uu_decoder_init(&dec, &cfg), MC_OK);
			for (pos = 0; pos < glen;) {
				size_t chunk = step <= 100 ? step : 1 + rng_next(&seed) % 150;
				char *piece;
				if (chunk > glen - pos)
					chunk = glen - pos;
				piece = exact_copy(golden + pos, chunk);
				mc_uu_decoder_bound(chunk, &bound);
				ck_assert_int_eq(mc_uu_decoder_update(&dec, piece, chunk, back + total, bound, &w), MC_OK);
				total += w;
				pos += chunk;
				free(piece);
			}
			ck_assert_int_eq(mc_uu_decoder_final(&dec, back + total, MC_UU_DECODER_FINAL_MAX, &w, &res), MC_OK);
			total += w;
			ck_assert_uint_eq(total, sizeof plain);
			ck_assert_mem_eq(back, plain, sizeof plain);
			ck_assert_uint_eq(res.written, sizeof plain);
			ck_assert_uint_eq(res.end_offset, one.res.end_offset);
			ck_assert_mem_eq(&res.defects, &one.res.defects, sizeof res.defects);
			free(out);
			free(back);
		}
		free(one.data);
		free(golden);
	}
}
END_TEST

/* Chunked decoding of damaged input gives the one-shot status and position. */
START_TEST(test_stream_errors)
{
	size_t k, step;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof ucases / sizeof ucases[0]; k++) {
		const struct ucase *c = &ucases[k];
		size_t len = c->len ? c->len : strlen(c->in);
		mc_uu_config cfg = { .mode = c->mode, .isa = (mc_isa)_i };
		struct uu_out one;

		uu_decode_exact(c->in, len, &cfg, &one);
		for (step = 1; step <= 16; step++) {
			mc_uu_decoder dec;
			mc_uu_result res;
			uint8_t *back = malloc(MC_UU_DECODER_FINAL_MAX + 8192);
			size_t pos, total = 0, w, bound;
			mc_status st = MC_OK;

			mc_uu_decoder_init(&dec, &cfg);
			for (pos = 0; pos < len && st == MC_OK; pos += step) {
				size_t chunk = step < len - pos ? step : len - pos;
				mc_uu_decoder_bound(chunk, &bound);
				st = mc_uu_decoder_update(&dec, c->in + pos, chunk, back + total, bound, &w);
				total += w;
			}
			st = mc_uu_decoder_final(&dec, back + total, MC_UU_DECODER_FINAL_MAX, &w, &res);
			total += w;
			if (st != one.st || res.error_offset != one.res.error_offset ||
			    res.error_line != one.res.error_line || total != one.res.written ||
			    memcmp(back, one.data, total) != 0)
				ck_abort_msg("case %zu step %zu: status %d/%d offset %llu/%llu", k, step, st,
				             one.st, (unsigned long long)res.error_offset,
				             (unsigned long long)one.res.error_offset);
			free(back);
		}
		free(one.data);
	}
}
END_TEST

START_TEST(test_lengths_and_misuse)
{
	mc_uu_config cfg = { 0 };
	mc_uu_decoder dec;
	unsigned mode;
	size_t n;
	char out[8];

	ck_assert_int_eq(mc_uu_encoded_length(SIZE_MAX, 0644, 1, &cfg, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_uu_encoded_length(0, 0644, 5, &cfg, &n), MC_OK);
	ck_assert_uint_eq(n, strlen("begin 644 empty\n`\nend\n"));
	ck_assert_int_eq(mc_uu_encoded_length(0, 07, 5, &cfg, &n), MC_OK);
	ck_assert_uint_eq(n, strlen("begin 7 empty\n`\nend\n"));
	ck_assert_int_eq(mc_uu_decoder_bound(SIZE_MAX, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_uu_encode("abc", 3, 0644, "x", 1, out, sizeof out, &n, &cfg),
	                 MC_ERR_BUFFER_TOO_SMALL);
	/* the header's mode, every value (and bits above 0777 dropped), as "%o" writes it */
	for (mode = 0; mode < 01000; mode++) {
		char want[32], *got;
		size_t olen;

		snprintf(want, sizeof want, "begin %o m\n`\nend\n", mode);
		got = uu_encode_exact("", 0, mode | 07000, "m", &cfg, &olen);
		ck_assert_uint_eq(olen, strlen(want));
		ck_assert_msg(memcmp(got, want, olen) == 0, "mode %o", mode);
		free(got);
	}
	cfg.form = 7;
	ck_assert_int_eq(mc_uu_decoder_init(&dec, &cfg), MC_ERR_INVALID_ARGUMENT);
	ck_assert_str_eq(mc_strerror(MC_ERR_LINE_LENGTH), "line length does not match its length character");
}
END_TEST

static Suite *uu_suite(void)
{
	Suite *s = suite_create("uu");
	TCase *tc;

	LOOP_CASE(s, "golden", test_golden_sharutils, 30);
	LOOP_CASE(s, "round_trip", test_round_trip_all_lengths, 120);
	LOOP_CASE(s, "encoded_names", test_encoded_names, 10);
	LOOP_CASE(s, "u_rows", test_u_rows, 10);
	LOOP_CASE(s, "untrusted_header", test_untrusted_header, 10);
	LOOP_CASE(s, "every_byte", test_every_byte_in_body, 120);
	LOOP_CASE(s, "damaged_runs", test_damaged_runs, 60);
	LOOP_CASE(s, "two_blocks", test_two_blocks, 10);
	LOOP_CASE(s, "relay_blanks", test_relay_blanks, 60);
	LOOP_CASE(s, "stream", test_stream_chunks, 120);
	LOOP_CASE(s, "stream_errors", test_stream_errors, 60);
	tc = tcase_create("api");
	tcase_add_test(tc, test_lengths_and_misuse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	report_skipped();
	return run_suite(uu_suite());
}
