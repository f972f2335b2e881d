/*
 * kernel/signal.c - forwarding signals to signal managers (see signal.h).
 *
 * Locks: sig_raise takes the CPU locks of the process and its manager (every
 * CPU lock to end it) and re-checks both there; sig_take_pending
 * (SYS_GETKSIG) runs with every CPU lock held, sig_manager_died inside
 * proc_exit with every CPU lock held.
 */
#include <abi/errno.h>
#include "kernel/ipc.h"
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "smp/cpulock.h"

/*
 * Slots whose process may have signals for its manager, so that
 * SYS_GETKSIG looks at those alone instead of the whole table.  A bit is
 * set by sig_raise with the process's pending signals (holding its CPU
 * lock; raises on two CPUs may share a word, hence the atomic OR) and
 * cleared by sig_take_pending, which holds every CPU lock, so no raise
 * runs meanwhile.  A set bit may be stale (the process ended, or its
 * signals were taken); a process with pending signals always has its bit.
 */
static uint32_t pending_slots[BITMAP_WORDS(NR_PROCS)];

/* Ends p, unless it is no longer the live process ep. */
static int end_by_signal(struct proc *p, endpoint_t ep, int sig, const char *reason)
{
	cpuset_t held = cpus_lock_all();
	int r = EDEADSRCDST;

	if (proc_is_live(p, ep)) {
		kprintf(KLOG_NOTICE "signal: %s (endpoint %d) ended by signal %d: %s", p->name, ep,
			sig, reason);
		proc_exit_locked(p, -sig, reason);
		r = OK;
	}
	cpus_unlock(held);
	return r;
}

/*
 * p was looked up as ep with no lock held since, so it may have exited, and
 * its slot may hold a new process: checked under the locks (proc_is_live)
 * before p is touched.  The manager's endpoint is read unlocked (p->priv
 * always points into the privilege table) and checked under the locks
 * too; if it changed meanwhile (PRIVCTL_SET_SIGMGR) the raise starts over.
 */
int sig_raise(struct proc *p, endpoint_t ep, int sig, const char *reason)
{
	endpoint_t mgr_e;
	struct proc *mgr;
	cpuset_t held;

	for (;;) {
		mgr_e = __atomic_load_n(&p->priv->sig_mgr, __ATOMIC_RELAXED);
		if (mgr_e == NONE || proc_lookup(mgr_e, &mgr) != OK || mgr == p)
			return end_by_signal(p, ep, sig, reason);
		held = lock_procs(p, mgr, NULL);
		if (!proc_is_live(p, ep)) {
			cpus_unlock(held);		/* ended since the lookup */
			return EDEADSRCDST;
		}
		if (p->priv->sig_mgr == mgr_e)
			break;
		cpus_unlock(held);			/* another manager now */
	}
	if (!proc_is_live(mgr, mgr_e)) {
		cpus_unlock(held);			/* the manager just died */
		return end_by_signal(p, ep, sig, reason);
	}
	p->sig_pending |= 1u << sig;
	__atomic_fetch_or(&pending_slots[p->slot / BITMAP_WORD_BITS],
			  1u << (p->slot % BITMAP_WORD_BITS), __ATOMIC_RELAXED);
	if (!(p->rts_flags & RTS_SIGNALED)) {
		proc_block(p, RTS_SIGNALED);
		ipc_notify_kernel(mgr, SYSTEM);
	}
	cpus_unlock(held);
	return OK;
}

struct proc *sig_take_pending(endpoint_t mgr_e, uint32_t *sigs)
{
	for (unsigned i = bitmap_find_first_set(pending_slots, NR_PROCS); i < NR_PROCS;
	     i = bitmap_find_next_set(pending_slots, NR_PROCS, i + 1)) {
		struct proc *p = &proc_table[i];

		if ((p->rts_flags & RTS_SLOT_FREE) || !p->sig_pending) {
			bitmap_clear(pending_slots, i);		/* stale */
			continue;
		}
		if (p->priv->sig_mgr != mgr_e)
			continue;
		bitmap_clear(pending_slots, i);
		*sigs = p->sig_pending;
		p->sig_pending = 0;
		return p;
	}
	return NULL;
}

void sig_manager_died(struct proc *mgr)
{
	for (unsigned i = 0; i < NR_PROCS; i++) {
		struct proc *p = &proc_table[i];

		if ((p->rts_flags & RTS_SLOT_FREE) || p == mgr || !p->priv ||
		    p->priv->sig_mgr != mgr->endpoint)
			continue;
		p->priv->sig_mgr = NONE;
		/* nobody takes its exit now: SYS_EXIT ends it again */
		__atomic_and_fetch(&p->priv->flags, ~PRIV_EXIT_TO_MGR, __ATOMIC_RELAXED);
		if (p->rts_flags & RTS_SIGNALED)
			proc_exit_locked(p, -(int)__builtin_ctz(p->sig_pending | 0x80000000u),
					 "signal manager died");
	}
}
