/* Helpers shared by the Check suites. */
#ifndef MC_TESTUTIL_H
#define MC_TESTUTIL_H

#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mimecodec.h>

/*
 * Check's ck_assert_msg (which every ck_assert_* uses) records the place
 * of each assertion that holds, a write to its log so that a crash can
 * name the last one passed; in loops over millions of inputs that was most
 * of the suite's time (check_qp: 52 s, most of it in write()).  Here only
 * a failing assertion goes to Check.
 */
#undef ck_assert_msg
#define ck_assert_msg(expr, ...) \
	((expr) ? (void)0 : _ck_assert_failed(__FILE__, __LINE__, "Assertion '" #expr "' failed", ##__VA_ARGS__))

/* Deterministic pseudo-random bytes (xorshift64*). */
static inline uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static inline void rng_fill(uint64_t *s, uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(rng_next(s) >> 56);
}

/* A heap copy of exactly n bytes, so ASan and valgrind see any over-read. */
static inline void *exact_copy(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(q);
	if (n)
		memcpy(q, p, n);
	return q;
}

/* Loop-test helper: paths this machine cannot run are skipped (and reported by main). */
#define SKIP_UNSUPPORTED(isa)                                                  \
	do {                                                                   \
		if (!mc_isa_supported((mc_isa)(isa)))                          \
			return;                                                \
	} while (0)

static inline void report_skipped(void)
{
	int i, any = 0;

	for (i = MC_ISA_SCALAR; i < MC_ISA_COUNT; i++) {
		if (mc_isa_supported((mc_isa)i))
			continue;
		printf("%s%s", any ? ", " : "paths not supported here, skipped: ", mc_isa_name((mc_isa)i));
		any = 1;
	}
	if (any)
		printf("\n");
	printf("paths tested:");
	for (i = MC_ISA_SCALAR; i < MC_ISA_COUNT; i++)
		if (mc_isa_supported((mc_isa)i))
			printf(" %s", mc_isa_name((mc_isa)i));
	printf("\n");
}

/* A test case named name running fn once per path (_i is the mc_isa). */
#define LOOP_CASE(s, name, fn, timeout)                                       \
	do {                                                                   \
		TCase *tc_ = tcase_create(name);                               \
		tcase_set_timeout(tc_, timeout);                               \
		tcase_add_loop_test(tc_, fn, MC_ISA_SCALAR, MC_ISA_COUNT);     \
		suite_add_tcase(s, tc_);                                       \
	} while (0)

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
