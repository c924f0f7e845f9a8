/* Scalar uuencode line kernels: the oracle for the SIMD ones. */
#include "config.h"

#include <string.h>

#include "codecs/uu_impl.h"

size_t mc_uu_scalar_encode_lines(const uint8_t *src, size_t len, uint8_t *dst,
                                 const uint8_t eol[2], unsigned eol_len, size_t *written)
{
	size_t i = 0, o = 0, g;

	for (; len - i >= 45; i += 45) {
		dst[o++] = 'M';
		for (g = 0; g < 45; g += 3) {
			uint32_t v = (uint32_t)src[i + g] << 16 | (uint32_t)src[i + g + 1] << 8 | src[i + g + 2];
			dst[o++] = uu_char(v >> 18);
			dst[o++] = uu_char(v >> 12 & 63);
			dst[o++] = uu_char(v >> 6 & 63);
			dst[o++] = uu_char(v & 63);
		}
		memcpy(dst + o, eol, eol_len);
		o += eol_len;
	}
	*written = o;
	return i;
}

size_t mc_uu_scalar_decode_lines(const uint8_t *src, size_t len, uint8_t *dst, size_t cap,
                                 size_t *lines, size_t *written)
{
	size_t i = 0, o = 0, n = 0;
	unsigned e;

	while (cap - o >= 45 && uu_full_line(src + i, len - i, &e)) {
		if (!uu_chars60_ok(src + i + 1))
			break;
		uu_decode60(src + i + 1, dst + o);
		o += 45;
		i += 61 + e;
		n++;
	}
	*lines = n;
	*written = o;
	return i;
}

const struct uu_kernels mc_uu_kernels_scalar = {
	.encode_lines = mc_uu_scalar_encode_lines,
	.decode_lines = mc_uu_scalar_decode_lines,
};
