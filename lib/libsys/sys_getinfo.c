/*
 * sys_getinfo - SYS_GETINFO: copy kernel information into buf.
 * Returns the number of bytes copied or an error.
 */
#include <string.h>
#include <syslib.h>

int sys_getinfo(int what, int arg, void *buf, size_t len)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.getinfo.what = what;
	m.getinfo.arg = arg;
	m.getinfo.buf = (vir_bytes)buf;
	m.getinfo.len = len;
	return kernel_call_short(SYS_GETINFO, &m);
}
