/*
 * lib/libsys/ipc.c - message-passing stubs over _ipc_door (SYSENTER or int;
 * abi/ipc.h).  SENDREC and REPLYRECV, the fast-path calls, are in
 * assembly (ipc_fast.S).
 */
#include <ipc.h>

int ipc_send(endpoint_t dst, message *m)
{
	return _ipc_door(IPC_SEND, dst, m, 0, NULL);
}

int ipc_sendnb(endpoint_t dst, message *m)
{
	return _ipc_door(IPC_SENDNB, dst, m, 0, NULL);
}

int ipc_receive(endpoint_t src, message *m, uint32_t *status)
{
	return _ipc_door(IPC_RECEIVE, src, m, 0, status);
}

int ipc_notify(endpoint_t dst)
{
	return _ipc_door(IPC_NOTIFY, dst, NULL, 0, NULL);
}

int ipc_senda(asynmsg_t *table, unsigned count)
{
	return _ipc_door(IPC_SENDA, NONE, table, count, NULL);
}
