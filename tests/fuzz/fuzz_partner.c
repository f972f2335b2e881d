/*
 * tests/fuzz/fuzz_partner.c - the sanity partner of the fuzz campaigns.
 *
 * A SYSTEM process that only receives and answers with SENDNB, so that it
 * never blocks: FUZZ_ECHO comes back with its words and whether the
 * partner's memory pattern (PATTERN_PAGES, written once) is intact;
 * FUZZ_REAP clears a child of a USER campaign (which cannot); FUZZ_DONE
 * counts a campaign as finished.  Anything else (junk from campaigns and
 * their children) gets EBADREQUEST.  It exits once every campaign is done,
 * with status 1 if its pattern was ever broken.
 */
#include <string.h>
#include <stdio.h>
#include <ipc.h>
#include <syslib.h>
#include "tests/fuzz/fuzz.h"
#include "tests/guest/guest_util.h"

#define PATTERN_PAGES	8
#define PATTERN_SEED	0x5a17u

static uint8_t pattern[PATTERN_PAGES * 4096] __attribute__((aligned(4096)));

static void answer(endpoint_t to, message *m, int32_t result)
{
	m->m_type = FUZZ_REPLY;
	m->words[5] = (uint32_t)result;
	(void)ipc_sendnb(to, m);
}

int fuzz_partner_main(unsigned campaigns)
{
	unsigned done = 0, broken = 0;
	message m;
	int ok;

	pattern_fill(pattern, sizeof(pattern), PATTERN_SEED, 0);
	while (done < campaigns) {
		if (ipc_receive(ANY, &m, NULL) != OK || m.m_source < 0)
			continue;		/* notifications, failed receives */
		switch (m.m_type) {
		case FUZZ_ECHO:
			ok = pattern_matches(pattern, sizeof(pattern), PATTERN_SEED, 0);
			broken += !ok;
			m.words[4] = (uint32_t)ok;
			answer(m.m_source, &m, OK);
			break;
		case FUZZ_REAP:
			answer(m.m_source, &m, sys_clear((endpoint_t)m.words[0]));
			break;
		case FUZZ_DONE:
			done++;
			answer(m.m_source, &m, OK);
			break;
		default:
			answer(m.m_source, &m, EBADREQUEST);
			break;
		}
	}
	printf("# fuzz partner: %u campaigns done, pattern %s\n", done, broken ? "BROKEN" : "intact");
	return broken ? 1 : 0;
}
