/*
 * Quoted-printable decoder properties on arbitrary input:
 *  - every path agrees with scalar (bytes, status, offset, defects);
 *  - decoding in chunks chosen from the input equals the one-shot call;
 *  - what decodes re-encodes (binary mode) to text that strict mode
 *    decodes back to the same bytes.
 * First byte: bit 0 lenient, bits 1-2 the line ends to write (0 LF,
 * 1 CRLF, 2 and 3 each as it came); second seeds the chunks.
 */
#include "fuzz_util.h"

struct decoded {
	mc_status st;
	mc_qp_result res;
	uint8_t *out;
};

static void decode_one(const char *src, size_t len, const mc_qp_config *cfg, struct decoded *d)
{
	size_t cap;

	mc_qp_decoded_max_length(len, cfg, &cap);
	d->out = malloc(cap + 1);
	d->st = mc_qp_decode(src, len, d->out, cap, &d->res, cfg);
}

static void same(const struct decoded *a, const struct decoded *b)
{
	FUZZ_CHECK(a->st == b->st);
	FUZZ_CHECK(a->res.written == b->res.written);
	FUZZ_CHECK(a->res.error_offset == b->res.error_offset);
	FUZZ_CHECK(memcmp(&a->res.defects, &b->res.defects, sizeof a->res.defects) == 0);
	FUZZ_CHECK(memcmp(a->out, b->out, a->res.written) == 0);
}

static void decode_stream(const char *src, size_t len, const mc_qp_config *cfg, uint32_t seed,
                          struct decoded *d)
{
	mc_qp_decoder *dec = malloc(sizeof *dec);
	size_t pos = 0, n = 0, cap, w;
	mc_status st = MC_OK;

	mc_qp_decoded_max_length(len, cfg, &cap);
	d->out = malloc(cap + MC_QP_DECODER_FINAL_MAX + MC_QP_BLANKS_MAX + 16);
	FUZZ_CHECK(mc_qp_decoder_init(dec, cfg) == MC_OK);
	while (pos < len && st == MC_OK) {
		size_t chunk = fuzz_next_chunk(&seed, len - pos), bound;
		mc_qp_decoder_bound(chunk, dec, &bound);
		st = mc_qp_decoder_update(dec, src + pos, chunk, d->out + n, bound, &w);
		n += w;
		pos += chunk;
		FUZZ_CHECK(n <= cap + MC_QP_BLANKS_MAX + 8);
	}
	d->st = mc_qp_decoder_final(dec, d->out + n, MC_QP_DECODER_FINAL_MAX, &d->res);
	d->res.written += n;
	free(dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_qp_config cfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len;
	struct decoded ref, other;
	char *src;

	if (size < 2)
		return 0;
	cfg.mode = (data[0] & 1) ? MC_QP_LENIENT : MC_QP_STRICT;
	cfg.eol = (data[0] >> 1 & 3) == 0 ? MC_EOL_LF : (data[0] >> 1 & 3) == 1 ? MC_EOL_CRLF : MC_EOL_AS_INPUT;
	len = size - 2;
	src = malloc(len ? len : 1);
	memcpy(src, data + 2, len);

	cfg.isa = MC_ISA_SCALAR;
	decode_one(src, len, &cfg, &ref);
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
		mc_qp_config enc = { .flags = MC_QP_BINARY };
		size_t cap, w;
		char *e;
		struct decoded back;

		FUZZ_CHECK(mc_qp_encoded_max_length(ref.res.written, &enc, &cap) == MC_OK);
		e = malloc(cap);
		FUZZ_CHECK(mc_qp_encode(ref.out, ref.res.written, e, cap, &w, &enc) == MC_OK);
		decode_one(e, w, &enc, &back);
		FUZZ_CHECK(back.st == MC_OK && back.res.written == ref.res.written);
		FUZZ_CHECK(memcmp(back.out, ref.out, ref.res.written) == 0);
		free(back.out);
		free(e);
	}
	free(ref.out);
	free(src);
	return 0;
}
