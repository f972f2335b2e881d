/*
 * sys/wait.h - waiting for children (PM_WAITPID): WNOHANG and the
 * W*() macros on a status come from abi/pm.h.
 */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <abi/pm.h>

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);	/* pid > 0, or -1: any */

#endif /* _SYS_WAIT_H */
