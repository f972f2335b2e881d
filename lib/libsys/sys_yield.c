/*
 * sys_yield - SYS_YIELD: give up the rest of the time slice.
 */
#include <syslib.h>

int sys_yield(void)
{
	message m;

	/* The short form carries words[0..3] only, and yield reads none of them. */
	m.words[0] = m.words[1] = m.words[2] = m.words[3] = 0;
	return kernel_call_short(SYS_YIELD, &m);
}
