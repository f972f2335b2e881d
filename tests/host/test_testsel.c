/*
 * tests/host/test_testsel.c - host tests of kernel/testsel.c: which items
 * of test= the kernel reports, at power-off, as selecting no test.
 *
 * The kernel's boot options and console are stubs: boot_opts() returns the
 * options set here, console_write_user() collects the lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/boot.h"
#include "kernel/kernel.h"
#include "kernel/lib/cmdline.h"
#include "kernel/testsel.h"

static struct boot_options opts;
static char out[4096];

const struct boot_options *boot_opts(void)
{
	return &opts;
}

void console_write_user(const char *text, unsigned len)
{
	strncat(out, text, len);
}

void panic(const char *fmt, ...)
{
	fail_msg("panic: %s", fmt);
	abort();
}

/* Reports with list as test= and the items in claimed marked (once). */
static const char *report(const char *list, uint32_t claimed)
{
	cmdline_defaults(&opts);
	snprintf(opts.test, sizeof(opts.test), "%s", list);
	out[0] = '\0';
	testsel_mark(claimed);
	testsel_report();
	return out;
}

/*
 * The marks only accumulate (they are the boot's): the cases run in this
 * order and each leaves unmarked the bits the next one needs.
 */
static void test_no_selection(void **state)
{
	(void)state;
	assert_string_equal(report("", 0), "");
}

static void test_no_runner(void **state)
{
	(void)state;
	assert_string_equal(report("x", 0), "Bail out! test=x: item 'x' selects no test\n");
}

static void test_each_unclaimed_item(void **state)
{
	(void)state;
	assert_string_equal(report("boot.*,nosuchtest,ipc.*,typo", 1u << 0 | 1u << 2),
			    "Bail out! test=boot.*,nosuchtest,ipc.*,typo: item 'nosuchtest' selects no test\n"
			    "Bail out! test=boot.*,nosuchtest,ipc.*,typo: item 'typo' selects no test\n");
}

static void test_empty_item(void **state)
{
	(void)state;
	assert_string_equal(report("a,,b", 1u << 0 | 1u << 2),
			    "Bail out! test=a,,b: item '' selects no test\n");
}

/* Marks from several runners add up. */
static void test_marks_accumulate(void **state)
{
	(void)state;
	testsel_mark(1u << 1);
	assert_string_equal(report("a,b,c,d", 1u << 0),
			    "Bail out! test=a,b,c,d: item 'd' selects no test\n");
}

static void test_all_claimed(void **state)
{
	(void)state;
	assert_string_equal(report("p,q,r,s", 1u << 3), "");
}

static void test_32_items(void **state)
{
	(void)state;
	char list[128] = "a";

	for (int i = 1; i < 32; i++)
		strcat(list, ",a");
	list[62] = 'z';		/* item 31 */
	report(list, 0x7fffffff);
	assert_non_null(strstr(out, "item 'z' selects no test\n"));
	assert_int_equal(strlen(out), strlen("Bail out! test=: item 'z' selects no test\n") + 63);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("testsel", "no_selection", test_no_selection),
		HOST_TEST("testsel", "no_runner", test_no_runner),
		HOST_TEST("testsel", "each_unclaimed_item", test_each_unclaimed_item),
		HOST_TEST("testsel", "empty_item", test_empty_item),
		HOST_TEST("testsel", "marks_accumulate", test_marks_accumulate),
		HOST_TEST("testsel", "all_claimed", test_all_claimed),
		HOST_TEST("testsel", "32_items", test_32_items),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
