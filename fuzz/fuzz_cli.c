/*
 * The CLI's own handling of untrusted bytes, on arbitrary input:
 *  - safe_name() gives a bare name (no '/', '\', control bytes, leading
 *    '.' or '-', never "." or ".."), valid UTF-8, at most SAFE_NAME_MAX
 *    bytes, and is idempotent;
 *  - cli_quote() shows only printable ASCII and printable UTF-8;
 *  - mimencode's quoted-printable (mmqp) gives the same bytes in any
 *    chunking, keeps its line length, and decodes back to the input.
 * First byte seeds the chunks.
 */
#include "fuzz_util.h"

#include "cli/cli.h"
#include "cli/mmqp.h"
#include "cli/safename.h"

/* Valid UTF-8 with no C0, DEL or C1 control and no surrogate. */
static int printable_utf8(const unsigned char *s)
{
	while (*s != '\0') {
		unsigned c = *s, len, i;
		unsigned long cp;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7F)
				return 0;
			s++;
			continue;
		}
		if (c < 0xC2 || c > 0xF4)
			return 0;
		len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		cp = c & (0x7Fu >> len);
		for (i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3Fu);
		}
		if (cp < 0xA0 || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += len;
	}
	return 1;
}

static void check_name(const char *name)
{
	char out[SAFE_NAME_MAX + 8], again[SAFE_NAME_MAX + 8];

	if (safe_name(name, out, sizeof out) != 0)
		return;
	FUZZ_CHECK(out[0] != '\0' && out[0] != '.' && out[0] != '-');
	FUZZ_CHECK(strlen(out) <= SAFE_NAME_MAX);
	FUZZ_CHECK(strpbrk(out, "/\\") == NULL);
	FUZZ_CHECK(printable_utf8((const unsigned char *)out));
	FUZZ_CHECK(safe_name(out, again, sizeof again) == 0 && strcmp(out, again) == 0);
}

static void check_mmqp(const uint8_t *data, size_t size, uint32_t seed)
{
	char *whole = malloc(mmqp_bound(size)), *parts = malloc(mmqp_bound(size) + 16);
	size_t nwhole, nparts = 0, pos = 0, cap, col = 0, i;
	mc_qp_config cfg = { .mode = MC_QP_STRICT, .eol = MC_EOL_AS_INPUT, .isa = MC_ISA_SCALAR };
	mc_qp_result res;
	struct mmqp q;
	uint8_t *back;

	mmqp_init(&q);
	nwhole = mmqp_encode(&q, data, size, 1, whole);
	mmqp_init(&q);
	while (pos < size) {
		size_t n = fuzz_next_chunk(&seed, size - pos);
		nparts += mmqp_encode(&q, data + pos, n, 0, parts + nparts);
		pos += n;
	}
	nparts += mmqp_encode(&q, (const uint8_t *)"", 0, 1, parts + nparts);
	FUZZ_CHECK(nparts == nwhole && memcmp(parts, whole, nwhole) == 0);
	for (i = 0; i < nwhole; i++) { /* at most 76 characters a line */
		col = whole[i] == '\n' ? 0 : col + 1;
		FUZZ_CHECK(col <= 76);
	}
	mc_qp_decoded_max_length(nwhole, &cfg, &cap);
	back = malloc(cap + 1);
	FUZZ_CHECK(mc_qp_decode(whole, nwhole, back, cap, &res, &cfg) == MC_OK);
	FUZZ_CHECK(res.written == size && memcmp(back, data, size) == 0);
	free(back);
	free(whole);
	free(parts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name;
	const char *shown;

	if (size == 0)
		return 0;
	name = malloc(size);
	memcpy(name, data + 1, size - 1);
	name[size - 1] = '\0';
	check_name(name);
	shown = cli_quote(name);
	FUZZ_CHECK(printable_utf8((const unsigned char *)shown));
	free(name);
	check_mmqp(data + 1, size - 1, data[0]);
	return 0;
}
