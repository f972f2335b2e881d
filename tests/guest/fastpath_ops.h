/*
 * tests/guest/fastpath_ops.h - the cases of fastpath_ops.c, for
 * fastpath_test.c's table: X(function, case name) for each; the case's
 * guarded entry point is function##_g.
 */
#ifndef TESTS_GUEST_FASTPATH_OPS_H
#define TESTS_GUEST_FASTPATH_OPS_H

#define FASTPATH_OPS_CASES(X)							\
	X(t_notify_taken, "ipc.fastpath_notify_taken")				\
	X(t_notify_not_waiting, "ipc.fastpath_notify_slow_not_waiting")		\
	X(t_notify_reply_pending, "ipc.fastpath_notify_slow_reply_pending")	\
	X(t_notify_buffer, "ipc.fastpath_notify_slow_buffer")			\
	X(t_notify_other_cpu, "ipc.fastpath_notify_slow_other_cpu")		\
	X(t_notify_endpoint, "ipc.fastpath_notify_slow_endpoint")		\
	X(t_notify_denied, "ipc.fastpath_notify_slow_denied")			\
	X(t_send_taken, "ipc.fastpath_send_taken")				\
	X(t_send_reply, "ipc.fastpath_send_as_reply")				\
	X(t_send_not_waiting, "ipc.fastpath_send_slow_not_waiting")		\
	X(t_send_buffer, "ipc.fastpath_send_slow_buffer")			\
	X(t_send_other_cpu, "ipc.fastpath_send_slow_other_cpu")			\
	X(t_send_endpoint, "ipc.fastpath_send_slow_endpoint")			\
	X(t_send_denied, "ipc.fastpath_send_slow_denied")			\
	X(t_receive_pending_notify, "ipc.fastpath_receive_notification")	\
	X(t_receive_pending_buffer, "ipc.fastpath_receive_slow_buffer_pending")	\
	X(t_receive_buffer, "ipc.fastpath_receive_slow_buffer")			\
	X(t_receive_endpoint, "ipc.fastpath_receive_slow_endpoint")		\
	X(t_receive_pending, "ipc.fastpath_receive_slow_pending")		\
	X(t_senda_taken, "ipc.fastpath_senda_taken")				\
	X(t_senda_not_waiting, "ipc.fastpath_senda_pending_entry")		\
	X(t_senda_buffer, "ipc.fastpath_senda_slow_buffer")			\
	X(t_senda_other_cpu, "ipc.fastpath_senda_slow_other_cpu")		\
	X(t_senda_endpoint, "ipc.fastpath_senda_slow_endpoint")		\
	X(t_senda_denied, "ipc.fastpath_senda_slow_denied")			\
	X(t_senda_cursor, "ipc.senda_cursor_and_resend")			\
	X(t_receive_senda_other_cpu, "ipc.fastpath_receive_senda_slow_other_cpu")	\
	X(t_receive_senda_buffer, "ipc.fastpath_receive_senda_slow_buffer")	\
	X(t_receive_senda_stale, "ipc.fastpath_receive_senda_slow_stale")	\
	X(t_stopped_receiver, "ipc.fastpath_slow_stopped_receiver")

#define FASTPATH_OPS_DECLARE(fn, name)	const char *fn##_g(void);
FASTPATH_OPS_CASES(FASTPATH_OPS_DECLARE)

#endif /* TESTS_GUEST_FASTPATH_OPS_H */
