/* Path selection: names, the supported list, the active path. */
#include "testutil.h"

START_TEST(test_names_round_trip)
{
	int i;

	for (i = 0; i < MC_ISA_COUNT; i++)
		ck_assert_int_eq(mc_isa_from_name(mc_isa_name((mc_isa)i)), i);
	ck_assert_int_eq(mc_isa_from_name("avx1024"), MC_ISA_COUNT);
	ck_assert_int_eq(mc_isa_from_name(NULL), MC_ISA_COUNT);
	ck_assert_ptr_null(mc_isa_name(MC_ISA_COUNT));
}
END_TEST

START_TEST(test_list_and_active)
{
	mc_isa list[MC_ISA_COUNT];
	size_t n = mc_isa_list(list, MC_ISA_COUNT), k;
	mc_isa active = mc_isa_active();
	const char *env = getenv("MIMECODEC_ISA");

	ck_assert_uint_ge(n, 1);
	ck_assert_int_eq(list[0], MC_ISA_SCALAR);
	ck_assert_uint_eq(mc_isa_list(NULL, 0), n);
	for (k = 0; k < n; k++) {
		ck_assert(mc_isa_supported(list[k]));
		if (k > 0)
			ck_assert_int_gt(list[k], list[k - 1]);
	}
	ck_assert(!mc_isa_supported(MC_ISA_AUTO));
	ck_assert(!mc_isa_supported(MC_ISA_SSE41));
	if (env == NULL || env[0] == '\0' || strcmp(env, "auto") == 0) {
		ck_assert_int_eq(mc_isa_env_status(), MC_OK);
		ck_assert_int_eq(active, list[n - 1]);
	} else if (mc_isa_env_status() == MC_OK) {
		ck_assert_str_eq(mc_isa_name(active), env);
	} else {
		ck_assert_int_eq(active, MC_ISA_AUTO);
	}
#if defined(__aarch64__)
	ck_assert(mc_isa_supported(MC_ISA_NEON));
#endif
#if !defined(__x86_64__)
	ck_assert(!mc_isa_supported(MC_ISA_SSSE3));
	ck_assert(!mc_isa_supported(MC_ISA_AVX2));
	ck_assert(!mc_isa_supported(MC_ISA_AVX512));
#endif
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpu");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, test_names_round_trip);
	tcase_add_test(tc, test_list_and_active);
	suite_add_tcase(s, tc);
	report_skipped();
	return run_suite(s);
}
