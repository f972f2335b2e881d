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
#   make profile-plugin                      only the plugin (for the host
#                                            test tools/profile/test_exact.py)
PROFILE_PLUGIN := $(BUILD)/tools/profile/exact.so
PROFILE_OBJDIR := $(BUILD)/tools/profile/obj
PROFILE_SRCS := $(filter-out tools/profile/test_%,$(wildcard tools/profile/*.c))
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

$(PROFILE_PLUGIN): $(PROFILE_OBJS)
	$(HOST_CC) -shared $^ -lpthread -o $@

.PHONY: profile-exact profile-plugin
profile-plugin: $(PROFILE_PLUGIN)

profile-exact: deps
	@$(MAKE) --no-print-directory kernel $(BENCH_PROG) $(PROFILE_PLUGIN)
	python3 tools/profile/run.py --plugin $(PROFILE_PLUGIN) --kernel $(KERNEL_ELF) \
		--program $(BENCH_PROG) --bench '$(PROFILE_BENCH)' --out $(PROFILE_OUT) $(PROFILE_ARGS)
