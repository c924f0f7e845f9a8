/* Internal: the quoted-printable kernel interface. */
#ifndef MC_QP_IMPL_H
#define MC_QP_IMPL_H

#include <stddef.h>
#include <stdint.h>

/* Plain: written as itself by the encoder and read as itself by the decoder. */
static inline int qp_plain(uint8_t c)
{
	return (c >= 32 && c <= 126 && c != '=') || c == '\t';
}

struct qp_kernels {
	/*
	 * Copies the longest prefix of src[0, n) whose bytes are all plain
	 * to dst, and returns its length.  May read src[0, avail) (avail >=
	 * n) and write anywhere in dst[0, cap) (cap >= n).
	 */
	size_t (*copy_plain)(const uint8_t *src, size_t n, size_t avail, uint8_t *dst, size_t cap);
};

extern const struct qp_kernels mc_qp_kernels_scalar;
#ifdef HAVE_SSSE3
extern const struct qp_kernels mc_qp_kernels_ssse3;
#endif
#ifdef HAVE_AVX2
extern const struct qp_kernels mc_qp_kernels_avx2;
#endif
#ifdef HAVE_NEON
extern const struct qp_kernels mc_qp_kernels_neon;
#endif

size_t mc_qp_scalar_copy_plain(const uint8_t *src, size_t n, size_t avail, uint8_t *dst,
                               size_t cap);

#endif
