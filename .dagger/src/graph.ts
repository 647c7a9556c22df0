/**
 * The graph of one cell, as one table: each layer below is declared once, with its kind, the
 * inputs it keys on, the layers it is built from and how it is made. Declaring a layer records
 * its edges, so what runs and what `plan` shows are the same walk: a graph in a dry run
 * (`dryRun`) makes the same nodes and builds none of them. Leaves (leaves/) are nodes of the
 * same kind, declared with `leaf` on the layers they read; nothing here imports a leaf.
 *
 * A layer is made at most once per graph; the engine shares identical layers across cells and
 * functions by content. A node's id hashes its layer, its inputs and its upstream ids, so two
 * cells that would build the same layer name the same node.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type { Container, Directory, File } from "@dagger.io/dagger";
import type { Settings } from "./config/axes.js";
import type { Cell } from "./config/cell.js";
import type { ImageSettings, ReleaseInfo } from "./config/release-config.js";
import { EMBEDDED_SOURCE } from "./defaults.js";
import { buildLayer, rustSource, rustSourcePaths } from "./layers/build.js";
import { cargoCaches, cellEnvLayer } from "./layers/cargo.js";
import { complementTesteeLayer, complementTesterLayer, type ComplementSettings } from "./layers/complement.js";
import { depsLayer } from "./layers/deps.js";
import { imageLayer, ociLabels } from "./layers/image.js";
import { installedPath, installLayer, runtimeLayer, type RuntimeVariant } from "./layers/install.js";
import { kitchenLayer } from "./layers/kitchen.js";
import { packageLayer } from "./layers/package.js";
import { recipeLayer, skeletonInput } from "./layers/recipe.js";
import { rocksdbLayer } from "./layers/rocksdb.js";
import { cargoToolLayer, rustLayer, toolsToolchainLayer, withTools, type CargoTool, type ToolchainInputs } from "./layers/rust.js";
import { buildStage, STAGE_FILES } from "./layers/stages.js";
import { systemArgs, systemLayer, type SystemInputs } from "./layers/system.js";
import type { PackageKind, Workspace } from "./workspace/manifest.js";
import { packagingAssetPaths } from "./workspace/packaging.js";

/** The kinds of layer, in chain order: what `plan` counts distinct nodes of. */
export const LAYER_KINDS = ["system", "toolchain", "rocksdb", "recipe", "deps-meta", "deps-code", "build", "runtime", "image", "package", "complement"] as const;
/** A kind of layer. */
export type LayerKind = (typeof LAYER_KINDS)[number];

/** Every layer of the graph and its kind, in chain order: the methods of Graph below declare them. */
export const LAYERS = {
  system: "system",
  base: "system",
  toolsToolchain: "toolchain",
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
  runtime: "runtime",
  install: "runtime",
  image: "image",
  package: "package",
  complementTester: "complement",
  complementTestee: "complement",
} as const satisfies Record<string, LayerKind>;
/** A layer of the graph. */
export type Layer = keyof typeof LAYERS;

/**
 * The layers a caller can ask for by name (each is a function of the module, `tool` with its
 * crate), in chain order.
 */
export const LAYER_FUNCTIONS = ["system", "tool", "tools", "rust", "rocksdb", "kitchen", "cellEnv", "recipe", "depsMeta", "depsCode", "build", "buildTests", "buildBins"] as const satisfies readonly Layer[];
/** The name of a layer function. */
export type LayerName = (typeof LAYER_FUNCTIONS)[number];

/** The value a node (or its absence) stands for. */
type ValueOf<N> = N extends Node<infer T> ? T : undefined;
/** The values of upstream nodes, by name. */
type Values<F> = { [K in keyof F]: ValueOf<F[K]> };

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
    readonly kind: LayerKind | undefined,
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

/** A JSON text of a value with its object keys sorted: what a node's id hashes. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** The nodes of `from`, in order. */
function upstreamOf(from: Record<string, Node<unknown> | undefined>): Node<unknown>[] {
  return Object.values(from).filter((n): n is Node<unknown> => n !== undefined);
}

/** A node's value: `make` of the values of its upstream nodes. */
async function made<F extends Record<string, Node<unknown> | undefined>, T>(from: F, make: (deps: Values<F>) => T | Promise<T>): Promise<T> {
  const entries = await Promise.all(Object.entries(from).map(async ([k, n]) => [k, n ? await n.value() : undefined] as const));
  return make(Object.fromEntries(entries) as Values<F>);
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
  get workspace(): Workspace {
    return this.i.workspace;
  }
  get settings(): Settings {
    return this.i.settings;
  }

  /**
   * Declare a layer: its id from its name, inputs and upstream nodes; made once from the values of
   * `from`. `stage` is the stage its Dockerfile builds FROM: an upstream node of the plan whose
   * value the make does not take (the stage build composes it from the stage library itself).
   */
  private node<F extends Record<string, Node<unknown> | undefined>, T>(
    layer: Layer | `${Layer}:${string}`,
    inputs: Record<string, unknown>,
    from: F,
    make: (deps: Values<F>) => T | Promise<T>,
    stage?: Node<Container>,
  ): Node<T> {
    const upstream = [...(stage ? [stage] : []), ...upstreamOf(from)];
    const id = `${layer.split(":")[0]}-${createHash("sha256").update(stable({ layer, inputs, from: upstream.map((n) => n.id) })).digest("hex").slice(0, 12)}`;
    const known = this.nodes.get(id);
    if (known) return known as Node<T>;
    const n = new Node<T>(id, layer, LAYERS[layer.split(":")[0] as Layer], inputs, upstream, () => made(from, make), this.dry);
    this.nodes.set(id, n);
    return n;
  }

  /** Declare a leaf: a node of no kind, on the layers it reads (a leaf is not shared, so not kept). */
  leaf<F extends Record<string, Node<unknown> | undefined>, T>(name: string, from: F, make: (deps: Values<F>) => T | Promise<T>): Node<T> {
    return new Node<T>(name, name, undefined, {}, upstreamOf(from), () => made(from, make), this.dry);
  }

  /** A node that only fails (in a dry run: one that reads no layer). */
  refusal = (name: string, message: string): Node<never> => this.leaf(name, {}, () => Promise.reject(new Error(message)));

  // ------------------------------------------------------------------ the system

  private get sys(): SystemInputs {
    const { stages, cell, settings } = this.i;
    return { stages, sys: cell.sys, basePackages: settings.basePackages, buildPackages: settings.buildPackages };
  }

  private get sysKey(): { sys: string; triple: string } {
    return { sys: `${this.cell.sys.name}:${this.cell.sys.version}`, triple: this.cell.sys.target.triple };
  }

  /** The system inputs and where rustup downloads from: what every toolchain stage is made from. */
  private get toolchainInputs(): ToolchainInputs {
    return { ...this.sys, rustupMirror: this.settings.rustupMirror };
  }

  private get mirrorKey(): Record<string, string> {
    return this.settings.rustupMirror ? { rustupMirror: this.settings.rustupMirror } : {};
  }

  system = (): Node<Container> =>
    this.node("system", { ...this.sysKey, basePackages: this.settings.basePackages, buildPackages: this.settings.buildPackages }, {}, () => systemLayer(this.sys));

  /** The OS image with its base packages only: the clean system a .deb is installed in, and the runtime stages' base. */
  base = (): Node<Container> =>
    this.node("base", { ...this.sysKey, basePackages: this.settings.basePackages }, {}, () =>
      buildStage({ stages: this.i.stages, files: [STAGE_FILES.system], target: "system", args: systemArgs(this.sys), platform: this.cell.sys.target.platform }),
    );

  // ------------------------------------------------------------------ toolchains and tools

  toolsToolchain = (): Node<Container> => this.node("toolsToolchain", this.mirrorKey, {}, () => toolsToolchainLayer(this.toolchainInputs), this.system());

  tool = (t: CargoTool): Node<Directory> => this.node(`tool:${t}`, { tool: t }, { toolchain: this.toolsToolchain() }, () => cargoToolLayer(this.toolchainInputs, t));

  tools = (): Node<Container> =>
    this.node("tools", {}, { toolchain: this.toolsToolchain(), chef: this.tool("cargo-chef") }, ({ toolchain, chef }) => withTools(toolchain, [chef]));

  rust = (): Node<Container> =>
    this.node(
      "rust",
      { toolchain: this.cell.toolchain, rustTarget: this.cell.rustTarget, ...this.mirrorKey },
      { chef: this.tool("cargo-chef") },
      async ({ chef }) => withTools(await rustLayer({ ...this.toolchainInputs, toolchain: this.cell.toolchain, rustTarget: this.cell.rustTarget }), [chef]),
      this.system(),
    );

  // ------------------------------------------------------------------ RocksDB and the cell's environment

  /** RocksDB, when Cargo.lock pins it (undefined otherwise). */
  rocksdb = (): Node<Directory> | undefined => {
    const pin = this.workspace.rocksdb;
    if (!pin) return undefined;
    const cpu = { target: this.cell.sys.target, native: this.cell.cargoProfile === "release-native" };
    return this.node("rocksdb", { pin, cpu: cpu.target, native: cpu.native, with: this.settings.rocksdbWith }, {}, () =>
      rocksdbLayer({ ...this.sys, pin, cpu, with: this.settings.rocksdbWith }),
      this.system(),
    );
  };

  kitchen = (): Node<Container> =>
    this.node(
      "kitchen",
      { sysTarget: this.cell.sys.target, jemalloc: this.settings.buildPackages.includes("libjemalloc-dev") },
      { rust: this.rust(), rocksdb: this.rocksdb() },
      ({ rust, rocksdb }) => kitchenLayer({ rust, rocksdb, sys: this.cell.sys.target, jemalloc: this.settings.buildPackages.includes("libjemalloc-dev") }),
    );

  cellEnv = (): Node<Container> =>
    this.node("cellEnv", { rustflags: this.cell.rustflags.flags, profileEnv: this.cell.profileEnv }, { kitchen: this.kitchen() }, ({ kitchen }) =>
      cellEnvLayer({ kitchen, cell: this.cell, caches: cargoCaches() }),
    );

  // ------------------------------------------------------------------ the recipe, the dependency passes and the builds

  recipe = (): Node<File> =>
    this.node("recipe", { manifests: this.workspace.manifests, targetRoots: this.workspace.targetRoots }, { tools: this.tools() }, ({ tools }) =>
      recipeLayer({ tools, skeleton: skeletonInput(this.source, this.workspace) }),
    );

  /** The key of a layer that depends on the whole cell (features, profile, target, flags). */
  private get cellKey(): { cell: string } {
    return { cell: this.cell.name };
  }

  depsMeta = (): Node<Container> =>
    this.node("depsMeta", this.cellKey, { cellEnv: this.cellEnv(), recipe: this.recipe() }, ({ cellEnv, recipe }) => depsLayer({ cellEnv, recipe, cell: this.cell, pass: "meta" }));

  depsCode = (): Node<Container> =>
    this.node("depsCode", this.cellKey, { cellEnv: this.cellEnv(), recipe: this.recipe() }, ({ cellEnv, recipe }) => depsLayer({ cellEnv, recipe, cell: this.cell, pass: "code" }));

  /** The compile allowlist of the source. */
  rustSource = (): Directory => rustSource(this.source, this.workspace, this.settings.rustExtraPaths);

  /** Paths of the compile allowlist, for lints that read the same files without compiling. */
  rustSourcePaths = (): string[] => rustSourcePaths(this.workspace, this.settings.rustExtraPaths);

  build = (): Node<Container> => this.node("build", this.cellKey, { deps: this.depsCode() }, ({ deps }) => buildLayer({ deps, source: this.rustSource(), cell: this.cell, kind: "build" }));

  buildTests = (): Node<Container> =>
    this.node("buildTests", this.cellKey, { deps: this.depsCode() }, ({ deps }) => buildLayer({ deps, source: this.rustSource(), cell: this.cell, kind: "tests" }));

  buildBins = (): Node<Container> =>
    this.node("buildBins", this.cellKey, { deps: this.depsCode() }, ({ deps }) => buildLayer({ deps, source: this.rustSource(), cell: this.cell, kind: "bins" }));

  /** A layer function by name (`tool` takes its crate). */
  layer = (name: Exclude<LayerName, "tool">): Node<unknown> =>
    name === "rocksdb" ? (this.rocksdb() ?? this.refusal("rocksdb", "this workspace does not link rust-librocksdb-sys from git (no pin in Cargo.lock)")) : this[name]();

  // ------------------------------------------------------------------ the binary and its images

  private get rocksdbWith(): readonly string[] {
    return this.workspace.rocksdb ? this.settings.rocksdbWith : [];
  }

  runtime = (variant: RuntimeVariant): Node<Container> =>
    this.node(`runtime:${variant}`, { linkage: this.cell.rustflags.linkage, variant, rocksdbWith: this.rocksdbWith }, {}, () =>
      runtimeLayer({ ...this.sys, cell: this.cell, rocksdbWith: this.rocksdbWith, variant }),
      this.base(),
    );

  install = (variant: RuntimeVariant): Node<Container> =>
    this.node(`install:${variant}`, this.cellKey, { runtime: this.runtime(variant), buildBins: this.buildBins() }, ({ runtime, buildBins }) =>
      installLayer({ runtime, buildBins, cell: this.cell, binary: this.binary(), linkageScript: this.i.stages.file("lib/check-linkage.sh") }),
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

  /** What an image that serves the checked binary is made from besides its own settings (the service image, the testee). */
  private served(install: Container) {
    return { ...this.sys, cell: this.cell, rocksdbWith: this.rocksdbWith, binaryFile: Graph.binaryFile(install, this.binary()), binary: this.binary() };
  }

  image = (settings: ImageSettings, release: ReleaseInfo): Node<Container> =>
    this.node(
      "image",
      { ...this.cellKey, settings, release },
      { install: this.install("plain") },
      ({ install }) => {
        const revision = release.revision || (this.i.embedded ? EMBEDDED_SOURCE.commit : "");
        return imageLayer({
          ...this.served(install),
          settings,
          labels: ociLabels(this.binary(), this.workspace.mainPackage.metadata, { ...release, revision }),
        });
      },
      this.base(),
    );

  /** A package of the main binary; `paths` are files it packs besides those its metadata's assets name. */
  package = (kind: PackageKind, paths: readonly string[]): Node<File> =>
    this.node(`package:${kind}`, { ...this.cellKey, paths }, { buildBins: this.buildBins(), tool: this.tool(kind === "deb" ? "cargo-deb" : "cargo-generate-rpm") }, ({ buildBins, tool }) =>
      packageLayer({
        buildBins,
        tool,
        assets: this.source.filter({ include: [...new Set([...paths, ...packagingAssetPaths(this.workspace.mainPackage, kind)])] }),
        cell: this.cell,
        kind,
        pkg: this.workspace.mainPackage.name,
        pkgDir: this.workspace.mainPackage.dir,
      }),
    );

  // ------------------------------------------------------------------ Complement

  complementTester = (settings: ComplementSettings): Node<Container> =>
    this.node(
      "complementTester",
      { url: settings.url, commit: settings.commit, goVersion: settings.goVersion, tags: settings.tags, packages: settings.packages },
      {},
      () => complementTesterLayer({ ...this.sys, settings }),
      this.base(),
    );

  complementTestee = (inputs: Directory, settings: ComplementSettings, imageUser: string, valgrind: boolean): Node<Container> =>
    this.node(
      valgrind ? "complementTestee:valgrind" : "complementTestee",
      { ...this.cellKey, imageUser, serverArgs: settings.serverArgs, ...(valgrind ? { valgrindArgs: settings.valgrindArgs } : {}) },
      { install: this.install("plain") },
      async ({ install }) => {
        if (!(await inputs.exists("homeserver.toml"))) {
          throw new Error("the complement inputs lack homeserver.toml (the testee's configuration template); pass --inputs=<a directory like bakery's complement/>");
        }
        return complementTesteeLayer({ ...this.served(install), imageUser, inputs, settings, valgrind });
      },
      this.base(),
    );
}
