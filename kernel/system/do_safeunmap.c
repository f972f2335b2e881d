/*
 * do_safeunmap - SYS_SAFEUNMAP: the caller removes a mapping it made with
 * SYS_SAFEMAP.
 *
 * m->safemap.addr  the address it was mapped at
 *
 * Returns OK or ENOENT.
 */
#include "kernel/proc.h"
#include "kernel/safemap.h"
#include "kernel/system.h"

int do_safeunmap(struct proc *caller, message *m)
{
	return safemap_unmap(caller, m->safemap.addr);
}
