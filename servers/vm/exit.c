/*
 * servers/vm/exit.c - processes that ended: their frames go back.
 *
 * The kernel queues every exit for VM (VMCTL_GET_EXITED); when its ring
 * overflowed, VM checks each process it knows instead.  The address space
 * itself is gone by then (the kernel destroyed it, leaving VM's frames
 * alone), so releasing is VM bookkeeping only.
 *
 * When VM is the last process left, everyone it served has gone: it ends
 * too, so the machine can power off (the kernel does that when the last
 * process exits).  Boot must be over by then, or a test program that ends
 * while later modules are still loading would take VM with it.
 */
#include <stdlib.h>
#include <syslib.h>
#include "vm.h"

/* Frees everything s holds and forgets it. */
void exit_release(struct vm_space *s)
{
	uint32_t pages = s->npages;

	region_clear_space(&vm_regions, s, page_release, NULL);
	frames_uncommit(&vm_frames, pages);
	s->ep = NONE;
	s->brk = 0;
}

/* Releases every space whose process is no longer alive. */
static void rescan(void)
{
	for (unsigned i = 0; i < space_slots(); i++) {
		struct vm_space *s = space_at(i);
		struct proc_info pi;

		if (s->ep == NONE)
			continue;
		if (sys_getinfo(GET_PROC, (int)i, &pi, sizeof(pi)) < 0 || pi.endpoint != s->ep ||
		    pi.state != PROC_STATE_LIVE)
			exit_release(s);
	}
}

/* Has the kernel dealt with every boot module (started it or said why not)? */
static bool boot_done(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return false;
	for (unsigned i = 0; i < k.nr_bootmods; i++)
		if (sys_getinfo(GET_BOOTMOD, (int)i, &mod, sizeof(mod)) < 0 || !mod.reason[0])
			return false;
	return true;
}

/* One VMCTL_GET_EXITED answer (endpoint, flags, live). */
void exit_notice(const message *m)
{
	struct vm_space *s;

	if (m->vmctl.flags & VMF_OVERFLOW)
		rescan();
	else if ((s = space_find(m->vmctl.endpoint)) != NULL)
		exit_release(s);
	if (m->vmctl.live == 1 && boot_done())
		exit(0);
}
