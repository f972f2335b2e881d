# Kestrel top-level Makefile.
#
# One Makefile includes a fragment per directory (*.mk); everything is built
# out of tree under $(BUILD).  Targets:
#   make / make all   kernel, libraries, servers, tests, ISO inputs
#   make test         build everything, boot the test suite, run host tests
#   make bench        run the benchmark suite (the main job)
#   make run          boot with the serial console on stdio
#   make iso          GRUB rescue ISO with the kernel and the default modules
#   make clean

BUILD   := build
# TRACE=1: the kernel with its IPC tracepoints (kernel/iptrace.h), built in
# a tree of its own so that the two builds never mix objects.
ifeq ($(TRACE),1)
override BUILD := $(BUILD)/trace
endif
CC      := gcc
LD      := ld
SHELL   := /bin/bash
HOST_CC ?= gcc
CPUS    ?= 1

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC      := $(shell $(CC) -m32 -print-libgcc-file-name)

# Flags shared by every freestanding (guest) object.
GUEST_CFLAGS := -m32 -march=i686 -std=c11 -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 \
	-O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wno-unused-parameter -MMD -MP \
	-I include -I lib/common/include -I .
GUEST_ASFLAGS := -m32 -g -MMD -MP -I include -I .
GUEST_LDFLAGS := -m elf_i386 -nostdlib -z noexecstack

.PHONY: all test bench run iso clean deps kernel
all: kernel userland

include lib/common/common.mk
include arch/i386/arch.mk
include kernel/kernel.mk
include lib/lib.mk
include servers/servers.mk
include tests/guest/guest.mk
include tests/guest/async.mk
include tests/guest/fpu.mk
include tests/guest/sched.mk
include tests/guest/rs.mk
include tests/guest/lu.mk
include tests/fuzz/fuzz.mk
include tests/soak/soak.mk
include tests/host/host.mk
include bench/bench.mk
include bench/schedcmp/schedcmp.mk
include tools/tools.mk

deps:
	@tools/deps.sh test

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
