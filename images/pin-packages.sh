#!/usr/bin/env bash
# Re-pin packages.lock to the versions the mirror offers now: downloads each
# package's candidate and records version and sha256. Review the diff, then
# rebuild with `npm run images`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
chmod 0777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
lock=$images_dir/packages.lock
{
	grep -E '^#' "$lock"
	grep -vE '^\s*(#|$)' "$lock" | while read -r name arch _ _; do
		spec=$name:$arch
		[ "$arch" = all ] && spec=$name
		(cd "$tmp" && apt-get download -q "$spec" >/dev/null) || die "cannot fetch $spec"
		file=$(ls "$tmp"/"${name}"_*.deb)
		printf '%s %s %s %s\n' "$name" "$arch" "$(dpkg-deb -f "$file" Version)" "$(sha256 "$file")"
		rm -f "$file"
	done
} > "$lock.new"
mv "$lock.new" "$lock"
