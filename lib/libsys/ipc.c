/*
 * lib/libsys/ipc.c - message-passing stubs over _ipc_door (SYSENTER or int;
 * abi/ipc.h).  SENDREC and REPLYRECV, the fast-path calls, are in
 * assembly (ipc_fast.S), and so are SEND, SENDNB, RECEIVE, NOTIFY and SENDA.
 */
#include <ipc.h>

