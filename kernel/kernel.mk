# kernel/: the portable kernel, linked with arch/i386, smp/ and lib/common
# into $(BUILD)/kernel.elf.  Two link passes: the second adds the symbol
# table for backtraces (tools/gensyms.sh), placed so no function moves.
KERNEL_SRCS := $(wildcard kernel/*.c kernel/lib/*.c kernel/mm/*.c kernel/system/*.c smp/*.c) \
	$(ARCH_SRCS) $(COMMON_SRCS)
KERNEL_OBJS := $(patsubst %,$(BUILD)/kernel-objs/%.o,$(basename $(KERNEL_SRCS)))
KERNEL_CFLAGS := $(GUEST_CFLAGS) -I arch/i386/include -DKERNEL $(if $(filter 1,$(TRACE)),-DIPC_TRACE)
KERNEL_ELF := $(BUILD)/kernel.elf

kernel: $(KERNEL_ELF)

# ipc_entry, fastpath.c's one entry point, is called by the SYSENTER stub,
# which has saved every user register in the frame, and never returns to
# it: so the file keeps no callee-saved registers of its own (one save per
# crossing, the stub's).  Nothing else calls into the file.
$(BUILD)/kernel-objs/kernel/fastpath.o: KERNEL_CFLAGS += -fcall-used-ebx -fcall-used-esi -fcall-used-edi

$(BUILD)/kernel-objs/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel-objs/%.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(GUEST_ASFLAGS) -I arch/i386/include -c $< -o $@

$(BUILD)/kernel-objs/ksyms0.S: tools/gensyms.sh
	@mkdir -p $(dir $@)
	@tools/gensyms.sh - $@

$(BUILD)/kernel-objs/kernel0.elf: $(KERNEL_OBJS) $(BUILD)/kernel-objs/ksyms0.o $(ARCH_LDSCRIPT)
	@echo "  LD      $@"
	@$(LD) $(GUEST_LDFLAGS) -T $(ARCH_LDSCRIPT) -o $@ $(KERNEL_OBJS) $(BUILD)/kernel-objs/ksyms0.o $(LIBGCC)

$(BUILD)/kernel-objs/ksyms.S: $(BUILD)/kernel-objs/kernel0.elf tools/gensyms.sh
	@tools/gensyms.sh $< $@

$(BUILD)/kernel-objs/ksyms0.o $(BUILD)/kernel-objs/ksyms.o: %.o: %.S
	@$(CC) -m32 -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(BUILD)/kernel-objs/ksyms.o $(ARCH_LDSCRIPT)
	@echo "  LD      $@"
	@$(LD) $(GUEST_LDFLAGS) -T $(ARCH_LDSCRIPT) -o $@ $(KERNEL_OBJS) $(BUILD)/kernel-objs/ksyms.o $(LIBGCC)
	@cmp -s <(nm $@ | grep -i ' t ' | sort) <(nm $(BUILD)/kernel-objs/kernel0.elf | grep -i ' t ' | sort) \
		|| { echo "kernel.mk: functions moved between link passes"; rm -f $@; exit 1; }
