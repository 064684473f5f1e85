#!/usr/bin/env bash
# Assemble the cn01 root file system from the pinned Debian packages and
# the files in this folder, and pack it as a reproducible gzip'd cpio.
#   build-rootfs.sh <kernel build dir> <output .cpio.gz>
#
# The layout is merged-/usr (/bin, /sbin and /lib are links into /usr), and
# /usr travels as one squashfs image inside the cpio: Linux pays per file it
# unpacks at boot, so it unpacks ~30 entries instead of ~900. /init mounts
# the image with a tmpfs overlay on top, so /usr stays writable. Busybox
# itself is the one /usr file in the cpio: /init needs a shell before /usr
# is mounted, and the overlay shows it from there (its lowest layer).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

kbuild=$1
out=$2
here=$images_dir/rootfs
root=$cache_dir/rootfs
debs=$cache_dir/debs
release=$(cat "$kbuild/include/config/kernel.release")

deb() { ls "$debs/$1"_*.deb; }

# Unpack whole packages, then keep only what a lab user needs.
unpack_packages() {
	local pkg
	for pkg in busybox-static libc6 libc6-dev linux-libc-dev tcc libsmartcols1 libgcc-s1; do
		dpkg-deb -x "$(deb "$pkg")" "$root"
	done
	# From util-linux only lscpu: busybox covers the rest.
	dpkg-deb -x "$(deb util-linux)" "$cache_dir/util-linux"
	install -D -m 755 "$cache_dir/util-linux/usr/bin/lscpu" "$root/usr/bin/lscpu"
	rm -rf "$cache_dir/util-linux"
}

prune() {
	rm -rf "$root"/usr/share "$root"/usr/lib/i386-linux-gnu/gconv \
		"$root"/usr/lib/i386-linux-gnu/audit "$root"/usr/libexec \
		"$root"/usr/lib/i386-linux-gnu/tcc/bcheck.o "$root"/etc/ld.so.conf.d
	# Static archives are large and tcc links dynamically; keep the small
	# ones the libc.so/libm.so linker scripts and -lpthread/-ldl/-lrt name.
	find "$root"/usr/lib/i386-linux-gnu -maxdepth 1 -name '*.a' \
		! -name libc_nonshared.a ! -name libpthread.a ! -name libdl.a \
		! -name librt.a ! -name libutil.a ! -name libmvec.a -delete
	find "$root"/usr/lib/i386-linux-gnu -maxdepth 1 -name '*.o' \
		! -name 'crt[1in].o' ! -name 'Scrt1.o' -delete
}

# Of the kernel's UAPI headers, only those the C library's headers include
# (and two a lab program may name itself): see prune-kernel-headers.ts.
prune_kernel_headers() {
	local kernel_list=$cache_dir/linux-libc-dev.list libc_list=$cache_dir/libc6-dev.list
	dpkg-deb --fsys-tarfile "$(deb linux-libc-dev)" | tar -t > "$kernel_list"
	dpkg-deb --fsys-tarfile "$(deb libc6-dev)" | tar -t > "$libc_list"
	npx --no-install tsx "$here/prune-kernel-headers.ts" "$root" "$kernel_list" "$libc_list" \
		linux/futex.h linux/perf_event.h
	find "$root/usr/include" -type d -empty -delete
}

# Debian 12's packages still ship /bin and /lib: move them into /usr, and
# make /bin, /sbin and /lib links there (before busybox fills /sbin).
merge_usr() {
	local dir
	for dir in bin sbin lib; do
		mkdir -p "$root/usr/$dir"
		if [ -d "$root/$dir" ]; then
			cp -a "$root/$dir/." "$root/usr/$dir/"
			rm -rf "${root:?}/$dir"
		fi
		ln -s "usr/$dir" "$root/$dir"
	done
}

install_busybox() {
	local applet
	for applet in $("$root/bin/busybox" --list-full | grep -v '^linuxrc$'); do
		[ -e "$root/$applet" ] || [ -L "$root/$applet" ] && continue
		mkdir -p "$root/$(dirname "$applet")"
		ln -s /bin/busybox "$root/$applet"
	done
}

install_cn01_files() {
	# Explicit modes: a checkout's modes follow its umask, the image's must not.
	install -m 644 "$here"/files/etc/* "$root/etc/"
	chmod 600 "$root/etc/shadow"
	install -m 755 "$here/files/init" "$root/init"
	install -m 755 "$here/files/gcc" "$root/usr/bin/gcc"
	ln -sf gcc "$root/usr/bin/cc"
	gcc -m32 -static -O2 -Wall -Werror -o "$root/usr/bin/sudo" "$here/sudo.c"
	strip "$root/usr/bin/sudo"
	chmod 4755 "$root/usr/bin/sudo"
	mkdir -p "$root/lib/modules/$release"
	install -m 644 "$cache_dir/platform/cn01-platform.ko" "$root/lib/modules/$release/"
	mkdir -p "$root"/{proc,sys,dev,tmp,run,root,mnt,boot,home/hpcuser}
	chmod 1777 "$root/tmp"
	chmod 700 "$root/root"
}

# Same file list, order, owners and times on every build: a reproducible
# squashfs for /usr and a reproducible cpio for the rest.
pack() {
	local image=$root/boot/usr.squashfs
	find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
	# LZ4 in 32 KiB blocks: Linux copies half as much into tmpfs at boot as
	# for an uncompressed image, and a small file read later inflates little.
	rm -f "$image"
	mksquashfs "$root/usr" "$image" -quiet -no-progress -noappend -all-root \
		-no-xattrs -comp lz4 -Xhc -b 32K -e bin/busybox
	touch -d "@$SOURCE_DATE_EPOCH" "$image" "$root/boot"
	(cd "$root" && { find . -mindepth 1 -path ./usr -prune -o -print; printf '%s\n' ./usr ./usr/bin ./usr/bin/busybox; } |
		sort | cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9 -n > "$out"
}

rm -rf "$root"
mkdir -p "$root"
unpack_packages
prune
prune_kernel_headers
merge_usr
install_busybox
install_cn01_files
pack
log "rootfs: $(du -sh "$root" | cut -f1) unpacked, $(du -h "$out" | cut -f1) packed"
