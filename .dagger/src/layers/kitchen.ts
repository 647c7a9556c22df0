/**
 * kitchen = rust + rocksdb: the toolchain image with the prebuilt RocksDB and the environment
 * every cargo step of the cell shares. Keyed by system, toolchain and RocksDB; the profile and
 * features come later (cell environment), so every profile and feature set of a toolchain
 * shares one kitchen.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import { PATHS } from "../defaults.js";

/** What the kitchen is made from. */
export interface KitchenInputs {
  readonly rust: Container;
  /** Absent when the workspace does not link RocksDB. */
  readonly rocksdb?: Directory;
  /** The system's multiarch triple (where Debian puts libjemalloc.a). */
  readonly triple: string;
  /** Whether the system has Debian's static jemalloc (libjemalloc-dev). */
  readonly jemalloc: boolean;
}

/** The toolchain image with RocksDB wired in for the rust-librocksdb-sys build script. */
export function kitchenLayer(i: KitchenInputs): Container {
  let c = i.rust.withEnvVariable("CARGO_TARGET_DIR", PATHS.targetDir).withEnvVariable("CARGO_INCREMENTAL", "0");
  if (i.rocksdb) {
    // The rust-librocksdb-sys build script links this library instead of compiling RocksDB;
    // CXXSTDLIB="" keeps it from adding a dynamic libstdc++ (the C++ runtime is linked by rustflags).
    c = c
      .withDirectory(PATHS.rocksdb, i.rocksdb)
      .withEnvVariable("ROCKSDB_LIB_DIR", `${PATHS.rocksdb}/lib`)
      .withEnvVariable("ROCKSDB_INCLUDE_DIR", `${PATHS.rocksdb}/include`)
      .withEnvVariable("ROCKSDB_STATIC", "1")
      .withEnvVariable("CXXSTDLIB", "");
  }
  if (i.jemalloc) c = c.withEnvVariable("JEMALLOC_OVERRIDE", `/usr/lib/${i.triple}/libjemalloc.a`);
  return c.withWorkdir(PATHS.workspace);
}
