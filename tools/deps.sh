#!/usr/bin/env bash
# tools/deps.sh -- host package check/installer for Kestrel (Debian 12).
#
# Owns: the mapping from dependency groups to Debian packages, and installing
# whatever is missing.  Runs at every `make`, so the common case (everything
# installed) is one dpkg-query call and prints nothing.
#
# Usage: tools/deps.sh GROUP...
#   build  compiler and binutils able to emit i386 code
#   run    QEMU (qemu-system-i386) and python3 for the harness
#   iso    GRUB BIOS image tools (grub-mkrescue + xorriso + mtools)
#   host   host-side unit-test framework
#   bench  benchmark tooling (compare.py and its scipy, hwloc, gnuplot)
#   bochs  the Bochs emulator with its BIOS images (make test-bochs)
#   test   build + run + iso + host
#
# Exit status: 0 when all packages are (now) installed, non-zero otherwise,
# with exactly one "deps: ..." line on stderr explaining the failure.

set -uo pipefail

die() {
	echo "deps: $*" >&2
	exit 1
}

# Print the Debian packages of one group (one per line).
group_packages() {
	case "$1" in
	build) echo gcc make gcc-multilib binutils ;;
	run)   echo qemu-system-x86 python3 ;;
	iso)   echo grub-pc-bin grub-common xorriso mtools ;;
	host)  echo libcmocka-dev ;;
	bench) echo libbenchmark-dev libbenchmark-tools python3-scipy hwloc libhwloc-dev gnuplot-nox ;;
	bochs) echo bochs bochsbios vgabios ;;
	test)  for g in build run iso host; do group_packages "$g"; done ;;
	*)     return 1 ;;
	esac
}

[ $# -gt 0 ] || die "usage: $0 GROUP... (groups: build run iso host bench bochs test)"

# Collect the requested packages, de-duplicated, in a stable order.
declare -A seen=()
wanted=()
for group in "$@"; do
	pkgs=$(group_packages "$group") || die "unknown group '$group' (groups: build run iso host bench bochs test)"
	for p in $pkgs; do
		if [ -z "${seen[$p]:-}" ]; then
			seen[$p]=1
			wanted+=("$p")
		fi
	done
done

# One dpkg-query call for all of them.  Packages dpkg has never heard of are
# reported on stderr (discarded) and simply do not appear in the output, so
# they count as missing.  A package is installed iff its status is exactly
# "install ok installed".
declare -A installed=()
if command -v dpkg-query >/dev/null 2>&1; then
	while read -r pkg status; do
		[ "$status" = "install ok installed" ] && installed[${pkg%%:*}]=1
	done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null)
else
	die "dpkg-query not found: this script supports Debian/Ubuntu hosts only"
fi

missing=()
for p in "${wanted[@]}"; do
	[ -n "${installed[$p]:-}" ] || missing+=("$p")
done

# Fast path: nothing to do, say nothing.
[ ${#missing[@]} -eq 0 ] && exit 0

# Need root for apt-get: use sudo when we are not root and it exists.
if [ "$(id -u)" -eq 0 ]; then
	SUDO=()
elif command -v sudo >/dev/null 2>&1; then
	SUDO=(sudo)
else
	die "missing packages (${missing[*]}) and not root and no sudo: install them manually"
fi

echo "deps: installing missing packages: ${missing[*]}" >&2
"${SUDO[@]}" apt-get update >&2 ||
	die "apt-get update failed (needed to install: ${missing[*]})"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
	die "apt-get install failed for: ${missing[*]}"
exit 0
