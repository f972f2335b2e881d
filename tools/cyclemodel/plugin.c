/*
 * tools/cyclemodel/plugin.c - the cycle model's QEMU TCG plugin
 * (../profile/qemu_plugin_abi.h): feeds every instruction and memory
 * access of every vCPU to that vCPU's model (model.h) and writes, per
 * marked region, each CPU's modeled cycles and counts.
 *
 *   qemu-system-i386 -icount shift=0 ... -plugin cycles.so,arg=out=FILE
 *
 * out=FILE   where the regions go (default cycles.model)
 *
 * The model runs from the first instruction, so caches and TLBs are warm
 * as the measured code finds them; only the marked regions are reported.
 * A region is what lies between the guest's marks (bench_mark.h): a BEGIN
 * on any vCPU starts it on all of them, the END that closes the outermost
 * BEGIN ends it.  lib/libbench marks each measured repetition, so a run
 * of the bench program has one region per repetition, in order.
 *
 * Deterministic under -icount (one thread runs the vCPUs in a fixed
 * order), which is also what lets a mark on one vCPU read the totals of
 * the others; tools/bench.py uses it only there (MODE=model).
 *
 * The output file (tools/bench_report.py reads it):
 *   kestrel-cycle-model 1
 *   machine NAME                       the cost table (costs.h)
 *   components NAME...                 order of the cycle columns
 *   counts NAME...                     order of the count columns
 *   region R cpu C CYCLES... COUNTS... one line per region and CPU
 *   regions N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../profile/qemu_plugin_abi.h"
#include "model.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct {
	const char *out;
	FILE *f;
	int n_vcpus;
	struct cm_cpu *cpus;
	struct cm_totals *start;	/* each CPU's totals when the region began */
	int depth;			/* marks nest */
	unsigned long regions;
} pl = { .out = "cycles.model" };

static void fail(const char *what)
{
	fprintf(stderr, "cycle model: %s\n", what);
	exit(1);
}

static void region_begin(void)
{
	if (pl.depth++ > 0)
		return;
	for (int c = 0; c < pl.n_vcpus; c++)
		pl.start[c] = pl.cpus[c].t;
}

static void region_end(void)
{
	if (pl.depth == 0 || --pl.depth > 0)
		return;
	for (int c = 0; c < pl.n_vcpus; c++) {
		struct cm_totals d;

		cm_totals_sub(&d, &pl.cpus[c].t, &pl.start[c]);
		fprintf(pl.f, "region %lu cpu %d", pl.regions, c);
		for (int i = 0; i < CM_COMPONENTS; i++)
			fprintf(pl.f, " %.2f", d.cycles[i]);
		for (int i = 0; i < CM_COUNTS; i++)
			fprintf(pl.f, " %llu", (unsigned long long)d.count[i]);
		fputc('\n', pl.f);
	}
	pl.regions++;
}

static void on_insn(unsigned int cpu, void *udata)
{
	const struct cm_insn *i = udata;

	cm_exec(&pl.cpus[cpu], i);
	if (i->flow == FLOW_MARK_BEGIN)
		region_begin();
	else if (i->flow == FLOW_MARK_END)
		region_end();
}

static void on_mem(unsigned int cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
	struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
	uint64_t paddr = hw && !qemu_plugin_hwaddr_is_io(hw) ? qemu_plugin_hwaddr_phys_addr(hw) : vaddr;

	(void)udata;
	cm_access(&pl.cpus[cpu], (uint32_t)vaddr, paddr, qemu_plugin_mem_is_store(info));
}

/*
 * A record per instruction per translation: a block is translated again
 * only after QEMU flushed it, so there are few.  Its code identity is the
 * host address of its bytes (guest RAM is one host mapping), which tells
 * apart the same user address in different programs.
 */
static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t k = 0; k < n; k++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, k);
		struct cm_insn *i = calloc(1, sizeof(*i));
		struct insn_info info;
		uintptr_t host = (uintptr_t)qemu_plugin_insn_haddr(insn);

		if (!i)
			fail("out of memory");
		i->pc = (uint32_t)qemu_plugin_insn_vaddr(insn);
		i->size = (uint8_t)qemu_plugin_insn_size(insn);
		insn_classify(qemu_plugin_insn_data(insn), i->size, &info);
		i->flow = info.flow;
		i->classes = info.classes;
		i->code = host ? host : i->pc;
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, i);
		qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void write_end(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(pl.f, "regions %lu\n", pl.regions);
	if (fclose(pl.f) != 0)
		perror(pl.out);
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) == 0) {
			pl.out = argv[i] + 4;
		} else {
			fprintf(stderr, "cycle model: unknown argument '%s' (out=FILE)\n", argv[i]);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	if (!info->system_emulation || strcmp(info->target_name, "i386") != 0) {
		fprintf(stderr, "cycle model: needs qemu-system-i386 (got %s)\n", info->target_name);
		return -1;
	}
	if (parse_args(argc, argv) != 0)
		return -1;
	pl.n_vcpus = info->system.max_vcpus;
	pl.cpus = calloc(pl.n_vcpus, sizeof(*pl.cpus));
	pl.start = calloc(pl.n_vcpus, sizeof(*pl.start));
	if (!pl.cpus || !pl.start)
		return -1;
	for (int c = 0; c < pl.n_vcpus; c++)
		if (cm_cpu_init(&pl.cpus[c], &cm_haswell) != 0)
			return -1;
	pl.f = fopen(pl.out, "w");
	if (!pl.f) {
		perror(pl.out);
		return -1;
	}
	fprintf(pl.f, "kestrel-cycle-model 1\nmachine %s\ncomponents", cm_haswell.name);
	for (int i = 0; i < CM_COMPONENTS; i++)
		fprintf(pl.f, " %s", cm_component_names[i]);
	fprintf(pl.f, "\ncounts");
	for (int i = 0; i < CM_COUNTS; i++)
		fprintf(pl.f, " %s", cm_count_names[i]);
	fputc('\n', pl.f);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, write_end, NULL);
	return 0;
}
