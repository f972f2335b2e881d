/*
 * sys_abort - SYS_ABORT: power the machine off with a status for the host.
 */
#include <string.h>
#include <syslib.h>

int sys_abort(int how, int status)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.abort.how = how;
	m.abort.status = status;
	return kernel_call(SYS_ABORT, &m);
}
