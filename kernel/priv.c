/*
 * kernel/priv.c - privilege structures: the shared USER one, SYSTEM ones
 * handed out per process, and the symmetric IPC permission bits.
 */
#include <string.h>
#include <abi/errno.h>
#include <abi/ipc.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "smp/spinlock.h"

/* Kernel calls a USER-class process may make. */
static const unsigned user_calls[] = {
	SYS_DIAGCTL, SYS_EXIT, SYS_GETINFO, SYS_YIELD, SYS_TIMES, SYS_SETALARM,
	SYS_SETGRANT,		/* users grant their buffers to servers */
	SYS_ASYNC_SETUP, SYS_ASYNC_ENTER,	/* safe for all: quota, bounded ring */
};

#define USER_TRAPS	((1u << IPC_SEND) | (1u << IPC_RECEIVE) | (1u << IPC_SENDREC) | \
			 (1u << IPC_NOTIFY) | (1u << IPC_SENDNB))
#define SYSTEM_TRAPS	(USER_TRAPS | (1u << IPC_SENDA) | (1u << IPC_REPLYRECV))

/*
 * priv_lock serialises changes to the structures (assignment, release, IPC
 * bits); it nests inside the CPU locks.  Checks read the bits without it:
 * a change applies to operations that start after it.
 */
static struct spinlock priv_lock = SPINLOCK_INIT("priv");
static struct priv privs[NR_PRIVS];

/*
 * Sets or clears both directions between a and b, so that whoever may send
 * may also be answered (MINIX set_sendto_bit / unset_sendto_bit).
 */
static void set_ipc_locked(struct priv *a, struct priv *b, bool allowed)
{
	if (allowed) {
		bitmap_set(a->ipc_to, b->id);
		bitmap_set(b->ipc_to, a->id);
	} else {
		bitmap_clear(a->ipc_to, b->id);
		bitmap_clear(b->ipc_to, a->id);
	}
}

void priv_set_ipc(struct priv *a, struct priv *b, bool allowed)
{
	spin_lock(&priv_lock);
	set_ipc_locked(a, b, allowed);
	spin_unlock(&priv_lock);
}

/*
 * Takes every IPC permission of pr away, both directions, except with
 * keep: the caller of PRIVCTL_CLEAR_IPC (RS, before it allows a service
 * the partners of its table row).
 */
void priv_clear_ipc(struct priv *pr, struct priv *keep)
{
	spin_lock(&priv_lock);
	for (unsigned i = 0; i < NR_PRIVS; i++)
		if (&privs[i] != keep && &privs[i] != pr)
			set_ipc_locked(pr, &privs[i], false);
	spin_unlock(&priv_lock);
}

void priv_init(void)
{
	struct priv *user = &privs[USER_PRIV_ID];

	for (unsigned i = 0; i < NR_PRIVS; i++)
		privs[i].id = i;
	user->in_use = true;
	user->trap_mask = USER_TRAPS;
	user->sig_mgr = NONE;
	for (unsigned i = 0; i < ARRAY_SIZE(user_calls); i++)
		bitmap_set(user->call_mask, user_calls[i]);
}

struct priv *priv_user(void)
{
	return &privs[USER_PRIV_ID];
}

/* Gives pr back, unless it is the shared USER one.  priv_lock held. */
static void release_locked(struct priv *pr)
{
	if (pr->id == USER_PRIV_ID)
		return;
	for (unsigned i = 0; i < NR_PRIVS; i++)
		bitmap_clear(privs[i].ipc_to, pr->id);
	pr->in_use = false;
}

/*
 * Points p at pr and gives its old structure back.  p->priv is never NULL,
 * not even for a moment: other CPUs read it without a lock (ipc_check_dst,
 * sig_raise, privctl), on a process that may be ending meanwhile.
 */
static void switch_locked(struct proc *p, struct priv *pr)
{
	struct priv *old = p->priv;

	__atomic_store_n(&p->priv, pr, __ATOMIC_RELEASE);
	release_locked(old);
}

/* A fresh SYSTEM structure: every call, IPC with everyone in use. */
static void fill_system(struct priv *pr)
{
	pr->flags = PRIV_SYSTEM;
	pr->trap_mask = SYSTEM_TRAPS;
	pr->sig_mgr = NONE;
	pr->irq_mask = 0;
	pr->nr_io = 0;
	for (unsigned c = 0; c < NR_SYS_CALLS; c++)
		bitmap_set(pr->call_mask, c);
	for (unsigned i = 0; i < NR_PRIVS; i++)
		if (privs[i].in_use)
			set_ipc_locked(pr, &privs[i], true);
}

/*
 * Gives p its own SYSTEM structure: a copy of template (masks, signal
 * manager, devices, and the partners it may exchange messages with, plus
 * the template's owner itself; not its per-process flags) or, without
 * one, the default SYSTEM rights.  ENOSPC when all structures are taken.
 */
int priv_assign_system(struct proc *p, const struct priv *template)
{
	struct priv *pr = NULL;

	spin_lock(&priv_lock);
	for (unsigned i = USER_PRIV_ID + 1; i < NR_PRIVS && !pr; i++)
		if (!privs[i].in_use)
			pr = &privs[i];
	if (!pr) {
		spin_unlock(&priv_lock);
		return ENOSPC;
	}
	memset(pr->call_mask, 0, sizeof(pr->call_mask));
	memset(pr->ipc_to, 0, sizeof(pr->ipc_to));
	pr->in_use = true;
	if (template) {
		pr->flags = template->flags & ~PRIV_PER_PROCESS;
		pr->trap_mask = template->trap_mask;
		pr->sig_mgr = template->sig_mgr;
		pr->irq_mask = template->irq_mask;
		pr->nr_io = template->nr_io;
		memcpy(pr->io, template->io, sizeof(pr->io));
		memcpy(pr->call_mask, template->call_mask, sizeof(pr->call_mask));
		for (unsigned i = 0; i < NR_PRIVS; i++)
			if (privs[i].in_use && bitmap_test(template->ipc_to, i))
				set_ipc_locked(pr, &privs[i], true);
		set_ipc_locked(pr, (struct priv *)template, true);	/* a copy talks to its origin */
	} else {
		fill_system(pr);
	}
	switch_locked(p, pr);
	spin_unlock(&priv_lock);
	return OK;
}

void priv_assign_user(struct proc *p)
{
	spin_lock(&priv_lock);
	switch_locked(p, priv_user());
	spin_unlock(&priv_lock);
}

/* Gives p's own structure back (the shared USER one stays). */
/* Structures priv_assign_system could hand out now (a leak check). */
unsigned priv_free_count(void)
{
	unsigned n = 0;

	spin_lock(&priv_lock);
	for (unsigned i = USER_PRIV_ID + 1; i < NR_PRIVS; i++)
		n += !privs[i].in_use;
	spin_unlock(&priv_lock);
	return n;
}

void priv_release(struct proc *p)
{
	priv_assign_user(p);
}
