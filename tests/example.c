/* Encode a message for MIME, then decode it back. */
#include <stdio.h>
#include <string.h>

#include <mimecodec.h>

int main(void)
{
	const char msg[] = "Hello, MIME world!";
	mc_b64_config enc_cfg = { .line_width = 76, .eol = MC_EOL_CRLF };
	mc_b64_config dec_cfg = { .mode = MC_B64_MIME };
	char text[128];
	unsigned char back[128];
	size_t len;
	mc_b64_result res;
	mc_status st;

	st = mc_b64_encode(msg, strlen(msg), text, sizeof text, &len, &enc_cfg);
	if (st != MC_OK) {
		fprintf(stderr, "encode: %s\n", mc_strerror(st));
		return 1;
	}
	printf("%.*s", (int)len, text); /* SGVsbG8sIE1JTUUgd29ybGQh\r\n */

	st = mc_b64_decode(text, len, back, sizeof back, &res, &dec_cfg);
	if (st != MC_OK) {
		fprintf(stderr, "decode: %s at byte %llu\n", mc_strerror(st),
		        (unsigned long long)res.error_offset);
		return 1;
	}
	if (res.defects.invalid_char.count != 0)
		fprintf(stderr, "skipped %llu stray bytes, the first at %llu\n",
		        (unsigned long long)res.defects.invalid_char.count,
		        (unsigned long long)res.defects.invalid_char.first);
	return res.written == strlen(msg) && memcmp(back, msg, res.written) == 0 ? 0 : 1;
}
