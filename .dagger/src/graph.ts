/**
 * The whole graph, one row per layer: what it is built from → what it produces. Every edge is
 * here, and every layer function takes its inputs as one explicit, typed object, so nothing is
 * inherited implicitly (the seed's bake targets pick up arguments from their ancestry and drop
 * some silently). A layer is built at most once per Graph; the engine shares identical layers
 * across cells and functions by content.
 *
 * | layer           | inputs                                                          | output    |
 * |-----------------|-----------------------------------------------------------------|-----------|
 * | system          | stage library, sys (name, version, target), package lists       | Container |
 * | toolsToolchain  | system inputs, bakery's pinned toolchain                        | Container |
 * | tool(t)         | toolsToolchain, the tool's pin                                  | Directory |
 * | tools           | toolsToolchain, tool(cargo-chef)                                | Container |
 * | rust            | system inputs, toolchain channel, rust_target, tool(cargo-chef) | Container |
 * | rocksdb         | system inputs, Cargo.lock pin, CPU baseline, compiled-in libs   | Directory |
 * | kitchen         | rust, rocksdb, sys_target                                       | Container |
 * | cellEnv         | kitchen, cell (rustflags, its profile's overrides), cargo caches| Container |
 * | recipe          | tools, manifests + lockfile + target-root paths                 | File      |
 * | depsMeta        | cellEnv, recipe, cell                                           | Container |
 * | depsCode        | cellEnv, recipe, cell                                           | Container |
 * | build           | depsCode, compile allowlist of the source, cell                 | Container |
 * | buildTests      | depsCode, compile allowlist of the source, cell                 | Container |
 * | buildBins       | depsCode, compile allowlist of the source, cell                 | Container |
 * | base            | system inputs (the OS and base packages only)                   | Container |
 * | runtime(v)      | system inputs, runtime packages of the linkage, variant         | Container |
 * | install(v)      | runtime(v), the main binary of buildBins, check-linkage.sh      | Container |
 * | image           | system inputs, runtime packages, user, install's binary, labels | Container |
 * | complementTester| system inputs, Go release, Complement at its commit, tags       | Container |
 * | complementTestee| image's base stage, install's binary, homeserver.toml, args     | Container |
 *
 * | leaf                         | inputs                                                  |
 * |------------------------------|---------------------------------------------------------|
 * | lints: check, clippy         | depsMeta, compile allowlist (clippy: + root clippy.toml) |
 * | lints: fmt                   | rust, compile allowlist + rustfmt config                 |
 * | lints: typos                 | system, tool(typos-cli), the whole source                |
 * | lints: audit                 | system, tool(cargo-audit), Cargo.lock, advisory database |
 * | lints: lychee                | system, tool(lychee), the documentation files            |
 * | tests: unit, integ, doc, bench (cargo, nextest, valgrind) | buildTests (+ tool(cargo-nextest)) |
 * | smokes: version, startup, perf, valgrind | install(plain, perf, valgrind)              |
 * | integration: rustSdk(Valgrind) | rust, matrix-rust-sdk source, install as a service     |
 * | pkg: deb, rpm                | buildBins, tool(cargo-deb / cargo-generate-rpm), packaging files |
 * | pkg: debInstall, rpmInstall  | base (deb) or the pinned UBI image (rpm), the package    |
 * | pkg: book                    | system, tool(mdbook), book.toml, its sources and includes |
 * | pkg: docs                    | depsMeta, compile allowlist, RUSTDOCFLAGS                 |
 * | pkg: nix, smokeNix           | the pinned Nix image, the whole source                    |
 * | complement: run (valgrind)   | complementTester, complementTestee (valgrind) as a tarball, a private Docker data volume; privileged |
 * | complement: gate             | the run, the baseline (the workspace's tests/complement/results.jsonl) |
 */
import { dag, type Container, type Directory, type File } from "@dagger.io/dagger";
import type { Settings } from "./config/axes.js";
import type { Cell } from "./config/cell.js";
import type { Workspace } from "./workspace/manifest.js";
import { systemLayer, type SystemInputs } from "./layers/system.js";
import { cargoToolLayer, rustLayer, toolsToolchainLayer, withTools, type CargoTool, type ToolchainInputs } from "./layers/rust.js";
import { rocksdbLayer } from "./layers/rocksdb.js";
import { kitchenLayer } from "./layers/kitchen.js";
import { recipeLayer, skeletonInput } from "./layers/recipe.js";
import { cargoCaches, cellEnvLayer } from "./layers/cargo.js";
import { depsLayer } from "./layers/deps.js";
import { buildLayer, rustSource, rustSourcePaths } from "./layers/build.js";
import { installedPath, installLayer, runtimeLayer, type RuntimeVariant } from "./layers/install.js";
import { imageLayer, ociLabels } from "./layers/image.js";
import type { ImageSettings, ReleaseInfo } from "./config/release-config.js";
import { installCheckLeaf, packageLeaf } from "./leaves/packages.js";
import type { PackageKind } from "./workspace/manifest.js";
import { packagedBinaryPath, packagingAssetPaths } from "./workspace/packaging.js";
import { bookSources } from "./workspace/book.js";
import { directoryReader } from "./workspace/reader.js";
import { bookLeaf, docsLeaf } from "./leaves/docs.js";
import { nixBuild, nixResult, smokeNixLeaf } from "./leaves/nix.js";
import { EMBEDDED_SOURCE, RPM_CHECK_IMAGE } from "./defaults.js";
import { buildStage, STAGE_FILES } from "./layers/stages.js";
import { systemArgs } from "./layers/system.js";
import {
  auditLeaf,
  checkLeaf,
  CLIPPY_CONFIG,
  clippyLeaf,
  fmtLeaf,
  lycheeLeaf,
  RUSTFMT_CONFIG,
  typosLeaf,
  type AdvisorySource,
} from "./leaves/lints.js";
import { testLeaf, type TestKind, type TestRunner } from "./leaves/tests.js";
import { smokeLeaf, type SmokeKind, type SmokeSettings } from "./leaves/smokes.js";
import { homeserverService, rustSdkBuild, rustSdkLeaf, type RustSdkSettings } from "./leaves/integration.js";
import {
  complementRunLayer,
  complementTesteeLayer,
  complementTesterLayer,
  type ComplementSettings,
  type RunSettings,
} from "./layers/complement.js";
import { readBaseline, type Baseline } from "./complement/baseline.js";

/**
 * The layers a caller can ask for (each is a function of the module), in chain order, and how
 * the plan groups them when it counts vertices.
 */
export const LAYER_KINDS = {
  system: "system",
  tool: "toolchain",
  tools: "toolchain",
  rust: "toolchain",
  rocksdb: "rocksdb",
  kitchen: "toolchain",
  cellEnv: "toolchain",
  recipe: "recipe",
  depsMeta: "deps-meta",
  depsCode: "deps-code",
  build: "build",
  buildTests: "build",
  buildBins: "build",
} as const;
/** The name of a layer function. */
export type LayerName = keyof typeof LAYER_KINDS;

/** Everything a cell's graph is built from. */
export interface GraphInputs {
  /** bakery's stage library (docker/). */
  readonly library: Directory;
  /** The Rust workspace. */
  readonly source: Directory;
  readonly workspace: Workspace;
  readonly cell: Cell;
  readonly settings: Settings;
  /** Set when the source is the embedded default (its commit is the revision). */
  readonly embedded?: boolean;
}

/** One cell's graph: each method builds its layer once from explicit inputs. */
export class Graph {
  private readonly memo = new Map<string, unknown>();
  constructor(private readonly i: GraphInputs) {}

  get cell(): Cell {
    return this.i.cell;
  }

  private once<T>(name: string, make: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, make());
    return this.memo.get(name) as T;
  }

  private get sys(): SystemInputs {
    const { library, cell, settings } = this.i;
    return { library, sys: cell.sys, basePackages: settings.basePackages, buildPackages: settings.buildPackages };
  }

  // ------------------------------------------------------------------ layers

  system = (): Promise<Container> => this.once("system", () => systemLayer(this.sys));

  /** The system inputs and where rustup downloads from: what every toolchain stage is made from. */
  private get toolchainInputs(): ToolchainInputs {
    return { ...this.sys, rustupMirror: this.i.settings.rustupMirror };
  }

  toolsToolchain = (): Promise<Container> => this.once("toolsToolchain", () => toolsToolchainLayer(this.toolchainInputs));

  tool = (t: CargoTool): Promise<Directory> => this.once(`tool:${t}`, () => cargoToolLayer(this.toolchainInputs, t));

  tools = (): Promise<Container> => this.once("tools", async () => withTools(await this.toolsToolchain(), [await this.tool("cargo-chef")]));

  rust = (): Promise<Container> =>
    this.once("rust", async () =>
      withTools(await rustLayer({ ...this.toolchainInputs, toolchain: this.i.cell.toolchain, rustTarget: this.i.cell.rustTarget }), [await this.tool("cargo-chef")]),
    );

  rocksdb = (): Promise<Directory> =>
    this.once("rocksdb", () => {
      const pin = this.i.workspace.rocksdb;
      if (!pin) throw new Error("this workspace does not link rust-librocksdb-sys from git (no pin in Cargo.lock)");
      const cpu = { target: this.i.cell.sys.target, native: this.i.cell.profile === "release-native" };
      return rocksdbLayer({ ...this.sys, pin, cpu, with: this.i.settings.rocksdbWith });
    });

  kitchen = (): Promise<Container> =>
    this.once("kitchen", async () =>
      kitchenLayer({
        rust: await this.rust(),
        rocksdb: this.i.workspace.rocksdb ? await this.rocksdb() : undefined,
        sys: this.i.cell.sys.target,
        jemalloc: this.i.settings.buildPackages.includes("libjemalloc-dev"),
      }),
    );

  cellEnv = (): Promise<Container> => this.once("cellEnv", async () => cellEnvLayer({ kitchen: await this.kitchen(), cell: this.i.cell, caches: cargoCaches() }));

  recipe = (): Promise<File> =>
    this.once("recipe", async () => recipeLayer({ tools: await this.tools(), skeleton: skeletonInput(this.i.source, this.i.workspace) }));

  depsMeta = (): Promise<Container> =>
    this.once("depsMeta", async () => depsLayer({ cellEnv: await this.cellEnv(), recipe: await this.recipe(), cell: this.i.cell, pass: "meta" }));

  depsCode = (): Promise<Container> =>
    this.once("depsCode", async () => depsLayer({ cellEnv: await this.cellEnv(), recipe: await this.recipe(), cell: this.i.cell, pass: "code" }));

  /** The compile allowlist of the source. */
  rustSource = (): Directory => this.once("rustSource", () => rustSource(this.i.source, this.i.workspace, this.i.settings.rustExtraPaths));

  build = (): Promise<Container> =>
    this.once("build", async () => buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "build" }));

  buildTests = (): Promise<Container> =>
    this.once("buildTests", async () => buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "tests" }));

  buildBins = (): Promise<Container> =>
    this.once("buildBins", async () => buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "bins" }));

  runtime = (variant: RuntimeVariant): Promise<Container> =>
    this.once(`runtime:${variant}`, () => runtimeLayer({ ...this.sys, cell: this.i.cell, rocksdbWith: this.i.workspace.rocksdb ? this.i.settings.rocksdbWith : [], variant }));

  install = (variant: RuntimeVariant): Promise<Container> =>
    this.once(`install:${variant}`, async () =>
      installLayer({
        runtime: await this.runtime(variant),
        buildBins: await this.buildBins(),
        cell: this.i.cell,
        binary: this.binary(),
        linkageScript: this.i.library.file("lib/check-linkage.sh"),
      }),
    );

  /** The OS image with its base packages only: the clean system a .deb is installed in. */
  base = (): Promise<Container> =>
    this.once("base", () => buildStage({ library: this.i.library, files: [STAGE_FILES.system], target: "system", args: systemArgs(this.sys), platform: this.i.cell.sys.target.platform }));

  /** The checked binary, as a file. */
  binaryFile = async (): Promise<File> => (await this.install("plain")).file(installedPath(this.binary()));

  /** The checked binary of a statically linked cell. */
  staticBinary = async (): Promise<File> => {
    if (this.i.cell.rustflags.linkage !== "static") {
      throw new Error(
        `cell ${this.i.cell.name} links dynamically (nightly ${this.i.cell.profile} builds do); a static binary needs a release or bench profile, or a stable toolchain`,
      );
    }
    return this.binaryFile();
  };

  image = (settings: ImageSettings, release: ReleaseInfo): Promise<Container> =>
    this.once(`image:${JSON.stringify([settings, release])}`, async () => {
      const revision = release.revision || (this.i.embedded ? EMBEDDED_SOURCE.commit : "");
      return imageLayer({
        ...this.sys,
        cell: this.i.cell,
        rocksdbWith: this.i.workspace.rocksdb ? this.i.settings.rocksdbWith : [],
        binaryFile: await this.binaryFile(),
        binary: this.binary(),
        settings,
        labels: ociLabels(this.binary(), this.i.workspace.mainPackage.metadata, { ...release, revision }),
      });
    });

  /** The main package's binary. */
  binary = (): string => {
    const bins = this.i.workspace.mainPackage.binaries;
    if (bins.length === 0) throw new Error(`the main package ${this.i.workspace.mainPackage.name} has no binary`);
    return bins[0]!;
  };

  // ------------------------------------------------------------------ leaves: lints

  check = async (rerun: string): Promise<Container> => checkLeaf({ depsMeta: await this.depsMeta(), source: this.rustSource(), cell: this.i.cell, rerun });

  clippy = async (rerun: string): Promise<Container> =>
    clippyLeaf({ depsMeta: await this.depsMeta(), source: this.rustSource(), config: this.i.source.filter({ include: CLIPPY_CONFIG }), cell: this.i.cell, rerun });

  fmt = async (rerun: string): Promise<Container> =>
    fmtLeaf({ image: await this.rust(), source: this.i.source.filter({ include: [...this.sourcePaths(), ...RUSTFMT_CONFIG] }), rerun });

  typos = async (exclude: readonly string[], rerun: string): Promise<Container> =>
    typosLeaf({ image: withTools(await this.system(), [await this.tool("typos-cli")]), source: this.i.source, exclude, rerun });

  audit = async (advisories: AdvisorySource, deny: readonly string[], day: string, rerun: string): Promise<Container> =>
    auditLeaf({
      image: withTools(await this.system(), [await this.tool("cargo-audit")]),
      source: this.i.source.filter({ include: ["Cargo.lock", ".cargo/audit.toml"] }),
      advisories,
      deny,
      caches: cargoCaches(),
      day,
      rerun,
    });

  lychee = async (paths: readonly string[], exclude: readonly string[], online: boolean, rerun: string): Promise<Container> =>
    lycheeLeaf({ image: withTools(await this.system(), [await this.tool("lychee")]), source: this.i.source, paths, exclude, online, rerun });

  /** Paths of the compile allowlist, for lints that read the same files without compiling. */
  private sourcePaths = (): string[] => rustSourcePaths(this.i.workspace, this.i.settings.rustExtraPaths);

  // ------------------------------------------------------------------ leaves: tests

  test = async (kind: TestKind, runner: TestRunner, rerun: string, denyWarnings = false): Promise<Container> => {
    const base = runner === "nextest" ? withTools(await this.buildTests(), [await this.tool("cargo-nextest")]) : await this.buildTests();
    return testLeaf({ buildTests: base, cell: this.i.cell, kind, runner, denyWarnings, rerun });
  };

  // ------------------------------------------------------------------ leaves: smokes and integration

  smoke = async (kind: SmokeKind, settings: SmokeSettings, rerun: string): Promise<Container> =>
    smokeLeaf({ install: await this.install(kind === "perf" ? "perf" : kind === "valgrind" ? "valgrind" : "plain"), binary: this.binary(), kind, settings, rerun });

  // ------------------------------------------------------------------ packages and documents

  /** A package of the main binary; `paths` are files it packs besides those its metadata's assets name. */
  package = (kind: PackageKind, paths: readonly string[]): Promise<File> =>
    this.once(`package:${kind}:${paths.join(",")}`, async () =>
      packageLeaf({
        buildBins: await this.buildBins(),
        tool: await this.tool(kind === "deb" ? "cargo-deb" : "cargo-generate-rpm"),
        assets: this.i.source.filter({ include: [...new Set([...paths, ...packagingAssetPaths(this.i.workspace.mainPackage, kind)])] }),
        cell: this.i.cell,
        kind,
        pkg: this.i.workspace.mainPackage.name,
        pkgDir: this.i.workspace.mainPackage.dir,
      }),
    );

  installCheck = async (kind: PackageKind, assets: readonly string[], versionArgs: readonly string[], rerun: string): Promise<Container> =>
    installCheckLeaf({
      base: kind === "deb" ? await this.base() : dag.container().from(RPM_CHECK_IMAGE),
      script: this.i.library.file("lib/package-install-check.sh"),
      package: await this.package(kind, assets),
      kind,
      binary: packagedBinaryPath(this.i.workspace.mainPackage, kind, this.binary()),
      versionArgs,
      rerun,
    });

  /** The book, from what book.toml and its pages read (bookSources) and `paths` besides. */
  book = async (paths: readonly string[]): Promise<Directory> => {
    const sources = await bookSources(directoryReader(this.i.source));
    return bookLeaf({ image: withTools(await this.system(), [await this.tool("mdbook")]), source: this.i.source.filter({ include: [...new Set([...sources, ...paths])] }) });
  };

  docs = async (basePath: string, denyWarnings: boolean): Promise<Directory> =>
    docsLeaf({ depsMeta: await this.depsMeta(), source: this.rustSource(), cell: this.i.cell, basePath, denyWarnings });

  nixBuild = (attr: string): Container => this.once(`nix:${attr}`, () => nixBuild({ source: this.i.source, attr }));

  nix = (attr: string): Directory => nixResult(this.nixBuild(attr));

  smokeNix = (attr: string, versionArgs: readonly string[], rerun: string): Container => smokeNixLeaf(this.nixBuild(attr), this.binary(), versionArgs, rerun);

  rustSdk = async (valgrind: boolean, settings: RustSdkSettings, rerun: string): Promise<Container> => {
    const homeserver = homeserverService({ install: await this.install(valgrind ? "valgrind" : "plain"), binary: this.binary(), settings, valgrind });
    return rustSdkLeaf({ built: rustSdkBuild({ rust: await this.rust(), settings, caches: cargoCaches() }), homeserver, settings, valgrind, rerun });
  };

  // ------------------------------------------------------------------ Complement

  complementTester = (settings: ComplementSettings): Promise<Container> =>
    this.once(`complementTester:${JSON.stringify(settings)}`, () => complementTesterLayer({ ...this.sys, settings }));

  complementTestee = async (inputs: Directory, settings: ComplementSettings, imageUser: string, valgrind: boolean): Promise<Container> =>
    complementTesteeLayer({
      ...this.sys,
      cell: this.i.cell,
      rocksdbWith: this.i.workspace.rocksdb ? this.i.settings.rocksdbWith : [],
      binaryFile: await this.binaryFile(),
      binary: this.binary(),
      imageUser,
      inputs,
      settings,
      valgrind,
    });

  /** A run's output directory (see complementRunLayer). */
  complementRun = async (inputs: Directory, settings: ComplementSettings, imageUser: string, run: RunSettings, valgrind: boolean, rerun: string): Promise<Directory> =>
    complementRunLayer({
      tester: await this.complementTester(settings),
      testee: await this.complementTestee(inputs, settings, imageUser, valgrind),
      run,
      rerun,
    });

  /** The expected results of a run: the workspace's file at `path` (see readBaseline). */
  complementBaseline = (path: string): Promise<Baseline | undefined> => readBaseline(this.i.source, path);

  /** The workspace's baseline file alone (absent when it has none): what updateBaseline's changeset is taken against. */
  complementBaselineTree = (path: string): Directory => this.i.source.filter({ include: [path] });
}
