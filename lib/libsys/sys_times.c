/*
 * sys_times - SYS_TIMES: process times and uptime of ep (or SELF).
 */
#include <string.h>
#include <syslib.h>

int sys_times(endpoint_t ep, struct mess_times *out)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.times.endpoint = ep;
	r = kernel_call(SYS_TIMES, &m);
	if (r == OK)
		*out = m.times;
	return r;
}
