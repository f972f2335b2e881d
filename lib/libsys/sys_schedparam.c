/*
 * sys_schedparam - SYS_SCHEDPARAM: ep's budget (ticks) in every period, or
 * with SCHEDPARAM_PASSIVE no budget of its own (abi/message.h).
 */
#include <string.h>
#include <syslib.h>

int sys_schedparam(endpoint_t ep, uint32_t budget, uint32_t period, uint32_t flags)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.schedparam.endpoint = ep;
	m.schedparam.budget = budget;
	m.schedparam.period = period;
	m.schedparam.flags = flags;
	return kernel_call_short(SYS_SCHEDPARAM, &m);
}
