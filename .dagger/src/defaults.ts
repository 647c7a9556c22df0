/**
 * One source of truth for bakery's defaults: the project settings (tuwunel's values) and every
 * pinned tool and image version (the matrix axes' defaults are declared with the axes, in
 * config/axes.ts). The module's
 * arguments name these constants, and the SDK's scanner resolves them to literals, so
 * `dagger call --help` shows the same values the code uses. Keep them plain literals (no
 * `as const`, no expressions): the scanner only follows literal initializers.
 */

// ---------------------------------------------------------------- project settings (tuwunel)

/** Named feature sets, `name:feature,feature,…`; tuwunel's `logging` is all but release_max_log_level. */
export const DEFAULT_FEATURE_SETS: string[] = [
  "logging:brotli_compression,bzip2_compression,console,direct_tls,element_hacks,gzip_compression,io_uring,jemalloc,jemalloc_conf,jemalloc_prof,jemalloc_stats,ldap,lz4_compression,media_thumbnail,perf_measurements,sentry_telemetry,systemd,tokio_console,tuwunel_mods,url_preview,zstd_compression",
];

/** Features added to every set but `all` (tuwunel's cargo_features_always). */
export const DEFAULT_ALWAYS_FEATURES: string[] = ["direct_tls"];

/** What the `nightly` toolchain key installs (tuwunel's RUST_NIGHTLY); pin a date for reproducible builds. */
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
  "valgrind",
  "xz-utils",
];

/** Libraries compiled into RocksDB: the same for every feature set, so RocksDB builds once per (sys, CPU level). */
export const DEFAULT_ROCKSDB_WITH: string[] = ["bz2", "lz4", "zstd", "liburing"];
/** C++ flags RocksDB's build adds to those of its CPU level: none. */
export const DEFAULT_ROCKSDB_CXX_FLAGS: string[] = [];

/** Cargo profile overrides applied to every build (tuwunel's CARGO_PROFILE_* args). */
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
 * Paths besides the manifests and member directories that the compiler reads (tuwunel's
 * source-rust allowlist, less clippy.toml and rust-toolchain.toml, which bakery routes to the
 * steps that read them).
 */
export const DEFAULT_RUST_EXTRA_PATHS: string[] = [".cargo", "tuwunel-example.toml"];

// ---------------------------------------------------------------- check settings (tuwunel)

/** Paths typos skips besides the project's own config (tuwunel's seven excludes). */
export const DEFAULT_TYPOS_EXCLUDE: string[] = [
  "docker",
  "nix",
  "RELEASE.md",
  "tests/complement/*.jsonl",
  "tests/playwright/known-failures.txt",
  "docs/development/compliance/msc.md",
  "docs/development/testing/performance.md",
];

/** What lychee checks (globs are lychee's, from the workspace root): the docs, the top-level Markdown files, the README of each top-level directory. */
export const DEFAULT_LYCHEE_PATHS: string[] = ["docs", "*.md", "*/README.md"];

/** Inputs lychee skips: regular expressions of their paths as lychee lists them (tuwunel's). */
export const DEFAULT_LYCHEE_EXCLUDE: string[] = ["^development\\.md$"];

/** cargo-audit's warning kinds that fail the check (tuwunel's --deny list). */
export const DEFAULT_AUDIT_DENY: string[] = ["warnings", "unmaintained", "unsound", "yanked"];

/** The RustSec advisory database cargo-audit fetches (its own default). */
export const DEFAULT_ADVISORY_DB_URL = "https://github.com/RustSec/advisory-db.git";

/** The binary's version flag. */
export const DEFAULT_SMOKE_VERSION_ARGS: string[] = ["-V"];

/** Start in smoke mode (start, run the startup checks, shut down) on a throwaway database under /tmp/smoke. */
export const DEFAULT_SMOKE_STARTUP_ARGS: string[] = [
  '-Otest=["smoke"]',
  '-Oserver_name="localhost"',
  "-Oerror_on_unknown_config_opts=true",
  '-Odatabase_path="/tmp/smoke/db"',
];

/** Extra arguments under valgrind (tuwunel's db_pool_max_workers). */
export const DEFAULT_SMOKE_VALGRIND_ARGS: string[] = ["-Odb_pool_max_workers=128"];

/** The smoke runs' environment. */
export const DEFAULT_SMOKE_ENV: string[] = ["TUWUNEL_LOG=info"];

// ---------------------------------------------------------------- the matrix

/** How many cells a matrix runs at once (the engine shares their common layers either way). */
export const DEFAULT_MATRIX_CONCURRENCY = 4;

// ---------------------------------------------------------------- image and release settings (tuwunel)

/** The unprivileged user the service image runs as. */
export const DEFAULT_IMAGE_USER = "tuwunel";
/** The ports the service image exposes. */
export const DEFAULT_IMAGE_PORTS: number[] = [8008, 8448];
/** The binary's health check of a running server (the image's HEALTHCHECK); empty for none. */
export const DEFAULT_IMAGE_HEALTHCHECK: string[] = ["--health-check"];
/** The org.opencontainers.image.vendor of releases. */
export const DEFAULT_IMAGE_VENDOR = "matrix-construct";

/** Files the package metadata refers to besides the binaries (what tuwunel's bake mounts for cargo-deb and cargo-generate-rpm). */
export const DEFAULT_PACKAGING_PATHS: string[] = ["debian", "rpm", "README.md", "LICENSE"];
/** Files the book reads besides book.toml, its source directory, its theme and what its pages include (bakery finds those). */
export const DEFAULT_BOOK_PATHS: string[] = [];
/** The flake output the nix build builds. */
export const DEFAULT_NIX_ATTR = "default";

/** Where images are published: registries, and the repository on each. */
export const DEFAULT_GHCR_REPOSITORY = "matrix-construct/tuwunel";
export const DEFAULT_DOCKER_IO_REPOSITORY = "jevolk/tuwunel";

/** Never part of the source bakery sees: build output, VCS data, editor and dependency caches. */
export const SOURCE_IGNORE: string[] = ["**/target", ".git", "**/node_modules", ".dagger/sdk", ".direnv", "result"];

// ---------------------------------------------------------------- pins

/** rustup-init release (static.rust-lang.org/rustup/archive/<version>/). */
export const RUSTUP_VERSION = "1.29.0";
/** Where rustup downloads from: "" for static.rust-lang.org, or a mirror of its dist/ and rustup/ trees. */
export const DEFAULT_RUSTUP_MIRROR = "";
/** Git URL rewrites, "<from>=<to>": none, so every repository is fetched where it is. */
export const DEFAULT_GIT_MIRRORS: string[] = [];
/** The user of the git mirrors' basic authentication when gitMirrorsToken is given: Dagger's default for a git token. */
export const DEFAULT_GIT_MIRRORS_USER = "x-access-token";
/** apt source rewrites, "<from>=<to>": none, so apt downloads from the sources the base image names. */
export const DEFAULT_APT_MIRRORS: string[] = [];
/** The crates.io replacement: "" for crates.io itself. */
export const DEFAULT_CRATES_MIRROR = "";
/** The toolchain that compiles bakery's cargo tools; independent of the matrix toolchain. */
export const TOOLS_TOOLCHAIN = "1.95.0";
/**
 * The cargo tools bakery compiles (each in its own cargo-tool stage) and the binaries it takes
 * from each: crate → version and binaries.
 */
export const CARGO_TOOLS = {
  "cargo-chef": { version: "0.1.77", bins: ["cargo-chef"] },
  "typos-cli": { version: "1.45.1", bins: ["typos"] },
  lychee: { version: "0.24.2", bins: ["lychee"] },
  "cargo-audit": { version: "0.22.1", bins: ["cargo-audit"] },
  "cargo-nextest": { version: "0.9.140", bins: ["cargo-nextest"] },
  "cargo-deb": { version: "3.6.3", bins: ["cargo-deb"] },
  "cargo-generate-rpm": { version: "0.19.0", bins: ["cargo-generate-rpm"] },
  mdbook: { version: "0.5.4", bins: ["mdbook"] },
};

/** The Nix image the nix build runs in. */
export const NIX_IMAGE = "nixos/nix:2.32.6";

/** The clean Red Hat system the rpm is installed in (tuwunel's redhat/ubi9). */
export const RPM_CHECK_IMAGE = "registry.access.redhat.com/ubi9/ubi:9.6";

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
  /** A stable path to the C++ runtime's static archives, whatever the gcc version. */
  staticCxx: "/usr/local/lib/bakery/static-cxx",
  /**
   * Where a static cell's linker finds libstdc++ first: a `libstdc++.so` that is a linker script
   * naming the static archive, so a build script's `rustc-link-lib=dylib=stdc++` links it statically.
   */
  staticCxxRedirect: "/usr/local/lib/bakery/static-cxx-redirect",
};
