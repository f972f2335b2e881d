/*
 * tests/guest/prof_spin.S - the profiler tests' hot loops, whose bounds
 * the samples are checked against (prof_test.c).
 *
 *   void prof_spin(uint32_t n)                n rounds of a two-instruction
 *                                             loop, in a frame of its own;
 *                                             records its return address in
 *                                             prof_spin_ret
 *   void prof_spin_fp(uint32_t n, uint32_t fp) the same loop with %ebp = fp
 *                                             (a frame pointer to test the
 *                                             kernel's stack walk with)
 * The loops lie in [prof_spin_begin, prof_spin_end) and
 * [prof_spin_fp_begin, prof_spin_fp_end).
 */
	.text
	.globl prof_spin, prof_spin_begin, prof_spin_end, prof_spin_ret
prof_spin:
	push %ebp
	mov %esp, %ebp
	mov 4(%ebp), %eax
	mov %eax, prof_spin_ret
	mov 8(%ebp), %ecx
prof_spin_begin:
1:	dec %ecx
	jnz 1b
prof_spin_end:
	pop %ebp
	ret

	.globl prof_spin_fp, prof_spin_fp_begin, prof_spin_fp_end
prof_spin_fp:
	push %ebp
	mov %esp, %ebp
	mov 8(%ebp), %ecx
	mov 12(%ebp), %ebp
prof_spin_fp_begin:
1:	dec %ecx
	jnz 1b
prof_spin_fp_end:
	pop %ebp
	ret

	.data
	.align 4
prof_spin_ret:
	.long 0

	.section .note.GNU-stack,"",@progbits
