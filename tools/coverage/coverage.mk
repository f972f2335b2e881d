# tools/coverage/: kernel code coverage (docs/fuzzing.md, "Coverage").  A
# QEMU TCG plugin (cover.c, built like the profiler's plugins in
# tools/profile/profile.mk) counts the kernel instructions a run executed;
# report.py turns its file into reached/total per file and function.
# Included from tools/tools.mk.
#
#   make fuzz COVER=1 ...     the fuzz campaign with coverage
#   make cover-plugin         only the plugin
COVER_PLUGIN := $(BUILD)/tools/coverage/cover.so
$(PROFILE_OBJDIR)/tools/coverage/%.o: PROFILE_CFLAGS += -I tools/profile
$(COVER_PLUGIN): $(PROFILE_OBJDIR)/tools/coverage/cover.o

# Host test: report.py on made-up objdump and coverage files, and one boot
# with the plugin (test_cover.py), so host-tests builds the plugin too.
host-tests: $(COVER_PLUGIN)
HOST_PY_TESTS += tools/coverage/test_cover.py

.PHONY: cover-plugin
cover-plugin: $(COVER_PLUGIN)
