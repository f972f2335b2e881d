# tools/profile/: the exact instruction profiler (docs/profiling.md).  A
# QEMU TCG plugin (exact.c, built with the host compiler) counts every
# guest instruction under -icount; report.py symbolizes the counts.
# Included from tools/tools.mk.
#
#   make profile-exact BENCH=ipc_rtt/short   profile one benchmark's measured
#                                            repetitions (tiny mode unless
#                                            BENCH names a mode; default
#                                            ipc_rtt/short); files in
#                                            build/profile/<bench>/
#   PROFILE_ARGS='--top 40 --cpus 2 --all'   more run.py options (--all:
#                                            the whole boot, no marks)
#   make profile-plugin                      only the plugin
#
# The sampling profiler (kernel/profile.c) around one benchmark:
#   make profile BENCH=ipc_rtt/short          files in build/profile-samples/<bench>/
#   PROFILE_RATE=10000 PROFILE_CPUS=1 PROFILE_ACCEL=icount|tcg
#   PROFILE_SOURCE=timer|nmi                  nmi: the kernel's code is sampled too
# The IPC tracepoints (kernel/iptrace.h) of one benchmark, on a kernel built
# with TRACE=1 (in build/trace):
#   make profile-trace BENCH=ipc_rtt/short    build/profile-trace/<bench>/trace.txt
PROFILE_PLUGIN := $(BUILD)/tools/profile/exact.so
PROFILE_OBJDIR := $(BUILD)/tools/profile/obj
PROFILE_SRCS := tools/profile/exact.c tools/profile/callstack.c tools/profile/insn_class.c \
	tools/profile/table.c
PROFILE_OBJS := $(PROFILE_SRCS:%.c=$(PROFILE_OBJDIR)/%.o)
PROFILE_CFLAGS := -std=gnu11 -O2 -g -fPIC -fvisibility=hidden -Wall -Wextra -Werror \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -I lib/libbench/include -MMD -MP
PROFILE_OUT := $(BUILD)/profile
PROFILE_ARGS ?=
# BENCH's default for `make bench` is `all`; a profile takes one benchmark.
PROFILE_BENCH = $(if $(filter command line environment,$(origin BENCH)),$(BENCH),ipc_rtt/short)

$(PROFILE_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(PROFILE_CFLAGS) -c $< -o $@

# Every QEMU plugin of tools/ links here: build/tools/<dir>/<name>.so from
# the objects its .mk names as prerequisites (the cycle model's too).
$(BUILD)/tools/%.so:
	@mkdir -p $(@D)
	$(HOST_CC) -shared $^ -lpthread -o $@

$(PROFILE_PLUGIN): $(PROFILE_OBJS)

# Host tests (tools/harness.py runs them as `make test`'s host tests):
# cmocka programs for the decoder and the call stacks, built like
# tests/host's (ASan, UBSan), and two Python tests; test_exact.py boots
# the bench program with the plugin, so host-tests builds the plugin too.
PROFILE_TEST_BINS := $(BUILD)/tools/profile/test_insn_class $(BUILD)/tools/profile/test_callstack
PROFILE_PY_TESTS := tools/profile/test_report.py tools/profile/test_exact.py \
	tools/profile/test_sample_report.py
PROFILE_TEST_OBJDIR := $(BUILD)/tools/profile/test-obj
PROFILE_TEST_CFLAGS := -std=gnu11 -g -O1 $(HOST_SANITIZE) -Wall -Wextra -Werror \
	-I lib/libbench/include -MMD -MP

$(PROFILE_TEST_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(PROFILE_TEST_CFLAGS) -c $< -o $@

$(BUILD)/tools/profile/test_insn_class: $(addprefix $(PROFILE_TEST_OBJDIR)/tools/profile/,test_insn_class.o insn_class.o)
$(BUILD)/tools/profile/test_callstack: $(addprefix $(PROFILE_TEST_OBJDIR)/tools/profile/,test_callstack.o callstack.o table.o)
$(PROFILE_TEST_BINS):
	$(HOST_CC) $(HOST_SANITIZE) $^ -lcmocka -o $@

host-tests: $(PROFILE_TEST_BINS) $(PROFILE_PLUGIN)
HOST_TEST_BINS += $(PROFILE_TEST_BINS)
HOST_PY_TESTS += $(PROFILE_PY_TESTS)

-include $(shell find $(PROFILE_OBJDIR) $(PROFILE_TEST_OBJDIR) -name '*.d' 2>/dev/null)

.PHONY: profile-exact profile-plugin profile profile-trace
profile-plugin: $(PROFILE_PLUGIN)

profile-exact: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG) $(PROFILE_PLUGIN)
	python3 tools/profile/run.py --plugin $(PROFILE_PLUGIN) --kernel $(KERNEL_ELF) \
		--program $(BENCH_PROG) --bench '$(PROFILE_BENCH)' --out $(PROFILE_OUT) $(PROFILE_ARGS)

PROFILE_RATE ?= 10000
PROFILE_CPUS ?= 1
PROFILE_ACCEL ?= icount
PROFILE_SOURCE ?= timer
profile: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG)
	python3 tools/profile/sample_run.py --kernel $(KERNEL_ELF) --program $(BENCH_PROG) \
		--bench '$(PROFILE_BENCH)' --rate $(PROFILE_RATE) --source $(PROFILE_SOURCE) \
		--cpus $(PROFILE_CPUS) --accel $(PROFILE_ACCEL) --out $(BUILD)/profile-samples

profile-trace: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG)
	@$(MAKE) --no-print-directory TRACE=1 kernel
	python3 tools/profile/sample_run.py --trace --kernel build/trace/kernel.elf --program $(BENCH_PROG) \
		--bench '$(PROFILE_BENCH)' --cpus $(PROFILE_CPUS) --accel $(PROFILE_ACCEL) \
		--out $(BUILD)/profile-trace
