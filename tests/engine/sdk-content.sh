#!/usr/bin/env bash
# The engine's builtin SDK content, as Dagger's engine image carries it (an OCI image per SDK in
# the content store /usr/local/share/dagger/content, named by its manifest digest in
# DAGGER_GO_SDK_MANIFEST_DIGEST), made here from registries and this machine only:
#   go: the Debian base of the lab (tests/lab/rootfs.sh), this machine's Go toolchain at
#       /usr/local/go, Dagger's codegen (build.sh, from the Go module proxy) at
#       /usr/local/bin/codegen, and the module and build cache directories the engine mounts
#       its cache volumes over (/go/pkg/mod, /root/.cache/go-build), the module cache warmed
#       with dagger.io/dagger v0.21.8 and its dependencies. The engine asks the Go SDK's execs
#       for the library by commit (goSDKLibVersion in core/sdk/go_sdk.go), and for
#       github.com/dagger/querybuilder at its latest: the module proxy reachable here refuses
#       both queries (403), so a copy of the warmed cache's downloads (/opt/goproxy) answers
#       them as a file proxy put first in GOPROXY (run.sh): the commit as v0.21.8 (the
#       library's release of this engine), querybuilder's latest as the version the library
#       requires.
# Writes the blobs under OUT (default $BAKERY_LAB_CACHE/sdk-content) and OUT/go.digest; a
# second run with the same inputs does nothing.
#
#   tests/engine/sdk-content.sh ROOTFS.tar [OUT]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${BAKERY_LAB_CACHE:-/var/cache/bakery-lab}
rootfs=${1:?usage: sdk-content.sh ROOTFS.tar [OUT]}
out=${2:-$CACHE/sdk-content}
bin=$CACHE/engine-v0.21.8/bin
src=$CACHE/engine-v0.21.8/src/dagger-v0.21.8
goroot=$(go env GOROOT)

log() { printf '\033[1msdk content:\033[0m %s\n' "$*" >&2; }

stamp=$( (cat "$0" "$ROOT/tests/engine/oci-content.ts" "$ROOT/tests/engine/oci-push.ts"; sha256sum "$rootfs" "$bin/codegen" "$src/core/sdk/go_sdk.go"; go version) | sha256sum | cut -c1-16)
if [ -f "$out/STAMP" ] && [ "$(cat "$out/STAMP")" = "$stamp" ] && [ -s "$out/go.digest" ]; then
    log "up to date in $out"
    exit 0
fi
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d "$CACHE/sdk-content-work.XXXXXX")
trap 'rm -rf "$work"' EXIT

start=$SECONDS
mkdir -p "$work/go/usr/local/bin" "$work/go/go/pkg/mod" "$work/go/root/.cache/go-build"
cp "$bin/codegen" "$work/go/usr/local/bin/codegen"
lib=$(sed -n 's/^[[:space:]]*goSDKLibVersion *= *"\([0-9a-f]*\)".*/\1/p' "$src/core/sdk/go_sdk.go")
[ -n "$lib" ] || { log "error: no goSDKLibVersion in $src/core/sdk/go_sdk.go"; exit 1; }
mkdir -p "$work/warm"
(
    cd "$work/warm"
    export GOMODCACHE=$work/go/go/pkg/mod GOFLAGS=-mod=mod
    go mod init bakery.lab/warm >/dev/null 2>&1
    go get dagger.io/dagger@v0.21.8
    go mod download all
)
dl=$work/go/go/pkg/mod/cache/download
cp "$dl/dagger.io/dagger/@v/v0.21.8.info" "$dl/dagger.io/dagger/@v/$lib.info"
qb=$(sed -n 's#^[[:space:]]*github.com/dagger/querybuilder \(v[^ ]*\).*#\1#p' "$dl/dagger.io/dagger/@v/v0.21.8.mod")
[ -n "$qb" ] || { log "error: dagger.io/dagger v0.21.8 requires no github.com/dagger/querybuilder"; exit 1; }
cp "$dl/github.com/dagger/querybuilder/@v/$qb.info" "$dl/github.com/dagger/querybuilder/@latest"
chmod -R u+w "$work/go/go/pkg/mod"
# The file proxy sits apart from /go/pkg/mod, which the engine mounts a cache volume over.
mkdir -p "$work/go/opt" && cp -r "$dl" "$work/go/opt/goproxy"
tar --numeric-owner --owner=0 --group=0 -C "$work/go" -cf "$work/go-tools.tar" .
tar --numeric-owner --owner=0 --group=0 -C / -cf "$work/go-toolchain.tar" --transform "s,^${goroot#/},usr/local/go," "${goroot#/}"
env='["GOTOOLCHAIN=local","GOPATH=/go","PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]'
(cd "$ROOT" && npx --no-install tsx tests/engine/oci-content.ts "$out" "$env" "$rootfs" "$work/go-toolchain.tar" "$work/go-tools.tar") >"$out/go.digest"
log "go: $(cat "$out/go.digest") (library $lib as v0.21.8, querybuilder $qb; $((SECONDS - start)) s)"
echo "$stamp" >"$out/STAMP"
