/*
 * servers/hello/hello_state.h - the hello service's state, in the layout
 * of the version being built (HELLO_V: 1, hello; 2, hello_v2), shared by
 * its request loop (main.c) and its live-update side (lu.c).
 *
 * Version 2 differs from version 1 the way a new release might: the
 * client table grew (16 to 32 entries) and each entry gained a field.
 */
#ifndef SERVERS_HELLO_HELLO_STATE_H
#define SERVERS_HELLO_HELLO_STATE_H

#include <stdint.h>
#include <abi/endpoint.h>

#ifndef HELLO_V
#define HELLO_V		1
#endif

#if HELLO_V == 1
#define HELLO_MAX_CLIENTS	16
#else
#define HELLO_MAX_CLIENTS	32
#endif

struct hello_client_entry {
	endpoint_t ep;		/* NONE: free */
	uint32_t seq;		/* last request executed */
	uint32_t value;		/* its answer */
#if HELLO_V >= 2
	uint32_t executed;	/* requests of this client executed */
#endif
};

struct hello_state {
	uint32_t counter;
	uint32_t updates;	/* live updates this state went through */
	struct hello_client_entry client[HELLO_MAX_CLIENTS];
};

extern struct hello_state hello_st;
extern endpoint_t hello_held;		/* the caller of a held HELLO_HOLD; NONE: none */
extern int hello_gate;			/* HELLO_GATE: the EVAL state holds while open */

void hello_state_fresh(void);
void hello_crash_now(int kind);

/* lu.c */
void hello_lu_setup(void);
void hello_lu_arm(int kind);		/* a HELLO_FAULT_LU_* for the next version */

#endif /* SERVERS_HELLO_HELLO_STATE_H */
