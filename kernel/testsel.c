/*
 * kernel/testsel.c - the test= selection's items that selected nothing
 * (see testsel.h).
 *
 * selected is an atomic OR of the runners' reports; it is read only at
 * power-off, once no process is left to report.
 */
#include "fmt.h"
#include "namelist.h"
#include "kernel/boot.h"
#include "kernel/kernel.h"
#include "kernel/lib/cmdline.h"
#include "kernel/testsel.h"

static uint32_t selected;

void testsel_mark(uint32_t items)
{
	__atomic_fetch_or(&selected, items, __ATOMIC_RELAXED);
}

void testsel_report(void)
{
	const char *list = boot_opts()->test;
	uint32_t claimed = __atomic_load_n(&selected, __ATOMIC_RELAXED);
	unsigned n = namelist_count(list);

	assert(n <= CMDLINE_TEST_ITEMS);
	for (unsigned i = 0; i < n; i++) {
		char line[CMDLINE_LIST_MAX + 64];
		const char *item;
		size_t len = namelist_item(list, i, &item);
		int w;

		if (claimed & (1u << i))
			continue;
		w = fmt_snprintf(line, sizeof(line), "Bail out! test=%s: item '%.*s' selects no test\n",
				 list, (int)len, item);
		console_write_user(line, (unsigned)w);
	}
}
