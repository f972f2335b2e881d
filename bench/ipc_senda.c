/*
 * bench/ipc_senda.c - ipc_senda/N: asynchronous sends, per message.
 *
 * One iteration: the bench process fills a table of N entries for the
 * partner (flags, destination, message type), calls SENDA once, and
 * RECEIVEs the partner's acknowledgement; the partner (blocked in RECEIVE)
 * takes the first entry during SENDA and the other N - 1 from the kernel's
 * pending list, one RECEIVE each, and acknowledges the last one with a SEND.
 * Reported per message, so the acknowledgement and the SENDA call are
 * spread over the N messages.  The kernel scans the sender's table from
 * the start for every delivery, so the cost per message grows with N.
 */
#include <string.h>
#include <ipc.h>
#include <syslib.h>
#include "benches.h"

#define MSG_DATA	1
#define MSG_LAST	2

static endpoint_t partner = NONE;
static unsigned entries;
/*
 * Page-aligned, so that the same entries cross a page boundary in every
 * build (80-byte entries: entry 51 is the first), not wherever the
 * program's other data happen to leave the table: an entry across pages
 * takes the general path.
 */
static asynmsg_t table[SENDA_MAX] __attribute__((aligned(4096)));

static int drainer(endpoint_t parent)
{
	message m;

	while (!bench_partner_receive(parent, &m)) {
		if (m.m_type == MSG_LAST && ipc_send(parent, &m) != OK)
			return 1;
	}
	return 0;
}

static void run(uint64_t n)
{
	message ack;

	for (uint64_t i = 0; i < n; i++) {
		int r;

		for (unsigned e = 0; e < entries; e++) {
			table[e].flags = AMF_VALID;
			table[e].msg.m_type = e + 1 == entries ? MSG_LAST : MSG_DATA;
		}
		r = ipc_senda(table, entries);
		if (r == OK)
			r = ipc_receive(partner, &ack, NULL);
		if (r != OK || table[entries - 1].result != OK ||
		    !(table[entries - 1].flags & AMF_DONE)) {
			bench_error("senda/receive: %d, last entry result %d flags %#x", r,
				    (int)table[entries - 1].result, (unsigned)table[entries - 1].flags);
			return;
		}
	}
}

static int setup_n(unsigned n)
{
	int r;

	entries = n;
	if ((r = bench_start_partner(&partner, drainer)) != BENCH_OK)
		return r;
	memset(table, 0, sizeof(table));
	for (unsigned e = 0; e < entries; e++)
		table[e].dst = partner;
	return BENCH_OK;
}

static int setup_1(void)
{
	return setup_n(1);
}

static int setup_16(void)
{
	return setup_n(16);
}

static int setup_64(void)
{
	return setup_n(SENDA_MAX);
}

static void teardown(void)
{
	bench_end_partner(&partner);
}

const struct bench bench_ipc_senda_1 = {
	.name = "ipc_senda/1",
	.description = "SENDA of a 1-entry table, drained by a blocked receiver, acknowledged: per message",
	.setup = setup_1,
	.run = run,
	.teardown = teardown,
	.unit_per = "message",
	.ops_per_iter = 1,
};

const struct bench bench_ipc_senda_16 = {
	.name = "ipc_senda/16",
	.description = "SENDA of a 16-entry table, drained by a receiver (one RECEIVE each): per message",
	.setup = setup_16,
	.run = run,
	.teardown = teardown,
	.unit_per = "message",
	.ops_per_iter = 16,
};

const struct bench bench_ipc_senda_64 = {
	.name = "ipc_senda/64",
	.description = "SENDA of a 64-entry table (SENDA_MAX), drained by a receiver: per message",
	.setup = setup_64,
	.run = run,
	.teardown = teardown,
	.unit_per = "message",
	.ops_per_iter = SENDA_MAX,
};
