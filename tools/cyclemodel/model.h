/*
 * tools/cyclemodel/model.h - the cycle model of one CPU: turns the
 * instructions a CPU executes and the memory accesses they make into
 * modeled cycles, deterministically (docs/cycle_model.md).
 *
 * Per instruction: a base cost, or its class's cost (costs.h) when it has
 * one; a rep string instruction a start-up and a little per pass; an
 * exception or interrupt (seen as control arriving where the previous
 * instruction could not send it) a delivery cost.  Fetches go through an
 * instruction TLB and L1I, loads and stores through a data TLB and L1D;
 * both L1s miss into one L2, and L2 misses are taken to hit a last level
 * that holds everything.  The TLBs have a second level shared by both and
 * a page walk behind it.  A CR3 write empties the TLBs but for global
 * pages.  Stores fill lines but never stall (a store buffer).
 *
 * Pages follow Kestrel's layout (arch/layout.h): below USER_BASE the
 * direct map, 4 MiB pages, global; above USER_TOP the firmware and device
 * windows, 4 MiB, not global; user space 4 KiB pages, not global.
 *
 * The caller feeds each instruction (cm_exec) and then its accesses
 * (cm_access), in execution order, one cm_cpu per CPU; the caches of
 * different CPUs are separate (no coherence traffic is modeled).
 */
#ifndef CYCLEMODEL_MODEL_H
#define CYCLEMODEL_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "cache.h"
#include "costs.h"

/* Where modeled cycles go; names in cm_component_names. */
enum cm_component {
	CM_BASE,	/* ordinary instructions */
	CM_SPECIAL,	/* instructions with a class cost */
	CM_REP,		/* rep string start-ups and passes */
	CM_EVENT,	/* exceptions and interrupts delivered */
	CM_ICACHE,	/* fetches missing L1I */
	CM_DCACHE,	/* loads missing L1D */
	CM_TLB,		/* TLB misses, both sides */
	CM_COMPONENTS
};

/* Things counted; names in cm_count_names. */
enum cm_count {
	CM_INSNS,	/* instructions, as icount counts them (rep: passes) */
	CM_L1I_MISS,
	CM_L1D_MISS,	/* loads and stores */
	CM_L2_MISS,
	CM_TLB_MISS,	/* first-level misses, both sides */
	CM_WALKS,
	CM_EVENTS,
	CM_CR3_WRITES,
	CM_COUNTS
};

extern const char *const cm_component_names[CM_COMPONENTS];
extern const char *const cm_count_names[CM_COUNTS];

/* One instruction as translated: fixed for the life of its record. */
struct cm_insn {
	uint32_t pc;
	uint8_t size;
	enum insn_flow flow;
	uint32_t classes;	/* insn_class.h bits */
	uint64_t code;		/* physical identity of its first byte (any unique numbering) */
};

/* Totals since cm_cpu_init; a measurement subtracts two of them. */
struct cm_totals {
	double cycles[CM_COMPONENTS];
	uint64_t count[CM_COUNTS];
};

struct cm_cpu {
	const struct cm_costs *costs;
	struct cache l1i, l1d, l2;
	struct cache itlb, itlb_large, dtlb, dtlb_large, stlb;
	const struct cm_insn *prev;	/* the last instruction executed */
	bool in_rep;			/* the current instruction is a rep string's */
	struct cm_totals t;
};

int cm_cpu_init(struct cm_cpu *c, const struct cm_costs *costs);
void cm_cpu_free(struct cm_cpu *c);

/* One instruction begins (a rep string: one pass). */
void cm_exec(struct cm_cpu *c, const struct cm_insn *i);

/* A load or store of the instruction last given to cm_exec; paddr its physical address. */
void cm_access(struct cm_cpu *c, uint32_t vaddr, uint64_t paddr, bool store);

double cm_cycles(const struct cm_totals *t);

/* *d = *a - *b */
void cm_totals_sub(struct cm_totals *d, const struct cm_totals *a, const struct cm_totals *b);

#endif /* CYCLEMODEL_MODEL_H */
