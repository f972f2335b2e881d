/*
 * sys_irqctl - SYS_IRQCTL: interrupt notifications for a driver.
 */
#include <string.h>
#include <syslib.h>

int sys_irqctl(int request, unsigned irq)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.irqctl.request = request;
	m.irqctl.irq = irq;
	return kernel_call(SYS_IRQCTL, &m);
}
