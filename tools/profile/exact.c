/*
 * tools/profile/exact.c - the exact instruction profiler: a QEMU TCG plugin
 * (qemu_plugin_abi.h) that counts every guest instruction executed, per
 * vCPU, per address and per call chain, with its memory accesses and its
 * instruction classes (insn_class.h).
 *
 *   qemu-system-i386 ... -plugin exact.so,arg=out=FILE[,arg=marks=on]
 *
 * out=FILE   where the counts go when QEMU exits (default exact.prof)
 * marks=on   count only between the guest's profile marks (bench_mark.h;
 *            lib/libbench emits them around the measured repetitions); a
 *            mark on any vCPU starts or stops counting on all of them
 *
 * Under -icount shift=0 the vCPUs run in one thread in a fixed order, so
 * two runs give identical files.  QEMU runs a rep string instruction one
 * iteration per pass, plus a last pass that finds the count zero, and
 * icount counts every pass; EXECS counts them the same way, and STARTS the
 * passes that did not follow a pass of the same instruction, so its
 * iterations are EXECS - STARTS.
 *
 * Every vCPU owns its state (callstack.h, its counters): the callbacks of
 * one vCPU run in one thread, so only the instruction records, made at
 * translation time, share a lock.
 *
 * The output file, one record per line (tools/profile/report.py reads it):
 *   kestrel-exact-profile 1
 *   classes NAME...                       bit order of the class masks
 *   marks on|off
 *   regions N                             marked regions entered
 *   cpu C unmatched_rets N unmatched_resumes N lost_frames N
 *                                         stack tracking misses while counting
 *   node C ID PARENT ENTRY KIND           call tree of vCPU C (hex ENTRY;
 *                                         KIND 0 call, 1 trap, 2 site)
 *   count C NODE PC BYTES CLASSES EXECS LOADS STORES STARTS
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu_plugin_abi.h"
#include "callstack.h"
#include "insn_class.h"
#include "table.h"

#define MAX_INSN_BYTES	16

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* One distinct instruction (address and bytes); immutable once made. */
struct insn {
	uint32_t pc;
	uint32_t index;
	uint8_t size;
	uint8_t bytes[MAX_INSN_BYTES];
	struct insn_info info;
};

/* The counts of one instruction under one call-tree node. */
struct count {
	uint32_t node;
	const struct insn *insn;
	uint64_t execs, loads, stores, starts;
};

struct vcpu {
	struct callstack cs;
	const struct insn *prev;	/* the last instruction this vCPU began */
	struct count *counts;
	uint32_t n_counts, cap_counts;
	struct table count_index;	/* node << 32 | insn index -> counts[] */
	struct count *cur;		/* the count the memory callbacks add to */
	struct cs_diag diag;		/* the stack tracking's misses while counting */
};

static struct {
	const char *out;
	int marks;
	int n_vcpus;
	struct vcpu *vcpus;
	atomic_int region_depth;
	atomic_ulong regions;
	/* instruction records, under lock */
	pthread_mutex_t lock;
	struct table insn_index;	/* hash of (pc, bytes) -> insns[] */
	struct insn **insns;
	uint32_t n_insns, cap_insns;
} prof = { .out = "exact.prof", .lock = PTHREAD_MUTEX_INITIALIZER };

static void *must_grow(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, "profile: out of memory\n");
		exit(1);
	}
	return p;
}

/* FNV-1a over the address and the bytes. */
static uint64_t insn_hash(uint32_t pc, const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (int i = 0; i < 4; i++)
		h = (h ^ ((pc >> (8 * i)) & 0xff)) * 0x100000001b3ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h ^ n;
}

/*
 * The record of the instruction at pc with these bytes, made on first
 * sight.  Different programs put different code at the same user address,
 * so the bytes are part of the key; two keys whose 64-bit hashes collide
 * would be merged, so that is checked and stops the run.
 */
static struct insn *intern(uint32_t pc, const uint8_t *b, size_t n)
{
	uint64_t key = insn_hash(pc, b, n);
	struct insn *r;
	uint32_t i;

	pthread_mutex_lock(&prof.lock);
	i = table_get(&prof.insn_index, key);
	if (i != TABLE_EMPTY) {
		r = prof.insns[i];
		if (r->pc != pc || r->size != n || memcmp(r->bytes, b, n) != 0) {
			fprintf(stderr, "profile: instruction hash collision at %#x\n", pc);
			exit(1);
		}
		pthread_mutex_unlock(&prof.lock);
		return r;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "profile: out of memory\n");
		exit(1);
	}
	r->pc = pc;
	r->size = (uint8_t)n;
	memcpy(r->bytes, b, n);
	insn_classify(b, n, &r->info);
	if (prof.n_insns == prof.cap_insns) {
		prof.cap_insns = prof.cap_insns ? 2 * prof.cap_insns : 4096;
		prof.insns = must_grow(prof.insns, sizeof(*prof.insns) * prof.cap_insns);
	}
	r->index = prof.n_insns++;
	prof.insns[r->index] = r;
	table_put(&prof.insn_index, key, r->index);
	pthread_mutex_unlock(&prof.lock);
	return r;
}

static struct count *count_of(struct vcpu *v, uint32_t node, const struct insn *r)
{
	uint64_t key = (uint64_t)node << 32 | r->index;
	uint32_t i = table_get(&v->count_index, key);

	if (i != TABLE_EMPTY)
		return &v->counts[i];
	if (v->n_counts == v->cap_counts) {
		v->cap_counts = v->cap_counts ? 2 * v->cap_counts : 4096;
		v->counts = must_grow(v->counts, sizeof(*v->counts) * v->cap_counts);
	}
	i = v->n_counts++;
	v->counts[i] = (struct count){ .node = node, .insn = r };
	table_put(&v->count_index, key, i);
	return &v->counts[i];
}

static int counting(void)
{
	return !prof.marks || atomic_load_explicit(&prof.region_depth, memory_order_relaxed) > 0;
}

static void on_insn(unsigned int cpu, void *udata)
{
	const struct insn *r = udata;
	struct vcpu *v = &prof.vcpus[cpu];
	const struct insn *prev = v->prev;

	if (prev) {
		struct cs_diag before = v->cs.diag;

		cs_step(&v->cs, prev->pc, prev->size, prev->info.flow, r->pc);
		if (counting()) {
			v->diag.unmatched_rets += v->cs.diag.unmatched_rets - before.unmatched_rets;
			v->diag.unmatched_resumes +=
				v->cs.diag.unmatched_resumes - before.unmatched_resumes;
			v->diag.lost_frames += v->cs.diag.lost_frames - before.lost_frames;
		}
	}
	if (r->info.flow == FLOW_MARK_BEGIN) {
		atomic_fetch_add(&prof.region_depth, 1);
		atomic_fetch_add(&prof.regions, 1);
	} else if (r->info.flow == FLOW_MARK_END && atomic_load(&prof.region_depth) > 0) {
		atomic_fetch_sub(&prof.region_depth, 1);
	}
	v->cur = NULL;
	if (counting()) {
		v->cur = count_of(v, cs_node(&v->cs), r);
		v->cur->execs++;
		if (prev != r)
			v->cur->starts++;
	}
	v->prev = r;
}

static void on_mem(unsigned int cpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
	struct count *c = prof.vcpus[cpu].cur;

	(void)vaddr;
	(void)udata;
	if (!c)
		return;
	if (qemu_plugin_mem_is_store(info))
		c->stores++;
	else
		c->loads++;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		size_t size = qemu_plugin_insn_size(insn);
		struct insn *r;

		if (size > MAX_INSN_BYTES)
			size = MAX_INSN_BYTES;
		r = intern((uint32_t)qemu_plugin_insn_vaddr(insn), qemu_plugin_insn_data(insn), size);
		qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS, r);
		qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
						 QEMU_PLUGIN_MEM_RW, NULL);
	}
}

static void write_vcpu(FILE *f, int cpu, const struct vcpu *v)
{
	const struct callstack *cs = &v->cs;

	fprintf(f, "cpu %d unmatched_rets %llu unmatched_resumes %llu lost_frames %llu\n", cpu,
		(unsigned long long)v->diag.unmatched_rets,
		(unsigned long long)v->diag.unmatched_resumes,
		(unsigned long long)v->diag.lost_frames);
	for (uint32_t i = 1; i < cs->n_nodes; i++)
		fprintf(f, "node %d %u %u %x %d\n", cpu, i, cs->nodes[i].parent,
			cs->nodes[i].entry, cs->nodes[i].kind);
	for (uint32_t i = 0; i < v->n_counts; i++) {
		const struct count *c = &v->counts[i];

		fprintf(f, "count %d %u %x ", cpu, c->node, c->insn->pc);
		for (unsigned b = 0; b < c->insn->size; b++)
			fprintf(f, "%02x", c->insn->bytes[b]);
		fprintf(f, " %x %llu %llu %llu %llu\n", c->insn->info.classes,
			(unsigned long long)c->execs, (unsigned long long)c->loads,
			(unsigned long long)c->stores, (unsigned long long)c->starts);
	}
}

static void write_profile(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(prof.out, "w");

	(void)id;
	(void)udata;
	if (!f) {
		perror(prof.out);
		return;
	}
	fprintf(f, "kestrel-exact-profile 1\nclasses");
	for (int i = 0; i < IC_COUNT; i++)
		fprintf(f, " %s", insn_class_names[i]);
	fprintf(f, "\nmarks %s\nregions %lu\n", prof.marks ? "on" : "off",
		atomic_load(&prof.regions));
	for (int c = 0; c < prof.n_vcpus; c++)
		write_vcpu(f, c, &prof.vcpus[c]);
	if (fclose(f) != 0)
		perror(prof.out);
}

static int parse_args(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], "out=", 4) == 0) {
			prof.out = argv[i] + 4;
		} else if (strcmp(argv[i], "marks=on") == 0 || strcmp(argv[i], "marks=off") == 0) {
			prof.marks = argv[i][7] == 'n';
		} else {
			fprintf(stderr, "profile: unknown argument '%s' (out=FILE, marks=on|off)\n",
				argv[i]);
			return -1;
		}
	}
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	if (!info->system_emulation || strcmp(info->target_name, "i386") != 0) {
		fprintf(stderr, "profile: needs qemu-system-i386 (got %s)\n", info->target_name);
		return -1;
	}
	if (parse_args(argc, argv) != 0)
		return -1;
	prof.n_vcpus = info->system.max_vcpus;
	prof.vcpus = calloc(prof.n_vcpus, sizeof(*prof.vcpus));
	if (!prof.vcpus)
		return -1;
	for (int c = 0; c < prof.n_vcpus; c++)
		cs_init(&prof.vcpus[c].cs);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, write_profile, NULL);
	return 0;
}
