/*
 * kernel/proc.h - the process table.
 *
 * A process occupies a slot of proc_table; its endpoint (abi/endpoint.h) is
 * the slot plus a generation bumped on every reuse.  A process runs when its
 * rts_flags are all clear; each RTS_* flag is one reason it cannot run, set
 * and cleared with proc_block/proc_unblock, which keep the ready queues in
 * step.
 *
 * Synchronisation:
 *   - immutable while the slot is live: endpoint, slot, name;
 *   - proc_table_lock: slot allocation and release (free -> live -> free);
 *   - the lock of p->cpu (struct cpu.lock): rts_flags, misc_flags, the
 *     scheduling fields, the IPC, signal, alarm and VM-request state, and
 *     p->cpu itself (changed holding both CPUs' locks).  Any CPU may change
 *     them holding that lock; smp/cpulock.h takes several in order;
 *   - the saved registers (arch.frame) belong to whoever runs the process
 *     or, while it is blocked, to whoever completes its operation (under
 *     the lock above);
 *   - the address space: changed under the lock of p->cpu; destroyed only
 *     with every CPU lock held (proc_exit).  Another process reaches it
 *     only under that lock, after proc_still_there (docs/locking.md).
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>
#include <stdbool.h>
#include <abi/endpoint.h>
#include <abi/errno.h>
#include <abi/info.h>
#include <abi/message.h>
#include <arch/arch.h>
#include "kernel/async.h"
#include "kernel/lib/bitmap.h"

#define NR_PROCS	128
_Static_assert(NR_PROCS <= ENDPOINT_MAX_SLOTS, "slots must fit the endpoint encoding");

/* Reasons a process cannot run (rts_flags). */
#define RTS_SLOT_FREE	(1u << 0)	/* slot not in use */
#define RTS_NEW		(1u << 1)	/* being set up, not started yet */
#define RTS_SENDING	(1u << 2)	/* blocked sending */
#define RTS_RECEIVING	(1u << 3)	/* blocked receiving */
#define RTS_STOPPED	(1u << 4)	/* stopped by its manager (runctl) */
#define RTS_VMREQUEST	(1u << 5)	/* kernel call waits for VM */
#define RTS_SIGNALED	(1u << 6)	/* held while its signal manager works */
#define RTS_PAGEFAULT	(1u << 7)	/* page fault waits for VM (kernel/vmreq.c) */
#define RTS_ASYNC	(1u << 8)	/* ENTER waits for completions (kernel/async.c) */
#define RTS_NO_QUANTUM	(1u << 9)	/* waits for its scheduler's decision (kernel/sched_user.c) */

/* misc_flags */
#define MF_REPLY_PEND	(1u << 0)	/* in SENDREC: only the reply may arrive */
#define MF_KCALL_RESUME	(1u << 1)	/* restart kcall_msg before returning to user */
#define MF_EXIT_PENDING	(1u << 2)	/* ended while running elsewhere: its CPU finishes */
#define MF_MIGRATE	(1u << 3)	/* move to migrate_to when it stops running */
#define MF_ASYNC_REPLY	(1u << 4)	/* has async SENDRECs out: a server's SEND may answer one */
#define MF_FPU_LIVE	(1u << 5)	/* its FPU registers are live on its CPU
					   (arch/fpu.h): the fast paths, which
					   refuse any misc_flags, leave it to the
					   general path, which saves them when it
					   stops running (kernel_return) */

/* Notification sources: one bit per process slot, then the kernel's. */
#define NOTIFY_SYSTEM_BIT	(NR_PROCS + 0)
#define NOTIFY_CLOCK_BIT	(NR_PROCS + 1)
#define NOTIFY_HARDWARE_BIT	(NR_PROCS + 2)
#define NOTIFY_SOURCES		(NR_PROCS + 3)

struct cpu;
struct priv;

/*
 * A process's real-time parameters and budget (kernel/sched_edf.c; set by
 * SYS_SCHEDPARAM).  period 0: best effort.  A passive process has no budget
 * of its own: it runs on the budget and deadline of the client whose call
 * it serves (donor).  Times in clock ticks (clock_uptime).
 */
struct sched_rt {
	uint32_t budget, period;	/* per period; period 0: none */
	uint32_t left;			/* of this period's budget */
	uint32_t deadline;		/* absolute: end of the current period */
	uint32_t refill;		/* when an exhausted budget comes back */
	uint32_t misses;		/* periods that ended with work left */
	endpoint_t donor;		/* passive: whose call it serves, else NONE */
	bool passive;
	bool throttled;			/* on its CPU's throttled list */
};

struct proc {
	struct proc_arch arch;		/* registers and address space */

	/* Immutable while live. */
	endpoint_t endpoint;
	unsigned slot;
	char name[PROC_NAME_LEN];

	/* Under the lock of p->cpu (see the header comment). */
	uint32_t rts_flags;
	struct cpu *cpu;		/* CPU it runs on (changed holding both CPUs' locks) */
	struct cpu *migrate_to;		/* with MF_MIGRATE */
	unsigned priority;		/* 0 = highest; see kernel/sched.h */
	uint32_t prio_bit;		/* 1u << priority (sched_set_priority) */
	unsigned quantum;		/* ticks per time slice */
	unsigned ticks_left;		/* of the current slice */
	struct proc *next_ready;	/* ready-queue link; NULL while in no FIFO */
	uint64_t sched_key;		/* heap order: fair's pass, edf's deadline */
	unsigned heap_at;		/* index + 1 in its CPU's heap, 0: not in it */
	struct sched_rt rt;		/* edf's parameters and budget */
	uint32_t last_ran;		/* uptime tick it last stopped running (balancing) */
	bool pinned;			/* placed by SYS_SCHEDCTL: balancing leaves it there */
	struct {			/* its user-space scheduler (kernel/sched_user.c) */
		endpoint_t by;		/* the scheduler's endpoint, NONE: the kernel's policy */
		uint32_t asked;		/* uptime tick of its out-of-quantum notice */
		unsigned base_prio, base_quantum;	/* restored when the kernel takes it back */
	} usched;
	uint32_t user_ticks, kernel_ticks;
	message kcall_msg;		/* the kernel call being served (restartable) */
	struct {			/* while RTS_VMREQUEST (kernel/vmreq.c) */
		endpoint_t target;
		vir_bytes addr;
		uint32_t len, flags;
		endpoint_t dst_ep;	/* with VMF_COW: the destination */
		vir_bytes dst_addr;
		int result;		/* VM's answer: OK to restart, or the error;
					   also kernel/async.c's for a waiting ENTER */
		int cow;		/* COWCOPY_* for the restart (kernel/cowcopy.h) */
		struct proc *next;
	} vmreq;
	struct {			/* while RTS_PAGEFAULT (kernel/vmreq.c) */
		vir_bytes addr;
		uint32_t flags;		/* VMF_WRITE, VMF_PRESENT */
		uint32_t ip;		/* the faulting instruction, for the reason */
		struct proc *next;	/* queue link, under vmreq_lock */
	} pagefault;
	struct priv *priv;		/* what it may do (kernel/priv.h) */

	/* IPC state (kernel/ipc.c), owner CPU. */
	uint32_t misc_flags;		/* MF_* */
	uint32_t ipc_op;		/* operation it is blocked in */
	endpoint_t sendto_e;		/* while RTS_SENDING */
	endpoint_t getfrom_e;		/* while RTS_RECEIVING: a source or ANY */
	vir_bytes ipc_buf;		/* message buffer of the blocked operation */
	uint32_t ipc_regs;		/* blocked receiving with IPC_FLAG_REGS (fast path only) */
	struct proc *senders;		/* FIFO of processes blocked sending to us */
	struct proc *next_sender;	/* link in the destination's FIFO */
	uint32_t notify_pending[BITMAP_WORDS(NOTIFY_SOURCES)];
	uint32_t pending_any;		/* nonzero if a notify or senda bit may be set */
	uint32_t senda_pending[BITMAP_WORDS(NR_PROCS)];	/* slots with SENDA for us */
	vir_bytes senda_table;		/* our SENDA table, 0 if none */
	uint32_t senda_count;
	uint32_t senda_first;		/* entries below it are done or not valid */

	/* Asynchronous calls (kernel/async.h), under the lock of p->cpu. */
	struct async_state async;
	struct async_srv async_srv;	/* its async SENDRECs, as server and client */

	/* Grants (kernel/grant.c): the table in its own memory. */
	vir_bytes grant_table;
	uint32_t grant_count;

	/* Signals and alarm. */
	uint32_t sig_pending;		/* for the signal manager (bit n = signal n) */
	uint32_t irq_pending;		/* lines fired since the last HARDWARE notification */
	uint32_t alarm_at;		/* uptime tick of the alarm, 0 if none */
	struct proc *next_alarm;	/* link in its CPU's alarm list */

	/* What the last owner of the slot left behind (GET_PROC). */
	int32_t generation;
	bool ever_used;
	int32_t exit_status;		/* status, or -signal */
	char exit_reason[PROC_REASON_LEN];
};

extern struct proc proc_table[NR_PROCS];

void proc_init(void);
struct proc *proc_alloc(const char *name, struct cpu *cpu);
void proc_start(struct proc *p, bool stopped);
void proc_exit(struct proc *p, int32_t status, const char *reason);
void proc_exit_locked(struct proc *p, int32_t status, const char *reason);
void proc_fault(struct proc *p, int sig, const char *reason);
void proc_block(struct proc *p, uint32_t flag);
void proc_unblock(struct proc *p, uint32_t flag);
void proc_get_info(const struct proc *p, struct proc_info *info);
unsigned proc_live_count(void);
unsigned proc_free_slots(void);
void proc_poweroff_when_empty(void);

/*
 * Resolves an endpoint to a live process.  EBADEPT for a malformed endpoint,
 * EDEADSRCDST if its process died and the slot is still free, EDEADEPT if
 * the slot now belongs to a newer process (or never had this generation).
 */
static inline int proc_lookup(endpoint_t ep, struct proc **out)
{
	struct proc *p;

	if (ep <= 0 || endpoint_slot(ep) >= NR_PROCS)
		return EBADEPT;
	p = &proc_table[endpoint_slot(ep)];
	if (p->endpoint != ep)
		return EDEADEPT;
	if (p->rts_flags & RTS_SLOT_FREE)
		return EDEADSRCDST;
	*out = p;
	return OK;
}

/*
 * After taking p's CPU lock: is p still the process ep (looked up before
 * the lock), live and set up?  Between proc_lookup and the lock it may
 * have exited (its address space freed, arch.as.pd NULL), and its slot may
 * even hold a new process whose space is still being built (RTS_NEW).
 * Every call that reads or changes another process's address space checks
 * this under the lock it holds for the access (docs/locking.md).
 */
static inline bool proc_still_there(const struct proc *p, endpoint_t ep)
{
	return p->endpoint == ep && !(p->rts_flags & (RTS_SLOT_FREE | RTS_NEW));
}

/*
 * Is p blocked in a SENDREC whose request was taken, waiting only for the
 * reply, from from_e (ANY: from whoever took it)?  Lock: p->cpu's.
 */
static inline bool proc_awaits_reply(const struct proc *p, endpoint_t from_e)
{
	return (p->rts_flags & (RTS_SENDING | RTS_RECEIVING)) == RTS_RECEIVING &&
	       (p->misc_flags & MF_REPLY_PEND) && (from_e == ANY || p->getfrom_e == from_e);
}

/*
 * After taking p's CPU lock (or every CPU lock): is p still the live
 * process ep?  The check for acting on a process without touching its
 * address space (a signal, an exit): a process still being set up
 * (RTS_NEW) may be signalled or ended like any other, but one that exited
 * since the lookup must not be touched, nor a new owner of its slot.
 */
static inline bool proc_is_live(const struct proc *p, endpoint_t ep)
{
	return p->endpoint == ep && !(p->rts_flags & RTS_SLOT_FREE);
}

static inline bool proc_runnable(const struct proc *p)
{
	return p->rts_flags == 0;
}

#endif /* KERNEL_PROC_H */
