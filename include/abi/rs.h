/*
 * abi/rs.h - requests to RS, the reincarnation server (servers/rs,
 * docs/services.md).  A request is a SENDREC; the answer's m_type is OK or
 * a negative error, its struct mess_rs the result.
 *
 * Anyone may ask RS_STATUS and RS_LOOKUP.  The others change what runs;
 * RS takes them only from a controller: a SYSTEM process that RS does not
 * run itself (the `service` program, tests); anyone else gets EPERM.
 */
#ifndef ABI_RS_H
#define ABI_RS_H

#include <abi/types.h>

#define RS_RQ_BASE	0x1300
#define RS_UP		(RS_RQ_BASE + 0)	/* start a service that is down */
#define RS_DOWN		(RS_RQ_BASE + 1)	/* stop it (SIGTERM, then cleared) */
#define RS_RESTART	(RS_RQ_BASE + 2)	/* end and restart it, as after a crash */
#define RS_REFRESH	(RS_RQ_BASE + 3)	/* stop it, start it fresh (no state, count reset) */
#define RS_STATUS	(RS_RQ_BASE + 4)	/* out: endpoint, state, counters */
#define RS_LOOKUP	(RS_RQ_BASE + 5)	/* out: endpoint of a service that is up */
#define RS_SHUTDOWN	(RS_RQ_BASE + 6)	/* stop every service, then RS ends */
#define RS_UPDATE	(RS_RQ_BASE + 7)	/* live update (struct mess_rs_lu; docs/liveupdate.md) */

#define RS_LABEL_LEN	16

/* mess_rs.state */
#define RS_STATE_DOWN		0	/* not running (never started, or taken down) */
#define RS_STATE_STARTING	1	/* released; its init not finished */
#define RS_STATE_UP		2	/* initialised, answering heartbeats */
#define RS_STATE_STOPPING	3	/* asked to stop; waiting for its end */
#define RS_STATE_BACKOFF	4	/* crashed; restart due later */
#define RS_STATE_FAILED		5	/* restarted too often in its window: given up */
#define RS_STATE_UPDATING	6	/* a live update runs (RS_UPDATE) */

/* Why RS last restarted a service (mess_rs.reason). */
#define RS_WHY_NONE	0
#define RS_WHY_SIGNAL	1	/* an exception or signal (SYS_GETKSIG) */
#define RS_WHY_EXIT	2	/* it exited (SIGEXIT) */
#define RS_WHY_HANG	3	/* missed a heartbeat */
#define RS_WHY_INIT	4	/* init failed: an error reply or no reply in time */
#define RS_WHY_REQUEST	5	/* RS_RESTART */
#define RS_WHY_DEPEND	6	/* a service it depends on restarted */
#define RS_WHY_GONE	7	/* ended by someone else (its heartbeat found no process) */

struct mess_rs {
	char label[RS_LABEL_LEN];	/* in: the service */
	endpoint_t endpoint;		/* out: its endpoint (NONE when not running) */
	int32_t state;			/* out: RS_STATE_* */
	uint32_t restarts;		/* out: restarts since it was started fresh */
	int32_t reason;			/* out: RS_WHY_* of the last restart */
	uint32_t recover_us;		/* out: time the last recovery took */
};

/*
 * RS_UPDATE: replace the running version of label by the program held
 * for RS as boot module `program` (priv=service), at the same endpoint.
 * RS answers when the update is over: OK, or why it was refused or rolled
 * back (the old version then runs on where it was).
 */
#define RS_LU_MAXTIME	300	/* ticks to reach the safe state when maxtime is 0 */

/* mess_rs_lu.phase: how far the update got */
#define RS_LU_REFUSED	0	/* refused before anything was started */
#define RS_LU_PREPARE	1	/* ended while the old version prepared (never reached the state) */
#define RS_LU_INIT	2	/* ended in the new version's init (rolled back) */
#define RS_LU_DONE	3	/* the new version serves */

struct mess_rs_lu {
	char label[RS_LABEL_LEN];	/* in: the service (where mess_rs has it) */
	char program[RS_LABEL_LEN];	/* in: the new version's boot module */
	int32_t state;			/* in: SEF_LU_STATE_* to reach first */
	uint32_t maxtime;		/* in: ticks to reach it (0: RS_LU_MAXTIME) */
	uint32_t update_us;		/* out: request to the new version serving */
	uint32_t blocked_us;		/* out: the endpoint not receiving (old ready to new serving) */
	uint32_t rollback_us;		/* out: failure seen to the old version running again */
	int32_t phase;			/* out: RS_LU_* */
};

#endif /* ABI_RS_H */
