# tests/guest/ds.mk - the data store's boot (ds.* tests, tests/guest/ds_test.c):
# the VM server, DS, then the test program, all SYSTEM processes.  Until RS
# starts services, DS is a boot module; the test program stops it at its end
# so that the machine powers off.
$(eval $(call user_program,$(GT)/ds_test,tests/guest/ds_test.c tests/guest/children.c tests/guest/guest_util.c))
userland: $(GT)/ds_test

ds_modules = $(VM_SERVER) $(SYSTEM);$(DS_SERVER) $(SYSTEM);$(GT)/ds_test $(SYSTEM)
ds_spec = name=ds-$(1)cpu,boot=direct,cpus=$(1),timeout=$(TEST_TIMEOUT),kernel=$(KERNEL_ELF),cmdline=test=ds.*,modules=$(ds_modules)
GUEST_BOOTS += ds_spec
