/*
 * lib/libtest/tap.c - the TAP runner behind test.h.
 *
 * The selection is the kernel's parse of test= (kinfo.test); the kernel
 * also collects which of its items selected a case in some program.
 */
#include <stdarg.h>
#include <namelist.h>
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include <test.h>

static char reason[256];
static int skipped;

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

/* The kernel's test= value ("" = every case), as the kernel parsed it. */
static const char *filter(void)
{
	static struct kinfo k;
	static int loaded;

	if (!loaded && sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) == (int)sizeof(k))
		loaded = 1;
	return k.test;
}

static int selected(const char *name)
{
	return !filter()[0] || namelist_selects(filter(), name);
}

/*
 * Tells the kernel which items of test= select one of these cases; it
 * reports the items that no program claimed (kernel/testsel.h).
 */
static void claim_items(const struct test_case *cases, unsigned n)
{
	const char *list = filter();
	unsigned items = namelist_count(list);
	uint32_t claimed = 0;

	for (unsigned i = 0; i < items && i < KINFO_TEST_ITEMS; i++) {
		const char *item;
		size_t len = namelist_item(list, i, &item);

		for (unsigned c = 0; c < n; c++)
			if (namelist_item_selects(item, len, cases[c].name))
				claimed |= 1u << i;
	}
	if (items)
		sys_test_selected(claimed);
}

int test_run(const struct test_case *cases, unsigned n)
{
	unsigned planned = 0, num = 0;
	int failures = 0;

	claim_items(cases, n);
	for (unsigned i = 0; i < n; i++)
		planned += selected(cases[i].name) ? 1 : 0;
	printf("1..%u\n", planned);
	for (unsigned i = 0; i < n; i++) {
		const char *why;

		if (!selected(cases[i].name))
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
