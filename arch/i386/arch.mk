# arch/i386: boot entry, traps, paging, console, legacy PIC/PIT.
ARCH_SRCS := $(wildcard arch/i386/*.c) $(wildcard arch/i386/*.S)
ARCH_LDSCRIPT := arch/i386/kernel.ld

# What runs before the CPU check (cpu_require.h) is built for any i386, so
# that an older CPU gets as far as the line saying why it is refused.
ARCH_EARLY_OBJS := $(patsubst %,$(BUILD)/kernel-objs/arch/i386/%.o,cpu_check cpu_require serial poweroff)
$(ARCH_EARLY_OBJS): KERNEL_CFLAGS += -march=i386
