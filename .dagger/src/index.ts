/**
 * bakery runs a Rust workspace's whole CI as one cached graph of container layers: system →
 * toolchain → RocksDB → cargo-chef recipe → dependency passes → workspace build → leaves.
 * Every layer keys on exactly what it reads, so an edit rebuilds only what depends on it.
 *
 * The constructor selects one cell of the build matrix (profile × feature set × toolchain ×
 * target × distro × CPU level; defaults as tuwunel's `bake.sh`) and the project settings
 * (defaults are tuwunel's). Without a Cargo.toml in the source, bakery builds its embedded
 * default, a pinned tuwunel release.
 */
import { argument, check, func, object, type Container, type Directory, type File } from "@dagger.io/dagger";
import { AxesSchema, checkArchitectures, SettingsSchema, validate, type Axes, type Settings } from "./config/axes.js";
import { resolveCell } from "./config/cell.js";
import {
  DEFAULT_ALWAYS_FEATURES,
  DEFAULT_BASE_PACKAGES,
  DEFAULT_BUILD_PACKAGES,
  DEFAULT_CARGO_PROFILE,
  DEFAULT_CARGO_PROFILE_ENV,
  DEFAULT_FEAT_SET,
  DEFAULT_FEATURE_SETS,
  DEFAULT_MAIN_PACKAGE,
  DEFAULT_ROCKSDB_WITH,
  DEFAULT_RUST_EXTRA_PATHS,
  DEFAULT_RUST_NIGHTLY,
  DEFAULT_RUST_TARGET,
  DEFAULT_RUST_TOOLCHAIN,
  DEFAULT_SYS_NAME,
  DEFAULT_SYS_TARGET,
  DEFAULT_SYS_VERSION,
  SOURCE_IGNORE,
} from "./defaults.js";
import { Graph } from "./graph.js";
import { checkLibrary } from "./layers/stages.js";
import { readWorkspace } from "./workspace/manifest.js";
import { directoryReader } from "./workspace/reader.js";
import { resolveSource } from "./workspace/source.js";

/** One cell of a Rust workspace's CI graph: each function is a layer of the chain or a leaf on it. */
@object()
export class Bakery {
  source: Directory;
  docker: Directory;
  cargoProfile: string;
  featSet: string;
  rustToolchain: string;
  rustTarget: string;
  sysName: string;
  sysVersion: string;
  sysTarget: string;
  featureSets: string[];
  alwaysFeatures: string[];
  rustNightly: string;
  mainPackage: string;
  basePackages: string[];
  buildPackages: string[];
  rocksdbWith: string[];
  cargoProfileEnv: string[];
  rustExtraPaths: string[];

  constructor(
    /** The Rust workspace (default: the repository root). Without a Cargo.toml, bakery builds its embedded default, tuwunel v1.9.3. */
    @argument({ defaultPath: "/", ignore: SOURCE_IGNORE }) source: Directory,
    /** bakery's Dockerfile stage library (default: the repository's docker/ directory). */
    @argument({ defaultPath: "/docker" }) docker: Directory,
    /** Cargo profile: test, release, bench, dev, or a [profile.*] of the workspace. */
    cargoProfile: string = DEFAULT_CARGO_PROFILE,
    /** Feature set: none, default, all, or a named set of featureSets. */
    featSet: string = DEFAULT_FEAT_SET,
    /** Toolchain: stable (the workspace's rust-toolchain.toml channel), nightly (rustNightly), nightly-YYYY-MM-DD, or x.y.z. */
    rustToolchain: string = DEFAULT_RUST_TOOLCHAIN,
    /** Rust target triple: x86_64-unknown-linux-gnu or aarch64-unknown-linux-gnu (must match sysTarget's architecture). */
    rustTarget: string = DEFAULT_RUST_TARGET,
    /** Base image name: debian or ubuntu. */
    sysName: string = DEFAULT_SYS_NAME,
    /** Base image tag, e.g. testing-slim, trixie-slim, noble. */
    sysVersion: string = DEFAULT_SYS_VERSION,
    /** Machine and CPU level: x86_64-v1..v4-linux-gnu or aarch64-v8-linux-gnu; sets rustc's target-cpu and RocksDB's PORTABLE. */
    sysTarget: string = DEFAULT_SYS_TARGET,
    /** Named feature sets, each "name:feature,feature,…". */
    featureSets: string[] = DEFAULT_FEATURE_SETS,
    /** Features added to every feature set except all. */
    alwaysFeatures: string[] = DEFAULT_ALWAYS_FEATURES,
    /** The toolchain the nightly key installs: nightly or nightly-YYYY-MM-DD. */
    rustNightly: string = DEFAULT_RUST_NIGHTLY,
    /** Package whose [features] the feature sets select ("" = the workspace's only package with a binary). */
    mainPackage: string = DEFAULT_MAIN_PACKAGE,
    /** apt packages of every image. */
    basePackages: string[] = DEFAULT_BASE_PACKAGES,
    /** apt packages of the build system. */
    buildPackages: string[] = DEFAULT_BUILD_PACKAGES,
    /** Libraries compiled into RocksDB: any of bz2, lz4, zstd, liburing. */
    rocksdbWith: string[] = DEFAULT_ROCKSDB_WITH,
    /** CARGO_PROFILE_<NAME>_<KEY>=value overrides for every build. */
    cargoProfileEnv: string[] = DEFAULT_CARGO_PROFILE_ENV,
    /** Paths besides manifests and member directories that the compiler reads. */
    rustExtraPaths: string[] = DEFAULT_RUST_EXTRA_PATHS,
  ) {
    this.source = source;
    this.docker = docker;
    this.cargoProfile = cargoProfile;
    this.featSet = featSet;
    this.rustToolchain = rustToolchain;
    this.rustTarget = rustTarget;
    this.sysName = sysName;
    this.sysVersion = sysVersion;
    this.sysTarget = sysTarget;
    this.featureSets = featureSets;
    this.alwaysFeatures = alwaysFeatures;
    this.rustNightly = rustNightly;
    this.mainPackage = mainPackage;
    this.basePackages = basePackages;
    this.buildPackages = buildPackages;
    this.rocksdbWith = rocksdbWith;
    this.cargoProfileEnv = cargoProfileEnv;
    this.rustExtraPaths = rustExtraPaths;
    // Reject bad values before anything is built.
    this.validated();
  }

  /** The build system: the base image with base and build packages (Dockerfile.system, stage builder). */
  @func()
  async system(): Promise<Container> {
    return (await this.graph()).system();
  }

  /** bakery's cargo tools (cargo-chef) compiled with its pinned toolchain on the build system; shared by every toolchain. */
  @func()
  async tools(): Promise<Container> {
    return (await this.graph()).tools();
  }

  /** The cell's Rust toolchain on the build system, with clippy, rustfmt and the cargo tools. */
  @func()
  async rust(): Promise<Container> {
    return (await this.graph()).rust();
  }

  /** RocksDB (lib/librocksdb.a, include/) at the revision Cargo.lock pins; one build per system and CPU level. */
  @func()
  async rocksdb(): Promise<Directory> {
    return (await this.graph()).rocksdb();
  }

  /** The build environment: the toolchain with the prebuilt RocksDB wired in for cargo. */
  @func()
  async kitchen(): Promise<Container> {
    return (await this.graph()).kitchen();
  }

  /** The kitchen with the cell's rustflags, profile overrides and download caches: where every cargo step of the cell runs (try `cell-env terminal`). */
  @func()
  async cellEnv(): Promise<Container> {
    return (await this.graph()).cellEnv();
  }

  /** cargo-chef's recipe.json: the dependency graph from manifests and lockfile only. */
  @func()
  async recipe(): Promise<File> {
    return (await this.graph()).recipe();
  }

  /** The metadata dependency pass (cargo chef cook --check) that check, clippy and doc share. */
  @func()
  async depsMeta(): Promise<Container> {
    return (await this.graph()).depsMeta();
  }

  /** The code-generation dependency pass (cargo chef cook) that builds, tests, binaries and packages share. */
  @func()
  async depsCode(): Promise<Container> {
    return (await this.graph()).depsCode();
  }

  /** The workspace built with all targets (cargo build --all-targets) on the code-generation pass. */
  @func()
  async build(): Promise<Container> {
    return (await this.graph()).build();
  }

  /** The workspace's test binaries (cargo test --no-run; benches for the bench profile), ready for the test leaves. */
  @func()
  async buildTests(): Promise<Container> {
    return (await this.graph()).buildTests();
  }

  /** The workspace's binaries (cargo build --bins) under target/<triple>/<profile>/. */
  @func()
  async buildBins(): Promise<Container> {
    return (await this.graph()).buildBins();
  }

  /** cargo check of every target with the cell's features, on the metadata pass. */
  @func()
  @check()
  async check(): Promise<Container> {
    return (await this.graph()).check();
  }

  /** cargo clippy of every target with the cell's features, warnings denied, on the metadata pass. */
  @func()
  @check()
  async clippy(): Promise<Container> {
    return (await this.graph()).clippy();
  }

  /** Unit tests (library and binary targets) on the compiled test binaries; benches for the bench profile. */
  @func()
  @check()
  async unit(): Promise<Container> {
    return (await this.graph()).unit();
  }

  /** Validate the axes and settings: pure, no engine call. */
  private validated(): { axes: Axes; settings: Settings } {
    const axes = validate(AxesSchema, {
      cargoProfile: this.cargoProfile,
      featSet: this.featSet,
      rustToolchain: this.rustToolchain,
      rustTarget: this.rustTarget,
      sysName: this.sysName,
      sysVersion: this.sysVersion,
      sysTarget: this.sysTarget,
    });
    checkArchitectures(axes);
    const settings = validate(SettingsSchema, {
      featureSets: this.featureSets,
      alwaysFeatures: this.alwaysFeatures,
      rustNightly: this.rustNightly,
      mainPackage: this.mainPackage,
      basePackages: this.basePackages,
      buildPackages: this.buildPackages,
      rocksdbWith: this.rocksdbWith,
      cargoProfileEnv: this.cargoProfileEnv,
      rustExtraPaths: this.rustExtraPaths,
    });
    return { axes, settings };
  }

  /** Resolve the cell against the workspace and wire the graph; reads files, builds nothing. */
  private async graph(): Promise<Graph> {
    const { axes, settings } = this.validated();
    await checkLibrary(this.docker);
    const source = await resolveSource(this.source);
    const workspace = await readWorkspace(directoryReader(source.dir), settings.mainPackage);
    const cell = resolveCell(axes, workspace, settings);
    console.error(
      `bakery: cell ${cell.name}: toolchain ${cell.toolchain.channel}, ${cell.features.cargoArgs.join(" ")}, ${cell.rustflags.linkage} linkage`,
    );
    return new Graph({ library: this.docker, source: source.dir, workspace, cell, settings });
  }
}
