#!/bin/sh
# Install rustup and one toolchain into $RUSTUP_HOME / $CARGO_HOME.
#
# usage: rustup-install.sh RUSTUP_VERSION TOOLCHAIN COMPONENTS TARGETS [MIRROR]
#   RUSTUP_VERSION  rustup-init release to download, e.g. 1.29.0
#   TOOLCHAIN       channel to install: stable, nightly, nightly-2026-11-01, 1.95.0
#   COMPONENTS      comma-separated extra components (clippy,rustfmt,…), may be empty
#   TARGETS         comma-separated extra targets, may be empty
#   MIRROR          a mirror of static.rust-lang.org (its dist/ and rustup/ trees); empty or
#                   absent for static.rust-lang.org itself
#
# rustup-init comes from the versioned archive for this machine's triple and is checked against
# the .sha256 published beside it; rustup then checks every toolchain file against the channel
# manifest. The toolchain uses the minimal profile.
set -eu

[ "$#" -eq 4 ] || [ "$#" -eq 5 ] || { echo "usage: rustup-install.sh RUSTUP_VERSION TOOLCHAIN COMPONENTS TARGETS [MIRROR]" >&2; exit 2; }
version=$1 toolchain=$2 components=$3 targets=$4 mirror=${5-}
: "${RUSTUP_HOME:?RUSTUP_HOME must be set}" "${CARGO_HOME:?CARGO_HOME must be set}"

case "$(uname -m)" in
    x86_64) host=x86_64-unknown-linux-gnu ;;
    aarch64 | arm64) host=aarch64-unknown-linux-gnu ;;
    *) echo "rustup-install.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

protocols='=https'
if [ -n "$mirror" ]; then
    case "$mirror" in
        https://*) ;;
        http://*) protocols='=http,https' ;;
        *) echo "rustup-install.sh: mirror '$mirror' is not an http(s) URL" >&2; exit 2 ;;
    esac
    export RUSTUP_DIST_SERVER="$mirror" RUSTUP_UPDATE_ROOT="$mirror/rustup"
fi
url="${RUSTUP_UPDATE_ROOT:-https://static.rust-lang.org/rustup}/archive/${version}/${host}/rustup-init"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl --proto "$protocols" --tlsv1.2 -fsSL --retry 3 -o "$tmp/rustup-init" "$url"
curl --proto "$protocols" --tlsv1.2 -fsSL --retry 3 -o "$tmp/rustup-init.sha256" "$url.sha256"
expected=$(cut -d' ' -f1 "$tmp/rustup-init.sha256")
actual=$(sha256sum "$tmp/rustup-init" | cut -d' ' -f1)
if [ "$expected" != "$actual" ]; then
    echo "rustup-install.sh: checksum mismatch for $url: expected $expected, got $actual" >&2
    exit 1
fi
chmod +x "$tmp/rustup-init"

if [ ! -x "$CARGO_HOME/bin/rustup" ]; then
    "$tmp/rustup-init" -y --quiet --no-modify-path --profile minimal --default-toolchain none
fi
# rustup stays at the pinned version: no self-update when a toolchain is installed or set.
"$CARGO_HOME/bin/rustup" set auto-self-update disable
set -- --profile minimal
[ -n "$components" ] && set -- "$@" --component "$components"
[ -n "$targets" ] && set -- "$@" --target "$targets"
"$CARGO_HOME/bin/rustup" toolchain install "$toolchain" "$@"
"$CARGO_HOME/bin/rustup" default "$toolchain"
"$CARGO_HOME/bin/rustc" --version --verbose
