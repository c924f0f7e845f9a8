/*
 * Quoted-printable encoder properties on arbitrary bytes with a random
 * configuration: lines within the width with no blank at their end, every
 * path writes what scalar writes, streaming equals one-shot, and strict
 * decoding gives the input back (binary mode), or the input with its line
 * ends made the configured one (text mode).
 * Byte 0: width (0 = 76, else 4 + b % 73); byte 1: bit 0 CRLF, bit 1
 * binary, bit 2 From, bit 3 dot; byte 2 seeds the chunks.
 */
#include "fuzz_util.h"

/* The input with CRLF and LF both made the configured line end. */
static size_t expected_text(const uint8_t *src, size_t len, int crlf, uint8_t *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (src[i] == '\r' && i + 1 < len && src[i + 1] == '\n')
			continue;
		if (src[i] == '\n' && crlf)
			out[o++] = '\r';
		out[o++] = src[i];
	}
	return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_qp_config cfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len, cap, w, n, start, width, explen, dcap;
	uint8_t *src, *back, *expect;
	char *ref;
	mc_qp_result res;

	if (size < 3)
		return 0;
	cfg.line_width = data[0] ? 4 + data[0] % 73 : 0;
	cfg.eol = (data[1] & 1) ? MC_EOL_CRLF : MC_EOL_LF;
	cfg.flags = ((data[1] & 2) ? MC_QP_BINARY : 0) | ((data[1] & 4) ? MC_QP_PROTECT_FROM : 0) |
	            ((data[1] & 8) ? MC_QP_PROTECT_DOT : 0);
	width = cfg.line_width ? cfg.line_width : 76;
	len = size - 3;
	src = malloc(len ? len : 1);
	memcpy(src, data + 3, len);

	FUZZ_CHECK(mc_qp_encoded_max_length(len, &cfg, &cap) == MC_OK);
	ref = malloc(cap);
	cfg.isa = MC_ISA_SCALAR;
	FUZZ_CHECK(mc_qp_encode(src, len, ref, cap, &n, &cfg) == MC_OK);
	for (k = 0, start = 0; k <= n; k++) {
		if (k == n || ref[k] == '\n') {
			size_t end = k > start && ref[k - 1] == '\r' ? k - 1 : k;
			FUZZ_CHECK(end - start <= width);
			FUZZ_CHECK(end == start || (ref[end - 1] != ' ' && ref[end - 1] != '\t'));
			start = k + 1;
		}
	}
	for (k = 0; k < npaths; k++) {
		mc_qp_encoder enc;
		char *out = malloc(cap), *streamed = malloc(cap + 256);
		uint32_t seed = data[2] + (uint32_t)k;
		size_t pos = 0, total = 0, bound;

		cfg.isa = paths[k];
		FUZZ_CHECK(mc_qp_encode(src, len, out, cap, &w, &cfg) == MC_OK);
		FUZZ_CHECK(w == n && memcmp(out, ref, n) == 0);
		FUZZ_CHECK(mc_qp_encoder_init(&enc, &cfg) == MC_OK);
		while (pos < len) {
			size_t chunk = fuzz_next_chunk(&seed, len - pos);
			FUZZ_CHECK(mc_qp_encoder_bound(&enc, chunk, &bound) == MC_OK);
			FUZZ_CHECK(mc_qp_encoder_update(&enc, src + pos, chunk, streamed + total, bound, &w) == MC_OK);
			total += w;
			pos += chunk;
		}
		FUZZ_CHECK(mc_qp_encoder_final(&enc, streamed + total, MC_QP_ENCODER_FINAL_MAX, &w) == MC_OK);
		FUZZ_CHECK(total + w == n && memcmp(streamed, ref, n) == 0);
		free(out);
		free(streamed);
	}
	cfg.isa = MC_ISA_AUTO;
	mc_qp_decoded_max_length(n, &cfg, &dcap);
	back = malloc(dcap + 1);
	FUZZ_CHECK(mc_qp_decode(ref, n, back, dcap, &res, &cfg) == MC_OK);
	expect = malloc(2 * len + 1);
	explen = (cfg.flags & MC_QP_BINARY) ? (memcpy(expect, src, len), len)
	                                     : expected_text(src, len, cfg.eol == MC_EOL_CRLF, expect);
	FUZZ_CHECK(res.written == explen && memcmp(back, expect, explen) == 0);
	free(expect);
	free(back);
	free(ref);
	free(src);
	return 0;
}
