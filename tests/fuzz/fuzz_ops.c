/*
 * tests/fuzz/fuzz_ops.c - the operations of a campaign: kernel calls
 * through every door (message and short form, int and SYSENTER, a bad
 * message pointer now and then), IPC operations, SENDA tables, grant
 * tables, VM requests, asynchronous calls (fuzz_async.c), large copies
 * shared copy-on-write (fuzz_cow.c), live updates of children, and children
 * that fuzz, fault, trap at random and die.  fuzz_one draws one operation
 * and its arguments.
 *
 * Only children make raw traps with random registers and flags (TF, NT,
 * AC, DF): such a trap may end the process that makes it.  A campaign
 * blocks only where something is sure to wake it: a send or SENDREC to
 * the partner (which always receives and answers at once) or to an
 * endpoint no process has, a receive after an alarm of a tick or two.
 */
#include <string.h>
#include <stdio.h>
#include <ipc.h>
#include <syslib.h>
#include <grant.h>
#include <vm.h>
#include <abi/callnr.h>
#include <abi/ipc.h>
#include "tests/fuzz/fuzz.h"

#define PAGE		4096u
#define CHAOS_TRAPS	24	/* raw traps of one chaotic child */
#define KID_CALLS	200	/* operations of one fuzzing child */
#define MAX_MAPS	4	/* vm_mmap regions a campaign keeps */

enum kid_kind { KID_CHAOS, KID_FUZZ, KID_FAULT, KID_ECHO, KID_KINDS };

static void *maps[MAX_MAPS];
static uint32_t map_len[MAX_MAPS];
static bool is_kid;

void fuzz_note(const char *what, int r)
{
	if (fz.call >= fz.verbose_from)
		printf("# fuzz: call %u %s -> %d\n", fz.call, what, r);
}

void fuzz_violation(const char *what, int r)
{
	fz.violations++;
	printf("# fuzz: VIOLATION at call %u: %s -> %d\n", fz.call, what, r);
}

/* Is r an answer some kernel call or IPC operation may give? */
bool fuzz_known_result(int r)
{
	static const int errs[] = {
		EPERM, ENOENT, ESRCH, EINTR, EIO, E2BIG, ENOEXEC, EAGAIN, ENOMEM, EFAULT,
		EBUSY, EEXIST, EINVAL, ENOSPC, ERANGE, ENOSYS, ELOCKED, EBADCALL,
		ECALLDENIED, EDEADSRCDST, ENOTREADY, EBADREQUEST, EDEADEPT, EBADEPT,
	};

	if (r == OK)
		return true;
	for (unsigned i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		if (r == errs[i])
			return true;
	return false;
}

/* Calls that answer with a count or an endpoint. */
static bool may_be_positive(int32_t call)
{
	return call == SYS_GETINFO || call == SYS_DIAGCTL || call == SYS_FORK ||
	       call == SYS_ASYNC_ENTER;
}

/* The verbose trace of a call in message form: its number and words. */
static void note_message(const char *what, const message *m, int r)
{
	if (fz.call >= fz.verbose_from)
		printf("# fuzz: call %u %s %d [%#x %#x %#x %#x %#x %#x] -> %d\n", fz.call, what,
		       m->m_type, m->words[0], m->words[1], m->words[2], m->words[3], m->words[4],
		       m->words[5], r);
}

static void check_call(const char *what, int32_t call, int r)
{
	if (!fuzz_known_result(r) && !(r > 0 && may_be_positive(call)))
		fuzz_violation(what, r);
	if (call == SYS_ASYNC_SETUP && r == OK)
		fuzz_async_disturbed();
}

/* Calls a campaign itself must not make: they would end or stop it. */
static bool ends_caller(int32_t call)
{
	return call == SYS_EXIT;
}

/* One kernel call in message form, through int or SYSENTER. */
static void op_kcall(void)
{
	int32_t call = gen_call_nr();
	uint32_t how = fuzz_below(8);
	message *m = (message *)(fz.arena + fuzz_below(ARENA_PAGES * PAGE - sizeof(message)));
	vir_bytes bad = gen_bad_pointer();
	int r;

	gen_message(m, call);
	if (ends_caller(call))
		return;
	if (how == 0)
		r = _kernel_call_raw(bad);		/* the message itself is bad */
	else if (how < 4)
		r = _kernel_call_raw((vir_bytes)m);
	else
		r = _kernel_call_door((vir_bytes)m);
	note_message(how == 0 ? "kcall (bad message)" : "kcall", m, r);
	check_call("kcall", how == 0 ? -1 : call, r);
}

/* One kernel call in the short form, int $34 or SYSENTER. */
static void op_kcall_short(void)
{
	int32_t call = gen_call_nr();
	struct fuzz_regs r;
	message m;

	gen_message(&m, call);
	memset(&r, 0, sizeof(r));
	r.door = fuzz_chance(50) ? FUZZ_DOOR_SHORT : FUZZ_DOOR_SYSENTER;
	r.eax = r.door == FUZZ_DOOR_SHORT ? (uint32_t)call
					   : SYSENTER_KERNEL_CALL_SHORT + (uint32_t)call;
	r.ebx = m.words[0];
	r.esi = m.words[1];
	r.edi = m.words[2];
	r.ebp = m.words[3];
	r.ecx = gen_word();
	r.edx = gen_word();
	r.eflags = 0x202;
	if (ends_caller(call))
		return;
	fuzz_trap(&r);
	note_message("kcall_short", &m, (int)r.eax);
	check_call("kcall_short", call, (int)r.eax);
}

/* A destination a blocking send may name: one that is sure to answer. */
static endpoint_t safe_blocking_dst(void)
{
	endpoint_t e = gen_endpoint();

	if (e == fz.partner || e == SELF || e == fz.self)
		return e;
	for (unsigned i = 0; i < FUZZ_MAX_KIDS; i++)
		if (e == fz.kids[i])
			return fz.partner;	/* a child may never receive */
	return e;
}

static void fill_junk_message(message *m)
{
	gen_message(m, fuzz_chance(50) ? (int32_t)fuzz_rand() : gen_call_nr());
	if (fuzz_chance(20))
		m->m_type = FUZZ_ECHO + (int32_t)fuzz_below(2);	/* not DONE: the partner checks */
}

/* A SENDA table of random entries in the arena. */
static unsigned gen_senda_table(asynmsg_t *t)
{
	unsigned n = fuzz_chance(80) ? fuzz_below(6) : fuzz_below(SENDA_MAX + 4);

	for (unsigned i = 0; i < n && (uint8_t *)(t + i + 1) <= fz.arena + ARENA_PAGES * PAGE; i++) {
		t[i].flags = fuzz_chance(80) ? AMF_VALID | (fuzz_chance(30) ? AMF_NOTIFY : 0) : fuzz_rand();
		t[i].dst = gen_endpoint();
		t[i].result = 0;
		fill_junk_message(&t[i].msg);
	}
	return n;
}

/* One IPC operation, int or SYSENTER. */
static void op_ipc(void)
{
	uint32_t op = fuzz_below(IPC_NR_OPS + 1), st = 0;
	message *m = (message *)(fz.arena + fuzz_below(ARENA_PAGES * PAGE - sizeof(message)));
	vir_bytes buf = fuzz_chance(85) ? (vir_bytes)m : gen_pointer(sizeof(message));
	endpoint_t e = gen_endpoint();
	unsigned count = 0;
	bool sysenter = fuzz_chance(50);
	int r;

	fill_junk_message(m);
	if (op == IPC_REPLYRECV && fuzz_chance(75))
		op = IPC_SENDNB;	/* its receive waits for the alarm: now and then */
	if (fuzz_chance(10) && (op == IPC_SENDREC || op == IPC_REPLYRECV))
		op |= IPC_FLAG_REGS;
	switch (op & ~IPC_FLAG_REGS) {
	case IPC_SEND: case IPC_SENDREC:
		e = safe_blocking_dst();
		break;
	case IPC_RECEIVE: case IPC_REPLYRECV:
		if ((op & ~IPC_FLAG_REGS) == IPC_RECEIVE && fuzz_chance(15))
			e = fuzz_chance(70) ? ANY : CLOCK;
		if (sys_setalarm(1, NULL) != OK)
			return;			/* no alarm: no receive */
		break;
	case IPC_SENDA:
		buf = (vir_bytes)fz.arena;
		count = gen_senda_table((asynmsg_t *)fz.arena);
		if (fuzz_chance(10))	/* not into the arena: old junk may name anyone */
			buf = gen_bad_pointer();
		break;
	default:
		break;
	}
	if ((op & ~IPC_FLAG_REGS) == IPC_RECEIVE && (e > 0 || e == SYSTEM || e == HARDWARE))
		e = NONE;		/* only receives the alarm ends, or that fail at once */
	if (fz.call >= fz.verbose_from)
		printf("# fuzz: call %u ipc op %#x to %d buf %#x count %u %s\n", fz.call, op, e, buf,
		       count, sysenter ? "sysenter" : "int");
	r = sysenter ? _ipc_door((int)op, e, (void *)buf, count, &st)
		     : _ipc_trap((int)op, e, (void *)buf, count, &st);
	fuzz_note("ipc", r);
	if (!fuzz_known_result(r))
		fuzz_violation("ipc", r);
}

/* Memory from VM and back, the break. */
static void op_vm(void)
{
	unsigned i = fuzz_below(MAX_MAPS);
	uint32_t len = fuzz_chance(80) ? (1 + fuzz_below(8)) * PAGE : gen_len();
	void *brk;
	int r;

	switch (fuzz_below(4)) {
	case 0:
		if (maps[i])
			return;
		maps[i] = vm_mmap(len);
		map_len[i] = len;
		fuzz_note("mmap", maps[i] ? 0 : -1);
		if (maps[i] && len >= PAGE && len < 0x1000000u)
			((volatile uint8_t *)maps[i])[fuzz_below(len)] = 1;	/* fault one in */
		break;
	case 1:
		if (!maps[i])
			return;
		r = vm_munmap(maps[i], map_len[i]);
		fuzz_note("munmap", r);
		maps[i] = NULL;
		break;
	case 2:
		r = vm_munmap((void *)gen_bad_pointer(), len);
		fuzz_note("munmap bad", r);
		break;
	default:
		r = vm_brk(fuzz_chance(50) ? NULL : (void *)(VM_BRK_BASE + fuzz_below(64) * PAGE), &brk);
		fuzz_note("brk", r);
		break;
	}
}

/* A new grant table: SETGRANT on the arena's first entries. */
static void op_grants(void)
{
	int r;

	gen_grant_table();
	r = sys_setgrant((struct grant_entry *)fz.arena, fuzz_below(9));
	check_call("setgrant", SYS_SETGRANT, r);
}

/* ------------------------------------------------------------- children */

_Noreturn void fuzz_exec_landing(void)
{
	sys_exit(0);
	for (;;)
		;
}

/*
 * Raw traps with random registers and flags through a random door, the
 * message words pointing at junk of our own (the arena, refilled before
 * each trap with our own endpoints and pointers).
 */
static _Noreturn void kid_chaos(void)
{
	static const uint32_t flag_bits[] = {
		FUZZ_EFLAGS_TF, FUZZ_EFLAGS_DF, FUZZ_EFLAGS_NT, FUZZ_EFLAGS_AC,
	};
	struct fuzz_regs r;

	for (unsigned n = 0; n < CHAOS_TRAPS; n++) {
		for (unsigned i = 0; i < 256; i++)	/* the whole arena: old junk may name anyone */
			((uint32_t *)fz.arena)[i] = gen_word();
		for (unsigned p = 1; p < ARENA_PAGES * PAGE / 1024; p++)
			memcpy(fz.arena + p * 1024, fz.arena, 1024);
		r.door = fuzz_below(FUZZ_NR_DOORS);
		switch (fuzz_below(4)) {
		case 0:  r.eax = (uint32_t)gen_call_nr(); break;
		case 1:  r.eax = fuzz_below(IPC_NR_OPS + 2) | (fuzz_chance(20) ? IPC_FLAG_REGS : 0); break;
		case 2:  r.eax = SYSENTER_KERNEL_CALL + fuzz_below(0x140); break;
		default: r.eax = fuzz_chance(50) ? (uint32_t)fz.arena + 4 * fuzz_below(240) : gen_word(); break;
		}
		r.ebx = gen_word();
		r.ecx = fuzz_chance(50) ? (uint32_t)fz.arena + 4 * fuzz_below(240) : gen_word();
		r.edx = gen_word();
		r.esi = fuzz_chance(50) ? (uint32_t)fz.arena + 4 * fuzz_below(240) : gen_word();
		r.edi = gen_word();
		r.ebp = gen_word();
		r.eflags = 0x202;
		for (unsigned i = 0; i < 4; i++)
			if (fuzz_chance(8))
				r.eflags |= flag_bits[i];
		if (r.door == FUZZ_DOOR_SYSENTER_RAW && fuzz_chance(50))
			r.door = FUZZ_DOOR_SYSENTER;
		if ((r.door == FUZZ_DOOR_KCALL || r.door == FUZZ_DOOR_SYSENTER) &&
		    (r.eax == SYS_EXIT || r.eax == SYSENTER_KERNEL_CALL_SHORT + SYS_EXIT))
			continue;		/* the child's own end comes below */
		fuzz_trap(&r);
	}
	sys_exit(0);
	for (;;)
		;
}

/*
 * A SYSTEM child gives up the calls that reach past the fuzzer: power-off,
 * privileges (which could grant I/O ports), port I/O, IRQs, console text.
 */
static void kid_give_up_calls(void)
{
	static const int calls[] = { SYS_ABORT, SYS_DEVIO, SYS_IRQCTL, SYS_DIAGCTL, SYS_PRIVCTL };

	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (sys_privctl(SELF, PRIVCTL_DENY_CALL, calls[i]) != OK)
			sys_exit(1);
}

static _Noreturn void kid_main(enum kid_kind kind, uint32_t seed)
{
	struct proc_info me;
	message m;

	if (fz.system)
		kid_give_up_calls();	/* PRIVCTL last */
	fuzz_seed(seed);
	is_kid = true;
	fuzz_async_forked();
	if (sys_getinfo(GET_WHOAMI, 0, &me, sizeof(me)) > 0)
		fz.self = me.endpoint;
	switch (kind) {
	case KID_CHAOS:
		kid_chaos();
	case KID_FUZZ:
		fz.verbose_from = UINT32_MAX;
		for (unsigned i = 0; i < KID_CALLS; i++)
			fuzz_one();
		break;
	case KID_FAULT:
		*(volatile uint32_t *)gen_bad_pointer() = 1;
		break;
	case KID_ECHO:		/* answers until its alarm */
		sys_setalarm(1 + fuzz_below(10), NULL);
		while (ipc_receive(ANY, &m, NULL) == OK && m.m_source != CLOCK)
			ipc_sendnb(m.m_source, &m);
		break;
	default:
		break;
	}
	sys_exit(0);
	for (;;)
		;
}

/* Ends a child of ours that may still live (ours or, for USER, the partner's job). */
static void end_kid(endpoint_t kid)
{
	message m;

	if (fz.system) {
		(void)sys_clear(kid);
		return;
	}
	memset(&m, 0, sizeof(m));
	m.m_type = FUZZ_REAP;
	m.words[0] = (uint32_t)kid;
	(void)ipc_sendrec(fz.partner, &m);
}

static bool kid_alive(endpoint_t kid)
{
	struct proc_info i;

	return kid > 0 && sys_getinfo(GET_PROC, endpoint_slot(kid), &i, sizeof(i)) > 0 &&
	       i.endpoint == kid && i.state == PROC_STATE_LIVE;
}

unsigned fuzz_live_kids(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < FUZZ_MAX_KIDS; i++)
		n += kid_alive(fz.kids[i]);
	return n;
}

void fuzz_end_kids(void)
{
	for (unsigned i = 0; i < FUZZ_MAX_KIDS; i++)
		if (kid_alive(fz.kids[i]))
			end_kid(fz.kids[i]);
}

/* A child in a random slot of the table (its old one ended first). */
static void op_spawn(void)
{
	unsigned slot = fuzz_below(FUZZ_MAX_KIDS);
	enum kid_kind kind = (enum kid_kind)fuzz_below(KID_KINDS);
	uint32_t seed = fuzz_rand();
	endpoint_t c;

	if (is_kid)
		return;			/* grandchildren would outlive the table */
	if (kid_alive(fz.kids[slot]))
		end_kid(fz.kids[slot]);
	c = vm_fork();
	if (c == 0)
		kid_main(kind, seed);
	fuzz_note("spawn", c);
	if (c > 0)
		fz.kids[slot] = c;
	else if (c != EAGAIN && c != ENOMEM && c != ENOSPC)
		fuzz_violation("vm_fork", c);
}

/* A fork by the kernel of one of our children (SYSTEM: SYS_FORK). */
static void op_fork_kid(void)
{
	unsigned slot = fuzz_below(FUZZ_MAX_KIDS);
	endpoint_t parent = fz.kids[fuzz_below(FUZZ_MAX_KIDS)];
	message m;
	int r;

	if (is_kid || !fz.system || parent <= 0)
		return;
	if (kid_alive(fz.kids[slot]))
		end_kid(fz.kids[slot]);
	memset(&m, 0, sizeof(m));
	m.fork.parent = parent;
	r = kernel_call(SYS_FORK, &m);
	check_call("fork kid", SYS_FORK, r);
	if (r == OK && m.fork.child > 0)
		fz.kids[slot] = m.fork.child;
}

/*
 * SYS_UPDATE between two of our children (SYSTEM): usually both stopped
 * and on one CPU, as a live update does, now and then running, on two
 * CPUs, or the campaign itself; then both run on, each with the other's
 * program.  The children keep fuzzing, faulting and dying meanwhile.
 */
static void op_update(void)
{
	endpoint_t a = fz.kids[fuzz_below(FUZZ_MAX_KIDS)], b = fz.kids[fuzz_below(FUZZ_MAX_KIDS)];
	bool stop = fuzz_chance(80);
	struct proc_info i;
	int r;

	if (is_kid || !fz.system || a <= 0 || b <= 0)
		return;
	if (fuzz_chance(5))
		b = fz.self;
	if (stop) {
		(void)sys_runctl(a, RC_STOP);
		(void)sys_runctl(b, RC_STOP);
	}
	if (fuzz_chance(80) && sys_getinfo(GET_PROC, endpoint_slot(a), &i, sizeof(i)) > 0 &&
	    i.endpoint == a)
		(void)sys_schedctl(b, (int)i.cpu, -1);
	r = sys_update(a, b);
	fuzz_note("update", r);
	check_call("update", SYS_UPDATE, r);
	if (stop) {
		(void)sys_runctl(a, RC_RESUME);
		(void)sys_runctl(b, RC_RESUME);
	}
}

void fuzz_one(void)
{
	uint32_t pick = fuzz_below(100);

	fz.call++;
	if (fz.call >= fz.verbose_from)
		printf("# fuzz: call %u: operation %u\n", fz.call, pick);	/* a hang shows which */
	if (pick < 40)
		op_kcall();
	else if (pick < 55)
		op_kcall_short();
	else if (pick < 79)
		op_ipc();
	else if (pick < 83)
		fuzz_async();
	else if (pick < 84)
		fuzz_bigcopy();
	else if (pick < 91)
		op_vm();
	else if (pick < 96)
		op_grants();
	else if (pick < 98)
		op_spawn();		/* a fork through VM costs as much as */
	else if (pick < 99)
		op_fork_kid();		/* a few hundred other operations */
	else
		op_update();
}

/*
 * Gives back what the campaign holds: children, regions, its grant table,
 * its ring, and the big region's pages shared copy-on-write.
 */
void fuzz_release_all(void)
{
	void *brk;

	fuzz_end_kids();
	fuzz_async_release();
	for (unsigned i = 0; i < BIG_PAGES; i++)	/* each page its own frame again, */
		fz.big[i * PAGE] ^= 1;			/* as in the baseline */
	for (unsigned i = 0; i < MAX_MAPS; i++)
		if (maps[i]) {
			(void)vm_munmap(maps[i], map_len[i]);
			maps[i] = NULL;
		}
	(void)vm_brk((void *)VM_BRK_BASE, &brk);	/* where a program's break starts */
	(void)sys_setgrant(NULL, 0);
	(void)sys_setalarm(0, NULL);
}
