/*
 * tests/fuzz/fuzz_partner.c - the sanity partner of the fuzz campaigns.
 *
 * A SYSTEM process that only receives and answers with SENDNB, so that it
 * never blocks: FUZZ_ECHO comes back with its words and whether the
 * partner's memory pattern (FUZZ_PATTERN_PAGES from VM, written once) is
 * intact; the pattern is granted read-only to anyone (FUZZ_PATTERN_GRANT),
 * so that campaigns copy it at length, shared copy-on-write (fuzz_cow.c);
 * FUZZ_REAP clears a child of a USER campaign (which cannot), never a boot
 * module (a campaign, VM, the partner: junk messages may ask); FUZZ_DONE
 * counts a campaign as finished.  Anything else (junk from campaigns and
 * their children) gets EBADREQUEST.  It exits once every campaign is done,
 * with status 1 if its pattern was ever broken.
 */
#include <string.h>
#include <stdio.h>
#include <grant.h>
#include <ipc.h>
#include <syslib.h>
#include <vm.h>
#include "tests/fuzz/fuzz.h"
#include "tests/guest/guest_util.h"

#define PATTERN_BYTES	(FUZZ_PATTERN_PAGES * 4096u)
#define MAX_MODULES	32

static struct grant_entry grants[1];
static endpoint_t modules[MAX_MODULES];	/* the boot's processes: never reaped */
static unsigned nmodules;

static void note_modules(void)
{
	struct bootmod_info mod;
	struct kinfo k;

	if (sys_getinfo(GET_KINFO, 0, &k, sizeof(k)) < 0)
		return;
	for (unsigned n = 0; n < k.nr_bootmods && nmodules < MAX_MODULES; n++)
		if (sys_getinfo(GET_BOOTMOD, (int)n, &mod, sizeof(mod)) > 0)
			modules[nmodules++] = mod.endpoint;
}

/* Clears a campaign's child; EPERM for a process of the boot. */
static int reap(endpoint_t e)
{
	for (unsigned i = 0; i < nmodules; i++)
		if (modules[i] == e)
			return EPERM;
	return sys_clear(e);
}

static void answer(endpoint_t to, message *m, int32_t result)
{
	m->m_type = FUZZ_REPLY;
	m->words[5] = (uint32_t)result;
	(void)ipc_sendnb(to, m);
}

int fuzz_partner_main(unsigned campaigns)
{
	unsigned done = 0, broken = 0;
	uint8_t *pattern = vm_mmap(PATTERN_BYTES);
	message m;
	int ok;

	if (!pattern)
		return 1;
	pattern_fill(pattern, PATTERN_BYTES, FUZZ_PATTERN_SEED, 0);
	grants[0] = (struct grant_entry){ .flags = CPF_USED | CPF_DIRECT | CPF_READ, .grantee = ANY,
					  .direct = { (vir_bytes)pattern, PATTERN_BYTES } };
	if (sys_setgrant(grants, 1) != OK)
		return 1;
	note_modules();
	while (done < campaigns) {
		if (ipc_receive(ANY, &m, NULL) != OK || m.m_source < 0)
			continue;		/* notifications, failed receives */
		switch (m.m_type) {
		case FUZZ_ECHO:
			ok = pattern_matches(pattern, PATTERN_BYTES, FUZZ_PATTERN_SEED, 0);
			broken += !ok;
			m.words[4] = (uint32_t)ok;
			answer(m.m_source, &m, OK);
			break;
		case FUZZ_REAP:
			answer(m.m_source, &m, reap((endpoint_t)m.words[0]));
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
