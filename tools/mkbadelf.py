#!/usr/bin/env python3
"""tools/mkbadelf.py MODE IN OUT - derive a deliberately broken ELF module
from a good one, for the boot tests:
  truncate  keep only the first 100 bytes (headers cut off)
  huge      stretch the last PT_LOAD segment to end at HUGE_END: a valid
            image inside the user address range whose pages (about 2.5 GiB)
            outnumber the frames of any machine, since the kernel uses at
            most its 1 GiB direct map (arch/i386/include/arch/layout.h)
"""
import struct
import sys

PT_LOAD = 1
HUGE_END = 0xe0000000   # below the user stack, above any program


def huge(data: bytearray) -> bytearray:
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    last = None
    for i in range(phnum):
        off = phoff + i * phentsize
        if struct.unpack_from("<I", data, off)[0] == PT_LOAD:
            last = off
    if last is None:
        sys.exit("mkbadelf: no PT_LOAD segment")
    vaddr, = struct.unpack_from("<I", data, last + 8)
    if vaddr >= HUGE_END:
        sys.exit("mkbadelf: last PT_LOAD segment already above HUGE_END")
    struct.pack_into("<I", data, last + 20, HUGE_END - vaddr)   # p_memsz
    return data


def main() -> None:
    mode, src, dst = sys.argv[1:4]
    data = bytearray(open(src, "rb").read())
    if mode == "truncate":
        data = data[:100]
    elif mode == "huge":
        data = huge(data)
    else:
        sys.exit(f"mkbadelf: unknown mode {mode}")
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
