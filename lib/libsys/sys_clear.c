/*
 * sys_clear - SYS_CLEAR: end process ep (for its manager).
 */
#include <string.h>
#include <syslib.h>

int sys_clear(endpoint_t ep)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.sig.endpoint = ep;
	return kernel_call(SYS_CLEAR, &m);
}
