/*
 * sys_exec - SYS_EXEC: restart process ep at ip with stack sp, renamed.
 */
#include <string.h>
#include <syslib.h>

int sys_exec(endpoint_t ep, vir_bytes ip, vir_bytes sp, const char *name)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.exec.endpoint = ep;
	m.exec.ip = ip;
	m.exec.sp = sp;
	strlcpy(m.exec.name, name, sizeof(m.exec.name));
	return kernel_call(SYS_EXEC, &m);
}
