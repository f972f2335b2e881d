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

#include <stdbool.h>
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

/*
 * Live update (docs/liveupdate.md).  The old version: RS asks it to reach
 * a safe state; SEF checks it each time the service comes back to
 * sef_receive (between two messages, so SEF_LU_STATE_WORK_FREE always
 * holds there); the other states ask the prepare callback (none set: never
 * reached, the update times out).  Once there, the state-save callback
 * describes the state region by region (sef_lu_put) and SEF hands it to RS
 * and waits; a rollback returns from that wait and the service goes on.
 *
 *	static bool prepare(int state) { return state != SEF_LU_STATE_EVAL || idle; }
 *	static int save(void) { return sef_lu_put(T_COUNTER, 1, 4, 1, &counter); }
 *
 * The new version, in its init_lu callback: sef_lu_state_load(), then
 * sef_lu_region() for each type it knows, converting each region's
 * elements (their version and size are the old version's) into its own
 * layout.  An init_lu that fails rolls the update back.
 */
typedef bool (*sef_cb_lu_prepare_t)(int state);
typedef int (*sef_cb_lu_state_save_t)(void);

void sef_setcb_lu_prepare(sef_cb_lu_prepare_t cb);
void sef_setcb_lu_state_save(sef_cb_lu_state_save_t cb);

/* In the state-save callback: one region.  OK, or E2BIG when the state is full. */
int sef_lu_put(uint32_t type, uint32_t version, uint32_t elem_size, uint32_t count,
	       const void *data);

/* A region of the old version's state, as sef_lu_region finds it. */
struct sef_lu_region {
	uint32_t version;	/* the layout of its elements */
	uint32_t elem_size;	/* bytes per element */
	uint32_t count;		/* elements */
	const void *data;	/* elem_size * count bytes, valid until the next load */
};

/*
 * In the init_lu callback: fetches the old version's state from RS and
 * checks that it is well formed (EINVAL if not: no header, a region outside
 * it); then sef_lu_region(type) finds a region (ENOENT: the old version
 * had none of that type).
 */
int sef_lu_state_load(void);
int sef_lu_region(uint32_t type, struct sef_lu_region *r);

#endif /* _SEF_H */
