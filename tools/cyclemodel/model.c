/*
 * tools/cyclemodel/model.c - the per-CPU cycle model of model.h.
 */
#include <arch/layout.h>
#include "model.h"

#define LINE_SHIFT	6
#define LARGE_SHIFT	22
#define CODE_KEY	(1ull << 63)	/* code identities apart from physical addresses in L2 */

const char *const cm_component_names[CM_COMPONENTS] = {
	[CM_BASE] = "base",
	[CM_SPECIAL] = "special",
	[CM_REP] = "rep",
	[CM_EVENT] = "event",
	[CM_ICACHE] = "icache",
	[CM_DCACHE] = "dcache",
	[CM_TLB] = "tlb",
};

const char *const cm_count_names[CM_COUNTS] = {
	[CM_INSNS] = "insns",
	[CM_L1I_MISS] = "l1i_miss",
	[CM_L1D_MISS] = "l1d_miss",
	[CM_L2_MISS] = "l2_miss",
	[CM_TLB_MISS] = "tlb_miss",
	[CM_WALKS] = "walks",
	[CM_EVENTS] = "events",
	[CM_CR3_WRITES] = "cr3_writes",
};

int cm_cpu_init(struct cm_cpu *c, const struct cm_costs *k)
{
	*c = (struct cm_cpu){ .costs = k };
	if (cache_init(&c->l1i, k->l1i.entries, k->l1i.ways) ||
	    cache_init(&c->l1d, k->l1d.entries, k->l1d.ways) ||
	    cache_init(&c->l2, k->l2.entries, k->l2.ways) ||
	    cache_init(&c->itlb, k->itlb.entries, k->itlb.ways) ||
	    cache_init(&c->itlb_large, k->itlb_large.entries, k->itlb_large.ways) ||
	    cache_init(&c->dtlb, k->dtlb.entries, k->dtlb.ways) ||
	    cache_init(&c->dtlb_large, k->dtlb_large.entries, k->dtlb_large.ways) ||
	    cache_init(&c->stlb, k->stlb.entries, k->stlb.ways)) {
		cm_cpu_free(c);
		return -1;
	}
	return 0;
}

void cm_cpu_free(struct cm_cpu *c)
{
	struct cache *all[] = { &c->l1i, &c->l1d, &c->l2, &c->itlb, &c->itlb_large,
				&c->dtlb, &c->dtlb_large, &c->stlb };

	for (unsigned i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cache_free(all[i]);
}

/* A TLB lookup of vaddr through the first level l1/l1_large, STLB and a walk. */
static void translate(struct cm_cpu *c, uint32_t vaddr, struct cache *l1, struct cache *l1_large)
{
	bool large = vaddr < USER_BASE || vaddr >= USER_TOP;
	bool global = vaddr < DIRECT_MAP_LIMIT;
	uint64_t page = large ? vaddr >> LARGE_SHIFT : vaddr >> PAGE_SHIFT;

	if (cache_access(large ? l1_large : l1, page, global))
		return;
	c->t.count[CM_TLB_MISS]++;
	if (cache_access(&c->stlb, page << 1 | large, global)) {
		c->t.cycles[CM_TLB] += c->costs->stlb_hit;
		return;
	}
	c->t.count[CM_WALKS]++;
	c->t.cycles[CM_TLB] += c->costs->stlb_hit + c->costs->walk;
}

/* One line through l1 and L2; the extra cycles a load of it waits. */
static double line(struct cm_cpu *c, struct cache *l1, uint64_t key, enum cm_count miss)
{
	if (cache_access(l1, key, false))
		return 0;
	c->t.count[miss]++;
	if (cache_access(&c->l2, key, false))
		return c->in_rep ? c->costs->stream_l2 : c->costs->l2_hit;
	c->t.count[CM_L2_MISS]++;
	return c->in_rep ? c->costs->stream_l3 : c->costs->l3_hit;
}

/*
 * Whether control reached i other than the way prev sends it: an
 * exception or interrupt came in between.  Branches may go anywhere but
 * never from user space into the kernel.
 */
static bool event_between(const struct cm_insn *prev, const struct cm_insn *i)
{
	uint32_t next = prev->pc + prev->size;
	bool from_user = prev->pc >= USER_BASE && prev->pc < USER_TOP;
	bool to_kernel = i->pc < USER_BASE || i->pc >= USER_TOP;

	switch (prev->flow) {
	case FLOW_NEXT:
	case FLOW_MARK_BEGIN:
	case FLOW_MARK_END:
		return i->pc != next;
	case FLOW_REP:
		return i->pc != next && i->pc != prev->pc;
	case FLOW_TRAP:
	case FLOW_EXIT:
		return false;
	default:
		return from_user && to_kernel;
	}
}

static double class_cost(const struct cm_costs *k, uint32_t classes)
{
	double cost = k->insn;

	for (unsigned b = 0; classes; b++, classes >>= 1)
		if ((classes & 1) && b != IC_REP_STRING && k->cls[b] > cost)
			cost = k->cls[b];
	return cost;
}

void cm_exec(struct cm_cpu *c, const struct cm_insn *i)
{
	const struct cm_costs *k = c->costs;
	bool again = i->flow == FLOW_REP && c->prev == i;
	double cost;

	c->t.count[CM_INSNS]++;
	if (c->prev && !again && event_between(c->prev, i)) {
		c->t.count[CM_EVENTS]++;
		c->t.cycles[CM_EVENT] += k->event;
	}
	c->prev = i;
	c->in_rep = i->flow == FLOW_REP;
	if (again) {
		c->t.cycles[CM_REP] += k->rep_iter;
		return;
	}
	translate(c, i->pc, &c->itlb, &c->itlb_large);
	c->t.cycles[CM_ICACHE] += line(c, &c->l1i, CODE_KEY | i->code >> LINE_SHIFT, CM_L1I_MISS);
	if ((i->code + i->size - 1) >> LINE_SHIFT != i->code >> LINE_SHIFT)
		c->t.cycles[CM_ICACHE] += line(c, &c->l1i, CODE_KEY | (i->code + i->size - 1) >> LINE_SHIFT,
					       CM_L1I_MISS);
	if (i->flow == FLOW_REP) {
		c->t.cycles[CM_REP] += k->rep_start;
		return;
	}
	cost = class_cost(k, i->classes);
	c->t.cycles[cost > k->insn ? CM_SPECIAL : CM_BASE] += cost;
	if (i->classes & (1u << IC_CR3_WRITE)) {
		c->t.count[CM_CR3_WRITES]++;
		cache_flush(&c->itlb, false);
		cache_flush(&c->itlb_large, false);
		cache_flush(&c->dtlb, false);
		cache_flush(&c->dtlb_large, false);
		cache_flush(&c->stlb, false);
	}
}

void cm_access(struct cm_cpu *c, uint32_t vaddr, uint64_t paddr, bool store)
{
	double wait;

	translate(c, vaddr, &c->dtlb, &c->dtlb_large);
	wait = line(c, &c->l1d, paddr >> LINE_SHIFT, CM_L1D_MISS);
	if (!store)
		c->t.cycles[CM_DCACHE] += wait;
}

double cm_cycles(const struct cm_totals *t)
{
	double sum = 0;

	for (int i = 0; i < CM_COMPONENTS; i++)
		sum += t->cycles[i];
	return sum;
}

void cm_totals_sub(struct cm_totals *d, const struct cm_totals *a, const struct cm_totals *b)
{
	for (int i = 0; i < CM_COMPONENTS; i++)
		d->cycles[i] = a->cycles[i] - b->cycles[i];
	for (int i = 0; i < CM_COUNTS; i++)
		d->count[i] = a->count[i] - b->count[i];
}
