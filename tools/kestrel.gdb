# tools/kestrel.gdb -- gdb set-up for `make debug` (QEMU waits on :1234).
#
#   gdb -x tools/kestrel.gdb
#
# Loads the kernel's symbols and attaches.  Every user program is linked at
# the same address (lib/user.ld), so add the one you are stepping through:
#   (gdb) kestrel-prog build/tests/guest/ipc_test
#   (gdb) kestrel-prog build/bench/bench
# Useful starts: `break ipc_entry` (the IPC fast paths), `break panic`,
# `info threads` (one thread per vCPU), `thread N` to switch vCPU.
set confirm off
set pagination off
set architecture i386
file build/kernel.elf
target remote localhost:1234

define kestrel-prog
  add-symbol-file $arg0
end
document kestrel-prog
Adds the symbols of one user program (linked at lib/user.ld's address).
end
