/*
 * kernel/boot.h - what the boot loader told us, in portable form.
 *
 * arch code fills struct boot_info from the loader's structures (Multiboot on
 * i386) and copies every string, so nothing of the loader's data has to be
 * kept once kernel_main starts.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>
#include <stdbool.h>
#include <abi/types.h>

#define BOOT_MAX_RANGES		32
#define BOOT_MAX_MODULES	32
#define BOOT_CMDLINE_LEN	256
#define BOOT_MODLINE_LEN	128

struct boot_range {
	uint64_t base, len;
	bool usable;
};

struct boot_module {
	phys_bytes start, end;		/* [start, end) in physical memory */
	char line[BOOT_MODLINE_LEN];	/* "path args..." */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_LEN];	/* "image-path options..." */
	unsigned nranges;
	struct boot_range ranges[BOOT_MAX_RANGES];
	unsigned nmodules;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned dropped_modules;	/* beyond BOOT_MAX_MODULES */
};

_Noreturn void kernel_main(struct boot_info *bi);

struct boot_options;

/* The options the kernel was booted with, as parsed (kernel/main.c). */
const struct boot_options *boot_opts(void);

/*
 * A boot problem: printed as a warning ("boot: " and the text) and counted.
 * For boot code only, before the first process runs.
 */
void boot_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* How many boot problems there were. */
unsigned boot_cmdline_problems(void);

#endif /* KERNEL_BOOT_H */
