/*
 * unistd.h - processes: fork, exec of a boot-image program, exit, ids.
 *
 * Each call is one request to the process manager (abi/pm.h, docs/pm.md).
 * As everywhere in this libc, an error comes back as a negative code of
 * abi/errno.h (no errno variable): fork() returns the child's pid in the
 * parent, 0 in the child, or an error.
 */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <abi/errno.h>
#include <abi/pm.h>

pid_t fork(void);
/*
 * Runs the boot module `name`'s program in place of the caller with
 * argv[1..] as its arguments (argv[0] is its name; no argument may hold a
 * space, all of them together fit PM_EXEC_ARGS_MAX).  Returns only on an
 * error.
 */
int execv(const char *name, char *const argv[]);
_Noreturn void _exit(int status);
pid_t getpid(void);
pid_t getppid(void);

/* The process manager: a USER process's signal manager, or the boot module
 * "pm"; for a SYSTEM process only one it names (the bench starts its own). */
endpoint_t pm_endpoint(void);
void pm_set_endpoint(endpoint_t ep);

#endif /* _UNISTD_H */
