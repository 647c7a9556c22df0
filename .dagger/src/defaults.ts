/**
 * One source of truth for bakery's defaults: the matrix axes (the seed's `bake.sh` values), the
 * project settings (tuwunel's values), and every pinned tool and image version. The module's
 * arguments name these constants, and the SDK's scanner resolves them to literals, so
 * `dagger call --help` shows the same values the code uses. Keep them plain literals (no
 * `as const`, no expressions): the scanner only follows literal initializers.
 */

// ---------------------------------------------------------------- matrix axes (bake.sh)

/** cargo_profile */
export const DEFAULT_CARGO_PROFILE = "test";
/** feat_set */
export const DEFAULT_FEAT_SET = "all";
/** rust_toolchain */
export const DEFAULT_RUST_TOOLCHAIN = "nightly";
/** rust_target */
export const DEFAULT_RUST_TARGET = "x86_64-unknown-linux-gnu";
/** sys_name */
export const DEFAULT_SYS_NAME = "debian";
/** sys_version */
export const DEFAULT_SYS_VERSION = "testing-slim";
/** sys_target */
export const DEFAULT_SYS_TARGET = "x86_64-v1-linux-gnu";

// ---------------------------------------------------------------- project settings (tuwunel)

/** Named feature sets, `name:feature,feature,…`; tuwunel's `logging` is all but release_max_log_level. */
export const DEFAULT_FEATURE_SETS: string[] = [
  "logging:brotli_compression,bzip2_compression,console,direct_tls,element_hacks,gzip_compression,io_uring,jemalloc,jemalloc_conf,jemalloc_prof,jemalloc_stats,ldap,lz4_compression,media_thumbnail,perf_measurements,sentry_telemetry,systemd,tokio_console,tuwunel_mods,url_preview,zstd_compression",
];

/** Features added to every set but `all` (the seed's cargo_features_always). */
export const DEFAULT_ALWAYS_FEATURES: string[] = ["direct_tls"];

/** What the `nightly` toolchain key installs (the seed's RUST_NIGHTLY); pin a date for reproducible builds. */
export const DEFAULT_RUST_NIGHTLY = "nightly";

/** The package whose [features] the feature sets select; "" picks the workspace's only package with a binary. */
export const DEFAULT_MAIN_PACKAGE = "";

/** Packages of every image. */
export const DEFAULT_BASE_PACKAGES: string[] = ["adduser", "ca-certificates", "procps"];

/** Packages of the build system: compilers, CMake, and the -dev libraries RocksDB and the crates link. */
export const DEFAULT_BUILD_PACKAGES: string[] = [
  "clang",
  "cmake",
  "curl",
  "g++",
  "git",
  "libbz2-dev",
  "libc6-dev",
  "libclang-dev",
  "libjemalloc-dev",
  "liblz4-dev",
  "libssl-dev",
  "liburing-dev",
  "libzstd-dev",
  "make",
  "pkg-config",
  "xz-utils",
];

/** Libraries compiled into RocksDB: the same for every feature set, so RocksDB builds once per (sys, CPU level). */
export const DEFAULT_ROCKSDB_WITH: string[] = ["bz2", "lz4", "zstd", "liburing"];

/** Cargo profile overrides applied to every build (the seed's CARGO_PROFILE_* args). */
export const DEFAULT_CARGO_PROFILE_ENV: string[] = [
  "CARGO_PROFILE_TEST_DEBUG=false",
  "CARGO_PROFILE_TEST_INCREMENTAL=false",
  "CARGO_PROFILE_BENCH_DEBUG=false",
  "CARGO_PROFILE_BENCH_LTO=thin",
  "CARGO_PROFILE_RELEASE_LTO=thin",
  "CARGO_PROFILE_RELEASE_DEBUGINFO_DEBUG=limited",
  "CARGO_PROFILE_RELEASE_DEBUGINFO_LTO=off",
];

/**
 * Paths besides the manifests and member directories that the compiler reads (the seed's
 * source-rust allowlist, less clippy.toml and rust-toolchain.toml, which bakery routes to the
 * steps that read them).
 */
export const DEFAULT_RUST_EXTRA_PATHS: string[] = [".cargo", "tuwunel-example.toml"];

/** Never part of the source bakery sees: build output, VCS data, editor and dependency caches. */
export const SOURCE_IGNORE: string[] = ["**/target", ".git", "**/node_modules", ".dagger/sdk", ".direnv", "result"];

// ---------------------------------------------------------------- pins

/** rustup-init release (static.rust-lang.org/rustup/archive/<version>/). */
export const RUSTUP_VERSION = "1.28.2";
/** The toolchain that compiles bakery's cargo tools; independent of the matrix toolchain. */
export const TOOLS_TOOLCHAIN = "1.95.0";
/** cargo-chef, compiled into the tools image. */
export const CARGO_CHEF_VERSION = "0.1.77";

/** The Rust workspace bakery builds when its source has no Cargo.toml: tuwunel, by commit. */
export const EMBEDDED_SOURCE = {
  name: "tuwunel",
  url: "https://github.com/matrix-construct/tuwunel",
  tag: "v1.9.3",
  commit: "7801b8ec6f7773d90b1bbfeeb352012d6e004e96",
};

// ---------------------------------------------------------------- paths inside the images

/** Fixed paths inside the images. */
export const PATHS = {
  workspace: "/usr/src/workspace",
  targetDir: "/usr/src/workspace/target",
  cargoHome: "/opt/rust/cargo",
  rocksdb: "/opt/rocksdb",
  recipeDir: "/usr/src/recipe",
  /** A stable path to the C++ runtime's static archives (the seed hard-codes gcc 15's). */
  staticCxx: "/usr/local/lib/bakery/static-cxx",
};
