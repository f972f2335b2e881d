/*
 * tests/fuzz/fuzz_main.c - a fuzz campaign from start to end (fuzz.h):
 * arguments, the arena, the baseline of the kernel's and VM's resources,
 * batches of operations with a sanity check after each, and the final
 * accounting:
 *
 *   fuzz: seed S calls N violations V corruptions C leaks L
 *
 * as one TAP case, fuzz.user or fuzz.system.  Campaigns of one boot run
 * one after the other, after the tests booted before them (each waits for
 * the modules before it but VM and the partner), so that each one's
 * baseline is its own.  A sanity check asks the partner
 * for an echo (its words back, its memory pattern intact) and checks a
 * pattern of ours that no operation names; a broken one is a corruption.
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <vm.h>
#include "tests/fuzz/fuzz.h"
#include "tests/guest/children.h"
#include "tests/guest/guest_util.h"

#define PAGE		4096u
#define BATCH		1000		/* operations between sanity checks */
#define SETTLE_TICKS	1000		/* longest wait for resources to come back */
#define CANARY_SEED	0xc0ffu

static uint32_t arg_seed = 1, arg_calls = 20000, arg_upto = UINT32_MAX;
static uint8_t canary[PAGE];
static unsigned corruptions, leaks;

/* What must come back by the end. */
struct baseline {
	uint32_t kframes, slots, privs, vframes, committed, async_free;
};

static int take_baseline(struct baseline *b)
{
	struct kinfo k;
	struct vm_info v;
	struct async_stats a;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0 || vm_info(&v) != OK ||
	    sys_getinfo(GET_ASYNC, 0, &a, sizeof(a)) < 0)
		return -1;
	*b = (struct baseline){ k.free_frames, k.free_slots, k.free_privs, v.free_frames, v.committed,
				a.pool_free };
	return 0;
}

/* Counts the resources still missing once everything had time to end. */
static unsigned count_leaks(const struct baseline *before)
{
	uint32_t end = uptime() + SETTLE_TICKS;
	struct baseline now;
	unsigned n;

	for (;;) {
		if (take_baseline(&now) < 0)
			return 1;
		n = (now.kframes != before->kframes) + (now.slots != before->slots) +
		    (now.privs != before->privs) + (now.vframes != before->vframes) +
		    (now.committed != before->committed) + (now.async_free != before->async_free);
		if (!n || uptime() > end)
			break;
		if (fuzz_live_kids())
			fuzz_end_kids();
		nap(2);
	}
	if (n)
		printf("# fuzz: LEAK: kernel frames %u -> %u, slots %u -> %u, privileges %u -> %u, "
		       "VM frames %u -> %u, committed %u -> %u, async records %u -> %u\n",
		       before->kframes, now.kframes, before->slots, now.slots, before->privs,
		       now.privs, before->vframes, now.vframes, before->committed, now.committed,
		       before->async_free, now.async_free);
	return n;
}

/* The partner's echo and both patterns; a failure is a corruption. */
static void sanity(void)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = FUZZ_ECHO;
	for (unsigned i = 0; i < 4; i++)
		m.words[i] = fz.call * 4 + i;
	r = ipc_sendrec(fz.partner, &m);
	if (r != OK || m.m_type != FUZZ_REPLY || m.words[4] != 1 || m.m_source != fz.partner) {
		corruptions++;
		printf("# fuzz: CORRUPTION at call %u: echo %d, type %#x, pattern %u\n", fz.call, r,
		       m.m_type, m.words[4]);
		return;
	}
	for (unsigned i = 0; i < 4; i++)
		if (m.words[i] != fz.call * 4 + i) {
			corruptions++;
			printf("# fuzz: CORRUPTION at call %u: echo word %u\n", fz.call, i);
			return;
		}
	if (!pattern_matches(canary, sizeof(canary), CANARY_SEED, 0)) {
		corruptions++;
		printf("# fuzz: CORRUPTION at call %u: our canary page\n", fz.call);
		pattern_fill(canary, sizeof(canary), CANARY_SEED, 0);
	}
}

/*
 * A read-only page, then read-write pages and an unmapped page after them
 * (until an operation maps something there).  Every page is made present
 * before the baseline: a copy out of the read-only page would otherwise
 * have VM give it a frame that the campaign keeps to its end.
 */
static int make_arena(void)
{
	void *ro, *ring_slot = vm_mmap(PAGE);

	/*
	 * A free page below everything else for the async ring (fuzz_async.c),
	 * then the big region: VM would put either in the hole, where bad
	 * pointers aim, and the ring anywhere near the arena, where a grant
	 * of the arena's end may reach.
	 */
	if (!ring_slot || !(fz.big = vm_mmap(BIG_PAGES * PAGE)))
		return -1;
	memset(fz.big, 0x5a, BIG_PAGES * PAGE);
	if (vm_mmap_flags(PAGE, VM_MAP_RDONLY, &ro) != OK)
		return -1;
	fz.arena_ro = ro;
	(void)*(volatile uint8_t *)fz.arena_ro;
	fz.arena = vm_mmap((ARENA_PAGES + 1) * PAGE);
	if (!fz.arena || vm_munmap(fz.arena + ARENA_PAGES * PAGE, PAGE) != OK)
		return -1;
	fz.arena_hole = fz.arena + ARENA_PAGES * PAGE;
	memset(fz.arena, 0, ARENA_PAGES * PAGE);
	return vm_munmap(ring_slot, PAGE) == OK ? 0 : -1;
}

/*
 * Waits for the programs booted before this one (earlier campaigns, tests
 * of the same boot), all but VM and the partner, which live on.
 */
static void wait_for_earlier(void)
{
	struct bootmod_info mod;
	struct proc_info i;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned n = 0; n < k.nr_bootmods; n++) {
		if (sys_getinfo(GET_BOOTMOD, (int)n, &mod, sizeof(mod)) < 0)
			return;
		if (mod.endpoint == fz.self)
			return;
		if (mod.status == OK && mod.endpoint != vm_endpoint() &&
		    !(!strcmp(mod.name, "fuzz") && !strncmp(mod.args, "partner", 7)))
			while (sys_getinfo(GET_PROC, endpoint_slot(mod.endpoint), &i, sizeof(i)) > 0 &&
			       i.endpoint == mod.endpoint && i.state == PROC_STATE_LIVE)
				nap(2);		/* as long as it takes: a hang is the harness's */
	}
}

static endpoint_t find_partner(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return NONE;
	for (unsigned n = 0; n < k.nr_bootmods; n++)
		if (sys_getinfo(GET_BOOTMOD, (int)n, &mod, sizeof(mod)) > 0 &&
		    !strcmp(mod.name, "fuzz") && !strncmp(mod.args, "partner", 7))
			return mod.endpoint;
	return NONE;
}

/*
 * One fork through VM whose child exits at once, so that VM and the kernel
 * have grown their tables for forks before the baseline is taken.
 */
static int warm_up(void)
{
	struct proc_info i;
	endpoint_t c = vm_fork();

	if (c == 0)
		sys_exit(0);
	if (c < 0)
		return -1;
	while (sys_getinfo(GET_PROC, endpoint_slot(c), &i, sizeof(i)) > 0 && i.endpoint == c &&
	       i.state == PROC_STATE_LIVE)
		nap(2);
	nap(2);
	return 0;
}

static const char *t_campaign(void)
{
	struct baseline before;
	uint32_t n = arg_calls < arg_upto ? arg_calls : arg_upto, t0, ticks;
	message m;

	T_ASSERT((fz.partner = find_partner()) > 0);
	T_ASSERT_EQ(make_arena(), 0);
	pattern_fill(canary, sizeof(canary), CANARY_SEED, 0);
	T_ASSERT_EQ(warm_up(), 0);
	T_ASSERT_EQ(take_baseline(&before), 0);
	t0 = uptime();
	fuzz_seed(arg_seed);
	printf("# fuzz: %s campaign, seed %u, %u calls\n", fz.system ? "SYSTEM" : "USER", arg_seed, n);
	while (fz.call < n) {
		fuzz_one();
		if (fz.call % BATCH == 0 || fz.call == n) {
			sanity();
			if (fz.call % (10 * BATCH) == 0)
				printf("# fuzz: seed %u at call %u\n", arg_seed, fz.call);
		}
	}
	ticks = uptime() - t0;
	fuzz_release_all();
	leaks = count_leaks(&before);
	memset(&m, 0, sizeof(m));
	m.m_type = FUZZ_DONE;
	T_ASSERT_EQ(ipc_sendrec(fz.partner, &m), OK);
	printf("fuzz: seed %u calls %u violations %u corruptions %u leaks %u (%u ticks)\n",
	       arg_seed, fz.call, fz.violations, corruptions, leaks, ticks);
	if (fz.violations || corruptions || leaks)
		return test_failf("seed %u: %u violations, %u corruptions, %u leaks", arg_seed,
				  fz.violations, corruptions, leaks);
	return NULL;
}

static uint32_t arg_value(const char *arg, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(arg, key, n) && arg[n] == '=' ? (uint32_t)strtol(arg + n + 1, NULL, 0) : 0;
}

int main(int argc, char **argv)
{
	struct test_case c = { NULL, t_campaign };
	struct proc_info me;

	fz.verbose_from = UINT32_MAX;
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "partner=", 8))
			return fuzz_partner_main(arg_value(argv[i], "partner"));
		if (!strncmp(argv[i], "seed=", 5))
			arg_seed = arg_value(argv[i], "seed");
		else if (!strncmp(argv[i], "calls=", 6))
			arg_calls = arg_value(argv[i], "calls");
		else if (!strncmp(argv[i], "upto=", 5))
			arg_upto = arg_value(argv[i], "upto");
		else if (!strncmp(argv[i], "verbose=", 8))
			fz.verbose_from = arg_value(argv[i], "verbose");
		else {
			printf("Bail out! fuzz: unknown argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) < 0)
		return 1;
	fz.self = me.endpoint;
	fz.system = (me.priv_flags & PROC_PRIV_SYSTEM) != 0;
	c.name = fz.system ? "fuzz.system" : "fuzz.user";
	wait_for_earlier();
	return test_run(&c, 1);
}
