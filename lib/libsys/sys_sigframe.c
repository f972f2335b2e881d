/*
 * sys_sigsend, sys_sigreturn - a signal manager runs a handler in a
 * process it holds, and resumes the process after it (SYS_SIGSEND,
 * SYS_SIGRETURN; the frame: arch/sigframe.h).
 */
#include <string.h>
#include <syslib.h>

int sys_sigsend(endpoint_t ep, int sig, vir_bytes handler, vir_bytes restorer, uint32_t mask)
{
	message m;

	memset(&m, 0, sizeof(m));
	m.sigframe.endpoint = ep;
	m.sigframe.sig = sig;
	m.sigframe.handler = handler;
	m.sigframe.restorer = restorer;
	m.sigframe.mask = mask;
	return kernel_call(SYS_SIGSEND, &m);
}

int sys_sigreturn(endpoint_t ep, vir_bytes ctx, uint32_t *mask)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.sigframe.endpoint = ep;
	m.sigframe.ctx = ctx;
	if ((r = kernel_call(SYS_SIGRETURN, &m)) == OK)
		*mask = m.sigframe.mask;
	return r;
}
