/*
 * sys_setalarm - SYS_SETALARM: a CLOCK notification after `ticks` ticks
 * (0 cancels); *remaining gets what the previous alarm had left.
 */
#include <string.h>
#include <syslib.h>

int sys_setalarm(uint32_t ticks, uint32_t *remaining)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.alarm.ticks = ticks;
	r = kernel_call_short(SYS_SETALARM, &m);
	if (r == OK && remaining)
		*remaining = m.alarm.remaining;
	return r;
}
