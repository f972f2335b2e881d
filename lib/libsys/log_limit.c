/*
 * lib/libsys/log_limit.c - a server's log lines about what other processes
 * did, limited per second (syslib.h), so that no process can flood the
 * console through a server by sending it bad requests.
 */
#include <syslib.h>

bool log_limit_ok(struct log_limit *l, unsigned per_second)
{
	struct mess_times t;
	uint32_t second;

	if (sys_times(SELF, &t) != OK)
		return false;
	second = t.uptime_ticks / 100;		/* HZ */
	if (second != l->second) {
		l->second = second;
		l->lines = 0;
	}
	if (l->lines >= per_second) {
		l->left_out++;
		return false;
	}
	l->lines++;
	return true;
}
