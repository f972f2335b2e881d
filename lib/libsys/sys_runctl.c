/*
 * sys_runctl - SYS_RUNCTL: stop (RC_STOP) or resume (RC_RESUME) ep.
 */
#include <string.h>
#include <syslib.h>

int sys_runctl(endpoint_t ep, int action)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.runctl.endpoint = ep;
	m.runctl.action = action;
	return kernel_call_short(SYS_RUNCTL, &m);
}
