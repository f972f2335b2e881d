/*
 * kernel/sched_fast.h - the scheduler questions the fast paths ask, inline
 * and, for the default policy, without the indirect call:
 *
 *   sched_handoff            may `to` take the place of `from`, which
 *                            blocks (the IPC fast paths)?
 *   sched_heads_fp           does p, which runs, head the queues, so
 *                            that it may block (sched_block_fp) or
 *                            continue (sched_requeue_fp) at once?
 *   sched_enqueue_fp         sched_enqueue for this CPU (c's lock held;
 *                            no IPI: the fast paths touch only their own
 *                            CPU's queues)
 *   sched_current_continues  may the process that trapped simply continue
 *                            (kernel_return's first check, and the doors
 *                            that return into the caller by themselves:
 *                            kernel_call_short_direct)?
 */
#ifndef KERNEL_SCHED_FAST_H
#define KERNEL_SCHED_FAST_H

#include <stdbool.h>
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/sched_mlfq.h"
#include "smp/cpu.h"

/* The other policies' side of the questions below, out of line (sched.c). */
bool sched_heads_other(struct cpu *c, const struct proc *p);
struct proc *sched_block_other(struct cpu *c, struct proc *p);
void sched_requeue_other(struct cpu *c, struct proc *p);

/* See struct sched_policy.handoff; c's lock held. */
static inline __attribute__((always_inline)) bool sched_handoff(struct cpu *c, struct proc *from, struct proc *to)
{
	if (likely(sched_current_policy == &sched_mlfq))
		return mlfq_handoff(c, from, to);
	return sched_current_policy->handoff(c, from, to);
}

/*
 * See the header: the default policy's O(1) test inline; for another,
 * whether it would pick p (its dequeue is then O(log n) at most).
 */
static inline __attribute__((always_inline)) bool sched_heads_fp(struct cpu *c, const struct proc *p)
{
	if (likely(sched_current_policy == &sched_mlfq))
		return mlfq_heads(c, p);
	return sched_heads_other(c, p);
}

/*
 * p, which sched_heads_fp said heads the queues (nothing changed since),
 * blocks: out of the queues, and the next to run (NULL: none).
 */
static inline __attribute__((always_inline)) struct proc *sched_block_fp(struct cpu *c, struct proc *p)
{
	if (likely(sched_current_policy == &sched_mlfq)) {
		mlfq_dequeue_head(c, p);
		return mlfq_pick_fp(c);
	}
	return sched_block_other(c, p);
}

/*
 * p, which sched_heads_fp said heads the queues, got its message at once
 * and continues: where the general path's block and wake would put it
 * (for the default policy, behind the others of its level).
 */
static inline __attribute__((always_inline)) void sched_requeue_fp(struct cpu *c, struct proc *p)
{
	if (likely(sched_current_policy == &sched_mlfq)) {
		if (p->next_ready) {
			mlfq_dequeue_head(c, p);
			mlfq_enqueue_fp(c, p);
		}
		return;
	}
	sched_requeue_other(c, p);
}

static inline __attribute__((always_inline)) void sched_enqueue_fp(struct cpu *c, struct proc *p)
{
	if (likely(sched_current_policy == &sched_mlfq))
		mlfq_enqueue_fp(c, p);
	else
		sched_current_policy->enqueue(c, p);
}

/*
 * `from` answers to's SENDREC without a hand-off (the SEND and SENDA fast
 * paths; to not yet woken): the policy hears of it, as from the general
 * path (struct sched_policy.ipc).
 */
static inline void sched_reply_fp(struct proc *from, struct proc *to)
{
	if (unlikely(sched_current_policy->ipc != NULL))
		sched_current_policy->ipc(from, to, true);
}

/* The policy's still_first; the default policy's inline (always: the fast paths' return). */
static inline __attribute__((always_inline)) bool sched_still_first(struct cpu *c,
								     const struct proc *cur)
{
	if (likely(sched_current_policy == &sched_mlfq))
		return mlfq_still_first(c, cur);
	return sched_current_policy->still_first(c, cur);
}

/*
 * True when c's current process still runs, has no deferred work, and the
 * policy would pick it again; `ignore`: misc_flags that do not stop it
 * (kernel_return's MF_FPU_LIVE: its registers simply stay live; 0 on the
 * kernel-call door, which leaves such a process to kernel_return).  Asked
 * without the lock: a CPU that queues something more urgent meanwhile
 * sends a reschedule IPI (smp_kick), which lands right after the return.
 */
static inline bool sched_current_continues(struct cpu *c, uint32_t ignore)
{
	const struct proc *cur = c->current;

	return cur && (cur->rts_flags | (cur->misc_flags & ~ignore)) == 0 &&
	       sched_still_first(c, cur);
}

/*
 * May p, which trapped on c (this CPU), go straight back to user mode
 * without kernel_return()?  Only when kernel_return would return into it at
 * once - it is still current and continues - and its address space is
 * still loaded (a call may unload it: as_destroy).  Then esp0 and the
 * SYSENTER stack still point past its frame as well: only
 * arch_switch_to_user moves them, and it has not run since the trap.
 */
static inline bool sched_trapper_continues(struct cpu *c, struct proc *p)
{
	return c->current == p && sched_current_continues(c, 0) &&
	       arch_space_loaded(&c->arch, &p->arch.as);
}

#endif /* KERNEL_SCHED_FAST_H */
