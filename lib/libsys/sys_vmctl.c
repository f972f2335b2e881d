/*
 * sys_vmctl - SYS_VMCTL for the VM server: the caller fills m->vmctl;
 * results come back in it.
 */
#include <syslib.h>

int sys_vmctl(message *m)
{
	return kernel_call(SYS_VMCTL, m);
}
