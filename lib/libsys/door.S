/*
 * lib/libsys/door.S - _ipc_door, _kernel_call_door and _kernel_call_short:
 * tail-jump to the SYSENTER or the int stub as libsys_door says
 * (trap_door.c), choosing it on first use.  The caller's arguments stay
 * where they are.
 */
	.text
	.globl _ipc_door
_ipc_door:
	cmpl	$0, libsys_door
	jg	_ipc_sysenter
	je	_ipc_trap
	call	libsys_choose_door
	jmp	_ipc_door

	.globl _kernel_call_door
_kernel_call_door:
	cmpl	$0, libsys_door
	jg	_kernel_call_sysenter
	je	_kernel_call_raw
	call	libsys_choose_door
	jmp	_kernel_call_door

	.globl _kernel_call_short
_kernel_call_short:
	cmpl	$0, libsys_door
	jg	_kernel_call_short_sysenter
	je	_kernel_call_short_raw
	call	libsys_choose_door
	jmp	_kernel_call_short
