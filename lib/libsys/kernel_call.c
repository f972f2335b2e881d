/*
 * lib/libsys/kernel_call.c - kernel_call(): set the call number and trap.
 */
#include <syslib.h>

int kernel_call(int call, message *m)
{
	m->m_type = call;
	return _kernel_call_door((vir_bytes)m);
}
