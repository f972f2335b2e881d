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
 * Heartbeat: RS notifies the service; SEF answers with SENDREC(SEF_PING_REPLY)
 * and RS's answer is OK, or SEF_LU_PREPARE when a live update waits for
 * the service (a notification is taken before queued senders, so a busy
 * service still hears of the update).
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
#define SEF_LU_PREPARE	(SEF_RQ_BASE + 6)	/* RS -> old version (PING_REPLY's answer): lu_state, lu_id */
#define SEF_LU_READY	(SEF_RQ_BASE + 7)	/* old -> RS (SENDREC): lu_id, gid, len of its state */
#define SEF_LU_STATE	(SEF_RQ_BASE + 8)	/* new -> RS: gid, len; out: len of the old state */
#define SEF_PING_REPLY	(SEF_RQ_BASE + 9)	/* service -> RS (SENDREC): a heartbeat */

#define SEF_INIT_FRESH	1	/* first start */
#define SEF_INIT_RESTART 2	/* after a crash, hang, failed init or restart request */
#define SEF_INIT_LU	3	/* after a live update */

#define SEF_STATE_MAX	1024	/* bytes of saved state per service */

/*
 * Live update (docs/liveupdate.md).  RS notifies the old version and
 * answers its SEF_PING_REPLY with SEF_LU_PREPARE: reach a safe state (one
 * of MINIX's SEF_LU_STATE_*).  Once there,
 * SEF hands RS the version's state and waits in SENDREC(SEF_LU_READY),
 * receiving nothing else.  RS swaps the new version in (SYS_UPDATE); it
 * starts with SEF_INIT_LU and takes the old state (SEF_LU_STATE).  Only a
 * rollback answers SEF_LU_READY (ECANCELED, or the failure): the old
 * version then goes on where it was.  A READY whose lu_id is not the
 * running update's is answered ECANCELED at once.
 */
#define SEF_LU_STATE_WORK_FREE		1	/* between two messages: always, at receive */
#define SEF_LU_STATE_REQUEST_FREE	2	/* no request taken and not yet answered */
#define SEF_LU_STATE_PROTOCOL_FREE	3	/* no multi-message exchange open */
#define SEF_LU_STATE_EVAL		4	/* the service's own predicate */
#define SEF_LU_STATES			4

/*
 * The state handed over: a header, nregions descriptors, then the data of
 * each region (typed by the service: type, version, element size, count).
 * The new version finds each region by type and converts it into its own
 * layout (sef.h: sef_lu_region).
 */
#define SEF_LU_BLOB_MAX	4096
#define SEF_LU_MAGIC	0x4c55u		/* "LU" */
#define SEF_LU_REGIONS	16

struct sef_lu_header {
	uint32_t magic;		/* SEF_LU_MAGIC */
	uint32_t nregions;	/* descriptors that follow, at most SEF_LU_REGIONS */
	uint32_t len;		/* bytes in all, this header included */
};

struct sef_lu_desc {
	uint32_t type;		/* the service's name for the region */
	uint32_t version;	/* the layout of its elements */
	uint32_t elem_size;	/* bytes per element */
	uint32_t count;		/* elements */
	uint32_t offset;	/* of the data, from the header */
};

struct mess_sef {
	int32_t init_type;	/* SEF_INIT: SEF_INIT_* */
	int32_t result;		/* SEF_INIT_REPLY: the init callback's result */
	uint32_t restarts;	/* SEF_INIT: restarts so far, this one included */
	endpoint_t old_ep;	/* SEF_INIT: the previous instance (NONE: fresh) */
	int32_t signo;		/* SEF_SIGNAL */
	int32_t gid;		/* SEF_STATE_*: grant to RS of the buffer */
	uint32_t len;		/* SEF_STATE_*: its size; GET out: bytes saved */
	int32_t lu_state;	/* SEF_LU_PREPARE: SEF_LU_STATE_* */
	uint32_t lu_id;		/* SEF_LU_PREPARE, SEF_LU_READY: which update */
};

#endif /* ABI_SEF_H */
