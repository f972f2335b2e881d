/*
 * sys_fork - SYS_FORK on the caller itself: returns the child's endpoint in
 * the parent, 0 in the child, or a negative error.
 */
#include <string.h>
#include <grant.h>
#include <syslib.h>

endpoint_t sys_fork(void)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.fork.parent = SELF;
	r = kernel_call(SYS_FORK, &m);
	if (r != OK)
		return r;
	if (m.fork.child == 0)
		cpf_forked();
	return m.fork.child;
}
