#!/usr/bin/env bash
# Download the pinned Debian packages of packages.lock into the cache and
# check each one's sha256. Prints nothing but errors and progress.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

debs=$cache_dir/debs
mkdir -p "$debs"
# apt's sandbox user must be able to write the download folder.
chmod 0777 "$debs"

if grep -q ' i386 ' "$images_dir/packages.lock" &&
	! dpkg --print-foreign-architectures | grep -qx i386; then
	log "adding the i386 architecture to apt"
	dpkg --add-architecture i386
	apt-get update -q || log "apt-get update reported errors; trying the download anyway"
fi

# Path of the cached .deb for one lock line (apt's file naming).
deb_path() {
	local name=$1 arch=$2 version=$3
	echo "$debs/${name}_${version/:/%3a}_${arch}.deb"
}

while read -r name arch version sum; do
	file=$(deb_path "$name" "$arch" "$version")
	if [ ! -f "$file" ] || [ "$(sha256 "$file")" != "$sum" ]; then
		log "downloading $name:$arch=$version"
		spec=$name:$arch=$version
		[ "$arch" = all ] && spec=$name=$version
		(cd "$debs" && apt-get download -q "$spec") ||
			die "apt could not fetch $spec (is the pinned version still on the mirror?)"
	fi
	[ "$(sha256 "$file")" = "$sum" ] || die "$(basename "$file"): sha256 differs from packages.lock"
done < <(grep -vE '^\s*(#|$)' "$images_dir/packages.lock")
