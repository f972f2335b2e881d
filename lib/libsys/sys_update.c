/*
 * sys_update - SYS_UPDATE: the program of new_ep takes over old_ep.
 */
#include <string.h>
#include <syslib.h>

int sys_update(endpoint_t old_ep, endpoint_t new_ep)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.update.old_ep = old_ep;
	m.update.new_ep = new_ep;
	return kernel_call(SYS_UPDATE, &m);
}
