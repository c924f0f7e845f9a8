/* Scalar quoted-printable kernel: the oracle for the SIMD ones. */
#include "config.h"

#include "codecs/qp_impl.h"

size_t mc_qp_scalar_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                               size_t cap)
{
	size_t i;

	(void)avail;
	(void)cap;
	for (i = 0; i < n && qp_plain(src[i]); i++)
		dst[i] = src[i];
	return i;
}

const struct qp_kernels mc_qp_kernels_scalar = {
	.copy_plain = mc_qp_scalar_copy_plain,
};
