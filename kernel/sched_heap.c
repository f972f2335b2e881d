/*
 * kernel/sched_heap.c - the heap of kernel/sched_heap.h: sift up and down
 * over the array, each move keeping heap_at in step.
 */
#include "kernel/sched_heap.h"

static void place(struct sched_queues *q, unsigned i, struct proc *p)
{
	q->heap[i] = p;
	p->heap_at = i + 1;
}

static void sift_up(struct sched_queues *q, unsigned i)
{
	struct proc *p = q->heap[i];

	while (i > 0) {
		unsigned up = (i - 1) / 2;

		if (q->heap[up]->sched_key <= p->sched_key)
			break;
		place(q, i, q->heap[up]);
		i = up;
	}
	place(q, i, p);
}

static void sift_down(struct sched_queues *q, unsigned i)
{
	struct proc *p = q->heap[i];

	for (;;) {
		unsigned child = 2 * i + 1;

		if (child >= q->heap_n)
			break;
		if (child + 1 < q->heap_n && q->heap[child + 1]->sched_key < q->heap[child]->sched_key)
			child++;
		if (p->sched_key <= q->heap[child]->sched_key)
			break;
		place(q, i, q->heap[child]);
		i = child;
	}
	place(q, i, p);
}

void sched_heap_insert(struct sched_queues *q, struct proc *p)
{
	place(q, q->heap_n++, p);
	sift_up(q, q->heap_n - 1);
}

void sched_heap_remove(struct sched_queues *q, struct proc *p)
{
	unsigned i = p->heap_at - 1;
	struct proc *last = q->heap[--q->heap_n];

	p->heap_at = 0;
	if (last == p)
		return;
	place(q, i, last);
	sift_up(q, i);
	sift_down(q, last->heap_at - 1);
}

void sched_heap_rekey(struct sched_queues *q, struct proc *p, uint64_t key)
{
	p->sched_key = key;
	sift_up(q, p->heap_at - 1);
	sift_down(q, p->heap_at - 1);
}
