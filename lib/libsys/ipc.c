/*
 * lib/libsys/ipc.c - message-passing stubs over _ipc_door (SYSENTER or int;
 * abi/ipc.h).  SENDREC and REPLYRECV, the fast-path calls, are in
 * assembly (ipc_fast.S), and so are SEND, SENDNB, RECEIVE and NOTIFY.
 */
#include <ipc.h>

int ipc_senda(asynmsg_t *table, unsigned count)
{
	return _ipc_door(IPC_SENDA, NONE, table, count, NULL);
}
