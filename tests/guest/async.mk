# tests/guest/async.mk: the async.* boot (tests/guest/async_test.c): the VM
# server (page-ins, the ring unmapped by VMCTL) and the test program, at
# each CPU count of make test.  `make test-boots BOOTS=async_spec`.
userland: $(GT)/async_test
$(eval $(call user_program,$(GT)/async_test,tests/guest/async_test.c tests/guest/children.c \
	tests/guest/guest_util.c))

async_spec = name=async-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=async.*,modules=$(VM_SERVER) $(SYSTEM);$(GT)/async_test $(SYSTEM)
GUEST_BOOTS += async_spec
