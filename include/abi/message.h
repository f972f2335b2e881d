/*
 * abi/message.h - the fixed-size IPC message and its typed layouts.
 *
 * Every message is 64 bytes: the sender's endpoint (filled in by the kernel),
 * a type, and a 56-byte payload interpreted through one of the layouts below.
 * Each layout is checked to fit the payload at compile time.
 */
#ifndef ABI_MESSAGE_H
#define ABI_MESSAGE_H

#include <abi/types.h>

#define MESSAGE_SIZE		64
#define MESSAGE_PAYLOAD		(MESSAGE_SIZE - 2 * sizeof(int32_t))

/* SYS_DIAGCTL */
struct mess_diagctl {
	int32_t code;		/* DIAG_* */
	vir_bytes buf;		/* text in the caller's address space */
	uint32_t len;		/* its length in bytes */
};
#define DIAG_PRINT	1	/* print buf[0..len) as whole console lines */

/* SYS_EXIT */
struct mess_exit {
	int32_t status;
};

/* SYS_GETINFO */
struct mess_getinfo {
	int32_t what;		/* GET_* from abi/info.h */
	int32_t arg;		/* selector for the request, e.g. a slot */
	vir_bytes buf;		/* destination in the caller's address space */
	uint32_t len;		/* its size */
};

/* SYS_ABORT */
struct mess_abort {
	int32_t how;		/* ABORT_* */
	int32_t status;		/* exit status reported to the host */
};
#define ABORT_POWEROFF	1	/* power off, status to the host */

/* SYS_TIMES */
struct mess_times {
	endpoint_t endpoint;	/* in: process (SELF allowed) */
	uint32_t user_ticks;	/* out */
	uint32_t kernel_ticks;	/* out */
	uint32_t uptime_ticks;	/* out */
	uint64_t boot_tsc;	/* out: TSC at kernel entry */
};

typedef struct message {
	endpoint_t m_source;	/* sender, filled in by the kernel */
	int32_t m_type;		/* request or reply type */
	union {
		uint8_t raw[MESSAGE_PAYLOAD];
		uint32_t words[MESSAGE_PAYLOAD / 4];
		struct mess_diagctl diagctl;
		struct mess_exit exit;
		struct mess_getinfo getinfo;
		struct mess_abort abort;
		struct mess_times times;
	};
} message;

_Static_assert(sizeof(message) == MESSAGE_SIZE, "message must be 64 bytes");
#define MESSAGE_LAYOUT_FITS(t) _Static_assert(sizeof(t) <= MESSAGE_PAYLOAD, #t " exceeds the payload")
MESSAGE_LAYOUT_FITS(struct mess_diagctl);
MESSAGE_LAYOUT_FITS(struct mess_exit);
MESSAGE_LAYOUT_FITS(struct mess_getinfo);
MESSAGE_LAYOUT_FITS(struct mess_abort);
MESSAGE_LAYOUT_FITS(struct mess_times);

#endif /* ABI_MESSAGE_H */
