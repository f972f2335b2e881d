/*
 * abi/errno.h - error codes shared by the kernel, the libraries and the servers.
 *
 * Codes are negative (as in MINIX) so that a call returns either OK (0), a
 * non-negative result, or a negative error.  Numbers follow POSIX where a POSIX
 * name exists; the IPC-specific ones sit above 100.
 */
#ifndef ABI_ERRNO_H
#define ABI_ERRNO_H

#define OK		0
#define EPERM		(-1)	/* operation not permitted */
#define ENOENT		(-2)	/* no such entry */
#define ESRCH		(-3)	/* no such process */
#define EINTR		(-4)	/* interrupted */
#define EIO		(-5)	/* input/output error */
#define E2BIG		(-7)	/* argument or image too large */
#define ENOEXEC		(-8)	/* not an executable */
#define ECHILD		(-10)	/* no child to wait for */
#define EAGAIN		(-11)	/* try again */
#define ENOMEM		(-12)	/* out of memory */
#define EFAULT		(-14)	/* bad address */
#define EBUSY		(-16)	/* resource busy */
#define EEXIST		(-17)	/* already exists */
#define EINVAL		(-22)	/* invalid argument */
#define ENOSPC		(-28)	/* no space left */
#define ERANGE		(-34)	/* result out of range */
#define ENOSYS		(-38)	/* function not implemented */
#define ETIMEDOUT	(-110)	/* timed out (a live update's prepare or init) */
#define EDQUOT		(-122)	/* quota exceeded (async calls outstanding) */
#define ECANCELED	(-125)	/* operation cancelled */

/* IPC and kernel-call errors (MINIX names). */
#define ELOCKED		(-101)	/* a blocking send would close a cycle */
#define EBADCALL	(-102)	/* unknown IPC operation */
#define ECALLDENIED	(-104)	/* kernel call not in the caller's call mask */
#define EDEADSRCDST	(-105)	/* partner died or does not exist */
#define ERESTART	(-108)	/* SENDREC: the server was restarted in place before
				   answering (RC_RESTARTED); it may or may not have
				   acted: send again if that is safe */
#define ENOTREADY	(-106)	/* SENDNB: destination not waiting */
#define EBADREQUEST	(-107)	/* kernel call number out of range */
#define EDONTREPLY	(-201)	/* handler suspended the caller: no reply now */
#define EDEADEPT	(-302)	/* endpoint is stale (slot reused) */
#define EBADEPT		(-303)	/* malformed endpoint */

#endif /* ABI_ERRNO_H */
