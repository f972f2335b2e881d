# bench/: the in-guest benchmark program `bench` (one file per benchmark,
# table in main.c, harness in lib/libbench).  Booted by tools/bench.py
# (`make bench`) and, in tiny mode, by the test suite (BENCH_TEST_SPEC in
# tools/tools.mk).  See BENCHMARKS.md.  The VM server's sources are linked
# in: the fault benchmarks start one when the boot has none (servers.mk).
include lib/libbench/libbench.mk

BENCH_SRCS := $(wildcard bench/*.c)
BENCH_PROG := $(BUILD)/bench/bench

$(call uobjs,$(BENCH_SRCS) $(LIBBENCH_SRCS)): USER_CFLAGS += $(LIBBENCH_CFLAGS)
$(eval $(call user_program,$(BENCH_PROG),$(BENCH_SRCS) $(LIBBENCH_SRCS) $(VM_SERVER_SRCS)))

userland: $(BENCH_PROG)
