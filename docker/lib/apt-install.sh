#!/bin/sh
# Install Debian/Ubuntu packages for an image layer.
#
# usage: apt-install.sh PACKAGE...
#
# Expects /var/cache/apt and /var/lib/apt/lists to be cache mounts: downloaded .debs are kept
# there (not in the layer), and nothing apt downloads is left in the image. Retries a failed
# download twice. Exits non-zero, naming the packages, if any cannot be installed.
set -eu

if [ "$#" -eq 0 ]; then
    echo "apt-install.sh: no packages given" >&2
    exit 2
fi

# No questions: set here, not as an image ENV, so the images do not carry it.
export DEBIAN_FRONTEND=noninteractive

# Keep downloaded packages in the cache mount; the stock image deletes them after install.
rm -f /etc/apt/apt.conf.d/docker-clean
printf 'Binary::apt::APT::Keep-Downloaded-Packages "true";\n' >/etc/apt/apt.conf.d/90bakery-keep-downloads

attempt=1
while :; do
    if apt-get update -q && apt-get install -y -q --no-install-recommends "$@"; then
        break
    fi
    if [ "$attempt" -ge 3 ]; then
        echo "apt-install.sh: could not install: $*" >&2
        exit 1
    fi
    attempt=$((attempt + 1))
    echo "apt-install.sh: retrying (attempt $attempt of 3)" >&2
    sleep $((attempt * 5))
done

# Nothing of apt's state outside the cache mounts belongs in the layer.
rm -rf /var/log/apt/* /var/log/dpkg.log
