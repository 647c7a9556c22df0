#!/usr/bin/env bash
# The Docker lane: build bakery's Dockerfile stages for real, with a Docker engine and BuildKit
# that this script starts itself and removes afterwards.
#
#   npm run test:docker          (as root; installs what it needs from Debian)
#
# What it sets up, all under one scratch directory ($BAKERY_LAB, default a fresh mktemp):
#   - bookworm packages it needs and lacks: containerd, runc, debootstrap, shellcheck;
#   - dockerd, the docker CLI and the buildx plugin from Debian trixie (docker.io 26.1, buildx
#     0.13), fetched with a private apt configuration and unpacked there, not installed;
#   - a daemon on its own socket, data root and exec root, overlay2, with no bridge and no
#     iptables rules (builds use the host network), so it touches nothing outside the lab;
#   - a debootstrapped Debian rootfs of the suite the module's default sys_version names
#     (tests/lab/rootfs.sh), which the tests import under the image name the module uses.
# Then it runs the lane's tests (tests/docker/*.test.ts) against that daemon, and on exit
# stops the daemon and deletes the lab, whatever happened.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOCKER_MINOR=26.1
BUILDX_MINOR=0.13
MIRROR=${BAKERY_LAB_MIRROR:-http://deb.debian.org/debian}

log() { printf '\033[1mdocker lane:\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (it installs packages and runs dockerd); run it as root or in CI"
command -v apt-get >/dev/null || die "needs a Debian system (apt-get)"

LAB=${BAKERY_LAB:-$(mktemp -d /tmp/bakery-lab.XXXXXX)}
mkdir -p "$LAB"
LAB=$(cd "$LAB" && pwd)

cleanup() {
    local status=$?
    if [ -f "$LAB/dockerd.pid" ]; then
        log "stopping dockerd"
        kill "$(cat "$LAB/dockerd.pid")" 2>/dev/null || true
        for _ in $(seq 1 30); do [ -f "$LAB/dockerd.pid" ] || break; sleep 1; done
    fi
    # Whatever the daemon left mounted under the lab must go before the lab does.
    awk -v lab="$LAB" '$2 ~ "^"lab {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    if [ -z "${BAKERY_LAB_KEEP:-}" ]; then rm -rf "$LAB"; else log "kept $LAB"; fi
    exit "$status"
}
trap cleanup EXIT

install_host_packages() {
    local missing=()
    command -v containerd >/dev/null || missing+=(containerd)
    command -v runc >/dev/null || missing+=(runc)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    command -v shellcheck >/dev/null || missing+=(shellcheck)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

fetch_docker() {
    log "fetching docker.io $DOCKER_MINOR, docker-cli and docker-buildx $BUILDX_MINOR from trixie"
    local apt="$LAB/apt"
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$LAB/debs" "$LAB/root"
    echo "deb $MIRROR trixie main" >"$apt/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1
        -o APT::Sandbox::User=root)
    apt-get "${opts[@]}" update -q >/dev/null
    (cd "$LAB/debs" && apt-get "${opts[@]}" download docker.io docker-cli docker-buildx >/dev/null)
    for deb in "$LAB"/debs/*.deb; do dpkg-deb -x "$deb" "$LAB/root"; done
    local v
    v=$("$LAB/root/usr/sbin/dockerd" --version)
    case "$v" in *" $DOCKER_MINOR."*) ;; *) die "expected dockerd $DOCKER_MINOR.x, got: $v" ;; esac
    mkdir -p "$LAB/config/cli-plugins"
    cp "$LAB/root/usr/libexec/docker/cli-plugins/docker-buildx" "$LAB/config/cli-plugins/"
    v=$(DOCKER_CONFIG="$LAB/config" "$LAB/root/usr/bin/docker" buildx version)
    case "$v" in *" $BUILDX_MINOR."*) ;; *) die "expected buildx $BUILDX_MINOR.x, got: $v" ;; esac
    ls "$LAB"/debs >"$LAB/versions.txt"
}

start_daemon() {
    log "starting dockerd ($LAB/docker.sock)"
    mkdir -p "$LAB/data" "$LAB/exec"
    PATH="$LAB/root/usr/sbin:$LAB/root/usr/bin:$PATH" \
        "$LAB/root/usr/sbin/dockerd" --data-root "$LAB/data" --exec-root "$LAB/exec" --pidfile "$LAB/dockerd.pid" \
        --host "unix://$LAB/docker.sock" --storage-driver overlay2 --bridge none --iptables=false --ip6tables=false \
        >"$LAB/dockerd.log" 2>&1 &
    for _ in $(seq 1 30); do
        if DOCKER_HOST="unix://$LAB/docker.sock" "$LAB/root/usr/bin/docker" info >/dev/null 2>&1; then return; fi
        sleep 1
    done
    tail -20 "$LAB/dockerd.log" >&2
    die "dockerd did not come up"
}

debootstrap_base() {
    log "making the base image's root filesystem"
    "$ROOT/tests/lab/rootfs.sh" "$LAB/rootfs.tar" "$MIRROR"
}

install_host_packages
fetch_docker
start_daemon
debootstrap_base

log "running the lane's tests"
cd "$ROOT"
BAKERY_DOCKER="$LAB/root/usr/bin/docker" DOCKER_HOST="unix://$LAB/docker.sock" DOCKER_CONFIG="$LAB/config" \
    BAKERY_LAB_ROOTFS="$LAB/rootfs.tar" BAKERY_LAB_DIR="$LAB" \
    npx --no-install vitest run --config tests/docker/vitest.config.ts
