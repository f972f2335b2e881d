/*
 * bench/safemap.c - safemap/1 and safemap/16: mapping granted pages into
 * the bench process and unmapping them again, per map + unmap.
 *
 * setup() forks a granter (safecopy.c, bench_granter_start) that grants 1
 * or 16 pages of its buffer with CPF_READ | CPF_WRITE | CPF_MAP.  One
 * operation is sys_safemap of the whole range, writable, at a fixed free
 * address (MAP_AT, below the VM server's mmap area), then sys_safeunmap:
 * grant lookup, both CPU locks, a page-table walk and entry per page, the
 * record; then every CPU lock, the record search, the entries cleared and
 * the TLB entries flushed.  run() does not touch the pages (setup checks
 * once that the mapping shows the granter's memory).  Compare: seL4 map
 * 798 (map only), Linux memfd mmap + munmap 12089; goal <= 2000 for 1 page.
 */
#include <grant.h>
#include <syslib.h>
#include "benches.h"

#define PAGE		4096u
#define MAP_AT		0x80000000u

static endpoint_t granter = NONE;
static cp_grant_id_t gid;
static uint32_t pages;

static void run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		int r = sys_safemap(granter, gid, 0, (void *)MAP_AT, pages * PAGE, 1);

		if (r != OK || (r = sys_safeunmap((void *)MAP_AT)) != OK) {
			bench_error("map and unmap of %u pages at %#x: %d", pages, MAP_AT, r);
			return;
		}
	}
}

static void teardown(void)
{
	bench_stop_partner(granter);
	granter = NONE;
}

/* Starts the granter and checks one mapping: its memory, at MAP_AT. */
static int setup_pages(uint32_t n)
{
	volatile uint8_t *p = (volatile uint8_t *)MAP_AT;
	int r = bench_granter_start(n * PAGE, CPF_READ | CPF_WRITE | CPF_MAP, &granter, &gid);

	if (r != BENCH_OK)
		return r;
	pages = n;
	if ((r = sys_safemap(granter, gid, 0, (void *)MAP_AT, n * PAGE, 1)) != OK) {
		teardown();
		return bench_setup_error(r, "sys_safemap of %u pages at %#x: %d", n, MAP_AT, r);
	}
	r = p[0] == BENCH_GRANT_PATTERN && p[n * PAGE - 1] == BENCH_GRANT_PATTERN;
	if (sys_safeunmap((void *)MAP_AT) != OK || !r) {
		teardown();
		return bench_fail("the mapping at %#x does not show the granted pages", MAP_AT);
	}
	return BENCH_OK;
}

static int setup_1(void)
{
	return setup_pages(1);
}

static int setup_16(void)
{
	return setup_pages(16);
}

const struct bench bench_safemap_1 = {
	.name = "safemap/1",
	.description = "sys_safemap of 1 granted page (writable) + sys_safeunmap",
	.setup = setup_1,
	.run = run,
	.teardown = teardown,
	.unit_per = "map+unmap",
};

const struct bench bench_safemap_16 = {
	.name = "safemap/16",
	.description = "sys_safemap of 16 granted pages (writable) + sys_safeunmap",
	.setup = setup_16,
	.run = run,
	.teardown = teardown,
	.unit_per = "map+unmap",
};
