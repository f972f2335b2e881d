/*
 * tests/guest/fastpath_segs.c - ipc.segments_*: a process's own segment
 * registers survive every door into the kernel and out (entry.S reloads
 * only what differs from the kernel's flat selectors), the kernel works
 * whatever a process left in them (a read-only %ds or %es would fault
 * its copies), and a partner switched to in between gets its own flat
 * selectors back.  Part of fastpath_test (its case table lists these).
 *
 * The server child answers each request with the selectors it runs with
 * in words[0..3]; were one of them wrong, its C code would fault and the
 * call fail.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include "children.h"
#include "fastpath_segs.h"
#include "segs.h"

#define SEL_UCODE	0x1b		/* readable, not writable */
#define SEL_FLAT_RPL0	0x20		/* the flat user segment, RPL 0 */

static int seg_server_main(void)
{
	message m;
	uint32_t st;
	uint16_t s[SEGS];

	CHK(ipc_receive(ANY, &m, &st) == OK);
	while (m.m_type != T_QUIT) {
		endpoint_t client = m.m_source;

		__asm__ volatile("movw %%ds, %0; movw %%es, %1; movw %%fs, %2; movw %%gs, %3"
				 : "=m"(s[SEG_DS]), "=m"(s[SEG_ES]), "=m"(s[SEG_FS]), "=m"(s[SEG_GS]));
		for (int i = 0; i < SEGS; i++)
			m.words[i] = s[i];
		m.words[4] = m.words[8] + 1;
		m.m_type = T_REPLY;
		CHK(ipc_replyrecv(client, &m, &st) == OK);
	}
	return 0;
}

/* Selector sets a process may load: each differs from the kernel's somewhere. */
static const uint16_t sets[][SEGS] = {
	{ SEL_FLAT_RPL0, 0, SEL_UCODE, 0 },		/* all four odd */
	{ SEGS_FLAT, SEGS_FLAT, SEGS_FLAT, 0 },		/* %gs alone */
	{ SEGS_FLAT, SEGS_FLAT, 0, SEGS_FLAT },		/* %fs alone */
	{ SEGS_FLAT, SEL_UCODE, SEGS_FLAT, SEGS_FLAT },	/* %es read-only: rep movs */
	{ SEL_UCODE, SEGS_FLAT, SEGS_FLAT, SEGS_FLAT },	/* %ds read-only */
	{ SEGS_FLAT, SEGS_FLAT, SEGS_FLAT, SEGS_FLAT },	/* the usual ones */
};

static const char *check_kept(const struct segs_trap *t, unsigned set)
{
	for (int i = 0; i < SEGS; i++)
		if (t->out[i] != t->in[i])
			return test_failf("set %u door %u: segment %d is %#x, was %#x", set,
					  t->door, i, t->out[i], t->in[i]);
	return NULL;
}

/*
 * SENDREC with each set through both IPC doors (the int door alone on a
 * CPU without SYSENTER): kept, and the server's are flat.
 */
static const char *t_segments_ipc(void)
{
	static const uint32_t doors[] = { SEGS_DOOR_IPC_INT, SEGS_DOOR_SYSENTER };
	unsigned ndoors = libsys_uses_sysenter() ? 2 : 1;
	const char *why;
	endpoint_t srv;
	message m;

	T_SPAWN(srv, seg_server_main);
	T_BLOCKED(srv);
	for (unsigned s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		for (unsigned d = 0; d < ndoors; d++) {
			struct segs_trap t = {
				.door = doors[d], .eax = IPC_SENDREC, .ebx = (uint32_t)srv,
				.esi = (uint32_t)&m,
			};

			memcpy(t.in, sets[s], sizeof(t.in));
			clear_msg(&m, T_REQ);
			m.words[8] = s * 10 + d;
			segs_trap(&t);
			T_ASSERT_EQ((int)t.result_eax, OK);
			if ((why = check_kept(&t, s)))
				return why;
			T_ASSERT_EQ(m.m_source, srv);
			T_ASSERT_EQ(m.m_type, T_REPLY);
			T_ASSERT_EQ(m.words[4], s * 10 + d + 1);
			for (int i = 0; i < SEGS; i++)
				T_ASSERT_EQ(m.words[i], SEGS_FLAT);
		}
	}
	return stop_child(srv);
}

/* A short kernel call (SYS_DIAGCTL code 0: EINVAL) with each set through both doors. */
static const char *t_segments_kcall(void)
{
	const char *why;

	for (unsigned s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		struct segs_trap t = { .door = SEGS_DOOR_KCALL_INT, .eax = SYS_DIAGCTL };

		memcpy(t.in, sets[s], sizeof(t.in));
		segs_trap(&t);
		T_ASSERT_EQ((int)t.result_eax, EINVAL);
		if ((why = check_kept(&t, s)))
			return why;
		if (!libsys_uses_sysenter())
			continue;
		t.door = SEGS_DOOR_SYSENTER;
		t.eax = SYSENTER_KERNEL_CALL_SHORT + SYS_DIAGCTL;
		segs_trap(&t);
		T_ASSERT_EQ((int)t.result_eax, EINVAL);
		if ((why = check_kept(&t, s)))
			return why;
	}
	return NULL;
}

#define GUARDED(fn, name) const char *fn##_g(void) { return guarded(fn); }
FASTPATH_SEGS_CASES(GUARDED)
