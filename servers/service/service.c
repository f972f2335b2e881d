/*
 * servers/service/service.c - `service`, the control program of RS (as
 * MINIX's): service up|down|restart|refresh|status LABEL, or service
 * shutdown.  It is a boot module like any program; RS takes its requests
 * only when it is a controller (marked priv=system; abi/rs.h).  A request
 * RS cannot take yet (EBUSY, EAGAIN: the service is starting) is retried
 * for up to ten seconds.  Exit status 0 when RS said OK, else 1.
 */
#include <stdio.h>
#include <string.h>
#include <abi/rs.h>
#include <ipc.h>
#include <syslib.h>

#define RETRY_TICKS	(10 * 100)

static const char *const commands[] = { "up", "down", "restart", "refresh", "status", NULL,
					"shutdown" };
static const char *const states[] = { "down", "starting", "up", "stopping", "backoff",
				      "failed" };

static int usage(void)
{
	printf("usage: service up|down|restart|refresh|status LABEL | service shutdown\n");
	return 1;
}

static void nap_tick(void)
{
	message m;

	if (sys_setalarm(1, NULL) == OK)
		ipc_receive(CLOCK, &m, NULL);
}

int main(int argc, char **argv)
{
	struct mess_times t0, t;
	endpoint_t rs = bootmod_endpoint("rs");
	message m;
	int type = -1, r;

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
		       argv[2], m.rs.state >= 0 && m.rs.state <= RS_STATE_FAILED ?
		       states[m.rs.state] : "?", m.rs.endpoint, m.rs.restarts, m.rs.recover_us);
	else
		printf("service: %s %s: OK\n", argv[1], argc > 2 ? argv[2] : "");
	return 0;
}
