/*
 * tests/host/test_bench_select.c - host tests of lib/libbench/select.c:
 * mode words and name items, and the name items that select nothing.
 */
#include <string.h>
#include "tests/host/host_test.h"
#include "lib/libbench/select.h"

static const char *const modes[] = { "full", "quick", "tiny" };

static void run_nothing(uint64_t n)
{
	(void)n;
}

static const struct bench kcall_null = { .name = "kcall_null", .run = run_nothing };
static const struct bench rtt_same = { .name = "ipc_rtt/same_cpu", .run = run_nothing };
static const struct bench rtt_short = { .name = "ipc_rtt/short", .run = run_nothing };
static const struct bench *const table[] = { &kcall_null, &rtt_same, &rtt_short };

static char reported[256];

static void record(const char *item, size_t len)
{
	strncat(reported, item, len);
	strcat(reported, ";");
}

/* The selection of text, its unmatched items recorded in `reported`. */
static unsigned select_text(struct bench_selection *s, const char *text)
{
	select_init(s, modes, ARRAY_LEN(modes));
	select_add(s, text);
	reported[0] = '\0';
	return select_unmatched(s, table, ARRAY_LEN(table), record);
}

static void test_words(void **state)
{
	(void)state;
	struct bench_selection s;

	assert_int_equal(select_text(&s, "tiny:force"), 0);
	assert_int_equal(s.mode, 2);
	assert_true(s.forced);
	assert_false(s.list_only);
	assert_string_equal(s.names, "");
	assert_true(select_has(&s, "kcall_null"));
	assert_int_equal(select_text(&s, "quick list"), 0);
	assert_int_equal(s.mode, 1);
	assert_true(s.list_only);
	assert_int_equal(select_text(&s, ""), 0);
	assert_int_equal(s.mode, -1);
}

/* prof=RATE is a flag with a number, not a name; a bad number reads as rate 0. */
static void test_prof(void **state)
{
	(void)state;
	struct bench_selection s;

	assert_int_equal(select_text(&s, "tiny,ipc_rtt/short,prof=5000"), 0);
	assert_true(s.prof_given);
	assert_int_equal(s.prof_rate, 5000);
	assert_string_equal(s.names, "ipc_rtt/short");
	assert_int_equal(select_text(&s, "prof=12x"), 0);
	assert_true(s.prof_given);
	assert_int_equal(s.prof_rate, 0);
	assert_int_equal(select_text(&s, "prof=99999999999"), 0);
	assert_int_equal(s.prof_rate, 0);
	assert_int_equal(select_text(&s, "tiny"), 0);
	assert_false(s.prof_given);
	assert_false(s.trace);
	assert_false(s.prof_nmi);
	assert_int_equal(select_text(&s, "trace,ipc_rtt/short,nmi"), 0);
	assert_true(s.trace);
	assert_true(s.prof_nmi);
	assert_string_equal(s.names, "ipc_rtt/short");
}

static void test_names(void **state)
{
	(void)state;
	struct bench_selection s;

	assert_int_equal(select_text(&s, "full:kcall_null,ipc_rtt/short"), 0);
	assert_int_equal(s.mode, 0);
	assert_string_equal(s.names, "kcall_null,ipc_rtt/short");
	assert_true(select_has(&s, "kcall_null"));
	assert_true(select_has(&s, "ipc_rtt/short"));
	assert_false(select_has(&s, "ipc_rtt/same_cpu"));
	/* several calls add up (bench= then the module's arguments) */
	select_add(&s, "ipc_rtt*");
	assert_true(select_has(&s, "ipc_rtt/same_cpu"));
}

/* Each name item that selects nothing is reported, whatever else matches. */
static void test_unmatched(void **state)
{
	(void)state;
	struct bench_selection s;

	assert_int_equal(select_text(&s, "nosuch"), 1);
	assert_string_equal(reported, "nosuch;");
	assert_int_equal(select_text(&s, "tiny:kcall_null,nosuch,ipc_rtt*,typo*"), 2);
	assert_string_equal(reported, "nosuch;typo*;");
	assert_int_equal(select_text(&s, "all"), 0);
	assert_int_equal(select_text(&s, "ipc_rtt"), 1);	/* no partial names */
	assert_string_equal(reported, "ipc_rtt;");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("bench_select", "words", test_words),
		HOST_TEST("bench_select", "prof", test_prof),
		HOST_TEST("bench_select", "names", test_names),
		HOST_TEST("bench_select", "unmatched", test_unmatched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
