/*
 * servers/sched/policy.c - the scheduler's decisions (sched.h), pure: no
 * kernel call, so the host tests run it (tests/host/test_sched_policy.c).
 * Entries are indexed by endpoint slot; an entry whose endpoint differs
 * belongs to a process that ended, and a new one takes it over.
 */
#include "servers/sched/sched.h"

void policy_init(struct sched_policy *s, unsigned ncpus)
{
	for (unsigned i = 0; i < SCHED_SLOTS; i++)
		s->proc[i].ep = NONE;
	s->ncpus = ncpus < 1 ? 1 : ncpus > SCHED_MAX_CPUS ? SCHED_MAX_CPUS : ncpus;
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++)
		s->load[c] = 0;
}

static void leave_cpu(struct sched_policy *s, struct sched_entry *e)
{
	if (e->ep != NONE && (unsigned)e->cpu < s->ncpus && s->load[e->cpu])
		s->load[e->cpu]--;
}

static void join_cpu(struct sched_policy *s, struct sched_entry *e, int cpu)
{
	e->cpu = cpu;
	if ((unsigned)cpu < s->ncpus)
		s->load[cpu]++;
}

/* The least loaded CPU (the lowest numbered of equals). */
static unsigned least_loaded(const struct sched_policy *s)
{
	unsigned best = 0;

	for (unsigned c = 1; c < s->ncpus; c++)
		if (s->load[c] < s->load[best])
			best = c;
	return best;
}

void policy_out_of_quantum(struct sched_policy *s, const struct sched_decision *seen,
			   struct sched_decision *out)
{
	unsigned slot = (unsigned)endpoint_slot(seen->ep) % SCHED_SLOTS, to;
	struct sched_entry *e = &s->proc[slot];

	leave_cpu(s, e);
	if (e->ep != seen->ep) {		/* first notice: the level it came with */
		e->ep = seen->ep;
		e->base = seen->prio;
	}
	join_cpu(s, e, seen->cpu);
	e->prio = seen->prio < SCHED_LOWEST ? seen->prio + 1 : SCHED_LOWEST;
	e->quantum = seen->quantum;
	out->ep = seen->ep;
	out->prio = e->prio;
	out->quantum = e->quantum;
	out->cpu = -1;
	to = least_loaded(s);
	if ((unsigned)seen->cpu < s->ncpus && s->load[seen->cpu] >= s->load[to] + 2) {
		leave_cpu(s, e);
		join_cpu(s, e, (int)to);
		out->cpu = (int)to;
	}
}

bool policy_next_boost(struct sched_policy *s, unsigned *at, struct sched_decision *out)
{
	for (; *at < SCHED_SLOTS; (*at)++) {
		struct sched_entry *e = &s->proc[*at];

		if (e->ep == NONE || e->prio <= e->base)
			continue;
		e->prio--;
		out->ep = e->ep;
		out->prio = e->prio;
		out->quantum = e->quantum;
		out->cpu = -1;
		(*at)++;
		return true;
	}
	return false;
}

void policy_forget(struct sched_policy *s, endpoint_t ep)
{
	struct sched_entry *e = &s->proc[(unsigned)endpoint_slot(ep) % SCHED_SLOTS];

	if (e->ep != ep)
		return;
	leave_cpu(s, e);
	e->ep = NONE;
}
