/*
 * bench/ipc_notify.c - ipc_notify: notification ping-pong.
 *
 * The bench process NOTIFYs the partner (blocked in RECEIVE, so the
 * notification is delivered at once) and RECEIVEs; the partner wakes,
 * NOTIFYs back and RECEIVEs again.  One iteration is two notifications;
 * the reported operation is one notification: NOTIFY + RECEIVE + one
 * switch (1e9 / median = notifications per second under icount).
 */
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

static endpoint_t partner = NONE;

static int notifier(endpoint_t parent)
{
	message m;

	while (!bench_partner_receive(parent, &m)) {
		if (ipc_notify(parent) != OK)
			return 1;
	}
	return 0;
}

static void run(uint64_t n)
{
	message m;
	uint32_t status = 0;

	for (uint64_t i = 0; i < n; i++) {
		int r = ipc_notify(partner);

		if (r == OK)
			r = ipc_receive(partner, &m, &status);
		if (r != OK || !(status & IPC_STATUS_NOTIFY)) {
			bench_error("notify/receive: %d, status %#x", r, status);
			return;
		}
	}
}

static int setup(void)
{
	return bench_start_partner(&partner, notifier);
}

static void teardown(void)
{
	bench_end_partner(&partner);
}

const struct bench bench_ipc_notify = {
	.name = "ipc_notify",
	.description = "notification ping-pong: NOTIFY + RECEIVE + switch, per notification",
	.setup = setup,
	.run = run,
	.teardown = teardown,
	.unit_per = "notification",
	.ops_per_iter = 2,
};
