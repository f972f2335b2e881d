/*
 * abi/ds.h - the data store's protocol (servers/ds, docs/ds.md).
 *
 * A process sends a request with SENDREC to DS (the boot module "ds";
 * lib/libsys ds.h finds it) with m_type DS_* and the payload struct
 * mess_ds; the reply's m_type is OK or an error, with results in the same
 * payload.  Keys travel in the message; values that do not fit a word
 * (strings, memory ranges) travel through a grant of the caller's, and a
 * mapped range is mapped by the retriever through a grant DS makes.
 *
 * An entry belongs to the label of the process that published it (the
 * label DS has for that endpoint, else its process name): only the same
 * label may overwrite or delete it.  Subscribers name a pattern of keys
 * ('*' any run of characters, '?' one character) and are notified (from
 * DS) when a matching entry is published or deleted; DS_CHECK hands them
 * the events one by one.
 */
#ifndef ABI_DS_H
#define ABI_DS_H

#include <abi/types.h>

#define DS_RQ_BASE	0x0d00
#define DS_PUBLISH	(DS_RQ_BASE + 0)	/* in: key, flags, value, len; out: value */
#define DS_RETRIEVE	(DS_RQ_BASE + 1)	/* in: key, flags (type), value, len; out: value, len */
#define DS_DELETE	(DS_RQ_BASE + 2)	/* in: key, flags (type); out: value */
#define DS_SUBSCRIBE	(DS_RQ_BASE + 3)	/* in: key (a pattern), flags */
#define DS_CHECK	(DS_RQ_BASE + 4)	/* out: key, flags (type), event, owner */
#define DS_INFO		(DS_RQ_BASE + 5)	/* out: struct mess_ds_info */
#define DS_NR_RQS	6

/* Bytes of a key or pattern with its NUL: printable ASCII, no space. */
#define DS_KEY_MAX	32
/* Largest string (with its NUL) or memory range. */
#define DS_MEM_MAX	4096
/* Largest mapped range (whole pages). */
#define DS_MAP_MAX	(1024u * 1024)

/* mess_ds.flags: one type, and options. */
#define DSF_TYPE_U32	(1u << 0)	/* value: the number */
#define DSF_TYPE_LABEL	(1u << 1)	/* value: an endpoint (SYSTEM publishers only) */
#define DSF_TYPE_STR	(1u << 2)	/* value: grant of len bytes ending in NUL */
#define DSF_TYPE_MEM	(1u << 3)	/* value: grant of len bytes */
#define DSF_TYPE_MAP	(1u << 4)	/* value: grant of len bytes (pages) DS may pass on */
#define DSF_TYPE_MASK	0x1fu
#define DSF_OVERWRITE	(1u << 8)	/* PUBLISH: replace the owner's existing entry */
#define DSF_INITIAL	(1u << 9)	/* SUBSCRIBE: an event for each matching entry now */
#define DSF_NOREPLY	(1u << 10)	/* PUBLISH: sent without waiting (RS, which never
					   blocks on a service): no answer; a refusal is
					   DS's log line alone */

/* mess_ds.event of DS_CHECK */
#define DS_EV_UPDATE	1	/* the entry was published (or overwritten) */
#define DS_EV_DELETE	2	/* the entry was deleted */
#define DS_EV_OVERFLOW	3	/* events were lost: look at every matching key again */

struct mess_ds {
	char key[DS_KEY_MAX];
	uint32_t flags;		/* DSF_* */
	uint32_t value;		/* U32 number, LABEL endpoint, STR/MEM/MAP grant id;
				   out: RETRIEVE of U32/LABEL the value, of MAP the
				   grant to map; PUBLISH/DELETE of MAP the caller's own
				   grant DS no longer uses, or GRANT_INVALID */
	uint32_t len;		/* STR/MEM/MAP bytes: the value's, or the room the
				   retriever's grant has; out: the value's */
	endpoint_t owner;	/* CHECK out: who published the entry last */
	uint32_t event;		/* CHECK out: DS_EV_* */
};

struct mess_ds_info {
	uint32_t entries;	/* entries in the store */
	uint32_t bytes;		/* bytes held for STR/MEM values */
	uint32_t subscribers;	/* processes with subscriptions */
	uint32_t map_grants;	/* grants DS made for mapped ranges */
	uint32_t max_entries;	/* limits: whole store, */
	uint32_t max_bytes;
	uint32_t owner_entries;	/*   one owner label, */
	uint32_t owner_bytes;
	uint32_t max_subscribers;	/*   subscribers, */
	uint32_t sub_patterns;	/*   patterns per subscriber, */
	uint32_t retriever_maps;	/*   mapped ranges one retriever may hold */
};

#endif /* ABI_DS_H */
