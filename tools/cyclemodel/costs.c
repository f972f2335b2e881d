/*
 * tools/cyclemodel/costs.c - the cost table of the cycle model: a
 * Haswell-class core (the anchors' CPU model, Haswell-noTSX).  Every value
 * is an assumption taken from published latencies; docs/cycle_model.md
 * gives the source of each and the calibration against seL4's published
 * Haswell cycles.  Change a value there and here together.
 */
#include "costs.h"

const struct cm_costs cm_haswell = {
	.name = "haswell",
	.insn = 0.5,			/* two instructions a cycle (calibrated) */
	.cls = {
		[IC_CR3_WRITE] = 120,	/* calibrated; the TLB refills after it are charged apart */
		[IC_CR_WRITE] = 60,
		[IC_SYSENTER] = 60,	/* with sysexit and a short path: 130-142 */
		[IC_SYSEXIT] = 50,
		[IC_INT] = 100,
		[IC_IRET] = 80,
		[IC_SERIALIZING] = 100,	/* cpuid, wrmsr, lgdt, invlpg, mov to DR */
		[IC_FENCE] = 4,		/* lfence; the kernel's one mfence is in the LAPIC code */
		[IC_LOCKED] = 19,
		[IC_SEG_LOAD] = 10,	/* 7 per crossing: ~60-85 */
		[IC_IO] = 300,
		[IC_MSR] = 100,
		[IC_RDTSC] = 25,
		[IC_CLI_STI] = 5,
		[IC_HLT] = 0.5,		/* time halted is not modeled */
	},
	.rep_start = 24,		/* rep movsl, 64 bytes: 24 + 16 x 0.25 = 28 */
	.rep_iter = 0.25,
	.event = 100,
	.l2_hit = 8,
	.l3_hit = 30,
	.stream_l2 = 1,
	.stream_l3 = 4,
	.stlb_hit = 8,
	.walk = 20,
	.l1i = { 512, 8 },		/* 32 KiB */
	.l1d = { 512, 8 },		/* 32 KiB */
	.l2 = { 4096, 8 },		/* 256 KiB */
	.itlb = { 128, 4 },
	.itlb_large = { 8, 8 },
	.dtlb = { 64, 4 },
	.dtlb_large = { 32, 4 },
	.stlb = { 1024, 8 },
};
