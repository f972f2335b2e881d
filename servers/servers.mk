# servers/: user-space services, one program per directory.
#   vm   the VM server (servers/vm, docs/vm.md): the first boot module of
#        every test run.  VM_SERVER_SRCS is also linked into programs that
#        start their own VM server (bench/: its main() wins over the weak
#        one in servers/vm/main.c).
#   ds   the data store (servers/ds, docs/ds.md): servers/ds/ds.mk.
VM_SERVER_SRCS := $(wildcard servers/vm/*.c)
VM_SERVER := $(BUILD)/servers/vm/vm

$(eval $(call user_program,$(VM_SERVER),$(VM_SERVER_SRCS)))

userland: $(VM_SERVER)

include servers/ds/ds.mk
