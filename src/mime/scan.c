/* The scalar body scanner (see scan.h), and the choice of kernel. */
#include "config.h"

#include <string.h>

#include "codecs/util.h"
#include "mime/scan.h"

size_t mc_mime_find_scalar(const uint8_t *buf, size_t from, size_t n, struct mime_scan *s)
{
	const uint8_t *nl;

	while (from < n && (nl = memchr(buf + from, '\n', n - from)) != NULL) {
		size_t e = (size_t)(nl - buf);
		mime_scan_line_end(s, (int64_t)e);
		if (n - e >= 3 && buf[e + 1] == '-' && buf[e + 2] == '-')
			return e + 1;
		from = e + 1;
	}
	return n;
}

struct find_kernel {
	mime_find_fn fn;
};

static const struct find_kernel scalar = { mc_mime_find_scalar };
#ifdef HAVE_SSSE3
static const struct find_kernel sse2 = { mc_mime_find_sse2 };
#endif
#ifdef HAVE_AVX2
static const struct find_kernel avx2 = { mc_mime_find_avx2 };
#endif
#ifdef HAVE_NEON
static const struct find_kernel neon = { mc_mime_find_neon };
#endif

static const void *const find_by_isa[MC_ISA_COUNT] = {
	[MC_ISA_SCALAR] = &scalar,
#ifdef HAVE_SSSE3
	[MC_ISA_SSSE3] = &sse2,
#endif
#ifdef HAVE_AVX2
	[MC_ISA_AVX2] = &avx2,
	/* no kernels of its own: AVX-512 machines run the AVX2 ones */
	[MC_ISA_AVX512] = &avx2,
#endif
#ifdef HAVE_NEON
	[MC_ISA_NEON] = &neon,
#endif
};

mime_find_fn mime_find_for(mc_isa isa, mc_status *status)
{
	const struct find_kernel *k = pick_kernels(find_by_isa, isa, status);

	return k != NULL ? k->fn : NULL;
}
