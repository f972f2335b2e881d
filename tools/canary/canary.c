/*
 * tools/canary/canary.c - the accelerator canary: the one module of the
 * guest that tools/qemu.py boots before it trusts an accelerator (KVM).
 *
 * Reaching main() already shows that paging came on with PSE and global
 * pages (the kernel's direct map) and that ring 3 runs.  The canary then
 * makes a kernel call through the int door (int/iret) and through
 * SYSENTER/SYSEXIT, checks that every CPU the host asked for came online
 * (argument `cpus=N`: the AP trampoline ran), and waits for the local APIC
 * timer to tick.  Each step is a TAP result (`make test` boots the canary
 * under TCG so that it is itself tested); the last line is
 *     CANARY OK <what was checked>
 * or "CANARY FAIL <step>: <why>".  Any other ending (a panic, a hang that
 * the host's timeout cuts) is a failure too; the host quotes the last line.
 * It runs as a USER process: no privilege is needed for what it does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslib.h>

#define STEPS		5		/* TAP results when every step passes */
#define TICKS_WANTED	3		/* timer ticks the canary waits for */
#define YIELDS_MAX	10000000u	/* bound on the wait (the host also times out) */

static int step;

static void pass(const char *name)
{
	printf("ok %d - canary.%s\n", ++step, name);
}

static int fail(const char *name, const char *why)
{
	printf("not ok %d - canary.%s # %s\n", ++step, name, why);
	printf("CANARY FAIL %s: %s\n", name, why);
	return 1;
}

/* One kernel call through the door chosen now; 0 and the uptime, or -1. */
static int uptime(uint32_t *ticks)
{
	struct mess_times t;

	if (sys_times(SELF, &t) != OK)
		return -1;
	*ticks = t.uptime_ticks;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned cpus = 1;
	uint32_t t0, t;
	struct kinfo k;

	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "cpus=", 5) == 0)
			cpus = (unsigned)atoi(argv[i] + 5);
	printf("1..%d\n", STEPS);
	pass("user_mode");	/* paging with PSE and global pages, ring 3 */

	libsys_force_int_doors(1);
	if (uptime(&t0) < 0)
		return fail("int_iret", "sys_times through int/iret failed");
	pass("int_iret");

	libsys_force_int_doors(0);
	if (!libsys_uses_sysenter())
		return fail("sysenter_sysexit", "the CPU does not offer SYSENTER");
	if (uptime(&t0) < 0)
		return fail("sysenter_sysexit", "sys_times through SYSENTER/SYSEXIT failed");
	pass("sysenter_sysexit");

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) != (int)sizeof(k))
		return fail("cpus", "GET_KINFO failed");
	if (k.ncpus != cpus) {
		char why[48];

		snprintf(why, sizeof(why), "%u of %u CPUs online", (unsigned)k.ncpus, cpus);
		return fail("cpus", why);
	}
	pass("cpus");

	for (uint32_t n = 0;; n++) {
		if (uptime(&t) < 0)
			return fail("timer", "sys_times failed");
		if (t - t0 >= TICKS_WANTED)
			break;
		if (n == YIELDS_MAX)
			return fail("timer", "the local APIC timer does not tick");
		sys_yield();
	}
	pass("timer");
	printf("CANARY OK paging+pse+pge int/iret sysenter/sysexit cpus=%u lapic-timer\n", cpus);
	return 0;
}
