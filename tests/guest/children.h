/*
 * tests/guest/children.h - child processes for in-guest tests.
 *
 * A test case forks children (spawn) that run a role function and exit
 * with its result: 0, or the source line of a failed CHK, or an IPC
 * result.  Every wait is bounded (WAIT_TICKS of the clock), so a broken
 * kernel turns into a failed case, never a hung run.  guarded() wraps a
 * case: children still alive at its end are cleared and the case fails.
 *
 * Call children_init() first (it records the parent's endpoint).
 */
#ifndef TESTS_GUEST_CHILDREN_H
#define TESTS_GUEST_CHILDREN_H

#include <abi/info.h>
#include <abi/message.h>

#define WAIT_TICKS	300		/* longest wait for a child to block or end */
#define MAX_ROUNDS	400000		/* backstop for the same waits, in yields */
#define STATUS_HUNG	0x7fff0001	/* reap: still alive after WAIT_TICKS */
#define STATUS_LOST	0x7fff0002	/* reap: slot reused before it was read */
#define BAD_SLOT_EP	endpoint_make(1, 1000)	/* slot beyond the table */

/* m_type of messages between a test and its children (new ones go last). */
enum {
	T_QUIT = 0x100, T_GO, T_HELLO, T_REQ, T_REPLY, T_PROBE, T_CALL, T_BAD, T_TIMEOUT,
	T_PING, T_REPORT, T_INTRUDE,
};

/* In child code: fail with the line number as exit status. */
#define CHK(c)	do { if (!(c)) return __LINE__; } while (0)

extern endpoint_t self_ep;		/* the test program: the children's parent */
extern endpoint_t arg_ep;		/* a role's partner, set before spawn (copied by fork) */

int children_init(void);			/* sets self_ep; -1 if it cannot */

/*
 * Waiting for another process.  Every loop that waits for what another
 * process does calls poll_yield() each round (it yields, then pauses);
 * a child that spins without kernel calls calls relax() each round.
 * The PAUSE is for the other CPUs: under QEMU -icount one host thread runs
 * every vCPU in turn and a busy vCPU keeps its turn until the next timer
 * event (QEMU 7.2), so a loop that never halts or pauses can keep the CPU
 * it waits for from running at all (docs/locking.md, "Waiting").
 */
static inline void relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}
void poll_yield(void);
uint32_t uptime(void);
void nap(uint32_t ticks);			/* sleep for that many clock ticks */				/* clock ticks since boot */
void wait_until(uint32_t tick);			/* yields until that tick (bounded) */
void wait_ticks(uint32_t n);			/* yields for n ticks (bounded) */
void clear_msg(message *m, int type);		/* zeroes *m and sets its m_type */
int proc_of(endpoint_t ep, struct proc_info *i);	/* 1 if the slot is still ep's */
int is_alive(endpoint_t ep);			/* 1 while ep is a live process */
int wait_blocked(endpoint_t ep);		/* 0 once blocked, -1 if it never is */
int32_t reap(endpoint_t ep);			/* exit status, or STATUS_* */
const char *expect_exit(endpoint_t ep, int32_t want, int line);	/* NULL if ep exits with want */
void add_kid(endpoint_t ep);			/* a child of the case, for end_children */
endpoint_t spawn(int (*fn)(void));		/* forks a child that exits with fn() */
unsigned end_children(void);
void end_children_reaped(void);			/* forget children that have ended */			/* ends the case's live children: how many */
const char *guarded(const char *(*body)(void));	/* runs a case; fails it if children live on */
const char *send_type(endpoint_t ep, int type);	/* sends an empty message of that type */
const char *stop_child(endpoint_t ep);		/* T_QUIT, then expect exit 0 */
const char *stop_two(endpoint_t a, endpoint_t b);	/* stop_child both; first failure wins */
endpoint_t watchdog_start(endpoint_t victim);	/* after WAIT_TICKS: ends victim, or if NONE sends T_TIMEOUT */
void watchdog_stop(endpoint_t wd);		/* ends and reaps a watchdog */
void wait_for_module(const char *name);		/* until that boot module's process ends */

/*
 * A child that obeys commands: obey_commands receives messages until
 * T_QUIT (then returns 0), answering each with run(m)'s result in
 * words[0]; child_cmd sends one (op in words[0], arguments in words[1..5])
 * and returns that result, or STATUS_LOST if the exchange failed.
 */
int obey_commands(int32_t (*run)(const message *m));
int32_t child_cmd(endpoint_t c, uint32_t op, uint32_t a, uint32_t b, uint32_t d, uint32_t e);

/* Child roles. */
extern endpoint_t map_granter;			/* mapper_main: whose grant */
extern int32_t map_gid;				/* mapper_main: which grant */
extern int map_cpu;				/* mapper_main: its CPU, or -1 */
#define MAP_HOLE	0x80000000u		/* free in every test program */
int mapper_main(void);				/* safemaps page 0 of the grant at MAP_HOLE,
						   sends T_HELLO to self_ep, reads it forever */
int send_to_arg_main(void);			/* SEND T_HELLO to arg_ep: the result */
int sendrec_to_arg_main(void);			/* SENDREC T_REQ to arg_ep: the result */
int hello_main(void);				/* sends T_HELLO to self_ep: the result */
int yielder_main(void);				/* only yields until ended (10 WAIT_TICKS at
						   most): a third process on its level */
int wait_go_exit_main(void);			/* receives one message from self_ep, exits 0 */

#define T_SPAWN(var, fn)	do { (var) = spawn(fn); T_ASSERT((var) > 0); } while (0)
#define T_EXIT(ep, want)							\
	do {									\
		const char *e_ = expect_exit((ep), (want), __LINE__);		\
		if (e_)								\
			return e_;						\
	} while (0)
#define T_SEND(ep, type)	do { const char *e_ = send_type((ep), (type)); if (e_) return e_; } while (0)
#define T_BLOCKED(ep)								\
	do {									\
		if (wait_blocked(ep) < 0)					\
			return test_failf("%s:%d: %s (%d) never blocked",	\
					  __FILE__, __LINE__, #ep, (ep));	\
	} while (0)

#endif /* TESTS_GUEST_CHILDREN_H */
