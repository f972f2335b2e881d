/*
 * kernel/async.h - asynchronous kernel calls: a process's ring (abi/async.h)
 * and the kernel-side records of its calls (docs/async.md).
 *
 * Each call goes through seed 003's three phases: copy-in when ENTER takes
 * the entry (its arguments are copied into a kernel record), execution on
 * that record only, write-back of one completion into the CQ of the ring.
 * The kernel never keeps a frame of the ring: every access walks the
 * owner's page tables under the owner's CPU lock, the lock every change of
 * its address space is made under, so a ring page VM unmaps mid-flight is
 * noticed at the next access (the completion is held, never written to a
 * freed frame).
 *
 * Records come from one pool; a process takes its quota of them (and one
 * spare, so that a CANCEL always has one) at set-up and returns them when
 * the ring is torn down (by the process, exec, a live update, or its end),
 * so a submission never allocates: a call past the quota gets EDQUOT.
 *
 * Locking: p->async and the records of p (but the pool's free list) are
 * under the lock of p->cpu; a pending TIMEOUT lies on the list of p's CPU
 * (cpu.async_timers) and moves with p.  async_pool_lock (kernel/async.c)
 * protects the pool's free list and nests inside the CPU locks.
 */
#ifndef KERNEL_ASYNC_H
#define KERNEL_ASYNC_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/info.h>
#include <abi/message.h>

struct async_call;
struct cpu;
struct proc;

/* Per process, under the lock of p->cpu. */
struct async_state {
	vir_bytes ring;			/* 0: none set up */
	uint32_t sq_entries, cq_entries;
	uint32_t sq_head, cq_tail;	/* the kernel's own indices */
	uint32_t flags;			/* ASYNC_NOTIFY */
	uint32_t quota;			/* calls it may have outstanding (records: one more) */
	uint32_t outstanding;		/* of which in use: in flight, parked or held */
	uint32_t wait_min;		/* RTS_ASYNC: ENTER waits for this many completions */
	uint32_t held_count;
	bool aborted;			/* torn down under a suspended ENTER: it fails */
	struct async_call *free;	/* unused records */
	struct async_call *parked;	/* safecopies that stopped at an absent page */
	struct async_call *held;	/* completions waiting for room in the CQ */
	struct async_call **held_tail;
	struct async_call *vm_wait;	/* the parked copy ENTER waits on VM for */
};

/*
 * Per process, under the lock of p->cpu: as a server, the ASYNC_OP_SENDREC
 * requests sent to it (kernel/async_sendrec.c); as a client, how many of
 * its own are on some server's lists (MF_ASYNC_REPLY while nonzero).
 * Independent of the process's own ring: they outlive it (orphans).
 */
struct async_srv {
	struct async_call *queued, **queued_tail;	/* not received yet: FIFO */
	struct async_call *delivered;		/* received, not answered yet */
	uint32_t owed;
};

int async_setup(struct proc *p, const struct mess_async *req, uint32_t *quota);
int async_enter(struct proc *p, uint32_t min_complete);
void async_abort(struct proc *p, bool tell);	/* every CPU lock: exec, update */
void async_exit(struct proc *p);		/* every CPU lock: the end of p */
void async_move(struct proc *p, struct cpu *to);	/* both CPUs' locks */
void async_tick(struct cpu *c);			/* takes c's lock */
void async_get_stats(struct proc *p, struct async_stats *s);

/* The IPC side of ASYNC_OP_SENDREC (kernel/ipc.c; kernel/async_sendrec.c). */
bool async_sendrec_reply(struct proc *s, struct proc *p, const message *m);	/* both */

#endif /* KERNEL_ASYNC_H */
