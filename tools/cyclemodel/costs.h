/*
 * tools/cyclemodel/costs.h - what the cycle model (model.h) charges: one
 * table per modeled machine, each cost in core cycles, and the geometry of
 * its caches and TLBs.  The numbers and where they come from:
 * docs/cycle_model.md (the table there is this one, row for row).
 */
#ifndef CYCLEMODEL_COSTS_H
#define CYCLEMODEL_COSTS_H

#include "../profile/insn_class.h"

/* Entries and ways of one cache or TLB. */
struct cm_geometry {
	unsigned entries, ways;
};

struct cm_costs {
	const char *name;
	/* instructions */
	double insn;			/* every instruction without a class cost */
	double cls[IC_COUNT];		/* a class's cost instead of insn; the largest of its classes */
	double rep_start;		/* a rep string instruction's first pass (start-up) */
	double rep_iter;		/* each further pass */
	double event;			/* an exception or interrupt delivered (no instruction of its own) */
	/* memory: extra cycles of a load or fetch that misses */
	double l2_hit;			/* missing L1, hitting L2 */
	double l3_hit;			/* missing L2 (the last level is taken to hold everything) */
	double stream_l2, stream_l3;	/* the same for a rep string's accesses (prefetched stream) */
	double stlb_hit;		/* missing the first-level TLB, hitting the second */
	double walk;			/* missing both: the page walk */
	/* geometry; lines are 64 bytes */
	struct cm_geometry l1i, l1d, l2;
	struct cm_geometry itlb, itlb_large, dtlb, dtlb_large, stlb;
};

/* The Haswell-like machine of docs/cycle_model.md, the one `make bench MODE=model` uses. */
extern const struct cm_costs cm_haswell;

#endif /* CYCLEMODEL_COSTS_H */
