/*
 * do_physcopy - SYS_PHYSCOPY: like SYS_VIRCOPY, but either side may be
 * physical memory (endpoint NONE, address below the direct-map limit).
 * For drivers and VM; grant it with care.
 *
 * m->copy.*  as for SYS_VIRCOPY
 */
#include "kernel/proc.h"
#include "kernel/system.h"

int do_physcopy(struct proc *caller, message *m)
{
	return copy_call(caller, &m->copy, true, NULL);
}
