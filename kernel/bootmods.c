/*
 * kernel/bootmods.c - start every boot module as a process.
 *
 * A module is "path [priv=CLASS] args...".  Its ELF image is checked
 * (kernel/lib/elf.h), its size compared with free memory, then it gets a
 * process slot, an address space with its segments and a stack, and argv
 * built from the module line.  A module that cannot be started is reported
 * by name with the reason, and the others still start.
 *
 * Privileges come from the boot line, never from a program's name: the
 * mark "priv=system" as the first argument makes the module a SYSTEM
 * process with its own privilege structure (the one who writes the boot
 * line decides, as the one who builds MINIX's boot image does); without a
 * mark, or with "priv=user", it is a USER process.  "priv=service" makes a
 * USER process that stays stopped (BOOTMOD_HELD) until RS, having set its
 * privileges from RS's table, resumes it: a service never runs with rights
 * it was not given.  The mark is not part of argv.
 *
 * The images stay where the loader put them (the frame pool reserves
 * them), so a module's program can be loaded again later:
 * bootmods_exec_image builds a fresh address space from it for SYS_EXEC
 * (PM's exec of a boot-image program).
 */
#include <string.h>
#include <fmt.h>
#include <abi/errno.h>
#include <arch/arch.h>
#include <arch/layout.h>
#include "kernel/bootmods.h"
#include "kernel/kernel.h"
#include "kernel/lib/elf.h"
#include "kernel/mm/memory.h"
#include "kernel/priv.h"
#include "kernel/proc.h"
#include "smp/cpu.h"

#define MAX_ARGS		16
#define USER_STACK_BOTTOM	(USER_STACK_TOP - USER_STACK_PAGES * PAGE_SIZE)

static struct bootmod_info mods[BOOT_MAX_MODULES];
static struct bootmod_image {		/* written at boot, read-only after */
	const uint8_t *start;
	size_t size;
} images[BOOT_MAX_MODULES];
static unsigned nmods;

#define PRIV_MARK	"priv="

/*
 * Takes a leading "priv=CLASS" mark off the module's arguments.  Returns
 * false for a mark naming no class.  "priv=service" is a USER process held
 * stopped (BOOTMOD_HELD) for RS to give its privileges and start.
 */
static bool take_priv_mark(struct bootmod_info *mi, enum priv_class *class)
{
	const char *value = mi->args + strlen(PRIV_MARK), *end = value;

	*class = PRIV_CLASS_USER;
	if (strncmp(mi->args, PRIV_MARK, strlen(PRIV_MARK)) != 0)
		return true;
	while (*end && *end != ' ')
		end++;
	if (end - value == 6 && strncmp(value, "system", 6) == 0)
		*class = PRIV_CLASS_SYSTEM;
	else if (end - value == 7 && strncmp(value, "service", 7) == 0)
		mi->flags |= BOOTMOD_HELD;
	else if (end - value != 4 || strncmp(value, "user", 4) != 0)
		return false;
	while (*end == ' ')
		end++;
	memmove(mi->args, end, strlen(end) + 1);
	return true;
}

/* Splits "path args" into the module's name (basename) and its arguments. */
static void split_line(const char *line, struct bootmod_info *mi)
{
	const char *end = line, *base = line;

	while (*end && *end != ' ') {
		if (*end == '/')
			base = end + 1;
		end++;
	}
	size_t n = (size_t)(end - base) < sizeof(mi->name) - 1 ? (size_t)(end - base)
							      : sizeof(mi->name) - 1;
	memcpy(mi->name, base, n);
	mi->name[n] = '\0';
	while (*end == ' ')
		end++;
	strlcpy(mi->args, end, sizeof(mi->args));
}

/* Copies one segment's pages in, sharing a page with a neighbour if needed. */
static int load_segment(struct addr_space *as, const uint8_t *image, const struct elf_segment *s)
{
	for (vir_bytes va = PAGE_ROUND_DOWN(s->vaddr); va < s->vaddr + s->memsz; va += PAGE_SIZE) {
		phys_bytes pa;
		bool writable;
		uint8_t *page;

		if (as_lookup(as, va, &pa, &writable)) {
			page = (uint8_t *)PAGE_ROUND_DOWN(pa);
		} else {
			if (!(page = kmem_alloc_page()))
				return ENOMEM;
			memset(page, 0, PAGE_SIZE);
			writable = false;
		}
		if (as_map(as, va, (phys_bytes)page,
			   MAP_USER | MAP_OWNED | ((s->writable || writable) ? MAP_WRITE : 0)) != OK) {
			kmem_free_page(page);
			return ENOMEM;
		}
		/* file bytes of this segment that fall in this page */
		vir_bytes lo = va > s->vaddr ? va : s->vaddr;
		vir_bytes hi = va + PAGE_SIZE;
		if (hi > s->vaddr + s->filesz)
			hi = s->vaddr + s->filesz;
		if (lo < hi)
			memcpy(page + (lo - va), image + s->offset + (lo - s->vaddr), hi - lo);
	}
	return OK;
}

/* Builds argv on the new stack: strings, the pointer array, then argc/argv. */
static int build_stack(struct addr_space *as, const struct bootmod_info *mi, vir_bytes *sp_out)
{
	char buf[BOOTMOD_NAME_LEN + BOOTMOD_ARGS_LEN + 1];
	vir_bytes argv[MAX_ARGS + 1], sp = USER_STACK_TOP;
	int argc = 0, len;
	uint32_t frame[3];

	len = fmt_snprintf(buf, sizeof(buf), "%s %s", mi->name, mi->args);
	sp -= (vir_bytes)len + 1;
	if (user_copy_out(as, buf, sp, (size_t)len + 1) != OK)
		return EFAULT;
	for (int i = 0; i < len && argc < MAX_ARGS; ) {
		while (i < len && buf[i] == ' ')
			i++;
		if (i == len)
			break;
		argv[argc++] = sp + (vir_bytes)i;
		while (i < len && buf[i] != ' ')
			i++;
		buf[i++] = '\0';
	}
	argv[argc] = 0;
	if (user_copy_out(as, buf, sp, (size_t)len + 1) != OK)
		return EFAULT;
	sp = (sp - sizeof(vir_bytes) * (vir_bytes)(argc + 1)) & ~15u;
	if (user_copy_out(as, argv, sp, sizeof(vir_bytes) * (size_t)(argc + 1)) != OK)
		return EFAULT;
	frame[0] = 0;			/* return address: none */
	frame[1] = (uint32_t)argc;
	frame[2] = sp;
	sp -= sizeof(frame);
	if (user_copy_out(as, frame, sp, sizeof(frame)) != OK)
		return EFAULT;
	*sp_out = sp;
	return OK;
}

static int map_stack(struct addr_space *as)
{
	for (vir_bytes va = USER_STACK_BOTTOM; va < USER_STACK_TOP; va += PAGE_SIZE) {
		void *page = kmem_alloc_page();
		if (!page)
			return ENOMEM;
		memset(page, 0, PAGE_SIZE);
		if (as_map(as, va, (phys_bytes)page, MAP_USER | MAP_WRITE | MAP_OWNED) != OK) {
			kmem_free_page(page);
			return ENOMEM;
		}
	}
	return OK;
}

/* Makes as the program's space: segments, stack, argv; *sp the first stack pointer. */
static int build_space(struct addr_space *as, const uint8_t *image, const struct elf_image *img,
		       const struct bootmod_info *mi, vir_bytes *sp)
{
	int r;

	if ((r = as_create(as)) != OK)
		return r;
	for (unsigned i = 0; i < img->nsegments; i++)
		if ((r = load_segment(as, image, &img->seg[i])) != OK)
			return r;
	if ((r = map_stack(as)) != OK)
		return r;
	return build_stack(as, mi, sp);
}

static int build_process(struct proc *p, const uint8_t *image, const struct elf_image *img,
			 const struct bootmod_info *mi)
{
	vir_bytes sp;
	int r;

	if ((r = build_space(&p->arch.as, image, img, mi, &sp)) != OK)
		return r;
	arch_proc_init(p, img->entry, sp);
	return OK;
}

/* Pages a program needs: segments, stack, a page table per 4 MiB touched, the directory. */
static uint64_t image_pages(const struct elf_image *img)
{
	return elf_image_pages(img) + USER_STACK_PAGES + img->nsegments + 3;
}

static unsigned bootmods_cpu_of(endpoint_t ep)
{
	return proc_table[endpoint_slot(ep)].cpu->id;
}

static int load_module(const struct boot_module *bm, struct bootmod_info *mi, struct cpu *cpu)
{
	const uint8_t *image = (const uint8_t *)bm->start;
	enum priv_class class;
	struct elf_image img;
	const char *why = "";
	uint64_t pages;
	struct proc *p;
	int r;

	if (!take_priv_mark(mi, &class)) {
		strlcpy(mi->reason, "unknown privilege mark (priv=system, service or user)",
			sizeof(mi->reason));
		return EINVAL;
	}
	if (bm->end <= bm->start) {
		strlcpy(mi->reason, "empty module", sizeof(mi->reason));
		return ENOEXEC;
	}
	r = elf_parse(image, bm->end - bm->start, USER_BASE, USER_STACK_BOTTOM, &img, &why);
	if (r != OK) {
		strlcpy(mi->reason, why, sizeof(mi->reason));
		return r;
	}
	pages = image_pages(&img);
	if (pages > kmem_total_frames()) {
		fmt_snprintf(mi->reason, sizeof(mi->reason),
			     "too large: needs %llu pages, the kernel has %u in all",
			     (unsigned long long)pages, kmem_total_frames());
		return ENOMEM;
	}
	if (pages > kmem_free_frames()) {
		fmt_snprintf(mi->reason, sizeof(mi->reason), "needs %llu pages, %u free",
			     (unsigned long long)pages, kmem_free_frames());
		return ENOMEM;
	}
	if (!(p = proc_alloc(mi->name, cpu))) {
		strlcpy(mi->reason, "process table full", sizeof(mi->reason));
		return ENOSPC;
	}
	if (class == PRIV_CLASS_SYSTEM &&
	    (r = priv_assign_system(p, NULL)) != OK) {
		strlcpy(mi->reason, "no free privilege structure", sizeof(mi->reason));
		proc_exit(p, r, mi->reason);
		return r;
	}
	if ((r = build_process(p, image, &img, mi)) != OK) {
		strlcpy(mi->reason, "out of memory while loading", sizeof(mi->reason));
		proc_exit(p, r, mi->reason);
		return r;
	}
	mi->endpoint = p->endpoint;
	strlcpy(mi->reason, (mi->flags & BOOTMOD_HELD) ? "held for RS" : "started",
		sizeof(mi->reason));
	return OK;		/* started with the others in bootmods_load */
}

/*
 * Starts every module, spreading them round-robin over the online CPUs so
 * that boot services and tests run in parallel from the start.
 */
void bootmods_load(const struct boot_info *bi)
{
	struct cpu *cpu = &cpus[0];

	if (bi->dropped_modules)
		kprintf(KLOG_WARN "boot: %u modules beyond the first %u ignored", bi->dropped_modules,
			BOOT_MAX_MODULES);
	for (unsigned i = 0; i < bi->nmodules; i++) {
		struct bootmod_info *mi = &mods[nmods++];

		memset(mi, 0, sizeof(*mi));
		split_line(bi->modules[i].line, mi);
		mi->size = bi->modules[i].end - bi->modules[i].start;
		images[nmods - 1] = (struct bootmod_image){
			(const uint8_t *)bi->modules[i].start, mi->size };
		mi->endpoint = NONE;
		mi->status = load_module(&bi->modules[i], mi, cpu);
		if (mi->status == OK)
			cpu = cpu_next_online(cpu);
		if (mi->status == OK)
			kprintf("boot: module %s (%u bytes) %s as endpoint %d on cpu %u",
				mi->name, mi->size, mi->reason, mi->endpoint,
				bootmods_cpu_of(mi->endpoint));
		else
			kprintf(KLOG_WARN "boot: module %s (%u bytes) not started: %s (error %d)", mi->name,
				mi->size, mi->reason, mi->status);
	}
}

/*
 * Lets the loaded modules run.  Only once all are loaded and the boot
 * facts are final: with other CPUs online, a module that ended at once
 * would free its slot for the next one (and GET_BOOTMOD would name
 * processes that were never the module), and an early reader of GET_KINFO
 * would see half a boot.
 */
void bootmods_start(void)
{
	for (unsigned i = 0; i < nmods; i++)
		if (mods[i].status == OK)
			proc_start(&proc_table[endpoint_slot(mods[i].endpoint)],
				   mods[i].flags & BOOTMOD_HELD);
}

/*
 * Reports each name of the comma-separated list (require= option) that no
 * boot module has as a boot problem: the loader may have left a module out
 * (a missing file in grub.cfg is only an error on GRUB's screen).
 */
void bootmods_check_required(const char *list)
{
	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		bool found = false;

		for (unsigned i = 0; i < nmods && !found; i++)
			found = strlen(mods[i].name) == len && !strncmp(mods[i].name, list, len);
		if (!found && len)
			boot_problem("required module '%.*s' is missing", (int)len, list);
		list += len + (end ? 1 : 0);
	}
}

unsigned bootmods_count(void)
{
	return nmods;
}

const struct bootmod_info *bootmods_info(unsigned i)
{
	return &mods[i];
}

/*
 * For SYS_EXEC: builds in *as (not in use by anyone) the program of boot
 * module `module`, started at boot, with argv[0] its name and the rest
 * from args (space separated).  *entry, *sp: where it starts.  ENOENT for
 * a module that did not start (its image was refused), ENOMEM when memory
 * runs out (*as is then destroyed).
 */
int bootmods_exec_image(unsigned module, const char *args, struct addr_space *as,
			vir_bytes *entry, vir_bytes *sp)
{
	struct bootmod_info mi;
	struct elf_image img;
	const char *why;
	int r;

	if (module >= nmods || mods[module].status != OK)
		return ENOENT;
	if (elf_parse(images[module].start, images[module].size, USER_BASE, USER_STACK_BOTTOM,
		      &img, &why) != OK)
		return ENOEXEC;			/* it parsed at boot: not reached */
	if (image_pages(&img) > kmem_free_frames())
		return ENOMEM;
	memset(&mi, 0, sizeof(mi));
	strlcpy(mi.name, mods[module].name, sizeof(mi.name));
	strlcpy(mi.args, args, sizeof(mi.args));
	if ((r = build_space(as, images[module].start, &img, &mi, sp)) != OK) {
		as_destroy(as);
		return r == EFAULT ? ENOMEM : r;
	}
	*entry = img.entry;
	return OK;
}
