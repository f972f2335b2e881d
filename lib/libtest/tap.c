/*
 * lib/libtest/tap.c - the TAP runner behind test.h.
 */
#include <stdarg.h>
#include <namelist.h>
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include <test.h>

static char reason[256];
static int skipped;
static char filter[KINFO_CMDLINE_LEN];
static int filter_loaded;

const char *test_failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

const char *test_skipf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	skipped = 1;
	return reason;
}

void test_diag(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("# %s\n", line);
}

/* Copies the value of the kernel's test= option into filter ("" = all). */
static void load_filter(void)
{
	static struct kinfo k;
	const char *p;

	filter_loaded = 1;
	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (p = k.cmdline; (p = strchr(p, 't')) != NULL; p++) {
		if ((p == k.cmdline || p[-1] == ' ') && strncmp(p, "test=", 5) == 0) {
			size_t n = 0;
			p += 5;
			while (p[n] && p[n] != ' ' && n < sizeof(filter) - 1)
				n++;
			memcpy(filter, p, n);
			filter[n] = '\0';
			return;
		}
	}
}

int test_selected(const char *name)
{
	if (!filter_loaded)
		load_filter();
	return !filter[0] || namelist_selects(filter, name);
}

int test_run(const struct test_case *cases, unsigned n)
{
	unsigned planned = 0, num = 0;
	int failures = 0;

	for (unsigned i = 0; i < n; i++)
		planned += test_selected(cases[i].name) ? 1 : 0;
	printf("1..%u\n", planned);
	for (unsigned i = 0; i < n; i++) {
		const char *why;

		if (!test_selected(cases[i].name))
			continue;
		skipped = 0;
		why = cases[i].run();
		num++;
		if (why && skipped) {
			printf("ok %u %s # SKIP %s\n", num, cases[i].name, why);
		} else if (why) {
			failures++;
			printf("not ok %u %s # %s\n", num, cases[i].name, why);
		} else {
			printf("ok %u %s\n", num, cases[i].name);
		}
	}
	return failures;
}
