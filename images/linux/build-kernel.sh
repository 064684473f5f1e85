#!/usr/bin/env bash
# Build the cn01 guest kernel (i386) from Debian's linux-source package and
# the patches in images/linux/patches/ (applied in name order).
#   build-kernel.sh <linux-source .deb>
# Leaves the configured build tree in $cache_dir/linux-build, where the
# out-of-tree modules (platform, IHK, mcctrl) are built against it later.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

deb=$1
src=$cache_dir/linux-source
build=$cache_dir/linux-build
fragment=$images_dir/linux/config.fragment

# The tree is the package's source plus our patches; it is unpacked again when
# either changes.
source_stamp() {
	local patch
	sha256 "$deb"
	for patch in "$images_dir"/linux/patches/*.patch; do
		sha256 "$patch"
	done
}

unpack_source() {
	local stamp=$src/.cn01-from patch
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(source_stamp)" ]; then
		return
	fi
	log "unpacking $(basename "$deb")"
	rm -rf "$src" "$cache_dir/linux-deb"
	dpkg-deb -x "$deb" "$cache_dir/linux-deb"
	mkdir -p "$src"
	tar -xaf "$cache_dir"/linux-deb/usr/src/linux-source-*.tar.* -C "$src" --strip-components=1
	rm -rf "$cache_dir/linux-deb"
	for patch in "$images_dir"/linux/patches/*.patch; do
		log "applying $(basename "$patch")"
		patch -s -p1 -d "$src" < "$patch"
	done
	source_stamp > "$stamp"
}

# Turn one fragment line into a scripts/config argument list.
config_args() {
	local name=${1%%=*} value=${1#*=}
	case $value in
	y) echo "--enable $name" ;;
	n) echo "--disable $name" ;;
	\"*) echo "--set-str $name ${value//\"/}" ;;
	*) echo "--set-val $name $value" ;;
	esac
}

# Every option in the fragment must survive olddefconfig; a silently
# dropped option (unmet dependency) is a build error, not a surprise at boot.
check_config() {
	local line name value got
	while read -r line; do
		name=${line%%=*} value=${line#*=}
		got=$(grep -E "^(# )?CONFIG_$name[= ]" "$build/.config" || true)
		case $value in
		n) [ -z "$got" ] || [[ $got == "# CONFIG_$name is not set" ]] ;;
		*) [ "$got" = "CONFIG_$name=$value" ] ;;
		esac || die "kernel option $name=$value did not stick (got: ${got:-nothing})"
	done < <(grep -vE '^\s*(#|$)' "$fragment")
}

configure() {
	log "configuring (tinyconfig + $(basename "$fragment"))"
	mkdir -p "$build"
	make -s -C "$src" O="$build" ARCH=i386 tinyconfig
	local args=()
	while read -r line; do
		# shellcheck disable=SC2207
		args+=($(config_args "$line"))
	done < <(grep -vE '^\s*(#|$)' "$fragment")
	"$src/scripts/config" --file "$build/.config" "${args[@]}"
	make -s -C "$src" O="$build" ARCH=i386 olddefconfig
	check_config
}

unpack_source
configure
log "building bzImage and modules (make -j$(nproc))"
make -s -C "$src" O="$build" ARCH=i386 -j"$(nproc)" bzImage modules
make -s -C "$src" O="$build" ARCH=i386 kernelrelease
