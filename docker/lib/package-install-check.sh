#!/bin/sh
# Install a package in a clean system with its package manager and check what it installed.
#
# usage: package-install-check.sh deb|rpm PACKAGE_FILE BINARY [VERSION_ARG...]
#
# Installs PACKAGE_FILE with apt (deb) or dnf (rpm), so that its dependencies resolve as they
# would for a user; runs BINARY with VERSION_ARGs (default -V) and requires output; and checks
# that every Exec*= program of the systemd units the package installed exists and is
# executable (tuwunel's check). Exits non-zero naming what is wrong.
set -eu

[ "$#" -ge 3 ] || { echo "usage: package-install-check.sh deb|rpm PACKAGE_FILE BINARY [VERSION_ARG...]" >&2; exit 2; }
kind=$1 file=$2 bin=$3
shift 3
[ "$#" -gt 0 ] || set -- -V
[ -f "$file" ] || { echo "package-install-check.sh: $file: no such file" >&2; exit 1; }

case "$kind" in
    deb)
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "$file"
        units=$(dpkg-query -L "$(dpkg-deb -f "$file" Package)" | grep -E '\.(service|socket)$' || true)
        ;;
    rpm)
        dnf -y install "$file"
        units=$(rpm -qlp "$file" | grep -E '\.(service|socket)$' || true)
        ;;
    *) echo "package-install-check.sh: kind must be deb or rpm, not '$kind'" >&2; exit 2 ;;
esac

version=$("$bin" "$@")
[ -n "$version" ] || { echo "package-install-check.sh: $bin $* printed nothing" >&2; exit 1; }
echo "package-install-check.sh: $bin reports: $version"

for unit in $units; do
    sed -n 's/^Exec[A-Za-z]*=[-@:+!]*\([^ ]*\).*/\1/p' "$unit" | while read -r exe; do
        [ -x "$exe" ] || { echo "package-install-check.sh: $unit runs $exe, which is not an installed executable" >&2; exit 1; }
        echo "package-install-check.sh: $unit runs $exe: present"
    done
done
