/*
 * sys_fork, sys_fork_of - SYS_FORK: copy the caller (the child's endpoint
 * in the parent, 0 in the child) or another process (RS copies the held
 * image of a service); a negative error otherwise.
 */
#include <string.h>
#include <grant.h>
#include <syslib.h>

endpoint_t sys_fork(void)
{
	return sys_fork_of(SELF);
}

endpoint_t sys_fork_of(endpoint_t parent)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.fork.parent = parent;
	r = kernel_call(SYS_FORK, &m);
	if (r != OK)
		return r;
	if (m.fork.child == 0)
		cpf_forked();
	return m.fork.child;
}
