/*
 * tools/coverage/cover.c - kernel code coverage: a QEMU TCG plugin
 * (tools/profile/qemu_plugin_abi.h) that records which instructions of an
 * address range (the kernel's text) a run executed, and how often.
 *
 *   qemu-system-i386 ... -plugin cover.so,arg=lo=0x100000,arg=hi=0x11eab2,arg=out=FILE
 *
 * lo, hi   the range [lo, hi) to record (hex or decimal); at most 16 MiB
 * out=FILE where the result goes when QEMU exits (default cover.out)
 *
 * Each instruction in the range gets, when it is first translated, an
 * inline counter increment (no callback into the plugin: a counted run is
 * about as fast as an uncounted one).  The counters are one array indexed
 * by the offset from lo, so an instruction translated again (a flushed or
 * second translation block) keeps counting in the same place.  vCPU
 * threads add without atomics: a lost increment under -accel
 * tcg,thread=multi makes a count smaller, never a reached instruction look
 * unreached, and reached/unreached is what coverage is about.
 *
 * The output file (tools/coverage/report.py reads it):
 *   kestrel-coverage 1
 *   range LO HI                       hex
 *   insn ADDR SIZE COUNT              one per instruction translated in the
 *                                     range (COUNT 0: translated, not run)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qemu_plugin_abi.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_RANGE	(16u << 20)

static uint64_t range_lo, range_hi;
static uint64_t *counts;	/* executions, per byte offset of an instruction's start */
static uint8_t *sizes;		/* its size; 0: no instruction starts here */
static const char *out_path = "cover.out";

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	(void)id;
	for (size_t i = 0, n = qemu_plugin_tb_n_insns(tb); i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t pc = qemu_plugin_insn_vaddr(insn);

		if (pc < range_lo || pc >= range_hi)
			continue;
		sizes[pc - range_lo] = (uint8_t)qemu_plugin_insn_size(insn);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &counts[pc - range_lo], 1);
	}
}

static void write_out(qemu_plugin_id_t id, void *unused)
{
	FILE *f = fopen(out_path, "w");

	(void)id, (void)unused;
	if (!f) {
		qemu_plugin_outs("cover: cannot write the output file\n");
		return;
	}
	fprintf(f, "kestrel-coverage 1\nrange %llx %llx\n",
		(unsigned long long)range_lo, (unsigned long long)range_hi);
	for (uint64_t off = 0; off < range_hi - range_lo; off++)
		if (sizes[off])
			fprintf(f, "insn %llx %u %llu\n", (unsigned long long)(range_lo + off),
				sizes[off], (unsigned long long)counts[off]);
	fclose(f);
}

/* "key=value" with key given: the value, else NULL. */
static const char *arg_value(const char *arg, const char *key)
{
	size_t n = strlen(key);

	return strncmp(arg, key, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *v;

	(void)info;
	for (int i = 0; i < argc; i++) {
		if ((v = arg_value(argv[i], "lo")))
			range_lo = strtoull(v, NULL, 0);
		else if ((v = arg_value(argv[i], "hi")))
			range_hi = strtoull(v, NULL, 0);
		else if ((v = arg_value(argv[i], "out")))
			out_path = v;
		else {
			fprintf(stderr, "cover: unknown argument %s (lo=, hi=, out=)\n", argv[i]);
			return -1;
		}
	}
	if (range_hi <= range_lo || range_hi - range_lo > MAX_RANGE) {
		fprintf(stderr, "cover: lo=%llx hi=%llx is not a range of 1 byte to 16 MiB\n",
			(unsigned long long)range_lo, (unsigned long long)range_hi);
		return -1;
	}
	counts = calloc(range_hi - range_lo, sizeof(*counts));
	sizes = calloc(range_hi - range_lo, 1);
	if (!counts || !sizes)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	qemu_plugin_register_atexit_cb(id, write_out, NULL);
	return 0;
}
