#!/usr/bin/env bash
# Refresh linux/bios-madt.aml, the MADT that SeaBIOS builds for v86's
# one-CPU machine (the base of the 4-CPU override). Needed only when v86 or
# the seabios package changes. Needs the kernel built by linux/build-kernel.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

stage=$cache_dir/madt-initrd
rm -rf "$stage"
mkdir -p "$stage"/{bin,proc,sys,dev}
dpkg-deb -x "$(ls "$cache_dir"/debs/busybox-static_*.deb)" "$cache_dir/madt-busybox"
cp "$cache_dir/madt-busybox/bin/busybox" "$stage/bin/"
rm -rf "$cache_dir/madt-busybox"
cat > "$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t sysfs sysfs /sys
echo MADT-BEGIN
/bin/busybox hexdump -v -e '32/1 "%02x" "\n"' /sys/firmware/acpi/tables/APIC
echo MADT-END
/bin/busybox poweroff -f
INIT
chmod 755 "$stage/init"
(cd "$stage" && find . | cpio --quiet -o -H newc -R 0:0) | gzip > "$cache_dir/madt-initrd.gz"
rm -rf "$cache_dir/madt-seabios"
dpkg-deb -x "$(ls "$cache_dir"/debs/seabios_*.deb)" "$cache_dir/madt-seabios"
seabios=$cache_dir/madt-seabios/usr/share/seabios
npx --no-install tsx "$images_dir/linux/dump-bios-madt.ts" \
	"$cache_dir/linux-build/arch/x86/boot/bzImage" "$cache_dir/madt-initrd.gz" \
	"$seabios/bios.bin" "$seabios/vgabios-stdvga.bin" "$images_dir/linux/bios-madt.aml"
log "wrote linux/bios-madt.aml ($(stat -c %s "$images_dir/linux/bios-madt.aml") bytes)"
