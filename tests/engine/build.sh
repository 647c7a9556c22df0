#!/usr/bin/env bash
# Build Dagger engine v0.21.8, its CLI, codegen, helpers and bakery's session tool from the Go
# module proxy, into OUT (default $BAKERY_LAB_CACHE/engine-v0.21.8/bin). Nothing of Dagger's is
# committed: its module comes from the proxy by name and version; what is committed is bakery's own:
#   go/distconsts/   a stand-in for the nested module engine/distconsts (the proxy does not serve it)
#   go/overlay/      files put in place with `go build -overlay`. For the engine: core/sdk/dang_sdk.go
#                    (drops github.com/vito/dang/v2) and package dagql/idtui (idtui.go: drops
#                    github.com/vito/tuist): the proxy reachable here refuses both (403). For the
#                    CLI: idtui_cli.go, in place of the idtui files built on tuist and on the
#                    refused vito/midterm pre-release (the interactive UI falls back to plain)
#   go/tuist/        a stand-in module for github.com/vito/tuist: the two completion types the
#                    CLI's shell names
#   go/session/      bakery-session, which opens client sessions and writes the engine's spans
# A second run with the same inputs (these files, this script, the Go version) does nothing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
VERSION=v0.21.8
RUNC=v1.4.2
CNI=v1.9.0
CACHE=${BAKERY_LAB_CACHE:-/var/cache/bakery-lab}/engine-$VERSION
OUT=${1:-$CACHE/bin}

log() { printf '\033[1mengine build:\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

stamp=$( (cat "$0"; find "$HERE/go" -type f | sort | xargs cat; go version) | sha256sum | cut -c1-16)
if [ -f "$OUT/STAMP" ] && [ "$(cat "$OUT/STAMP")" = "$stamp" ]; then
    log "up to date in $OUT"
    exit 0
fi
command -v go >/dev/null || die "needs Go"
mkdir -p "$CACHE" "$OUT/cni"

# 1. Dagger's module as the proxy serves it, unpacked (go build -overlay may not replace files
#    inside the module cache). Checked against the checksum database by `go mod download`.
src=$CACHE/src/dagger-$VERSION
if [ ! -d "$src" ]; then
    log "fetching github.com/dagger/dagger@$VERSION from the Go module proxy"
    zip=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/dagger/dagger@$VERSION" | sed -n 's/.*"Zip": "\(.*\)".*/\1/p')
    [ -f "$zip" ] || die "no module zip for github.com/dagger/dagger@$VERSION"
    rm -rf "$CACHE/src/tmp" && mkdir -p "$CACHE/src/tmp"
    unzip -q "$zip" -d "$CACHE/src/tmp"
    mv "$CACHE/src/tmp/github.com/dagger/dagger@$VERSION" "$src"
    rm -rf "$CACHE/src/tmp"
    chmod -R a-w "$src"
fi

# 2. A wrapper module: Dagger's own replaces, bakery's stand-in for distconsts, and midterm at its
#    newest served release (the pinned pre-release is refused; the engine uses one function of it).
w=$CACHE/wrapper
rm -rf "$w" && mkdir -p "$w/cmd/bakery-session"
cp -r "$HERE/go/distconsts" "$w/distconsts"
cp -r "$HERE/go/tuist" "$w/tuist"
cp "$HERE/go/session/main.go" "$w/cmd/bakery-session/main.go"
(
    cd "$w"
    go mod init bakery.lab/engine >/dev/null 2>&1
    go mod edit -go=1.26.1 -require="github.com/dagger/dagger@$VERSION" \
        -replace="github.com/dagger/dagger=$src" \
        -replace="dagger.io/dagger=dagger.io/dagger@$VERSION" \
        -replace=github.com/dagger/dagger/engine/distconsts=./distconsts \
        -replace=github.com/vito/midterm=github.com/vito/midterm@v0.2.4 \
        -replace=github.com/vito/tuist=./tuist \
        -replace=go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc=go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc@v0.16.0 \
        -replace=go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp=go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp@v0.16.0 \
        -replace=go.opentelemetry.io/otel/log=go.opentelemetry.io/otel/log@v0.16.0 \
        -replace=go.opentelemetry.io/otel/sdk/log=go.opentelemetry.io/otel/sdk/log@v0.16.0 \
        -replace=go.etcd.io/bbolt=go.etcd.io/bbolt@v1.4.0-beta.0.0.20260422092123-cd4bafc17e45
    # The checksum database has no record of these three, whose code the proxy serves: take their
    # checksums from Dagger's own go.sum, so they are verified all the same.
    grep -E '^(go\.etcd\.io/bbolt|github\.com/jedevc/go-libsecret|github\.com/vito/bubbline) ' "$src/go.sum" >go.sum
    {
        printf '{"Replace": {\n'
        printf '  "%s": "%s",\n' "$src/core/sdk/dang_sdk.go" "$HERE/go/overlay/dang_sdk.go"
        for f in "$src"/dagql/idtui/*.go; do printf '  "%s": "",\n' "$f"; done
        printf '  "%s": "%s"\n' "$src/dagql/idtui/zz_bakery_lab.go" "$HERE/go/overlay/idtui.go"
        printf '}}\n'
    } >overlay.json
    # The CLI: Dagger's idtui less the files that import tuist's UI or midterm's search, plus ours.
    {
        printf '{"Replace": {\n'
        for f in error_label frontend_dots frontend_log_pager frontend_pretty frontend_tests keymap notification search vterm; do
            printf '  "%s": "",\n' "$src/dagql/idtui/$f.go"
        done
        printf '  "%s": "%s"\n' "$src/dagql/idtui/zz_bakery_lab.go" "$HERE/go/overlay/idtui_cli.go"
        printf '}}\n'
    } >cli-overlay.json
)

export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false"
V="-X github.com/dagger/dagger/engine.Version=$VERSION -X github.com/dagger/dagger/engine.Tag=$VERSION"
build() { # NAME ARGS...: go build in the wrapper, timed
    local name=$1 start=$SECONDS
    shift
    (cd "$w" && nice go build -trimpath "$@") || die "building $name failed"
    log "$name: $((SECONDS - start)) s"
}
build dagger-engine -overlay overlay.json -tags dfexcludepatterns,dfparents -ldflags "-s -w $V" -o "$OUT/dagger-engine" github.com/dagger/dagger/cmd/engine
build dagger-init -ldflags "-s -w" -o "$OUT/dagger-init" github.com/dagger/dagger/cmd/init
build dnsname -ldflags "-s -w" -o "$OUT/cni/dnsname" github.com/dagger/dagger/cmd/dnsname
build dagger -overlay cli-overlay.json -ldflags "-s -w $V" -o "$OUT/dagger" github.com/dagger/dagger/cmd/dagger
build codegen -ldflags "-s -w" -o "$OUT/codegen" github.com/dagger/dagger/cmd/codegen
build bakery-session -ldflags "-s -w $V" -o "$OUT/bakery-session" ./cmd/bakery-session

# 3. runc (cgo, libseccomp) and the CNI plugins, by name and version.
start=$SECONDS
(cd /tmp && CGO_ENABLED=1 GOFLAGS='' GOBIN="$OUT" nice go install -trimpath -buildmode=pie -tags "seccomp netgo osusergo" \
    -ldflags "-X main.version=$RUNC -linkmode external -extldflags -static-pie" "github.com/opencontainers/runc@$RUNC") || die "building runc failed"
log "runc: $((SECONDS - start)) s"
start=$SECONDS
for p in main/bridge main/loopback meta/firewall ipam/host-local; do
    (cd /tmp && GOFLAGS='' GOBIN="$OUT/cni" nice go install -trimpath -ldflags "-s -w" "github.com/containernetworking/plugins/plugins/$p@$CNI") || die "building $p failed"
done
log "cni plugins: $((SECONDS - start)) s"

"$OUT/dagger-engine" --version >/dev/null || die "the engine does not run"
echo "$stamp" >"$OUT/STAMP"
log "built into $OUT"
