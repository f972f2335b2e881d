/*
 * do_devio - SYS_DEVIO: one port read or write for a driver.
 *
 * m->devio.port     the port; must lie in one of the caller's I/O ranges
 * m->devio.request  DIO_INPUT or DIO_OUTPUT, with DIO_BYTE, DIO_WORD or DIO_LONG
 * m->devio.value    value to write; out: the value read
 */
#include <abi/errno.h>
#include "kernel/kernel.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "kernel/system.h"

static unsigned access_size(uint32_t request)
{
	switch (request & ~DIO_OUTPUT) {
	case DIO_BYTE:	return 1;
	case DIO_WORD:	return 2;
	case DIO_LONG:	return 4;
	default:	return 0;
	}
}

int do_devio(struct proc *caller, message *m)
{
	unsigned size = access_size(m->devio.request);
	uint32_t port = m->devio.port;

	if (size == 0 || port > 0xffff || (port & (size - 1)))
		return EINVAL;
	if (!priv_may_io(caller->priv, port, size)) {
		klog_ratelimited(KLOG_NOTICE "devio: %s (endpoint %d): port %#x denied", caller->name,
				 caller->endpoint, port);
		return EPERM;
	}
	if (m->devio.request & DIO_OUTPUT)
		arch_port_write((uint16_t)port, size, m->devio.value);
	else
		m->devio.value = arch_port_read((uint16_t)port, size);
	return OK;
}
