/**
 * The whole graph, one row per layer: what it is built from → what it produces. Every edge is
 * here, and every layer function takes its inputs as one explicit, typed object, so nothing is
 * inherited implicitly (the seed's bake targets pick up arguments from their ancestry and drop
 * some silently). A layer is built at most once per Graph; the engine shares identical layers
 * across cells and functions by content.
 *
 * | layer       | inputs                                                         | output    |
 * |-------------|----------------------------------------------------------------|-----------|
 * | system      | stage library, sys (name, version, target), package lists      | Container |
 * | tools       | system inputs, tool pins                                       | Container |
 * | rust        | system inputs, toolchain channel, rust_target, tool pins       | Container |
 * | rocksdb     | system inputs, Cargo.lock pin, CPU baseline, compiled-in libs  | Directory |
 * | kitchen     | rust, rocksdb, sys_target                                      | Container |
 * | recipe      | tools, manifests + lockfile + target-root paths                | File      |
 * | cellEnv     | kitchen, cell (rustflags, its profile's overrides), cargo caches | Container |
 * | depsMeta    | cellEnv, recipe, cell                                          | Container |
 * | depsCode    | cellEnv, recipe, cell                                          | Container |
 * | build       | depsCode, compile allowlist of the source, cell                | Container |
 * | buildTests  | depsCode, compile allowlist of the source, cell                | Container |
 * | buildBins   | depsCode, compile allowlist of the source, cell                | Container |
 * | check       | depsMeta, compile allowlist of the source, cell  (leaf)        | Container |
 * | clippy      | depsMeta, compile allowlist, root clippy.toml, cell  (leaf)    | Container |
 * | unit        | buildTests, cell                                 (leaf)        | Container |
 */
import type { Container, Directory, File } from "@dagger.io/dagger";
import type { Settings } from "./config/axes.js";
import type { Cell } from "./config/cell.js";
import type { Workspace } from "./workspace/manifest.js";
import { systemLayer, type SystemInputs } from "./layers/system.js";
import { rustLayer, toolsLayer } from "./layers/rust.js";
import { rocksdbLayer } from "./layers/rocksdb.js";
import { kitchenLayer } from "./layers/kitchen.js";
import { recipeLayer, skeletonInput } from "./layers/recipe.js";
import { cargoCaches, cellEnvLayer } from "./layers/cargo.js";
import { depsLayer } from "./layers/deps.js";
import { buildLayer, rustSource } from "./layers/build.js";
import { checkLeaf, clippyLeaf, CLIPPY_CONFIG } from "./leaves/lints.js";
import { unitLeaf } from "./leaves/tests.js";

/**
 * The layers a caller can ask for (each is a function of the module), in chain order, and how
 * the plan groups them when it counts vertices.
 */
export const LAYER_KINDS = {
  system: "system",
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
}

/** One cell's graph: each method builds its layer once from explicit inputs. */
export class Graph {
  private readonly memo = new Map<string, unknown>();
  constructor(private readonly i: GraphInputs) {}

  private once<T>(name: string, make: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, make());
    return this.memo.get(name) as T;
  }

  private get sys(): SystemInputs {
    const { library, cell, settings } = this.i;
    return { library, sys: cell.sys, basePackages: settings.basePackages, buildPackages: settings.buildPackages };
  }

  system = (): Promise<Container> => this.once("system", () => systemLayer(this.sys));

  tools = (): Promise<Container> => this.once("tools", () => toolsLayer(this.sys));

  rust = (): Promise<Container> =>
    this.once("rust", () => rustLayer({ ...this.sys, toolchain: this.i.cell.toolchain, rustTarget: this.i.cell.rustTarget }));

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

  recipe = (): Promise<File> =>
    this.once("recipe", async () => recipeLayer({ tools: await this.tools(), skeleton: skeletonInput(this.i.source, this.i.workspace) }));

  cellEnv = (): Promise<Container> =>
    this.once("cellEnv", async () =>
      cellEnvLayer({ kitchen: await this.kitchen(), cell: this.i.cell, caches: cargoCaches() }),
    );

  depsMeta = (): Promise<Container> =>
    this.once("depsMeta", async () => depsLayer({ cellEnv: await this.cellEnv(), recipe: await this.recipe(), cell: this.i.cell, pass: "meta" }));

  depsCode = (): Promise<Container> =>
    this.once("depsCode", async () => depsLayer({ cellEnv: await this.cellEnv(), recipe: await this.recipe(), cell: this.i.cell, pass: "code" }));

  /** The compile allowlist of the source. */
  rustSource = (): Directory =>
    this.once("rustSource", () => rustSource(this.i.source, this.i.workspace, this.i.settings.rustExtraPaths));

  build = async (): Promise<Container> => buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "build" });

  buildTests = (): Promise<Container> =>
    this.once("buildTests", async () => buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "tests" }));

  buildBins = async (): Promise<Container> =>
    buildLayer({ deps: await this.depsCode(), source: this.rustSource(), cell: this.i.cell, kind: "bins" });

  check = async (): Promise<Container> => checkLeaf({ depsMeta: await this.depsMeta(), source: this.rustSource(), cell: this.i.cell });

  clippy = async (): Promise<Container> =>
    clippyLeaf({
      depsMeta: await this.depsMeta(),
      source: this.rustSource(),
      config: this.i.source.filter({ include: CLIPPY_CONFIG }),
      cell: this.i.cell,
    });

  unit = async (): Promise<Container> => unitLeaf({ buildTests: await this.buildTests(), cell: this.i.cell });
}
