/*
 * servers/vm/space.c - the processes VM manages: one vm_space per process
 * slot, owned by the endpoint that made it.
 *
 * A slot's entry is made on the process's first request (or by fork) and
 * released when VM learns of its exit.  An entry still naming an older
 * endpoint of the slot belongs to a process that is gone (the kernel only
 * reuses a slot after its exit), so it is released before the slot's new
 * owner gets it, even if the exit notice has not been handled yet.
 */
#include <abi/endpoint.h>
#include "vm.h"

static struct vm_space *spaces;
static unsigned nspaces;

void space_init(struct vm_space *table, unsigned n)
{
	spaces = table;
	nspaces = n;
	for (unsigned i = 0; i < n; i++) {
		spaces[i].ep = NONE;
		spaces[i].regions = NULL;
		spaces[i].npages = 0;
		spaces[i].brk = 0;
	}
}

static struct vm_space *slot_of(endpoint_t ep)
{
	if (ep <= 0 || (unsigned)endpoint_slot(ep) >= nspaces)
		return NULL;
	return &spaces[endpoint_slot(ep)];
}

/* ep's space, or NULL if it has none. */
struct vm_space *space_find(endpoint_t ep)
{
	struct vm_space *s = slot_of(ep);

	return s && s->ep == ep ? s : NULL;
}

/* ep's space, made empty if it has none; NULL for a bad endpoint. */
struct vm_space *space_get(endpoint_t ep)
{
	struct vm_space *s = slot_of(ep);

	if (!s || s->ep == ep)
		return s;
	if (s->ep != NONE)
		exit_release(s);		/* the slot's previous owner is gone */
	s->ep = ep;
	s->regions = NULL;
	s->npages = 0;
	s->brk = 0;
	return s;
}

struct vm_space *space_at(unsigned slot)
{
	return slot < nspaces ? &spaces[slot] : NULL;
}

unsigned space_slots(void)
{
	return nspaces;
}

unsigned space_used(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nspaces; i++)
		n += spaces[i].ep != NONE;
	return n;
}
