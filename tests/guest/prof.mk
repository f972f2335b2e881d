# tests/guest/prof.mk: the sampling profiler's boot (prof_test, prof.*),
# at 1 and 4 CPUs in make test (GUEST_BOOTS).  32 MiB of memory, so that
# the largest profile buffers do not fit (prof.buffer_does_not_fit).
$(eval $(call user_program,$(GT)/prof_test,tests/guest/prof_test.c tests/guest/prof_spin.S \
	tests/guest/children.c tests/guest/guest_util.c))
userland: $(GT)/prof_test

GUEST_BOOTS += guest_prof_spec
guest_prof_spec = name=prof-$(1)cpu,boot=direct,cpus=$(1),mem=32,timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=prof.* quiet,modules=$(VM_SERVER) $(SYSTEM);$(GT)/prof_test $(SYSTEM)
