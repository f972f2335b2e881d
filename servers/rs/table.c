/*
 * servers/rs/table.c - RS's table: every service RS may run, in boot
 * order, with its privileges and recovery policy (struct rs_row, rs.h).
 * A row whose boot module is not in the boot (marked priv=service) is
 * left out.  Rows "svc_*" are the test services of the rs boot
 * (tests/guest/rs_svc.c); they get their rights here like any service.
 */
#include <stddef.h>
#include <abi/callnr.h>
#include <abi/vm.h>
#include "servers/rs/rs.h"

/* What every service may call: SEF, logging, grants, timers. */
#define BASE_CALLS	SYS_DIAGCTL, SYS_EXIT, SYS_GETINFO, SYS_YIELD, SYS_TIMES, \
			SYS_SETALARM, SYS_SETGRANT, SYS_SAFECOPYFROM, SYS_SAFECOPYTO

static const int base_calls[] = { BASE_CALLS, -1 };
/* DS also takes mapped ranges away from their retrievers (docs/ds.md) */
static const int ds_calls[] = { BASE_CALLS, SYS_SAFEREVMAP, -1 };
static const char *const only_svc_same[] = { "svc_same", NULL };
static const char *const on_svc_same[] = { "svc_same", NULL };

#define TICKS_S		100	/* clock ticks per second */

const struct rs_row rs_table[] = {
	/*
	 * the data store: first, and up before the next row (RS publishes the
	 * labels of the services in it); clients keep its endpoint (the boot
	 * module "ds"), so it is restarted in place
	 */
	{ .label = "ds", .flags = SF_SYNC_INIT | SF_SAME_EP | SF_CRITICAL, .calls = ds_calls,
	  .heartbeat = 10, .init_timeout = 2 * TICKS_S, .max_restarts = 20,
	  .window = 10 * TICKS_S },

	/* the echo/counter service: fresh endpoint, clients retry (hello_client.c) */
	{ .label = "hello", .calls = base_calls, .heartbeat = 10, .init_timeout = 2 * TICKS_S,
	  .backoff = 0, .max_restarts = 200, .window = TICKS_S },

	/* test services (tests/guest/rs_svc.c): boot order first */
	{ .label = "svc_sync", .flags = SF_SYNC_INIT, .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_order", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_same", .flags = SF_SAME_EP | SF_CRITICAL, .calls = base_calls,
	  .heartbeat = 10, .init_timeout = 2 * TICKS_S, .max_restarts = 50,
	  .window = 10 * TICKS_S },
	{ .label = "svc_dep", .calls = base_calls, .deps = on_svc_same, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 50, .window = 10 * TICKS_S },
	{ .label = "svc_ipc", .calls = base_calls, .ipc = only_svc_same, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_fresh", .calls = base_calls, .vm_calls = VM_CALL_BIT(VM_INFO),
	  .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 50, .window = 10 * TICKS_S },
	{ .label = "svc_mute", .calls = base_calls, .heartbeat = 5,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 50, .window = 10 * TICKS_S },
	{ .label = "svc_initfail", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_liar", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_slow", .calls = base_calls, .heartbeat = 10, .init_timeout = TICKS_S,
	  .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_crashy", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .backoff = 4, .max_restarts = 3, .window = 60 * TICKS_S },
	{ .label = "svc_ctl", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
	{ .label = "svc_stubborn", .calls = base_calls, .heartbeat = 10,
	  .init_timeout = 2 * TICKS_S, .max_restarts = 5, .window = 10 * TICKS_S },
};

const unsigned rs_table_len = sizeof(rs_table) / sizeof(rs_table[0]);
