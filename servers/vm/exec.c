/*
 * servers/vm/exec.c - VM_EXEC: a process about to get a new program loses
 * all its VM memory (abi/vm.h).
 *
 * Asked by a SYSTEM process (PM) while the process waits in its exec
 * request, so it cannot touch its memory meanwhile.  Every region is
 * unmapped in the kernel first (frames leave its page tables before they
 * can be handed out again), then released as at an exit; the space is
 * forgotten, and the new program's first request starts a fresh one.
 */
#include "vm.h"

int do_exec(message *m)
{
	struct vm_space *s;

	if (!vmk_is_system(m->m_source))
		return EPERM;
	if (!(s = space_find(m->vm.endpoint)))
		return OK;			/* it had no VM memory */
	for (const struct vm_region *r = s->regions; r; r = r->next)
		vmk_unmap(s->ep, r->start, r->npages);
	exit_release(s);
	return OK;
}
