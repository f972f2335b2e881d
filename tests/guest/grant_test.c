/*
 * tests/guest/grant_test.c - grant.*, safecopy.*, safemap.*: the grant
 * validation matrix (every bad-input case is refused and nothing is copied
 * or mapped), copies at every offset and size around page boundaries, the
 * short form of SAFECOPY and the message form past it,
 * vectored copies, shared mappings both ways, read-only mappings,
 * revocation seen on another CPU, unmapping, and cleanup when either side
 * exits.  Every case also checks that free memory is back to where it was.
 *
 * A forked "granter" child owns the memory and makes grants on command
 * (child_cmd()); the test program uses them.
 */
#include <string.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"

#define PAGE		4096u
#define BUF_PAGES	3
#define HOLE		MAP_HOLE

/* Commands to the granter child (words[0]), arguments in words[1..]. */
enum { C_GRANT, C_INDIRECT, C_REVOKE, C_CHECK, C_FILL, C_REVMAP, C_MAGIC, C_USER };

static uint8_t buf[BUF_PAGES * PAGE] __attribute__((aligned(4096)));	/* the child's */
static uint8_t local[BUF_PAGES * PAGE + 64];
static int arg_cpu = -1;

static int32_t run_cmd(const message *m)
{
	const uint32_t *w = m->words;

	switch (w[0]) {
	case C_GRANT:	return cpf_grant_direct((endpoint_t)w[1], (vir_bytes)buf + w[2], w[3], w[4]);
	case C_INDIRECT: return cpf_grant_indirect((endpoint_t)w[1], (endpoint_t)w[2], (int32_t)w[3]);
	case C_REVOKE:	return cpf_revoke((int32_t)w[1]);
	case C_CHECK:	return pattern_matches(buf + w[1], w[2], w[3], w[1]);
	case C_FILL:	pattern_fill(buf, sizeof(buf), w[1], 0); return OK;
	case C_REVMAP:	return sys_saferevmap((int32_t)w[1]);
	case C_MAGIC:	return cpf_grant_magic((endpoint_t)w[1], (endpoint_t)w[2], w[3], w[4], w[5]);
	case C_USER:	return sys_privctl(SELF, PRIVCTL_SET_USER, 0);
	default:	return EINVAL;
	}
}

/* The granter: fills its buffer with pattern 1, then obeys commands. */
static int granter_main(void)
{
	if (arg_cpu >= 0)
		CHK(sys_schedctl(SELF, arg_cpu, -1) == OK);
	pattern_fill(buf, sizeof(buf), 1, 0);
	return obey_commands(run_cmd);
}

static int32_t grant(endpoint_t c, endpoint_t grantee, uint32_t off, uint32_t len, uint32_t acc)
{
	return child_cmd(c, C_GRANT, (uint32_t)grantee, off, len, acc);
}

static uint32_t free_frames(void)
{
	struct kinfo k;

	return sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0 ? k.free_frames : 0;
}

/* ------------------------------------------------------------- grant.* */

static const char *t_direct(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, sizeof(buf), CPF_READ | CPF_WRITE)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 100, local, 5000), OK);
	T_ASSERT(pattern_matches(local, 5000, 1, 100));
	pattern_fill(local, 3000, 7, 40);
	T_ASSERT_EQ(sys_safecopyto(c, g, 40, local, 3000), OK);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 40, 3000, 7, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 3040, 100, 1, 0), 1);	/* beyond: untouched */
	return stop_child(c);
}

/*
 * SAFECOPY in short form (offset and length packed in one register word)
 * copies and fails exactly as the message form does, through both doors.
 */
static const char *t_short_form(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, sizeof(buf), CPF_READ | CPF_WRITE)) >= 0);
	for (int door = 0; door < 2; door++) {
		message s, l;

		libsys_force_int_doors(door);
		memset(local, 0, sizeof(local));
		s.safecopy_short = (struct mess_safecopy_short){ c, g, (vir_bytes)local, 4000 << 16 | 5000 };
		T_ASSERT_EQ(kernel_call_short(SYS_SAFECOPYFROM, &s), OK);
		T_ASSERT(pattern_matches(local, 5000, 1, 4000));	/* not written below */
		T_ASSERT_EQ(local[5000], 0);
		pattern_fill(local, 3000, 7 + door, 40);
		s.safecopy_short = (struct mess_safecopy_short){ c, g, (vir_bytes)local, 40 << 16 | 3000 };
		T_ASSERT_EQ(kernel_call_short(SYS_SAFECOPYTO, &s), OK);
		T_ASSERT_EQ(child_cmd(c, C_CHECK, 40, 3000, 7 + door, 0), 1);
		T_ASSERT_EQ(child_cmd(c, C_CHECK, 3040, 100, 1, 0), 1);	/* beyond: untouched */
		/* past the grant's end: refused the same in both forms */
		s.safecopy_short = (struct mess_safecopy_short){ c, g, (vir_bytes)local,
								 (sizeof(buf) - 4) << 16 | 8 };
		l.safecopy = (struct mess_safecopy){ c, g, sizeof(buf) - 4, (vir_bytes)local, 8 };
		T_ASSERT_EQ(kernel_call_short(SYS_SAFECOPYFROM, &s), EPERM);
		T_ASSERT_EQ(kernel_call(SYS_SAFECOPYFROM, &l), EPERM);
	}
	libsys_force_int_doors(0);
	return stop_child(c);
}

/*
 * Offsets and lengths past the short form's (abi/message.h) take the
 * message form: past the grant's end they are refused, where the short
 * form's packing would have cut them to a copy inside it (length
 * 0x10005 to 5 bytes at offset 4, offset 0x10009 to 9).  No buffer of
 * 64 KiB: a test program's memory is taken at boot.
 */
static const char *t_past_short_form(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, sizeof(buf), CPF_READ)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 3, local, SAFECOPY_SHORT_MAX + 6), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, SAFECOPY_SHORT_MAX + 10, local, 16), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 4, local, 5), OK);
	T_ASSERT(pattern_matches(local, 5, 1, 4));
	return stop_child(c);
}

static const char *t_bad_ids(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, grant_id(0, GRANT_TABLE_SIZE), 0, local, 8), EINVAL);
	T_ASSERT_EQ(sys_safecopyfrom(c, grant_id(0, GRANT_MAX_ENTRIES - 1), 0, local, 8), EINVAL);
	T_ASSERT_EQ(sys_safecopyfrom(c, -5, 0, local, 8), EINVAL);
	T_ASSERT_EQ(sys_safecopyfrom(c, g + 1, 0, local, 8), EPERM);	/* unused entry */
	T_ASSERT_EQ(sys_safecopyfrom(self_ep, g, 0, local, 8), EINVAL);	/* we have no table */
	return stop_child(c);
}

/* A revoked entry, and an old id after the slot is reused, never work. */
static const char *t_stale_and_revoked(void)
{
	endpoint_t c;
	int32_t g1, g2;

	T_SPAWN(c, granter_main);
	T_ASSERT((g1 = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT_EQ(child_cmd(c, C_REVOKE, (uint32_t)g1, 0, 0, 0), OK);
	T_ASSERT_EQ(sys_safecopyfrom(c, g1, 0, local, 8), EPERM);
	T_ASSERT((g2 = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT_EQ(grant_index(g2), grant_index(g1));		/* the same slot, reused */
	T_ASSERT(g2 != g1);
	T_ASSERT_EQ(sys_safecopyfrom(c, g1, 0, local, 8), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g2, 0, local, 8), OK);
	return stop_child(c);
}

static const char *t_grantee(void)
{
	endpoint_t c;
	int32_t mine, other, any;

	T_SPAWN(c, granter_main);
	T_ASSERT((other = grant(c, c, 0, 64, CPF_READ)) >= 0);
	T_ASSERT((any = grant(c, ANY, 0, 64, CPF_READ)) >= 0);
	T_ASSERT((mine = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, other, 0, local, 8), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, any, 0, local, 8), OK);
	T_ASSERT_EQ(sys_safecopyfrom(c, mine, 0, local, 8), OK);
	return stop_child(c);
}

static const char *t_access(void)
{
	endpoint_t c;
	int32_t ro, wo;

	T_SPAWN(c, granter_main);
	T_ASSERT((ro = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT((wo = grant(c, self_ep, 0, 64, CPF_WRITE)) >= 0);
	memset(local, 0xee, 64);
	T_ASSERT_EQ(sys_safecopyto(c, ro, 0, local, 8), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, wo, 0, local, 8), EPERM);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, 64, 1, 0), 1);		/* nothing written */
	T_ASSERT_EQ(local[0], 0xee);				/* nothing read */
	T_ASSERT_EQ(sys_safecopyto(c, wo, 0, local, 8), OK);
	return stop_child(c);
}

static const char *t_range(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 100, 200, CPF_READ | CPF_WRITE)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, local, 200), OK);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, local, 201), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 199, local, 2), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 201, local, 0), EPERM);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0xfffffff0u, local, 0x20), EPERM);	/* wraps */
	T_ASSERT_EQ(sys_safecopyto(c, g, 150, local, 51), EPERM);
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 0, sizeof(buf), 1, 0), 1);	/* nothing written */
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 200, local, 0), OK);	/* empty copy at the end */
	return stop_child(c);
}

/* Unmapped memory behind a valid grant, and a granter that died. */
static const char *t_fault_and_dead(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = child_cmd(c, C_GRANT, (uint32_t)self_ep, HOLE - (uint32_t)(vir_bytes)buf, 64,
			  CPF_READ)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, local, 8), EFAULT);
	T_ASSERT((g = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	T_ASSERT(stop_child(c) == NULL);
	T_ASSERT_EQ(sys_safecopyfrom(c, g, 0, local, 8), EDEADSRCDST);
	return NULL;
}

/* A grant passed on: the user reaches the owner's memory through the middle. */
static const char *t_indirect(void)
{
	endpoint_t owner, middle;
	int32_t g, gi;

	T_SPAWN(owner, granter_main);
	T_SPAWN(middle, granter_main);
	T_ASSERT((g = grant(owner, middle, 8, 100, CPF_READ | CPF_WRITE)) >= 0);
	T_ASSERT((gi = child_cmd(middle, C_INDIRECT, (uint32_t)self_ep, (uint32_t)owner,
			   (uint32_t)g, 0)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(middle, gi, 0, local, 100), OK);
	T_ASSERT(pattern_matches(local, 100, 1, 8));
	T_ASSERT_EQ(sys_safecopyfrom(middle, gi, 1, local, 100), EPERM);	/* owner's range */
	T_ASSERT_EQ(sys_safecopyfrom(owner, g, 0, local, 8), EPERM);	/* not ours directly */
	T_ASSERT_EQ(child_cmd(owner, C_REVOKE, (uint32_t)g, 0, 0, 0), OK);
	T_ASSERT_EQ(sys_safecopyfrom(middle, gi, 0, local, 8), EPERM);	/* revoked at the source */
	T_ASSERT(stop_child(owner) == NULL);
	return stop_child(middle);
}

/* Asks `middle` for a magic grant to us of 50 bytes of owner's buf + 4. */
static int32_t magic(endpoint_t middle, endpoint_t owner, uint32_t access)
{
	message m;

	clear_msg(&m, T_CALL);
	m.words[0] = C_MAGIC;
	m.words[1] = (uint32_t)self_ep;
	m.words[2] = (uint32_t)owner;
	m.words[3] = (uint32_t)(vir_bytes)buf + 4;
	m.words[4] = 50;
	m.words[5] = access;
	if (ipc_sendrec(middle, &m) != OK)
		return STATUS_LOST;
	return (int32_t)m.words[0];
}

/* A system process may grant another's memory (magic); a user process may not. */
static const char *t_magic(void)
{
	endpoint_t owner, middle;
	int32_t g;

	T_SPAWN(owner, granter_main);
	T_SPAWN(middle, granter_main);
	T_ASSERT((g = magic(middle, owner, 0)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(middle, g, 0, local, 50), EPERM);	/* no access bits */
	T_ASSERT((g = magic(middle, owner, CPF_READ)) >= 0);
	T_ASSERT_EQ(sys_safecopyfrom(middle, g, 0, local, 50), OK);
	T_ASSERT(pattern_matches(local, 50, 1, 4));
	T_ASSERT_EQ(child_cmd(middle, C_USER, 0, 0, 0, 0), OK);		/* middle loses SYSTEM */
	T_ASSERT_EQ(sys_safecopyfrom(middle, g, 0, local, 50), EPERM);
	T_ASSERT(stop_child(owner) == NULL);
	return stop_child(middle);
}

/* ---------------------------------------------------------- safecopy.* */

static const char *t_boundaries(void)
{
	static const unsigned offs[] = { 0, 1, 63, 4095, 4096, 4097, 8191 };
	static const unsigned sizes[] = { 1, 2, 63, 64, 4095, 4096, 4097 };
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, sizeof(buf), CPF_READ | CPF_WRITE)) >= 0);
	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		for (unsigned j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			unsigned o = offs[i], n = sizes[j];

			if (o + n > sizeof(buf))
				continue;
			memset(local, 0x5a, n + 16);
			T_ASSERT_EQ(sys_safecopyfrom(c, g, o, local + 8, n), OK);
			if (!pattern_matches(local + 8, n, 1, o) || local[7] != 0x5a || local[8 + n] != 0x5a)
				return test_failf("copy from offset %u size %u wrong", o, n);
			pattern_fill(local, n, 9, o);
			T_ASSERT_EQ(sys_safecopyto(c, g, o, local, n), OK);
			if (child_cmd(c, C_CHECK, o, n, 9, 0) != 1)
				return test_failf("copy to offset %u size %u wrong", o, n);
			T_ASSERT_EQ(child_cmd(c, C_FILL, 1, 0, 0, 0), OK);
		}
	}
	return stop_child(c);
}

static const char *t_vector(void)
{
	struct vscp_vec v[3];
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, sizeof(buf), CPF_READ | CPF_WRITE)) >= 0);
	pattern_fill(local + 2000, 500, 3, 5000);
	v[0] = (struct vscp_vec){ c, SELF, g, 10, (vir_bytes)local, 1000 };
	v[1] = (struct vscp_vec){ SELF, c, g, 5000, (vir_bytes)local + 2000, 500 };
	v[2] = (struct vscp_vec){ c, SELF, g, 8000, (vir_bytes)local + 1000, 100 };
	T_ASSERT_EQ(sys_vsafecopy(v, 3), OK);
	T_ASSERT(pattern_matches(local, 1000, 1, 10));
	T_ASSERT(pattern_matches(local + 1000, 100, 1, 8000));
	T_ASSERT_EQ(child_cmd(c, C_CHECK, 5000, 500, 3, 0), 1);
	return stop_child(c);
}

static const char *t_vector_bad(void)
{
	struct vscp_vec v[VSCP_MAX + 1];
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, 64, CPF_READ)) >= 0);
	memset(v, 0, sizeof(v));
	T_ASSERT_EQ(sys_vsafecopy(v, VSCP_MAX + 1), EINVAL);
	v[0] = (struct vscp_vec){ SELF, SELF, g, 0, (vir_bytes)local, 8 };
	T_ASSERT_EQ(sys_vsafecopy(v, 1), EINVAL);
	memset(local, 0, 16);
	v[0] = (struct vscp_vec){ c, SELF, g, 0, (vir_bytes)local, 8 };
	v[1] = (struct vscp_vec){ c, SELF, g, 60, (vir_bytes)local + 8, 8 };	/* past the end */
	T_ASSERT_EQ(sys_vsafecopy(v, 2), EPERM);
	T_ASSERT(pattern_matches(local, 8, 1, 0));			/* the first one happened */
	T_ASSERT_EQ(sys_vsafecopy((struct vscp_vec *)0x1000, 1), EFAULT);
	return stop_child(c);
}

/* ----------------------------------------------------------- safemap.* */

static int map(endpoint_t c, int32_t g, uint32_t off, uint32_t bytes, int w)
{
	return sys_safemap(c, g, off, (void *)HOLE, bytes, w);
}

/* Reads through the kernel, so a missing page is an error, not a fault here. */
static int peek(vir_bytes addr, void *out, unsigned n)
{
	return sys_vircopy(SELF, addr, SELF, (vir_bytes)out, n);
}

static const char *t_shared(void)
{
	volatile uint8_t *p = (volatile uint8_t *)HOLE;
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, PAGE, 2 * PAGE, CPF_READ | CPF_WRITE | CPF_MAP)) >= 0);
	T_ASSERT_EQ(map(c, g, 0, 2 * PAGE, 1), OK);
	T_ASSERT_EQ(p[0], pattern_byte(1, PAGE));
	T_ASSERT_EQ(p[PAGE + 5], pattern_byte(1, 2 * PAGE + 5));
	p[10] = 0x77;						/* we write, it sees */
	T_ASSERT_EQ(child_cmd(c, C_CHECK, PAGE + 11, 100, 1, 0), 1);
	T_ASSERT_EQ(child_cmd(c, C_FILL, 4, 0, 0, 0), OK);		/* it writes, we see */
	T_ASSERT_EQ(p[PAGE + 1], pattern_byte(4, 2 * PAGE + 1));
	T_ASSERT_EQ(map(c, g, 0, PAGE, 1), EEXIST);		/* already mapped there */
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), OK);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	T_ASSERT_EQ(peek(HOLE, local, 4), EFAULT);
	return stop_child(c);
}

static const char *t_readonly_and_bad(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, 2 * PAGE, CPF_READ | CPF_MAP)) >= 0);
	T_ASSERT_EQ(map(c, g, 0, PAGE, 1), EPERM);		/* no write access */
	T_ASSERT_EQ(map(c, g, 1, PAGE, 0), EINVAL);		/* misaligned offset */
	T_ASSERT_EQ(map(c, g, 0, 100, 0), EINVAL);		/* misaligned length */
	T_ASSERT_EQ(sys_safemap(c, g, 0, (void *)(HOLE + 8), PAGE, 0), EINVAL);
	T_ASSERT_EQ(map(c, g, 0, 3 * PAGE, 0), EPERM);		/* past the grant */
	T_ASSERT_EQ(map(c, g, 0, PAGE, 0), OK);
	T_ASSERT_EQ(peek(HOLE, local, 4), OK);
	T_ASSERT_EQ(sys_vircopy(SELF, (vir_bytes)local, SELF, HOLE, 4), EFAULT);	/* read-only */
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), OK);
	return stop_child(c);
}

/* The granter revokes: the mapper, reading on another CPU, loses the page. */
static const char *t_revoke(void)
{
	struct kinfo k;
	endpoint_t c, mp;
	message m;

	T_ASSERT(sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) > 0);
	T_SPAWN(c, granter_main);
	T_ASSERT((map_gid = grant(c, ANY, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	map_granter = c;
	map_cpu = k.ncpus > 1 ? 1 : -1;
	T_SPAWN(mp, mapper_main);
	map_cpu = -1;
	T_ASSERT_EQ(ipc_receive(mp, &m, NULL), OK);
	wait_ticks(2);
	T_ASSERT(is_alive(mp));
	T_ASSERT_EQ(child_cmd(c, C_REVMAP, (uint32_t)map_gid, 0, 0, 0), 1);	/* one mapping */
	T_EXIT(mp, -SIGSEGV);
	T_ASSERT_EQ(child_cmd(c, C_REVMAP, (uint32_t)map_gid, 0, 0, 0), 0);
	return stop_child(c);
}

/* The owner exits: its pages disappear from the mapper, nothing dangles. */
static const char *t_owner_exit(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	T_ASSERT_EQ(map(c, g, 0, PAGE, 0), OK);
	T_ASSERT(stop_child(c) == NULL);
	T_ASSERT_EQ(peek(HOLE, local, 4), EFAULT);
	T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
	return NULL;
}

/*
 * More map-unmap cycles than the kernel has records (256), every third
 * mapping revoked by the granter before the unmap: the unmap (which waits
 * for its shootdown holding no lock, the record kept meanwhile) removes
 * each record exactly once, or finds it gone.  A record it kept would fill
 * the table (ENOSPC); a page it left mapped would still read.
 */
static const char *t_unmap_cycles(void)
{
	endpoint_t c;
	int32_t g;

	T_SPAWN(c, granter_main);
	T_ASSERT((g = grant(c, self_ep, 0, PAGE, CPF_READ | CPF_MAP)) >= 0);
	for (int i = 0; i < 300; i++) {
		T_ASSERT_EQ(map(c, g, 0, PAGE, 0), OK);
		T_ASSERT_EQ(peek(HOLE, local, 4), OK);
		if (i % 3 == 0) {
			T_ASSERT_EQ(child_cmd(c, C_REVMAP, (uint32_t)g, 0, 0, 0), 1);
			T_ASSERT_EQ(sys_safeunmap((void *)HOLE), ENOENT);
		} else {
			T_ASSERT_EQ(sys_safeunmap((void *)HOLE), OK);
		}
		T_ASSERT_EQ(peek(HOLE, local, 4), EFAULT);
	}
	T_ASSERT_EQ(child_cmd(c, C_REVMAP, (uint32_t)g, 0, 0, 0), 0);
	return stop_child(c);
}

/* Runs a case with children cleaned up and free memory back at its baseline. */
static const char *checked(const char *(*body)(void))
{
	uint32_t before = free_frames(), after;
	const char *why = guarded(body);

	after = free_frames();
	if (!why && after != before)
		why = test_failf("free frames %u before, %u after", before, after);
	return why;
}

#define CHECKED(fn) static const char *fn##_c(void) { return checked(fn); }
CHECKED(t_direct) CHECKED(t_bad_ids) CHECKED(t_stale_and_revoked) CHECKED(t_grantee)
CHECKED(t_access) CHECKED(t_range) CHECKED(t_fault_and_dead) CHECKED(t_indirect)
CHECKED(t_magic) CHECKED(t_boundaries) CHECKED(t_vector) CHECKED(t_vector_bad)
CHECKED(t_shared) CHECKED(t_readonly_and_bad) CHECKED(t_revoke) CHECKED(t_owner_exit)
CHECKED(t_short_form) CHECKED(t_past_short_form) CHECKED(t_unmap_cycles)

static const struct test_case cases[] = {
	{ "grant.direct_read_write", t_direct_c },
	{ "grant.bad_ids", t_bad_ids_c },
	{ "grant.stale_and_revoked", t_stale_and_revoked_c },
	{ "grant.wrong_grantee", t_grantee_c },
	{ "grant.wrong_access", t_access_c },
	{ "grant.range_past_end", t_range_c },
	{ "grant.unmapped_and_dead", t_fault_and_dead_c },
	{ "grant.indirect", t_indirect_c },
	{ "grant.magic_needs_privilege", t_magic_c },
	{ "safecopy.page_boundaries", t_boundaries_c },
	{ "safecopy.short_form", t_short_form_c },
	{ "safecopy.past_short_form", t_past_short_form_c },
	{ "safecopy.vector", t_vector_c },
	{ "safecopy.vector_bad_input", t_vector_bad_c },
	{ "safemap.shared_both_ways", t_shared_c },
	{ "safemap.readonly_and_bad_input", t_readonly_and_bad_c },
	{ "safemap.revoke_on_other_cpu", t_revoke_c },
	{ "safemap.owner_exit", t_owner_exit_c },
	{ "safemap.unmap_cycles", t_unmap_cycles_c },
};

/*
 * The page table covering HOLE stays with this address space once made; make
 * it now so that it does not count against the first mapping case.
 */
static void prepare_hole(void)
{
	sys_vmctl_page(VMCTL_MAP_ZERO, self_ep, HOLE, 0, OK);
	sys_vmctl_page(VMCTL_UNMAP, self_ep, HOLE, 0, OK);
}

int main(void)
{
	if (children_init() < 0)
		return 1;
	prepare_hole();
	wait_for_module("smp_test");
	return test_run(cases, TEST_COUNT(cases));
}
