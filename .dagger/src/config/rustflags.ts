/**
 * `CARGO_BUILD_RUSTFLAGS` per (profile, toolchain, sys_target), by tuwunel's bake's rules (reference
 * spec §2.4), first match wins:
 *   1. release-native: nightly + static + native CPU tuning;
 *   2. release/bench on nightly: nightly + static, target CPU level;
 *   3. release-like profiles on stable: static, target CPU level;
 *   4. any other profile on stable: as 3 (static);
 *   5. any other profile on nightly: nightly + dynamic PIE with shared generics.
 * So every build is static except nightly test/dev builds. Two deliberate differences: the
 * C libraries linked are those compiled into RocksDB (the prebuilt library needs them whatever
 * the Rust features are), and the C++ runtime is found through a stable path the system image
 * provides, not a hard-coded gcc version. Static cells search a redirect directory first, whose
 * `libstdc++.so` is a linker script naming the static archive: a build script that asks for the
 * C++ runtime as a shared library (`rustc-link-lib=dylib=stdc++`, as some RocksDB wrappers do
 * whatever CXXSTDLIB says) would otherwise make a "static" binary that needs libstdc++.so.6, and
 * crashes at start.
 */
import type { SysTarget } from "./sys-target.js";
import type { Toolchain } from "./toolchain.js";
import { isReleaseLike } from "./profiles.js";

/** How the binaries link: static (crt-static) or dynamic PIE. */
export type Linkage = "static" | "dynamic";

/** What the rustflags depend on. */
export interface RustflagsInput {
  readonly profile: string;
  readonly toolchain: Toolchain;
  readonly sys: SysTarget;
  /** RocksDB's compiled-in libraries (`bz2`, `lz4`, `zstd`, `liburing`). */
  readonly rocksdbWith: readonly string[];
  /** Directory holding the C++ runtime's static archives. */
  readonly staticCxxDir: string;
  /** Directory a static link searches first, holding staticCxxRedirect's script. */
  readonly staticCxxRedirectDir: string;
}

/** The flags chosen for a cell. */
export interface Rustflags {
  readonly linkage: Linkage;
  readonly flags: readonly string[];
  /** Unstable cargo flags the profile needs, without `-Z` (`build-std` for release-native). */
  readonly unstable: readonly string[];
}

const BASE = ["-Clink-arg=--verbose"];
const STATIC = ["-Crelocation-model=static", "-Ctarget-feature=+crt-static", "-Clink-arg=-Wno-unused-command-line-argument"];
const STATIC_LIBS = ["-Clink-arg=-l:libstdc++.a", "-Clink-arg=-l:libc.a", "-Clink-arg=-l:libm.a"];
const DYNAMIC = ["-Crelocation-model=pic", "-Ctarget-feature=-crt-static", "-Clink-arg=-Wl,--as-needed"];
const DYNAMIC_LIBS = ["-Clink-arg=-lstdc++", "-Clink-arg=-lc", "-Clink-arg=-lm"];
const NIGHTLY = ["--cfg=tokio_unstable", "-Aunstable_features", "-Zenforce-type-length-limit"];
const DYNAMIC_NIGHTLY = ["-Zshare-generics=yes"];
const STATIC_NIGHTLY = ["-Ztls-model=local-exec"];
const NATIVE = ["-Ctarget-cpu=native", "-Ztune-cpu=native", "-Zinline-mir=true", "-Zmir-opt-level=3"];

/**
 * Each library RocksDB can compile in: its link name (lib<name>.a / -l<name>) and the
 * Debian/Ubuntu package a dynamically linked binary needs at run time.
 */
const C_LIBS: Record<string, { link: string; runtime: string }> = {
  bz2: { link: "bz2", runtime: "libbz2-1.0" },
  lz4: { link: "lz4", runtime: "liblz4-1" },
  zstd: { link: "zstd", runtime: "libzstd1" },
  liburing: { link: "uring", runtime: "liburing2" },
};

/** The libraries RocksDB can compile in (the `rocksdbWith` choices). */
export const ROCKSDB_LIBS = Object.keys(C_LIBS);

/** The run-time packages a binary of this linkage needs for these libraries (none when static). */
export function runtimePackages(linkage: Linkage, rocksdbWith: readonly string[]): string[] {
  return linkage === "static" ? [] : rocksdbWith.map((w) => C_LIBS[w]!.runtime);
}

/**
 * The file a static link finds when asked for the shared C++ runtime: `libstdc++.so` in the
 * redirect directory, a linker script whose only input is the static archive.
 */
export function staticCxxRedirect(redirectDir: string, staticCxxDir: string): { path: string; contents: string } {
  return { path: `${redirectDir}/libstdc++.so`, contents: `INPUT(${staticCxxDir}/libstdc++.a)\n` };
}

/** Choose CARGO_BUILD_RUSTFLAGS and the unstable cargo flags for a cell (rules in the file header). */
export function rustflags(input: RustflagsInput): Rustflags {
  const { profile, toolchain, sys } = input;
  const nightly = toolchain.kind === "nightly";
  const libs = input.rocksdbWith.map((w) => C_LIBS[w]!.link);
  const cpu = sys.isa ? [`-Ctarget-cpu=${sys.isa}`] : [];
  const staticTail = [
    `-L${input.staticCxxRedirectDir}`,
    `-L${input.staticCxxDir}`,
    ...libs.map((l) => `-Clink-arg=-l:lib${l}.a`),
    ...STATIC_LIBS,
    ...(sys.arch === "aarch64" ? ["-Clink-arg=-l:libgcc.a"] : []),
  ];
  if (profile === "release-native") {
    if (!nightly) throw new Error("cargo_profile release-native needs a nightly rust_toolchain (it uses -Z flags and -Zbuild-std)");
    return {
      linkage: "static",
      flags: [...BASE, ...NIGHTLY, ...STATIC, ...STATIC_NIGHTLY, ...NATIVE, ...staticTail],
      unstable: ["build-std"],
    };
  }
  if (nightly && (profile === "release" || profile === "bench")) {
    return { linkage: "static", flags: [...BASE, ...NIGHTLY, ...STATIC, ...STATIC_NIGHTLY, ...cpu, ...staticTail], unstable: [] };
  }
  if (!nightly || isReleaseLike(profile)) {
    return { linkage: "static", flags: [...BASE, ...STATIC, ...cpu, ...staticTail], unstable: [] };
  }
  return {
    linkage: "dynamic",
    flags: [...BASE, ...NIGHTLY, ...DYNAMIC, ...DYNAMIC_NIGHTLY, ...cpu, ...libs.map((l) => `-Clink-arg=-l${l}`), ...DYNAMIC_LIBS],
    unstable: [],
  };
}
