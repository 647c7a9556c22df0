/**
 * The graph of one cell, as one table: each layer below is declared once, with its kind, the
 * inputs it keys on, the layers it is built from and how it is made. Declaring a layer records
 * its edges, so what runs and what `plan` shows are the same walk: a graph in a dry run
 * (`dryRun`) makes the same nodes and builds none of them. Leaves (leaves/) are nodes of the
 * same kind, declared with `leaf` on the layers they read; nothing here imports a leaf. The Rust
 * pipeline's layers are declared below; a project's plugin (a feature folder: Complement) has its
 * own table of layers (PluginLayers) and declares them with `declareIn` from its folder
 * (complement/graph.ts); plugins.ts lists those tables, and nothing here imports them.
 *
 * A layer is made at most once per graph; the engine shares identical layers across cells and
 * functions by content. A node's id hashes its layer, its inputs and its upstream ids, so two
 * cells that would build the same layer name the same node. Its inputs are the very object its
 * make receives (with the values of its upstream nodes): nothing reaches a make that its id does
 * not hash, and a Dagger object among them is hashed by how it is derived (Keyed).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Container, Directory, File } from "@dagger.io/dagger";
import type { Settings } from "./config/axes.js";
import type { Cell } from "./config/cell.js";
import type { ImageSettings, ReleaseInfo } from "./config/release-config.js";
import { EMBEDDED_SOURCE } from "./defaults.js";
import { buildLayer, rustSource, rustSourcePaths, type BuildKind } from "./layers/build.js";
import { mirrorAuthKey, mirroredAuth, urlRewrites, rewriteUrl, type MirrorAuth, type UrlRewrite } from "./config/mirrors.js";
import { CARGO_CACHE_VOLUMES, cargoCaches, cellEnvLayer, type CargoMirrors } from "./layers/cargo.js";
import { depsLayer } from "./layers/deps.js";
import { imageLayer, ociLabels } from "./layers/image.js";
import { installedPath, installLayer, runtimeLayer, type RuntimeVariant } from "./layers/install.js";
import { kitchenLayer } from "./layers/kitchen.js";
import { packageLayer } from "./layers/package.js";
import { recipeLayer, recipePaths } from "./layers/recipe.js";
import { rocksdbLayer } from "./layers/rocksdb.js";
import { cargoToolLayer, rustLayer, toolsToolchainLayer, withTools, type CargoTool } from "./layers/rust.js";
import { baseLayer, sysOf, systemLayer } from "./layers/system.js";
import type { PackageKind, Workspace } from "./workspace/manifest.js";
import { packagingAssetPaths } from "./workspace/packaging.js";

/** The kinds of layer, in chain order: what `plan` counts distinct nodes of. */
export const LAYER_KINDS = ["system", "toolchain", "rocksdb", "recipe", "deps-meta", "deps-code", "build", "runtime", "image", "package"] as const;
/** A kind of layer of the Rust pipeline. */
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * The layers a project's plugin adds to the graph, by name: each one's kind (one of LAYER_KINDS,
 * or its own, which `plan` counts after those). Its folder declares them with `Graph.declareIn`
 * as the methods below declare the Rust pipeline's; plugins.ts lists every plugin's table.
 */
export type PluginLayers = Readonly<Record<string, { readonly kind: string }>>;

/**
 * Every layer of the graph, in chain order, the methods of Graph below declare them: its kind, and
 * how a caller asks for it by itself: a function of the module taking nothing ("layer", also a
 * target of matrix run and plan; `npm run docs` writes those functions from `returns` and `doc`),
 * `tool` taking its crate ("tool"), or none (a group's function reaches it). Everything that lists
 * layers derives from this table.
 */
export const LAYERS = {
  system: { kind: "system", fn: "layer", returns: "Container", doc: "The build system: the base image with base and build packages (Dockerfile.system, stage builder)." },
  base: { kind: "system" },
  toolsToolchain: { kind: "toolchain" },
  tool: { kind: "toolchain", fn: "tool" },
  tools: { kind: "toolchain", fn: "layer", returns: "Container", doc: "bakery's pinned toolchain with cargo-chef on the build system, where the recipe is prepared; shared by every cell of a system." },
  rust: { kind: "toolchain", fn: "layer", returns: "Container", doc: "The cell's Rust toolchain on the build system, with clippy, rustfmt and cargo-chef." },
  rocksdb: { kind: "rocksdb", fn: "layer", returns: "Directory", doc: "RocksDB (lib/librocksdb.a, include/) at the revision Cargo.lock pins; one build per system and CPU level." },
  kitchen: { kind: "toolchain", fn: "layer", returns: "Container", doc: "The build environment: the toolchain with the prebuilt RocksDB wired in for cargo." },
  cellEnv: { kind: "toolchain", fn: "layer", returns: "Container", doc: "The kitchen with the cell's rustflags, profile overrides and download caches: where every cargo step of the cell runs (try `cell-env terminal`)." },
  recipe: { kind: "recipe", fn: "layer", returns: "File", doc: "cargo-chef's recipe.json: the dependency graph from manifests and lockfile only." },
  depsMeta: { kind: "deps-meta", fn: "layer", returns: "Container", doc: "The metadata dependency pass (cargo chef cook --check) that check, clippy and doc share." },
  depsCode: { kind: "deps-code", fn: "layer", returns: "Container", doc: "The code-generation dependency pass (cargo chef cook) that builds, tests, binaries and packages share." },
  build: { kind: "build", fn: "layer", returns: "Container", doc: "The workspace built with all targets (cargo build --all-targets) on the code-generation pass." },
  buildTests: { kind: "build", fn: "layer", returns: "Container", doc: "The workspace's test binaries (cargo test --no-run; benches for the bench profile), ready for the test leaves." },
  buildBins: { kind: "build", fn: "layer", returns: "Container", doc: "The workspace's binaries (cargo build --bins) under target/<triple>/<profile>/." },
  runtime: { kind: "runtime" },
  install: { kind: "runtime" },
  image: { kind: "image" },
  package: { kind: "package" },
} as const satisfies Record<string, { readonly kind: LayerKind } & ({ readonly fn?: "tool" } | { readonly fn: "layer"; readonly returns: keyof LayerValues; readonly doc: string })>;
/** A layer of the graph. */
export type Layer = keyof typeof LAYERS;

/** The layers a caller asks for by function, `tool` with its crate. */
export type LayerName = { [K in Layer]: (typeof LAYERS)[K] extends { readonly fn: string } ? K : never }[Layer];
/** The layers a function taking nothing returns: the layer targets of matrix run and plan. */
export type TargetLayer = { [K in Layer]: (typeof LAYERS)[K] extends { readonly fn: "layer" } ? K : never }[Layer];

/** What a layer function may return, by the name `returns` gives. */
interface LayerValues {
  Container: Container;
  Directory: Directory;
  File: File;
}
/** The value of a layer function's layer. */
export type LayerValue<L extends TargetLayer> = LayerValues[(typeof LAYERS)[L]["returns"]];

const layerNames = Object.keys(LAYERS) as Layer[];
/** The layer functions of the module, in chain order (`tool` takes its crate). */
export const LAYER_FUNCTIONS: readonly LayerName[] = layerNames.filter((l): l is LayerName => "fn" in LAYERS[l]);
/** The layer functions taking nothing, in chain order: the layers a target may name. */
export const TARGET_LAYERS: readonly TargetLayer[] = layerNames.filter((l): l is TargetLayer => (LAYERS[l] as { fn?: string }).fn === "layer");

/** The value a node (or its absence) stands for. */
type ValueOf<N> = N extends Node<infer T> ? T : undefined;
/** The values of upstream nodes, by name. */
type Values<F> = { [K in keyof F]: ValueOf<F[K]> };

/**
 * A Dagger object among a node's inputs, with what its id hashes in its place: how it is derived
 * from what every node of the graph shares (the source's paths it keeps, a file of the stage
 * library, a cache volume's name). Made only by the graph's helpers, from the one value that
 * both derives the object and keys it.
 */
export class Keyed<T> {
  constructor(
    readonly value: T,
    readonly key: unknown,
  ) {}
}

/** An input as a make receives it: a Keyed one is its value (an optional one stays optional). */
type UnkeyedValue<V> = V extends Keyed<infer T> ? T : V;

/** A node's inputs as its make receives them: each Keyed input is its value. */
type Unkeyed<I> = { [K in keyof I]: UnkeyedValue<I[K]> };

/** What a dry run throws where a value is first asked for: the node that would have been built. */
export class Planned extends Error {
  override name = "Planned";
  constructor(readonly node: Node<unknown>) {
    super(`${node.layer} is planned, not built`);
  }
}

/** A layer (it has a kind) or a leaf (it has none) of one cell's graph. */
export class Node<T> {
  private built?: Promise<T>;
  constructor(
    readonly id: string,
    /** e.g. rust, tool:cargo-chef, install:valgrind; a leaf's group:function. */
    readonly layer: string,
    readonly kind: string | undefined,
    /** What the node keys on besides its upstream nodes. */
    readonly inputs: Readonly<Record<string, unknown>>,
    readonly from: readonly Node<unknown>[],
    private readonly make: () => Promise<T>,
    private readonly dry: boolean,
  ) {}

  /** Build the node (once), or in a dry run throw Planned. */
  value(): Promise<T> {
    if (this.dry) return Promise.reject(new Planned(this));
    return (this.built ??= this.make());
  }
}

/**
 * A node's inputs as its id hashes them and `plan` shows them: each Keyed input is its key. Any
 * other object that is not plain data (a Dagger object handed over without a key) is refused, so
 * no input can reach a make unhashed.
 */
export function inputKey(v: unknown, path = "inputs"): unknown {
  if (v instanceof Keyed) return v.key;
  if (Array.isArray(v)) return v.map((x, i) => inputKey(x, `${path}[${i}]`));
  if (v && typeof v === "object") {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Error(`${path} is a ${(v as object).constructor.name}, which a node's id cannot hash: give it as a Keyed input`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inputKey(x, `${path}.${k}`)]));
  }
  return v;
}

/** A JSON text of a value with its object keys sorted: what a node's id hashes. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** The inputs with each Keyed input replaced by its value: what the make receives. */
function unkeyed<I extends Record<string, unknown>>(inputs: I): Unkeyed<I> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v instanceof Keyed ? (v.value as unknown) : v])) as Unkeyed<I>;
}

/** The nodes of `from`, in order. */
function upstreamOf(from: Record<string, Node<unknown> | undefined>): Node<unknown>[] {
  return Object.values(from).filter((n): n is Node<unknown> => n !== undefined);
}

/** The values of the upstream nodes of `from`, by name. */
async function valuesOf<F extends Record<string, Node<unknown> | undefined>>(from: F): Promise<Values<F>> {
  const entries = await Promise.all(Object.entries(from).map(async ([k, n]) => [k, n ? await n.value() : undefined] as const));
  return Object.fromEntries(entries) as Values<F>;
}

const dryRuns = new AsyncLocalStorage<true>();

/** Run `walk` with every graph it resolves dry: nodes are declared, none is built (see Planned). */
export function dryRun<T>(walk: () => Promise<T>): Promise<T> {
  return dryRuns.run(true, walk);
}

/** Whether this code runs in a dry run. */
export function isDryRun(): boolean {
  return dryRuns.getStore() === true;
}

/** Everything a cell's graph is built from. */
export interface GraphInputs {
  /** bakery's stage library (docker/). */
  readonly stages: Directory;
  /** The Rust workspace. */
  readonly source: Directory;
  readonly workspace: Workspace;
  readonly cell: Cell;
  readonly settings: Settings;
  /** The private mirrors' credentials given (Secrets). */
  readonly auth: MirrorAuth;
  /** Set when the source is the embedded default (its commit is the revision). */
  readonly embedded?: boolean;
}

/** One cell's graph: each method declares its layer once from explicit inputs. */
export class Graph {
  private readonly nodes = new Map<string, Node<unknown>>();
  private readonly dry = isDryRun();
  constructor(private readonly i: GraphInputs) {}

  get cell(): Cell {
    return this.i.cell;
  }
  get source(): Directory {
    return this.i.source;
  }
  get stages(): Directory {
    return this.i.stages;
  }
  /** Whether the source is the embedded default. */
  get embedded(): boolean {
    return this.i.embedded === true;
  }
  get workspace(): Workspace {
    return this.i.workspace;
  }
  get settings(): Settings {
    return this.i.settings;
  }

  /**
   * Declare a layer: its id from its name, inputs and upstream nodes; made once by `make` from the
   * inputs (each Keyed one as its value) and the values of `from`, one object. `stage` is the stage
   * its Dockerfile builds FROM: an upstream node of the plan whose value the make does not take
   * (the stage build composes it from the stage library itself). The methods below declare the
   * Rust pipeline's layers; a plugin declares the layers of its own table with `declareIn`.
   */
  declare<I extends Record<string, unknown>, F extends Record<string, Node<unknown> | undefined>, T>(
    layer: Layer | `${Layer}:${string}`,
    inputs: I,
    from: F,
    make: (i: Unkeyed<I> & Values<F>) => T | Promise<T>,
    stage?: Node<Container>,
  ): Node<T> {
    return this.declareIn(LAYERS, layer, inputs, from, make, stage);
  }

  /**
   * Declare a layer of a table of layers, as `declare` does the Rust pipeline's (LAYERS): a
   * plugin's (PluginLayers: Complement's complement/graph.ts), which gives the layer its kind.
   */
  declareIn<L extends PluginLayers, I extends Record<string, unknown>, F extends Record<string, Node<unknown> | undefined>, T>(
    table: L,
    layer: (keyof L & string) | `${keyof L & string}:${string}`,
    inputs: I,
    from: F,
    make: (i: Unkeyed<I> & Values<F>) => T | Promise<T>,
    stage?: Node<Container>,
  ): Node<T> {
    const entry = table[layer.split(":")[0]!];
    if (!entry) throw new Error(`layer "${layer}" is not in its table; it has ${Object.keys(table).join(", ")}`);
    const upstream = [...(stage ? [stage] : []), ...upstreamOf(from)];
    const key = inputKey(inputs, layer) as Record<string, unknown>;
    const id = `${layer.split(":")[0]}-${createHash("sha256").update(stable({ layer, inputs: key, from: upstream.map((n) => n.id) })).digest("hex").slice(0, 12)}`;
    const known = this.nodes.get(id);
    if (known) return known as Node<T>;
    const built = async () => make({ ...unkeyed(inputs), ...(await valuesOf(from)) });
    const n = new Node<T>(id, layer, entry.kind, key, upstream, built, this.dry);
    this.nodes.set(id, n);
    return n;
  }

  /** Declare a leaf: a node of no kind, on the layers it reads (a leaf is not shared, so not kept). */
  leaf<F extends Record<string, Node<unknown> | undefined>, T>(name: string, from: F, make: (deps: Values<F>) => T | Promise<T>): Node<T> {
    return new Node<T>(name, name, undefined, {}, upstreamOf(from), async () => make(await valuesOf(from)), this.dry);
  }

  /** Where cargo and bakery's git fetches download through: the settings' mirrors. */
  get cargoMirrors(): CargoMirrors {
    return { git: this.gitRewrites, crates: this.settings.cratesMirror };
  }

  /** The private mirrors' credentials given. */
  get auth(): MirrorAuth {
    return this.i.auth;
  }

  /**
   * The credentials of `which` mirrors as a layer's input: keyed by which are given (never their
   * values), and no input at all when none is, so a build without credentials keys as before.
   */
  authInput(...which: (keyof MirrorAuth)[]): { auth?: Keyed<MirrorAuth> } {
    const a: MirrorAuth = Object.fromEntries(which.filter((w) => this.i.auth[w] !== undefined).map((w) => [w, this.i.auth[w]]));
    return Object.keys(a).length === 0 ? {} : { auth: new Keyed(a, mirrorAuthKey(a)) };
  }

  /** The git mirrors' credentials as the input of a layer whose engine fetches `url` (mirroredAuth): none unless a rule sends it to a mirror. */
  gitFetchAuthInput(url: string): { auth?: Keyed<MirrorAuth> } {
    return mirroredAuth(url, this.gitRewrites, this.i.auth.git) ? this.authInput("git") : {};
  }

  /** The settings' git rewrites. */
  get gitRewrites(): UrlRewrite[] {
    return urlRewrites(this.settings.gitMirrors);
  }

  /** The settings' apt source rewrites. */
  get aptRewrites(): UrlRewrite[] {
    return urlRewrites(this.settings.aptMirrors);
  }

  /** A URL as bakery fetches it: through the git rewrites. */
  gitUrl(url: string): string {
    return rewriteUrl(url, this.gitRewrites);
  }

  /** The stage library, keyed as bakery's own: the same for every cell and every source. */
  private get stageLibrary(): Keyed<Directory> {
    return new Keyed(this.i.stages, "stages");
  }

  /** A file of the stage library, keyed by its path. */
  private stageFile(path: string): Keyed<File> {
    return new Keyed(this.i.stages.file(path), { stages: path });
  }

  /** The source's files at `include`, keyed by those paths. */
  private sourceFiles(include: readonly string[]): Keyed<Directory> {
    return new Keyed(this.i.source.filter({ include: [...include] }), { source: include });
  }

  /** A node that only fails (in a dry run: one that reads no layer). */
  refusal = (name: string, message: string): Node<never> => this.leaf(name, {}, () => Promise.reject(new Error(message)));

  // ------------------------------------------------------------------ the system

  /** The system inputs every stage build takes: the stage library, the system and its packages. */
  private get systemInputs() {
    return { ...this.baseInputs, buildPackages: this.settings.buildPackages };
  }

  /** The base system's inputs: the system inputs but the build packages. */
  get baseInputs() {
    return { stages: this.stageLibrary, sys: sysOf(this.cell.sys), basePackages: this.settings.basePackages, aptMirrors: this.aptRewrites };
  }

  /** The system inputs and where rustup downloads from: what every toolchain stage is made from. */
  private get toolchainInputs() {
    return { ...this.systemInputs, rustupMirror: this.settings.rustupMirror };
  }

  system = (): Node<Container> => this.declare("system", this.systemInputs, {}, systemLayer);

  /** The OS image with its base packages only: the clean system a .deb is installed in, and the runtime stages' base. */
  base = (): Node<Container> => this.declare("base", this.baseInputs, {}, baseLayer);

  // ------------------------------------------------------------------ toolchains and tools

  toolsToolchain = (): Node<Container> => this.declare("toolsToolchain", this.toolchainInputs, {}, toolsToolchainLayer, this.system());

  tool = (t: CargoTool): Node<Directory> => this.declare(`tool:${t}`, { ...this.toolchainInputs, tool: t, cratesMirror: this.settings.cratesMirror, ...this.authInput("crates") }, { toolchain: this.toolsToolchain() }, cargoToolLayer);

  tools = (): Node<Container> => this.declare("tools", {}, { toolchain: this.toolsToolchain(), chef: this.tool("cargo-chef") }, ({ toolchain, chef }) => withTools(toolchain, [chef]));

  rust = (): Node<Container> =>
    this.declare(
      "rust",
      { ...this.toolchainInputs, toolchain: this.cell.toolchain, rustTarget: this.cell.rustTarget },
      { chef: this.tool("cargo-chef") },
      async ({ chef, ...i }) => withTools(await rustLayer(i), [chef]),
      this.system(),
    );

  // ------------------------------------------------------------------ RocksDB and the cell's environment

  /** RocksDB's added C++ flags as an input, only when given (so a build without them keys as before). */
  private rocksdbCxxFlagsInput(): { cxxFlags?: readonly string[] } {
    const flags = this.settings.rocksdbCxxFlags;
    return flags.length > 0 ? { cxxFlags: flags } : {};
  }

  /** RocksDB, when Cargo.lock pins it (undefined otherwise). */
  rocksdb = (): Node<Directory> | undefined => {
    const pin = this.workspace.rocksdb;
    if (!pin) return undefined;
    const cpu = { target: this.cell.sys.target, native: this.cell.cargoProfile === "release-native" };
    return this.declare("rocksdb", { ...this.systemInputs, pin, cpu, with: this.settings.rocksdbWith, ...this.rocksdbCxxFlagsInput(), git: this.gitRewrites, ...this.authInput("git") }, { system: this.system() }, rocksdbLayer);
  };

  kitchen = (): Node<Container> =>
    this.declare(
      "kitchen",
      { triple: this.cell.sys.target.triple, jemalloc: this.settings.buildPackages.includes("libjemalloc-dev") },
      { rust: this.rust(), rocksdb: this.rocksdb() },
      kitchenLayer,
    );

  cellEnv = (): Node<Container> =>
    this.declare(
      "cellEnv",
      { rustflags: this.cell.rustflags.flags, linkage: this.cell.rustflags.linkage, profileEnv: this.cell.profileEnv, caches: new Keyed(cargoCaches(), CARGO_CACHE_VOLUMES), mirrors: this.cargoMirrors, ...this.authInput("git", "crates") },
      { kitchen: this.kitchen() },
      cellEnvLayer,
    );

  // ------------------------------------------------------------------ the recipe, the dependency passes and the builds

  recipe = (): Node<File> =>
    this.declare("recipe", { files: this.sourceFiles(recipePaths(this.workspace)), targetRoots: this.workspace.targetRoots }, { tools: this.tools() }, recipeLayer);

  depsMeta = (): Node<Container> => this.declare("depsMeta", { cell: this.cell, pass: "meta" as const }, { cellEnv: this.cellEnv(), recipe: this.recipe() }, depsLayer);

  depsCode = (): Node<Container> => this.declare("depsCode", { cell: this.cell, pass: "code" as const }, { cellEnv: this.cellEnv(), recipe: this.recipe() }, depsLayer);

  /** The compile allowlist of the source. */
  rustSource = (): Directory => rustSource(this.source, this.workspace, this.settings.rustExtraPaths);

  /** Paths of the compile allowlist, for lints that read the same files without compiling. */
  rustSourcePaths = (): string[] => rustSourcePaths(this.workspace, this.settings.rustExtraPaths);

  /** A build of the workspace's code on the code pass. */
  private built(layer: "build" | "buildTests" | "buildBins", kind: BuildKind): Node<Container> {
    return this.declare(layer, { cell: this.cell, kind, source: this.sourceFiles(this.rustSourcePaths()) }, { deps: this.depsCode() }, buildLayer);
  }

  build = (): Node<Container> => this.built("build", "build");

  buildTests = (): Node<Container> => this.built("buildTests", "tests");

  buildBins = (): Node<Container> => this.built("buildBins", "bins");

  /** A layer function's layer, by name. */
  layer = <L extends TargetLayer>(name: L): Node<LayerValue<L>> =>
    (name === "rocksdb" ? (this.rocksdb() ?? this.refusal("rocksdb", "this workspace does not link rust-librocksdb-sys from git (no pin in Cargo.lock)")) : this[name]()) as Node<LayerValue<L>>;

  // ------------------------------------------------------------------ the binary and its images

  private get rocksdbWith(): readonly string[] {
    return this.workspace.rocksdb ? this.settings.rocksdbWith : [];
  }

  runtime = (variant: RuntimeVariant): Node<Container> =>
    this.declare(`runtime:${variant}`, { ...this.baseInputs, linkage: this.cell.rustflags.linkage, rocksdbWith: this.rocksdbWith, variant }, {}, runtimeLayer, this.base());

  install = (variant: RuntimeVariant): Node<Container> =>
    this.declare(
      `install:${variant}`,
      { cell: this.cell, binary: this.binary(), linkageScript: this.stageFile("lib/check-linkage.sh") },
      { runtime: this.runtime(variant), buildBins: this.buildBins() },
      installLayer,
    );

  /** The main package's binary. */
  binary = (): string => {
    const bins = this.workspace.mainPackage.binaries;
    if (bins.length === 0) throw new Error(`the main package ${this.workspace.mainPackage.name} has no binary`);
    return bins[0]!;
  };

  /** The checked binary, as a file. */
  static binaryFile(install: Container, binary: string): File {
    return install.file(installedPath(binary));
  }

  /** What an image that serves the checked binary is made from besides its own settings and the install (the service image, the testee). */
  get servedInputs() {
    return { ...this.baseInputs, linkage: this.cell.rustflags.linkage, rocksdbWith: this.rocksdbWith, binary: this.binary() };
  }

  image = (settings: ImageSettings, release: ReleaseInfo): Node<Container> => {
    const revision = release.revision || (this.i.embedded ? EMBEDDED_SOURCE.commit : "");
    const labels = ociLabels(this.binary(), this.workspace.mainPackage.metadata, { ...release, revision });
    return this.declare("image", { ...this.servedInputs, settings, labels }, { install: this.install("plain") }, imageLayer, this.base());
  };

  /** A package of the main binary; `paths` are files it packs besides those its metadata's assets name. */
  package = (kind: PackageKind, paths: readonly string[]): Node<File> => {
    const main = this.workspace.mainPackage;
    return this.declare(
      `package:${kind}`,
      { cell: this.cell, kind, pkg: main.name, pkgDir: main.dir, assets: this.sourceFiles([...new Set([...paths, ...packagingAssetPaths(main, kind)])]) },
      { buildBins: this.buildBins(), tool: this.tool(kind === "deb" ? "cargo-deb" : "cargo-generate-rpm") },
      packageLayer,
    );
  };
}
