/*
 * servers/ds/owner.c - who a caller is.
 *
 * An entry belongs to a label.  A process's label is the key of a LABEL
 * entry naming its endpoint (RS publishes one for every service it
 * starts), else its process name from the kernel: the boot module's name,
 * or its parent's for a forked child.  Only SYSTEM-class processes may
 * publish labels, so no user process can take a service's label; and
 * since endpoints carry a generation, a label naming a dead endpoint never
 * names the next process of that slot.
 */
#include <string.h>
#include <syslib.h>
#include "ds.h"

/* The kernel's record of live process ep, or an error. */
static int live_proc(endpoint_t ep, struct proc_info *pi)
{
	int r;

	if (ep < 0)
		return ESRCH;
	if ((r = sys_getinfo(GET_PROC, endpoint_slot(ep), pi, sizeof(*pi))) < 0)
		return r;
	if (pi->state != PROC_STATE_LIVE || pi->endpoint != ep)
		return ESRCH;
	return OK;
}

bool owner_alive(endpoint_t ep)
{
	struct proc_info pi;

	return live_proc(ep, &pi) == OK;
}

/* Fills *c for endpoint ep (a sender, so alive a moment ago); ESRCH if gone. */
int owner_of(endpoint_t ep, struct ds_caller *c)
{
	struct proc_info pi;
	const char *label;
	int r;

	if ((r = live_proc(ep, &pi)) != OK)
		return r;
	c->ep = ep;
	c->system = (pi.priv_flags & PROC_PRIV_SYSTEM) != 0;
	label = store_label_of(&ds_store, ep);
	if (!label) {
		pi.name[PROC_NAME_LEN - 1] = '\0';
		label = pi.name;
	}
	memcpy(c->label, label, strlen(label) + 1);	/* both fit DS_LABEL_MAX */
	return OK;
}
