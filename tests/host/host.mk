# tests/host/host.mk - host unit tests: one cmocka program per module.
#
# Included from the top-level Makefile (which sets BUILD and runs from the
# repository root).  `make host-tests` builds $(HOST_TEST_BINS); each binary
# is tests/host/test_<module>.c plus the library source(s) it tests, built
# for the host with ASan and UBSan.  Run one directly, or with
# CMOCKA_MESSAGE_OUTPUT=TAP for TAP output (tools/harness.py does that).
#
# Include paths: lib/common/include has a string.h that must not hide the
# host's <string.h> (cmocka and the tests use the host C library), so that
# directory is on the -iquote path only: library sources include "string.h"
# and "fmt.h" with quotes and get ours, while <string.h> stays the host's.
# The library code is therefore linked against the host's memcpy & co.,
# except in test_string: there lib/common/string.c is compiled with
# -DKSTRING_HOST_TEST, which names its functions ks_memcpy, ks_strlen, ...
# (see KSTRING_SYM in lib/common/include/string.h) so that they link next to
# the host C library, and the test calls them by those names.

HOST_CC ?= gcc
HOST_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -std=c11 -g -O1 $(HOST_SANITIZE) -Wall -Wextra -Werror \
	-I include -I . -iquote lib/common/include -MMD -MP
HOST_LDLIBS := -lcmocka
HOST_OBJDIR := $(BUILD)/host/obj

HOST_TESTS := string format bitmap cmdline elf frame endpoint priv vm_frames vm_region vm_share \
	sched_mlfq sched_fair sched_edf sched_fp testsel bench_select cpu_require aml_s5 ap_boot sef ds_store ds_subs \
	sched_server
HOST_TEST_BINS := $(HOST_TESTS:%=$(BUILD)/host/test_%)

# The library objects each test links besides its own test_<module>.o
# (bitmap is header-only).
$(BUILD)/host/test_string: $(HOST_OBJDIR)/lib/common/string.o
$(BUILD)/host/test_format: $(HOST_OBJDIR)/lib/common/format.o
$(BUILD)/host/test_cmdline: $(HOST_OBJDIR)/kernel/lib/cmdline.o $(HOST_OBJDIR)/lib/common/namelist.o
$(BUILD)/host/test_elf: $(HOST_OBJDIR)/kernel/lib/elf.o
$(BUILD)/host/test_frame: $(HOST_OBJDIR)/kernel/mm/frame.o
$(BUILD)/host/test_priv: $(HOST_OBJDIR)/kernel/priv.o
$(BUILD)/host/test_vm_frames: $(HOST_OBJDIR)/servers/vm/frames.o
$(BUILD)/host/test_vm_region: $(HOST_OBJDIR)/servers/vm/region.o $(HOST_OBJDIR)/servers/vm/arena.o
$(BUILD)/host/test_vm_share: $(HOST_OBJDIR)/servers/vm/share.o $(HOST_OBJDIR)/servers/vm/frames.o
$(BUILD)/host/test_sched_mlfq: $(HOST_OBJDIR)/kernel/sched_mlfq.o
$(BUILD)/host/test_sched_fair: $(HOST_OBJDIR)/kernel/sched_fair.o $(HOST_OBJDIR)/kernel/sched_heap.o
$(BUILD)/host/test_sched_edf: $(HOST_OBJDIR)/kernel/sched_edf.o $(HOST_OBJDIR)/kernel/sched_heap.o \
	$(HOST_OBJDIR)/kernel/sched_mlfq.o
$(BUILD)/host/test_sched_fp: $(HOST_OBJDIR)/kernel/sched_fp.o $(HOST_OBJDIR)/kernel/sched_mlfq.o
$(BUILD)/host/test_ds_store: $(HOST_OBJDIR)/servers/ds/store.o $(HOST_OBJDIR)/servers/ds/pool.o
$(BUILD)/host/test_ds_subs: $(HOST_OBJDIR)/servers/ds/subs.o
$(BUILD)/host/test_sched_server: $(HOST_OBJDIR)/servers/sched/policy.o
$(BUILD)/host/test_bench_select: $(HOST_OBJDIR)/lib/libbench/select.o $(HOST_OBJDIR)/lib/common/namelist.o
$(BUILD)/host/test_testsel: $(HOST_OBJDIR)/kernel/testsel.o $(HOST_OBJDIR)/kernel/lib/cmdline.o \
	$(HOST_OBJDIR)/lib/common/namelist.o $(HOST_OBJDIR)/lib/common/format.o
$(BUILD)/host/test_cpu_require: $(HOST_OBJDIR)/arch/i386/cpu_require.o
$(BUILD)/host/test_aml_s5: $(HOST_OBJDIR)/smp/aml_s5.o
$(BUILD)/host/test_ap_boot: $(HOST_OBJDIR)/smp/ap_boot.o
$(BUILD)/host/test_sef: $(HOST_OBJDIR)/lib/libsef/sef_init.o $(HOST_OBJDIR)/lib/libsef/sef_receive.o \
	$(HOST_OBJDIR)/lib/libsef/sef_state.o $(HOST_OBJDIR)/lib/libsef/sef_lu.o

# kernel/priv.c and the policy see struct proc, which embeds the arch state.
$(HOST_OBJDIR)/kernel/priv.o $(HOST_OBJDIR)/tests/host/test_priv.o \
$(HOST_OBJDIR)/kernel/sched_mlfq.o $(HOST_OBJDIR)/tests/host/test_sched_mlfq.o \
$(HOST_OBJDIR)/kernel/sched_fair.o $(HOST_OBJDIR)/tests/host/test_sched_fair.o \
$(HOST_OBJDIR)/kernel/sched_edf.o $(HOST_OBJDIR)/tests/host/test_sched_edf.o \
$(HOST_OBJDIR)/kernel/sched_fp.o $(HOST_OBJDIR)/tests/host/test_sched_fp.o \
$(HOST_OBJDIR)/kernel/sched_heap.o \
$(HOST_OBJDIR)/kernel/testsel.o $(HOST_OBJDIR)/tests/host/test_testsel.o \
$(HOST_OBJDIR)/arch/i386/cpu_require.o $(HOST_OBJDIR)/tests/host/test_cpu_require.o \
$(HOST_OBJDIR)/smp/ap_boot.o $(HOST_OBJDIR)/tests/host/test_ap_boot.o: \
	HOST_DEFINES := -I arch/i386/include

# The benchmark selection sees bench.h.
$(HOST_OBJDIR)/lib/libbench/select.o $(HOST_OBJDIR)/tests/host/test_bench_select.o: \
	HOST_DEFINES := -I lib/libbench/include

# libsef and its test see the user-space library headers (the test fakes
# the IPC and kernel-call stubs).
$(HOST_OBJDIR)/lib/libsef/%.o $(HOST_OBJDIR)/tests/host/test_sef.o: \
	HOST_DEFINES := -I lib/libsys/include -I lib/libsef/include

# string.c and its test use the ks_ names.
$(HOST_OBJDIR)/lib/common/string.o $(HOST_OBJDIR)/tests/host/test_string.o: \
	HOST_DEFINES := -DKSTRING_HOST_TEST

.PHONY: host-tests
host-tests: $(HOST_TEST_BINS)

$(HOST_TEST_BINS): $(BUILD)/host/test_%: $(HOST_OBJDIR)/tests/host/test_%.o
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_SANITIZE) $^ $(HOST_LDLIBS) -o $@

$(HOST_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_DEFINES) -c $< -o $@

-include $(shell find $(HOST_OBJDIR) -name '*.d' 2>/dev/null)
