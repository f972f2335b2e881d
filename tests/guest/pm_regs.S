/*
 * tests/guest/pm_regs.S - register probes for pm.handler_resumes_exactly.
 *
 * pm_spin_probe(flag): loads every general register with a known value
 * and sets DF, spins until *flag is nonzero (the handler sets it), then
 * returns 0 if every register and DF still hold them, else the number of
 * the first that changed.  pm_clobber_handler(sig, ctx): a handler that
 * trashes every register a C handler would keep (it starts with DF clear:
 * the kernel clears it), records sig in pm_handler_sig, and sets
 * pm_spin_flag.
 */
	.text
	.globl pm_spin_probe, pm_clobber_handler
pm_spin_probe:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %ecx			/* flag */
	movl	$0xa1a1a1a1, %eax
	movl	$0xb2b2b2b2, %ebx
	movl	$0xd4d4d4d4, %edx
	movl	$0x51515151, %esi
	movl	$0xd1d1d1d1, %edi
	movl	$0xb9b9b9b9, %ebp
	std
1:	pause
	cmpl	$0, (%ecx)
	je	1b
	pushfl
	cld
	popl	%ecx
	testl	$0x400, %ecx
	movl	$7, %ecx
	jz	2f
	movl	$1, %ecx
	cmpl	$0xa1a1a1a1, %eax
	jne	2f
	movl	$2, %ecx
	cmpl	$0xb2b2b2b2, %ebx
	jne	2f
	movl	$3, %ecx
	cmpl	$0xd4d4d4d4, %edx
	jne	2f
	movl	$4, %ecx
	cmpl	$0x51515151, %esi
	jne	2f
	movl	$5, %ecx
	cmpl	$0xd1d1d1d1, %edi
	jne	2f
	movl	$6, %ecx
	cmpl	$0xb9b9b9b9, %ebp
	jne	2f
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

pm_clobber_handler:
	movl	4(%esp), %eax
	movl	%eax, pm_handler_sig
	movl	$1, pm_spin_flag
	movl	$0x0bad0bad, %eax
	movl	%eax, %ebx
	movl	%eax, %ecx
	movl	%eax, %edx
	movl	%eax, %esi
	movl	%eax, %edi
	movl	%eax, %ebp
	ret
