/*
 * sys_kill, sys_getksig, sys_endksig - signals through signal managers
 * (short kernel calls: each message fits registers).
 */
#include <string.h>
#include <syslib.h>

static int sig_call(int call, endpoint_t ep, int sig, message *m)
{
	memset(m, 0, sizeof(*m));
	m->sig.endpoint = ep;
	m->sig.sig = sig;
	return kernel_call_short(call, m);
}

int sys_kill(endpoint_t ep, int sig)
{
	message m;

	return sig_call(SYS_KILL, ep, sig, &m);
}

int sys_getksig(endpoint_t *ep, uint32_t *sigmask)
{
	message m;
	int r = sig_call(SYS_GETKSIG, NONE, 0, &m);

	if (r == OK) {
		*ep = m.sig.endpoint;
		*sigmask = m.sig.sigmask;
	}
	return r;
}

int sys_endksig(endpoint_t ep)
{
	message m;

	return sig_call(SYS_ENDKSIG, ep, 0, &m);
}
