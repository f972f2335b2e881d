#!/usr/bin/env bash
# tools/test_mkiso.sh -- self-test for tools/mkiso.sh (TAP, a `make test`
# host test).
#
# Owns: the check that an ISO holds the staged tree and nothing of
# mkiso's own: grub-mkrescue's log used to be written inside the tree it
# was packing, so xorriso saw a file grow under it and failed at random
# ("Size of file ... has changed").
#
# Run: tools/test_mkiso.sh [KERNEL.elf MODULE]  (defaults: build/kernel.elf,
# tools/mkiso.sh itself as the module)

set -uo pipefail

kernel=${1:-build/kernel.elf}
module=${2:-tools/mkiso.sh}
dir=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-mkiso-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "1..3"
if tools/mkiso.sh "$dir/t.iso" "$kernel" "test=none" "$module arg" >"$dir/out" 2>&1; then
	echo "ok 1 mkiso.builds"
else
	echo "not ok 1 mkiso.builds"
	sed 's/^/# /' "$dir/out"
fi
xorriso -indev "$dir/t.iso" -find / -type f 2>/dev/null | tr -d "'" >"$dir/files"
if grep -qx "/boot/kernel.elf" "$dir/files" && grep -qx "/boot/$(basename "$module")" "$dir/files"; then
	echo "ok 2 mkiso.holds_kernel_and_module"
else
	echo "not ok 2 mkiso.holds_kernel_and_module"
fi
if grep -q "mkrescue.log" "$dir/files"; then
	echo "not ok 3 mkiso.no_log_in_tree"
else
	echo "ok 3 mkiso.no_log_in_tree"
fi
