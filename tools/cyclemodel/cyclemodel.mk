# tools/cyclemodel/: the cycle model (docs/cycle_model.md), a QEMU TCG
# plugin built like the exact profiler's (tools/profile/profile.mk: its
# object rules, its plugin link rule, its plugin ABI header and its
# instruction decoder).  Included from tools/tools.mk.
#
#   make bench MODE=model     the benchmarks under icount with the model:
#                             instructions and modeled cycles per operation
#   make model-plugin         only the plugin
MODEL_PLUGIN := $(BUILD)/tools/cyclemodel/cycles.so
MODEL_CORE_SRCS := tools/cyclemodel/model.c tools/cyclemodel/cache.c tools/cyclemodel/costs.c \
	tools/profile/insn_class.c
MODEL_OBJS := $(addprefix $(PROFILE_OBJDIR)/,$(MODEL_CORE_SRCS:.c=.o) tools/cyclemodel/plugin.o)

# model.c reads Kestrel's address-space layout (arch/layout.h).
$(PROFILE_OBJDIR)/tools/cyclemodel/%.o $(PROFILE_TEST_OBJDIR)/tools/cyclemodel/%.o: \
	PROFILE_CFLAGS += -I arch/i386/include
$(PROFILE_TEST_OBJDIR)/tools/cyclemodel/%.o: PROFILE_TEST_CFLAGS += -I arch/i386/include

$(MODEL_PLUGIN): $(MODEL_OBJS)

# Host tests: the model on synthetic instruction streams (cmocka, ASan and
# UBSan as tests/host), and one boot of the plugin (test_model_boot.py).
MODEL_TEST_BIN := $(BUILD)/tools/cyclemodel/test_model
$(MODEL_TEST_BIN): $(addprefix $(PROFILE_TEST_OBJDIR)/,$(MODEL_CORE_SRCS:.c=.o) \
		tools/cyclemodel/test_model.o)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_SANITIZE) $^ -lcmocka -o $@

host-tests: $(MODEL_TEST_BIN) $(MODEL_PLUGIN)
HOST_TEST_BINS += $(MODEL_TEST_BIN)
HOST_PY_TESTS += tools/cyclemodel/test_model_boot.py

.PHONY: model-plugin
model-plugin: $(MODEL_PLUGIN)
