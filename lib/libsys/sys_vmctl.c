/*
 * sys_vmctl - SYS_VMCTL for the VM server: the caller fills m->vmctl;
 * results come back in it.  sys_vmctl_page: the requests that name one
 * page of one process (MAP_ZERO, UNMAP, REPLY, ...).
 */
#include <string.h>
#include <syslib.h>

int sys_vmctl(message *m)
{
	return kernel_call(SYS_VMCTL, m);
}

int sys_vmctl_page(int request, endpoint_t ep, vir_bytes addr, uint32_t flags, int result)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.vmctl.request = request;
	m.vmctl.endpoint = ep;
	m.vmctl.addr = addr;
	m.vmctl.flags = flags;
	m.vmctl.result = result;
	return sys_vmctl(&m);
}
