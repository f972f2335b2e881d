/*
 * servers/pm/forkexit.c - PM_FORK, PM_EXIT, PM_WAITPID, PM_GETPID: the
 * life of a process from fork to the parent's wait.
 *
 * fork: VM copies the parent (VM_FORK naming it: the kernel copies what
 * it owns, VM shares its pages copy-on-write) while the parent waits in
 * its PM_FORK; the child starts waiting for PM's answer in the same
 * place, and PM answers both (0 to the child, its pid to the parent).
 *
 * exit: the kernel ends the process (SYS_CLEAR; VM hears of it from the
 * kernel); PM keeps a zombie with the wait status until the parent waits.
 * The children of the dead go to init (PM), which reaps its zombies at
 * once.  A waiting parent is answered; otherwise the parent gets SIGCHLD
 * (ignored unless it has a handler).
 */
#include <string.h>
#include <stdio.h>
#include <syslib.h>
#include <vm.h>
#include "pm.h"

int pm_fork(struct mproc *parent, message *m)
{
	struct mproc *child = mp_alloc(parent->pid);
	endpoint_t cep;
	message cm;

	if (!child)
		return EAGAIN;
	if ((cep = vm_fork_of(parent->ep)) < 0) {
		mp_free(child);
		return cep;
	}
	mp_bind(child, cep);
	sig_inherit(child, parent);
	memset(&cm, 0, sizeof(cm));
	cm.pm.pid = 0;
	pm_reply(cep, OK, &cm);
	m->pm.pid = child->pid;
	return OK;
}

/* Does the waiting parent want this child? */
static bool wanted(const struct mproc *parent, const struct mproc *child)
{
	return parent->wait_pid == -1 || parent->wait_pid == child->pid;
}

/* The parent takes the zombie's status: an answer for its wait, and the entry goes. */
static void reap(struct mproc *parent, struct mproc *zombie)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.pm.pid = zombie->pid;
	m.pm.status = zombie->wstatus;
	parent->flags &= ~MP_WAITING;
	mp_free(zombie);
	pm_reply(parent->ep, OK, &m);
}

/* mp's children go to init; init reaps those that already ended. */
static void reparent(const struct mproc *mp)
{
	for (unsigned i = 0; i < NR_MPROCS; i++) {
		struct mproc *c = mp_at(i);

		if (!c || c->ppid != mp->pid)
			continue;
		c->ppid = INIT_PID;
		if (c->flags & MP_ZOMBIE)
			mp_free(c);
	}
}

/*
 * Ends mp with the given wait status: the kernel clears the process, PM
 * keeps the zombie for its parent (init's are freed at once).
 */
void exit_proc(struct mproc *mp, int32_t wstatus)
{
	struct mproc *parent;
	int r;

	if ((r = sys_clear(mp->ep)) != OK && r != EDEADSRCDST)
		printf("pm: clearing pid %d (endpoint %d): %d\n", mp->pid, mp->ep, r);
	mp_unbind(mp);
	mp->flags = MP_ZOMBIE;
	mp->wstatus = wstatus;
	reparent(mp);
	parent = mp->ppid == INIT_PID ? NULL : mp_by_pid(mp->ppid);
	if (!parent)
		mp_free(mp);
	else if ((parent->flags & MP_WAITING) && wanted(parent, mp))
		reap(parent, mp);
	else
		sig_post(parent, SIGCHLD);
}

int pm_exit(struct mproc *mp, message *m)
{
	exit_proc(mp, W_EXITCODE(m->pm.status));
	return EDONTREPLY;
}

/*
 * PM_WAITPID: pid > 0 that child, -1 any child (process groups: EINVAL).
 * A zombie is answered at once; otherwise WNOHANG answers pid 0 and
 * without it the caller waits (no reply until a child ends).  ECHILD if
 * no child matches.
 */
int pm_waitpid(struct mproc *mp, message *m)
{
	pid_t want = m->pm.pid;
	bool any = false;

	if ((want <= 0 && want != -1) || (m->pm.options & ~WNOHANG))
		return EINVAL;
	for (unsigned i = 0; i < NR_MPROCS; i++) {
		struct mproc *c = mp_at(i);

		if (!c || c->ppid != mp->pid || (want != -1 && c->pid != want))
			continue;
		any = true;
		if (c->flags & MP_ZOMBIE) {
			m->pm.pid = c->pid;
			m->pm.status = c->wstatus;
			mp_free(c);
			return OK;
		}
	}
	if (!any)
		return ECHILD;
	if (m->pm.options & WNOHANG) {
		m->pm.pid = 0;
		return OK;
	}
	mp->flags |= MP_WAITING;
	mp->wait_pid = want;
	return EDONTREPLY;
}

int pm_getpid(struct mproc *mp, message *m)
{
	m->pm.pid = mp->pid;
	m->pm.ppid = mp->ppid;
	return OK;
}
