# tests/guest/async.mk: the async.* boots: async_test.c (the ring, its
# operations and ends; with the VM server for page-ins and the ring
# unmapped by VMCTL) and async_ipc_test.c (async.sendrec_*: SENDREC as an
# operation, with server children), at each CPU count of make test.
# `make test-boots BOOTS="async_spec async_ipc_spec"`.
userland: $(GT)/async_test $(GT)/async_ipc_test
$(eval $(call user_program,$(GT)/async_test,tests/guest/async_test.c tests/guest/async_util.c \
	tests/guest/children.c tests/guest/guest_util.c))
$(eval $(call user_program,$(GT)/async_ipc_test,tests/guest/async_ipc_test.c \
	tests/guest/async_util.c tests/guest/children.c tests/guest/guest_util.c))

async_spec = name=async-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=async.*,modules=$(VM_SERVER) $(SYSTEM);$(GT)/async_test $(SYSTEM)
async_ipc_spec = name=async_ipc-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=async.*,modules=$(VM_SERVER) $(SYSTEM);$(GT)/async_ipc_test $(SYSTEM)
GUEST_BOOTS += async_spec async_ipc_spec
