/*
 * do_diagctl - SYS_DIAGCTL: console output for processes.
 *
 * m->diagctl.code  DIAG_PRINT
 * m->diagctl.buf   text in the caller's address space
 * m->diagctl.len   its length, at most DIAG_PRINT_MAX
 *
 * The text is printed as whole lines, atomically with respect to every other
 * console user.  Returns OK, EINVAL or EFAULT.
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/system.h"

#define DIAG_PRINT_MAX	1024

/* Out of line: an unknown code is rejected without setting up the buffer. */
static __attribute__((noipa)) int print(struct proc *caller, const message *m)
{
	char text[DIAG_PRINT_MAX];
	uint32_t len = m->diagctl.len;

	if (len > DIAG_PRINT_MAX)
		return EINVAL;
	if (user_copy_in(&caller->arch.as, m->diagctl.buf, text, len) != OK)
		return EFAULT;
	console_write_user(text, len);
	return OK;
}

int do_diagctl(struct proc *caller, message *m)
{
	if (m->diagctl.code != DIAG_PRINT)
		return EINVAL;
	return print(caller, m);
}
