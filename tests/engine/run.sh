#!/usr/bin/env bash
# The engine lane: a real Dagger engine v0.21.8, built here from the Go module proxy, executes
# bakery's functions from a client session, driven by the harness that drives the engine
# double in `npm test`.
#
#   npm run test:engine          (as root; installs what it needs from Debian)
#   tests/engine/run.sh CMD…     the same lab, running CMD instead of the tests
#
# Everything it builds is cached under $BAKERY_LAB_CACHE (default /var/cache/bakery-lab), keyed by
# version, so a second run on the same machine builds nothing again:
#   engine-v0.21.8/bin     the engine, dagger-init, runc, CNI plugins, bakery-session (build.sh)
#   rootfs/<suite>.tar     the Debian base the module's Dockerfiles start from (tests/lab/rootfs.sh)
#   registry/              a local registry holding it as debian:<sys_version>, and node:<version>
#   sdk-content/           the engine's builtin SDK content (the Go and TypeScript SDKs' images,
#                          and the layer of the TypeScript runtime's node image), sdk-content.sh
#   rust-mirror/           a mirror of static.rust-lang.org made from this machine's Rust
#                          toolchain and rustup (rust-mirror.ts)
#   engine-state/          the engine's state: its layers and cache volumes (delete to start cold)
# It starts, and stops on exit whatever happened: the registry, the mirror, a git server (git
# daemon, serving the repositories the tests make under $RUN/git) and a pass-through mirror
# (pass-mirror.ts: Debian's archive, crates.io's index and downloads, the git server's repositories
# over HTTP, each public or private) on loopback; the
# engine on this host in mount and network namespaces of its own, reaching the network through
# slirp4netns (so it changes nothing in the host's network), the registry and the mirror at
# 10.0.2.2; then it runs tests/engine/*.test.ts, which open sessions of their own (lab.ts), and
# tests/cli/*.test.ts, which run the Dagger CLI (`npm run test:cli` runs those alone).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/engine
CACHE=${BAKERY_LAB_CACHE:-/var/cache/bakery-lab}
MIRROR=${BAKERY_LAB_MIRROR:-http://deb.debian.org/debian}
REGISTRY_PORT=5718
RUST_PORT=8718
GIT_PORT=9718
PASS_PORT=9720
RUN=$(mktemp -d /tmp/bakery-engine.XXXXXX)

# Go and rustup where their installers put them, should the caller's PATH lack them.
export PATH=$PATH:/usr/local/go/bin:$HOME/.cargo/bin

log() { printf '\033[1mengine lane:\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (it runs an engine, which runs containers); run it as root or in CI"
command -v apt-get >/dev/null || die "needs a Debian system (apt-get)"
mkdir -p "$CACHE"

pids=()
cleanup() {
    local status=$?
    # The engine first (it runs as the forked child of unshare), then the rest.
    [ -s "$RUN/ns/pid" ] && pids=("$(cat "$RUN/ns/pid")" "${pids[@]}")
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 1; done; done
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    awk -v run="$RUN" '$2 ~ "^"run {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    if [ "$status" -ne 0 ] && [ -f "$RUN/engine.log" ]; then log "the engine's last words:"; tail -30 "$RUN/engine.log" >&2; fi
    if [ -n "${BAKERY_LAB_KEEP:-}" ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
    exit "$status"
}
trap cleanup EXIT

install_host_packages() {
    local want=(debootstrap dnsmasq-base iptables slirp4netns docker-registry libseccomp-dev unzip python3) missing=()
    for p in "${want[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

base_image() {
    local version suite
    version=$("$ROOT/tests/lab/rootfs.sh" --sys-version)
    suite=${version%-slim}
    mkdir -p "$CACHE/rootfs"
    ROOTFS=$CACHE/rootfs/$suite.tar
    if [ ! -f "$ROOTFS" ]; then
        log "making the base image's root filesystem ($suite)"
        "$ROOT/tests/lab/rootfs.sh" "$ROOTFS" "$MIRROR"
    fi
    mkdir -p "$CACHE/registry"
    cat >"$RUN/registry.yml" <<YML
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $CACHE/registry } }
http: { addr: 127.0.0.1:$REGISTRY_PORT }
YML
    docker-registry serve "$RUN/registry.yml" >"$RUN/registry.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$REGISTRY_PORT/v2/" >/dev/null && break; sleep 0.5; done
    log "pushing debian:$version to the local registry"
    (cd "$ROOT" && npx --no-install tsx tests/engine/oci-push.ts "127.0.0.1:$REGISTRY_PORT" "library/debian:$version" "$ROOTFS") >/dev/null
}

# The TypeScript SDK runtime's node image (bakery's stand-in names it): the base and node's layer.
node_image() {
    local content=$CACHE/sdk-content/typescript
    log "pushing node:$(cat "$content/node-version") to the local registry"
    (cd "$ROOT" && npx --no-install tsx tests/engine/oci-push.ts "127.0.0.1:$REGISTRY_PORT" "library/node:$(cat "$content/node-version")" \
        "$ROOTFS" "$content/node-layer.tar") >/dev/null
}

rust_mirror() {
    local toolchain rustup
    toolchain=$(rustup run 1.95.0 rustc --print sysroot 2>/dev/null) || die "needs the Rust 1.95.0 toolchain installed by rustup (the mirror is made from it)"
    rustup=$(readlink -f "$(command -v rustup)")
    log "serving a Rust mirror made from $toolchain"
    (cd "$ROOT" && npx --no-install tsx tests/engine/rust-mirror.ts "$toolchain" "$rustup" "$CACHE/rust-mirror") >/dev/null
    python3 -m http.server "$RUST_PORT" --bind 127.0.0.1 --directory "$CACHE/rust-mirror" >"$RUN/mirror.log" 2>&1 &
    pids+=($!)
}

# A git server on loopback (git daemon, read-only, every repository under $RUN/git exported):
# the tests create the repositories they fetch; the engine reaches it at 10.0.2.2.
git_server() {
    mkdir -p "$RUN/git"
    git daemon --reuseaddr --export-all --informative-errors --verbose --listen=127.0.0.1 --port="$GIT_PORT" \
        --base-path="$RUN/git" "$RUN/git" >"$RUN/git-daemon.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 30); do (exec 3<>"/dev/tcp/127.0.0.1/$GIT_PORT") 2>/dev/null && break; sleep 0.2; done
}

# A pass-through mirror on loopback (pass-mirror.ts), every request logged: Debian's archive the
# base image names (route apt), crates.io (routes crates, crates-dl) and the git server's
# repositories over smart HTTP (route git), each public or, under an auth-<hash> prefix, private;
# the tests point --apt-mirrors, --crates-mirror and --git-mirrors at it.
pass_mirror() {
    APT_UPSTREAM=$(printf '%s' "$MIRROR" | sed -E 's#^(https?://[^/]+)/.*#\1/#')
    (cd "$ROOT" && exec node --import tsx tests/engine/pass-mirror.ts "$PASS_PORT" "$RUN/pass-mirror.log" "$RUN/git" \
        "apt=$APT_UPSTREAM" crates=https://index.crates.io/ crates-dl=https://static.crates.io/crates/) >"$RUN/pass-mirror.out" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 50); do grep -q listening "$RUN/pass-mirror.out" 2>/dev/null && break; sleep 0.2; done
}

start_engine() {
    local bin=$CACHE/engine-v0.21.8/bin ns=$RUN/ns content=$CACHE/sdk-content
    mkdir -p "$ns"/{bin,bin-work,usrbin,usrbin-work} "$CACHE/engine-state"
    cp "$bin/dagger-engine" "$bin/dagger-init" "$bin/runc" "$ns/bin/"
    ln -s /usr/sbin/xtables-legacy-multi "$ns/usrbin/xtables-legacy-multi"
    ln -s /usr/sbin/xtables-nft-multi "$ns/usrbin/xtables-nft-multi"
    echo "nameserver 10.0.2.3" >"$ns/resolv.conf"
    # the README's example of registry mirrors (examples/engine.json), with the lab's registry as the mirror
    sed "s/mirror\.example:5000/10.0.2.2:$REGISTRY_PORT/g" "$ROOT/examples/engine.json" >"$ns/engine.json"
    : >"$ns/engine.toml"
    log "starting the engine (state in $CACHE/engine-state)"
    # A private mount namespace: the engine's binaries appear at the paths it expects, and what it
    # writes to /usr/bin and /etc stays there; a private network namespace, reached by slirp4netns.
    # The Go SDK's modules fetch their dependencies through the module cache of its image (a file
    # proxy: sdk-content.sh), then this machine's Go module proxy: the engine hands an exec that
    # asks for GOPROXY the value of its own _DAGGER_ENGINE_SYSTEMENV_GOPROXY.
    # shellcheck disable=SC2016 # the script is the inner shell's; its arguments follow it
    DAGGER_GO_SDK_MANIFEST_DIGEST=$(cat "$content/go/digest") DAGGER_TYPESCRIPT_SDK_MANIFEST_DIGEST=$(cat "$content/typescript/digest") \
    _DAGGER_ENGINE_SYSTEMENV_GOPROXY="file:///opt/goproxy,$(go env GOPROXY)" \
    unshare --mount --net --propagation private --fork --kill-child bash -c '
        set -e
        ns=$1 state=$2 cni=$3 content=$4
        echo $$ >"$ns/pid"
        while [ ! -f "$ns/ready" ]; do sleep 0.2; done
        mount -t overlay overlay -o lowerdir=/usr/local/bin,upperdir="$ns/bin",workdir="$ns/bin-work" /usr/local/bin
        mount -t overlay overlay -o lowerdir=/usr/bin,upperdir="$ns/usrbin",workdir="$ns/usrbin-work" /usr/bin
        mount --bind "$ns/resolv.conf" /etc/resolv.conf
        mkdir -p /etc/dagger && mount --bind "$ns/engine.json" /etc/dagger/engine.json 2>/dev/null || { mount -t tmpfs tmpfs /etc/dagger && cp "$ns/engine.json" /etc/dagger/; }
        mkdir -p /usr/local/share/dagger/content && mount --bind "$content" /usr/local/share/dagger/content
        mount -t tmpfs tmpfs /run
        ip link set lo up
        export PATH=/usr/local/bin:/usr/bin:/usr/sbin:/bin:/sbin
        exec dagger-engine --config "$ns/engine.toml" --root "$state" --addr "unix://$ns/engine.sock" \
            --oci-cni-binary-dir "$cni" --oci-cni-pool-size 4 --debug
    ' bash "$ns" "$CACHE/engine-state" "$bin/cni" "$content/content" >"$RUN/engine.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 50); do [ -s "$ns/pid" ] && break; sleep 0.1; done
    slirp4netns --configure --mtu=65520 "$(cat "$ns/pid")" tap0 >"$RUN/slirp.log" 2>&1 &
    pids+=($!)
    sleep 1
    touch "$ns/ready"
    export _EXPERIMENTAL_DAGGER_RUNNER_HOST="unix://$ns/engine.sock"
    for _ in $(seq 1 60); do
        if "$bin/bakery-session" query '{ version }' >/dev/null 2>&1; then log "engine up"; return; fi
        sleep 1
    done
    die "the engine did not answer"
}

install_host_packages
log "building the engine from the Go module proxy (cached)"
"$HERE/build.sh"
base_image
log "making the builtin SDK content (cached)"
"$HERE/sdk-content.sh" "$ROOTFS"
node_image
rust_mirror
git_server
pass_mirror
start_engine

export BAKERY_LAB_CACHE=$CACHE BAKERY_LAB_RUN=$RUN BAKERY_LAB_RUSTUP_MIRROR="http://10.0.2.2:$RUST_PORT" \
    BAKERY_LAB_GIT_DIR="$RUN/git" BAKERY_LAB_GIT_URL="git://10.0.2.2:$GIT_PORT" BAKERY_LAB_GIT_LOG="$RUN/git-daemon.log" \
    BAKERY_LAB_PASS_URL="http://10.0.2.2:$PASS_PORT" BAKERY_LAB_PASS_LOG="$RUN/pass-mirror.log" BAKERY_LAB_APT_UPSTREAM="$APT_UPSTREAM"
cd "$ROOT"
if [ "$#" -gt 0 ]; then
    # A command of one's own against the running lab (e.g. a shell, or one test file).
    log "running: $*"
    "$@"
else
    # Both lanes of the lab on one start: the client sessions, then the CLI loading the module.
    log "running the engine lane's tests (tests/engine)"
    npx --no-install vitest run --config tests/engine/vitest.config.ts
    log "running the CLI lane's tests (tests/cli)"
    npx --no-install vitest run --config tests/cli/vitest.config.ts
fi
