/*
 * test.h - in-guest tests printing TAP.
 *
 * A test program is a table of cases, each a function returning NULL when it
 * passes or a reason when it fails (built by the T_* assertions, which name
 * the file and line).  test_run prints the plan, one `ok N name` or
 * `not ok N name # reason` per case (`ok N name # SKIP reason` for a case
 * that returned test_skipf), and returns the number of failures.
 * Cases not selected by the kernel's `test=` option are left out of the plan;
 * an item of `test=` that selects no case of any program of the boot is a
 * `Bail out!` line at the end of the run (kernel/testsel.h).
 * Names are `<area>.<what>`.
 */
#ifndef _TEST_H
#define _TEST_H

#include <stddef.h>

struct test_case {
	const char *name;
	const char *(*run)(void);
};

#define TEST_COUNT(t)	(sizeof(t) / sizeof((t)[0]))

int test_run(const struct test_case *cases, unsigned n);
const char *test_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *test_skipf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void test_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define T_ASSERT(c)								\
	do {									\
		if (!(c))							\
			return test_failf("%s:%d: %s", __FILE__, __LINE__, #c);	\
	} while (0)

#define T_ASSERT_EQ(a, b)							\
	do {									\
		long long a_ = (long long)(a), b_ = (long long)(b);		\
		if (a_ != b_)							\
			return test_failf("%s:%d: %s == %s: %lld != %lld",	\
					  __FILE__, __LINE__, #a, #b, a_, b_);	\
	} while (0)

#define T_ASSERT_STREQ(a, b)							\
	do {									\
		const char *a_ = (a), *b_ = (b);				\
		if (strcmp(a_, b_) != 0)					\
			return test_failf("%s:%d: %s == %s: '%s' != '%s'",	\
					  __FILE__, __LINE__, #a, #b, a_, b_);	\
	} while (0)

#endif /* _TEST_H */
