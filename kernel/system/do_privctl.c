/*
 * do_privctl - SYS_PRIVCTL: change the privileges of a process.
 *
 * m->privctl.endpoint  the process (SELF allowed)
 * m->privctl.request   PRIVCTL_* (abi/message.h)
 * m->privctl.arg       endpoint, call number, IRQ line or port range
 *                      (first | last << 16), per request
 *
 * Per-process changes (IPC and call bits, IRQs, ports, the flags
 * EXIT_TO_MGR and CRITICAL, arg 0 or 1; CLEAR_IPC, which leaves it only
 * the caller to talk to) need the target to have its own SYSTEM
 * structure: the USER one is shared (EPERM).  The signal manager may be
 * set on either: set through a USER process, it is the manager of every
 * USER process (PM, seed 000).  EXIT_TO_MGR through a USER process sets
 * the shared structure's flag (every USER process's SYS_EXIT becomes
 * SIGEXIT for PM), for that structure's signal manager alone (EPERM for
 * anyone else).  EDEADSRCDST if the target or partner ends on another
 * CPU meanwhile.
 */
#include <abi/errno.h>
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "smp/cpulock.h"

/* May p exchange messages with other?  Both CPU locks held. */
static int set_ipc(struct proc *p, struct proc *other, bool allowed)
{
	if (p->priv == other->priv)
		return EINVAL;
	priv_set_ipc(p->priv, other->priv, allowed);
	return OK;
}

static int set_sigmgr(struct proc *p, endpoint_t mgr_e)
{
	struct proc *mgr;
	int r;

	if (mgr_e != NONE && (r = proc_lookup(mgr_e, &mgr)) != OK)
		return r;
	p->priv->sig_mgr = mgr_e;
	return OK;
}

static int allow_irq(struct priv *pr, int32_t irq)
{
	if (!arch_irq_assignable(irq))
		return EINVAL;
	pr->irq_mask |= 1u << irq;
	return OK;
}

static int allow_io(struct priv *pr, uint32_t range)
{
	uint16_t first = (uint16_t)range, last = (uint16_t)(range >> 16);

	if (first > last)
		return EINVAL;
	if (pr->nr_io == NR_IO_RANGES)
		return ENOSPC;
	pr->io[pr->nr_io++] = (struct io_range){ first, last };
	return OK;
}

static int set_flag(struct priv *pr, uint32_t flag, int32_t on)
{
	if (on != 0 && on != 1)
		return EINVAL;
	if (on)
		__atomic_or_fetch(&pr->flags, flag, __ATOMIC_RELAXED);
	else
		__atomic_and_fetch(&pr->flags, ~flag, __ATOMIC_RELAXED);
	return OK;
}

/* The request on p (and other, for the IPC ones), their CPU locks held. */
static int privctl_locked(struct proc *caller, struct proc *p, struct proc *other, message *m)
{
	int32_t arg = m->privctl.arg;

	switch (m->privctl.request) {
	case PRIVCTL_SET_USER:
		priv_assign_user(p);
		return OK;
	case PRIVCTL_SET_SYS:
		return priv_assign_system(p, caller->priv);
	case PRIVCTL_SET_SIGMGR:
		return set_sigmgr(p, arg);
	case PRIVCTL_EXIT_TO_MGR:
		if (!(p->priv->flags & PRIV_SYSTEM) && p->priv->sig_mgr != caller->endpoint)
			return EPERM;		/* the shared USER structure: its manager's */
		return set_flag(p->priv, PRIV_EXIT_TO_MGR, arg);
	default:
		break;
	}
	if (!(p->priv->flags & PRIV_SYSTEM))
		return EPERM;
	switch (m->privctl.request) {
	case PRIVCTL_ALLOW_IPC:		return set_ipc(p, other, true);
	case PRIVCTL_DENY_IPC:		return set_ipc(p, other, false);
	case PRIVCTL_ALLOW_CALL:
	case PRIVCTL_DENY_CALL:
		if (arg < 0 || arg >= NR_SYS_CALLS)
			return EINVAL;
		if (m->privctl.request == PRIVCTL_ALLOW_CALL)
			bitmap_set(p->priv->call_mask, (unsigned)arg);
		else
			bitmap_clear(p->priv->call_mask, (unsigned)arg);
		return OK;
	case PRIVCTL_ALLOW_IRQ:		return allow_irq(p->priv, arg);
	case PRIVCTL_ALLOW_IO:		return allow_io(p->priv, (uint32_t)arg);
	case PRIVCTL_CRITICAL:		return set_flag(p->priv, PRIV_CRITICAL, arg);
	case PRIVCTL_CLEAR_IPC:
		if (p == caller)
			return EINVAL;		/* it would keep no partner */
		priv_clear_ipc(p->priv, caller->priv);
		return OK;
	default:			return EINVAL;
	}
}

/*
 * The target (and the partner of an IPC request) may end on another CPU
 * after the lookup: the request runs holding their CPU locks, after
 * proc_is_live, so that no structure is given to, or bit set for, a slot
 * that is already free (a structure given to a free slot was lost for good).
 */
int do_privctl(struct proc *caller, message *m)
{
	endpoint_t ep = m->privctl.endpoint == SELF ? caller->endpoint : m->privctl.endpoint;
	int32_t arg = m->privctl.arg, req = m->privctl.request;
	bool ipc = req == PRIVCTL_ALLOW_IPC || req == PRIVCTL_DENY_IPC;
	struct proc *p = caller, *other = NULL;
	cpuset_t held;
	int r;

	if (ep != caller->endpoint && (r = proc_lookup(ep, &p)) != OK)
		return r;
	if (ipc && (r = proc_lookup(arg, &other)) != OK)
		return r;
	held = lock_procs(p, other, NULL);
	if (!proc_is_live(p, ep) || (other && !proc_is_live(other, arg)))
		r = EDEADSRCDST;
	else
		r = privctl_locked(caller, p, other, m);
	cpus_unlock(held);
	return r;
}
