/*
 * sys_exit - SYS_EXIT: end the calling process.
 */
#include <string.h>
#include <syslib.h>

void sys_exit(int status)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.exit.status = status;
	kernel_call(SYS_EXIT, &m);
	for (;;)
		;
}
