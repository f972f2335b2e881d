/*
 * sys_devio - SYS_DEVIO: one port access; *value is written for outputs
 * and filled in for inputs.
 */
#include <string.h>
#include <syslib.h>

int sys_devio(uint32_t port, uint32_t request, uint32_t *value)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.devio.port = port;
	m.devio.request = request;
	m.devio.value = *value;
	r = kernel_call(SYS_DEVIO, &m);
	if (r == OK && !(request & DIO_OUTPUT))
		*value = m.devio.value;
	return r;
}
