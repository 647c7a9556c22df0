#!/bin/sh
# Compile pinned cargo tools into ROOT/bin with the default toolchain.
#
# usage: cargo-tools-install.sh ROOT CRATE@VERSION...
#
# Every tool is installed with --locked at the exact version given; a tool without a version is
# refused, so nothing floats.
set -eu

root=${1:?usage: cargo-tools-install.sh ROOT CRATE@VERSION...}
shift
for spec in "$@"; do
    case "$spec" in
        *@[0-9]*) ;;
        *) echo "cargo-tools-install.sh: '$spec' has no pinned version (want crate@x.y.z)" >&2; exit 2 ;;
    esac
done
for spec in "$@"; do
    "$CARGO_HOME/bin/cargo" install --locked --root "$root" "$spec"
done
ls -l "$root/bin"
