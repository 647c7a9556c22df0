#!/bin/sh
# Compile Complement's test packages, one test binary per package.
#
# usage: complement-build.sh SRC OUT TAGS [PATTERN...]
#
# SRC is Complement's checkout, OUT the directory that receives bin/<dir>.test for every package
# matching PATTERNs (default ./tests/...) that has test files, and OUT/MANIFEST with one line per
# binary: "<binary> <import path> <package dir relative to SRC>". TAGS are Go build tags
# (comma- or space-separated; may be empty). Complement's packages share names (several are
# called `tests`), which is why `go test -c` cannot build them in one call. Exits non-zero if
# a package does not compile or no package has tests.
set -eu

if [ "$#" -lt 3 ]; then
    echo "usage: complement-build.sh SRC OUT TAGS [PATTERN...]" >&2
    exit 2
fi
src=$1 out=$2 tags=$3
# The stage's go_proxy argument, when given, is where Go fetches the modules go.sum pins.
if [ -n "${go_proxy:-}" ]; then export GOPROXY="$go_proxy"; fi
shift 3
[ "$#" -gt 0 ] || set -- ./tests/...

src=$(cd "$src" && pwd)
mkdir -p "$out/bin"
manifest="$out/MANIFEST"
: >"$manifest.tmp"

cd "$src"
packages=$(go list -tags "$tags" -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}} {{.Dir}}{{end}}' "$@")
[ -n "$packages" ] || { echo "complement-build.sh: no package matching $* has tests" >&2; exit 1; }

echo "$packages" | while read -r pkg dir; do
    rel=${dir#"$src"/}
    [ "$rel" != "$dir" ] || rel=.
    bin=$(printf '%s' "$rel" | tr '/.' '__').test
    echo "complement-build.sh: $pkg -> bin/$bin" >&2
    go test -c -tags "$tags" -o "$out/bin/$bin" "$pkg"
    printf '%s %s %s\n' "$bin" "$pkg" "$rel" >>"$manifest.tmp"
done
mv "$manifest.tmp" "$manifest"
