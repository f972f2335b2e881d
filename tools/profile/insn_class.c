/*
 * tools/profile/insn_class.c - decodes the flow and the instruction classes
 * of one i386 instruction (insn_class.h).  Only what those need: the legacy
 * prefixes, the opcode byte(s) and, where the opcode alone does not say,
 * the ModRM byte's reg and mod fields.  32-bit code only (Kestrel has no
 * 16-bit code after boot; the boot code's classes may be approximate).
 */
#include <bench_mark.h>
#include "insn_class.h"

const char *const insn_class_names[IC_COUNT] = {
	[IC_CR3_WRITE] = "cr3_write",
	[IC_CR_WRITE] = "cr_write",
	[IC_SYSENTER] = "sysenter",
	[IC_SYSEXIT] = "sysexit",
	[IC_INT] = "int",
	[IC_IRET] = "iret",
	[IC_SERIALIZING] = "serializing",
	[IC_FENCE] = "fence",
	[IC_LOCKED] = "locked",
	[IC_REP_STRING] = "rep_string",
	[IC_SEG_LOAD] = "seg_load",
	[IC_IO] = "io",
	[IC_MSR] = "msr",
	[IC_RDTSC] = "rdtsc",
	[IC_CLI_STI] = "cli_sti",
	[IC_HLT] = "hlt",
	[IC_CALL] = "call",
	[IC_RET] = "ret",
};

#define BIT(c)	(1u << (c))

struct prefixes {
	int lock, rep;
	size_t len;
};

static void read_prefixes(const uint8_t *b, size_t len, struct prefixes *p)
{
	p->lock = p->rep = 0;
	for (p->len = 0; p->len < len; p->len++) {
		switch (b[p->len]) {
		case 0xf0: p->lock = 1; break;
		case 0xf2: case 0xf3: p->rep = 1; break;
		case 0x66: case 0x67: case 0x2e: case 0x36: case 0x3e: case 0x26:
		case 0x64: case 0x65: break;
		default: return;
		}
	}
}

static unsigned modrm_reg(const uint8_t *b, size_t i, size_t len)
{
	return i < len ? (b[i] >> 3) & 7 : 8;
}

static unsigned modrm_mod(const uint8_t *b, size_t i, size_t len)
{
	return i < len ? b[i] >> 6 : 4;
}

/* Two-byte opcodes 0F xx; i indexes the byte after 0F. */
static void classify_0f(const uint8_t *b, size_t i, size_t len, struct insn_info *out)
{
	uint8_t op = i < len ? b[i] : 0;
	unsigned reg = modrm_reg(b, i + 1, len), mod = modrm_mod(b, i + 1, len);

	if (op >= 0x80 && op <= 0x8f) {
		out->flow = FLOW_BRANCH;		/* jcc rel32 */
		return;
	}
	switch (op) {
	case 0x00:					/* lldt, ltr */
		if (reg == 2 || reg == 3)
			out->classes |= BIT(IC_SERIALIZING);
		break;
	case 0x01:					/* lgdt, lidt, invlpg */
		if (mod != 3 && (reg == 2 || reg == 3 || reg == 7))
			out->classes |= BIT(IC_SERIALIZING);
		break;
	case 0x05: case 0x0b:				/* syscall, ud2 */
		out->flow = FLOW_TRAP;
		break;
	case 0x08: case 0x09:				/* invd, wbinvd */
		out->classes |= BIT(IC_SERIALIZING);
		break;
	case 0x22:					/* mov to CRn */
		out->classes |= BIT(IC_CR_WRITE) | BIT(IC_SERIALIZING);
		if (reg == 3)
			out->classes |= BIT(IC_CR3_WRITE);
		break;
	case 0x23:					/* mov to DRn */
		out->classes |= BIT(IC_SERIALIZING);
		break;
	case 0x30:					/* wrmsr */
		out->classes |= BIT(IC_MSR) | BIT(IC_SERIALIZING);
		break;
	case 0x31:
		out->classes |= BIT(IC_RDTSC);
		break;
	case 0x32:
		out->classes |= BIT(IC_MSR);
		break;
	case 0x34:
		out->flow = FLOW_TRAP;
		out->classes |= BIT(IC_SYSENTER);
		break;
	case 0x35:
		out->flow = FLOW_EXIT;
		out->classes |= BIT(IC_SYSEXIT);
		break;
	case 0xa1: case 0xa9: case 0xb2: case 0xb4: case 0xb5:	/* pop fs/gs, lss/lfs/lgs */
		out->classes |= BIT(IC_SEG_LOAD);
		break;
	case 0xa2:					/* cpuid */
		out->classes |= BIT(IC_SERIALIZING);
		break;
	case 0xae:					/* lfence, mfence, sfence */
		if (mod == 3 && reg >= 5)
			out->classes |= BIT(IC_FENCE);
		break;
	}
}

/* The far and near indirect forms of FF: call, jmp (reg 2-5). */
static void classify_ff(unsigned reg, struct insn_info *out)
{
	if (reg == 2 || reg == 3) {
		out->flow = FLOW_CALL;
		out->classes |= BIT(IC_CALL) | (reg == 3 ? BIT(IC_SEG_LOAD) : 0);
	} else if (reg == 4 || reg == 5) {
		out->flow = FLOW_BRANCH;
		out->classes |= reg == 5 ? BIT(IC_SEG_LOAD) : 0;
	}
}

/* The profile mark: F7 C0 imm32 with the magic in the high half. */
static int mark_code(const uint8_t *b, size_t len)
{
	uint32_t imm;

	if (len != 6 || b[0] != 0xf7 || b[1] != 0xc0)
		return 0;
	imm = b[2] | (uint32_t)b[3] << 8 | (uint32_t)b[4] << 16 | (uint32_t)b[5] << 24;
	return (imm & 0xffff0000u) == BENCH_MARK_MAGIC ? (int)(imm & 0xffff) : 0;
}

/*
 * One-byte opcodes whose flow or classes the opcode alone decides (GNU
 * range designators); xchg, FF and the rep prefix need more and are
 * handled in insn_classify.
 */
static const struct insn_info one_byte[256] = {
	[0x07] = { FLOW_NEXT, BIT(IC_SEG_LOAD) },		/* pop es */
	[0x17] = { FLOW_NEXT, BIT(IC_SEG_LOAD) },		/* pop ss */
	[0x1f] = { FLOW_NEXT, BIT(IC_SEG_LOAD) },		/* pop ds */
	[0x6c ... 0x6f] = { FLOW_NEXT, BIT(IC_IO) },		/* ins, outs */
	[0x70 ... 0x7f] = { FLOW_BRANCH, 0 },			/* jcc rel8 */
	[0x8e] = { FLOW_NEXT, BIT(IC_SEG_LOAD) },		/* mov to sreg */
	[0x9a] = { FLOW_CALL, BIT(IC_CALL) | BIT(IC_SEG_LOAD) },	/* lcall */
	[0xc2 ... 0xc3] = { FLOW_RET, BIT(IC_RET) },
	[0xc4 ... 0xc5] = { FLOW_NEXT, BIT(IC_SEG_LOAD) },	/* les, lds */
	[0xca ... 0xcb] = { FLOW_RET, BIT(IC_RET) | BIT(IC_SEG_LOAD) },	/* lret */
	[0xcc ... 0xce] = { FLOW_TRAP, BIT(IC_INT) },		/* int3, int n, into */
	[0xcf] = { FLOW_EXIT, BIT(IC_IRET) | BIT(IC_SERIALIZING) },
	[0xe0 ... 0xe3] = { FLOW_BRANCH, 0 },			/* loop*, jecxz */
	[0xe4 ... 0xe7] = { FLOW_NEXT, BIT(IC_IO) },		/* in, out imm8 */
	[0xe8] = { FLOW_CALL, BIT(IC_CALL) },
	[0xe9] = { FLOW_BRANCH, 0 },
	[0xea] = { FLOW_BRANCH, BIT(IC_SEG_LOAD) },		/* ljmp */
	[0xeb] = { FLOW_BRANCH, 0 },
	[0xec ... 0xef] = { FLOW_NEXT, BIT(IC_IO) },		/* in, out %dx */
	[0xf4] = { FLOW_NEXT, BIT(IC_HLT) },
	[0xfa ... 0xfb] = { FLOW_NEXT, BIT(IC_CLI_STI) },
};

static int is_string_op(uint8_t op)
{
	return (op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf) ||
	       (op >= 0x6c && op <= 0x6f);
}

void insn_classify(const uint8_t *b, size_t len, struct insn_info *out)
{
	struct prefixes p;
	uint8_t op;
	int mark = mark_code(b, len);

	out->flow = FLOW_NEXT;
	out->classes = 0;
	if (mark == BENCH_MARK_BEGIN || mark == BENCH_MARK_END) {
		out->flow = mark == BENCH_MARK_BEGIN ? FLOW_MARK_BEGIN : FLOW_MARK_END;
		return;
	}
	read_prefixes(b, len, &p);
	if (p.len >= len)
		return;
	op = b[p.len];
	if (op == 0x0f) {
		classify_0f(b, p.len + 1, len, out);
	} else {
		*out = one_byte[op];
		if (op == 0xff)
			classify_ff(modrm_reg(b, p.len + 1, len), out);
		if ((op == 0x86 || op == 0x87) && modrm_mod(b, p.len + 1, len) != 3)
			out->classes |= BIT(IC_LOCKED);		/* xchg with memory */
		if (p.rep && is_string_op(op)) {
			out->flow = FLOW_REP;
			out->classes |= BIT(IC_REP_STRING);
		}
	}
	if (p.lock)
		out->classes |= BIT(IC_LOCKED);
}
