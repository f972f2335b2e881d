/*
 * tests/guest/boot_test.c - boot.*: what the kernel reports about its own
 * boot: options (and bad ones), modules (and bad ones), memory, boot time,
 * and the arguments a module was started with.
 *
 * Arguments: `problems=N` - how many problems the run's command line has
 * (bad options, unknown policies, and required modules that are missing);
 * `loglevel=N` - the console's log level the command line asks for
 * (loglevel=, quiet).
 */
#include <namelist.h>
#include <stdlib.h>
#include <string.h>
#include <syslib.h>
#include <test.h>
#include "guest_util.h"

static struct kinfo k;
static int expected_problems = -1;
static int expected_loglevel = -1;
static const char *expected_class;	/* class=: system or user */
static int my_argc;
static char **my_argv;

static const char *t_kinfo(void)
{
	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) == (int)sizeof(k));
	T_ASSERT(k.ncpus >= 1);
	T_ASSERT_EQ(k.hz, 100);
	T_ASSERT(k.total_frames > 1000);
	T_ASSERT(k.free_frames > 0 && k.free_frames < k.total_frames);
	T_ASSERT(k.nr_slots >= 64);
	return NULL;
}

/* The kernel's parse of test= is what selected this very case. */
static const char *t_cmdline(void)
{
	T_ASSERT(k.test[0] != '\0');
	T_ASSERT(namelist_selects(k.test, "boot.cmdline_problems_reported"));
	if (expected_problems < 0)
		return test_failf("boot_test needs a problems=N argument");
	T_ASSERT_EQ(k.cmdline_problems, expected_problems);
	return NULL;
}

static const char *t_loglevel(void)
{
	if (expected_loglevel < 0)
		return test_failf("boot_test needs a loglevel=N argument");
	T_ASSERT_EQ(k.loglevel, expected_loglevel);
	if (k.loglevel < 6)	/* boot's info lines (modules started, ...) were hidden */
		T_ASSERT(k.log_suppressed > 0);
	return NULL;
}

static uint32_t log_suppressed(void)
{
	struct kinfo now;

	if (sys_getinfo(GET_KINFO, 0, &now, sizeof(now)) != (int)sizeof(now))
		return 0;
	return now.log_suppressed;
}

static int log_at(unsigned level)
{
	static const char text[] = "a kernel line for boot.log_filtered at its level";

	return sys_diag_log(level, text, sizeof(text) - 1);
}

/* A line above the level is not printed and is counted; one at it is printed. */
static const char *t_log_filtered(void)
{
	uint32_t before;

	T_ASSERT_EQ(log_at(0), 1);
	T_ASSERT_EQ(log_at(k.loglevel), 1);
	T_ASSERT_EQ(log_at(8), EINVAL);
	if (k.loglevel == 7)
		return test_skipf("loglevel=7 hides nothing");
	before = log_suppressed();
	T_ASSERT_EQ(log_at(k.loglevel + 1), 0);
	T_ASSERT(log_suppressed() - before >= 1);
	return NULL;
}

static const char *t_argv(void)
{
	T_ASSERT(my_argc >= 2);
	T_ASSERT_STREQ(my_argv[0], "boot_test");
	T_ASSERT(strncmp(my_argv[1], "problems=", 9) == 0);
	T_ASSERT(my_argv[my_argc] == NULL);
	return NULL;
}

static const char *t_whoami(void)
{
	struct proc_info me;
	struct bootmod_info mod;

	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) == (int)sizeof(me));
	T_ASSERT_STREQ(me.name, "boot_test");
	T_ASSERT_EQ(me.state, PROC_STATE_LIVE);
	T_ASSERT(find_bootmod("boot_test", NULL, &mod) >= 0);
	T_ASSERT_EQ(mod.endpoint, me.endpoint);
	T_ASSERT_EQ(mod.status, OK);
	return NULL;
}

static const char *t_modules(void)
{
	struct bootmod_info mod;

	T_ASSERT(k.nr_bootmods >= 4);
	T_ASSERT_EQ(sys_getinfo(GET_BOOTMOD, (int)k.nr_bootmods, &mod, sizeof(mod)), ERANGE);
	T_ASSERT_EQ(sys_getinfo(GET_BOOTMOD, -1, &mod, sizeof(mod)), ERANGE);
	for (unsigned i = 0; i < k.nr_bootmods; i++) {
		T_ASSERT(sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) == (int)sizeof(mod));
		T_ASSERT(mod.name[0] != '\0');
		T_ASSERT(mod.size > 0);
		T_ASSERT(mod.reason[0] != '\0');
	}
	return NULL;
}

static const char *expect_rejected(const char *name, int status)
{
	struct bootmod_info mod;

	if (find_bootmod(name, NULL, &mod) < 0)
		return test_failf("no boot module '%s' in this run", name);
	test_diag("%s: %s", name, mod.reason);
	T_ASSERT_EQ(mod.status, status);
	T_ASSERT_EQ(mod.endpoint, NONE);
	return NULL;
}

static const char *t_not_elf(void) { return expect_rejected("not_elf", ENOEXEC); }
static const char *t_truncated(void) { return expect_rejected("truncated_elf", ENOEXEC); }
/* huge_elf (tools/mkbadelf.py) outgrows every machine, not just this one's free memory. */
static const char *t_huge(void)
{
	struct bootmod_info mod;
	const char *r = expect_rejected("huge_elf", ENOMEM);

	if (r)
		return r;
	find_bootmod("huge_elf", NULL, &mod);
	T_ASSERT(strstr(mod.reason, "too large") != NULL);
	return NULL;
}

/*
 * The boot line's privilege mark: the suite's boot marks this module
 * priv=system (class=system), the boot without VM leaves it unmarked
 * (class=user); either way the mark is the kernel's, not part of argv.
 */
static const char *t_priv_mark(void)
{
	struct proc_info me;
	struct bootmod_info mod;

	if (!expected_class)
		return test_failf("boot_test needs class=system or class=user");
	T_ASSERT(sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) == (int)sizeof(me));
	T_ASSERT_EQ(!!(me.priv_flags & PROC_PRIV_SYSTEM), !strcmp(expected_class, "system"));
	T_ASSERT(find_bootmod("boot_test", NULL, &mod) >= 0);
	T_ASSERT(strstr(mod.args, "priv=") == NULL);
	for (int i = 0; i < my_argc; i++)
		T_ASSERT(strncmp(my_argv[i], "priv=", 5) != 0);
	return NULL;
}

static const char *t_bad_priv_mark(void)
{
	struct bootmod_info mod;

	T_ASSERT(find_bootmod("fault", "priv=root pf_null", &mod) >= 0);
	test_diag("fault priv=root: %s", mod.reason);
	T_ASSERT_EQ(mod.status, EINVAL);
	T_ASSERT_EQ(mod.endpoint, NONE);
	T_ASSERT(strstr(mod.reason, "privilege mark") != NULL);
	return NULL;
}

static const char *t_boot_time(void)
{
	T_ASSERT(k.boot_tsc != 0);
	T_ASSERT(k.first_user_tsc > k.boot_tsc);
	test_diag("boot to first user instruction: %llu TSC ticks",
		  (unsigned long long)(k.first_user_tsc - k.boot_tsc));
	return NULL;
}

static const char *t_proc_table(void)
{
	struct proc_info info;

	T_ASSERT_EQ(sys_getinfo(GET_PROC, -1, &info, sizeof(info)), ERANGE);
	T_ASSERT_EQ(sys_getinfo(GET_PROC, (int)k.nr_slots, &info, sizeof(info)), ERANGE);
	T_ASSERT_EQ(sys_getinfo(99, 0, &info, sizeof(info)), EINVAL);
	return NULL;
}

static const struct test_case cases[] = {
	{ "boot.kinfo", t_kinfo },
	{ "boot.cmdline_problems_reported", t_cmdline },
	{ "boot.loglevel", t_loglevel },
	{ "boot.log_filtered", t_log_filtered },
	{ "boot.module_argv", t_argv },
	{ "boot.whoami", t_whoami },
	{ "boot.modules_listed", t_modules },
	{ "boot.reject_not_elf", t_not_elf },
	{ "boot.reject_truncated_elf", t_truncated },
	{ "boot.reject_too_large", t_huge },
	{ "boot.priv_from_boot_line", t_priv_mark },
	{ "boot.reject_bad_priv_mark", t_bad_priv_mark },
	{ "boot.time_reported", t_boot_time },
	{ "boot.getinfo_bad_selector", t_proc_table },
};

int main(int argc, char **argv)
{
	my_argc = argc;
	my_argv = argv;
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "problems=", 9))
			expected_problems = atoi(argv[i] + 9);
		else if (!strncmp(argv[i], "loglevel=", 9))
			expected_loglevel = atoi(argv[i] + 9);
		else if (!strncmp(argv[i], "class=", 6))
			expected_class = argv[i] + 6;
	return test_run(cases, TEST_COUNT(cases));
}
