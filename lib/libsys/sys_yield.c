/*
 * sys_yield - SYS_YIELD: give up the rest of the time slice.
 */
#include <string.h>
#include <syslib.h>

int sys_yield(void)
{
	message m;

	memset(&m, 0, sizeof(m));
	return kernel_call_short(SYS_YIELD, &m);
}
