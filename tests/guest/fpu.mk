# tests/guest/fpu.mk - the fpu.* boots (tests/guest/fpu_test.c): the VM
# server and fpu_test, once per FPU strategy (fpu=lazy, fpu=eager), at
# each CPU count of make test.  `make test-boots BOOTS="fpu_lazy_spec
# fpu_eager_spec"`.  fpu_test is also the program its exec case starts
# afresh (`fpu_test fresh`).
userland: $(GT)/fpu_test
$(eval $(call user_program,$(GT)/fpu_test,tests/guest/fpu_test.c tests/guest/fpu_regs.c tests/guest/children.c \
	tests/guest/guest_util.c))

# $(call fpu_spec_for,STRATEGY,CPUS)
fpu_spec_for = name=fpu-$(1)-$(2)cpu,boot=direct,cpus=$(2),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=fpu.* fpu=$(1),modules=$(VM_SERVER) $(SYSTEM);$(GT)/fpu_test $(SYSTEM) mode=$(1)
fpu_lazy_spec = $(call fpu_spec_for,lazy,$(1))
fpu_eager_spec = $(call fpu_spec_for,eager,$(1))
GUEST_BOOTS += fpu_lazy_spec fpu_eager_spec
