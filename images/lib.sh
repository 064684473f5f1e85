# Shared settings and helpers for the image build scripts (sourced, not run).

images_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_dir=${CN01_CACHE:-$images_dir/.cache}
dist_dir=$images_dir/dist

# Everything that ends up in an artifact is stamped with this one date so
# that two builds of the same inputs are bit-identical.
export SOURCE_DATE_EPOCH=1700000000
export KBUILD_BUILD_TIMESTAMP="2023-11-14 22:13:20 UTC"
export KBUILD_BUILD_USER=cn01
export KBUILD_BUILD_HOST=cn01
export KBUILD_BUILD_VERSION=1
export LC_ALL=C
export TZ=UTC
# File modes in the archives must not depend on the builder's umask.
umask 022

log() { printf '[images] %s\n' "$*" >&2; }
die() { printf '[images] error: %s\n' "$*" >&2; exit 1; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }
