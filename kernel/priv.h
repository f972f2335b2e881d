/*
 * kernel/priv.h - privilege structures (MINIX's struct priv).
 *
 * Every process points at one.  All USER-class processes share priv slot
 * USER_PRIV_ID; each SYSTEM-class process has its own, a static id for boot
 * services and a dynamic one for processes created later.  A structure says
 * which IPC operations (trap_mask) and kernel calls (call_mask) its owner may
 * use, with which other privilege structures it may exchange messages
 * (ipc_to, kept symmetric so a server can always reply), and who manages
 * its signals (sig_mgr; NONE means the kernel ends the process itself).
 *
 * Synchronisation: changed only by kernel calls of privileged processes and
 * at process creation and exit (single writer; see docs/locking.md).
 * p->priv is always a structure of the table, never NULL (an ended
 * process points at the USER one), so it may be read without a lock on a
 * process that is ending on another CPU.
 */
#ifndef KERNEL_PRIV_H
#define KERNEL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/callnr.h>
#include <abi/endpoint.h>
#include <abi/info.h>
#include "kernel/lib/bitmap.h"

/*
 * Room for the boot services and tests (64) and for four forked SYSTEM
 * processes per CPU the kernel can run (smp.stress forks two client/server
 * pairs per CPU).  A full table fails the fork or start with ENOSPC.
 */
#define NR_PRIVS	(64 + 4 * ABI_MAX_CPUS)
#define USER_PRIV_ID	0

#define PRIV_SYSTEM	(1u << 0)	/* own structure: a system process */
#define PRIV_EXIT_TO_MGR (1u << 1)	/* SYS_EXIT is SIGEXIT for sig_mgr (do_exit.c) */
#define PRIV_CRITICAL	(1u << 2)	/* its end is logged as an error (proc_exit) */
#define PRIV_PER_PROCESS (PRIV_EXIT_TO_MGR | PRIV_CRITICAL)	/* not copied */
#define NR_IO_RANGES	4

struct io_range {
	uint16_t first, last;			/* inclusive */
};

struct priv {
	unsigned id;
	bool in_use;
	uint32_t flags;				/* PRIV_* */
	uint32_t trap_mask;			/* bit op set: IPC op allowed */
	uint32_t call_mask[BITMAP_WORDS(NR_SYS_CALLS)];
	uint32_t ipc_to[BITMAP_WORDS(NR_PRIVS)];
	endpoint_t sig_mgr;			/* NONE: the kernel handles signals */
	uint32_t irq_mask;			/* bit n: may control IRQ line n */
	unsigned nr_io;
	struct io_range io[NR_IO_RANGES];	/* ports it may use through SYS_DEVIO */
};

enum priv_class { PRIV_CLASS_USER, PRIV_CLASS_SYSTEM };

struct proc;

void priv_init(void);
struct priv *priv_user(void);
int priv_assign_system(struct proc *p, const struct priv *template);
void priv_assign_user(struct proc *p);
unsigned priv_free_count(void);
void priv_release(struct proc *p);	/* at exit: back to USER (never NULL) */
void priv_set_ipc(struct priv *a, struct priv *b, bool allowed);
void priv_clear_ipc(struct priv *pr, struct priv *keep);

static inline bool priv_may_call(const struct priv *pr, unsigned call)
{
	return bitmap_test(pr->call_mask, call);
}

static inline bool priv_may_ipc(const struct priv *from, const struct priv *to)
{
	return bitmap_test(from->ipc_to, to->id);
}

static inline bool priv_may_io(const struct priv *pr, uint32_t port, unsigned size)
{
	for (unsigned i = 0; i < pr->nr_io; i++)
		if (port >= pr->io[i].first && port + size - 1 <= pr->io[i].last)
			return true;
	return false;
}

static inline bool priv_may_trap(const struct priv *pr, unsigned op)
{
	return (pr->trap_mask >> op) & 1u;
}

#endif /* KERNEL_PRIV_H */
