/*
 * tests/guest/guest_util.c - boot-module lookup and waiting for a process
 * to end, over SYS_GETINFO.
 */
#include <string.h>
#include <syslib.h>
#include "guest_util.h"

#define WAIT_ROUNDS	20000

int find_bootmod(const char *name, const char *args, struct bootmod_info *out)
{
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return -1;
	for (unsigned i = 0; i < k.nr_bootmods; i++) {
		if (sys_getinfo(GET_BOOTMOD, (int)i, out, sizeof(*out)) < 0)
			return -1;
		if (!strcmp(out->name, name) && (!args || !strcmp(out->args, args)))
			return (int)i;
	}
	return -1;
}

int wait_for_death(endpoint_t ep, struct proc_info *out)
{
	for (int i = 0; i < WAIT_ROUNDS; i++) {
		if (sys_getinfo(GET_PROC, endpoint_slot(ep), out, sizeof(*out)) < 0)
			return -1;
		if (out->endpoint == ep && out->state == PROC_STATE_DEAD)
			return 0;
		sys_yield();
	}
	return -1;
}
