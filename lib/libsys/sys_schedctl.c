/*
 * sys_schedctl - SYS_SCHEDCTL: move ep to a CPU and/or set its priority
 * (-1 leaves either unchanged).
 */
#include <string.h>
#include <syslib.h>

int sys_schedctl(endpoint_t ep, int cpu, int priority)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.schedctl.endpoint = ep;
	m.schedctl.cpu = cpu;
	m.schedctl.priority = priority;
	return kernel_call_short(SYS_SCHEDCTL, &m);
}
