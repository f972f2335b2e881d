/*
 * tools/profile/callstack.c - the shadow call stacks and call tree of
 * callstack.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "callstack.h"

void cs_init(struct callstack *cs)
{
	memset(cs, 0, sizeof(*cs));
	cs->cap_nodes = 1024;
	cs->nodes = malloc(sizeof(*cs->nodes) * cs->cap_nodes);
	if (!cs->nodes) {
		fprintf(stderr, "profile: out of memory (call tree)\n");
		exit(1);
	}
	cs->nodes[0] = (struct cs_node){ 0, 0, CS_CALL };
	cs->n_nodes = 1;
}

static uint32_t child(struct callstack *cs, uint32_t parent, uint32_t entry, enum cs_kind kind)
{
	uint64_t key = (uint64_t)parent << 34 | (uint64_t)entry << 2 | kind;
	uint32_t n = table_get(&cs->node_index, key);

	if (n != TABLE_EMPTY)
		return n;
	if (cs->n_nodes == cs->cap_nodes) {
		cs->cap_nodes *= 2;
		cs->nodes = realloc(cs->nodes, sizeof(*cs->nodes) * cs->cap_nodes);
		if (!cs->nodes) {
			fprintf(stderr, "profile: out of memory (call tree)\n");
			exit(1);
		}
	}
	n = cs->n_nodes++;
	cs->nodes[n] = (struct cs_node){ parent, entry, kind };
	table_put(&cs->node_index, key, n);
	return n;
}

static void push(struct callstack *cs, uint32_t entry, uint32_t ret, enum cs_kind kind)
{
	if (cs->depth == CS_MAX_DEPTH) {
		cs->overflow++;
		cs->diag.lost_frames++;
		return;
	}
	cs->frames[cs->depth] = (struct cs_frame){ ret, child(cs, cs_node(cs), entry, kind), kind };
	cs->depth++;
}

/* A ret to pc: pops to the frame that returns there, not below `floor`. */
static void pop_to(struct callstack *cs, uint32_t pc, unsigned floor)
{
	if (cs->overflow) {
		cs->overflow--;
		return;
	}
	for (unsigned i = cs->depth; i > floor; i--) {
		if (cs->frames[i - 1].kind == CS_CALL && cs->frames[i - 1].ret == pc) {
			cs->depth = i - 1;
			return;
		}
	}
	cs->diag.unmatched_rets++;
}

/* iret inside the kernel: back below the innermost trap frame above floor. */
static void pop_trap(struct callstack *cs, unsigned floor)
{
	cs->overflow = 0;
	for (unsigned i = cs->depth; i > floor; i--) {
		if (cs->frames[i - 1].kind == CS_TRAP) {
			cs->depth = i - 1;
			return;
		}
	}
}

static void park(struct callstack *cs)
{
	struct cs_parked *slot = &cs->parked[0];

	if (cs->depth == 0)
		return;		/* an empty stack is what a miss restores anyway */
	for (unsigned i = 0; i < CS_PARKED; i++) {
		if (cs->parked[i].age == 0) {
			slot = &cs->parked[i];
			break;
		}
		if (cs->parked[i].age < slot->age)
			slot = &cs->parked[i];
	}
	slot->last = cs->user_last;
	slot->resume = cs->user_resume;
	slot->age = ++cs->clock;
	slot->depth = cs->depth;
	memcpy(slot->frames, cs->frames, sizeof(cs->frames[0]) * cs->depth);
}

/* The parked stack that resumes at pc (the newest of several), or NULL. */
static struct cs_parked *find_parked(struct callstack *cs, uint32_t pc)
{
	struct cs_parked *best = NULL;

	for (unsigned i = 0; i < CS_PARKED; i++) {
		struct cs_parked *p = &cs->parked[i];

		if (p->age && (pc == p->last || pc == p->resume) && (!best || p->age > best->age))
			best = p;
	}
	return best;
}

static void enter_kernel(struct callstack *cs, uint32_t prev, uint32_t size, uint32_t pc)
{
	cs->user_last = prev;
	cs->user_resume = prev + size;
	cs->user_depth = cs->depth;
	cs->overflow = 0;
	push(cs, prev, 0, CS_SITE);
	push(cs, pc, 0, CS_TRAP);
}

static void exit_to_user(struct callstack *cs, uint32_t pc)
{
	struct cs_parked *p;

	cs->depth = cs->user_depth;
	cs->overflow = 0;
	cs->user_depth = 0;
	if (pc == cs->user_last || pc == cs->user_resume)
		return;		/* the process that trapped resumes */
	park(cs);
	p = find_parked(cs, pc);
	if (!p) {
		cs->diag.unmatched_resumes++;
		cs->depth = 0;
		return;
	}
	cs->depth = p->depth;
	memcpy(cs->frames, p->frames, sizeof(cs->frames[0]) * p->depth);
	p->age = 0;
}

void cs_step(struct callstack *cs, uint32_t prev, uint32_t size, enum insn_flow flow,
	     uint32_t pc)
{
	uint32_t next = prev + size;
	int was_user = cs_is_user(prev), now_user = cs_is_user(pc);
	unsigned floor = now_user ? 0 : cs->user_depth;

	if (was_user && !now_user) {
		enter_kernel(cs, prev, size, pc);
		return;
	}
	if (!was_user && now_user) {
		exit_to_user(cs, pc);
		return;
	}
	switch (flow) {
	case FLOW_CALL:
		if (pc != next)		/* `call 1f; 1: pop` reads the pc, calls nothing */
			push(cs, pc, next, CS_CALL);
		break;
	case FLOW_RET:
		pop_to(cs, pc, floor);
		break;
	case FLOW_EXIT:
		pop_trap(cs, floor);
		break;
	case FLOW_TRAP:
		push(cs, pc, next, CS_TRAP);
		break;
	case FLOW_BRANCH:
		break;
	case FLOW_REP:
		if (pc != prev && pc != next)
			push(cs, pc, next, CS_TRAP);	/* interrupted between iterations */
		break;
	default:
		if (pc != next)
			push(cs, pc, next, CS_TRAP);	/* an interrupt or a fault */
		break;
	}
}
