/*
 * uudecode properties on arbitrary input, strict and lenient:
 *  - every path agrees with scalar on bytes, status, offsets and defects;
 *  - decoding in chunks chosen from the input equals the one-shot call;
 *  - whatever decodes, re-encoded with its begin line, decodes back to
 *    the same bytes and header.
 * First byte: bit 0 lenient; second byte seeds the chunking.
 */
#include "fuzz_util.h"

struct decoded {
	mc_status st;
	mc_uu_result res;
	mc_uu_header hdr;
	uint8_t *out;
};

static void decode_one(const char *src, size_t len, const mc_uu_config *cfg, struct decoded *d)
{
	size_t cap;

	mc_b64_decoded_max_length(len, &cap);
	d->out = malloc(cap + 1);
	memset(&d->hdr, 0, sizeof d->hdr);
	d->st = mc_uu_decode(src, len, d->out, cap, &d->hdr, &d->res, cfg);
}

static void same(const struct decoded *a, const struct decoded *b)
{
	FUZZ_CHECK(a->st == b->st);
	FUZZ_CHECK(a->res.written == b->res.written);
	FUZZ_CHECK(a->res.error_offset == b->res.error_offset);
	FUZZ_CHECK(a->res.error_line == b->res.error_line);
	FUZZ_CHECK(a->res.end_offset == b->res.end_offset);
	FUZZ_CHECK(memcmp(&a->res.defects, &b->res.defects, sizeof a->res.defects) == 0);
	FUZZ_CHECK(memcmp(a->out, b->out, a->res.written) == 0);
}

static void decode_stream(const char *src, size_t len, const mc_uu_config *cfg, uint32_t seed,
                          struct decoded *d)
{
	mc_uu_decoder *dec = malloc(sizeof *dec);
	size_t pos = 0, n = 0, cap, w;
	mc_status st = MC_OK;

	mc_b64_decoded_max_length(len, &cap);
	d->out = malloc(cap + MC_UU_DECODER_FINAL_MAX + 8192);
	FUZZ_CHECK(mc_uu_decoder_init(dec, cfg) == MC_OK);
	while (pos < len && st == MC_OK) {
		size_t chunk = fuzz_next_chunk(&seed, len - pos), bound;
		mc_uu_decoder_bound(chunk, &bound);
		st = mc_uu_decoder_update(dec, src + pos, chunk, d->out + n, bound, &w);
		n += w;
		pos += chunk;
	}
	d->st = mc_uu_decoder_final(dec, d->out + n, MC_UU_DECODER_FINAL_MAX, &w, &d->res);
	n += w;
	FUZZ_CHECK(n == d->res.written);
	free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_uu_config cfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len;
	struct decoded ref, other;
	char *src;

	if (size < 2)
		return 0;
	cfg.mode = (data[0] & 1) ? MC_UU_LENIENT : MC_UU_STRICT;
	len = size - 2;
	src = malloc(len ? len : 1);
	memcpy(src, data + 2, len);

	cfg.isa = MC_ISA_SCALAR;
	decode_one(src, len, &cfg, &ref);
	FUZZ_CHECK(ref.res.error_offset <= len);
	for (k = 1; k < npaths; k++) {
		cfg.isa = paths[k];
		decode_one(src, len, &cfg, &other);
		same(&ref, &other);
		free(other.out);
	}
	for (k = 0; k < npaths; k++) {
		cfg.isa = paths[k];
		decode_stream(src, len, &cfg, data[1] + (uint32_t)k, &other);
		same(&ref, &other);
		free(other.out);
	}
	if (ref.st == MC_OK) {
		mc_uu_config enc = { .form = ref.hdr.form, .encode_name = ref.hdr.name_was_encoded };
		size_t elen, w;
		char *e;
		struct decoded back;

		FUZZ_CHECK(mc_uu_encoded_length(ref.res.written, ref.hdr.mode, ref.hdr.name_len, &enc,
		                                &elen) == MC_OK);
		e = malloc(elen);
		FUZZ_CHECK(mc_uu_encode(ref.out, ref.res.written, ref.hdr.mode, ref.hdr.name,
		                        ref.hdr.name_len, e, elen, &w, &enc) == MC_OK);
		decode_one(e, w, &enc, &back);
		FUZZ_CHECK(back.st == MC_OK && back.res.written == ref.res.written);
		FUZZ_CHECK(memcmp(back.out, ref.out, ref.res.written) == 0);
		FUZZ_CHECK(back.hdr.name_len == ref.hdr.name_len &&
		           memcmp(back.hdr.name, ref.hdr.name, ref.hdr.name_len) == 0);
		FUZZ_CHECK(back.hdr.mode == (ref.hdr.mode & 0777u));
		free(back.out);
		free(e);
	}
	free(ref.out);
	free(src);
	return 0;
}
