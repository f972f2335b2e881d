/*
 * servers/pm/mproc.c - PM's process table: pids, and which entry a live
 * endpoint belongs to.
 *
 * An entry lives from the fork (or adoption) that made it until its parent
 * has waited for it; between the end of the process and that wait it is a
 * zombie with no endpoint.  Pids count up from INIT_PID + 1 and skip the
 * ones in use.  by_slot maps a live process's kernel slot to its entry, so
 * a request finds its sender's entry in O(1).
 */
#include <stdio.h>
#include <string.h>
#include <syslib.h>
#include "pm.h"

static struct mproc table[NR_MPROCS];
static struct mproc *by_slot[ENDPOINT_MAX_SLOTS];
static unsigned used;
static bool managed;		/* PM is the USER processes' signal manager */
static pid_t next_pid = INIT_PID + 1;

static bool pid_in_use(pid_t pid)
{
	return mp_by_pid(pid) != NULL;
}

/* A free entry with a fresh pid and default signal actions, or NULL. */
struct mproc *mp_alloc(pid_t ppid)
{
	for (unsigned i = 0; i < NR_MPROCS; i++) {
		struct mproc *mp = &table[i];

		if (mp->pid)
			continue;
		do {
			next_pid = next_pid >= 0x7fff ? INIT_PID + 1 : next_pid + 1;
		} while (pid_in_use(next_pid));
		memset(mp, 0, sizeof(*mp));
		mp->pid = next_pid;
		mp->ppid = ppid;
		mp->ep = NONE;
		used++;
		return mp;
	}
	return NULL;
}

void mp_bind(struct mproc *mp, endpoint_t ep)
{
	mp->ep = ep;
	by_slot[endpoint_slot(ep)] = mp;
}

/* Has PM managed any process yet? */
bool mp_ever_managed(void)
{
	return managed;
}

/*
 * Makes PM the signal manager of every USER process: set through one of
 * them, it is the shared USER structure's (kernel/system/do_privctl.c).
 * Their own SYS_EXIT then comes to PM too (EXIT_TO_MGR: SIGEXIT, the
 * process held), so a parent's wait sees an exit that bypassed PM_EXIT.
 */
static bool take_signals(endpoint_t user_ep)
{
	struct proc_info self;
	int r;

	if (managed)
		return true;
	if (sys_getinfo(GET_WHOAMI, 0, &self, sizeof(self)) < 0 ||
	    (r = sys_privctl(user_ep, PRIVCTL_SET_SIGMGR, self.endpoint)) != OK ||
	    (r = sys_privctl(user_ep, PRIVCTL_EXIT_TO_MGR, 1)) != OK) {
		printf("pm: cannot become the signal manager of user processes\n");
		return false;
	}
	managed = true;
	return true;
}

/* The process is gone: its entry stays (a zombie) but no endpoint leads to it. */
void mp_unbind(struct mproc *mp)
{
	if (mp->ep != NONE && by_slot[endpoint_slot(mp->ep)] == mp)
		by_slot[endpoint_slot(mp->ep)] = NULL;
	mp->ep = NONE;
}

void mp_free(struct mproc *mp)
{
	mp_unbind(mp);
	mp->pid = 0;
	used--;
}

struct mproc *mp_by_ep(endpoint_t ep)
{
	struct mproc *mp;

	if (ep <= 0)
		return NULL;
	mp = by_slot[endpoint_slot(ep)];
	return mp && mp->ep == ep ? mp : NULL;
}

struct mproc *mp_by_pid(pid_t pid)
{
	for (unsigned i = 0; i < NR_MPROCS; i++)
		if (table[i].pid == pid && pid > 0)
			return &table[i];
	return NULL;
}

struct mproc *mp_at(unsigned i)
{
	return i < NR_MPROCS && table[i].pid ? &table[i] : NULL;
}

unsigned mp_count(void)
{
	return used;
}

/*
 * A live USER process PM did not start (a boot program, or one a system
 * process made and gave USER privileges) becomes a child of init, with
 * default signal actions.  NULL for anything else: a system process, or an
 * endpoint that is not (or no longer) a live process.
 */
struct mproc *mp_adopt(endpoint_t ep)
{
	struct proc_info pi;
	struct mproc *mp;

	if (ep <= 0 || sys_getinfo(GET_PROC, endpoint_slot(ep), &pi, sizeof(pi)) < 0 ||
	    pi.endpoint != ep || pi.state != PROC_STATE_LIVE || (pi.priv_flags & PROC_PRIV_SYSTEM))
		return NULL;
	if (!take_signals(ep) || !(mp = mp_alloc(INIT_PID)))
		return NULL;
	mp_bind(mp, ep);
	return mp;
}
