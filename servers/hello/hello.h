/*
 * servers/hello/hello.h - the hello service (an echo/counter service RS
 * recovers; main.c) and its client library (client.c).
 *
 * HELLO_COUNT adds one to the service's counter and answers the new value.
 * Each client numbers its requests 1, 2, 3, ...; the service remembers,
 * per client, the last number it executed and its answer, in state that
 * it saves (sef_state_save) before it answers and gets back when RS
 * restarts it.  So a request is executed exactly once: a retry of one that
 * was executed (the service died before answering) gets the remembered
 * answer, a retry of one that was not is executed now.
 *
 * Two versions are built from the same sources (servers/hello/lu.c): hello
 * (version 1) and hello_v2 (HELLO_V=2: the client table grown from 16 to
 * 32 entries, a field added to each), and RS updates one into the other
 * live (docs/liveupdate.md) with the state converted region by region.
 */
#ifndef SERVERS_HELLO_HELLO_H
#define SERVERS_HELLO_HELLO_H

#include <stdint.h>
#include <abi/endpoint.h>

#define HELLO_RQ_BASE	0x1400
#define HELLO_COUNT	(HELLO_RQ_BASE + 0)	/* words[0] seq; out: words[1] value */
#define HELLO_GET	(HELLO_RQ_BASE + 1)	/* out: words[1] the counter */
#define HELLO_FAULT	(HELLO_RQ_BASE + 2)	/* words[0] HELLO_FAULT_*, SYSTEM callers only */
#define HELLO_VERSION	(HELLO_RQ_BASE + 3)	/* out: words[HELLO_W_*] */
#define HELLO_HOLD	(HELLO_RQ_BASE + 4)	/* answered (the counter) only at a HELLO_RELEASE */
#define HELLO_RELEASE	(HELLO_RQ_BASE + 5)	/* answers the held request; ENOENT: none */
#define HELLO_GATE	(HELLO_RQ_BASE + 6)	/* words[0] 1: open, 0: closed (SEF_LU_STATE_EVAL) */

/* HELLO_VERSION's answer */
#define HELLO_W_VERSION	1	/* the program's version: 1 (hello) or 2 (hello_v2) */
#define HELLO_W_UPDATES	2	/* live updates its state went through */
#define HELLO_W_TABLE	3	/* entries in its client table (its layout's size) */
#define HELLO_W_CLIENTS	4	/* entries in use */
#define HELLO_W_COUNTER	5	/* the counter */

/* Faults the service injects into itself on request (the campaign's). */
#define HELLO_FAULT_WILD	1	/* now: a write through a wild pointer */
#define HELLO_FAULT_EXIT	2	/* now: exit(3) */
#define HELLO_FAULT_LOOP	3	/* now: loop forever (heartbeats stop) */
#define HELLO_FAULT_BEFORE_SAVE	4	/* at the next COUNT, after executing, before saving */
#define HELLO_FAULT_AFTER_SAVE	5	/* at the next COUNT, after saving, before answering */
/* Faults the old version hands the next one with its state (live update). */
#define HELLO_FAULT_LU_CRASH	6	/* the new version crashes in its init */
#define HELLO_FAULT_LU_FAIL	7	/* its init returns ENOMEM */
#define HELLO_FAULT_LU_HANG	8	/* its init never ends */
#define HELLO_FAULT_LU_CORRUPT	9	/* the state's check value is wrong */
#define HELLO_FAULT_LU_BADDESC	10	/* the client table described with an unknown layout */
#define HELLO_FAULTS		5	/* the crash faults: 1 to 5 */
#define HELLO_FAULT_LU_LAST	10	/* the live-update faults: 6 to 10 */

/* A client's view of the service: its endpoint, request numbers, counts. */
struct hello_client {
	endpoint_t ep;			/* NONE: look it up in DS */
	endpoint_t dead;		/* the instance it last saw die (NONE) */
	uint32_t seq;			/* number of the last request */
	uint32_t sent, answered, retried, failed;
};

void hello_client_init(struct hello_client *c);
/* One HELLO_COUNT, retried across restarts; *value its answer.  OK or an error. */
int hello_count(struct hello_client *c, uint32_t *value);
/* The counter (HELLO_GET), retried likewise. */
int hello_get(struct hello_client *c, uint32_t *value);
/* Asks the service to fault (HELLO_FAULT); its endpoint in *victim. */
int hello_fault(struct hello_client *c, int kind, endpoint_t *victim);

#endif /* SERVERS_HELLO_HELLO_H */
