/*
 * servers/service/service.c - `service`, the control program of RS (as
 * MINIX's): service up|down|restart|refresh|status LABEL, or service
 * shutdown, and service update LABEL PROGRAM [-state S] [-maxtime T] (a
 * live update to the program held for RS as boot module PROGRAM; S is
 * workfree, requestfree, protocolfree or eval (SEF_LU_STATE_*), T ticks;
 * docs/liveupdate.md).  It is a boot module like any program; RS takes its
 * requests only when it is a controller (marked priv=system; abi/rs.h).  A
 * request RS cannot take yet (EBUSY, EAGAIN: the service is starting) is
 * retried for up to ten seconds (an update too, while RS refuses it so;
 * RS answers an update it took when it is over, rolled back or not).  Exit status 0 when RS said OK, else 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <abi/rs.h>
#include <abi/sef.h>
#include <ipc.h>
#include <syslib.h>

#define RETRY_TICKS	(10 * 100)

static const char *const commands[] = { "up", "down", "restart", "refresh", "status", NULL,
					"shutdown" };
static const char *const states[] = { "down", "starting", "up", "stopping", "backoff",
				      "failed", "updating" };

static const char *const lu_states[] = { NULL, "workfree", "requestfree", "protocolfree",
					 "eval" };
static const char *const lu_phases[] = { "refused", "in prepare", "in the new version's init",
					 "done" };

static int usage(void)
{
	printf("usage: service up|down|restart|refresh|status LABEL | service shutdown |\n"
	       "       service update LABEL PROGRAM [-state workfree|requestfree|protocolfree|eval]"
	       " [-maxtime TICKS]\n");
	return 1;
}

static void nap_tick(void)
{
	message m;

	if (sys_setalarm(1, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

/* service update LABEL PROGRAM [-state S] [-maxtime T]: one request, answered when done. */
static int update(endpoint_t rs, int argc, char **argv)
{
	message m;
	int r;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_UPDATE;
	m.rs_lu.state = SEF_LU_STATE_WORK_FREE;
	if (argc < 4 || strlen(argv[2]) >= RS_LABEL_LEN || strlen(argv[3]) >= RS_LABEL_LEN)
		return usage();
	strlcpy(m.rs_lu.label, argv[2], sizeof(m.rs_lu.label));
	strlcpy(m.rs_lu.program, argv[3], sizeof(m.rs_lu.program));
	for (int i = 4; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "-maxtime")) {
			m.rs_lu.maxtime = (uint32_t)atoi(argv[i + 1]);
			continue;
		}
		if (strcmp(argv[i], "-state"))
			return usage();
		m.rs_lu.state = 0;
		for (int s = 1; s <= SEF_LU_STATES; s++)
			if (!strcmp(argv[i + 1], lu_states[s]))
				m.rs_lu.state = s;
		if (!m.rs_lu.state)
			return usage();
	}
	struct mess_times t0, t;
	message req = m;

	sys_times(SELF, &t0);
	do {					/* refused while the service starts */
		m = req;
		if ((r = ipc_sendrec(rs, &m)) == OK)
			r = m.m_type;
		if ((r != EBUSY && r != EAGAIN) || m.rs_lu.phase != RS_LU_REFUSED)
			break;
		nap_tick();
		sys_times(SELF, &t);
	} while (t.uptime_ticks - t0.uptime_ticks < RETRY_TICKS);
	if (r != OK) {
		printf("service: update %s to %s: error %d, %s%s\n", argv[2], argv[3], r,
		       m.rs_lu.phase >= 0 && m.rs_lu.phase <= RS_LU_DONE ? lu_phases[m.rs_lu.phase] :
		       "?", m.rs_lu.phase == RS_LU_REFUSED ? "" : "; rolled back");
		return 1;
	}
	printf("service: update %s to %s: OK in %u us, clients blocked %u us\n", argv[2], argv[3],
	       m.rs_lu.update_us, m.rs_lu.blocked_us);
	return 0;
}

int main(int argc, char **argv)
{
	struct mess_times t0, t;
	endpoint_t rs = bootmod_endpoint("rs");
	message m;
	int type = -1, r;

	if (argc > 1 && !strcmp(argv[1], "update")) {
		if (rs < 0) {
			printf("service: no RS in this boot\n");
			return 1;
		}
		return update(rs, argc, argv);
	}
	for (int i = 0; argc > 1 && i <= RS_SHUTDOWN - RS_UP; i++)
		if (commands[i] && !strcmp(argv[1], commands[i]))
			type = RS_UP + i;
	if (type < 0 || (type != RS_SHUTDOWN && argc != 3) || strlen(argc > 2 ? argv[2] : "") >=
							       RS_LABEL_LEN)
		return usage();
	if (rs < 0) {
		printf("service: no RS in this boot\n");
		return 1;
	}
	sys_times(SELF, &t0);
	do {
		memset(&m, 0, sizeof(m));
		m.m_type = type;
		if (argc > 2)
			strlcpy(m.rs.label, argv[2], sizeof(m.rs.label));
		if ((r = ipc_sendrec(rs, &m)) == OK)
			r = m.m_type;
		if (r != EBUSY && r != EAGAIN)
			break;
		nap_tick();
		sys_times(SELF, &t);
	} while (t.uptime_ticks - t0.uptime_ticks < RETRY_TICKS);
	if (r != OK) {
		printf("service: %s %s: error %d\n", argv[1], argc > 2 ? argv[2] : "", r);
		return 1;
	}
	if (type == RS_STATUS)
		printf("service: %s: %s, endpoint %d, %u restarts, last recovery %u us\n",
		       argv[2], m.rs.state >= 0 && m.rs.state <= RS_STATE_UPDATING ?
		       states[m.rs.state] : "?", m.rs.endpoint, m.rs.restarts, m.rs.recover_us);
	else
		printf("service: %s %s: OK\n", argv[1], argc > 2 ? argv[2] : "");
	return 0;
}
