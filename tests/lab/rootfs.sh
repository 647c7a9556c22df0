#!/usr/bin/env bash
# Make the Debian base image the module's Dockerfiles start from, as a root filesystem tarball,
# with debootstrap: the suite of the module's default sys_version, shaped like the official
# -slim image. Shared by the lanes that build bakery's stages for real.
#
#   tests/lab/rootfs.sh OUT.tar [MIRROR]      (root; needs debootstrap)
#   tests/lab/rootfs.sh --sys-version         the default sys_version it debootstraps
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# the module's default sys_version: bake.sh's default of the axis (written from config/axes.ts AXES)
version=$(sed -n 's/^\(AXES="\)\{0,1\}sys_version:[^:]*:[^:]*:[^:]*:\([^"]*\)"\{0,1\}$/\2/p' "$ROOT/docker/bake.sh")
[ -n "$version" ] || { echo "rootfs.sh: cannot read sys_version's default from docker/bake.sh's AXES" >&2; exit 1; }
if [ "${1:-}" = --sys-version ]; then echo "$version"; exit 0; fi

out=${1:?usage: rootfs.sh OUT.tar [MIRROR] | rootfs.sh --sys-version}
mirror=${2:-http://deb.debian.org/debian}
suite=${version%-slim}
r=$(mktemp -d "${out%/*}/rootfs.XXXXXX")
trap 'rm -rf "$r"' EXIT
echo "rootfs.sh: debootstrapping $suite (the module's default sys_version is $version)" >&2
debootstrap --variant=minbase "$suite" "$r" "$mirror" >"$out.log" 2>&1 || { tail -20 "$out.log" >&2; exit 1; }
# The official -slim image: no docs, no apt lists or downloaded packages, the docker-clean apt
# hook, deb822 sources.
rm -rf "$r"/var/cache/apt/archives/*.deb "$r"/var/lib/apt/lists/* "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/*
printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' 'path-exclude /usr/share/man/*' \
    'path-exclude /usr/share/info/*' >"$r/etc/dpkg/dpkg.cfg.d/docker-slim"
printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };' \
    'Binary::apt::APT::Keep-Downloaded-Packages "false";' >"$r/etc/apt/apt.conf.d/docker-clean"
rm -f "$r/etc/apt/sources.list"
# Debian's mirror here serves testing/sid frozen, with an expired Valid-Until; the real image
# would not need Check-Valid-Until: no.
printf '%s\n' 'Types: deb' "URIs: $mirror" "Suites: $suite" 'Components: main' \
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' 'Check-Valid-Until: no' >"$r/etc/apt/sources.list.d/debian.sources"
tar --numeric-owner -C "$r" -c . >"$out.part"
mv "$out.part" "$out"
