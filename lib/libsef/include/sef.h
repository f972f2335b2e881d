/*
 * sef.h - the System Event Framework: how a system service started by RS
 * initialises, answers heartbeats and takes signals (protocol: abi/sef.h;
 * docs/services.md).
 *
 * A service sets its callbacks, calls sef_startup() once, then takes every
 * message through sef_receive(), which handles SEF's own messages (RS's
 * pings, signals, the kernel's signal notices for a signal manager) and
 * returns only the others.
 *
 *	sef_setcb_init_fresh(init_fresh);
 *	sef_setcb_init_restart(init_restart);
 *	if (sef_startup() != OK) exit(1);
 *	for (;;) { sef_receive(ANY, &m, &status); ...handle m... }
 *
 * Functions return OK or a negative error (abi/errno.h).
 */
#ifndef _SEF_H
#define _SEF_H

#include <stddef.h>
#include <stdint.h>
#include <abi/endpoint.h>
#include <abi/message.h>
#include <abi/sef.h>

/* What RS said in SEF_INIT. */
struct sef_init_info {
	int type;		/* SEF_INIT_FRESH, _RESTART, _LU */
	uint32_t restarts;	/* restarts of this service, this one included */
	endpoint_t old_ep;	/* the previous instance (NONE when fresh) */
};

/* An init callback: OK, or the error RS is told (it then recovers). */
typedef int (*sef_cb_init_t)(int type, const struct sef_init_info *info);
/* A signal for this service (SIGTERM from RS, for instance). */
typedef void (*sef_cb_signal_handler_t)(int signo);
/* A signal manager's callback: target got signal signo (SYS_GETKSIG). */
typedef void (*sef_cb_signal_manager_t)(endpoint_t target, int signo);

void sef_setcb_init_fresh(sef_cb_init_t cb);
void sef_setcb_init_restart(sef_cb_init_t cb);
void sef_setcb_init_lu(sef_cb_init_t cb);
void sef_setcb_signal_handler(sef_cb_signal_handler_t cb);
void sef_setcb_signal_manager(sef_cb_signal_manager_t cb);

/*
 * Asks RS for the init, runs the callback of its type (none set: OK) and
 * reports the result to RS.  Returns the callback's result, or an error
 * of the exchange with RS (no RS, RS refused the report).
 */
int sef_startup(void);

/*
 * Receives the next message from src (ANY allowed) that is not SEF's own;
 * status as ipc_receive's (may be NULL).  Returns OK or ipc_receive's error.
 */
int sef_receive(endpoint_t src, message *m, uint32_t *status);

/* RS's endpoint as SEF knows it (NONE before sef_startup). */
endpoint_t sef_rs_endpoint(void);

/*
 * State kept across a restart: sef_state_save stores len bytes (at most
 * SEF_STATE_MAX) for this service, replacing what was saved before;
 * sef_state_restore, in a restart callback, copies the last saved state
 * into buf (at most len bytes) and returns its length (0: none saved).
 * DS keeps the state (DS's own, and that of a service in a boot without
 * DS: RS); a fresh start drops it (sef_state.c).
 */
int sef_state_save(const void *buf, size_t len);
int sef_state_restore(void *buf, size_t len);

#endif /* _SEF_H */
