/* The text scan: the choice of kernel, and the byte loop (scalar path and tails). */
#include "config.h"

#include <string.h>

#include "codecs/textscan.h"
#include "codecs/util.h"

struct scan_kernel {
	size_t (*blocks)(mc_text_scan *s, const uint8_t *p, size_t n);
};

static const struct scan_kernel scalar = { NULL };
#ifdef HAVE_SSSE3
static const struct scan_kernel sse2 = { mc_text_scan_sse2 };
#endif
#ifdef HAVE_AVX2
static const struct scan_kernel avx2 = { mc_text_scan_avx2 };
#endif
#ifdef HAVE_NEON
static const struct scan_kernel neon = { mc_text_scan_neon };
#endif

static const void *const scan_by_isa[MC_ISA_COUNT] = {
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

mc_status mc_text_scan_init(mc_text_scan *s, mc_isa isa)
{
	mc_status st;

	if (s == NULL || (unsigned)isa >= MC_ISA_COUNT)
		return MC_ERR_INVALID_ARGUMENT;
	memset(s, 0, sizeof *s);
	s->impl = pick_kernels(scan_by_isa, isa, &st);
	return st;
}

void mc_text_scan_update(mc_text_scan *s, const void *data, size_t len)
{
	const struct scan_kernel *k = s ? s->impl : NULL;
	const uint8_t *p = data;
	size_t i = 0;

	if (k == NULL || (len != 0 && data == NULL))
		return;
	if (k->blocks != NULL)
		i = k->blocks(s, p, len);
	for (; i < len; i++)
		text_scan_byte(s, p[i]);
}

void mc_text_scan_final(mc_text_scan *s)
{
	if (s == NULL)
		return;
	if (s->line > 998)
		s->long_lines++;
	if (s->cr_open)
		s->bare_cr++; /* a CR that ends the content has no LF after it */
	s->cr_open = 0;
	s->line = 0;
}
