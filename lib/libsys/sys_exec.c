/*
 * sys_exec - SYS_EXEC: restart process ep at ip with stack sp, renamed;
 * sys_exec_bootmod: give it a new image of boot module `module`'s program,
 * with args (space separated) after argv[0].
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

int sys_exec_bootmod(endpoint_t ep, unsigned module, const char *args)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.exec.endpoint = ep;
	m.exec.flags = EXEC_BOOTMOD;
	m.exec.module = module;
	m.exec.args = (vir_bytes)args;
	m.exec.args_len = (uint32_t)strlen(args);
	return kernel_call(SYS_EXEC, &m);
}
