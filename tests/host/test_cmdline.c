/*
 * tests/host/test_cmdline.c - host tests of kernel/lib/cmdline.c.
 *
 * Every option, every kind of problem (checked through what the report
 * callback receives), the log level asked for, list matching
 * (lib/common/namelist.c) and skipping the image path.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tests/host/host_test.h"
#include "kernel/lib/cmdline.h"
#include "namelist.h"

#define MAX_REPORTS 8

/* What the report callback was told. */
struct reports {
	int n;
	char option[MAX_REPORTS][64];
	char problem[MAX_REPORTS][64];
};

static void record(void *ctx, const char *option, const char *problem)
{
	struct reports *r = ctx;

	assert_true(r->n < MAX_REPORTS);
	assert_non_null(problem);
	assert_true(problem[0] != '\0');
	snprintf(r->option[r->n], sizeof(r->option[0]), "%s", option);
	snprintf(r->problem[r->n], sizeof(r->problem[0]), "%s", problem);
	r->n++;
}

/* Parses args over the defaults; checks the return value matches the reports. */
static int parse(const char *args, struct boot_options *o, struct reports *r)
{
	memset(r, 0, sizeof(*r));
	cmdline_defaults(o);
	int problems = cmdline_parse(args, o, record, r);

	assert_int_equal(problems, r->n);
	return problems;
}

/* Checks that args gives exactly one problem, about option. */
static void expect_one_problem(const char *args, const char *option)
{
	struct boot_options o;
	struct reports r;

	if (parse(args, &o, &r) != 1)
		fail_msg("\"%s\": %d problems, expected 1", args, r.n);
	assert_string_equal(r.option[0], option);
}

static void test_defaults(void **state)
{
	(void)state;
	struct boot_options o;

	memset(&o, 0x5a, sizeof(o));
	cmdline_defaults(&o);
	assert_string_equal(o.test, "");
	assert_string_equal(o.bench, "");
	assert_string_equal(o.require, "");
	assert_int_equal(o.cpus, 0);
	assert_string_equal(o.sched, "");
	assert_string_equal(o.fpu, "");
	assert_int_equal(o.loglevel, 6);
	assert_false(o.quiet);
}

static void test_all_options_applied(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("test=ipc.*,sched bench=all cpus=4 sched=rr_2 loglevel=7 quiet "
			       "require=vm,rs fpu=eager", &o, &r), 0);
	assert_string_equal(o.fpu, "eager");
	assert_string_equal(o.test, "ipc.*,sched");
	assert_string_equal(o.require, "vm,rs");
	assert_string_equal(o.bench, "all");
	assert_int_equal(o.cpus, 4);
	assert_string_equal(o.sched, "rr_2");
	assert_int_equal(o.loglevel, 7);
	assert_true(o.quiet);
}

static void test_blanks_and_empty_lines(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("  cpus=3\t\tquiet \r\n", &o, &r), 0);
	assert_int_equal(o.cpus, 3);
	assert_true(o.quiet);
	assert_int_equal(parse("", &o, &r), 0);
	assert_int_equal(parse("   ", &o, &r), 0);
	assert_int_equal(parse(NULL, &o, &r), 0);
	assert_int_equal(o.loglevel, 6);
}

static void test_unknown_option_reported_by_name(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("foo=1 cpus=2 verbose", &o, &r), 2);
	assert_string_equal(r.option[0], "foo");
	assert_string_equal(r.option[1], "verbose");
	assert_non_null(strstr(r.problem[0], "unknown"));
	/* The valid option in between is still applied. */
	assert_int_equal(o.cpus, 2);
	/* A key that is a prefix of a known one is not that option. */
	expect_one_problem("cpu=2", "cpu");
	expect_one_problem("quietly", "quietly");
}

static void test_long_unknown_name_cut(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("abcdefghijklmnopqrstuvwxyz0123456789=1", &o, &r), 1);
	assert_string_equal(r.option[0], "abcdefghijklmnopqrstuvwxyz01234");
}

static void test_bad_cpus_values(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"cpus=0", "cpus=65", "cpus=abc", "cpus=4x", "cpus=-1", "cpus=",
		"cpus", "cpus=99999999999999999999999",
		"cpus=18446744073709551620",	/* 2^64 + 4 */
	};
	struct boot_options o;
	struct reports r;

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		expect_one_problem(bad[i], "cpus");
		parse(bad[i], &o, &r);
		assert_int_equal(o.cpus, 0);
	}
	assert_int_equal(parse("cpus=1", &o, &r), 0);
	assert_int_equal(o.cpus, 1);
	assert_int_equal(parse("cpus=64", &o, &r), 0);
	assert_int_equal(o.cpus, 64);
}

static void test_loglevel_range(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("loglevel=0", &o, &r), 0);
	assert_int_equal(o.loglevel, 0);
	expect_one_problem("loglevel=8", "loglevel");
	parse("loglevel=8", &o, &r);
	assert_int_equal(o.loglevel, 6);
}

/* The console's level: loglevel= (default 6), capped at 4 by quiet. */
static void test_effective_loglevel(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	parse("", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 6);
	parse("quiet", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 4);
	parse("loglevel=7", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 7);
	parse("loglevel=7 quiet", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 4);
	parse("quiet loglevel=2", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 2);
	parse("loglevel=0", &o, &r);
	assert_int_equal(cmdline_loglevel(&o), 0);
	/* a bad loglevel= leaves the default, still capped by quiet */
	assert_int_equal(parse("loglevel=9 quiet", &o, &r), 1);
	assert_int_equal(cmdline_loglevel(&o), 4);
}

/* test= holds at most 32 items (one bit each for the kernel's account). */
static void test_test_items_limit(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;
	char line[128] = "test=a";

	for (int i = 1; i < 32; i++)
		strcat(line, ",a");
	assert_int_equal(parse(line, &o, &r), 0);
	assert_int_equal(namelist_count(o.test), 32);
	strcat(line, ",b");
	expect_one_problem(line, "test");
	parse(line, &o, &r);
	assert_string_equal(o.test, "");
	assert_non_null(strstr(r.problem[0], "too many items"));
}

/* safecopy_cow=BYTES: 0 (never) counts as set; absent or bad leaves it unset. */
static void test_safecopy_cow(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("quiet", &o, &r), 0);
	assert_false(o.safecopy_cow_set);
	assert_int_equal(parse("safecopy_cow=0", &o, &r), 0);
	assert_true(o.safecopy_cow_set);
	assert_int_equal(o.safecopy_cow, 0);
	assert_int_equal(parse("safecopy_cow=65536", &o, &r), 0);
	assert_int_equal(o.safecopy_cow, 65536);
	expect_one_problem("safecopy_cow=2000000000", "safecopy_cow");
	parse("safecopy_cow=2000000000", &o, &r);
	assert_false(o.safecopy_cow_set);
}

static void test_value_lengths(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;
	char line[300], value[200];

	memset(value, 'a', 127);
	value[127] = '\0';
	snprintf(line, sizeof(line), "test=%s", value);
	assert_int_equal(parse(line, &o, &r), 0);
	assert_string_equal(o.test, value);

	snprintf(line, sizeof(line), "bench=%sb cpus=2", value);
	assert_int_equal(parse(line, &o, &r), 1);
	assert_string_equal(r.option[0], "bench");
	assert_string_equal(o.bench, "");
	assert_int_equal(o.cpus, 2);

	assert_int_equal(parse("sched=abcdefghij_1234", &o, &r), 0);
	assert_string_equal(o.sched, "abcdefghij_1234");
	expect_one_problem("sched=abcdefghij_12345", "sched");
	expect_one_problem("sched=RR", "sched");
	expect_one_problem("sched=r-r", "sched");
	expect_one_problem("fpu=Lazy", "fpu");
	expect_one_problem("fpu=", "fpu");
	expect_one_problem("test=", "test");
}

static void test_bare_flag(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("quiet", &o, &r), 0);
	assert_true(o.quiet);
	assert_int_equal(parse("quiet=1", &o, &r), 1);
	assert_string_equal(r.option[0], "quiet");
	assert_false(o.quiet);
	/* A value option without a value is a problem, not a flag. */
	expect_one_problem("test", "test");
}

static void test_repeated_option(void **state)
{
	(void)state;
	struct boot_options o;
	struct reports r;

	assert_int_equal(parse("cpus=2 cpus=3", &o, &r), 1);
	assert_string_equal(r.option[0], "cpus");
	assert_non_null(strstr(r.problem[0], "repeated"));
	assert_int_equal(o.cpus, 2);
	assert_int_equal(parse("quiet quiet", &o, &r), 1);
	/* A bad first value does not count: the second one applies. */
	assert_int_equal(parse("cpus=abc cpus=3", &o, &r), 1);
	assert_int_equal(o.cpus, 3);
}

static void test_no_report_callback(void **state)
{
	(void)state;
	struct boot_options o;

	cmdline_defaults(&o);
	assert_int_equal(cmdline_parse("bogus cpus=0 loglevel=2", &o, NULL, NULL), 2);
	assert_int_equal(o.loglevel, 2);
}

static void test_list_selects(void **state)
{
	(void)state;
	assert_true(namelist_selects("all", "ipc.send"));
	assert_true(namelist_selects("sched,all", "anything"));
	assert_false(namelist_selects("allx", "anything"));
	assert_true(namelist_selects("ipc.send", "ipc.send"));
	assert_true(namelist_selects("mm,ipc.send,sched", "ipc.send"));
	assert_true(namelist_selects("mm,ipc.send,sched", "sched"));
	assert_true(namelist_selects("mm,ipc.send,sched", "mm"));
	/* No partial matches, either way. */
	assert_false(namelist_selects("ipc.send", "ipc"));
	assert_false(namelist_selects("ipc", "ipc.send"));
	assert_false(namelist_selects("ipc.sen", "ipc.send"));
	assert_false(namelist_selects("mm,ipc.send", "ipc.sendrec"));
	/* Prefix items. */
	assert_true(namelist_selects("ipc.*", "ipc.send"));
	assert_true(namelist_selects("mm,ipc.*", "ipc.notify"));
	assert_false(namelist_selects("ipc.*", "ipcx"));
	assert_false(namelist_selects("ipc.*", "mm.alloc"));
	assert_true(namelist_selects("*", "x"));
	/* Empty lists and items select nothing. */
	assert_false(namelist_selects("", "x"));
	assert_false(namelist_selects(",,", "x"));
	assert_true(namelist_selects("a,,b", "b"));
	assert_false(namelist_selects("a,,b", ""));
}

static void test_list_items(void **state)
{
	(void)state;
	const char *item;

	assert_int_equal(namelist_count(""), 0);
	assert_int_equal(namelist_count("a"), 1);
	assert_int_equal(namelist_count("a,,b"), 3);
	assert_int_equal(namelist_count("a,"), 2);
	assert_int_equal(namelist_item("ipc.*,mm,sched", 0, &item), 5);
	assert_memory_equal(item, "ipc.*", 5);
	assert_int_equal(namelist_item("ipc.*,mm,sched", 1, &item), 2);
	assert_memory_equal(item, "mm", 2);
	assert_int_equal(namelist_item("ipc.*,mm,sched", 2, &item), 5);
	assert_memory_equal(item, "sched", 5);
	assert_int_equal(namelist_item("ipc.*,mm,sched", 3, &item), 0);
	assert_int_equal(*item, '\0');
	assert_int_equal(namelist_item("a,,b", 1, &item), 0);
	assert_int_equal(*item, ',');
	assert_int_equal(namelist_item("", 0, &item), 0);
	assert_int_equal(*item, '\0');
	assert_true(namelist_item_selects("ipc.*", 5, "ipc.send"));
	assert_true(namelist_item_selects("all,x", 3, "y"));
	assert_false(namelist_item_selects("ipc.*", 3, "ipc.send"));
	assert_false(namelist_item_selects("", 0, ""));
}

static void test_skip_image(void **state)
{
	(void)state;
	assert_string_equal(cmdline_skip_image("/boot/kestrel test=all cpus=2"), "test=all cpus=2");
	assert_string_equal(cmdline_skip_image("  kestrel \t  quiet"), "quiet");
	assert_string_equal(cmdline_skip_image("kestrel"), "");
	assert_string_equal(cmdline_skip_image("kestrel   "), "");
	assert_string_equal(cmdline_skip_image(""), "");
	assert_string_equal(cmdline_skip_image(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("cmdline", "defaults", test_defaults),
		HOST_TEST("cmdline", "effective_loglevel", test_effective_loglevel),
		HOST_TEST("cmdline", "test_items_limit", test_test_items_limit),
		HOST_TEST("cmdline", "list_items", test_list_items),
		HOST_TEST("cmdline", "all_options_applied", test_all_options_applied),
		HOST_TEST("cmdline", "blanks_and_empty_lines", test_blanks_and_empty_lines),
		HOST_TEST("cmdline", "unknown_option_reported_by_name", test_unknown_option_reported_by_name),
		HOST_TEST("cmdline", "long_unknown_name_cut", test_long_unknown_name_cut),
		HOST_TEST("cmdline", "bad_cpus_values", test_bad_cpus_values),
		HOST_TEST("cmdline", "loglevel_range", test_loglevel_range),
		HOST_TEST("cmdline", "safecopy_cow", test_safecopy_cow),
		HOST_TEST("cmdline", "value_lengths", test_value_lengths),
		HOST_TEST("cmdline", "bare_flag", test_bare_flag),
		HOST_TEST("cmdline", "repeated_option", test_repeated_option),
		HOST_TEST("cmdline", "no_report_callback", test_no_report_callback),
		HOST_TEST("cmdline", "list_selects", test_list_selects),
		HOST_TEST("cmdline", "skip_image", test_skip_image),
	};

	return cmocka_run_group_tests_name("host.cmdline", tests, NULL, NULL);
}
