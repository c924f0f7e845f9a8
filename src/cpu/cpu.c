/*
 * CPU feature detection and path selection, done once per process.
 *
 * x86-64: libcpuid reports the instruction-set bits; AVX2 is trusted only
 * when the OS also saves the YMM registers (OSXSAVE and XCR0 bits 1-2),
 * which libcpuid does not check, and with POPCNT, BMI1-2 and LZCNT, which
 * its kernels use too (see cpu_has_bit_ops); the AVX-512 bits are read
 * here too (see cpu_has_avx512), and trusted only when the OS saves the
 * opmask and ZMM state as well (bits 5-7).  AArch64: NEON is
 * architectural.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#define MC_X86 1
#include <cpuid.h>
#ifdef HAVE_LIBCPUID
#include <libcpuid.h>
#endif
#endif

static const char *const isa_names[MC_ISA_COUNT] = {
	[MC_ISA_AUTO] = "auto",
	[MC_ISA_SCALAR] = "scalar",
	[MC_ISA_SSSE3] = "ssse3",
	[MC_ISA_SSE41] = "sse41",
	[MC_ISA_AVX2] = "avx2",
	[MC_ISA_NEON] = "neon",
	[MC_ISA_AVX512] = "avx512",
};

/* Paths with kernels in this build.  SSE4.1 has none: see README. */
static int isa_built(mc_isa isa)
{
	switch (isa) {
	case MC_ISA_SCALAR:
		return 1;
#ifdef HAVE_SSSE3
	case MC_ISA_SSSE3:
		return 1;
#endif
#ifdef HAVE_AVX2
	case MC_ISA_AVX2:
		return 1;
#endif
#if defined(HAVE_AVX512) && defined(HAVE_AVX2)
	case MC_ISA_AVX512:
		return 1;
#endif
#ifdef HAVE_NEON
	case MC_ISA_NEON:
		return 1;
#endif
	default:
		return 0;
	}
}

#ifdef MC_X86
/* The register state the OS saves (XCR0): bits 1-2 SSE and AVX, 5-7 AVX-512. */
static uint32_t os_saved_state(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	return lo;
}

static int os_saves_ymm(void)
{
	return (os_saved_state() & 0x06u) == 0x06u;
}

/* CPUID leaf (subleaf 0) into r (EAX, EBX, ECX, EDX); 0 if the CPU has no such leaf. */
static int cpuid_leaf(unsigned leaf, unsigned r[4])
{
	return __get_cpuid_count(leaf, 0, &r[0], &r[1], &r[2], &r[3]);
}

/*
 * BMI1, BMI2 (leaf 7 EBX) and LZCNT (leaf 0x80000001 ECX), which the AVX2
 * and AVX-512 kernels use besides their vectors (bit scans, shifts by a
 * register and masks in one instruction: AVX2 QP encoding ran 5-12%
 * quicker with them).  Every AVX2 CPU from Intel and AMD has them, but
 * the bits are read anyway, as some virtual machines leave them out.
 */
static int cpu_has_bit_ops(void)
{
	const unsigned bmi1_bmi2 = 1u << 3 | 1u << 8, lzcnt = 1u << 5;
	unsigned l7[4], ext[4];

	return cpuid_leaf(7, l7) && cpuid_leaf(0x80000001u, ext) && (l7[1] & bmi1_bmi2) == bmi1_bmi2 &&
	       (ext[2] & lzcnt) != 0;
}

/*
 * AVX-512 F, BW, VL (leaf 7 EBX), VBMI and VBMI2 (ECX), read here:
 * libcpuid 0.6 (Debian 12) reports no AVX-512 on AMD Zen 4, which has all
 * of them.
 */
static int cpu_has_avx512(void)
{
	const unsigned ebx_bits = 1u << 16 | 1u << 30 | 1u << 31, ecx_bits = 1u << 1 | 1u << 6;
	unsigned l7[4];

	return cpuid_leaf(7, l7) && (l7[1] & ebx_bits) == ebx_bits && (l7[2] & ecx_bits) == ecx_bits &&
	       (os_saved_state() & 0xe6u) == 0xe6u;
}

#ifdef HAVE_LIBCPUID
static void quiet_warning(const char *msg)
{
	(void)msg;
}

static void detect_x86(int cpu_has[MC_ISA_COUNT])
{
	struct cpu_id_t id;
	libcpuid_warn_fn_t old;
	int rc;

	if (!cpuid_present())
		return;
	old = cpuid_set_warn_function(quiet_warning);
	rc = cpu_identify(NULL, &id);
	cpuid_set_warn_function(old);
	if (rc != 0)
		return;
	cpu_has[MC_ISA_SSSE3] = id.flags[CPU_FEATURE_SSSE3] != 0;
	cpu_has[MC_ISA_SSE41] = cpu_has[MC_ISA_SSSE3] && id.flags[CPU_FEATURE_SSE4_1];
	cpu_has[MC_ISA_AVX2] = cpu_has[MC_ISA_SSE41] && id.flags[CPU_FEATURE_AVX2] &&
	                       id.flags[CPU_FEATURE_POPCNT] && id.flags[CPU_FEATURE_OSXSAVE] &&
	                       os_saves_ymm() && cpu_has_bit_ops();
	cpu_has[MC_ISA_AVX512] = cpu_has[MC_ISA_AVX2] && cpu_has_avx512();
}
#else
static void detect_x86(int cpu_has[MC_ISA_COUNT])
{
	__builtin_cpu_init();
	cpu_has[MC_ISA_SSSE3] = __builtin_cpu_supports("ssse3") != 0;
	cpu_has[MC_ISA_SSE41] = cpu_has[MC_ISA_SSSE3] && __builtin_cpu_supports("sse4.1");
	cpu_has[MC_ISA_AVX2] = cpu_has[MC_ISA_SSE41] && __builtin_cpu_supports("avx2") &&
	                       __builtin_cpu_supports("popcnt") && os_saves_ymm() && cpu_has_bit_ops();
	cpu_has[MC_ISA_AVX512] = cpu_has[MC_ISA_AVX2] && cpu_has_avx512();
}
#endif
#endif

static struct {
	pthread_once_t once;
	int supported[MC_ISA_COUNT];
	mc_isa active;
	mc_status env_status;
} state = { PTHREAD_ONCE_INIT, { 0 }, MC_ISA_SCALAR, MC_OK };

static void detect(void)
{
	int cpu_has[MC_ISA_COUNT] = { 0 };
	const char *env;
	int i;

	cpu_has[MC_ISA_SCALAR] = 1;
#ifdef MC_X86
	detect_x86(cpu_has);
#endif
#if defined(__aarch64__)
	cpu_has[MC_ISA_NEON] = 1;
#endif
	for (i = MC_ISA_SCALAR; i < MC_ISA_COUNT; i++) {
		state.supported[i] = cpu_has[i] && isa_built((mc_isa)i);
		if (state.supported[i])
			state.active = (mc_isa)i;
	}

	env = getenv("MIMECODEC_ISA");
	if (env != NULL && env[0] != '\0') {
		mc_isa forced = mc_isa_from_name(env);
		if (forced == MC_ISA_AUTO)
			return;
		if (forced == MC_ISA_COUNT || !state.supported[forced]) {
			state.env_status = MC_ERR_ISA_UNAVAILABLE;
			state.active = MC_ISA_AUTO;
			return;
		}
		state.active = forced;
	}
}

static void ensure_detected(void)
{
	pthread_once(&state.once, detect);
}

const char *mc_isa_name(mc_isa isa)
{
	if ((unsigned)isa >= MC_ISA_COUNT)
		return NULL;
	return isa_names[isa];
}

mc_isa mc_isa_from_name(const char *name)
{
	int i;

	if (name == NULL)
		return MC_ISA_COUNT;
	for (i = 0; i < MC_ISA_COUNT; i++)
		if (strcmp(name, isa_names[i]) == 0)
			return (mc_isa)i;
	return MC_ISA_COUNT;
}

int mc_isa_supported(mc_isa isa)
{
	if ((unsigned)isa >= MC_ISA_COUNT || isa == MC_ISA_AUTO)
		return 0;
	ensure_detected();
	return state.supported[isa];
}

size_t mc_isa_list(mc_isa *list, size_t cap)
{
	size_t n = 0;
	int i;

	ensure_detected();
	for (i = MC_ISA_SCALAR; i < MC_ISA_COUNT; i++) {
		if (!state.supported[i])
			continue;
		if (list != NULL && n < cap)
			list[n] = (mc_isa)i;
		n++;
	}
	return n;
}

mc_isa mc_isa_active(void)
{
	ensure_detected();
	return state.active;
}

mc_status mc_isa_env_status(void)
{
	ensure_detected();
	return state.env_status;
}

mc_isa mc_isa_resolve(mc_isa requested, mc_status *status)
{
	ensure_detected();
	if (requested == MC_ISA_AUTO) {
		*status = state.env_status;
		return state.active;
	}
	if (!mc_isa_supported(requested)) {
		*status = MC_ERR_ISA_UNAVAILABLE;
		return MC_ISA_AUTO;
	}
	*status = MC_OK;
	return requested;
}
