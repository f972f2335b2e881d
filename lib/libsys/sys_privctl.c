/*
 * sys_privctl - SYS_PRIVCTL: change the privileges of ep (PRIVCTL_*).
 */
#include <string.h>
#include <syslib.h>

int sys_privctl(endpoint_t ep, int request, int arg)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.privctl.endpoint = ep;
	m.privctl.request = request;
	m.privctl.arg = arg;
	return kernel_call(SYS_PRIVCTL, &m);
}
