# bench/: the in-guest benchmark program `bench` (one file per benchmark,
# table in main.c, harness in lib/libbench).  Booted by tools/bench.py
# (`make bench`) and, in tiny mode, by the test suite (BENCH_TEST_SPEC in
# tools/tools.mk).  See BENCHMARKS.md.  The VM server's and PM's sources
# are linked in: the fault and process benchmarks start their own
# (servers.mk, servers/pm/pm.mk).
include lib/libbench/libbench.mk

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_PROG := $(BUILD)/bench/bench

$(call uobjs,$(BENCH_SRCS) $(LIBBENCH_SRCS)): USER_CFLAGS += $(LIBBENCH_CFLAGS)
$(eval $(call user_program,$(BENCH_PROG),$(BENCH_SRCS) $(LIBBENCH_SRCS) $(VM_SERVER_SRCS) \
	$(PM_SERVER_SRCS)))

# latproc: the small USER program the process benchmarks (bench/proc.c)
# run their operations in; booted unmarked next to the bench program.
LATPROC := $(BUILD)/bench/latproc
$(call uobjs,bench/latproc/latproc.c): USER_CFLAGS += $(LIBBENCH_CFLAGS)
$(eval $(call user_program,$(LATPROC),bench/latproc/latproc.c))
BENCH_MODULES := $(BENCH_PROG) priv=system;$(LATPROC)

userland: $(BENCH_PROG) $(LATPROC)
