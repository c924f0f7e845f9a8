/*
 * base64 suite.  Every test that depends on the code path is a loop test
 * over all paths (_i is the mc_isa) and compares with an independent
 * reference encoder written here, or with the scalar path, on bytes,
 * status, error offset and defects.
 */
#include "testutil.h"

#include "codecs/kernels/base64_simd.h"

static const char *const alphabets[2] = {
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
};

/* Reference encoder, bit by bit; returns a malloc'ed buffer and its size. */
static char *ref_encode(const uint8_t *src, size_t len, const mc_b64_config *cfg, size_t *outlen)
{
	size_t cap = len * 2 + 16, n = 0, i;
	char *chars = malloc(cap), *out;
	unsigned col = 0, eol = cfg->eol == MC_EOL_CRLF ? 2 : 1;
	size_t nbits = len * 8, b;

	for (b = 0; b < nbits; b += 6) {
		unsigned v = 0, k;
		for (k = 0; k < 6; k++) {
			size_t bit = b + k;
			v <<= 1;
			if (bit < nbits)
				v |= (src[bit / 8] >> (7 - bit % 8)) & 1u;
		}
		chars[n++] = alphabets[cfg->alphabet][v];
	}
	if (!(cfg->flags & MC_B64_NO_PADDING))
		while (n % 4)
			chars[n++] = '=';
	out = malloc(n * 3 + 16);
	*outlen = 0;
	for (i = 0; i < n; i++) {
		out[(*outlen)++] = chars[i];
		if (cfg->line_width && ++col == cfg->line_width) {
			if (eol == 2)
				out[(*outlen)++] = '\r';
			out[(*outlen)++] = '\n';
			col = 0;
		}
	}
	if (cfg->line_width && col) {
		if (eol == 2)
			out[(*outlen)++] = '\r';
		out[(*outlen)++] = '\n';
	}
	free(chars);
	return out;
}

/* Encode into an exact-size buffer and compare with the reference. */
static void check_encode(const uint8_t *src, size_t len, const mc_b64_config *cfg)
{
	size_t reflen, need, written = 0;
	char *ref = ref_encode(src, len, cfg, &reflen), *out;
	void *in = exact_copy(src, len);

	ck_assert_int_eq(mc_b64_encoded_length(len, cfg, &need), MC_OK);
	ck_assert_uint_eq(need, reflen);
	out = malloc(need ? need : 1);
	ck_assert_int_eq(mc_b64_encode(in, len, out, need, &written, cfg), MC_OK);
	ck_assert_uint_eq(written, reflen);
	if (memcmp(out, ref, reflen) != 0)
		ck_abort_msg("encode mismatch: isa %s len %zu width %u eol %d alphabet %d flags %u",
		             mc_isa_name(cfg->isa), len, cfg->line_width, cfg->eol, cfg->alphabet,
		             cfg->flags);
	free(out);
	free(ref);
	free(in);
}

/* Decode into an exact-size buffer; returns the malloc'ed output. */
static uint8_t *decode_exact(const char *src, size_t len, const mc_b64_config *cfg,
                             mc_status *st, mc_b64_result *res)
{
	size_t cap;
	void *in = exact_copy(src, len);
	uint8_t *out;

	mc_b64_decoded_max_length(len, &cap);
	out = malloc(cap ? cap : 1);
	*st = mc_b64_decode(in, len, out, cap, res, cfg);
	free(in);
	return out;
}

static void assert_same_result(mc_status sa, const mc_b64_result *a, const uint8_t *oa,
                               mc_status sb, const mc_b64_result *b, const uint8_t *ob,
                               const char *what)
{
	if (sa != sb || a->written != b->written || a->error_offset != b->error_offset ||
	    memcmp(&a->defects, &b->defects, sizeof a->defects) != 0 ||
	    memcmp(oa, ob, a->written) != 0)
		ck_abort_msg("%s: status %d/%d written %zu/%zu offset %llu/%llu", what, sa, sb,
		             a->written, b->written, (unsigned long long)a->error_offset,
		             (unsigned long long)b->error_offset);
}

/* Decode on path isa and on scalar; everything must agree.  Returns the status. */
static mc_status check_decode_agrees(const char *src, size_t len, mc_b64_config cfg, mc_isa isa,
                                     mc_b64_result *res_out)
{
	mc_b64_result rs, ri;
	mc_status ss, si;
	uint8_t *os, *oi;

	cfg.isa = MC_ISA_SCALAR;
	os = decode_exact(src, len, &cfg, &ss, &rs);
	cfg.isa = isa;
	oi = decode_exact(src, len, &cfg, &si, &ri);
	assert_same_result(ss, &rs, os, si, &ri, oi, mc_isa_name(isa));
	if (res_out)
		*res_out = ri;
	free(os);
	free(oi);
	return si;
}

/* ---------------------------------------------------------------- vectors */

static const struct {
	const char *plain, *coded;
} rfc4648[] = {
	{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
	{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
};

START_TEST(test_rfc4648_vectors)
{
	mc_b64_config cfg = { .isa = (mc_isa)_i };
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof rfc4648 / sizeof rfc4648[0]; k++) {
		size_t plen = strlen(rfc4648[k].plain), clen = strlen(rfc4648[k].coded), w;
		char enc[16];
		uint8_t dec[16];
		mc_b64_result res;

		ck_assert_int_eq(mc_b64_encode(rfc4648[k].plain, plen, enc, sizeof enc, &w, &cfg), MC_OK);
		ck_assert_uint_eq(w, clen);
		ck_assert_mem_eq(enc, rfc4648[k].coded, clen);
		ck_assert_int_eq(mc_b64_decode(rfc4648[k].coded, clen, dec, sizeof dec, &res, &cfg), MC_OK);
		ck_assert_uint_eq(res.written, plen);
		ck_assert_mem_eq(dec, rfc4648[k].plain, plen);
	}
}
END_TEST

START_TEST(test_url_alphabet)
{
	static const uint8_t bytes[] = { 0xfb, 0xff, 0xbf };
	mc_b64_config std = { .isa = (mc_isa)_i }, url = { .alphabet = MC_B64_URL, .isa = (mc_isa)_i };
	char enc[8];
	uint8_t dec[8];
	size_t w;
	mc_b64_result res;

	SKIP_UNSUPPORTED(_i);
	ck_assert_int_eq(mc_b64_encode(bytes, 3, enc, sizeof enc, &w, &std), MC_OK);
	ck_assert_mem_eq(enc, "+/+/", 4);
	ck_assert_int_eq(mc_b64_encode(bytes, 3, enc, sizeof enc, &w, &url), MC_OK);
	ck_assert_mem_eq(enc, "-_-_", 4);
	/* B10: never mixed */
	ck_assert_int_eq(mc_b64_decode("-_-_", 4, dec, sizeof dec, &res, &std), MC_ERR_INVALID_CHAR);
	ck_assert_uint_eq(res.error_offset, 0);
	ck_assert_int_eq(mc_b64_decode("+/+/", 4, dec, sizeof dec, &res, &url), MC_ERR_INVALID_CHAR);
	ck_assert_uint_eq(res.error_offset, 0);
	ck_assert_int_eq(mc_b64_decode("AB-_", 4, dec, sizeof dec, &res, &std), MC_ERR_INVALID_CHAR);
	ck_assert_uint_eq(res.error_offset, 2);
	std.mode = MC_B64_MIME;
	ck_assert_int_eq(mc_b64_decode("-_-_", 4, dec, sizeof dec, &res, &std), MC_OK);
	ck_assert_uint_eq(res.written, 0);
	ck_assert_uint_eq(res.defects.invalid_char.count, 4);
}
END_TEST

/* ---------------------------------------------------------------- encoder */

static const unsigned widths[] = { 0, 1, 3, 4, 5, 16, 17, 31, 32, 33, 60, 63, 64, 65, 72, 76, 77, 200 };

START_TEST(test_encode_all_lengths_and_widths)
{
	uint64_t seed = 0x1234567u;
	uint8_t buf[1200];
	size_t len, w;
	int alpha, eol, pad;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, buf, sizeof buf);
	for (alpha = 0; alpha < 2; alpha++)
		for (eol = 0; eol < 2; eol++)
			for (pad = 0; pad < 2; pad++)
				for (w = 0; w < sizeof widths / sizeof widths[0]; w++)
					for (len = 0; len <= 300; len++) {
						mc_b64_config cfg = { .alphabet = alpha, .eol = eol,
						                      .line_width = widths[w],
						                      .flags = pad ? MC_B64_NO_PADDING : 0,
						                      .isa = (mc_isa)_i };
						check_encode(buf + (len % 7), len, &cfg);
					}
}
END_TEST

START_TEST(test_encode_long_inputs)
{
	uint64_t seed = 99;
	size_t len, w, cap = 70000;
	uint8_t *buf;

	SKIP_UNSUPPORTED(_i);
	buf = malloc(cap);
	rng_fill(&seed, buf, cap);
	for (len = 301; len < cap; len = len * 5 / 3 + 7)
		for (w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			mc_b64_config cfg = { .line_width = widths[w], .eol = (int)(len & 1),
			                      .isa = (mc_isa)_i };
			check_encode(buf, len, &cfg);
		}
	free(buf);
}
END_TEST

START_TEST(test_encode_buffer_too_small)
{
	mc_b64_config cfg = { .line_width = 76, .eol = MC_EOL_CRLF, .isa = (mc_isa)_i };
	uint8_t in[100] = { 0 };
	char out[200];
	size_t need, w = 1;

	SKIP_UNSUPPORTED(_i);
	ck_assert_int_eq(mc_b64_encoded_length(sizeof in, &cfg, &need), MC_OK);
	memset(out, 'x', sizeof out);
	ck_assert_int_eq(mc_b64_encode(in, sizeof in, out, need - 1, &w, &cfg), MC_ERR_BUFFER_TOO_SMALL);
	ck_assert_uint_eq(w, 0);
	ck_assert_int_eq(out[0], 'x');
}
END_TEST

/* ---------------------------------------------------------------- decoder */

START_TEST(test_decode_round_trip)
{
	uint64_t seed = 7;
	uint8_t buf[3000];
	size_t len;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, buf, sizeof buf);
	for (len = 0; len < sizeof buf; len += len < 300 ? 1 : 97) {
		static const unsigned ws[] = { 0, 76, 64, 60, 5 };
		size_t k;
		for (k = 0; k < sizeof ws / sizeof ws[0]; k++) {
			mc_b64_config ecfg = { .line_width = ws[k], .eol = (int)(k & 1),
			                       .alphabet = (int)(len & 1) };
			mc_b64_config dcfg = { .mode = ws[k] ? MC_B64_MIME : MC_B64_STRICT,
			                       .alphabet = (int)(len & 1) };
			size_t elen;
			char *enc = ref_encode(buf, len, &ecfg, &elen);
			mc_b64_result res;
			uint8_t *out;

			ck_assert_int_eq(check_decode_agrees(enc, elen, dcfg, (mc_isa)_i, &res), MC_OK);
			dcfg.isa = (mc_isa)_i;
			out = decode_exact(enc, elen, &dcfg, &(mc_status){ 0 }, &res);
			ck_assert_uint_eq(res.written, len);
			ck_assert_mem_eq(out, buf, len);
			ck_assert_uint_eq(res.defects.invalid_char.count, 0);
			free(out);
			free(enc);
		}
	}
}
END_TEST

/* B1, B16: every byte value at every offset modulo 64 (every SIMD lane). */
START_TEST(test_decode_every_byte_every_offset)
{
	uint64_t seed = 42;
	uint8_t plain[243];
	mc_b64_config ecfg = { 0 };
	size_t elen, pos;
	char *enc;
	int c, mode;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	enc = ref_encode(plain, sizeof plain, &ecfg, &elen); /* 324 characters, no padding */
	for (mode = 0; mode < 2; mode++)
		for (c = 0; c < 256; c++) {
			if (memchr(alphabets[0], c, 64) != NULL)
				continue;
			for (pos = 0; pos < 130; pos++) {
				mc_b64_config dcfg = { .mode = mode };
				mc_b64_result res;
				char saved = enc[pos];
				mc_status st;

				enc[pos] = (char)c;
				st = check_decode_agrees(enc, elen, dcfg, (mc_isa)_i, &res);
				enc[pos] = saved;
				if (mode == MC_B64_STRICT) {
					ck_assert_int_ne(st, MC_OK);
					if (c != '=') {
						ck_assert_int_eq(st, MC_ERR_INVALID_CHAR);
						ck_assert_uint_eq(res.error_offset, pos);
						ck_assert_uint_eq(res.written, pos / 4 * 3);
					}
				} else if (c != '=') {
					/* 323 characters left: an unpadded last quantum of 3 */
					ck_assert_int_eq(st, MC_OK);
					ck_assert_uint_eq(res.defects.missing_padding.count, 1);
					ck_assert_uint_eq(res.written, 242);
					if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
						/* a blank replaces a character: one character short */
						ck_assert_uint_eq(res.defects.invalid_char.count, 0);
					} else {
						ck_assert_uint_eq(res.defects.invalid_char.count, 1);
						ck_assert_uint_eq(res.defects.invalid_char.first, pos);
					}
				}
			}
		}
	free(enc);
}
END_TEST

/* Insertions instead of replacements: output must be unchanged. */
START_TEST(test_decode_inserted_bytes)
{
	uint64_t seed = 5;
	uint8_t plain[150];
	mc_b64_config ecfg = { 0 };
	size_t elen, pos;
	char *enc, *buf;
	int c;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	enc = ref_encode(plain, sizeof plain, &ecfg, &elen);
	buf = malloc(elen + 1);
	for (c = 0; c < 256; c++) {
		if (memchr(alphabets[0], c, 64) != NULL || c == '=')
			continue;
		for (pos = 0; pos <= elen; pos++) {
			mc_b64_config dcfg = { .mode = MC_B64_MIME };
			mc_b64_result res;
			uint8_t *out;
			mc_status st;

			memcpy(buf, enc, pos);
			buf[pos] = (char)c;
			memcpy(buf + pos + 1, enc + pos, elen - pos);
			ck_assert_int_eq(check_decode_agrees(buf, elen + 1, dcfg, (mc_isa)_i, &res), MC_OK);
			dcfg.isa = (mc_isa)_i;
			out = decode_exact(buf, elen + 1, &dcfg, &st, &res);
			ck_assert_uint_eq(res.written, sizeof plain);
			ck_assert_mem_eq(out, plain, sizeof plain);
			ck_assert_uint_eq(res.defects.invalid_char.count,
			                  (c == '\r' || c == '\n' || c == ' ' || c == '\t') ? 0 : 1);
			free(out);
		}
	}
	free(buf);
	free(enc);
}
END_TEST

/* B2: blanks between characters, runs longer than any vector, CRLF and LF lines. */
START_TEST(test_decode_mime_whitespace)
{
	uint64_t seed = 11;
	uint8_t plain[2000];
	mc_b64_config ecfg = { 0 };
	size_t elen, i, n, run;
	char *enc, *buf;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	enc = ref_encode(plain, sizeof plain, &ecfg, &elen);
	buf = malloc(elen * 101 + 200); /* at most 100 blanks before each character */
	for (run = 0; run < 12; run++) {
		mc_b64_config dcfg = { .mode = MC_B64_MIME, .isa = (mc_isa)_i };
		mc_b64_result res;
		mc_status st;
		uint8_t *out;

		for (i = 0, n = 0; i < elen; i++) {
			size_t k, blanks = (rng_next(&seed) % 5 == 0) ? rng_next(&seed) % (run * 9 + 2) : 0;
			for (k = 0; k < blanks; k++)
				buf[n++] = " \t\r\n"[rng_next(&seed) % 4];
			buf[n++] = enc[i];
		}
		for (i = 0; i < run * 10; i++)
			buf[n++] = '\n';
		out = decode_exact(buf, n, &dcfg, &st, &res);
		ck_assert_int_eq(st, MC_OK);
		ck_assert_uint_eq(res.written, sizeof plain);
		ck_assert_mem_eq(out, plain, sizeof plain);
		free(out);
		ck_assert_int_eq(check_decode_agrees(buf, n, dcfg, (mc_isa)_i, NULL), MC_OK);
	}
	free(buf);
	free(enc);
}
END_TEST

/* Wrapped text whose line structure breaks somewhere: every path agrees with scalar. */
START_TEST(test_decode_broken_line_structure)
{
	static const char *const breaks[] = { "!", " ", "\r\n", "\n", "\r", "=", "AAAA", "\t\t" };
	static const unsigned widths_eols[][2] = { { 76, 1 }, { 76, 0 }, { 64, 1 }, { 64, 0 }, { 72, 0 }, { 60, 1 } };
	uint64_t seed = 77;
	uint8_t plain[6000];
	size_t we, b, at;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (we = 0; we < sizeof widths_eols / sizeof widths_eols[0]; we++) {
		mc_b64_config ecfg = { .line_width = widths_eols[we][0], .eol = (int)widths_eols[we][1] };
		mc_b64_config dcfg = { .mode = MC_B64_MIME };
		size_t elen;
		char *enc = ref_encode(plain, sizeof plain, &ecfg, &elen), *buf = malloc(elen + 8);

		ck_assert_int_eq(check_decode_agrees(enc, elen, dcfg, (mc_isa)_i, NULL), MC_OK);
		for (b = 0; b < sizeof breaks / sizeof breaks[0]; b++)
			for (at = 0; at < elen; at += 1 + rng_next(&seed) % 397) {
				size_t bl = strlen(breaks[b]);
				memcpy(buf, enc, at);
				memcpy(buf + at, breaks[b], bl);
				memcpy(buf + at + bl, enc + at, elen - at);
				check_decode_agrees(buf, elen + bl, dcfg, (mc_isa)_i, NULL);
				/* replacing instead of inserting */
				memcpy(buf, enc, elen);
				memcpy(buf + at, breaks[b], at + bl <= elen ? bl : elen - at);
				check_decode_agrees(buf, elen, dcfg, (mc_isa)_i, NULL);
			}
		free(buf);
		free(enc);
	}
}
END_TEST

/*
 * Regular lines, as a kernel may learn them from the first two line ends
 * and then expect them: widths about a vector, LF and CRLF, the text
 * starting inside its first line; then one byte replaced, at every place
 * of three lines, by what breaks the pattern (a line end early or late,
 * a blank, padding, a lone CR, a byte past ASCII).  Every path agrees
 * with scalar.
 */
START_TEST(test_decode_regular_lines)
{
	static const unsigned line_widths[] = { 64, 65, 68, 76, 77, 100, 127, 200 };
	static const char subs[] = { '\n', '\r', ' ', '=', '!', (char)0xc1, 'A' };
	uint64_t seed = 41;
	uint8_t plain[3000];
	size_t wi, e, cut, at, k;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (wi = 0; wi < sizeof line_widths / sizeof line_widths[0]; wi++)
		for (e = 0; e < 2; e++) {
			mc_b64_config ecfg = { .line_width = line_widths[wi], .eol = e ? MC_EOL_CRLF : MC_EOL_LF };
			mc_b64_config dcfg = { .mode = MC_B64_MIME };
			size_t elen, line = line_widths[wi] + 1 + e;
			char *enc = ref_encode(plain, sizeof plain, &ecfg, &elen), *buf = malloc(elen);

			/* starting anywhere in the first line, or at its line end */
			for (cut = 0; cut <= line; cut++)
				check_decode_agrees(enc + cut, elen - cut, dcfg, (mc_isa)_i, NULL);
			/* (76 columns: far enough for the AVX-512 loop's periods of four lines) */
			for (at = line - 3; at < (line_widths[wi] == 76 ? 12 : 4) * line; at++)
				for (k = 0; k < sizeof subs; k++) {
					memcpy(buf, enc, elen);
					buf[at] = subs[k];
					check_decode_agrees(buf, elen, dcfg, (mc_isa)_i, NULL);
				}
			free(buf);
			free(enc);
		}
}
END_TEST

struct edge {
	const char *in;
	size_t outlen;
	mc_b64_mode mode;
	unsigned flags;
	mc_status st;
	unsigned long long offset; /* error offset, or the first defect's offset */
	const char *out;
	int defect; /* index into mc_b64_defects, -1 none */
	unsigned long long count;
};

enum { D_INVALID, D_BAD_PAD, D_AFTER, D_MISSING, D_BITS };

static const struct edge edges[] = {
	/* B3: padding in the middle */
	{ "Zm9v=YmFy", 3, MC_B64_STRICT, 0, MC_ERR_BAD_PADDING, 4, "foo", -1, 0 },
	{ "Zm9v=YmFy", 3, MC_B64_MIME, 0, MC_OK, 4, "foo", D_BAD_PAD, 1 },
	{ "Zm9v=YmFy", 3, MC_B64_MIME, 0, MC_OK, 5, "foo", D_AFTER, 4 },
	/* B4: concatenated encodings */
	{ "Zg==Zm9v", 1, MC_B64_STRICT, 0, MC_ERR_DATA_AFTER_PADDING, 4, "f", -1, 0 },
	{ "Zg==Zm9v", 1, MC_B64_MIME, 0, MC_OK, 4, "f", D_AFTER, 4 },
	{ "Zg=Zm9v", 1, MC_B64_MIME, 0, MC_OK, 3, "f", D_MISSING, 1 },
	/* B5: too much padding */
	{ "Zm9vYg===", 4, MC_B64_STRICT, 0, MC_ERR_BAD_PADDING, 8, "foob", -1, 0 },
	{ "Zm9vYg===", 4, MC_B64_MIME, 0, MC_OK, 8, "foob", D_BAD_PAD, 1 },
	{ "AAAA=", 3, MC_B64_STRICT, 0, MC_ERR_BAD_PADDING, 4, "\0\0\0", -1, 0 },
	{ "AAAA=", 3, MC_B64_MIME, 0, MC_OK, 4, "\0\0\0", D_BAD_PAD, 1 },
	/* B6: missing padding */
	{ "Zm9vYg", 3, MC_B64_STRICT, 0, MC_ERR_MISSING_PADDING, 6, "foo", -1, 0 },
	{ "Zm9vYg=", 4, MC_B64_STRICT, 0, MC_ERR_MISSING_PADDING, 7, "foob", -1, 0 },
	{ "Zm9vYg", 4, MC_B64_MIME, 0, MC_OK, 6, "foob", D_MISSING, 1 },
	{ "Zm9vYg", 4, MC_B64_STRICT, MC_B64_NO_PADDING, MC_OK, 0, "foob", -1, 0 },
	{ "Zm9vYg==", 3, MC_B64_STRICT, MC_B64_NO_PADDING, MC_ERR_BAD_PADDING, 6, "foo", -1, 0 },
	/* B7: one leftover character is an error in every mode */
	{ "Zm9vY", 3, MC_B64_STRICT, 0, MC_ERR_TRUNCATED, 4, "foo", -1, 0 },
	{ "Zm9vY", 3, MC_B64_MIME, 0, MC_ERR_TRUNCATED, 4, "foo", -1, 0 },
	{ "Zm9vY=", 3, MC_B64_MIME, 0, MC_ERR_TRUNCATED, 4, "foo", -1, 0 },
	{ "Zm9v\r\nY\r\n", 3, MC_B64_MIME, 0, MC_ERR_TRUNCATED, 6, "foo", -1, 0 },
	/* B8: non-zero trailing bits */
	{ "Zm9vYh==", 3, MC_B64_STRICT, 0, MC_ERR_TRAILING_BITS, 5, "foo", -1, 0 },
	{ "Zm9vYh==", 4, MC_B64_MIME, 0, MC_OK, 5, "foob", D_BITS, 1 },
	{ "Zm9vYmF=", 3, MC_B64_STRICT, 0, MC_ERR_TRAILING_BITS, 6, "foo", -1, 0 },
	{ "Zm9vYh", 3, MC_B64_STRICT, MC_B64_NO_PADDING, MC_ERR_TRAILING_BITS, 5, "foo", -1, 0 },
	/* B9: padding first or only */
	{ "=Zm9v", 0, MC_B64_STRICT, 0, MC_ERR_BAD_PADDING, 0, "", -1, 0 },
	{ "====", 0, MC_B64_STRICT, 0, MC_ERR_BAD_PADDING, 0, "", -1, 0 },
	{ "====", 0, MC_B64_MIME, 0, MC_OK, 0, "", D_BAD_PAD, 4 },
	{ "=Zm9v", 0, MC_B64_MIME, 0, MC_OK, 1, "", D_AFTER, 4 },
	/* B11: empty and blank */
	{ "", 0, MC_B64_STRICT, 0, MC_OK, 0, "", -1, 0 },
	{ " \r\n\t ", 0, MC_B64_MIME, 0, MC_OK, 0, "", -1, 0 },
	{ " ", 0, MC_B64_STRICT, 0, MC_ERR_INVALID_CHAR, 0, "", -1, 0 },
	/* CRLF and blanks around padding */
	{ "Zm9vYg\r\n=\r\n=\r\n", 4, MC_B64_MIME, 0, MC_OK, 0, "foob", -1, 0 },
	{ "Zm9vYg==\r\n", 4, MC_B64_STRICT, 0, MC_ERR_INVALID_CHAR, 8, "foob", -1, 0 },
	{ "Zm9v!YmFy", 6, MC_B64_MIME, 0, MC_OK, 4, "foobar", D_INVALID, 1 },
	{ "Zm9v!YmFy", 3, MC_B64_STRICT, 0, MC_ERR_INVALID_CHAR, 4, "foo", -1, 0 },
	{ "Zg==!", 1, MC_B64_MIME, 0, MC_OK, 4, "f", D_AFTER, 1 },
};

static const mc_defect *defect_at(const mc_b64_defects *d, int k)
{
	const mc_defect *all[] = { &d->invalid_char, &d->bad_padding, &d->after_padding,
	                           &d->missing_padding, &d->trailing_bits };
	return all[k];
}

START_TEST(test_decode_edge_cases)
{
	size_t k;

	SKIP_UNSUPPORTED(_i);
	for (k = 0; k < sizeof edges / sizeof edges[0]; k++) {
		const struct edge *e = &edges[k];
		mc_b64_config cfg = { .mode = e->mode, .flags = e->flags };
		size_t len = strlen(e->in), outlen = e->outlen;
		mc_b64_result res;
		mc_status st;
		uint8_t *out;

		st = check_decode_agrees(e->in, len, cfg, (mc_isa)_i, &res);
		cfg.isa = (mc_isa)_i;
		out = decode_exact(e->in, len, &cfg, &st, &res);
		if (st != e->st)
			ck_abort_msg("case %zu '%s': status %d, expected %d", k, e->in, st, e->st);
		if (st != MC_OK)
			ck_assert_uint_eq(res.error_offset, e->offset);
		ck_assert_uint_eq(res.written, outlen);
		ck_assert_mem_eq(out, e->out, outlen);
		if (e->defect >= 0) {
			const mc_defect *d = defect_at(&res.defects, e->defect);
			if (d->count != e->count || d->first != e->offset)
				ck_abort_msg("case %zu '%s': defect %d count %llu first %llu", k, e->in,
				             e->defect, (unsigned long long)d->count,
				             (unsigned long long)d->first);
		} else if (st == MC_OK) {
			mc_b64_defects none;
			memset(&none, 0, sizeof none);
			ck_assert_mem_eq(&res.defects, &none, sizeof none);
		}
		free(out);
	}
}
END_TEST

/* ---------------------------------------------------------------- streaming */

static char *stream_encode(const uint8_t *src, size_t len, const mc_b64_config *cfg,
                           const size_t *cuts, size_t ncuts, size_t *outlen)
{
	mc_b64_encoder enc;
	size_t pos = 0, k, n = 0, cap = len * 4 + 64, w;
	char *out = malloc(cap);

	ck_assert_int_eq(mc_b64_encoder_init(&enc, cfg), MC_OK);
	for (k = 0; k <= ncuts; k++) {
		size_t end = k < ncuts ? cuts[k] : len, bound;
		uint8_t *chunk = exact_copy(src + pos, end - pos);
		ck_assert_int_eq(mc_b64_encoder_bound(&enc, end - pos, &bound), MC_OK);
		ck_assert_uint_le(n + bound, cap);
		ck_assert_int_eq(mc_b64_encoder_update(&enc, chunk, end - pos, out + n, bound, &w), MC_OK);
		ck_assert_uint_le(w, bound);
		n += w;
		pos = end;
		free(chunk);
	}
	ck_assert_int_eq(mc_b64_encoder_final(&enc, out + n, MC_B64_ENCODER_FINAL_MAX, &w), MC_OK);
	*outlen = n + w;
	return out;
}

static mc_status stream_decode(const char *src, size_t len, const mc_b64_config *cfg,
                               const size_t *cuts, size_t ncuts, uint8_t *out,
                               mc_b64_result *res)
{
	mc_b64_decoder dec;
	size_t pos = 0, k, n = 0, w;
	mc_status st = MC_OK;

	ck_assert_int_eq(mc_b64_decoder_init(&dec, cfg), MC_OK);
	for (k = 0; k <= ncuts && st == MC_OK; k++) {
		size_t end = k < ncuts ? cuts[k] : len, bound;
		char *chunk = exact_copy(src + pos, end - pos);
		mc_b64_decoder_bound(end - pos, &bound);
		st = mc_b64_decoder_update(&dec, chunk, end - pos, out + n, bound, &w);
		n += w;
		pos = end;
		free(chunk);
	}
	st = mc_b64_decoder_final(&dec, out + n, MC_B64_DECODER_FINAL_MAX, res);
	res->written += n;
	return st;
}

static size_t fixed_cuts(size_t len, size_t step, size_t *cuts)
{
	size_t n = 0, p;

	for (p = step; p < len; p += step)
		cuts[n++] = p;
	return n;
}

static size_t random_cuts(size_t len, uint64_t *seed, size_t *cuts)
{
	size_t n = 0, p = 0;

	while (len > 0) {
		p += rng_next(seed) % 150;
		if (p >= len)
			break;
		cuts[n++] = p;
	}
	return n;
}

START_TEST(test_stream_encode_chunks)
{
	uint64_t seed = 3;
	uint8_t plain[700];
	size_t cuts[800], step, k;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (k = 0; k < sizeof widths / sizeof widths[0]; k += 3) {
		mc_b64_config cfg = { .line_width = widths[k], .eol = (int)(k & 1), .isa = (mc_isa)_i };
		size_t reflen, outlen;
		char *ref = ref_encode(plain, sizeof plain, &cfg, &reflen);

		for (step = 1; step <= 100 + 10; step++) {
			size_t n = step <= 100 ? fixed_cuts(sizeof plain, step, cuts)
			                       : random_cuts(sizeof plain, &seed, cuts);
			char *out = stream_encode(plain, sizeof plain, &cfg, cuts, n, &outlen);
			ck_assert_uint_eq(outlen, reflen);
			ck_assert_mem_eq(out, ref, reflen);
			free(out);
		}
		free(ref);
	}
}
END_TEST

/* B14: chunk invariance of the decoder, also inside CRLF, blank runs and '=='. */
START_TEST(test_stream_decode_chunks)
{
	static const char *const extra[] = {
		"Zm9vYg\r\n=\r\n=  \r\n", "Zm9v=YmFy", "Zg==Zm9v", "Zm9vY", "Zm9vYh==", "Zm9v!YmFy",
	};
	uint64_t seed = 17;
	uint8_t plain[500];
	size_t cuts[1200], step, k;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	for (k = 0; k < 3 + sizeof extra / sizeof extra[0]; k++) {
		mc_b64_config ecfg = { .line_width = k == 0 ? 0 : 76, .eol = (int)(k == 1) };
		mc_b64_config dcfg = { .mode = k == 0 ? MC_B64_STRICT : MC_B64_MIME, .isa = (mc_isa)_i };
		size_t elen;
		char *enc;
		mc_b64_result one, part;
		mc_status s1, s2;
		uint8_t *o1, *o2;

		if (k < 3) {
			enc = ref_encode(plain, sizeof plain - k, &ecfg, &elen);
			if (k == 2) /* blank runs longer than a vector inside the lines */
				memset(enc + 100, ' ', 40);
		} else {
			enc = strdup(extra[k - 3]);
			elen = strlen(enc);
			dcfg.mode = (k & 1) ? MC_B64_MIME : MC_B64_STRICT;
		}
		o1 = decode_exact(enc, elen, &dcfg, &s1, &one);
		o2 = malloc(elen + 8);
		for (step = 1; step <= 100 + 20; step++) {
			size_t n = step <= 100 ? fixed_cuts(elen, step, cuts) : random_cuts(elen, &seed, cuts);
			s2 = stream_decode(enc, elen, &dcfg, cuts, n, o2, &part);
			assert_same_result(s1, &one, o1, s2, &part, o2, "stream vs one-shot");
		}
		free(o1);
		free(o2);
		free(enc);
	}
}
END_TEST

/*
 * B9 at length: stray bytes on every line ("> " quoting, dot-stuffing),
 * or every few characters, at every place around quanta, in text long
 * enough that the driver gathers the characters around them in bulk.
 * Each is counted once, the first at its offset, and a stream of one
 * byte a call (byte by byte throughout) agrees.
 */
START_TEST(test_decode_stray_bytes_gathered)
{
	/*
	 * '-' is the other alphabet's (URL text gets '+'); bytes 128 above a
	 * character, a blank and '=' (a lookup without bit 7 takes them for
	 * those)
	 */
	static const char junk[] = { '>', '!', '.', '-', '\x01', (char)0xff, (char)0xc1, (char)0x8d, (char)0xbd };
	uint64_t seed = 41;
	static uint8_t plain[6000];
	size_t every;
	int url;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	/* every = 0: after each line end, two bytes ("> "); else one every `every` bytes, then blanks */
	for (url = 0; url < 2; url++)
		for (every = 0; every < 16; every++) {
			mc_b64_config ecfg = { .line_width = 76, .eol = MC_EOL_CRLF, .alphabet = url };
			mc_b64_config dcfg = { .mode = MC_B64_MIME, .alphabet = url, .isa = (mc_isa)_i };
			size_t elen, n = 0, k, strays = 0, first = 0, *cuts;
			char *enc = ref_encode(plain, sizeof plain, &ecfg, &elen), *buf = malloc(3 * elen);
			uint8_t *o1, *o2 = malloc(3 * elen);
			mc_b64_result one, part;
			mc_status s1, s2;

			for (k = 0; k < elen; k++) {
				buf[n++] = enc[k];
				if (every == 0 ? enc[k] == '\n' : (k + every / 2) % every == every - 1) {
					char c = junk[(k + every) % sizeof junk];
					if (strays == 0)
						first = n;
					buf[n++] = url && c == '-' ? '+' : c;
					strays++;
					if (every == 0 || every % 3 == 1)
						buf[n++] = ' ';
				}
			}
			o1 = decode_exact(buf, n, &dcfg, &s1, &one);
			ck_assert_int_eq(s1, MC_OK);
			ck_assert_uint_eq(one.written, sizeof plain);
			ck_assert_mem_eq(o1, plain, sizeof plain);
			ck_assert_msg(one.defects.invalid_char.count == strays &&
			                  one.defects.invalid_char.first == first,
			              "every %zu%s: %llu strays from %llu, inserted %zu from %zu", every,
			              url ? " (URL)" : "", (unsigned long long)one.defects.invalid_char.count,
			              (unsigned long long)one.defects.invalid_char.first, strays, first);
			cuts = malloc(n * sizeof *cuts);
			s2 = stream_decode(buf, n, &dcfg, cuts, fixed_cuts(n, 1, cuts), o2, &part);
			assert_same_result(s1, &one, o1, s2, &part, o2, "byte by byte vs one-shot");
			free(cuts);
			free(o1);
			free(o2);
			free(buf);
			free(enc);
		}
}
END_TEST

START_TEST(test_stream_misuse)
{
	mc_b64_encoder enc;
	mc_b64_decoder dec;
	char out[64];
	size_t w;
	mc_b64_result res;

	ck_assert_int_eq(mc_b64_encoder_init(&enc, NULL), MC_OK);
	ck_assert_int_eq(mc_b64_encoder_update(&enc, "abc", 3, out, 3, &w), MC_ERR_BUFFER_TOO_SMALL);
	ck_assert_int_eq(mc_b64_encoder_final(&enc, out, sizeof out, &w), MC_OK);
	ck_assert_int_eq(mc_b64_encoder_update(&enc, "abc", 3, out, sizeof out, &w), MC_ERR_STATE);
	ck_assert_int_eq(mc_b64_decoder_init(&dec, NULL), MC_OK);
	ck_assert_int_eq(mc_b64_decoder_update(&dec, "Zm!v", 4, out, sizeof out, &w),
	                 MC_ERR_INVALID_CHAR);
	/* sticky */
	ck_assert_int_eq(mc_b64_decoder_update(&dec, "Zm9v", 4, out, sizeof out, &w),
	                 MC_ERR_INVALID_CHAR);
	ck_assert_int_eq(mc_b64_decoder_final(&dec, out, sizeof out, &res), MC_ERR_INVALID_CHAR);
	ck_assert_uint_eq(res.error_offset, 2);
}
END_TEST

/* ---------------------------------------------------------------- lengths, config */

START_TEST(test_length_helpers)
{
	mc_b64_config cfg = { 0 }, wrap = { .line_width = 76, .eol = MC_EOL_CRLF };
	mc_b64_encoder enc;
	size_t n;

	/* B12 */
	ck_assert_int_eq(mc_b64_encoded_length(SIZE_MAX, &cfg, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_b64_encoded_length(SIZE_MAX / 4 * 3, &cfg, &n), MC_OK);
	ck_assert_uint_eq(n, SIZE_MAX / 4 * 4);
	ck_assert_int_eq(mc_b64_encoded_length(SIZE_MAX / 4 * 3, &wrap, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_b64_encoded_length(SIZE_MAX / 4 * 3 - 3, &cfg, &n), MC_OK);
	ck_assert_int_eq(mc_b64_decoded_max_length(SIZE_MAX, &n), MC_OK);
	ck_assert_uint_eq(n, SIZE_MAX / 4 * 3 + 2);
	ck_assert_int_eq(mc_b64_decoder_bound(SIZE_MAX, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_b64_decoder_bound(SIZE_MAX - 3, &n), MC_OK);
	ck_assert_int_eq(mc_b64_encoder_init(&enc, &wrap), MC_OK);
	ck_assert_int_eq(mc_b64_encoder_bound(&enc, SIZE_MAX, &n), MC_ERR_OVERFLOW);
	ck_assert_int_eq(mc_b64_encoder_bound(&enc, 57, &n), MC_OK);
	ck_assert_uint_ge(n, 78);
	ck_assert_int_eq(mc_b64_encoded_length(57, &wrap, &n), MC_OK);
	ck_assert_uint_eq(n, 78);
	ck_assert_int_eq(mc_b64_encoded_length(0, &wrap, &n), MC_OK);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(mc_b64_decoded_max_length(7, &n), MC_OK);
	ck_assert_uint_eq(n, 5);
}
END_TEST

START_TEST(test_bad_config)
{
	mc_b64_config cfg = { .alphabet = 2 };
	mc_b64_encoder enc;
	size_t n;
	char out[8];

	ck_assert_int_eq(mc_b64_encoded_length(3, &cfg, &n), MC_ERR_INVALID_ARGUMENT);
	cfg.alphabet = 0;
	cfg.flags = 0x80;
	ck_assert_int_eq(mc_b64_encoder_init(&enc, &cfg), MC_ERR_INVALID_ARGUMENT);
	cfg.flags = 0;
	cfg.isa = MC_ISA_COUNT;
	ck_assert_int_eq(mc_b64_encode("a", 1, out, sizeof out, &n, &cfg), MC_ERR_INVALID_ARGUMENT);
	/* SSE4.1 has no kernels of its own, and no CPU has both NEON and SSSE3 */
	cfg.isa = MC_ISA_SSE41;
	ck_assert_int_eq(mc_b64_encode("a", 1, out, sizeof out, &n, &cfg), MC_ERR_ISA_UNAVAILABLE);
	cfg.isa = mc_isa_supported(MC_ISA_NEON) ? MC_ISA_SSSE3 : MC_ISA_NEON;
	ck_assert_int_eq(mc_b64_encode("a", 1, out, sizeof out, &n, &cfg), MC_ERR_ISA_UNAVAILABLE);
	ck_assert_str_eq(mc_strerror(MC_ERR_TRAILING_BITS), "non-zero trailing bits");
}
END_TEST

/* Decodes src in place (not copied) on scalar and on isa, into exact-size buffers; the results must agree. */
static mc_status decode_in_place_agrees(const char *src, size_t len, mc_isa isa, mc_b64_result *res)
{
	mc_b64_config cfg = { .mode = MC_B64_STRICT, .isa = MC_ISA_SCALAR };
	mc_b64_result rs;
	mc_status ss, si;
	size_t cap;
	uint8_t *os, *oi;

	mc_b64_decoded_max_length(len, &cap);
	os = malloc(cap);
	oi = malloc(cap);
	ss = mc_b64_decode(src, len, os, cap, &rs, &cfg);
	cfg.isa = isa;
	si = mc_b64_decode(src, len, oi, cap, res, &cfg);
	assert_same_result(ss, &rs, os, si, res, oi, mc_isa_name(isa));
	free(os);
	free(oi);
	return si;
}

/*
 * B1, B13: input at every offset within a cache line, with one bad
 * character at positions across the first blocks and the groups of four
 * after them (the AVX-512 decoder loads input off a line's start from
 * aligned addresses, joined by a permute).  Each input sits at the end of
 * an allocation of exactly its size.
 */
START_TEST(test_decode_bad_char_every_alignment)
{
	uint64_t seed = 77;
	uint8_t plain[900];
	mc_b64_config ecfg = { 0 };
	size_t elen, align, pos;
	char *enc;

	SKIP_UNSUPPORTED(_i);
	rng_fill(&seed, plain, sizeof plain);
	enc = ref_encode(plain, sizeof plain, &ecfg, &elen); /* 1200 characters */
	for (align = 0; align < 64; align++) {
		char *buf = malloc(align + elen), *in = buf + align;
		mc_b64_result res;

		memcpy(in, enc, elen);
		ck_assert_int_eq(decode_in_place_agrees(in, elen, (mc_isa)_i, &res), MC_OK);
		ck_assert_uint_eq(res.written, sizeof plain);
		for (pos = align % 5; pos < 720; pos += 5 + pos % 3) {
			in[pos] = pos % 2 ? '*' : (char)0xc3;
			ck_assert_int_eq(decode_in_place_agrees(in, elen, (mc_isa)_i, &res), MC_ERR_INVALID_CHAR);
			ck_assert_uint_eq(res.error_offset, pos);
			ck_assert_uint_eq(res.written, pos / 4 * 3);
			in[pos] = enc[pos];
		}
		free(buf);
	}
	free(enc);
}
END_TEST

/* B13: unaligned input and output at every offset within a vector. */
START_TEST(test_unaligned)
{
	uint64_t seed = 23;
	uint8_t plain[1000], *in, *dec;
	char *enc;
	size_t off, w;
	mc_b64_config cfg = { .isa = (mc_isa)_i };
	mc_b64_result res;

	SKIP_UNSUPPORTED(_i);
	in = malloc(1100);
	dec = malloc(1100);
	enc = malloc(1500);
	rng_fill(&seed, plain, sizeof plain);
	for (off = 0; off < 64; off++) {
		memcpy(in + off, plain, sizeof plain);
		ck_assert_int_eq(mc_b64_encode(in + off, sizeof plain, enc + off, 1500 - off, &w, &cfg), MC_OK);
		ck_assert_int_eq(mc_b64_decode(enc + off, w, dec + off, 1100 - off, &res, &cfg), MC_OK);
		ck_assert_uint_eq(res.written, sizeof plain);
		ck_assert_mem_eq(dec + off, plain, sizeof plain);
	}
	free(in);
	free(dec);
	free(enc);
}
END_TEST

/* The index of c in the alphabet, or -1. */
static int alphabet_index(int url, unsigned c)
{
	const char *p = c != 0 ? strchr(alphabets[url], (int)c) : NULL;

	return p != NULL ? (int)(p - alphabets[url]) : -1;
}

/*
 * The SIMD kernels' tables (codecs/kernels/base64_simd.h) for every byte
 * of both alphabets, read as the kernels read them: the nibble tables by
 * AND (the high one by PSHUFB, 0 for a byte of 0x80 or more), the roll by
 * high nibble or 0 for the special character, the encoder's offsets by
 * value.  (The URL tables once took '_' for a stray byte: only the speed
 * of the MIME loops showed it.)
 */
START_TEST(test_simd_tables)
{
	int url;

	for (url = 0; url < 2; url++) {
		unsigned c, v;

		for (c = 0; c < 256; c++) {
			const int index = alphabet_index(url, c);
			const unsigned lo = c & 15, hi = c >> 4;
			const unsigned invalid = b64_lut_lo[url][lo] & b64_lut_hi[url][hi];
			const unsigned valid = b64_valid_lo[url][lo] & (c < 128 ? b64_valid_hi[url][hi] : 0);

			ck_assert_msg((invalid != 0) == (index < 0), "alphabet %d: lut says byte %u %s", url, c,
			              invalid ? "invalid" : "valid");
			ck_assert_msg((valid != 0) == (index >= 0), "alphabet %d: valid tables say byte %u %s",
			              url, c, valid ? "valid" : "invalid");
			if (index >= 0) {
				const unsigned roll_at = c == b64_special[url] ? 0 : hi;
				ck_assert_int_eq((uint8_t)(c + (unsigned)b64_roll[url][roll_at]), index);
			}
			ck_assert_int_eq(b64_ws_by_lo[lo] == c && c != 0, b64_is_ws((uint8_t)c));
		}
		for (v = 0; v < 64; v++) {
			const unsigned at = v < 26 ? 0 : v < 52 ? 1 : v - 50;
			ck_assert_int_eq((uint8_t)(v + (unsigned)b64_enc_offset[url][at]),
			                 (uint8_t)alphabets[url][v]);
		}
	}
}
END_TEST

static Suite *base64_suite(void)
{
	Suite *s = suite_create("base64");
	TCase *tc;

	LOOP_CASE(s, "vectors", test_rfc4648_vectors, 10);
	LOOP_CASE(s, "url", test_url_alphabet, 10);
	LOOP_CASE(s, "encode_lengths", test_encode_all_lengths_and_widths, 120);
	LOOP_CASE(s, "encode_long", test_encode_long_inputs, 120);
	LOOP_CASE(s, "encode_small_buffer", test_encode_buffer_too_small, 10);
	LOOP_CASE(s, "decode_round_trip", test_decode_round_trip, 120);
	LOOP_CASE(s, "decode_every_byte", test_decode_every_byte_every_offset, 300);
	LOOP_CASE(s, "decode_inserted", test_decode_inserted_bytes, 300);
	LOOP_CASE(s, "decode_whitespace", test_decode_mime_whitespace, 60);
	LOOP_CASE(s, "decode_broken_lines", test_decode_broken_line_structure, 120);
	LOOP_CASE(s, "decode_regular_lines", test_decode_regular_lines, 120);
	LOOP_CASE(s, "decode_edges", test_decode_edge_cases, 10);
	LOOP_CASE(s, "stream_encode", test_stream_encode_chunks, 120);
	LOOP_CASE(s, "stream_decode", test_stream_decode_chunks, 120);
	LOOP_CASE(s, "unaligned", test_unaligned, 30);
	LOOP_CASE(s, "decode_alignment", test_decode_bad_char_every_alignment, 120);
	LOOP_CASE(s, "decode_stray_bytes", test_decode_stray_bytes_gathered, 120);

	tc = tcase_create("api");
	tcase_add_test(tc, test_stream_misuse);
	tcase_add_test(tc, test_length_helpers);
	tcase_add_test(tc, test_bad_config);
	tcase_add_test(tc, test_simd_tables);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	report_skipped();
	return run_suite(base64_suite());
}
