/*
 * tests/guest/kcall_short.c - kcall.short_*: kernel calls in short form
 * (message words in registers, abi/callnr.h), part of kcall_test.
 *
 * Each flagged call gives the same result and answer words as in message
 * form; other calls, out-of-range numbers and denied calls are refused the
 * same way; registers come back as the ABI says.  Every case runs through
 * both doors: SYSENTER (where the CPU has it) and the int vectors.
 */
#include <stdbool.h>
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include <test.h>
#include <abi/signal.h>
#include "children.h"
#include "guest_util.h"
#include "kcall_short.h"

#define ANSWER_WORDS	4		/* message words 2..5 */
#define ALARM_TICKS	500

/* kcall_regs.S */
struct kcall_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
};
void kcall_regs_int(struct kcall_regs *r);
void kcall_regs_sysenter(struct kcall_regs *r);

static message request(int32_t w2, int32_t w3, int32_t w4, int32_t w5)
{
	message m;

	memset(&m, 0x5a, sizeof(m));		/* words past 5 must stay as they are */
	m.m_source = 0x12345;
	m.words[0] = (uint32_t)w2;
	m.words[1] = (uint32_t)w3;
	m.words[2] = (uint32_t)w4;
	m.words[3] = (uint32_t)w5;
	return m;
}

/*
 * The call in both forms from the same request: the same result, the same
 * m_type and words 2..5, and the short form leaves the rest of *req alone.
 */
static const char *same_in_both(int call, const message *req)
{
	message a = *req, b = *req;
	int ra = kernel_call(call, &a);
	int rb = kernel_call_short(call, &b);

	if (ra != rb)
		return test_failf("call %d: message form %d, short form %d", call, ra, rb);
	T_ASSERT_EQ(b.m_type, a.m_type);
	for (int i = 0; i < ANSWER_WORDS; i++)
		if (a.words[i] != b.words[i])
			return test_failf("call %d: word %d: %#x vs %#x", call, i + 2, a.words[i],
					  b.words[i]);
	T_ASSERT_EQ(b.m_source, req->m_source);
	T_ASSERT(memcmp(&b.words[ANSWER_WORDS], &req->words[ANSWER_WORDS],
			sizeof(b.words) - ANSWER_WORDS * 4) == 0);
	return NULL;
}

#define T_SAME(call, w2, w3, w4, w5)						\
	do {									\
		message r_ = request((w2), (w3), (w4), (w5));			\
		const char *e_ = same_in_both((call), &r_);			\
		if (e_)								\
			return e_;						\
	} while (0)

/* The short form of call refuses the request with `want`, leaving it alone. */
static const char *refused(int call, int want)
{
	message req = request(SELF, 0, 0, 0), m = req;

	T_ASSERT_EQ(kernel_call_short(call, &m), want);
	T_ASSERT_EQ(m.m_type, want);
	T_ASSERT(memcmp(m.words, req.words, sizeof(m.words)) == 0);
	return NULL;
}

#define T_REFUSED(call, want)	do { const char *e_ = refused((call), (want)); if (e_) return e_; } while (0)

/* Runs body through SYSENTER (if the CPU has it), then through the int doors. */
static const char *both_doors(const char *(*body)(void))
{
	const char *why = NULL;

	if (libsys_uses_sysenter())
		why = body();
	if (!why) {
		libsys_force_int_doors(1);
		why = body();
		libsys_force_int_doors(0);
	}
	return why;
}

/* ------------------------------------------------------- the flagged calls */

static const char *same_results(void)
{
	static const char line[] = "# kcall.short_same_results: printed in both forms\n";
	struct proc_info w1, w2;
	message a, b;
	endpoint_t c;

	T_SAME(SYS_DIAGCTL, 0, 0, 0, 0);				/* EINVAL */
	T_SAME(SYS_DIAGCTL, DIAG_PRINT, (int32_t)line, sizeof(line) - 1, 0);
	T_SAME(SYS_DIAGCTL, DIAG_PRINT, 0x1000, 16, 0);			/* EFAULT */
	T_SAME(SYS_GETINFO, GET_WHOAMI, 0, (int32_t)&w1, sizeof(w1) - 1);	/* EINVAL */
	T_SAME(SYS_GETINFO, GET_KINFO, 0, 0x2000, sizeof(struct kinfo));	/* EFAULT */
	a = request(GET_WHOAMI, 0, (int32_t)&w1, sizeof(w1));
	b = request(GET_WHOAMI, 0, (int32_t)&w2, sizeof(w2));
	T_ASSERT_EQ(kernel_call_short(SYS_GETINFO, &b), kernel_call(SYS_GETINFO, &a));
	T_ASSERT_EQ(w2.endpoint, w1.endpoint);
	T_SAME(SYS_YIELD, 0, 0, 0, 0);
	T_SAME(SYS_KILL, BAD_SLOT_EP, SIGTERM, 0, 0);			/* EBADEPT */
	T_SAME(SYS_GETKSIG, 0, 0, 0, 0);				/* nothing: NONE */
	T_SAME(SYS_ENDKSIG, BAD_SLOT_EP, 0, 0, 0);
	T_SAME(SYS_RUNCTL, BAD_SLOT_EP, RC_STOP, 0, 0);
	T_SAME(SYS_SCHEDCTL, SELF, -1, -1, 0);
	T_SAME(SYS_SCHEDCTL, BAD_SLOT_EP, -1, -1, 0);
	T_SAME(SYS_SCHEDCTL, SELF, -1, 99, 0);				/* bad priority */
	T_SPAWN(c, wait_go_exit_main);
	T_SAME(SYS_KILL, c, 0, 0, 0);					/* bad signal */
	T_SAME(SYS_RUNCTL, c, 99, 0, 0);				/* bad action */
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	return NULL;
}

/* SETALARM answers in a field: the replaced alarm's remaining ticks. */
static const char *alarm_answer(void)
{
	message m = request(ALARM_TICKS, 7, 0, 0);

	T_ASSERT_EQ(kernel_call(SYS_SETALARM, &m), OK);
	m = request(0, 7, 0, 0);
	T_ASSERT_EQ(kernel_call_short(SYS_SETALARM, &m), OK);		/* cancels it */
	T_ASSERT(m.alarm.remaining > ALARM_TICKS - 50 && m.alarm.remaining <= ALARM_TICKS);
	m = request(ALARM_TICKS, 7, 0, 0);
	T_ASSERT_EQ(kernel_call_short(SYS_SETALARM, &m), OK);
	T_ASSERT_EQ(m.alarm.remaining, 0);
	m = request(0, 7, 0, 0);
	T_ASSERT_EQ(kernel_call(SYS_SETALARM, &m), OK);
	T_ASSERT(m.alarm.remaining > ALARM_TICKS - 50 && m.alarm.remaining <= ALARM_TICKS);
	return NULL;
}

const char *t_short_same_results(void) { return both_doors(same_results); }
const char *t_short_alarm_answer(void) { return both_doors(alarm_answer); }

/* ------------------------------------------------------------- refusals */

static const char *unflagged(void)
{
	T_REFUSED(SYS_TIMES, EBADREQUEST);	/* its answer does not fit */
	T_REFUSED(SYS_FORK, EBADREQUEST);	/* no child appears: it would exit */
	T_REFUSED(SYS_EXIT, EBADREQUEST);	/* and we are still here */
	T_REFUSED(SYS_VIRCOPY, EBADREQUEST);
	T_REFUSED(NR_SYS_CALLS, EBADREQUEST);
	T_REFUSED(-1, EBADREQUEST);
	T_REFUSED(0x7fffffff, EBADREQUEST);
	return NULL;
}

const char *t_short_refused(void) { return both_doors(unflagged); }

/* SYS_YIELD and SYS_TIMES are denied to it: refused in either form. */
static int denied_main(void)
{
	message m;

	CHK(ipc_receive(self_ep, &m, NULL) == OK);	/* both denied now */
	for (int door = 0; door < 2; door++) {
		libsys_force_int_doors(door);
		m = request(0, 0, 0, 0);
		CHK(kernel_call_short(SYS_YIELD, &m) == ECALLDENIED);
		CHK(m.m_type == ECALLDENIED);
		CHK(kernel_call(SYS_YIELD, &m) == ECALLDENIED);
		CHK(kernel_call_short(SYS_TIMES, &m) == EBADREQUEST);	/* no short form first */
		CHK(kernel_call(SYS_TIMES, &m) == ECALLDENIED);
		CHK(kernel_call_short(SYS_SCHEDCTL, &m) != ECALLDENIED);	/* others still go */
	}
	return 0;
}

const char *t_short_denied(void)
{
	endpoint_t c;

	T_SPAWN(c, denied_main);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_DENY_CALL, SYS_YIELD), OK);
	T_ASSERT_EQ(sys_privctl(c, PRIVCTL_DENY_CALL, SYS_TIMES), OK);
	T_SEND(c, T_GO);
	T_EXIT(c, 0);
	return NULL;
}

/* ------------------------------------------------------------ registers */

/*
 * One raw call: eax in, every other register set to a pattern (words 2..5
 * from w), and what must come back: eax = want, words 2..5 = out (or w),
 * everything else as it was (%ecx and %edx too through int).
 */
static const char *regs_call(bool sysenter, uint32_t eax, const uint32_t w[4],
			     const uint32_t *out, int want)
{
	struct kcall_regs r = { eax, w[0], 0xc0c0c0c0, 0xd0d0d0d0, w[1], w[2], w[3] };
	const uint32_t *o = out ? out : w;

	if (sysenter)
		kcall_regs_sysenter(&r);
	else
		kcall_regs_int(&r);
	T_ASSERT_EQ((int)r.eax, want);
	T_ASSERT_EQ(r.ebx, o[0]);
	T_ASSERT_EQ(r.esi, o[1]);
	T_ASSERT_EQ(r.edi, o[2]);
	T_ASSERT_EQ(r.ebp, o[3]);
	if (!sysenter) {
		T_ASSERT_EQ(r.ecx, 0xc0c0c0c0u);
		T_ASSERT_EQ(r.edx, 0xd0d0d0d0u);
	}
	return NULL;
}

#define T_REGS(se, eax, w, out, want)						\
	do { const char *e_ = regs_call((se), (eax), (w), (out), (want)); if (e_) return e_; } while (0)

static const char *regs_one_door(bool se)
{
	static const uint32_t null_call[4] = { 0, 0x22222222, 0x33333333, 0x44444444 };
	static const uint32_t alarm_set[4] = { ALARM_TICKS, 0x22222222, 0x33333333, 0x44444444 };
	static const uint32_t none_left[4] = { ALARM_TICKS, 0, 0x33333333, 0x44444444 };
	static const uint32_t ksig[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };
	static const uint32_t no_ksig[4] = { (uint32_t)NONE, 0x22222222, 0, 0x44444444 };
	uint32_t base = se ? SYSENTER_KERNEL_CALL_SHORT : 0;
	struct kcall_regs r = { base + SYS_SETALARM, 0, 0, 0, 0x22222222, 0x33333333, 0x44444444 };

	T_REGS(se, base + SYS_DIAGCTL, null_call, NULL, EINVAL);	/* not KCALL_OUT: kept */
	T_REGS(se, base + SYS_TIMES, null_call, NULL, EBADREQUEST);
	T_REGS(se, base + NR_SYS_CALLS, null_call, NULL, EBADREQUEST);
	T_REGS(se, base + SYS_GETKSIG, ksig, no_ksig, OK);		/* KCALL_OUT: the answer */
	T_REGS(se, base + SYS_SETALARM, alarm_set, none_left, OK);	/* remaining 0 */
	if (se)
		kcall_regs_sysenter(&r);				/* cancels it */
	else
		kcall_regs_int(&r);
	T_ASSERT_EQ(r.eax, OK);
	T_ASSERT_EQ(r.ebx, 0);
	T_ASSERT(r.esi > ALARM_TICKS - 50 && r.esi <= ALARM_TICKS);	/* remaining */
	T_ASSERT_EQ(r.edi, 0x33333333u);
	T_ASSERT_EQ(r.ebp, 0x44444444u);
	if (se) {
		T_REGS(se, SYSENTER_KERNEL_CALL + 1, null_call, NULL, EBADREQUEST);
		T_REGS(se, 0x7fffffff, null_call, NULL, EBADREQUEST);
	}
	return NULL;
}

const char *t_short_registers(void)
{
	const char *why = regs_one_door(false);

	if (!why && libsys_uses_sysenter())
		why = regs_one_door(true);
	return why;
}
