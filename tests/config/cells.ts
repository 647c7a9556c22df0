/** Cells resolved against the fixture workspace's facts, for tests of pure layer logic. */
import { AXES as AXIS_DECLS, AxesSchema, perAxis, SettingsSchema, validate, type Axes } from "../../.dagger/src/config/axes.js";
import { resolveCell, type Cell } from "../../.dagger/src/config/cell.js";
import * as D from "../../.dagger/src/defaults.js";
import type { Workspace } from "../../.dagger/src/workspace/manifest.js";

/** The axes as a caller passes them by default (bake.sh's values). */
export const RAW_AXES = perAxis((a) => AXIS_DECLS[a].default);

/** The project settings as a caller passes them by default (tuwunel's values). */
export const RAW_SETTINGS = {
  featureSets: D.DEFAULT_FEATURE_SETS,
  alwaysFeatures: D.DEFAULT_ALWAYS_FEATURES,
  rustNightly: D.DEFAULT_RUST_NIGHTLY,
  mainPackage: D.DEFAULT_MAIN_PACKAGE,
  basePackages: D.DEFAULT_BASE_PACKAGES,
  buildPackages: D.DEFAULT_BUILD_PACKAGES,
  rocksdbWith: D.DEFAULT_ROCKSDB_WITH,
  rocksdbCxxFlags: D.DEFAULT_ROCKSDB_CXX_FLAGS,
  cargoProfileEnv: D.DEFAULT_CARGO_PROFILE_ENV,
  rustExtraPaths: D.DEFAULT_RUST_EXTRA_PATHS,
  rustupMirror: D.DEFAULT_RUSTUP_MIRROR,
  gitMirrors: D.DEFAULT_GIT_MIRRORS,
  aptMirrors: D.DEFAULT_APT_MIRRORS,
  cratesMirror: D.DEFAULT_CRATES_MIRROR,
  gitMirrorsUser: D.DEFAULT_GIT_MIRRORS_USER,
};

export const AXES: Axes = validate(AxesSchema, RAW_AXES);
export const SETTINGS = validate(SettingsSchema, RAW_SETTINGS);

const feature = (names: string[]) => Object.fromEntries(names.map((n) => [n, []]));

/** The fixture workspace's facts (tests/fixtures/workspace), as readWorkspace finds them. */
export const WORKSPACE: Workspace = {
  packages: [],
  mainPackage: {
    name: "loaf",
    metadata: { version: "0.3.1", description: "A fixture service", license: "Apache-2.0", repository: "https://example.org/loaf", authors: ["Loaf Bakers <bakers@example.org>"] },
    dir: "src/main",
    binaries: ["loaf"],
    hasBinary: true,
    packaging: {
      deb: [
        { source: "target/release/loaf", dest: "usr/sbin/" },
        { source: "../../loaf-example.toml", dest: "etc/loaf/loaf.toml" },
        { source: "../../debian/loaf.service", dest: "lib/systemd/system/" },
      ],
      rpm: [
        { source: "target/release/loaf", dest: "/usr/sbin/loaf" },
        { source: "loaf-example.toml", dest: "/etc/loaf/loaf.toml" },
      ],
    },
    features: { ...feature(["bzip2_compression", "console", "direct_tls", "io_uring", "jemalloc", "lz4_compression", "release_max_log_level", "zstd_compression"]), default: ["jemalloc", "release_max_log_level", "zstd_compression"] },
  },
  profiles: ["dev", "release", "test", "bench", "release-debuginfo", "release-native"],
  profileInherits: { "release-debuginfo": "release", "release-native": "release" },
  toolchainChannel: "1.95.0",
  rocksdb: { url: "https://github.com/example/rust-rocksdb", rev: "5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d", version: "0.48.0+11.8.1" },
  lockSources: { git: [{ url: "https://github.com/example/rust-rocksdb", requested: "rev=5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d", commit: "5f2c1d7e9a0b4c3d8e6f1a2b7c9d0e4f3a5b6c8d", packages: ["rust-librocksdb-sys", "rust-rocksdb"] }], registries: {} },
  manifests: ["Cargo.toml", "src/core/Cargo.toml", "src/main/Cargo.toml"],
  targetRoots: [],
  memberDirs: ["src/core", "src/main"],
};

export function cellFor(overrides: Partial<Record<keyof Axes, string>>): Cell {
  return resolveCell(validate(AxesSchema, { ...AXES, ...overrides }), WORKSPACE, SETTINGS);
}
