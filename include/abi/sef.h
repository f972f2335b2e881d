/*
 * abi/sef.h - the protocol between RS and the system services it runs
 * (SEF, lib/libsef; RS, servers/rs; docs/services.md).
 *
 * Init (synchronous, seed 004): a service that RS has released asks RS
 * for its init with SENDREC(SEF_INIT_ASK); the answer is SEF_INIT (the init
 * type and what RS knows of the previous instance).  The service runs its
 * init callback and reports the result with SENDREC(SEF_INIT_REPLY); RS
 * answers OK, or an error when it did not expect that report.  RS never
 * blocks on a service: both answers go to a process waiting in SENDREC.
 *
 * Heartbeat: RS notifies the service; SEF notifies RS back.
 * Signals: RS sends SEF_SIGNAL (SENDNB) to ask a service to stop (SIGTERM).
 * State: a service saves a blob with SEF_STATE_SAVE (a grant RS copies
 * from) and gets it back in its restart callback with SEF_STATE_GET (a
 * grant RS copies to).  RS keeps it until DS does (docs/services.md).
 */
#ifndef ABI_SEF_H
#define ABI_SEF_H

#include <abi/types.h>

#define SEF_RQ_BASE	0x1200
#define SEF_INIT_ASK	(SEF_RQ_BASE + 0)	/* service -> RS: my init, please */
#define SEF_INIT	(SEF_RQ_BASE + 1)	/* RS -> service: init_type, restarts, old_ep */
#define SEF_INIT_REPLY	(SEF_RQ_BASE + 2)	/* service -> RS: result of its init */
#define SEF_SIGNAL	(SEF_RQ_BASE + 3)	/* RS -> service: signo */
#define SEF_STATE_SAVE	(SEF_RQ_BASE + 4)	/* service -> RS: gid, len */
#define SEF_STATE_GET	(SEF_RQ_BASE + 5)	/* service -> RS: gid, len; out: len */

#define SEF_INIT_FRESH	1	/* first start */
#define SEF_INIT_RESTART 2	/* after a crash, hang, failed init or restart request */
#define SEF_INIT_LU	3	/* after a live update */

#define SEF_STATE_MAX	1024	/* bytes of saved state per service */

struct mess_sef {
	int32_t init_type;	/* SEF_INIT: SEF_INIT_* */
	int32_t result;		/* SEF_INIT_REPLY: the init callback's result */
	uint32_t restarts;	/* SEF_INIT: restarts so far, this one included */
	endpoint_t old_ep;	/* SEF_INIT: the previous instance (NONE: fresh) */
	int32_t signo;		/* SEF_SIGNAL */
	int32_t gid;		/* SEF_STATE_*: grant to RS of the buffer */
	uint32_t len;		/* SEF_STATE_*: its size; GET out: bytes saved */
};

#endif /* ABI_SEF_H */
