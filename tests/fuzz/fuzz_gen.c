/*
 * tests/fuzz/fuzz_gen.c - the fuzzer's random stream and its argument
 * generators: endpoints, pointers, lengths, call numbers and messages laid
 * out as abi/message.h says, so that requests get past the first checks.
 *
 * Every generator draws the same number of values whatever the kernel
 * answered before, so a seed names one sequence of operations.
 */
#include <string.h>
#include <abi/callnr.h>
#include <abi/grant.h>
#include <abi/info.h>
#include "tests/fuzz/fuzz.h"

#define PAGE		4096u

struct fuzz_state fz;
static uint32_t state = 1;

void fuzz_seed(uint32_t seed)
{
	state = seed * 2654435761u ^ 0x9e3779b9u;
	if (!state)
		state = 1;
}

uint32_t fuzz_rand(void)
{
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

uint32_t fuzz_below(uint32_t n)
{
	return n ? fuzz_rand() % n : 0;
}

bool fuzz_chance(unsigned percent)
{
	return fuzz_below(100) < percent;
}

/*
 * Endpoints no live process can have: specials, generation 0, slots past
 * the table, the largest generation, and an older generation of a child.
 */
static endpoint_t dead_endpoint(void)
{
	static const endpoint_t edge[] = {
		0, ANY, NONE, SELF, SYSTEM, CLOCK, HARDWARE, -7, -1000, INT32_MIN, INT32_MAX,
		1, 127, 1023,				/* generation 0 */
	};
	endpoint_t kid = fz.kids[fuzz_below(FUZZ_MAX_KIDS)];

	switch (fuzz_below(4)) {
	case 0:
		return edge[fuzz_below(sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return endpoint_make((int32_t)fuzz_below(64) + 1, 128 + (int)fuzz_below(896));
	case 2:
		return endpoint_make(ENDPOINT_GEN_MAX, (int)fuzz_below(128));
	default:	/* a child's slot, one generation back: ended for good */
		return kid > 0 ? kid - (1 << ENDPOINT_SLOT_BITS) : NONE;
	}
}

endpoint_t gen_own_endpoint(void)
{
	endpoint_t kid = fz.kids[fuzz_below(FUZZ_MAX_KIDS)];
	endpoint_t dead = dead_endpoint();

	if (fuzz_chance(60) && kid > 0 && kid != fz.self)
		return kid;
	return dead == SELF ? NONE : dead;
}

endpoint_t gen_endpoint(void)
{
	endpoint_t own = gen_own_endpoint();

	switch (fuzz_below(8)) {
	case 0:
		return fz.partner;
	case 1:
		return fuzz_chance(50) ? SELF : fz.self;
	default:
		return own;
	}
}

uint32_t gen_len(void)
{
	static const uint32_t edge[] = {
		0, 1, 3, 4, 63, 64, 65, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 0x7fffffffu,
		0x80000000u, 0xfffffffcu, 0xffffffffu,
	};

	static const uint32_t big[] = {	/* around the copy-on-write threshold */
		32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 40 * 1024 + 100, BIG_PAGES / 2 * PAGE,
		BIG_PAGES * PAGE - PAGE, BIG_PAGES * PAGE,
	};

	if (fuzz_chance(45))
		return fuzz_below(2 * PAGE);
	if (fuzz_chance(10))
		return big[fuzz_below(sizeof(big) / sizeof(big[0]))];
	return edge[fuzz_below(sizeof(edge) / sizeof(edge[0]))];
}

/* len bytes inside fz.big (at its end if it does not fit), mostly on a page. */
vir_bytes gen_big_pointer(uint32_t len)
{
	uint32_t room = BIG_PAGES * PAGE, l = len > room ? room : len;
	uint32_t off = fuzz_below(room - l + 1);

	if (fuzz_chance(75))
		off &= ~(PAGE - 1);
	return (vir_bytes)fz.big + off;
}

/*
 * A pointer to len bytes: inside the arena (the usual case), unaligned,
 * running off its end into the read-only page or off that into the hole,
 * read-only or unmapped, NULL and low pages, kernel addresses below
 * USER_BASE and from USER_TOP up, wrapping the address space, our code.
 */
vir_bytes gen_pointer(uint32_t len)
{
	vir_bytes arena = (vir_bytes)fz.arena, ro = (vir_bytes)fz.arena_ro;
	uint32_t room = ARENA_PAGES * PAGE, l = len > room ? room : len;
	uint32_t k = fuzz_below(64);

	if (len > room && fuzz_chance(70))
		return gen_big_pointer(len);
	switch (fuzz_below(8)) {
	case 0: case 1: case 2: case 3:
		return arena + fuzz_below(room - l + 1);
	case 4:
		return arena + room - l + fuzz_below(l + 1) + k;	/* into read-only */
	case 5:
		return ro + fuzz_below(PAGE);
	case 6:
		return ro + PAGE - fuzz_below(64);		/* read-only, then unmapped */
	default:
		return gen_bad_pointer();
	}
}

/*
 * An address the kernel can neither read nor write for us: unmapped, NULL
 * and the page above it, the kernel's own.  Not our text: read as a
 * message, code is a request whose endpoints nobody chose (VM's among
 * them); the read-only page (zeroed) stands for read-only memory.
 */
vir_bytes gen_bad_pointer(void)
{
	uint32_t k = fuzz_below(64);

	switch (fuzz_below(4)) {
	case 0:
		return (vir_bytes)fz.arena_hole + fuzz_below(PAGE);
	case 1:
		return (vir_bytes)fuzz_below(2 * PAGE);		/* NULL and just above */
	case 2:
		return fuzz_chance(50) ? 0x00100000u + fuzz_below(0x100000) : 0x40000000u - k;
	default:
		return fuzz_chance(50) ? 0xf0000000u + fuzz_rand() % 0x0fffffffu : 0xffffffffu - k;
	}
}

uint32_t gen_word(void)
{
	switch (fuzz_below(6)) {
	case 0:
		return (uint32_t)gen_own_endpoint();
	case 1:
		return gen_pointer(64);
	case 2:
		return gen_len();
	case 3:
		return fuzz_below(32);
	case 4:
		return (uint32_t)-(int32_t)fuzz_below(16);
	default:
		return fuzz_rand();
	}
}

/* Numbers of every call, a few past the table (calls added later), junk. */
int32_t gen_call_nr(void)
{
	switch (fuzz_below(10)) {
	case 0:
		return (int32_t)(NR_SYS_CALLS + fuzz_below(16));
	case 1:
		return fuzz_chance(50) ? -(int32_t)fuzz_below(4) - 1 : (int32_t)fuzz_rand();
	default:
		return (int32_t)fuzz_below(NR_SYS_CALLS);
	}
}

/* Requests of privctl that do not hand out hardware (I/O ports, IRQs). */
static int32_t gen_privctl_request(void)
{
	static const int32_t reqs[] = {
		PRIVCTL_SET_USER, PRIVCTL_SET_SYS, PRIVCTL_ALLOW_IPC, PRIVCTL_DENY_IPC,
		PRIVCTL_ALLOW_CALL, PRIVCTL_DENY_CALL, PRIVCTL_SET_SIGMGR, 0, 10, -1,
	};

	return reqs[fuzz_below(sizeof(reqs) / sizeof(reqs[0]))];
}

/*
 * Fills m as call `call` expects it.  Every process a call may change or
 * end, and every address space it may write, is our own (gen_own_endpoint,
 * arena pointers); a call past NR_SYS_CALLS gets words of the same kinds.
 */
void gen_message(message *m, int32_t call)
{
	memset(m, 0, sizeof(*m));
	m->m_type = call;
	switch (call) {
	case SYS_DIAGCTL:		/* never print our junk: the console is TAP */
		m->diagctl.code = fuzz_chance(50) ? DIAG_TEST_SELECTED : (int32_t)fuzz_below(8) + 4;
		m->diagctl.buf = gen_pointer(16);
		m->diagctl.len = gen_len();
		m->diagctl.arg = 0;
		break;
	case SYS_EXIT:
		m->exit.status = (int32_t)fuzz_rand();
		break;
	case SYS_GETINFO:
		m->getinfo.what = (int32_t)fuzz_below(8) - 1;
		m->getinfo.arg = fuzz_chance(70) ? (int32_t)fuzz_below(140) : (int32_t)fuzz_rand();
		m->getinfo.len = fuzz_chance(50) ? (uint32_t)sizeof(struct kinfo) : gen_len();
		m->getinfo.buf = gen_pointer(m->getinfo.len);
		break;
	case SYS_ABORT:			/* only the refused requests */
		m->abort.how = ABORT_POWEROFF + 1 + (int32_t)fuzz_below(4);
		m->abort.status = (int32_t)fuzz_rand();
		break;
	case SYS_TIMES:
		m->times.endpoint = gen_endpoint();
		break;
	case SYS_PRIVCTL:
		m->privctl.endpoint = gen_own_endpoint();
		m->privctl.request = gen_privctl_request();
		m->privctl.arg = fuzz_chance(50) ? (int32_t)gen_own_endpoint() : (int32_t)gen_call_nr();
		break;
	case SYS_KILL: case SYS_GETKSIG: case SYS_ENDKSIG: case SYS_CLEAR:
		m->sig.endpoint = gen_own_endpoint();
		m->sig.sig = (int32_t)fuzz_below(34) - 1;
		break;
	case SYS_SETALARM:
		m->alarm.ticks = fuzz_chance(80) ? fuzz_below(4) : fuzz_rand();
		break;
	case SYS_RUNCTL:
		m->runctl.endpoint = gen_own_endpoint();
		m->runctl.action = (int32_t)fuzz_below(4);
		break;
	case SYS_FORK:
		m->fork.parent = fuzz_chance(50) ? SELF : gen_own_endpoint();
		break;
	case SYS_VIRCOPY: case SYS_PHYSCOPY:	/* read anyone, write only ours */
		m->copy.bytes = gen_len();
		m->copy.src_ep = gen_endpoint();
		m->copy.src_addr = m->copy.src_ep == NONE ? fuzz_rand() : gen_pointer(m->copy.bytes);
		m->copy.dst_ep = fuzz_chance(50) ? SELF : gen_own_endpoint();
		if (m->copy.dst_ep == NONE)
			m->copy.dst_ep = SELF;
		m->copy.dst_addr = gen_pointer(m->copy.bytes);
		break;
	case SYS_DEVIO:
		m->devio.port = fuzz_below(0x10000);
		m->devio.request = fuzz_below(0x80);
		m->devio.value = fuzz_rand();
		break;
	case SYS_IRQCTL:
		m->irqctl.request = (int32_t)fuzz_below(6);
		m->irqctl.irq = fuzz_below(20);
		break;
	case SYS_EXEC:			/* a child, started where it cannot do harm */
		m->exec.endpoint = gen_own_endpoint();
		m->exec.ip = fuzz_chance(50) ? (vir_bytes)fuzz_exec_landing : gen_bad_pointer();
		m->exec.sp = gen_pointer(4);
		memcpy(m->exec.name, "fuzzexec", 9);
		break;
	case SYS_UPDATE:
		m->update.old_ep = gen_own_endpoint();
		m->update.new_ep = gen_own_endpoint();
		break;
	case SYS_VMCTL:
		m->vmctl.request = (int32_t)fuzz_below(17);
		m->vmctl.endpoint = gen_own_endpoint();
		m->vmctl.target = gen_own_endpoint();
		m->vmctl.addr = gen_pointer(PAGE);
		m->vmctl.len = gen_len();
		m->vmctl.flags = fuzz_below(0x100);
		m->vmctl.result = (int32_t)gen_word();
		m->vmctl.phys = fuzz_rand();
		m->vmctl.src_phys = fuzz_rand();
		m->vmctl.dst_ep = gen_own_endpoint();
		m->vmctl.dst_addr = gen_pointer(PAGE);
		break;
	case SYS_SCHEDCTL:
		m->schedctl.endpoint = fuzz_chance(50) ? SELF : gen_own_endpoint();
		m->schedctl.cpu = (int32_t)fuzz_below(20) - 2;
		m->schedctl.priority = (int32_t)fuzz_below(20) - 2;
		break;
	case SYS_SETGRANT:
		m->setgrant.count = fuzz_chance(70) ? fuzz_below(8) : gen_len();
		m->setgrant.table = gen_pointer(m->setgrant.count * 24);
		break;
	case SYS_SAFECOPYFROM: case SYS_SAFECOPYTO:
		m->safecopy.granter = gen_endpoint();
		m->safecopy.gid = fuzz_chance(70) ? grant_id(fuzz_below(3), fuzz_below(8)) : (int32_t)fuzz_rand();
		m->safecopy.offset = fuzz_chance(30) ? 0 : fuzz_chance(70) ? fuzz_below(PAGE) : gen_len();
		m->safecopy.bytes = gen_len();
		m->safecopy.addr = gen_pointer(m->safecopy.bytes);
		break;
	case SYS_VSAFECOPY:
		m->vsafecopy.count = fuzz_below(VSCP_MAX + 2);
		m->vsafecopy.vec = gen_pointer(m->vsafecopy.count * sizeof(struct vscp_vec));
		break;
	case SYS_SAFEMAP: case SYS_SAFEREVMAP: case SYS_SAFEUNMAP:
		m->safemap.granter = gen_endpoint();
		m->safemap.gid = grant_id(fuzz_below(3), fuzz_below(8));
		m->safemap.offset = fuzz_chance(70) ? fuzz_below(2) * PAGE : gen_len();
		m->safemap.addr = fuzz_chance(70) ? (vir_bytes)fz.arena_hole : gen_pointer(PAGE);
		m->safemap.bytes = fuzz_chance(70) ? PAGE : gen_len();
		m->safemap.flags = fuzz_below(4);
		break;
	case SYS_ASYNC_SETUP:		/* a ring in the arena (its junk as entries), or a teardown */
		m->async.ring = fuzz_chance(80) ? gen_pointer(PAGE) : 0;
		m->async.sq_entries = fuzz_chance(70) ? 1u << fuzz_below(7) : gen_word();
		m->async.cq_entries = fuzz_chance(70) ? 1u << fuzz_below(8) : gen_word();
		if (!m->async.ring && fuzz_chance(50))
			m->async.sq_entries = m->async.cq_entries = 0;
		m->async.flags = fuzz_chance(80) ? fuzz_below(2) : gen_word();
		break;
	case SYS_ASYNC_ENTER:		/* never a wait: a junk ring's TIMEOUT may be days */
		m->async_enter.min_complete = 0;
		break;
	default:
		for (unsigned i = 0; i < MESSAGE_PAYLOAD / 4; i++)
			m->words[i] = gen_word();
		break;
	}
}

/*
 * Writes random grants into the first entries of the arena (the table
 * SETGRANT is most often pointed at): direct ranges of the arena, the
 * read-only page or the hole, indirect ones through our own children,
 * magic ones naming a child, with random flags and generations.
 */
void gen_grant_table(void)
{
	struct grant_entry *g = (struct grant_entry *)fz.arena;

	for (unsigned i = 0; i < 8; i++) {
		uint32_t kind = fuzz_below(4);

		g[i].flags = CPF_USED | fuzz_below(4) | (fuzz_chance(50) ? CPF_MAP : 0) |
			     (kind == 0 ? CPF_DIRECT : kind == 1 ? CPF_INDIRECT :
			      kind == 2 ? CPF_MAGIC : fuzz_rand());
		g[i].gen = fuzz_below(3);
		g[i].grantee = fuzz_chance(50) ? ANY : gen_endpoint();
		if (kind == 1) {
			g[i].indirect.owner = gen_own_endpoint();
			g[i].indirect.id = grant_id(fuzz_below(3), fuzz_below(8));
		} else if (kind == 2) {
			g[i].magic.granter = gen_own_endpoint();
			g[i].magic.addr = gen_pointer(PAGE);
			g[i].magic.len = gen_len();
		} else if (fuzz_chance(25)) {	/* long enough to be shared */
			g[i].direct.len = (BIG_PAGES / 2 + fuzz_below(BIG_PAGES / 2 + 1)) * PAGE;
			g[i].direct.addr = gen_big_pointer(g[i].direct.len);
		} else {
			g[i].direct.len = fuzz_chance(50) ? PAGE : gen_len();
			g[i].direct.addr = gen_pointer(g[i].direct.len);
		}
	}
}
