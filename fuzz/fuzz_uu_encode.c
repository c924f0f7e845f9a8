/*
 * uuencode properties on arbitrary bytes: the length helper is exact,
 * every path writes what scalar writes, streaming in chunks equals the
 * one-shot call, and strict decoding gives back the bytes, mode and name.
 * Byte 0: bit 0 begin-base64, bit 1 CRLF, bit 2 encoded name; byte 1
 * seeds the chunking; byte 2 is the name's length, the name follows
 * (NUL, CR and LF in it replaced).
 */
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mc_uu_config cfg = { 0 };
	mc_isa paths[MC_ISA_COUNT];
	size_t npaths = fuzz_paths(paths), k, len, need, w, name_len, cap;
	char name[256], *ref;
	unsigned mode;
	uint8_t *src, *back;
	mc_uu_header hdr;
	mc_uu_result res;

	if (size < 4)
		return 0;
	cfg.form = (data[0] & 1) ? MC_UU_BASE64 : MC_UU_CLASSIC;
	cfg.eol = (data[0] & 2) ? MC_EOL_CRLF : MC_EOL_LF;
	cfg.encode_name = (data[0] & 4) != 0;
	mode = (unsigned)data[0] << 4 | data[1];
	name_len = 1 + data[2] % 64;
	if (size < 3 + name_len)
		return 0;
	for (k = 0; k < name_len; k++) {
		char c = (char)data[3 + k];
		name[k] = (c == '\0' || c == '\r' || c == '\n') ? '_' : c;
	}
	name[name_len] = '\0';
	len = size - 3 - name_len;
	src = malloc(len ? len : 1);
	memcpy(src, data + 3 + name_len, len);

	FUZZ_CHECK(mc_uu_encoded_length(len, mode, name_len, &cfg, &need) == MC_OK);
	ref = malloc(need);
	cfg.isa = MC_ISA_SCALAR;
	FUZZ_CHECK(mc_uu_encode(src, len, mode, name, name_len, ref, need, &w, &cfg) == MC_OK);
	FUZZ_CHECK(w == need);
	for (k = 0; k < npaths; k++) {
		mc_uu_encoder enc;
		char *out = malloc(need), *streamed = malloc(need + 512);
		uint32_t seed = data[1] + (uint32_t)k;
		size_t pos = 0, n = 0, bound;

		cfg.isa = paths[k];
		FUZZ_CHECK(mc_uu_encode(src, len, mode, name, name_len, out, need, &w, &cfg) == MC_OK);
		FUZZ_CHECK(w == need && memcmp(out, ref, need) == 0);
		FUZZ_CHECK(mc_uu_encoder_init(&enc, mode, name, name_len, &cfg) == MC_OK);
		while (pos < len) {
			size_t chunk = fuzz_next_chunk(&seed, len - pos);
			FUZZ_CHECK(mc_uu_encoder_bound(&enc, chunk, &bound) == MC_OK);
			FUZZ_CHECK(n + bound <= need + 512);
			FUZZ_CHECK(mc_uu_encoder_update(&enc, src + pos, chunk, streamed + n, bound, &w) == MC_OK);
			n += w;
			pos += chunk;
		}
		FUZZ_CHECK(mc_uu_encoder_bound(&enc, 0, &bound) == MC_OK);
		FUZZ_CHECK(mc_uu_encoder_final(&enc, streamed + n, bound, &w) == MC_OK);
		FUZZ_CHECK(n + w == need && memcmp(streamed, ref, need) == 0);
		free(out);
		free(streamed);
	}
	mc_b64_decoded_max_length(need, &cap);
	back = malloc(cap ? cap : 1);
	cfg.isa = MC_ISA_AUTO;
	FUZZ_CHECK(mc_uu_decode(ref, need, back, cap, &hdr, &res, &cfg) == MC_OK);
	FUZZ_CHECK(res.written == len && memcmp(back, src, len) == 0);
	FUZZ_CHECK(hdr.mode == (mode & 0777u) && hdr.name_len == name_len);
	FUZZ_CHECK(memcmp(hdr.name, name, name_len) == 0 && res.end_offset == need);
	free(back);
	free(ref);
	free(src);
	return 0;
}
