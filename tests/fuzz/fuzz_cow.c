/*
 * tests/fuzz/fuzz_cow.c - large safecopies that the kernel may share
 * copy-on-write (kernel/cowcopy.h: page-aligned, at least the threshold,
 * between two processes): ranges of fz.big through a grant of the
 * campaign's own (entry COW_GRANT of its table), from itself or from a
 * child that may be dying, and the partner's pattern through its grant.
 *
 * The data are checked where they are known.  From the partner: the copy
 * must hold the pattern, and writing the copy must leave the partner's
 * pattern intact (asked at once with an echo).  From itself, between
 * ranges apart: the destination must hold what the source held and keep
 * it when the source is written after.  Overlapping ranges get only their
 * answer checked (their content is memcpy's business), as do a child's
 * copies (the child may end at any moment).
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <abi/callnr.h>
#include "tests/fuzz/fuzz.h"
#include "tests/guest/guest_util.h"

#define PAGE		4096u
#define COW_GRANT	7	/* the table entry this file owns, for one operation */
#define COW_MIN_PAGES	8	/* 32 KiB: the kernel's threshold */

static uint8_t pattern(uint32_t seed, uint32_t i)
{
	return (uint8_t)(seed * 167 + i * 13 + (i >> 12));
}

static void fill(uint8_t *p, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i++)
		p[i] = pattern(seed, i);
}

/* Does p hold seed's pattern?  One byte in 61 and each page's ends. */
static bool holds(const uint8_t *p, uint32_t len, uint32_t seed)
{
	for (uint32_t i = 0; i < len; i += (i % PAGE == 0 || i % PAGE == PAGE - 2) ? 1 : 61)
		if (p[i] != pattern(seed, i))
			return false;
	return true;
}

/* Copies the partner's pattern, checks it, writes the copy, asks the partner. */
static void copy_partner_pattern(void)
{
	uint32_t pages = COW_MIN_PAGES / 2 + fuzz_below(FUZZ_PATTERN_PAGES - COW_MIN_PAGES / 2 + 1);
	uint32_t from = fuzz_below(FUZZ_PATTERN_PAGES - pages + 1);
	uint32_t dst = fuzz_below(BIG_PAGES - pages + 1), len = pages * PAGE;
	uint8_t *copy = fz.big + dst * PAGE;
	message m;
	int r;

	r = sys_safecopyfrom(fz.partner, grant_id(0, FUZZ_PATTERN_GRANT), from * PAGE, copy, len);
	fuzz_note("bigcopy partner", r);
	if (r != OK) {
		if (r != ECALLDENIED)	/* USER, or a SYSTEM campaign that denied it itself */
			fuzz_violation("bigcopy of the partner's grant", r);
		return;
	}
	if (!pattern_matches(copy, len, FUZZ_PATTERN_SEED, from * PAGE))
		fuzz_violation("bigcopy: the copy lacks the partner's pattern", r);
	memset(copy, 0xee, len);		/* each page copied on write, ours alone */
	memset(&m, 0, sizeof(m));
	m.m_type = FUZZ_ECHO;
	r = ipc_sendrec(fz.partner, &m);
	if (r != OK || !m.words[4])
		fuzz_violation("bigcopy: writing the copy reached the partner's pattern", r);
}

void fuzz_bigcopy(void)
{
	uint32_t pages = COW_MIN_PAGES + fuzz_below(BIG_PAGES / 2 - COW_MIN_PAGES / 2 + 1);
	uint32_t src = fuzz_below(BIG_PAGES - pages + 1), dst = fuzz_below(BIG_PAGES - pages + 1);
	uint32_t len = pages * PAGE, seed = fuzz_rand();
	struct grant_entry *g = (struct grant_entry *)fz.arena + COW_GRANT;
	bool to = fuzz_chance(50), from_self = fuzz_chance(80);
	endpoint_t granter = from_self ? fz.self : gen_own_endpoint();
	int r;

	if (fuzz_chance(40)) {
		copy_partner_pattern();
		return;
	}
	if (src > dst ? src - dst < pages : dst - src < pages) {
		if (fuzz_chance(70))		/* mostly apart, now and then overlapping */
			dst = src >= pages ? 0 : BIG_PAGES - pages;
	}
	memset(g, 0, sizeof(*g));
	g->flags = CPF_USED | CPF_DIRECT | CPF_READ | CPF_WRITE;
	g->grantee = ANY;
	g->direct.addr = (vir_bytes)fz.big + (to ? dst : src) * PAGE;
	g->direct.len = len;
	if ((r = sys_setgrant((struct grant_entry *)fz.arena, COW_GRANT + 1)) != OK) {
		fuzz_note("bigcopy setgrant", r);
		return;
	}
	fill(fz.big + src * PAGE, len, seed);
	if (to)		/* our src to the grant (dst) */
		r = sys_safecopyto(granter, grant_id(0, COW_GRANT), 0, fz.big + src * PAGE, len);
	else		/* the grant (src) to our dst */
		r = sys_safecopyfrom(granter, grant_id(0, COW_GRANT), 0, fz.big + dst * PAGE, len);
	fuzz_note(to ? "bigcopy to" : "bigcopy from", r);
	if (!fuzz_known_result(r))
		fuzz_violation("bigcopy", r);
	if (!from_self || r != OK || (src > dst ? src - dst < pages : dst - src < pages))
		return;
	if (!holds(fz.big + dst * PAGE, len, seed))
		fuzz_violation("bigcopy: the destination lacks the source's data", r);
	else {
		fill(fz.big + src * PAGE, len, seed + 1);	/* the source written after */
		if (!holds(fz.big + dst * PAGE, len, seed))
			fuzz_violation("bigcopy: a write of the source reached the copy", r);
	}
}
