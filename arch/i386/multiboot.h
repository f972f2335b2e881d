/*
 * arch/i386/multiboot.h - Multiboot v1 parsing (internal to arch/i386).
 */
#ifndef ARCH_I386_MULTIBOOT_H
#define ARCH_I386_MULTIBOOT_H

#include <stdint.h>
#include "kernel/boot.h"

#define MULTIBOOT_BOOTLOADER_MAGIC	0x2badb002u

void multiboot_parse(uint32_t info, struct boot_info *bi);

#endif /* ARCH_I386_MULTIBOOT_H */
