/*
 * Encoder properties on arbitrary bytes with a random configuration:
 *  - the length helper is exact;
 *  - every path writes the same bytes as scalar;
 *  - streaming in chunks chosen from the input equals the one-shot call;
 *  - the MIME decoder (or the strict one, unwrapped) gives the input back.
 * Bytes 0-1: line width (0 = none), byte 2: bit 0 CRLF, bit 1 URL
 * alphabet, bit 2 no padding; byte 3 seeds the chunking.
 */
#include "fuzz_util.h"

static char *encode_stream(const uint8_t *src, size_t len, const mc_b64_config *cfg,
                           uint32_t seed, size_t cap, size_t *outlen)
{
	mc_b64_encoder enc;
	size_t pos = 0, n = 0, w;
	char *out = malloc(cap + MC_B64_ENCODER_FINAL_MAX + 256);

	FUZZ_CHECK(mc_b64_encoder_init(&enc, cfg) == MC_OK);
	while (pos < len) {
		size_t chunk = fuzz_next_chunk(&seed, len - pos), bound;
		FUZZ_CHECK(mc_b64_encoder_bound(&enc, chunk, &bound) == MC_OK);
		FUZZ_CHECK(n + bound <= cap + 256);
		FUZZ_CHECK(mc_b64_encoder_update(&enc, src + pos, chunk, out + n, bound, &w) == MC_OK);
		FUZZ_CHECK(w <= bound);
		n += w;
		pos += chunk;
	}
	FUZZ_CHECK(mc_b64_encoder_final(&enc, out + n, MC_B64_ENCODER_FINAL_MAX, &w) == MC_OK);
	*outlen = n + w;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_b64_config cfg = { 0 }, dcfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len, need, w, cap;
	uint8_t *src, *back;
	char *ref;
	mc_b64_result res;

	if (size < 4)
		return 0;
	cfg.line_width = (unsigned)(data[0] | (data[1] & 1) << 8);
	cfg.eol = (data[2] & 1) ? MC_EOL_CRLF : MC_EOL_LF;
	cfg.alphabet = (data[2] & 2) ? MC_B64_URL : MC_B64_STANDARD;
	cfg.flags = (data[2] & 4) ? MC_B64_NO_PADDING : 0;
	len = size - 4;
	src = malloc(len ? len : 1);
	memcpy(src, data + 4, len);

	FUZZ_CHECK(mc_b64_encoded_length(len, &cfg, &need) == MC_OK);
	cfg.isa = MC_ISA_SCALAR;
	ref = malloc(need ? need : 1); /* exact size: over-writes are caught */
	FUZZ_CHECK(mc_b64_encode(src, len, ref, need, &w, &cfg) == MC_OK);
	FUZZ_CHECK(w == need);
	for (k = 0; k < npaths; k++) {
		char *out = malloc(need ? need : 1), *streamed;
		size_t slen;

		cfg.isa = paths[k];
		FUZZ_CHECK(mc_b64_encode(src, len, out, need, &w, &cfg) == MC_OK);
		FUZZ_CHECK(w == need && memcmp(out, ref, need) == 0);
		streamed = encode_stream(src, len, &cfg, data[3] + (uint32_t)k, need, &slen);
		FUZZ_CHECK(slen == need && memcmp(streamed, ref, need) == 0);
		free(streamed);
		free(out);
	}

	dcfg.alphabet = cfg.alphabet;
	dcfg.flags = cfg.flags;
	dcfg.mode = cfg.line_width ? MC_B64_MIME : MC_B64_STRICT;
	mc_b64_decoded_max_length(need, &cap);
	back = malloc(cap ? cap : 1);
	if (dcfg.mode == MC_B64_MIME && (cfg.flags & MC_B64_NO_PADDING)) {
		FUZZ_CHECK(mc_b64_decode(ref, need, back, cap, &res, &dcfg) == MC_OK);
		FUZZ_CHECK(res.defects.missing_padding.count == 0);
	} else {
		FUZZ_CHECK(mc_b64_decode(ref, need, back, cap, &res, &dcfg) == MC_OK);
	}
	FUZZ_CHECK(res.written == len && memcmp(back, src, len) == 0);
	free(back);
	free(ref);
	free(src);
	return 0;
}
