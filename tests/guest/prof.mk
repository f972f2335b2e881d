# tests/guest/prof.mk: the sampling profiler's boot (prof_test, prof.*),
# at 1 and 4 CPUs in make test (GUEST_BOOTS).  32 MiB of memory, so that
# the largest profile buffers do not fit (prof.buffer_does_not_fit).
# The 1-CPU boot runs the plain kernel; every other CPU count the kernel
# built with TRACE=1 (build/trace/kernel.elf, kernel/iptrace.h), with
# prof_test's `trace=1`: the whole suite on the traced fast paths, and
# prof.tracepoints checks their counts (on the plain kernel, that
# PROF_TRACE is refused).
$(eval $(call user_program,$(GT)/prof_test,tests/guest/prof_test.c tests/guest/prof_spin.S \
	tests/guest/children.c tests/guest/guest_util.c))
userland: $(GT)/prof_test

ifneq ($(TRACE),1)
TRACE_KERNEL_ELF := $(BUILD)/trace/kernel.elf
.PHONY: trace-kernel
trace-kernel:
	@$(MAKE) --no-print-directory TRACE=1 kernel
test test-boots: trace-kernel
endif

GUEST_BOOTS += guest_prof_spec
prof_kernel = $(if $(filter 1,$(1)),$(KERNEL_ELF) ,$(TRACE_KERNEL_ELF) trace=1)
guest_prof_spec = name=prof-$(1)cpu,boot=direct,cpus=$(1),mem=32,timeout=$(TEST_TIMEOUT),kernel=$(word 1,$(call prof_kernel,$(1))),cmdline=test=prof.* quiet,modules=$(VM_SERVER) $(SYSTEM);$(GT)/prof_test $(SYSTEM) $(word 2,$(call prof_kernel,$(1)))
