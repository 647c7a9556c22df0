#!/bin/sh
# Build RocksDB as a static library with CMake and install it.
#
# usage: rocksdb-build.sh SRC PREFIX PORTABLE CXX_FLAGS [LIB...]
#   SRC        RocksDB source tree (holds CMakeLists.txt)
#   PREFIX     install prefix; gets lib/librocksdb.a and include/rocksdb/
#   PORTABLE   CMake PORTABLE: 1 (baseline), 0 (native), or a -march name such as x86-64-v3
#   CXX_FLAGS  extra CMAKE_CXX_FLAGS (TLS model, -mpclmul …)
#   LIB        compression/IO libraries to compile in: bz2 lz4 zstd liburing (others off)
#
# Release, no RTTI, LTO objects usable by both LTO and non-LTO links; tools, tests, benchmarks,
# JNI, gflags, snappy and zlib off. Uses every CPU of the build machine without making the
# core count part of the layer's inputs.
set -eu

[ "$#" -ge 4 ] || { echo "usage: rocksdb-build.sh SRC PREFIX PORTABLE CXX_FLAGS [LIB...]" >&2; exit 2; }
src=$1 prefix=$2 portable=$3 cxx_flags=$4
shift 4

with_bz2=OFF with_lz4=OFF with_zstd=OFF with_liburing=OFF
for lib in "$@"; do
    case "$lib" in
        bz2) with_bz2=ON ;;
        lz4) with_lz4=ON ;;
        zstd) with_zstd=ON ;;
        liburing) with_liburing=ON ;;
        *) echo "rocksdb-build.sh: unknown library '$lib' (valid: bz2 lz4 zstd liburing)" >&2; exit 2 ;;
    esac
done
[ -f "$src/CMakeLists.txt" ] || { echo "rocksdb-build.sh: $src has no CMakeLists.txt" >&2; exit 1; }

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
CC=clang CXX=clang++ cmake -S "$src" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib \
    -DCMAKE_CXX_FLAGS="$cxx_flags" \
    -DCMAKE_CXX_FLAGS_RELEASE="-g0 -O3 -DNDEBUG -flto -ffat-lto-objects" \
    -DBUILD_SHARED_LIBS=OFF -DROCKSDB_BUILD_SHARED=OFF \
    -DPORTABLE="$portable" \
    -DFAIL_ON_WARNINGS=OFF -DUSE_RTTI=OFF -DWITH_RUNTIME_DEBUG=OFF \
    -DWITH_TESTS=OFF -DWITH_BENCHMARK_TOOLS=OFF -DWITH_TOOLS=OFF -DWITH_CORE_TOOLS=OFF \
    -DWITH_TRACE_TOOLS=OFF -DWITH_EXAMPLES=OFF -DWITH_JNI=OFF -DWITH_GFLAGS=OFF \
    -DWITH_NUMA=OFF -DWITH_JEMALLOC=OFF -DWITH_SNAPPY=OFF -DWITH_ZLIB=OFF \
    -DWITH_BZ2="$with_bz2" -DWITH_LZ4="$with_lz4" -DWITH_ZSTD="$with_zstd" -DWITH_LIBURING="$with_liburing"
cmake --build "$build" --parallel "$(nproc)"
cmake --install "$build"
ls -l "$prefix/lib"
