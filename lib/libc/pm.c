/*
 * lib/libc/pm.c - the process calls (unistd.h, sys/wait.h): one SENDREC
 * to the process manager each (abi/pm.h).
 *
 * A USER process's PM is its signal manager (GET_WHOAMI), or before PM
 * has taken that role at boot, the boot module "pm"; found once per
 * program and remembered (a forked child inherits it).  A SYSTEM process
 * has none unless it names one (pm_set_endpoint: the bench program, which
 * starts its own).  _exit goes through PM when there is one: PM ends the
 * caller, or answers that it does not manage it; otherwise (a system
 * service, any process of a boot without PM) the process ends itself with
 * SYS_EXIT.
 */
#include <stdbool.h>
#include <string.h>
#include <ipc.h>
#include <stdio.h>
#include <syslib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pm_call.h"

static endpoint_t pm_ep = NONE;

void pm_set_endpoint(endpoint_t ep)
{
	pm_ep = ep;
}

endpoint_t pm_endpoint(void)
{
	struct proc_info self;
	endpoint_t ep;

	if (pm_ep != NONE)
		return pm_ep;
	if (sys_getinfo(GET_WHOAMI, 0, &self, sizeof(self)) < 0 ||
	    (self.priv_flags & PROC_PRIV_SYSTEM))
		return ESRCH;
	if (self.sig_mgr > 0)
		return pm_ep = self.sig_mgr;
	if ((ep = bootmod_endpoint("pm")) >= 0)
		pm_ep = ep;
	return ep;
}

int __pm_call(int type, message *m)
{
	return ipc_request(pm_endpoint(), type, m);
}

pid_t fork(void)
{
	message m;
	int r;

	fflush_stdout();		/* the child must not print our pending output */
	memset(&m, 0, sizeof(m));
	if ((r = __pm_call(PM_FORK, &m)) != OK)
		return r;
	return m.pm.pid;
}

/* Joins argv[1..] with spaces into buf (PM_EXEC_ARGS_MAX bytes). */
static int join_args(char *const argv[], char *buf)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 1; argv && argv[0] && argv[i]; i++) {
		size_t n = strlen(argv[i]);

		if (n == 0 || strchr(argv[i], ' '))
			return EINVAL;
		if (len + (len ? 1 : 0) + n >= PM_EXEC_ARGS_MAX)
			return E2BIG;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, argv[i], n + 1);
		len += n;
	}
	return OK;
}

int execv(const char *name, char *const argv[])
{
	char args[PM_EXEC_ARGS_MAX];
	message m;
	int r;

	if ((r = join_args(argv, args)) != OK)
		return r;
	fflush_stdout();
	memset(&m, 0, sizeof(m));
	m.pm.name = (vir_bytes)name;
	m.pm.name_len = (uint32_t)strlen(name);
	m.pm.args = (vir_bytes)args;
	m.pm.args_len = (uint32_t)strlen(args);
	return __pm_call(PM_EXEC, &m);		/* returns only on an error */
}

void _exit(int status)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.pm.status = status;
	__pm_call(PM_EXIT, &m);			/* returns only if PM does not manage us */
	sys_exit(status);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.pm.pid = pid;
	m.pm.options = options;
	if ((r = __pm_call(PM_WAITPID, &m)) != OK)
		return r;
	if (status && m.pm.pid > 0)
		*status = m.pm.status;
	return m.pm.pid;
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

/* PM_GETPID: pid, or with ppid set the parent's. */
static pid_t ids(bool parent)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	if ((r = __pm_call(PM_GETPID, &m)) != OK)
		return r;
	return parent ? m.pm.ppid : m.pm.pid;
}

pid_t getpid(void)
{
	return ids(false);
}

pid_t getppid(void)
{
	return ids(true);
}
