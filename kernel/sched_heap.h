/*
 * kernel/sched_heap.h - a CPU's binary min-heap of runnable processes on
 * p->sched_key (struct sched_queues: heap, heap_n), for the policies that
 * order by a virtual time or a deadline (fair, edf): O(log n) insert,
 * remove and re-key, O(1) first and swap.  p->heap_at is its index + 1,
 * 0 while it is not in the heap.  Equal keys keep no particular order.
 * Callers hold the CPU's lock.
 */
#ifndef KERNEL_SCHED_HEAP_H
#define KERNEL_SCHED_HEAP_H

#include <stdbool.h>
#include "kernel/proc.h"
#include "kernel/sched.h"

void sched_heap_insert(struct sched_queues *q, struct proc *p);
void sched_heap_remove(struct sched_queues *q, struct proc *p);
void sched_heap_rekey(struct sched_queues *q, struct proc *p, uint64_t key);

static inline struct proc *sched_heap_first(const struct sched_queues *q)
{
	return q->heap_n ? q->heap[0] : NULL;
}

/*
 * `to`, in no heap, takes the place of `from` with from's key: the heap
 * order holds as it was (the IPC fast paths' hand-off).
 */
static inline void sched_heap_swap(struct sched_queues *q, struct proc *from, struct proc *to)
{
	to->sched_key = from->sched_key;
	to->heap_at = from->heap_at;
	q->heap[from->heap_at - 1] = to;
	from->heap_at = 0;
}

#endif /* KERNEL_SCHED_HEAP_H */
