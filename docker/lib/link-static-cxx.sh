#!/bin/sh
# Give the C++ runtime's static archives a stable path, so static links need not name the gcc
# version (the seed hard-codes gcc 15's directory).
#
# usage: link-static-cxx.sh DIR
#
# DIR becomes a symlink to the directory holding libstdc++.a of the system's default compiler.
# Fails when the system has no static libstdc++ (install libstdc++-<n>-dev, e.g. via g++).
set -eu

dir=${1:?usage: link-static-cxx.sh DIR}
archive=$(c++ -print-file-name=libstdc++.a)
case "$archive" in
    /*) ;;
    *)
        echo "link-static-cxx.sh: no static libstdc++ found (got '$archive')" >&2
        exit 1
        ;;
esac
mkdir -p "$(dirname "$dir")"
ln -sfn "$(dirname "$(readlink -f "$archive")")" "$dir"
echo "link-static-cxx.sh: $dir -> $(readlink "$dir")"
