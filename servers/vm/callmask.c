/*
 * servers/vm/callmask.c - which VM requests each process may send: the
 * VM call mask of RS's table (abi/vm.h VM_CALL_BIT, docs/services.md).
 *
 * A mask belongs to an endpoint: kept by the endpoint's slot and checked
 * against the full endpoint, so a process that later takes the slot has
 * none (no mask: every request).  Only the process's signal manager may
 * set it (RS for its services), so no process chooses its own rights.
 * A refused request gets EPERM and a log line, at most 5 a second.
 */
#include <stdio.h>
#include <syslib.h>
#include "vm.h"

static struct {
	endpoint_t ep;			/* whose mask; else none is set for the slot */
	uint32_t mask;
} masks[ENDPOINT_MAX_SLOTS];

bool callmask_allows(endpoint_t ep, int type)
{
	unsigned slot = (unsigned)endpoint_slot(ep);

	return ep <= 0 || masks[slot].ep != ep ||
	       (masks[slot].mask & VM_CALL_BIT(type));
}

int callmask_refuse(const message *m, const char *why)
{
	static struct log_limit limit;

	if (log_limit_ok(&limit, 5))
		printf("vm: request %#x from endpoint %d refused: %s\n", m->m_type, m->m_source,
		       why);
	return EPERM;
}

/* VM_CALLMASK: m->vm.endpoint's mask is m->vm.flags, asked by its signal manager. */
int do_callmask(message *m)
{
	endpoint_t ep = m->vm.endpoint;
	struct proc_info pi;

	if (ep <= 0 || sys_getinfo(GET_PROC, endpoint_slot(ep), &pi, sizeof(pi)) < 0 ||
	    pi.endpoint != ep || pi.state != PROC_STATE_LIVE)
		return ESRCH;
	if (pi.sig_mgr != m->m_source)
		return callmask_refuse(m, "not the signal manager of that process");
	masks[endpoint_slot(ep)].ep = ep;
	masks[endpoint_slot(ep)].mask = m->vm.flags;
	return OK;
}
