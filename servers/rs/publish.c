/*
 * servers/rs/publish.c - RS keeps each running service's label ->
 * endpoint in DS (a LABEL entry, owned by RS), as MINIX's RS does, so
 * that a client whose service died (EDEADSRCDST) finds the new instance
 * there (servers/hello/client.c).
 *
 * A service's label is (re)published each time an instance of it is up
 * (start.c), and every label again when DS itself is up again (a
 * restarted DS has lost its entries; docs/ds.md).  RS never blocks on a
 * service, DS included: a publication is a SENDNB to DS, sent only while
 * DS is up and receiving; one that cannot be sent now stays pending and
 * is tried again at the next tick.  It is flagged DSF_NOREPLY: DS does
 * not answer (RS would not be waiting), a refusal is DS's log line.
 */
#include <string.h>
#include <abi/ds.h>
#include <ipc.h>
#include "servers/rs/rs.h"

#define DS_LABEL	"ds"	/* DS's row in RS's table (table.c) */

static struct service *ds_running(void)
{
	struct service *ds = service_by_label(DS_LABEL);

	return ds && ds->state == RS_STATE_UP ? ds : NULL;
}

/* Sends the pending publications DS can take now; the others wait for a tick. */
void publish_pending(void)
{
	struct service *ds = ds_running();
	message m;

	if (!ds)
		return;
	for (unsigned i = 0; i < nservices; i++) {
		struct service *s = &services[i];

		if (!s->label_stale || s->state != RS_STATE_UP)
			continue;
		memset(&m, 0, sizeof(m));
		m.m_type = DS_PUBLISH;
		strlcpy(m.ds.key, s->row->label, sizeof(m.ds.key));
		m.ds.flags = DSF_TYPE_LABEL | DSF_OVERWRITE | DSF_NOREPLY;
		m.ds.value = (uint32_t)s->ep;
		if (ipc_sendnb(ds->ep, &m) != OK)
			return;			/* DS busy: the next tick */
		s->label_stale = false;
	}
}

/* s is up at s->ep: its label in DS (and, when s is DS, every label again). */
void publish_up(struct service *s)
{
	if (!strcmp(s->row->label, DS_LABEL)) {
		for (unsigned i = 0; i < nservices; i++)
			services[i].label_stale = true;
	}
	s->label_stale = true;
	publish_pending();
}
