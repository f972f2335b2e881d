/*
 * servers/rs/rs.h - the reincarnation server: its table of services (the
 * rows: what a service may do and how it is recovered, table.c) and what
 * it knows of each while it runs (struct service).  docs/services.md.
 *
 * RS is one thread; nothing here is shared with another process, so there
 * are no locks: every change happens in RS's receive loop (main.c).
 */
#ifndef SERVERS_RS_RS_H
#define SERVERS_RS_RS_H

#include <stdbool.h>
#include <stdint.h>
#include <abi/endpoint.h>
#include <abi/message.h>
#include <abi/rs.h>
#include <abi/sef.h>

/* rs_row.flags */
#define SF_SYNC_INIT	(1u << 0)	/* at boot, wait for its init before the next row */
#define SF_CRITICAL	(1u << 1)	/* its loss is reported as an error (also by the kernel) */
#define SF_SAME_EP	(1u << 2)	/* restarted at the same endpoint (else a fresh one) */

/*
 * One row of RS's table: a service is its label (also the name of its
 * boot module, marked priv=service), its privileges and its recovery
 * policy.  Lists end with a NULL (labels) or -1 (calls).
 */
struct rs_row {
	const char *label;
	uint32_t flags;			/* SF_* */
	const int *calls;		/* kernel calls it may make */
	uint32_t vm_calls;		/* VM requests it may send (VM_CALL_BIT); 0: none */
	const char *const *ipc;		/* partners by label (RS always); NULL: everyone */
	const char *const *deps;	/* services it depends on: their restart restarts it */
	unsigned heartbeat;		/* ticks between heartbeats; 0: none */
	unsigned init_timeout;		/* ticks its init may take */
	unsigned backoff;		/* ticks before the 2nd restart of a window, doubling */
	unsigned max_restarts;		/* at most this many restarts ... */
	unsigned window;		/* ... in this many ticks; then RS gives up */
};

extern const struct rs_row rs_table[];
extern const unsigned rs_table_len;

/* A service RS runs. */
struct service {
	const struct rs_row *row;
	endpoint_t ep;			/* the instance; NONE when none runs */
	endpoint_t image;		/* the held pristine copy it restarts from */
	endpoint_t prev_ep;		/* the instance before (SEF_INIT's old_ep) */
	int state;			/* RS_STATE_* */
	int init_type;			/* SEF_INIT_* of the instance's init */
	uint32_t restarts;		/* since started fresh */
	uint32_t window_start;		/* tick the restart window began */
	uint32_t window_count;		/* restarts in it */
	uint32_t deadline;		/* STARTING, STOPPING, BACKOFF: tick it ends */
	uint32_t next_ping;		/* UP: tick of the next heartbeat */
	bool ping_out;			/* a heartbeat not answered yet */
	unsigned missed;		/* periods it has been unanswered */
	uint32_t cpu_ticks;		/* its CPU time when last looked at (heartbeat.c) */
	uint32_t signals;		/* signals for it not delivered yet (bit n: signal n) */
	int reason;			/* RS_WHY_* of the last failure */
	uint64_t fail_tsc;		/* when that failure was seen (0: none pending) */
	uint32_t recover_us;		/* how long the last recovery took */
	bool label_stale;		/* its label in DS is to be published (publish.c) */
	uint32_t state_len;		/* bytes of saved state */
	uint8_t state_buf[SEF_STATE_MAX];
};

#define RS_MAX_SERVICES	16
extern struct service services[RS_MAX_SERVICES];
extern unsigned nservices;
extern endpoint_t rs_self;		/* RS's own endpoint */

/* main.c */
uint32_t rs_now(void);				/* clock ticks since boot */
uint64_t rs_tsc(void);
uint32_t rs_tsc_to_us(uint64_t delta);
void rs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rs_refusal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rs_reply(endpoint_t to, message *m, int result);
struct service *service_by_label(const char *label);
struct service *service_by_ep(endpoint_t ep);

/* start.c: instances */
int service_boot(struct service *s, endpoint_t module);
int service_start(struct service *s, int init_type);
void service_end_instance(struct service *s);
void service_init_ask(struct service *s, message *m);
void service_init_reply(struct service *s, message *m);

/* recover.c: failures and the policy */
void service_failed(struct service *s, int why, const char *detail);
void service_restart_due(struct service *s);
void rs_signal(endpoint_t target, int signo);
bool signal_ends_service(int signo);
void service_deliver_signals(struct service *s);

/* heartbeat.c */
void rs_tick(void);
int rs_heartbeat_reply(endpoint_t from);

/* publish.c: services' labels in DS */
void publish_up(struct service *s);
void publish_pending(void);

/* request.c: control requests and state */
void rs_request(message *m);
void rs_state(struct service *s, message *m);
void rs_shutdown(void);

/* update.c: live update (one at a time) */
void lu_request(struct service *s, message *m);
bool lu_message(message *m);		/* true: it was the update's */
bool lu_signal(endpoint_t target, int signo);	/* true: the update took it */
void lu_tick(uint32_t now);
void lu_shutdown(void);

#endif /* SERVERS_RS_RS_H */
