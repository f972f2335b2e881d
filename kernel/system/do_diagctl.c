/*
 * do_diagctl - SYS_DIAGCTL: console output for processes, and the test
 * runners' account of the test= selection.
 *
 * m->diagctl.code  DIAG_PRINT, DIAG_LOG or DIAG_TEST_SELECTED
 * m->diagctl.buf   PRINT, LOG: text in the caller's address space
 * m->diagctl.len   its length, at most DIAG_TEXT_MAX
 * m->diagctl.arg   LOG: the level, 0..7; TEST_SELECTED: the items
 *
 * PRINT prints the text as whole lines, atomically with respect to every
 * other console user, whatever the log level.  LOG prints it as a kernel
 * line of the given level, "[cpu] name: text", if the level lets it
 * through (kernel/kernel.h).  TEST_SELECTED records which items of test=
 * select a case of the caller (kernel/testsel.h).
 * Returns OK (LOG: 1 if printed, 0 if not), EINVAL or EFAULT.
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/lib/cmdline.h"
#include "kernel/proc.h"
#include "kernel/system.h"
#include "kernel/testsel.h"

#define DIAG_TEXT_MAX	1024

/* Out of line: an unknown code is rejected without setting up the buffer. */
static __attribute__((noipa)) int print(struct proc *caller, const message *m)
{
	char text[DIAG_TEXT_MAX];
	uint32_t len = m->diagctl.len;

	if (len > DIAG_TEXT_MAX)
		return EINVAL;
	if (m->diagctl.code == DIAG_LOG && m->diagctl.arg > CMDLINE_LOGLEVEL_MAX)
		return EINVAL;
	if (user_copy_in(&caller->arch.as, m->diagctl.buf, text, len) != OK)
		return EFAULT;
	if (m->diagctl.code == DIAG_LOG)
		return console_log_for(caller->name, m->diagctl.arg, text, len) ? 1 : 0;
	console_write_user(text, len);
	return OK;
}

/* PRINT, LOG and TEST_SELECTED; out of line, as print(). */
static __attribute__((noipa)) int known(struct proc *caller, const message *m)
{
	if (m->diagctl.code == DIAG_TEST_SELECTED) {
		testsel_mark(m->diagctl.arg);
		return OK;
	}
	return print(caller, m);
}

/*
 * kcall_null times the rejection of an unknown code: that path is one
 * range check and a return, with no stack frame to set up.
 */
int do_diagctl(struct proc *caller, message *m)
{
	if (unlikely((uint32_t)m->diagctl.code - DIAG_PRINT > DIAG_TEST_SELECTED - DIAG_PRINT))
		return EINVAL;
	return known(caller, m);
}
