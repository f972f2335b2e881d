/*
 * tests/fuzz/fuzz.h - the in-guest kernel fuzzer (docs/fuzzing.md).
 *
 * One program, three roles chosen by its boot line:
 *   fuzz seed=S calls=N [upto=K] [verbose=V]   a campaign (USER or, marked
 *                                    priv=system, SYSTEM)
 *   fuzz partner=F                   the sanity partner of F campaigns
 *
 * A campaign issues N operations drawn from one pseudo-random stream
 * (fuzz_rng): the same seed gives the same operations with the same
 * arguments, whatever the kernel answered, so a crash at operation K is
 * replayed by the first K operations of the same seed (upto=K; verbose=V
 * prints each operation from V on).  Arguments come from generators that
 * know the ABI (fuzz_gen.c): edge and stale endpoints, the campaign's own
 * children, pointers into an arena with read-only and unmapped edges,
 * message layouts of abi/message.h.  Operations (fuzz_ops.c) go through
 * every door, including raw traps with random registers and flags, which
 * only children make (they may die of them).
 *
 * Nothing the campaign does may reach a process that is not its own
 * (another campaign, VM, the partner's memory): an error there would be a
 * fault of the fuzzer, not of the kernel.  The partner checks its memory
 * pattern and answers echo requests; the campaign asks after every batch.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stdint.h>
#include <stdbool.h>
#include <abi/endpoint.h>
#include <abi/message.h>
#include "tests/fuzz/fuzz_doors.h"

/* Registers of one raw trap (fuzz_trap.S). */
struct fuzz_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags, door;
};
void fuzz_trap(struct fuzz_regs *r);

/* Messages between a campaign and the partner. */
enum {
	FUZZ_ECHO = 0x4600,	/* words[0..3] echoed back; words[4] = pattern ok */
	FUZZ_REAP,		/* words[0] = a child of the sender: clear it */
	FUZZ_DONE,		/* the sender's campaign is over */
	FUZZ_REPLY,		/* the partner's answer */
};

/* The partner's memory pattern, granted read-only to anyone as grant 0. */
#define FUZZ_PATTERN_PAGES	8
#define FUZZ_PATTERN_SEED	0x5a17u
#define FUZZ_PATTERN_GRANT	0	/* grant_id(0, 0) */

/* The stream: xorshift32, one per campaign (and one per child). */
uint32_t fuzz_rand(void);
uint32_t fuzz_below(uint32_t n);
void fuzz_seed(uint32_t seed);
bool fuzz_chance(unsigned percent);

/* What the generators may name. */
#define FUZZ_MAX_KIDS	8
struct fuzz_state {
	bool system;			/* a SYSTEM process: kernel calls allowed */
	endpoint_t self;
	endpoint_t partner;
	endpoint_t kids[FUZZ_MAX_KIDS];	/* children, live or ended (0: none) */
	uint8_t *arena;			/* ARENA_PAGES read-write pages, */
	uint8_t *arena_ro;		/* a read-only page (elsewhere), */
	uint8_t *arena_hole;		/* the unmapped page after the arena */
	uint8_t *big;			/* BIG_PAGES pages: copies long enough to be
					 * shared copy-on-write (kernel/cowcopy.h) */
	uint32_t call;			/* operations issued so far */
	uint32_t verbose_from;		/* print operations from this one on */
	unsigned violations;		/* answers the ABI rules out */
};
#define ARENA_PAGES	4
#define BIG_PAGES	16
extern struct fuzz_state fz;

/* Generators (fuzz_gen.c). */
endpoint_t gen_endpoint(void);		/* any: edge, stale, own, partner */
endpoint_t gen_own_endpoint(void);	/* one a destructive call may name */
vir_bytes gen_pointer(uint32_t len);	/* a buffer of len bytes, good or bad */
vir_bytes gen_big_pointer(uint32_t len);	/* len bytes in fz.big, mostly page-aligned */
vir_bytes gen_bad_pointer(void);	/* unmapped, kernel, read-only code */
uint32_t gen_len(void);
uint32_t gen_word(void);
int32_t gen_call_nr(void);		/* including numbers past NR_SYS_CALLS */
void gen_message(message *m, int32_t call);	/* layout of that call */
void gen_grant_table(void);		/* random entries in the arena's grant table */

/* Operations (fuzz_ops.c). */
void fuzz_one(void);			/* one operation of the campaign */
void fuzz_exec_landing(void);		/* where SYS_EXEC may start a child: exits */
void fuzz_note(const char *what, int r);	/* verbose trace of an operation */
void fuzz_violation(const char *what, int r);	/* an answer outside the ABI */
unsigned fuzz_live_kids(void);
void fuzz_end_kids(void);		/* clear (or have cleared) every live child */
void fuzz_release_all(void);		/* children, regions, grants, alarm, ring */
bool fuzz_known_result(int r);		/* an answer some call may give */

/* Large copies that may be shared copy-on-write (fuzz_cow.c). */
void fuzz_bigcopy(void);

/* Asynchronous calls (fuzz_async.c). */
void fuzz_async(void);			/* one operation on the campaign's ring */
void fuzz_async_forked(void);		/* a child: no ring of its own yet */
void fuzz_async_disturbed(void);	/* a random call set up or tore down a ring */
void fuzz_async_release(void);		/* the ring torn down and unmapped */

/* The partner (fuzz_partner.c). */
int fuzz_partner_main(unsigned campaigns);

#endif /* TESTS_FUZZ_FUZZ_H */
