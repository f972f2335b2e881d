/*
 * kernel/signal.c - forwarding signals to signal managers (see signal.h).
 *
 * Locks: sig_raise takes the CPU locks of the process and its manager;
 * sig_take_pending (SYS_GETKSIG) and sig_manager_died run with every CPU
 * lock held.
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

static void end_by_signal(struct proc *p, int sig, const char *reason)
{
	kprintf(KLOG_NOTICE "signal: %s (endpoint %d) ended by signal %d: %s", p->name, p->endpoint, sig,
		reason);
	proc_exit(p, -sig, reason);
}

void sig_raise(struct proc *p, int sig, const char *reason)
{
	endpoint_t mgr_e = p->priv->sig_mgr;
	struct proc *mgr;
	cpuset_t held;

	if (mgr_e == NONE || proc_lookup(mgr_e, &mgr) != OK || mgr == p) {
		end_by_signal(p, sig, reason);
		return;
	}
	held = lock_procs(p, mgr, NULL);
	if (mgr->endpoint != mgr_e || (mgr->rts_flags & RTS_SLOT_FREE)) {
		cpus_unlock(held);			/* the manager just died */
		end_by_signal(p, sig, reason);
		return;
	}
	p->sig_pending |= 1u << sig;
	__atomic_fetch_or(&pending_slots[p->slot / BITMAP_WORD_BITS],
			  1u << (p->slot % BITMAP_WORD_BITS), __ATOMIC_RELAXED);
	if (!(p->rts_flags & RTS_SIGNALED)) {
		proc_block(p, RTS_SIGNALED);
		ipc_notify_kernel(mgr, SYSTEM);
	}
	cpus_unlock(held);
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
		if (p->rts_flags & RTS_SIGNALED)
			proc_exit_locked(p, -(int)__builtin_ctz(p->sig_pending | 0x80000000u),
					 "signal manager died");
	}
}
