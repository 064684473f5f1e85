#!/usr/bin/env bash
# npm run images: build images/dist/ (the guest the board boots) from the
# pinned Debian packages and the recipe in this folder. Run as root on a
# Debian 12 amd64 machine; needs only apt and npm. Two runs with the same
# inputs give bit-identical outputs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

host_packages="bc bison flex libelf-dev cpio gzip lz4 xz-utils make gcc gcc-multilib patch squashfs-tools acpica-tools"

install_host_tools() {
	local missing=()
	for pkg in $host_packages; do
		dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return
	log "installing host packages: ${missing[*]}"
	apt-get install -y -q "${missing[@]}" >/dev/null
}

machine_value() {
	node -p "require('$images_dir/machine.in.json').$1"
}

build_platform_module() {
	local mod=$cache_dir/platform
	rm -rf "$mod"
	mkdir -p "$mod"
	cp "$images_dir"/platform/* "$mod/"
	make -s -C "$cache_dir/linux-source" O="$cache_dir/linux-build" ARCH=i386 M="$mod" modules
}

# IHK: ihk.ko, ihk-smp-x86.ko (against the guest kernel) and the static
# ihkconfig/ihkosctl, staged as the install tree's kmod/ and sbin/.
build_ihk() {
	local work=$cache_dir/ihk-build out=$cache_dir/ihk-out tool
	rm -rf "$work" "$out"
	mkdir -p "$work" "$out/kmod" "$out/sbin"
	cp -r "$images_dir/ihk" "$images_dir/include" "$work/"
	make -s -C "$cache_dir/linux-source" O="$cache_dir/linux-build" ARCH=i386 M="$work/ihk" modules
	install -m 644 "$work/ihk/ihk.ko" "$work/ihk/ihk-smp-x86.ko" "$out/kmod/"
	for tool in ihkconfig ihkosctl; do
		gcc -m32 -static -s -O2 -Wall -Werror -I"$work/ihk/include" -I"$work/include" \
			-o "$out/sbin/$tool" "$work/ihk/user/$tool.c"
	done
	find "$out" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# The Linux side of McKernel against the guest kernel and IHK's exported
# symbols: mcctrl.ko, the static mcexec (linked above the LWK's user space,
# see MCK_USER_MCEXEC_BASE), and the boot/shutdown scripts.
build_mckernel() {
	local work=$cache_dir/mckernel-build out=$cache_dir/mckernel-out
	rm -rf "$work" "$out"
	mkdir -p "$work" "$out/kmod" "$out/bin" "$out/sbin"
	cp -r "$images_dir/mckernel" "$images_dir/include" "$work/"
	cp -r "$images_dir/ihk/include/ihk" "$work/include/"
	make -s -C "$cache_dir/linux-source" O="$cache_dir/linux-build" ARCH=i386 \
		M="$work/mckernel/kernel" KBUILD_EXTRA_SYMBOLS="$cache_dir/ihk-build/ihk/Module.symvers" modules
	install -m 644 "$work/mckernel/kernel/mcctrl.ko" "$out/kmod/"
	gcc -m32 -static -s -O2 -Wall -Werror -pthread -I"$work/include" \
		-Wl,-Ttext-segment="$(mcexec_base)" \
		-o "$out/bin/mcexec" "$work"/mckernel/user/*.c
	install -m 755 "$work/mckernel/tools/mcreboot.sh" "$work/mckernel/tools/mcstop+release.sh" "$out/sbin/"
	find "$out" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

mcexec_base() {
	awk '$2 == "MCK_USER_MCEXEC_BASE" { print $3 }' "$images_dir/include/mckernel/mcctrl.h"
}

# The ACPI table overrides go first, in an uncompressed cpio, where Linux's
# table upgrade looks for them: the 4-CPU MADT, and cn01's DSDT and SSDT.
build_acpi_cpio() {
	local stage=$cache_dir/acpi-tables table
	rm -rf "$stage"
	mkdir -p "$stage/kernel/firmware/acpi"
	npx --no-install tsx "$images_dir/linux/apic-override.ts" "$images_dir/linux/bios-madt.aml" \
		"$(machine_value cpus)" "$stage/kernel/firmware/acpi/APIC.aml"
	for table in dsdt ssdt; do
		iasl -vs -vi -p "$stage/kernel/firmware/acpi/${table^^}" "$images_dir/linux/acpi/$table.asl" >/dev/null
	done
	find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	(cd "$stage" && find . -mindepth 1 | sort | cpio --quiet -o -H newc -R 0:0 --reproducible) > "$1"
}

# The pristine home the board unpacks into its 9p share.
build_home_tar() {
	local stage=$cache_dir/home release=$1
	rm -rf "$stage"
	mkdir -p "$stage/install/$release"/{bin,sbin,kmod,smp-x86/kernel} "$stage/src"
	cp -a "$cache_dir/ihk-out/." "$cache_dir/mckernel-out/." "$stage/install/$release/"
	find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	tar -C "$stage" --sort=name --format=ustar --numeric-owner --owner=1000 --group=1000 \
		--mtime="@$SOURCE_DATE_EPOCH" -cf "$dist_dir/home.tar" install src
}

copy_bios() {
	local stage=$cache_dir/seabios
	rm -rf "$stage"
	dpkg-deb -x "$(ls "$cache_dir"/debs/seabios_*.deb)" "$stage"
	install -m 644 "$stage/usr/share/seabios/bios.bin" "$stage/usr/share/seabios/vgabios-stdvga.bin" "$dist_dir/"
}

install_host_tools
bash "$images_dir/fetch-debs.sh"
bash "$images_dir/linux/build-kernel.sh" "$(ls "$cache_dir"/debs/linux-source-6.1_*.deb)"
release=$(cat "$cache_dir/linux-build/include/config/kernel.release")
build_platform_module
build_ihk
build_mckernel
mkdir -p "$dist_dir"
bash "$images_dir/rootfs/build-rootfs.sh" "$cache_dir/linux-build" "$cache_dir/rootfs.cpio.gz"
build_acpi_cpio "$cache_dir/acpi-tables.cpio"
cat "$cache_dir/acpi-tables.cpio" "$cache_dir/rootfs.cpio.gz" > "$dist_dir/initrd.img"
install -m 644 "$cache_dir/linux-build/arch/x86/boot/bzImage" "$dist_dir/bzImage"
copy_bios
build_home_tar "$release"
npx --no-install tsx "$images_dir/write-machine.ts" "$dist_dir" "$release"
npx --no-install tsx "$images_dir/manifest.ts" write
log "done: $release"
(cd "$dist_dir" && sha256sum bzImage initrd.img) >&2
