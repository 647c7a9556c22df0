#!/bin/sh
# Check how a binary links, as tuwunel's install target does (assert_linkage).
#
# usage: check-linkage.sh static|dynamic BINARY
#   static   BINARY must need no shared library (ldd says "not a dynamic executable" or
#            "statically linked")
#   dynamic  every shared library BINARY needs must be found in this image
#
# Prints ldd's report either way; exits 1, saying why, when the check fails.
set -eu

[ "$#" -eq 2 ] || { echo "usage: check-linkage.sh static|dynamic BINARY" >&2; exit 2; }
mode=$1 bin=$2
[ -f "$bin" ] || { echo "check-linkage.sh: $bin: no such file" >&2; exit 1; }

report=$(ldd "$bin" 2>&1 || true)
printf '%s\n' "$report"
case "$mode" in
    static)
        case "$report" in
            *"not a dynamic executable"* | *"statically linked"*) echo "check-linkage.sh: $bin is static" ;;
            *) echo "check-linkage.sh: $bin should be static but needs shared libraries (above)" >&2; exit 1 ;;
        esac
        ;;
    dynamic)
        if printf '%s\n' "$report" | grep -q "not found"; then
            echo "check-linkage.sh: $bin needs shared libraries this image lacks (above: not found)" >&2
            exit 1
        fi
        echo "check-linkage.sh: every library $bin needs is here"
        ;;
    *) echo "check-linkage.sh: mode must be static or dynamic, not '$mode'" >&2; exit 2 ;;
esac
