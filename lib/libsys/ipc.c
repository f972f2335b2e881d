/*
 * lib/libsys/ipc.c - message-passing stubs over _ipc_door (SYSENTER or int;
 * abi/ipc.h).  SENDREC and REPLYRECV, the fast-path calls, are in
 * assembly (ipc_fast.S), and so are SEND, SENDNB, RECEIVE, NOTIFY and SENDA.
 * ipc_request is the one client-side request of the servers' libraries.
 */
#include <abi/errno.h>
#include <ipc.h>

int ipc_request(endpoint_t ep, int type, message *m)
{
	int r;

	if (ep < 0)
		return ep;			/* the server was not found */
	m->m_type = type;
	if ((r = ipc_sendrec(ep, m)) != OK)
		return r;
	return m->m_type;
}

