/*
 * tools/profile/test_insn_class.c - host test of the exact profiler's
 * instruction decoder (insn_class.c): the flow and classes of every kind
 * of instruction the call stacks and the class table depend on, the
 * profile marks, and look-alikes that must not match.
 */
#include "../../tests/host/host_test.h"
#include <bench_mark.h>
#include "insn_class.h"

#define BIT(c)	(1u << (c))

struct decode_case {
	const char *what;
	uint8_t bytes[8];
	size_t len;
	enum insn_flow flow;
	uint32_t classes;
};

static const struct decode_case cases[] = {
	{ "mark begin", { 0xf7, 0xc0, 0x01, 0x00, 0x50, 0x4b }, 6, FLOW_MARK_BEGIN, 0 },
	{ "mark end", { 0xf7, 0xc0, 0x02, 0x00, 0x50, 0x4b }, 6, FLOW_MARK_END, 0 },
	{ "unknown mark code", { 0xf7, 0xc0, 0x03, 0x00, 0x50, 0x4b }, 6, FLOW_NEXT, 0 },
	{ "short testl form", { 0xa9, 0x01, 0x00, 0x50, 0x4b }, 5, FLOW_NEXT, 0 },
	{ "mov to cr3", { 0x0f, 0x22, 0xd8 }, 3, FLOW_NEXT,
	  BIT(IC_CR3_WRITE) | BIT(IC_CR_WRITE) | BIT(IC_SERIALIZING) },
	{ "mov to cr0", { 0x0f, 0x22, 0xc0 }, 3, FLOW_NEXT, BIT(IC_CR_WRITE) | BIT(IC_SERIALIZING) },
	{ "mov from cr3", { 0x0f, 0x20, 0xd8 }, 3, FLOW_NEXT, 0 },
	{ "sysenter", { 0x0f, 0x34 }, 2, FLOW_TRAP, BIT(IC_SYSENTER) },
	{ "sysexit", { 0x0f, 0x35 }, 2, FLOW_EXIT, BIT(IC_SYSEXIT) },
	{ "int 0x80", { 0xcd, 0x80 }, 2, FLOW_TRAP, BIT(IC_INT) },
	{ "int3", { 0xcc }, 1, FLOW_TRAP, BIT(IC_INT) },
	{ "iret", { 0xcf }, 1, FLOW_EXIT, BIT(IC_IRET) | BIT(IC_SERIALIZING) },
	{ "ud2", { 0x0f, 0x0b }, 2, FLOW_TRAP, 0 },
	{ "cpuid", { 0x0f, 0xa2 }, 2, FLOW_NEXT, BIT(IC_SERIALIZING) },
	{ "lfence", { 0x0f, 0xae, 0xe8 }, 3, FLOW_NEXT, BIT(IC_FENCE) },
	{ "mfence", { 0x0f, 0xae, 0xf0 }, 3, FLOW_NEXT, BIT(IC_FENCE) },
	{ "clflush (same opcode, memory)", { 0x0f, 0xae, 0x38 }, 3, FLOW_NEXT, 0 },
	{ "invlpg", { 0x0f, 0x01, 0x38 }, 3, FLOW_NEXT, BIT(IC_SERIALIZING) },
	{ "lgdt", { 0x0f, 0x01, 0x10 }, 3, FLOW_NEXT, BIT(IC_SERIALIZING) },
	{ "ltr", { 0x0f, 0x00, 0xd8 }, 3, FLOW_NEXT, BIT(IC_SERIALIZING) },
	{ "wrmsr", { 0x0f, 0x30 }, 2, FLOW_NEXT, BIT(IC_MSR) | BIT(IC_SERIALIZING) },
	{ "rdmsr", { 0x0f, 0x32 }, 2, FLOW_NEXT, BIT(IC_MSR) },
	{ "rdtsc", { 0x0f, 0x31 }, 2, FLOW_NEXT, BIT(IC_RDTSC) },
	{ "lock incl (%eax)", { 0xf0, 0xff, 0x00 }, 3, FLOW_NEXT, BIT(IC_LOCKED) },
	{ "xchg %eax,(%edx)", { 0x87, 0x02 }, 2, FLOW_NEXT, BIT(IC_LOCKED) },
	{ "xchg %eax,%edx", { 0x87, 0xc2 }, 2, FLOW_NEXT, 0 },
	{ "rep stosl", { 0xf3, 0xab }, 2, FLOW_REP, BIT(IC_REP_STRING) },
	{ "rep movsb", { 0xf3, 0xa4 }, 2, FLOW_REP, BIT(IC_REP_STRING) },
	{ "repne scasb", { 0xf2, 0xae }, 2, FLOW_REP, BIT(IC_REP_STRING) },
	{ "stosl without rep", { 0xab }, 1, FLOW_NEXT, 0 },
	{ "rep ret", { 0xf3, 0xc3 }, 2, FLOW_RET, BIT(IC_RET) },
	{ "rep outsb", { 0xf3, 0x6e }, 2, FLOW_REP, BIT(IC_REP_STRING) | BIT(IC_IO) },
	{ "mov %ax,%ds", { 0x8e, 0xd8 }, 2, FLOW_NEXT, BIT(IC_SEG_LOAD) },
	{ "pop %ds", { 0x1f }, 1, FLOW_NEXT, BIT(IC_SEG_LOAD) },
	{ "pop %gs", { 0x0f, 0xa9 }, 2, FLOW_NEXT, BIT(IC_SEG_LOAD) },
	{ "push %ds", { 0x1e }, 1, FLOW_NEXT, 0 },
	{ "call rel32", { 0xe8, 0, 0, 0, 0 }, 5, FLOW_CALL, BIT(IC_CALL) },
	{ "call *%eax", { 0xff, 0xd0 }, 2, FLOW_CALL, BIT(IC_CALL) },
	{ "jmp *%eax", { 0xff, 0xe0 }, 2, FLOW_BRANCH, 0 },
	{ "incl (%eax)", { 0xff, 0x00 }, 2, FLOW_NEXT, 0 },
	{ "ljmp", { 0xea, 0, 0, 0, 0, 0x08, 0 }, 7, FLOW_BRANCH, BIT(IC_SEG_LOAD) },
	{ "jz rel8", { 0x74, 0x10 }, 2, FLOW_BRANCH, 0 },
	{ "jz rel32", { 0x0f, 0x84, 0, 0, 0, 0 }, 6, FLOW_BRANCH, 0 },
	{ "loop", { 0xe2, 0xfe }, 2, FLOW_BRANCH, 0 },
	{ "ret", { 0xc3 }, 1, FLOW_RET, BIT(IC_RET) },
	{ "ret $4", { 0xc2, 0x04, 0x00 }, 3, FLOW_RET, BIT(IC_RET) },
	{ "lret", { 0xcb }, 1, FLOW_RET, BIT(IC_RET) | BIT(IC_SEG_LOAD) },
	{ "in %dx,%al", { 0xec }, 1, FLOW_NEXT, BIT(IC_IO) },
	{ "out %al,$0x80", { 0xe6, 0x80 }, 2, FLOW_NEXT, BIT(IC_IO) },
	{ "hlt", { 0xf4 }, 1, FLOW_NEXT, BIT(IC_HLT) },
	{ "sti", { 0xfb }, 1, FLOW_NEXT, BIT(IC_CLI_STI) },
	{ "mov %esp,%ebp", { 0x89, 0xe5 }, 2, FLOW_NEXT, 0 },
	{ "prefixes only", { 0x66, 0xf0 }, 2, FLOW_NEXT, 0 },
};

static void test_decode(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct decode_case *c = &cases[i];
		struct insn_info info;

		insn_classify(c->bytes, c->len, &info);
		if (info.flow != c->flow || info.classes != c->classes)
			fail_msg("%s: flow %d classes %#x, want flow %d classes %#x", c->what,
				 info.flow, info.classes, c->flow, c->classes);
	}
}

/* The mark the guest emits decodes as a mark (bench_mark.h's macro). */
static void test_mark_macro(void **state)
{
	uint32_t imm = BENCH_MARK_MAGIC | BENCH_MARK_END;
	uint8_t b[6] = { 0xf7, 0xc0, imm & 0xff, imm >> 8 & 0xff, imm >> 16 & 0xff, imm >> 24 };
	struct insn_info info;

	(void)state;
	insn_classify(b, sizeof(b), &info);
	assert_int_equal(info.flow, FLOW_MARK_END);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < IC_COUNT; i++)
		assert_non_null(insn_class_names[i]);
	assert_string_equal(insn_class_names[IC_CR3_WRITE], "cr3_write");
	assert_string_equal(insn_class_names[IC_RET], "ret");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		HOST_TEST("profile_insn", "decode", test_decode),
		HOST_TEST("profile_insn", "mark_macro", test_mark_macro),
		HOST_TEST("profile_insn", "names", test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
