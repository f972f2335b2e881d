/*
 * kernel/profile.c - the sampling profiler (kernel/profile.h, abi/prof.h).
 *
 * A profile samples from one of two sources.  The timer (PROF_SRC_TIMER)
 * makes every CPU's clock timer fire `rate` times a second instead of HZ.  Each interrupt records a sample in that CPU's buffer and
 * every rate/HZ-th one (on average, a running fraction) is also the clock
 * tick, so time, alarms and quanta go on as before.  The CPU that starts
 * or stops a profile retunes its own timer at once; every other CPU
 * notices at its next interrupt and retunes its own: their first samples
 * come up to one clock tick after PROF_START.  The timer interrupts only
 * user code and the idle loop (the kernel runs with interrupts off).  NMIs
 * (PROF_SRC_NMI, arch/i386/nmi.c) strike everywhere, the kernel too: the
 * arch code sends one to every CPU `rate` times a second, and each CPU
 * samples what it runs; the clock keeps its own rate then.
 *
 * Buffers come from the kernel's frame pool: per CPU a page of pointers to
 * the sample pages.  They are made by PROF_START, kept after PROF_STOP for
 * PROF_READ, and freed by the next PROF_START.  A profile may take at most
 * half of the kernel's free frames (the rest is for page tables and forks).
 *
 * Stopping: profile_stop clears prof_running, then waits until no CPU is
 * inside a sampling path (timer or NMI: a flag each, as an NMI may strike
 * inside the timer's).  A sampler sets its busy flag before it reads
 * prof_running (both sequentially consistent), so a sampler that still
 * saw the profile running is waited for, and any later one sees it
 * stopped; after the wait the buffers are the control calls' alone.
 */
#include <abi/endpoint.h>
#include <abi/errno.h>
#include <arch/arch.h>
#include <arch/paging.h>
#include "kernel/kernel.h"
#include "kernel/mm/memory.h"
#include "kernel/proc.h"
#include "kernel/profile.h"
#include "smp/cpu.h"
#include "smp/cpulock.h"
#include "smp/spinlock.h"

#define PER_PAGE	(PAGE_SIZE / sizeof(struct prof_sample))
#define MAX_PAGES	(PAGE_SIZE / sizeof(struct prof_sample *))

_Static_assert(PROF_SAMPLES_MAX <= PER_PAGE * MAX_PAGES, "a page of page pointers holds a buffer");
_Static_assert(PROF_RATE_MIN == HZ, "a profile's rate is at least the clock's");

static struct spinlock prof_lock = SPINLOCK_INIT("prof");
static uint32_t prof_running;		/* atomic: a profile runs */
/* Written under prof_lock while none runs (before prof_running is set). */
static unsigned prof_rate;
static unsigned prof_source;		/* PROF_SRC_TIMER or PROF_SRC_NMI */

static struct prof_sample *sample_at(const struct prof_cpu *pc, uint32_t i)
{
	return &pc->pages[i / PER_PAGE][i % PER_PAGE];
}

/*
 * The client p serves: the sender of the last message p received into
 * memory (word 0 of its receive buffer), while that sender still waits
 * for p's reply; NULL if none.  The sender's fields are read without a
 * lock: an answer that is stale by the time it is used names a client
 * once too often, and nothing read can fault (as_peek_word, the process
 * table).
 */
static const struct proc *served_client(const struct proc *p)
{
	uint32_t src;
	const struct proc *q;

	if (p->ipc_regs || !as_peek_word(&p->arch.as, p->ipc_buf, &src))
		return NULL;
	if ((int32_t)src <= 0 || (unsigned)endpoint_slot((endpoint_t)src) >= NR_PROCS)
		return NULL;
	q = &proc_table[endpoint_slot((endpoint_t)src)];
	if (q == p || __atomic_load_n(&q->endpoint, __ATOMIC_RELAXED) != (endpoint_t)src ||
	    __atomic_load_n(&q->rts_flags, __ATOMIC_RELAXED) != RTS_RECEIVING ||
	    !(__atomic_load_n(&q->misc_flags, __ATOMIC_RELAXED) & MF_REPLY_PEND) ||
	    __atomic_load_n(&q->getfrom_e, __ATOMIC_RELAXED) != p->endpoint)
		return NULL;
	return q;
}

/* Records one sample of the interrupted context f on c (the sampling path). */
static void record(struct cpu *c, const struct trap_frame *f)
{
	struct prof_cpu *pc = &c->prof;
	uint64_t t0 = arch_timestamp();
	const struct proc *p = c->current, *q;
	struct prof_sample *s;

	if (unlikely(pc->head >= pc->capacity)) {
		__atomic_store_n(&pc->dropped, pc->dropped + 1, __ATOMIC_RELAXED);
		return;
	}
	s = sample_at(pc, pc->head);
	arch_prof_capture(f, p ? &p->arch : NULL, s);
	s->endpoint = p ? p->endpoint : NONE;
	s->peer = NONE;
	if (!p)
		s->flags |= PROF_IDLE;
	else if (s->flags & PROF_KERNEL)
		arch_prof_peer(&p->arch, s);	/* an NMI in a kernel call: p's user side */
	else if ((q = served_client(p))) {
		s->peer = q->endpoint;
		arch_prof_peer(&q->arch, s);
	}
	__atomic_store_n(&pc->head, pc->head + 1, __ATOMIC_RELAXED);
	pc->cost += arch_timestamp() - t0;
}

/* Runs this CPU's timer at `rate` (0: the clock's own). Owner CPU, interrupts off. */
static void retune(struct prof_cpu *pc, unsigned rate)
{
	arch_clock_set_rate(rate ? rate : HZ);
	pc->timer_rate = rate;
	pc->tick_due = 0;
}

bool profile_timer(const struct trap_frame *f)
{
	struct cpu *c = this_cpu();
	struct prof_cpu *pc = &c->prof;
	unsigned want;

	__atomic_store_n(&pc->busy, 1, __ATOMIC_SEQ_CST);
	want = __atomic_load_n(&prof_running, __ATOMIC_SEQ_CST) && prof_source == PROF_SRC_TIMER
		? prof_rate : 0;
	if (want)
		record(c, f);
	__atomic_store_n(&pc->busy, 0, __ATOMIC_RELEASE);

	if (unlikely(want != pc->timer_rate)) {
		retune(pc, want);
		return true;
	}
	if (!want)
		return true;
	pc->tick_due += HZ;
	if (pc->tick_due < want)
		return false;
	pc->tick_due -= want;
	return true;
}

/*
 * This CPU's NMI (arch/i386/nmi.c), f the interrupted context: a sample
 * when a profile runs from the NMI source.  Its own busy flag: an NMI may
 * strike inside profile_timer.
 */
void profile_nmi(const struct trap_frame *f)
{
	struct cpu *c = this_cpu();

	__atomic_store_n(&c->prof.nmi_busy, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&prof_running, __ATOMIC_SEQ_CST) && prof_source == PROF_SRC_NMI)
		record(c, f);
	__atomic_store_n(&c->prof.nmi_busy, 0, __ATOMIC_RELEASE);
}

/* Gives a CPU's buffer back to the pool.  prof_lock held, no profile running. */
static void free_buffer(struct prof_cpu *pc)
{
	assert(spin_held(&prof_lock));
	if (!pc->pages)
		return;
	for (uint32_t i = 0; i * PER_PAGE < pc->capacity; i++)
		kmem_free_page(pc->pages[i]);
	kmem_free_page(pc->pages);
	pc->pages = NULL;
	pc->capacity = 0;
}

/* A buffer of `samples` for pc, empty; ENOMEM (nothing kept) if the pool runs out. */
static int make_buffer(struct prof_cpu *pc, uint32_t samples)
{
	assert(spin_held(&prof_lock));
	pc->head = pc->dropped = 0;
	pc->cost = 0;
	if (!(pc->pages = kmem_alloc_page()))
		return ENOMEM;
	for (uint32_t i = 0; i * PER_PAGE < samples; i++) {
		if (!(pc->pages[i] = kmem_alloc_page())) {
			pc->capacity = i * PER_PAGE;	/* what free_buffer gives back */
			free_buffer(pc);
			return ENOMEM;
		}
	}
	pc->capacity = samples;
	return OK;
}

static uint32_t buffer_frames(uint32_t samples)
{
	return 1 + (samples + PER_PAGE - 1) / PER_PAGE;
}

int profile_start(unsigned rate, uint32_t samples, unsigned source)
{
	int r = OK;

	if (rate < PROF_RATE_MIN || rate > PROF_RATE_MAX || samples == 0 ||
	    samples > PROF_SAMPLES_MAX || source > PROF_SRC_NMI) {
		klog_ratelimited(KLOG_NOTICE "prof: start refused: rate %u Hz (%u..%u), %u samples "
				 "(1..%u), source %u (0, 1)", rate, PROF_RATE_MIN, PROF_RATE_MAX,
				 samples, PROF_SAMPLES_MAX, source);
		return EINVAL;
	}
	if (source == PROF_SRC_TIMER && !arch_clock_rate_settable()) {
		klog_ratelimited(KLOG_NOTICE "prof: no local APIC timer: timer sampling is not available");
		return ENOSYS;
	}
	if (source == PROF_SRC_NMI && !arch_prof_nmi_available()) {
		klog_ratelimited(KLOG_NOTICE "prof: no NMI source (an IOAPIC pin for the PIT): "
				 "NMI sampling is not available");
		return ENOSYS;
	}
	spin_lock(&prof_lock);
	if (__atomic_load_n(&prof_running, __ATOMIC_RELAXED)) {
		spin_unlock(&prof_lock);
		klog_ratelimited(KLOG_NOTICE "prof: start refused: a profile runs");
		return EBUSY;
	}
	for_each_online_cpu(c)
		free_buffer(&c->prof);
	if (ncpus_online * buffer_frames(samples) > kmem_free_frames() / 2) {
		klog_ratelimited(KLOG_NOTICE "prof: start refused: %u CPUs x %u samples need %u frames, "
				 "half the kernel's free frames is %u", ncpus_online, samples,
				 ncpus_online * buffer_frames(samples), kmem_free_frames() / 2);
		r = ENOMEM;
	}
	for_each_online_cpu(c) {
		if (r == OK)
			r = make_buffer(&c->prof, samples);
	}
	if (r == OK) {
		prof_rate = rate;
		prof_source = source;
		__atomic_store_n(&prof_running, 1, __ATOMIC_SEQ_CST);
		if (source == PROF_SRC_NMI)
			arch_prof_nmi_start(rate);
		else
			retune(&this_cpu()->prof, rate);
	} else {
		for_each_online_cpu(c)
			free_buffer(&c->prof);
	}
	spin_unlock(&prof_lock);
	return r;
}

int profile_stop(void)
{
	uint32_t samples = 0, dropped = 0;

	spin_lock(&prof_lock);
	if (!__atomic_load_n(&prof_running, __ATOMIC_RELAXED)) {
		spin_unlock(&prof_lock);
		klog_ratelimited(KLOG_NOTICE "prof: stop refused: no profile runs");
		return EINVAL;
	}
	if (prof_source == PROF_SRC_NMI)
		arch_prof_nmi_stop();
	__atomic_store_n(&prof_running, 0, __ATOMIC_SEQ_CST);
	for_each_online_cpu(c) {
		while (__atomic_load_n(&c->prof.busy, __ATOMIC_SEQ_CST) ||
		       __atomic_load_n(&c->prof.nmi_busy, __ATOMIC_SEQ_CST))
			cpu_relax();
		samples += c->prof.head;
		dropped += c->prof.dropped;
	}
	if (prof_source == PROF_SRC_TIMER)
		retune(&this_cpu()->prof, 0);
	spin_unlock(&prof_lock);
	if (dropped)
		kprintf(KLOG_NOTICE "prof: stopped: %u samples, %u dropped (buffer full)",
			samples, dropped);
	else
		kprintf(KLOG_INFO "prof: stopped: %u samples", samples);
	return OK;
}

/* Unlocked snapshot: each field is read atomically, the set is not. */
int profile_status(unsigned cpu, struct prof_status *out)
{
	const struct prof_cpu *pc;

	if (!cpu_index_online(cpu))
		return EINVAL;
	pc = &cpus[cpu].prof;
	out->running = __atomic_load_n(&prof_running, __ATOMIC_RELAXED) != 0;
	out->rate = prof_rate;
	out->source = prof_source;
	out->capacity = pc->capacity;
	out->samples = __atomic_load_n(&pc->head, __ATOMIC_RELAXED);
	out->dropped = __atomic_load_n(&pc->dropped, __ATOMIC_RELAXED);
	out->cost = out->running ? 0 : pc->cost;	/* 64 bits: stable once stopped */
	return OK;
}

/*
 * Copies samples [first, first + n) of `cpu` (at most up to its last one)
 * to buf in the caller; returns how many.  Holds the caller's CPU lock for
 * the copy (docs/locking.md: a copy into the caller's space) and prof_lock
 * for the buffer.
 */
int profile_read(struct proc *caller, unsigned cpu, uint32_t first, uint32_t n, vir_bytes buf)
{
	const struct prof_cpu *pc;
	cpuset_t held;
	int r = OK;
	uint32_t done = 0;

	if (!cpu_index_online(cpu)) {
		klog_ratelimited(KLOG_NOTICE "prof: read refused: cpu %u is not online", cpu);
		return EINVAL;
	}
	pc = &cpus[cpu].prof;
	held = lock_proc(caller);
	spin_lock(&prof_lock);
	if (__atomic_load_n(&prof_running, __ATOMIC_RELAXED))
		r = EBUSY;
	else if (!pc->pages)
		r = ENOENT;
	else if (first > pc->head)
		r = EINVAL;
	else if (n > pc->head - first)
		n = pc->head - first;
	if (r != OK)
		klog_ratelimited(KLOG_NOTICE "prof: read of cpu %u refused: %s", cpu,
				 r == EBUSY ? "the profile still runs" :
				 r == ENOENT ? "no profile was taken" : "first sample past the end");
	while (r == OK && done < n) {
		uint32_t i = first + done, run = PER_PAGE - i % PER_PAGE;

		if (run > n - done)
			run = n - done;
		if (user_copy_out(&caller->arch.as, sample_at(pc, i),
				  buf + done * sizeof(struct prof_sample), run * sizeof(struct prof_sample)) != OK)
			r = EFAULT;
		done += run;
	}
	spin_unlock(&prof_lock);
	cpus_unlock(held);
	return r == OK ? (int)n : r;
}
