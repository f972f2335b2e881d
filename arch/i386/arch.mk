# arch/i386: boot entry, traps, paging, console, legacy PIC/PIT.
ARCH_SRCS := $(wildcard arch/i386/*.c) $(wildcard arch/i386/*.S)
ARCH_LDSCRIPT := arch/i386/kernel.ld
