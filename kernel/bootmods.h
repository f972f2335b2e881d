/*
 * kernel/bootmods.h - boot modules: turning the loader's modules into
 * processes, and what became of each (GET_BOOTMOD).
 */
#ifndef KERNEL_BOOTMODS_H
#define KERNEL_BOOTMODS_H

#include <abi/info.h>
#include <arch/paging.h>
#include "kernel/boot.h"

void bootmods_load(const struct boot_info *bi);
void bootmods_start(void);
void bootmods_check_required(const char *list);
unsigned bootmods_count(void);
const struct bootmod_info *bootmods_info(unsigned i);
int bootmods_exec_image(unsigned module, const char *args, struct addr_space *as,
			vir_bytes *entry, vir_bytes *sp);

#endif /* KERNEL_BOOTMODS_H */
