/*
 * sys_schedule - SYS_SCHEDULE: a user-space scheduler's call, *s its
 * request (op, and what the op reads) and, for SCHEDULE_GET, its answer
 * (abi/message.h).
 */
#include <string.h>
#include <syslib.h>

int sys_schedule(struct mess_schedule *s)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.schedule = *s;
	r = kernel_call_short(SYS_SCHEDULE, &m);
	if (r == OK)
		*s = m.schedule;
	return r;
}
