# tools/hostbench/: host microbenchmarks of the kernel's portable hot paths
# (hostbench.h, BENCHMARKS.md "Host microbenchmarks").  The benchmarks are C
# (hb_*.c) built with the kernel sources they measure; shim.cc registers them
# with Google Benchmark (Debian libbenchmark-dev, `tools/deps.sh bench`).
#
#   make hostbench      build and run; writes build/bench/host-<date>.json
#                       (Google Benchmark's JSON) and host-latest.json
#   HOSTBENCH_ARGS=...  extra Google Benchmark flags, e.g.
#                       --benchmark_filter=sched --benchmark_min_time=0.1
# Without libbenchmark it says so in one line and does nothing (exit 0).
HOSTBENCH_BIN := $(BUILD)/hostbench/hostbench
HOSTBENCH_OBJDIR := $(BUILD)/hostbench/obj
HOSTBENCH_KERNEL_SRCS := kernel/sched_mlfq.c kernel/grant.c kernel/mm/frame.c smp/cpulock.c
HOSTBENCH_SRCS := $(wildcard tools/hostbench/*.c) $(HOSTBENCH_KERNEL_SRCS)
HOSTBENCH_OBJS := $(HOSTBENCH_SRCS:%.c=$(HOSTBENCH_OBJDIR)/%.o) $(HOSTBENCH_OBJDIR)/tools/hostbench/shim.o
HOSTBENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I include -I . \
	-I arch/i386/include -iquote lib/common/include -MMD -MP
HOSTBENCH_CXXFLAGS := -std=c++17 -O2 -g -Wall -Wextra -Werror -MMD -MP
HOSTBENCH_LDLIBS := -lbenchmark -lpthread
HOSTBENCH_ARGS ?=
HOST_CXX ?= g++

$(HOSTBENCH_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOSTBENCH_CFLAGS) -c $< -o $@

$(HOSTBENCH_OBJDIR)/%.o: %.cc
	@mkdir -p $(@D)
	$(HOST_CXX) $(HOSTBENCH_CXXFLAGS) -c $< -o $@

$(HOSTBENCH_BIN): $(HOSTBENCH_OBJS)
	$(HOST_CXX) $^ $(HOSTBENCH_LDLIBS) -o $@

# The run: Google Benchmark's table on stdout, its JSON in $(BENCH_OUT).
.PHONY: hostbench
hostbench:
	@if ! echo '#include <benchmark/benchmark.h>' | $(HOST_CXX) -E -x c++ - >/dev/null 2>&1; then \
		echo "make hostbench: Google Benchmark (libbenchmark-dev) missing: skipping the host microbenchmarks (tools/deps.sh bench installs it)"; \
	else \
		$(MAKE) --no-print-directory $(HOSTBENCH_BIN) && mkdir -p $(BENCH_OUT) && \
		out=$(BENCH_OUT)/host-$$(date +%Y%m%d-%H%M%S).json && \
		commit=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown) && \
		{ git diff --quiet HEAD -- 2>/dev/null || commit=$$commit-dirty; } && \
		$(HOSTBENCH_BIN) --benchmark_out=$$out --benchmark_out_format=json \
			--benchmark_context=commit=$$commit --benchmark_context=suite=kestrel-hostbench \
			$(HOSTBENCH_ARGS) && \
		cp $$out $(BENCH_OUT)/host-latest.json && echo "hostbench JSON: $$out (and $(BENCH_OUT)/host-latest.json)"; \
	fi
