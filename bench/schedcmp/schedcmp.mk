# bench/schedcmp/: the workloads of `make compare-sched` (one program,
# schedcmp, a workload per boot) and the target.  tools/compare_sched.py
# boots each workload under each policy at each CPU count (icount at 1
# CPU, TCG - noisy wall clock - above), and writes
# build/compare-sched/compare-sched.json (Google Benchmark shape), a
# table on stdout and a plot per metric.  BENCHMARKS.md, "Comparing the
# scheduling policies".
SCHEDCMP_PROG := $(BUILD)/bench/schedcmp
$(eval $(call user_program,$(SCHEDCMP_PROG),bench/schedcmp/schedcmp.c))
userland: $(SCHEDCMP_PROG)

COMPARE_POLICIES ?= mlfq fair edf fp user
COMPARE_CPUS ?= 1 2 4 8
.PHONY: compare-sched
compare-sched: deps
	$(MAKE) --no-print-directory all
	python3 tools/compare_sched.py --kernel $(KERNEL_ELF) --program $(SCHEDCMP_PROG) \
		--out $(BUILD)/compare-sched --sched-server $(SCHED_SERVER) --policies "$(COMPARE_POLICIES)" --cpus "$(COMPARE_CPUS)"
