#!/bin/sh
# tools/linuxproc/run.sh OUT.jsonl - measures the Linux side of the process
# benchmarks (BENCHMARKS.md, "Processes and signals") the way
# ../shared/anchors measured Linux: Debian 12's cloud kernel booted by
# QEMU 7.2 TCG with -icount shift=0 on the anchors' CPU model, one CPU, a
# busybox initramfs whose init runs lat_proc (static i386) and powers off.
# Needs apt-get (the kernel and busybox-static packages are downloaded,
# not installed), gcc with 32-bit static libc (libc6-dev-i386) and
# qemu-system-x86_64.
set -eu
out=$(realpath "${1:-linux-proc-icount.jsonl}")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
kpkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
apt-get download "$kpkg" busybox-static >/dev/null
mkdir -p k bb root/bin root/proc
dpkg -x "$kpkg"_*.deb k
dpkg -x busybox-static_*.deb bb
gcc -m32 -static -O2 -o root/lat_proc "$here/lat_proc.c"
gcc -m32 -static -O2 -o root/hello "$here/hello.c"
cp bb/bin/busybox root/bin/
for c in sh mount poweroff cat echo; do ln -sf busybox root/bin/$c; done
cat > root/init <<'INIT'
#!/bin/sh
/bin/mount -t proc proc /proc
echo "LINUXPROC $(cat /proc/version)"
/lat_proc
/bin/poweroff -f
INIT
chmod +x root/init
(cd root && find . | ../bb/bin/busybox cpio -o -H newc 2>/dev/null) | gzip > initrd.gz
qemu-system-x86_64 -accel tcg -icount shift=0,sleep=off \
	-cpu Haswell-noTSX,-pcid,-x2apic,-tsc-deadline,-xsave,-invpcid -m 512 -smp 1 \
	-nographic -no-reboot -kernel k/boot/vmlinuz-* -initrd initrd.gz \
	-append "console=ttyS0 quiet panic=-1" > serial.log 2>&1
grep LINUXPROC serial.log | tr -d '\r'
grep '^{"bench"' serial.log | tr -d '\r' > "$out"
cat "$out"
