/*
 * Decoder properties on arbitrary input, in strict and MIME mode:
 *  - every path agrees with scalar on bytes, status, offset and defects;
 *  - streaming in chunks chosen from the input equals the one-shot call;
 *  - strict mode is canonical: what it accepts re-encodes to itself;
 *  - MIME mode output re-encodes to something strict mode decodes back.
 * First byte: bit 0 MIME mode, bit 1 URL alphabet, bit 2 no padding,
 * bit 3 lay the rest out in lines of 64 + (second byte % 80) characters
 * (bit 4: CRLF), the shape the kernels learn and expect, so that the
 * fuzzer's changes land inside it; second byte seeds the chunking.  The
 * top three bits of each place the input at an offset of 0-63 bytes from
 * a malloc'ed address (kernels load aligned where they can).
 */
#include "fuzz_util.h"

struct decoded {
	mc_status st;
	mc_b64_result res;
	uint8_t *out;
};

static void decode_one(const char *src, size_t len, const mc_b64_config *cfg, struct decoded *d)
{
	size_t cap;

	mc_b64_decoded_max_length(len, &cap);
	d->out = malloc(cap + 1);
	d->st = mc_b64_decode(src, len, d->out, cap, &d->res, cfg);
}

static void same(const struct decoded *a, const struct decoded *b)
{
	FUZZ_CHECK(a->st == b->st);
	FUZZ_CHECK(a->res.written == b->res.written);
	FUZZ_CHECK(a->res.error_offset == b->res.error_offset);
	FUZZ_CHECK(memcmp(&a->res.defects, &b->res.defects, sizeof a->res.defects) == 0);
	FUZZ_CHECK(memcmp(a->out, b->out, a->res.written) == 0);
}

static void decode_stream(const char *src, size_t len, const mc_b64_config *cfg, uint32_t seed,
                          struct decoded *d)
{
	mc_b64_decoder dec;
	size_t pos = 0, n = 0, cap, w;
	mc_status st = MC_OK;

	mc_b64_decoded_max_length(len, &cap);
	d->out = malloc(cap + 8);
	FUZZ_CHECK(mc_b64_decoder_init(&dec, cfg) == MC_OK);
	while (pos < len && st == MC_OK) {
		size_t chunk = fuzz_next_chunk(&seed, len - pos), bound;
		mc_b64_decoder_bound(chunk, &bound);
		st = mc_b64_decoder_update(&dec, src + pos, chunk, d->out + n, bound, &w);
		FUZZ_CHECK(w <= bound);
		n += w;
		pos += chunk;
	}
	d->st = mc_b64_decoder_final(&dec, d->out + n, MC_B64_DECODER_FINAL_MAX, &d->res);
	d->res.written += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_b64_config cfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len, align;
	struct decoded ref, other;
	const char *src;
	char *copy;

	if (size < 2)
		return 0;
	cfg.mode = (data[0] & 1) ? MC_B64_MIME : MC_B64_STRICT;
	cfg.alphabet = (data[0] & 2) ? MC_B64_URL : MC_B64_STANDARD;
	cfg.flags = (data[0] & 4) ? MC_B64_NO_PADDING : 0;
	len = size - 2;
	align = (size_t)(data[0] >> 5 << 3 | data[1] >> 5);
	if (data[0] & 8) {
		const size_t width = 64 + data[1] % 80, eol = (data[0] & 16) ? 2 : 1;
		const size_t lines = (len + width - 1) / width;
		size_t i, n = 0;
		char *text;

		copy = malloc(align + len + lines * eol + 1 - (len != 0)); /* exact size, as below */
		text = copy + align;
		for (i = 0; i < len; i += width) {
			size_t take = len - i < width ? len - i : width;
			memcpy(text + n, data + 2 + i, take);
			n += take;
			if (eol == 2)
				text[n++] = '\r';
			text[n++] = '\n';
		}
		len = n;
	} else {
		copy = malloc(align + (len ? len : 1)); /* exact size: over-reads are caught */
		memcpy(copy + align, data + 2, len);
	}
	src = copy + align;

	cfg.isa = MC_ISA_SCALAR;
	decode_one(src, len, &cfg, &ref);
	FUZZ_CHECK(ref.st != MC_OK || ref.res.error_offset == 0);
	FUZZ_CHECK(ref.st == MC_OK || ref.res.error_offset < len + 1);
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
		mc_b64_config enc = cfg, strict = cfg;
		size_t elen, w;
		char *e;
		struct decoded back;

		enc.isa = MC_ISA_AUTO;
		enc.line_width = 0;
		FUZZ_CHECK(mc_b64_encoded_length(ref.res.written, &enc, &elen) == MC_OK);
		e = malloc(elen + 1);
		FUZZ_CHECK(mc_b64_encode(ref.out, ref.res.written, e, elen, &w, &enc) == MC_OK);
		FUZZ_CHECK(w == elen);
		if (cfg.mode == MC_B64_STRICT) {
			FUZZ_CHECK(elen == len && memcmp(e, src, len) == 0);
		} else {
			strict.mode = MC_B64_STRICT;
			strict.isa = MC_ISA_AUTO;
			decode_one(e, elen, &strict, &back);
			FUZZ_CHECK(back.st == MC_OK && back.res.written == ref.res.written);
			FUZZ_CHECK(memcmp(back.out, ref.out, ref.res.written) == 0);
			free(back.out);
		}
		free(e);
	}
	free(ref.out);
	free(copy);
	return 0;
}
