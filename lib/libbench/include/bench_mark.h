/*
 * bench_mark.h - the profile marks: one instruction the exact profiler
 * (tools/profile/exact.c) recognises when QEMU translates it, so that it
 * counts only between a BEGIN and an END (its marks=on).
 *
 * The mark is `testl $(BENCH_MARK_MAGIC | code), %eax` in its long
 * encoding F7 C0 imm32, which assemblers never emit for %eax (they use
 * A9), so no other code looks like it.  It changes only the flags: it is
 * harmless on every x86, under KVM, and when nobody profiles.  The plugin
 * includes this header for the constants.
 *
 * lib/libbench marks each measured repetition (bench.c, time_run): the
 * marked region is the timed run(n) with its two TSC reads.
 */
#ifndef _BENCH_MARK_H
#define _BENCH_MARK_H

#define BENCH_MARK_MAGIC	0x4b500000u	/* "KP" in the high half */
#define BENCH_MARK_BEGIN	1u		/* start counting (marks nest) */
#define BENCH_MARK_END		2u		/* stop counting */

#define BENCH_MARK(code) \
	__asm__ volatile(".byte 0xf7, 0xc0\n\t.long %c0" : : "i"(BENCH_MARK_MAGIC | (code)) : "cc")

#endif /* _BENCH_MARK_H */
